#!/usr/bin/python3
"""Benchmark: authentications per second through the authdaemond socket,
for the authuserdb and authsqlite backends with a cheap hash ({SSHA}) and
an expensive one (yescrypt), side by side with Courier's authdaemond from
Debian (_deps/courier, run in a private mount namespace as in
tests/integration/test_auth_courier.py) where it can run.

    tests/bench/bench_auth.py [SECONDS] [CLIENTS]   (as root; or make bench BENCH=auth)

Each client process sends AUTH login requests in a loop, one connection
per request as Courier's clients do; both daemons run 4 workers."""

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import taplib  # noqa: E402
from test_auth_courier import ns_command, C_DAEMON, can_run  # noqa: E402
from test_auth_support import AuthDaemon, AUTHLIB, auth_login, request, run

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
USERS = 50


def client(sock, deadline, q):
    n = bad = 0
    i = os.getpid()
    while time.monotonic() < deadline:
        user = b"u%d@example.test" % (i % USERS)
        r = request(sock, auth_login(user, b"pw%d" % (i % USERS)))
        if r.startswith(b"UID="):
            n += 1
        else:
            bad += 1
        i += 1
    q.put((n, bad))


def measure(sock):
    q = multiprocessing.Queue()
    deadline = time.monotonic() + SECONDS
    procs = [multiprocessing.Process(target=client, args=(sock, deadline, q))
             for _ in range(CLIENTS)]
    for p in procs:
        p.start()
    res = [q.get() for _ in procs]
    for p in procs:
        p.join()
    ok = sum(r[0] for r in res)
    bad = sum(r[1] for r in res)
    return ok / SECONDS, bad


def hashes(scheme):
    out = []
    for i in range(USERS):
        out.append(run([AUTHLIB("authpasswd"), scheme],
                       stdin=b"pw%d\n" % i).stdout.strip().decode())
    return out


def userdb_text(hs):
    return "".join("u%d@example.test\tuid=1000|gid=1000|home=/home/u%d|"
                   "systempw=%s\n" % (i, i, h) for i, h in enumerate(hs))


def make_sqlite(path, hs):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE passwd (id TEXT PRIMARY KEY, crypt TEXT, "
               "uid INT, gid INT, home TEXT, name TEXT)")
    for i, h in enumerate(hs):
        db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?)",
                   ("u%d@example.test" % i, h, 1000, 1000, "/home/u%d" % i,
                    ""))
    db.commit()
    db.close()


SQLITERC = ("SQLITE_DATABASE\t%s\nSQLITE_USER_TABLE\tpasswd\n"
            "SQLITE_CRYPT_PWFIELD\tcrypt\nSQLITE_UID_FIELD\tuid\n"
            "SQLITE_GID_FIELD\tgid\nSQLITE_LOGIN_FIELD\tid\n"
            "SQLITE_HOME_FIELD\thome\nSQLITE_NAME_FIELD\tname\n")


def ours(t, work, module, hs):
    d = AuthDaemon(t, work, modules=module, daemons=4)
    d.write_rc(module, 4, "DEBUG_LOGIN=0\nauthsqliterc=%s/sqliterc\n" % work)
    with open(d.userdb, "w") as f:
        f.write(userdb_text(hs))
    d.makeuserdb()
    make_sqlite(os.path.join(work, "users.db"), hs)
    with open(os.path.join(work, "sqliterc"), "w") as f:
        f.write(SQLITERC % os.path.join(work, "users.db"))
    if not d.start():
        raise RuntimeError(d.read_log())
    rate = measure(d.socket)
    d.stop()
    return rate


def courier(t, work, module, hs):
    etc = os.path.join(work, "etc")
    rundir = os.path.join(work, "run")
    os.makedirs(etc)
    os.makedirs(rundir)
    with open(os.path.join(etc, "authdaemonrc"), "w") as f:
        f.write('authmodulelist="%s"\ndaemons=4\n'
                'authdaemonvar=/run/courier/authdaemon\n' % module)
    with open(os.path.join(etc, "userdb"), "w") as f:
        f.write(userdb_text(hs))
    os.chmod(os.path.join(etc, "userdb"), 0o600)
    run([AUTHLIB("makeuserdb"), "-f", os.path.join(etc, "userdb")])
    make_sqlite(os.path.join(work, "users.db"), hs)
    # Courier insists on its own file (a version marker line): take the
    # shipped one, which has our column names, and point it at the file.
    shipped = os.path.join(taplib.SRCDIR, "_deps", "courier", "etc",
                           "courier", "authsqliterc")
    with open(shipped) as f:
        text = f.read()
    text = text.replace("/var/lib/courier/users.db",
                        os.path.join(work, "users.db"))
    with open(os.path.join(etc, "authsqliterc"), "w") as f:
        f.write(text)
    p = t.spawn(ns_command(work, etc, rundir, [C_DAEMON]),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sock = os.path.join(rundir, "socket")
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    rate = measure(sock)
    os.killpg(p.pid, 15)
    p.wait()
    return rate


def main():
    t = taplib.Tap()
    why = can_run()
    print("authdaemond benchmark: %d clients, %.0f s per run, %d users"
          % (CLIENTS, SECONDS, USERS))
    print("%-12s %-8s %14s %14s %7s" % ("backend", "hash", "estafette/s",
                                        "courier/s", "ratio"))
    for scheme, label in (("ssha", "{SSHA}"), ("yescrypt", "yescrypt")):
        hs = hashes(scheme)
        for module in ("authuserdb", "authsqlite"):
            work = t.mkdtemp()
            e_rate, e_bad = ours(t, os.path.join(work, "e"), module, hs)
            c_rate, c_bad = (0.0, 0)
            if why is None:
                os.makedirs(os.path.join(work, "c"))
                c_rate, c_bad = courier(t, os.path.join(work, "c"), module,
                                        hs)
            ratio = "%.2f" % (e_rate / c_rate) if c_rate else "-"
            print("%-12s %-8s %14.0f %14s %7s%s" % (
                module, label, e_rate,
                "%.0f" % c_rate if why is None else "n/a", ratio,
                "  (failures: %d/%d)" % (e_bad, c_bad)
                if e_bad or c_bad else ""))
            shutil.rmtree(work, ignore_errors=True)
    if why:
        print("Courier not run: %s" % why)
    t.cleanup()


main()
