#!/usr/bin/python3
"""authdaemond with the authuserdb backend: the socket protocol byte for
byte, PASSWD, ENUMERATE, limits, hostile input, concurrency, workers that
die, reload and stop; and the userdb tools that feed it."""

import os
import signal
import stat
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_log_clean, run)

t = Tap()

VUSER = b"vuser@example.test"
REPLY = (b"UID=1001\nGID=1001\nHOME=/home/ctest\n"
         b"ADDRESS=vuser@example.test\nMAILDIR=/home/ctest/Maildir\n"
         b"QUOTA=5000000S\nPASSWD=%s\n"
         b"OPTIONS=disablepop3=0,group=staff,disablewebmail=1\n")


def cram(d, kind, user, secret):
    import base64
    import hmac
    chal = b"<31337.1@mx.example.test>"
    digest = hmac.new(secret, chal, kind).hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = b"imap\ncram-" + kind.encode() + b"\n" + data
    return d.req(b"AUTH %d\n" % len(body) + body)


def setup_userdb(d):
    d.userdb_set("vuser@example.test", "uid=1001", "gid=1001",
                 "home=/home/ctest", "mail=/home/ctest/Maildir",
                 "quota=5000000S", "options=disablepop3=0,group=staff")
    d.set_password("vuser@example.test", b"vpass", scheme="-md5")
    d.set_password("vuser@example.test", b"imapsecret", field="imappw")
    d.userdb_set("other", "uid=1002", "gid=1003", "home=/home/other",
                 "gecos=Other Person")
    d.set_password("other", b"o'pass word|x")
    d.set_password("other", b"cramsecret", field="hmac-md5pw",
                   scheme="-hmac-md5")
    d.set_password("other", b"cramsecret", field="hmac-sha1pw",
                   scheme="-hmac-sha1")
    d.makeuserdb()


def test_files(d):
    st = os.stat(d.userdb + "shadow.dat")
    t.eq(stat.S_IMODE(st.st_mode), 0o600, "userdbshadow.dat is mode 0600")
    st = os.stat(d.var)
    t.eq(stat.S_IMODE(st.st_mode), 0o750, "socket directory is mode 0750")
    t.eq(stat.S_IMODE(os.stat(d.socket).st_mode), 0o777, "socket is 0777")
    with open(d.userdb) as f:
        text = f.read()
    t.ok(text.startswith("vuser@example.test\tuid=1001|gid=1001|"
                         "home=/home/ctest|mail=/home/ctest/Maildir|"
                         "quota=5000000S|options=disablepop3=0,group=staff"
                         "|systempw=$1$"), "userdb text file format", text)
    show = run([AUTHLIB("userdb"), "-show", "-f", d.userdb]).stdout
    t.eq(show, b"vuser@example.test\nother\n", "userdb -show lists")
    show = run([AUTHLIB("userdb"), "-show", "-f", d.userdb,
                "other"]).stdout
    t.ok(show.startswith(b"uid=1002\ngid=1003\nhome=/home/other\n"),
         "userdb -show addr lists fields", show)
    os.chmod(d.userdb, 0o644)
    p = run([AUTHLIB("makeuserdb"), "-f", d.userdb], check=False)
    t.ok(p.returncode != 0 and b"group or others" in p.stderr,
         "makeuserdb refuses a userdb readable by others", p.stderr)
    os.chmod(d.userdb, 0o600)


def get_hash(d, field="systempw", addr="vuser@example.test"):
    show = run([AUTHLIB("userdb"), "-show", "-f", d.userdb, addr]).stdout
    for line in show.decode().splitlines():
        if line.startswith(field + "="):
            return line[len(field) + 1:].encode()
    return b""


