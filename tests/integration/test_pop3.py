#!/usr/bin/python3
"""pop3d end to end with real clients (Python's poplib, raw sockets, curl):
the core of a session over each account backend (userdb and sqlite: login,
STAT, LIST, RETR, DELE, QUIT), the AUTHORIZATION state (USER/PASS, AUTH
PLAIN/LOGIN/CRAM-MD5, STLS, account options), the TRANSACTION state over a
maildir (sizes with CRLF, dot-stuffing, TOP, UIDL kept in
courierpop3dsizelist across restarts) and
UPDATE (deletions only at QUIT, S flag, maildirsize)."""

import base64
import os
import poplib
import shutil
import socket
import ssl
import subprocess

from taplib import Tap, build_path
from test_server_support import (PASSWORD, USER, ServerEnv, children,
                                 recv_until, wait_for)

t = Tap()

MSGS = [
    b"From: a@example.test\nTo: b@example.test\nSubject: one\n\n"
    b"hello\n.starts with a dot\n..two dots\n.\nend\n",
    b"From: c@example.test\nSubject: two\n\nline 1\nline 2\nline 3\n",
    b"Subject: crlf already\r\n\r\nbody\r\nlast line without newline",
    b"Subject: big\n\n" + b"".join(b"%06d ........................\n" % i
                                    for i in range(60000)),
]


def crlf(body):
    out = body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    return out


def stuffed(body):
    """What RETR sends for body: CRLF, dot-stuffed, terminated."""
    lines = crlf(body).split(b"\r\n")
    if lines[-1] == b"":
        lines.pop()
    return b"".join((b"." + l if l.startswith(b".") else l) + b"\r\n"
                    for l in lines) + b".\r\n"


def ctx():
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    c.check_hostname = False
    c.verify_mode = ssl.CERT_NONE
    return c


def login(env, port=None):
    p = poplib.POP3("127.0.0.1", port or env.port, timeout=30)
    p.user(USER)
    p.pass_(PASSWORD)
    return p


def cmd(s, line, end=b"\r\n"):
    s.sendall(line + b"\r\n")
    return recv_until(s, end)


