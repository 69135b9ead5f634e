#!/usr/bin/python3
"""POP3 benchmark: Estafette's pop3d beside Debian's Dovecot, same data,
same load generator (tests/bench/mailbench, a C process per client).

Workloads (after one warm-up round that lets each server do its first-login
work: new/ -> cur/, UID lists, indexes):
  1. one user downloading 1,000 messages of mixed size (RETR, pipelined)
  2. 20 users at once, each downloading its 1,000 messages
  3. login rate: 8 clients doing USER/PASS/QUIT for a fixed time

Both servers check the same {SSHA512} password hashes (a cheap hash, so
that the login figure measures the servers, not the hash). Dovecot runs
with its defaults (one login process per connection, as ours).

    make bench BENCH=pop3      (as root)
    BENCH_SECONDS=10 BENCH_MESSAGES=1000 tests/bench/bench_pop3.py
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as b  # noqa: E402

USERS = 20
MESSAGES = int(os.environ.get("BENCH_MESSAGES", "1000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
PASSWORD = "bench"


def start_estafette(root, users, uid, gid, port):
    """authdaemond (userdb) and pop3d on a private configuration."""
    authd, var = b.start_authdaemond(
        root, users, uid, gid,
        lambda u: "systempw=" + b.ssha512(PASSWORD))
    conf = os.path.join(root, "pop3conf")
    empty = os.path.join(root, "empty")
    os.makedirs(conf)
    os.makedirs(empty)
    with open(os.path.join(conf, "pop3d"), "w") as f:
        f.write('PORT=127.0.0.1.%d\nMAXDAEMONS=200\nMAXPERIP=200\n'
                'LOGIN_USER=nobody\nLOGIN_CHROOT=%s\nAUTHDAEMONVAR=%s\n'
                'PIDFILE=%s/pop3d.pid\n' % (port, empty, var, root))
    open(os.path.join(conf, "pop3d-ssl"), "w").close()
    log = open(os.path.join(root, "pop3d.log"), "wb")
    pop3d = b.Server("pop3d", [b.build_path("pop3", "pop3d"), "--foreground",
                               "--config-dir", conf], [port],
                     stdout=log, stderr=log)
    return authd, pop3d


def run_workloads(name, port, server):
    b.mailbench("pop3-retr", port, clients=USERS, users=USERS, rounds=1)
    cpu0 = server.cpu_seconds()
    one = b.mailbench("pop3-retr", port, clients=1, users=1, rounds=3)
    many = b.mailbench("pop3-retr", port, clients=USERS, users=USERS,
                       rounds=1)
    login = b.mailbench("pop3-login", port, clients=8, users=USERS,
                        seconds=SECONDS)
    cpu = server.cpu_seconds() - cpu0
    for r in (one, many, login):
        if r["errors"] != "0":
            print("%s: %s errors in %s" % (name, r["errors"], r["mode"]))
    print("%s: server CPU %.1f s over the three runs; load generator CPU "
          "%.1f s" % (name, cpu, sum(float(r["client_cpu_s"])
                                      for r in (one, many, login))))
    return one, many, login


def main():
    if os.geteuid() != 0:
        print("run as root")
        return 1
    uid, gid = b.ensure_user()
    root = b.tempdir()
    users = ["bench%d" % i for i in range(USERS)]
    servers = []
    try:
        b.make_maildirs(os.path.join(root, "ours"), users, MESSAGES, uid,
                        gid)
        b.make_maildirs(os.path.join(root, "dove"), users, MESSAGES, uid,
                        gid)
        ours_port, dove_port = b.free_port(), b.free_port()
        authd, pop3d = start_estafette(root, users, uid, gid, ours_port)
        servers += [authd, pop3d]
        ours = run_workloads("estafette", ours_port, pop3d)
        pop3d.stop()
        authd.stop()
        dove = b.start_dovecot(os.path.join(root, "dove"), users, PASSWORD,
                               pop3_port=dove_port, hash_fn=b.ssha512)
        servers.append(dove)
        theirs = run_workloads("dovecot", dove_port, dove)
        dove.stop()
        print()
        print("POP3, %d messages per user (%d CPUs)" % (MESSAGES,
                                                          os.cpu_count()))
        b.report("1 user RETR all, messages/s", ours[0], theirs[0],
                 "ops_per_s", "msg/s")
        b.report("1 user RETR all, MB/s", ours[0], theirs[0], "mb_per_s",
                 "MB/s")
        b.report("%d users RETR all, messages/s" % USERS, ours[1], theirs[1],
                 "ops_per_s", "msg/s")
        b.report("%d users RETR all, MB/s" % USERS, ours[1], theirs[1],
                 "mb_per_s", "MB/s")
        b.report("logins/s (8 clients)", ours[2], theirs[2], "ops_per_s",
                 "login/s")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


sys.exit(main())