def test_protocol(d):
    md5 = get_hash(d)
    imap = get_hash(d, "imappw")
    t.eq(d.req(b"PRE . pop3 vuser@example.test\n"), REPLY % md5 + b".\n",
         "PRE reply, every field in Courier's order")
    t.eq(d.req(b"PRE . imap vuser@example.test\n"), REPLY % imap + b".\n",
         "PRE for imap carries imappw")
    t.eq(d.req(b"PRE authuserdb pop3 vuser@example.test\n"),
         REPLY % md5 + b".\n", "PRE with the module name")
    t.eq(d.req(b"PRE authpwd pop3 vuser@example.test\n"), b"FAIL\n",
         "PRE with a module not in the list")
    t.eq(d.req(b"TCPREMOTEIP=127.0.0.1\n" +
               auth_login(VUSER, b"vpass", "pop3")),
         REPLY.replace(b"OPTIONS", b"PASSWD2=vpass\nOPTIONS") % md5 +
         b".\n", "AUTH login reply with PASSWD2")
    t.eq(d.req(auth_login(VUSER, b"vpass", "imap")), b"FAIL\n",
         "imap uses imappw, not systempw")
    t.ok(d.req(auth_login(VUSER, b"imapsecret", "imap")).startswith(
        b"UID=1001\n"), "imap login with imappw")
    t.eq(d.req(auth_login(VUSER, b"badpass", "pop3")), b"FAIL\n",
         "wrong password")
    t.eq(d.req(auth_login(b"nobody@example.test", b"x")), b"FAIL\n",
         "unknown user")
    t.eq(d.req(b"PRE . imap nobody@example.test\n"), b"FAIL\n",
         "PRE unknown user")
    r = d.req(auth_login(b"other", b"o'pass word|x"))
    t.ok(r.startswith(b"UID=1002\nGID=1003\nHOME=/home/other\n"
                      b"ADDRESS=other\nNAME=Other Person\nPASSWD=$y$"),
         "password with quote, space and bar; NAME from gecos", r)
    body = b"pop3\nlogin\nvuser@example.test\nvpass"
    t.eq(d.req(b"AUTH %d\n" % len(body) + body),
         REPLY.replace(b"OPTIONS", b"PASSWD2=vpass\nOPTIONS") % md5 +
         b".\n", "AUTH login without the final newline")
    t.eq(d.req(b"AUTH 20\nimap\ncram-md5\nAAAA\nAAAA\n"), b"FAIL\n",
         "malformed CRAM data fails")
    for kind, want in (("md5", True), ("sha1", True), ("sha256", False)):
        r = cram(d, kind, b"other", b"cramsecret")
        t.ok(r.startswith(b"UID=1002\n") if want else r == b"FAIL\n",
             "CRAM-%s with userdb's hmac-%spw: %s" % (
                 kind.upper(), kind, "ok" if want else "no such field"), r)
        t.eq(cram(d, kind, b"other", b"cramsecreT"), b"FAIL\n",
             "CRAM-%s wrong secret" % kind.upper())
    t.eq(cram(d, "md5", VUSER, b"vpass"), b"FAIL\n",
         "CRAM-MD5 for an account without hmac-md5pw fails")
    t.eq(d.req(b"AUTH 14\nimap\nexternal\n\n"), b"FAIL\n",
         "unknown authtype fails")
    enum = d.req(b"ENUMERATE\n")
    t.eq(enum, b"# authuserdb\n\n"
         b"other\t1002\t1003\t/home/other\t\tdisablewebmail=1\n"
         b"vuser@example.test\t1001\t1001\t/home/ctest\t/home/ctest/Maildir"
         b"\tdisablepop3=0,group=staff,disablewebmail=1\n.\n"
         if enum.startswith(b"# authuserdb\n\nother") else
         b"# authuserdb\n\n"
         b"vuser@example.test\t1001\t1001\t/home/ctest\t/home/ctest/Maildir"
         b"\tdisablepop3=0,group=staff,disablewebmail=1\n"
         b"other\t1002\t1003\t/home/other\t\tdisablewebmail=1\n.\n",
         "ENUMERATE")


def test_passwd(d):
    t.eq(d.req(b"PASSWD pop3\tvuser@example.test\twrong\tnew1\n"),
         b"FAIL\n", "PASSWD with a wrong old password")
    t.eq(d.req(b"PASSWD pop3\tvuser@example.test\tvpass\tne\x01w\n"),
         b"FAIL\n", "PASSWD with a control character")
    t.eq(d.req(b"PASSWD pop3\tvuser@example.test\tvpass\n"), b"FAIL\n",
         "PASSWD with three fields")
    t.eq(d.req(b"PASSWD pop3\tvuser@example.test\tvpass\tnewpass\n"),
         b"OK\n", "PASSWD OK")
    t.ok(b"pop3pw=$y$" in open(d.userdb, "rb").read(),
         "PASSWD stored pop3pw in the userdb text file")
    t.ok(d.req(auth_login(VUSER, b"newpass", "pop3")).startswith(
        b"UID=1001"), "login with the new password")
    t.eq(d.req(auth_login(VUSER, b"vpass", "pop3")), b"FAIL\n",
         "old password no longer works")
    t.ok(d.req(auth_login(VUSER, b"imapsecret", "imap")).startswith(
        b"UID=1001"), "imap password unchanged")
    p = run([AUTHLIB("authtest"), "-S", d.socket, "-s", "pop3",
             "vuser@example.test", "newpass", "newer"], check=False)
    t.eq((p.returncode, p.stdout), (0, b"Password change succeeded.\n"),
         "authtest password change")