def test_prelogin(env):
    s = env.connect()
    t.eq(recv_until(s, b"\r\n"), b"+OK Hello there.\r\n", "greeting")
    t.eq(cmd(s, b"CAPA", b"\r\n.\r\n"),
         b"+OK Here's what I can do:\r\nSTLS\r\nTOP\r\nUSER\r\n"
         b"SASL PLAIN LOGIN\r\nLOGIN-DELAY 10\r\nPIPELINING\r\nUIDL\r\n"
         b"RESP-CODES\r\nAUTH-RESP-CODE\r\nUTF8 USER\r\n"
         b"IMPLEMENTATION Estafette\r\n.\r\n", "CAPA before login")
    t.eq(cmd(s, b"STAT"), b"-ERR Invalid command.\r\n",
         "STAT before login")
    t.eq(cmd(s, b"UTF8"), b"+OK UTF8 enabled\r\n", "UTF8 (RFC 6856)")
    t.eq(cmd(s, b"PASS x"), b"-ERR USER first.\r\n", "PASS before USER")
    t.eq(cmd(s, b"AUTH GSSAPI"),
         b"-ERR Unsupported authentication mechanism.\r\n",
         "unknown SASL mechanism")
    t.eq(cmd(s, b"AUTH", b"\r\n.\r\n"), b"+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n",
         "bare AUTH lists the mechanisms")
    r = cmd(s, b"AUTH CRAM-MD5")
    chal = base64.b64decode(r[2:].strip())
    t.ok(r.startswith(b"+ ") and chal.startswith(b"<") and
         chal.endswith(b">") and b"@" in chal,
         "CRAM-MD5, though not in POP3AUTH, challenges <random.time@host>"
         " (as Courier)", r)
    resp = base64.b64encode(USER.encode() + b" " + b"0" * 32)
    t.eq(cmd(s, resp), b"-ERR Login failed.\r\n",
         "CRAM-MD5 with a wrong digest fails")
    t.eq(cmd(s, b"APOP %s %s" % (USER.encode(), b"0" * 32)),
         b"-ERR Invalid command.\r\n", "APOP is off by default")
    t.eq(cmd(s, b"AUTH LOGIN"), b"+ VXNlcm5hbWU6\r\n", "AUTH LOGIN asks")
    t.eq(cmd(s, b"*"), b"-ERR Authentication cancelled.\r\n", "* cancels")
    t.eq(cmd(s, b"AUTH PLAIN !!!"), b"-ERR Login failed.\r\n",
         "bad base64 in the initial response")
    t.eq(cmd(s, b"QUIT"), b"+OK Better luck next time.\r\n",
         "QUIT before login")
    s.close()

    def sasl(lines):
        s = env.connect()
        recv_until(s, b"\r\n")
        out = b""
        for l in lines:
            out += cmd(s, l)
        out += cmd(s, b"STAT")
        s.sendall(b"QUIT\r\n")
        recv_until(s, b"never")
        s.close()
        return out

    plain = base64.b64encode(b"\0" + USER.encode() + b"\0" +
                             PASSWORD.encode())
    t.ok(sasl([b"AUTH PLAIN " + plain]).startswith(
        b"+OK logged in.\r\n+OK "), "AUTH PLAIN with an initial response")
    t.ok(sasl([b"AUTH PLAIN", plain]).startswith(
        b"+ \r\n+OK logged in.\r\n+OK "),
        "AUTH PLAIN after an empty challenge")
    t.ok(sasl([b"AUTH LOGIN", base64.b64encode(USER.encode()),
               base64.b64encode(PASSWORD.encode())]).startswith(
        b"+ VXNlcm5hbWU6\r\n+ UGFzc3dvcmQ6\r\n+OK logged in.\r\n+OK "),
        "AUTH LOGIN")
    # Everything in one packet: the commands after PASS reach the session.
    s = env.connect()
    recv_until(s, b"\r\n")
    s.sendall(b"USER %s\r\nPASS %s\r\nSTAT\r\nNOOP\r\nQUIT\r\n" %
              (USER.encode(), PASSWORD.encode()))
    r = recv_until(s, b"Bye-bye.\r\n")
    t.ok(r.startswith(b"+OK Password required.\r\n+OK logged in.\r\n+OK ")
         and r.endswith(b"+OK Yup.\r\n+OK Bye-bye.\r\n"),
         "pipelined login and commands answered in order", r)
    s.close()


def test_transaction(env):
    p = login(env)
    n, size = p.stat()
    t.eq((n, size), (len(MSGS), sum(len(crlf(m)) for m in MSGS)),
         "STAT counts CRLF octets")
    resp, lst, _ = p.list()
    t.eq(resp, b"+OK POP3 clients that break here, they violate STD53.",
         "LIST reply")
    t.eq(lst, [b"%d %d" % (i + 1, len(crlf(m))) for i, m in enumerate(MSGS)],
         "LIST sizes")
    t.eq(p._shortcmd("LIST 2"), b"+OK 2 %d" % len(crlf(MSGS[1])), "LIST n")
    resp, uidl, _ = p.uidl()
    uids = [l.split()[1] for l in uidl]
    t.ok(all(u.startswith(b"UID") and b"-" in u for u in uids) and
         len(set(uids)) == len(MSGS), "UIDL: UID<n>-<uidvalidity>", uidl)
    with open(os.path.join(env.maildir, "courierpop3dsizelist"), "rb") as f:
        sl = f.read().decode()
    t.ok(sl.startswith("/3 %d " % (len(MSGS) + 1)),
         "courierpop3dsizelist written in Courier's format", sl[:200])
    for i, m in enumerate(MSGS):
        resp, lines, octets = p.retr(i + 1)
        t.eq(resp, b"+OK %d octets follow." % len(crlf(m)),
             "RETR %d reply" % (i + 1))
        want = crlf(m) if m.endswith(b"\n") else crlf(m) + b"\r\n"
        t.eq(b"\r\n".join(lines) + b"\r\n", want,
             "RETR %d bytes equal the message with CRLF" % (i + 1))
    resp, lines, _ = p.top(2, 0)
    t.eq((resp, lines), (b"+OK headers follow.",
                         [b"From: c@example.test", b"Subject: two", b""]),
         "TOP 2 0")
    resp, lines, _ = p.top(2, 2)
    t.eq(lines[-2:], [b"line 1", b"line 2"], "TOP 2 2")
    t.eq(p.noop(), b"+OK Yup.", "NOOP")
    for bad in (b"RETR 99", b"RETR 0", b"RETR x", b"DELE -1", b"TOP 1"):
        try:
            r = p._shortcmd(bad.decode())
        except poplib.error_proto as e:
            r = e.args[0]
        t.ok(r.startswith(b"-ERR"), "%s refused" % bad.decode(), r)
    p.quit()
    # The raw wire bytes of RETR 1: dot-stuffing and the terminator.
    s = env.connect()
    recv_until(s, b"\r\n")
    cmd(s, b"USER " + USER.encode())
    cmd(s, b"PASS " + PASSWORD.encode())
    r = cmd(s, b"RETR 1", b"\r\n.\r\n")
    t.eq(r, b"+OK %d octets follow.\r\n" % len(crlf(MSGS[0])) +
         stuffed(MSGS[0]), "RETR on the wire: CRLF and dot-stuffing")
    s.sendall(b"STAT\r\nLIST 1\r\nUIDL 1\r\nNOOP\r\n")
    r = recv_until(s, b"Yup.\r\n")
    t.eq(len(r.split(b"\r\n")), 5, "pipelined commands answered in order")
    s.close()  # dropped, no QUIT


