#!/usr/bin/python3
"""IMAP benchmark: Estafette's imapd beside Debian's Dovecot, same data,
same load generator (tests/bench/mailbench, a C process per client; the
idle-connection count is held by this script, which only waits).

Workloads:
  1. a 100,000-message maildir (BENCH_BIG): LOGIN, SELECT INBOX,
     FETCH 1:* (UID FLAGS RFC822.SIZE), LOGOUT — the first open (each
     server builds its UID list and index) and again (unchanged mailbox);
     seconds, lower is better.
  2. a mixed workload: 20 clients on 20 users (200 messages each) doing
     LOGIN SELECT FETCH FETCH STORE APPEND STORE EXPUNGE LOGOUT for
     BENCH_SECONDS; commands/s.
  3. memory per idle logged-in connection: 500 connections (BENCH_IDLE)
     in IDLE on a selected INBOX; proportional set size (PSS) of all the
     server's processes, minus the server's own with no client, per
     connection.

Both servers check the same {SSHA512} password hashes. Dovecot runs with
its defaults except for raised connection limits (it refuses more than 10
connections per user and IP, and 100 processes per service, by default).

    make bench BENCH=imap      (as root)
    BENCH_BIG=100000 BENCH_SECONDS=10 BENCH_IDLE=500 tests/bench/bench_imap.py
"""

import os
import shutil
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib as b  # noqa: E402

BIG = int(os.environ.get("BENCH_BIG", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
IDLE = int(os.environ.get("BENCH_IDLE", "500"))
USERS = 20
MIXED_MESSAGES = 200
PASSWORD = "bench"
DOVECOT_LIMITS = """default_process_limit = 2000
default_client_limit = 8000
mail_max_userip_connections = 2000
"""


def make_big(root, user, count, uid, gid, store):
    """user's maildir with count small messages (hard links into store,
    which one call fills and the next reuses)."""
    md = os.path.join(root, user, "Maildir")
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(md, sub))
    if not os.path.isdir(store):
        os.makedirs(store)
        for i in range(count):
            data = ("From: Sender %d <s%d@example.org>\nTo: big@example.net\n"
                    "Subject: big mailbox message %d\n"
                    "Date: Mon, 23 Nov 2026 10:00:00 +0000\n"
                    "Message-ID: <%d.big@example.org>\n\n"
                    "Body of message %d.\n" % (i % 97, i % 97, i, i, i))
            name = "%d.M%dP4242.big,S=%d" % (1795000000 + i, i, len(data))
            with open(os.path.join(store, name), "w") as f:
                f.write(data)
    for name in os.listdir(store):
        os.link(os.path.join(store, name), os.path.join(md, "cur",
                                                        name + ":2,"))
    for dirpath, _, filenames in os.walk(os.path.join(root, user)):
        os.chown(dirpath, uid, gid)
        for fn in filenames:
            os.chown(os.path.join(dirpath, fn), uid, gid)


def start_estafette(root, users, uid, gid, port):
    """authdaemond (userdb) and imapd on a private configuration."""
    authd, var = b.start_authdaemond(
        root, users, uid, gid,
        lambda u: "systempw=" + b.ssha512(PASSWORD))
    conf = os.path.join(root, "imapconf")
    empty = os.path.join(root, "empty")
    os.makedirs(conf)
    os.makedirs(empty)
    with open(os.path.join(conf, "imapd"), "w") as f:
        f.write('PORT=127.0.0.1.%d\nMAXDAEMONS=2000\nMAXPERIP=2000\n'
                'LOGIN_USER=nobody\nLOGIN_CHROOT=%s\nAUTHDAEMONVAR=%s\n'
                'PIDFILE=%s/imapd.pid\nIMAPDSTARTTLS=NO\n'
                % (port, empty, var, root))
    open(os.path.join(conf, "imapd-ssl"), "w").close()
    log = open(os.path.join(root, "imapd.log"), "wb")
    imapd = b.Server("imapd", [b.build_path("imap", "imapd"), "--foreground",
                               "--config-dir", conf], [port],
                     stdout=log, stderr=log)
    return authd, imapd


def session_pss_kb(server):
    """Sum of the PSS (KB) of every process in the server's session."""
    total = 0
    sid = os.getsid(server.proc.pid)
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[3]) != sid:
                continue
            with open("/proc/%s/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total


def idle_clients(port, count, users):
    """count connections logged in, INBOX selected, in IDLE. Returns the
    sockets (the caller closes them) or raises."""
    socks = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), 10)
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"a LOGIN bench%d %s\r\nb SELECT INBOX\r\nc IDLE\r\n"
                  % (i % users, PASSWORD.encode()))
        while True:
            line = f.readline()
            if not line:
                raise RuntimeError("connection %d closed" % i)
            if line.startswith(b"+"):
                break
            if line[:2] in (b"a ", b"b ") and b" OK" not in line[:6]:
                raise RuntimeError("connection %d: %r" % (i, line))
        socks.append((s, f))
    return socks