def test_bad_requests(d):
    good = b"PRE . pop3 vuser@example.test\n"
    cases = [
        (b"BOGUS\n", "unknown command"),
        (b"PRE . imap\n", "PRE without user"),
        (b"AUTH x\n", "AUTH with a bad length"),
        (b"AUTH 99999\n" + b"x" * 100, "AUTH over the size limit"),
        (b"PRE . imap " + b"x" * 9000 + b"\n", "9000-byte line"),
        (b"X=1\n" * 17 + b"ENUMERATE\n", "17 meta lines"),
        (b"PRE . imap a\x00b\n", "NUL in a line"),
        (b"\n", "empty line"),
        (b"", "nothing at all"),
    ]
    for data, name in cases:
        t.eq(d.req(data), b"", "%s: dropped without a reply" % name)
        t.ok(d.req(good).startswith(b"UID=1001"),
             "%s: next request answered" % name)
    # A client that stops mid-request is dropped after request_timeout.
    start = time.monotonic()
    t.eq(d.req(b"AUTH 100\nimap\n", timeout=20), b"",
         "incomplete request dropped")
    took = time.monotonic() - start
    t.ok(1.5 < took < 8, "dropped after request_timeout (%.1fs)" % took)


def test_hostile_names(d):
    names = [b"a'b", b'a"b', b"*", b"a)(uid=*", b"%", b"a\\b", b"' OR 1=1 --",
             b"x" * 10240, b"vuser@example.test ", b"VUSER@example.test"]
    for n in names:
        label = repr(n[:20])
        t.eq(d.req(auth_login(n, b"vpass", "pop3")),
             b"FAIL\n" if len(n) < 8000 else b"",
             "hostile user %s refused" % label)
        t.eq(d.req(b"PRE . imap " + n + b"\n"),
             b"FAIL\n" if len(n) < 8000 else b"",
             "hostile PRE %s refused" % label)
    t.eq(d.req(auth_login(b"vuser@example.test\x00x", b"vpass")),
         b"FAIL\n", "NUL in AUTH data refused")
    p = run([AUTHLIB("authtest"), "-S", d.socket, "x" * 10240, "pw"],
            check=False)
    t.ok(p.returncode == 1 and b"Operation not permitted" in p.stderr,
         "authtest: 10 KB user refused by the client library")


def test_concurrency(d):
    results = [None] * 200

    def one(i):
        try:
            if i % 2:
                results[i] = d.req(auth_login(VUSER, b"newer", "pop3"))
            else:
                results[i] = d.req(auth_login(VUSER, b"wrong%d" % i, "pop3"))
        except Exception as e:  # noqa: BLE001
            results[i] = repr(e).encode()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(200)]
    start = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.monotonic() - start
    good = sum(1 for i, r in enumerate(results)
               if (i % 2 and r.startswith(b"UID=1001") and r.endswith(b".\n"))
               or (not i % 2 and r == b"FAIL\n"))
    t.eq(good, 200, "200 concurrent requests answered correctly "
         "(%.2fs)" % took)


def test_workers(d):
    t.ok(d.wait_workers(3), "3 workers running")
    before = set(d.workers())
    # Hold a connection open mid-request, then kill every worker.
    import socket as so
    s = so.socket(so.AF_UNIX, so.SOCK_STREAM)
    s.connect(d.socket)
    s.sendall(b"AUTH 50\nimap\n")
    time.sleep(0.2)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    s.settimeout(5)
    t.eq(s.recv(100), b"", "request of a killed worker: connection closed")
    s.close()
    deadline = time.monotonic() + 10
    now = set()
    while time.monotonic() < deadline:
        now = set(d.workers())
        if len(now) == 3 and not (now & before):
            break
        time.sleep(0.05)
    t.ok(len(now) == 3, "killed workers replaced")
    t.ok(not (now & before), "replacement workers are new")
    t.ok(d.req(b"PRE . pop3 vuser@example.test\n").startswith(b"UID="),
         "daemon answers after its workers were killed")
    t.ok("killed by signal 9" in d.read_log(), "worker death logged")