def test_update(env):
    cur = os.path.join(env.maildir, "cur")
    names = sorted(os.listdir(cur))
    t.eq(os.listdir(os.path.join(env.maildir, "new")), [],
         "login moved new/ to cur/")
    t.ok(all(n.endswith(":2,S") for n in names),
         "RETR then QUIT set the S flag on every message", names)
    extra = env.deliver(b"Subject: retrieved, then dropped\n\nx\n")
    p = login(env)
    p.retr(len(MSGS) + 1)
    p.sock.shutdown(socket.SHUT_RDWR)
    p.sock.close()
    t.ok(wait_for(lambda: children(env.proc.pid) == [], 5),
         "session ended by a dropped connection")
    t.ok(os.path.exists(os.path.join(cur, extra + ":2,")),
         "RETR without QUIT sets no flag")
    os.unlink(os.path.join(cur, extra + ":2,"))
    p = login(env)
    p.dele(1)
    t.eq(p.stat()[0], len(MSGS) - 1, "DELE hides the message")
    try:
        r = p.retr(1)[0]
    except poplib.error_proto as e:
        r = e.args[0]
    t.eq(r, b"-ERR Invalid message number.", "RETR of a deleted message")
    t.eq(p.rset(), b"+OK Resurrected.", "RSET")
    t.eq(p.stat()[0], len(MSGS), "RSET brings it back")
    p.dele(2)
    p.sock.shutdown(socket.SHUT_RDWR)  # dropped: nothing is deleted
    p.sock.close()
    t.ok(wait_for(lambda: children(env.proc.pid) == [], 5),
         "session ended by another dropped connection")
    t.eq(len(os.listdir(cur)), len(MSGS),
         "a dropped connection deletes nothing")
    size_before = open(os.path.join(env.maildir, "maildirsize")).read()
    p = login(env)
    uidl_before = p.uidl()[1]
    p.retr(1)
    t.eq(p.dele(2), b"+OK Deleted.", "DELE reply")
    t.eq(p.quit(), b"+OK Bye-bye.", "QUIT reply")
    left = sorted(os.listdir(cur))
    t.eq(len(left), len(MSGS) - 1, "QUIT removed the deleted message")
    t.ok(all(n.endswith(":2,S") for n in left), "flags kept", left)
    t.ok(open(os.path.join(env.maildir, "maildirsize")).read().endswith(
        "%12d %12d\n" % (-len(MSGS[1]), -1)) and size_before !=
        open(os.path.join(env.maildir, "maildirsize")).read(),
        "maildirsize got -size -1 for the deletion")
    p = login(env)
    uidl_after = p.uidl()[1]
    t.eq([l.split()[1] for l in uidl_after],
         [l.split()[1] for i, l in enumerate(uidl_before) if i != 1],
         "UIDLs of the remaining messages unchanged")
    p.quit()
    return [l.split()[1] for l in uidl_after]