def run_workloads(name, port, server):
    big_first = b.mailbench("imap-fetch", port, clients=1, users=1,
                            rounds=1, prefix="big")
    big_again = b.mailbench("imap-fetch", port, clients=1, users=1,
                            rounds=1, prefix="big")
    b.mailbench("imap-mixed", port, clients=USERS, users=USERS, seconds=1)
    cpu0 = server.cpu_seconds()
    mixed = b.mailbench("imap-mixed", port, clients=USERS, users=USERS,
                        seconds=SECONDS)
    cpu = server.cpu_seconds() - cpu0
    for r in (big_first, big_again, mixed):
        if r["errors"] != "0":
            print("%s: %s errors in %s" % (name, r["errors"], r["mode"]))
    print("%s: mixed workload: server CPU %.1f s, load generator CPU %.1f s "
          "in %.1f s" % (name, cpu, float(mixed["client_cpu_s"]),
                         float(mixed["seconds"])))
    time.sleep(1)
    base = session_pss_kb(server)
    socks = idle_clients(port, IDLE, USERS)
    time.sleep(2)
    loaded = session_pss_kb(server)
    for s, f in socks:
        try:
            s.sendall(b"DONE\r\nz LOGOUT\r\n")
        except OSError:
            pass
        f.close()
        s.close()
    idle = {"kb_per_conn": "%.1f" % ((loaded - base) / IDLE)}
    print("%s: %d idle connections: PSS %d KB -> %d KB" % (name, IDLE, base,
                                                           loaded))
    return big_first, big_again, mixed, idle


def main():
    if os.geteuid() != 0:
        print("run as root")
        return 1
    uid, gid = b.ensure_user()
    root = b.tempdir()
    users = ["bench%d" % i for i in range(USERS)]
    servers = []
    try:
        store = os.path.join(root, "bigstore")
        for side in ("ours", "dove"):
            b.make_maildirs(os.path.join(root, side), users, MIXED_MESSAGES,
                            uid, gid)
            make_big(os.path.join(root, side), "big0", BIG, uid, gid, store)
        ours_port, dove_port = b.free_port(), b.free_port()
        authd, imapd = start_estafette(root, users + ["big0"], uid, gid,
                                       ours_port)
        servers += [authd, imapd]
        ours = run_workloads("estafette", ours_port, imapd)
        imapd.stop()
        authd.stop()
        dove = b.start_dovecot(os.path.join(root, "dove"), users + ["big0"],
                               PASSWORD, imap_port=dove_port,
                               hash_fn=b.ssha512, extra=DOVECOT_LIMITS)
        servers.append(dove)
        theirs = run_workloads("dovecot", dove_port, dove)
        dove.stop()
        print()
        print("IMAP (%d CPUs)" % os.cpu_count())
        for i, label in ((0, "first open"), (1, "again")):
            # Lower is better: show time, and the ratio as speed-up.
            a, d = float(ours[i]["seconds"]), float(theirs[i]["seconds"])
            print("%-44s estafette %10.3f s  dovecot %10.3f s  ratio %.2fx"
                  % ("SELECT+FETCH %d msgs, %s" % (BIG, label), a, d,
                     d / a if a else 0))
        b.report("mixed workload, %d clients, commands/s" % USERS, ours[2],
                 theirs[2], "ops_per_s", "cmd/s")
        a, d = float(ours[3]["kb_per_conn"]), float(theirs[3]["kb_per_conn"])
        print("%-44s estafette %10.1f KB  dovecot %10.1f KB  ratio %.2fx"
              % ("memory per idle connection (%d)" % IDLE, a, d,
                 d / a if a > 0 else 0))
        print("(ratios above 1 mean Estafette is better)")
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