def test_reload(d):
    d.write_rc("authuserdb", 2, 'DEFAULTOPTIONS="disableimap=1"\n'
               'request_timeout=3\n')
    os.kill(d.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    r = b""
    while time.monotonic() < deadline:
        r = d.req(b"PRE . pop3 vuser@example.test\n")
        if b"disableimap=1" in r:
            break
        time.sleep(0.1)
    t.ok(r.endswith(b"OPTIONS=disablepop3=0,group=staff,disableimap=1\n.\n"),
         "SIGHUP reloads DEFAULTOPTIONS", r)
    t.ok(d.wait_workers(2), "SIGHUP applies the new daemons count")
    with open(d.rc, "a") as f:
        f.write("daemons=banana\n")
    os.kill(d.proc.pid, signal.SIGHUP)
    time.sleep(0.5)
    t.ok(d.req(b"PRE . pop3 vuser@example.test\n").startswith(b"UID="),
         "a broken config on SIGHUP keeps the old settings")
    t.ok("reload failed" in d.read_log(), "failed reload logged")
    t.eq(d.stop(), 0, "SIGTERM stops the daemon")
    t.ok(not os.path.exists(d.socket), "socket removed on stop")
    t.ok(not os.path.exists(os.path.join(d.var, "pid")), "pid file removed")


def test_start_stop(workdir):
    d = AuthDaemon(t, workdir, daemons=2)
    ad = AUTHLIB("authdaemond")
    p = run([ad, "-c", d.rc, "start"], check=False)
    t.eq(p.returncode, 0, "authdaemond start")
    pidfile = os.path.join(d.var, "pid")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not os.path.exists(pidfile):
        time.sleep(0.05)
    pid = int(open(pidfile).read())
    t.ok(d.req(b"PRE . imap nobody\n") == b"FAIL\n", "started daemon answers")
    p = run([ad, "-c", d.rc, "start"], check=False)
    t.ok(p.returncode == 1 and b"already running" in p.stderr,
         "second start refused")
    t.eq(run([ad, "-c", d.rc, "restart"], check=False).returncode, 0,
         "authdaemond restart")
    time.sleep(0.3)
    t.ok(d.req(b"PRE . imap nobody\n") == b"FAIL\n", "answers after restart")
    t.eq(run([ad, "-c", d.rc, "stop"], check=False).returncode, 0,
         "authdaemond stop")
    alive = True
    try:
        os.kill(pid, 0)
    except OSError:
        alive = False
    t.ok(not alive and not os.path.exists(d.socket), "daemon gone")
    bad = os.path.join(workdir, "bad.rc")
    with open(bad, "w") as f:
        f.write('authmodulelist="authnonsense"\nauthdaemonvar=%s/v2\n'
                % workdir)
    p = run([ad, "-c", bad, "-f"], check=False)
    t.ok(p.returncode != 0 or b"unknown" in p.stderr,
         "unknown module reported", p.stderr)


def main():
    with t.tempdir() as workdir:
        d = AuthDaemon(t, workdir, daemons=3,
                       extra='DEFAULTOPTIONS="disablewebmail=1"\n'
                             'request_timeout=2\n')
        setup_userdb(d)
        if not t.ok(d.start(), "authdaemond -f starts"):
            t.diag(d.read_log())
            t.done()
        t.run("files", test_files, d)
        t.run("protocol", test_protocol, d)
        t.run("passwd", test_passwd, d)
        t.run("bad requests", test_bad_requests, d)
        t.run("hostile names", test_hostile_names, d)
        t.run("concurrency", test_concurrency, d)
        t.run("workers", test_workers, d)
        t.run("reload", test_reload, d)
        check_log_clean(t, d)
    with t.tempdir() as workdir:
        t.run("start/stop", test_start_stop, workdir)
    t.done()


main()
