#!/usr/bin/python3
"""authpipe: Courier's external-program module, with a small Python
program as authProg: PRE, AUTH login, CRAM (from the program's clear
password), PASSWD, ENUMERATE; a program that crashes or hangs costs one
temporary failure and is restarted."""

import base64
import hmac
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap  # noqa: E402
from test_auth_support import (AuthDaemon, auth_login,  # noqa: E402
                               check_log_clean)

t = Tap()

PROG = r'''#!/usr/bin/python3
import sys, time
users = {"pipe@example.test": ["pipepw", "3001", "3002", "/home/pipe"]}
inp = sys.stdin.buffer
out = sys.stdout.buffer
def record(u):
    pw, uid, gid, home = users[u]
    return ("UID=%s\nGID=%s\nHOME=%s\nADDRESS=%s\nPASSWD2=%s\n.\n"
            % (uid, gid, home, u, pw)).encode()
while True:
    line = inp.readline()
    if not line:
        break
    if line.startswith(b"PRE "):
        _, mod, svc, user = line.decode().rstrip("\n").split(" ", 3)
        if user == "crash@example.test":
            sys.exit(3)
        if user == "hang@example.test":
            time.sleep(60)
        out.write(record(user) if user in users else b"FAIL\n")
    elif line.startswith(b"AUTH "):
        body = inp.read(int(line.split()[1])).decode()
        svc, kind, user, pw = body.split("\n")[:4]
        ok = user in users and users[user][0] == pw
        out.write(record(user) if ok else b"FAIL\n")
    elif line.startswith(b"PASSWD "):
        svc, user, old, new = line.decode()[7:].rstrip("\n").split("\t")
        if user in users and users[user][0] == old:
            users[user][0] = new
            out.write(b"OK\n")
        else:
            out.write(b"FAIL\n")
    elif line == b"ENUMERATE\n":
        for u, (pw, uid, gid, home) in sorted(users.items()):
            out.write(("%s\t%s\t%s\t%s\t\t\n" % (u, uid, gid, home))
                      .encode())
        out.write(b".\n")
    out.flush()
'''


def cram(d, user, secret):
    chal = b"<1.2@mx.example.test>"
    digest = hmac.new(secret, chal, "md5").hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = b"imap\ncram-md5\n" + data
    return d.req(b"AUTH %d\n" % len(body) + body)


def main():
    with t.tempdir() as workdir:
        prog = os.path.join(workdir, "authProg")
        with open(prog, "w") as f:
            f.write(PROG)
        os.chmod(prog, 0o755)
        d = AuthDaemon(t, os.path.join(workdir, "d"), modules="authpipe",
                       daemons=1, extra="authpipeprog=%s\n" % prog)
        if not t.ok(d.start(), "authdaemond with authpipe starts"):
            t.diag(d.read_log())
            t.done()
        rec = (b"UID=3001\nGID=3002\nHOME=/home/pipe\n"
               b"ADDRESS=pipe@example.test\nPASSWD2=%s\n.\n")
        t.eq(d.req(b"PRE . imap pipe@example.test\n"), rec % b"pipepw",
             "PRE through the program")
        t.eq(d.req(auth_login(b"pipe@example.test", b"pipepw")),
             rec % b"pipepw", "AUTH login through the program")
        t.eq(d.req(auth_login(b"pipe@example.test", b"x")), b"FAIL\n",
             "wrong password")
        t.eq(d.req(auth_login(b"who@example.test", b"x")), b"FAIL\n",
             "unknown user")
        t.ok(cram(d, b"pipe@example.test", b"pipepw").startswith(
            b"UID=3001"), "CRAM-MD5 with the program's clear password")
        t.eq(d.req(b"ENUMERATE\n"), b"# authpipe\n\npipe@example.test\t"
             b"3001\t3002\t/home/pipe\t\t\n.\n", "ENUMERATE")
        t.eq(d.req(b"PASSWD imap\tpipe@example.test\tpipepw\tnewpw\n"),
             b"OK\n", "PASSWD")
        t.eq(d.req(b"PRE . imap crash@example.test\n"), b"",
             "program crash: temporary failure")
        t.eq(d.req(auth_login(b"pipe@example.test", b"pipepw")),
             rec % b"pipepw", "program restarted (with its initial data)")
        t.eq(d.req(b"PRE . imap hang@example.test\n", timeout=30), b"",
             "hanging program: temporary failure after the timeout")
        t.ok(d.req(b"PRE . imap pipe@example.test\n").startswith(
            b"UID=3001"), "program restarted after hanging")
        check_log_clean(t, d)
        d.stop()
        # A request stuck longer than worker_timeout: the worker is
        # killed by its watchdog and replaced.
        w = AuthDaemon(t, os.path.join(workdir, "w"), modules="authpipe",
                       daemons=1, extra="authpipeprog=%s\nworker_timeout=2\n"
                       % prog)
        if t.ok(w.start(), "daemon with worker_timeout=2 starts"):
            start = time.monotonic()
            r = w.req(b"PRE . imap hang@example.test\n", timeout=30)
            took = time.monotonic() - start
            t.ok(r == b"" and 1.5 < took < 6,
                 "hung worker killed after worker_timeout (%.1fs)" % took)
            t.ok(w.req(b"PRE . imap pipe@example.test\n").startswith(
                b"UID=3001"), "replacement worker answers")
            t.ok("killed by signal 14" in w.read_log(),
                 "watchdog kill logged")
            w.stop()
    t.done()


main()