def test_restart(env, uids):
    env.stop_pop3d()
    env.deliver(b"Subject: new after restart\n\nhi\n")
    env.start_pop3d()
    p = login(env)
    now = [l.split()[1] for l in p.uidl()[1]]
    t.eq(now[:len(uids)], uids, "UIDLs survive a restart of pop3d")
    t.ok(len(now) == len(uids) + 1 and now[-1] not in uids,
         "new mail gets a new UIDL", now)
    p.quit()


def test_tls_clients(env):
    p = poplib.POP3("127.0.0.1", env.port, timeout=30)
    p.stls(ctx())
    p.user(USER)
    p.pass_(PASSWORD)
    t.ok(p.stat()[0] > 0, "poplib STLS then USER/PASS")
    caps = p.capa()
    t.ok("STLS" not in caps and "TOP" in caps and "USER" in caps and
         "SASL" not in caps, "CAPA after login over TLS: USER, no STLS or SASL")
    p.quit()
    sport = env.ssl_port
    env.stop_pop3d()
    env.start_pop3d(ssl=True)
    p = poplib.POP3_SSL("127.0.0.1", sport, timeout=30, context=ctx())
    p.user(USER)
    p.pass_(PASSWORD)
    n = p.stat()[0]
    resp, lines, _ = p.retr(n)
    t.ok(resp.startswith(b"+OK") and b"new after restart" in lines[0],
         "poplib POP3_SSL: login and RETR")
    p.quit()
    if shutil.which("curl") is None:
        t.skip("curl pop3s", "curl missing")
    else:
        r = subprocess.run(["curl", "-sk", "--max-time", "30", "-u",
                            "%s:%s" % (USER, PASSWORD),
                            "pop3s://127.0.0.1:%d/1" % sport],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        t.ok(r.returncode == 0 and b"hello" in r.stdout,
             "curl pop3s:// RETR", r.stderr)
    env.stop_pop3d()
    env.start_pop3d()


def test_curl(env):
    if shutil.which("curl") is None:
        t.skip("curl pop3", "curl missing")
        return
    r = subprocess.run(["curl", "-s", "--max-time", "30", "-u",
                        "%s:%s" % (USER, PASSWORD),
                        "pop3://127.0.0.1:%d/" % env.port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.ok(r.returncode == 0 and r.stdout.startswith(b"1 "),
         "curl pop3:// LIST", r.stdout + r.stderr)
    r = subprocess.run(["curl", "-s", "--max-time", "30", "-u",
                        "%s:%s" % (USER, PASSWORD),
                        "pop3://127.0.0.1:%d/2" % env.port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.ok(r.returncode == 0 and b"Subject:" in r.stdout, "curl pop3:// RETR")
    r = subprocess.run(["curl", "-s", "--max-time", "30", "--ssl-reqd", "-k",
                        "-u", "%s:%s" % (USER, PASSWORD),
                        "pop3://127.0.0.1:%d/2" % env.port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.ok(r.returncode == 0 and b"Subject:" in r.stdout,
         "curl pop3:// with --ssl-reqd (STLS)")
    r = subprocess.run(["curl", "-s", "--max-time", "30", "-u",
                        "%s:wrong" % USER,
                        "pop3://127.0.0.1:%d/" % env.port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.ok(r.returncode != 0, "curl with a wrong password fails")


def test_options(env):
    for addr, what in (("off@example.test", "disablepop3"),
                       ("insec@example.test", "disableinsecurepop3")):
        s = env.connect()
        recv_until(s, b"\r\n")
        cmd(s, b"USER " + addr.encode())
        t.eq(cmd(s, b"PASS " + PASSWORD.encode(), b"\r\n"),
             b"-ERR Login failed.\r\n", "%s=1 refuses a plain login" % what)
        s.close()
    p = poplib.POP3("127.0.0.1", env.port, timeout=30)
    p.stls(ctx())
    p.user("insec@example.test")
    t.eq(p.pass_(PASSWORD), b"+OK logged in.",
         "disableinsecurepop3=1 allows a login over TLS")
    p.quit()
    env.stop_pop3d()
    env.start_pop3d({"POP3_TLS_REQUIRED": "1"})
    p = login(env)
    t.ok(p.stat() is not None,
         "POP3_TLS_REQUIRED=1 still allows clear text from 127.0.0.1")
    p.quit()
    env.stop_pop3d()
    env.start_pop3d()


def test_backend(workdir, backend):
    """Login, STAT, LIST, RETR, DELE and QUIT with the account in one
    backend (its own authdaemond, maildir and pop3d)."""
    os.mkdir(workdir)
    env = ServerEnv(t, workdir)
    if not t.ok(env.setup(backend=backend),
                "%s: authdaemond starts" % backend):
        return
    msgs = MSGS[:3]
    # Own names: the main test's names count from 1 and sort as numbers.
    names = [env.deliver(m, "100000000%d.M%dP1.backend" % (i, i))
             for i, m in enumerate(msgs)]
    if not t.ok(env.start_pop3d() is not None, "%s: pop3d starts" % backend):
        t.diag(env.read_log())
        return
    try:
        p = poplib.POP3("127.0.0.1", env.port, timeout=30)
        p.user(USER)
        t.eq(p.pass_(PASSWORD), b"+OK logged in.", "%s: login" % backend)
        t.eq(p.stat(), (len(msgs), sum(len(crlf(m)) for m in msgs)),
             "%s: STAT" % backend)
        t.eq(p.list()[1], [b"%d %d" % (i + 1, len(crlf(m)))
                           for i, m in enumerate(msgs)],
             "%s: LIST" % backend)
        lines = p.retr(2)[1]
        t.eq(b"\r\n".join(lines) + b"\r\n", crlf(msgs[1]),
             "%s: RETR bytes equal the message with CRLF" % backend)
        t.eq(p.dele(1), b"+OK Deleted.", "%s: DELE" % backend)
        t.eq(p.quit(), b"+OK Bye-bye.", "%s: QUIT" % backend)
        cur = os.listdir(os.path.join(env.maildir, "cur"))
        t.ok(not any(n.startswith(names[0]) for n in cur) and len(cur) == 2,
             "%s: the deleted message is gone after QUIT" % backend, cur)
        p = poplib.POP3("127.0.0.1", env.port, timeout=30)
        p.user(USER)
        try:
            r = p.pass_("wrong")
        except poplib.error_proto as e:
            r = e.args[0]
        t.eq(r, b"-ERR Login failed.", "%s: wrong password" % backend)
        p.close()
    finally:
        env.stop_pop3d()
        env.auth.stop()
    t.ok(not env.log_lines(r"ERR: |Sanitizer|runtime error"),
         "%s: no errors in the log" % backend,
         "\n".join(env.log_lines("ERR")))


def main():
    if os.geteuid() != 0:
        t.skip("pop3d", "pop3d must start as root")
        t.done()
    with t.tempdir() as d:
        os.chmod(d, 0o755)  # the session processes' uid walks through
        for backend in ("userdb", "sqlite"):
            t.run("backend " + backend, test_backend,
                  os.path.join(d, backend), backend)
        d = os.path.join(d, "main")
        os.mkdir(d)
        env = ServerEnv(t, d)
        if not t.ok(env.setup([("off@example.test", "disablepop3=1"),
                               ("insec@example.test",
                                "disableinsecurepop3=1")]),
                    "authdaemond starts"):
            t.done()
        subprocess.run([build_path("maildir", "maildirmake"), "-q",
                        "100000000S", env.maildir], check=True)
        env.chown_mail()
        for m in MSGS:
            env.deliver(m)
        port = env.start_pop3d({"POP3AUTH": "PLAIN LOGIN"})
        if not t.ok(port is not None, "pop3d starts"):
            t.diag(env.read_log())
            t.done()
        test_prelogin(env)
        test_transaction(env)
        uids = test_update(env)
        test_restart(env, uids)
        test_tls_clients(env)
        test_curl(env)
        test_options(env)
        env.stop_pop3d()
        t.ok(not env.log_lines(r"ERR: (?!authentication temporarily)|"
                               r"Sanitizer|runtime error"),
             "no errors in the log", "\n".join(env.log_lines("ERR")))
    t.done()


main()
