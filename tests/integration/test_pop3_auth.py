#!/usr/bin/python3
"""pop3d's logins that need an account's clear-text secret, over authsqlite
(its clear field): APOP (RFC 1939, with POP3_APOP=1) through Python's
poplib, and AUTH CRAM-MD5, CRAM-SHA1 and CRAM-SHA256 (RFC 2195) through a
raw client: right and wrong digests, and an account whose only password
is a crypt hash, which neither can use."""

import base64
import hashlib
import hmac
import os
import poplib
import re

from taplib import Tap
from test_server_support import PASSWORD, USER, ServerEnv, recv_until

t = Tap()

CLEAR_USER = "clear@example.test"
CLEAR_SECRET = "tanstaaf clear"
MECHS = ("CRAM-MD5", "CRAM-SHA1", "CRAM-SHA256")


def cmd(s, line, end=b"\r\n"):
    s.sendall(line + b"\r\n")
    return recv_until(s, end)


def apop(env, user, secret):
    """poplib's apop(); returns the reply (b"+OK ..." or b"-ERR ...")."""
    p = poplib.POP3("127.0.0.1", env.port, timeout=30)
    try:
        r = p.apop(user, secret)
        p.stat()
        p.quit()
    except poplib.error_proto as e:
        r = e.args[0]
        p.close()
    return r


def test_apop(env):
    p = poplib.POP3("127.0.0.1", env.port, timeout=30)
    welcome = p.getwelcome()
    t.ok(re.fullmatch(rb"\+OK Hello there\. <\d+\.[0-9a-f]{8}\.\d+@[^<> ]+>",
                      welcome), "POP3_APOP=1: greeting carries a timestamp",
         welcome)
    p.quit()
    t.eq(apop(env, CLEAR_USER, CLEAR_SECRET), b"+OK logged in.",
         "APOP with the account's clear-text secret")
    t.eq(apop(env, CLEAR_USER, CLEAR_SECRET + "x"), b"-ERR Login failed.",
         "APOP with a wrong digest is refused")
    t.eq(apop(env, USER, PASSWORD), b"-ERR Login failed.",
         "APOP for an account without a clear-text secret is refused")
    t.eq(apop(env, "nobody@example.test", "x"), b"-ERR Login failed.",
         "APOP for an unknown account is refused")
    s = env.connect()
    stamp = re.search(rb"<.*>", recv_until(s, b"\r\n")).group(0)
    digest = hashlib.md5(stamp + CLEAR_SECRET.encode()).hexdigest()
    t.eq(cmd(s, b"APOP %s %s" % (CLEAR_USER.encode(),
                                 digest.upper().encode())),
         b"+OK logged in.\r\n", "APOP digest in upper case")
    s.close()
    s = env.connect()
    recv_until(s, b"\r\n")
    t.eq(cmd(s, b"APOP %s %s" % (CLEAR_USER.encode(), digest.encode())),
         b"-ERR Login failed.\r\n",
         "a digest for another connection's timestamp is refused")
    t.eq(cmd(s, b"APOP %s abc" % CLEAR_USER.encode()),
         b"-ERR Login failed.\r\n", "a short digest is refused")
    t.eq(cmd(s, b"APOP %s" % CLEAR_USER.encode()),
         b"-ERR Invalid command.\r\n", "APOP without a digest")
    s.close()


def cram(env, mech, user, secret, digest_fn=None):
    s = env.connect()
    recv_until(s, b"\r\n")
    r = cmd(s, b"AUTH " + mech.encode())
    if not r.startswith(b"+ "):
        s.close()
        return r
    chal = base64.b64decode(r[2:].strip())
    kind = mech.split("-")[1].lower()
    digest = hmac.new(secret.encode(), chal, kind).hexdigest()
    r = cmd(s, base64.b64encode(user.encode() + b" " + digest.encode()))
    if r.startswith(b"+OK"):
        r += cmd(s, b"STAT")
    s.close()
    return r


def test_cram(env):
    s = env.connect()
    recv_until(s, b"\r\n")
    t.eq(cmd(s, b"AUTH", b"\r\n.\r\n"),
         b"+OK\r\nPLAIN\r\nLOGIN\r\n" +
         b"".join(m.encode() + b"\r\n" for m in MECHS) + b".\r\n",
         "AUTH lists the CRAM mechanisms POP3AUTH names")
    s.close()
    for mech in MECHS:
        r = cram(env, mech, CLEAR_USER, CLEAR_SECRET)
        t.ok(r.startswith(b"+OK logged in.\r\n+OK 3 "),
             "%s with the right secret logs in" % mech, r)
        t.eq(cram(env, mech, CLEAR_USER, CLEAR_SECRET + "x"),
             b"-ERR Login failed.\r\n", "%s with a wrong digest" % mech)
        t.eq(cram(env, mech, USER, PASSWORD), b"-ERR Login failed.\r\n",
             "%s for an account without a clear-text secret" % mech)
    s = env.connect()
    recv_until(s, b"\r\n")
    r = cmd(s, b"AUTH CRAM-SHA256")
    resp = base64.b64encode(CLEAR_USER.encode() + b" " + b"0" * 32)
    t.eq(cmd(s, resp), b"-ERR Login failed.\r\n",
         "CRAM-SHA256 with an MD5-sized digest")
    t.eq(cmd(s, b"AUTH CRAM-SHA1 eA=="), b"-ERR Login failed.\r\n",
         "CRAM with an initial response")
    s.close()


def main():
    if os.geteuid() != 0:
        t.skip("pop3d", "pop3d must start as root")
        t.done()
    with t.tempdir() as d:
        env = ServerEnv(t, d)
        if not t.ok(env.setup([(CLEAR_USER, None, CLEAR_SECRET)],
                              backend="sqlite"),
                    "authdaemond with authsqlite starts"):
            t.done()
        for i in range(3):
            env.deliver(b"Subject: %d\n\nbody\n" % i)
        port = env.start_pop3d({"POP3_APOP": "1",
                                "POP3AUTH": "PLAIN LOGIN " + " ".join(MECHS)})
        if not t.ok(port is not None, "pop3d starts"):
            t.diag(env.read_log())
            t.done()
        t.ok(not env.log_lines("unsupported setting POP3_APOP"),
             "POP3_APOP is a known key")
        t.run("APOP", test_apop, env)
        t.run("CRAM", test_cram, env)
        env.stop_pop3d()
        log = env.read_log() + env.auth.read_log()
        t.ok(CLEAR_SECRET not in log, "the clear-text secret is never logged")
        t.ok(len(env.log_lines(r"LOGIN, user=%s, .*protocol=POP3" %
                               re.escape(CLEAR_USER))) >= 5,
             "APOP and CRAM logins are logged in Courier's wording")
        t.ok(not env.log_lines(r"ERR: (?!authentication temporarily)|"
                               r"Sanitizer|runtime error"),
             "no errors in the log", "\n".join(env.log_lines("ERR")))
    t.done()


main()
