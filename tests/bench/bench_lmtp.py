#!/usr/bin/python3
"""LMTP benchmark: Estafette's lmtpd beside Debian's Dovecot LMTP, the same
load generator (tests/bench/mailbench lmtp: a C process per client, each
transaction pipelined) delivering 4 KB messages into maildirs.

  1 client, and 10 clients at once, each delivering BENCH_MESSAGES
  messages (default 500) to its own mailbox.

Both servers fsync each message before answering 250 (Dovecot's default
fsync_mode; ours always). Run as root: make bench BENCH=lmtp
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as b  # noqa: E402

USERS = 10
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "500"))


def start_estafette(root, users, uid, gid, port):
    """authdaemond (userdb) and lmtpd on a private configuration."""
    authd, var = b.start_authdaemond(root, users, uid, gid)
    conf = os.path.join(root, "lmtpconf")
    empty = os.path.join(root, "empty")
    os.makedirs(conf)
    os.makedirs(empty)
    with open(os.path.join(conf, "lmtpd"), "w") as f:
        f.write("PORT=127.0.0.1.%d\nMAXDAEMONS=100\nMAXPERIP=100\n"
                "LOGIN_USER=nobody\nLOGIN_CHROOT=%s\nAUTHDAEMONVAR=%s\n"
                "ME=bench.test\nALIASES=%s/none.dat\nPIDFILE=%s/lmtpd.pid\n"
                % (port, empty, var, root, root))
    log = open(os.path.join(root, "lmtpd.log"), "wb")
    lmtpd = b.Server("lmtpd", [b.build_path("lmtp", "lmtpd"), "--foreground",
                               "--config-dir", conf], [port],
                     stdout=log, stderr=log)
    return authd, lmtpd


def count(root):
    return sum(len(os.listdir(os.path.join(root, u, "Maildir", "new")))
               for u in os.listdir(root) if u.startswith("bench"))


def run(name, port, server, tree):
    cpu0 = server.cpu_seconds()
    one = b.mailbench("lmtp", port, clients=1, users=1, rounds=MESSAGES)
    many = b.mailbench("lmtp", port, clients=USERS, users=USERS,
                       rounds=MESSAGES)
    cpu = server.cpu_seconds() - cpu0
    got = count(tree)
    want = MESSAGES * (USERS + 1)
    print("%s: %d of %d messages in new/, server CPU %.1f s, load "
          "generator CPU %.1f s" % (name, got, want, cpu,
                                    float(one["client_cpu_s"]) +
                                    float(many["client_cpu_s"])))
    return one, many


def main():
    if os.geteuid() != 0:
        print("run as root")
        return 1
    uid, gid = b.ensure_user()
    root = b.tempdir()
    users = ["bench%d" % i for i in range(USERS)]
    servers = []
    try:
        b.make_maildirs(os.path.join(root, "ours"), users, 0, uid, gid)
        b.make_maildirs(os.path.join(root, "dove"), users, 0, uid, gid)
        port, dport = b.free_port(), b.free_port()
        authd, lmtpd = start_estafette(root, users, uid, gid, port)
        servers += [authd, lmtpd]
        ours = run("estafette", port, lmtpd, os.path.join(root, "ours"))
        lmtpd.stop()
        authd.stop()
        dove = b.start_dovecot(os.path.join(root, "dove"), users, "bench",
                               lmtp_port=dport)
        servers.append(dove)
        theirs = run("dovecot", dport, dove, os.path.join(root, "dove"))
        dove.stop()
        print()
        print("LMTP, 4 KB messages, %d per client (%d CPUs)"
              % (MESSAGES, os.cpu_count()))
        b.report("1 client, messages/s", ours[0], theirs[0], "ops_per_s",
                 "msg/s")
        b.report("%d clients, messages/s" % USERS, ours[1], theirs[1],
                 "ops_per_s", "msg/s")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


sys.exit(main())
