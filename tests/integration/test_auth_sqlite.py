#!/usr/bin/python3
"""authsqlite through authdaemond: Courier's authsqliterc keys, every
record field, CRAM against clear-text passwords, ENUMERATE, PASSWD, custom
clauses, hostile user names, and a database that goes away and returns."""

import base64
import hmac
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_bad_requests, check_concurrency,
                               check_log_clean, run)

t = Tap()


def make_db(path, crypt_hash):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE passwd (id TEXT PRIMARY KEY, crypt TEXT, "
               "clear TEXT, uid INTEGER, gid INTEGER, home TEXT, "
               "name TEXT, maildir TEXT, quota TEXT, options TEXT, "
               "active INTEGER)")
    db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               ("ann@example.test", crypt_hash, "", 2001, 2002, "/home/ann",
                "Ann Example", "/home/ann/Maildir", "1000000S",
                "disableimap=0", 1))
    db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               ("bob@example.test", "", "bobclear", 2003, 2004, "/home/bob",
                "", "", "", "", 1))
    db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?,?,?,?,?,?)",
               ("off@example.test", "", "offpw", 2005, 2005, "/home/off",
                "", "", "", "", 0))
    db.commit()
    db.close()


def rc_text(dbpath, extra=""):
    return ("SQLITE_DATABASE\t%s\nSQLITE_USER_TABLE\tpasswd\n"
            "SQLITE_CRYPT_PWFIELD\tcrypt\nSQLITE_CLEAR_PWFIELD\tclear\n"
            "SQLITE_UID_FIELD\tuid\nSQLITE_GID_FIELD\tgid\n"
            "SQLITE_LOGIN_FIELD\tid\nSQLITE_HOME_FIELD\thome\n"
            "SQLITE_NAME_FIELD\tname\nSQLITE_MAILDIR_FIELD\tmaildir\n"
            "SQLITE_QUOTA_FIELD\tquota\nSQLITE_AUXOPTIONS_FIELD\toptions\n"
            "SQLITE_WHERE_CLAUSE\tactive = 1\n"
            "DEFAULT_DOMAIN\texample.test\n%s" % (dbpath, extra))


def cram(d, kind, user, secret, service=b"imap"):
    chal = b"<12345.678@mx.example.test>"
    digest = hmac.new(secret, chal, kind).hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = service + b"\ncram-" + kind.encode() + b"\n" + data
    return d.req(b"AUTH %d\n" % len(body) + body)


def test_basic(d, ann_hash):
    t.eq(d.req(b"PRE . imap ann@example.test\n"),
         b"UID=2001\nGID=2002\nHOME=/home/ann\nADDRESS=ann@example.test\n"
         b"NAME=Ann Example\nMAILDIR=/home/ann/Maildir\nQUOTA=1000000S\n"
         b"PASSWD=" + ann_hash + b"\nPASSWD2=\nOPTIONS=disableimap=0\n.\n",
         "PRE: every field (an empty clear-text column is sent as "
         "PASSWD2=, as Courier does)")
    r = d.req(auth_login(b"ann@example.test", b"annpw"))
    t.ok(r.startswith(b"UID=2001\n") and b"PASSWD2=annpw\n" in r,
         "login with a crypt(3) password", r)
    t.eq(d.req(auth_login(b"ann@example.test", b"wrong")), b"FAIL\n",
         "wrong password")
    t.ok(d.req(auth_login(b"bob", b"bobclear")).startswith(
        b"UID=2003\nGID=2004\nHOME=/home/bob\nADDRESS=bob@example.test\n"),
        "clear-text password, DEFAULT_DOMAIN appended")
    t.eq(d.req(auth_login(b"off@example.test", b"offpw")), b"FAIL\n",
         "SQLITE_WHERE_CLAUSE excludes an inactive account")
    t.eq(d.req(auth_login(b"nobody@example.test", b"x")), b"FAIL\n",
         "unknown user")
    for kind in ("md5", "sha1", "sha256"):
        r = cram(d, kind, b"bob@example.test", b"bobclear")
        t.ok(r.startswith(b"UID=2003\n"), "CRAM-%s right secret"
             % kind.upper(), r)
        t.eq(cram(d, kind, b"bob@example.test", b"bobcleaR"), b"FAIL\n",
             "CRAM-%s wrong secret" % kind.upper())
    t.eq(cram(d, "md5", b"ann@example.test", b"annpw"), b"FAIL\n",
         "CRAM without a clear-text password fails")
    enum = d.req(b"ENUMERATE\n")
    t.eq(enum, b"# authsqlite\n\n"
         b"ann@example.test\t2001\t2002\t/home/ann\t/home/ann/Maildir\t"
         b"disableimap=0\n"
         b"bob@example.test\t2003\t2004\t/home/bob\t\t\n.\n", "ENUMERATE")
    p = run([AUTHLIB("authenumerate"), "-S", d.socket, "-o"])
    t.eq(p.stdout, b"ann@example.test\t2001\t2002\t/home/ann\t"
         b"/home/ann/Maildir\tdisableimap=0\n"
         b"bob@example.test\t2003\t2004\t/home/bob\t\t\n",
         "authenumerate -o")


def test_client_library(d):
    probe = AUTHLIB("authclient-probe")
    for mech in ("PLAIN", "LOGIN", "CRAM-MD5", "CRAM-SHA1", "CRAM-SHA256"):
        p = run([probe, d.socket, mech, "imap", "bob@example.test",
                 "bobclear"], check=False)
        t.eq(p.stdout, b"OK bob@example.test 2003\n",
             "client library SASL %s" % mech)
        p = run([probe, d.socket, mech, "imap", "bob@example.test",
                 "wrong"], check=False)
        t.eq(p.stdout, b"FAIL\n", "client library SASL %s, wrong password"
             % mech)
    p = run([probe, d.socket + ".missing", "PLAIN", "imap", "bob", "x"],
            check=False)
    t.ok(p.stdout.startswith(b"TEMPFAIL"),
         "client library: no daemon is a temporary failure", p.stdout)


def test_passwd(d, dbpath):
    t.eq(d.req(b"PASSWD imap\tbob@example.test\twrong\tnew\n"), b"FAIL\n",
         "PASSWD wrong old password")
    t.eq(d.req(b"PASSWD imap\tbob@example.test\tbobclear\tnewbob\n"),
         b"OK\n", "PASSWD OK")
    db = sqlite3.connect(dbpath)
    crypt_col, clear = db.execute("SELECT crypt, clear FROM passwd WHERE "
                                  "id='bob@example.test'").fetchone()
    db.close()
    t.ok(crypt_col.startswith("$y$") and clear == "newbob",
         "PASSWD updated the crypt and clear columns")
    t.ok(d.req(auth_login(b"bob", b"newbob")).startswith(b"UID=2003"),
         "login with the new password")


def test_hostile(d, dbpath):
    names = [b"ann@example.test' OR '1'='1", b"' OR 1=1 --", b"*", b"%",
             b"ann%", b"a)(uid=*", b"a\\b", b'a"b', b"ann@example.test;",
             b"x" * 4000]
    for n in names:
        t.eq(d.req(auth_login(n, b"annpw")), b"FAIL\n",
             "hostile login %r refused" % n[:24])
        t.eq(d.req(b"PRE . imap " + n + b"\n"), b"FAIL\n",
             "hostile PRE %r refused" % n[:24])
    t.eq(d.req(b"PASSWD imap\t' OR 1=1 --\tx\ty\n"), b"FAIL\n",
         "hostile PASSWD refused")
    db = sqlite3.connect(dbpath)
    t.eq(db.execute("SELECT count(*) FROM passwd").fetchone()[0], 3,
         "table intact")
    db.close()


def test_custom(workdir, dbpath, ann_hash):
    rc = os.path.join(workdir, "custom.rc")
    with open(rc, "w") as f:
        f.write(rc_text(dbpath,
                "SQLITE_SELECT_CLAUSE\tSELECT id, crypt, clear, uid, gid, "
                "home, maildir, quota, name, '$(service)' FROM passwd "
                "WHERE id = '$(local_part)@$(domain)' AND active = 1\n"
                "SQLITE_ENUMERATE_CLAUSE\tSELECT id, uid, gid, home, "
                "'m', 'x=1' FROM passwd WHERE id LIKE 'a%'\n"))
    d = AuthDaemon(t, os.path.join(workdir, "c"), modules="authsqlite",
                   extra="authsqliterc=%s\n" % rc)
    if not t.ok(d.start(), "authdaemond with custom clauses starts"):
        t.diag(d.read_log())
        return
    r = d.req(b"PRE . pop3 ann@example.test\n")
    t.ok(r.endswith(b"OPTIONS=pop3\n.\n"), "$(service) bound", r)
    t.ok(d.req(auth_login(b"ann@example.test", b"annpw")).startswith(
        b"UID=2001"), "custom SELECT login")
    t.eq(d.req(auth_login(b"ann@example.test' --", b"annpw")), b"FAIL\n",
         "custom SELECT: quote in the name stays data")
    t.eq(d.req(b"ENUMERATE\n"), b"# authsqlite\n\nann@example.test\t2001\t"
         b"2002\t/home/ann\tm\tx=1\n.\n", "custom ENUMERATE")
    d.stop()
    bad = os.path.join(workdir, "bad.rc")
    with open(bad, "w") as f:
        f.write(rc_text(dbpath, "SQLITE_SELECT_CLAUSE\tSELECT $(nope)\n"))
    b = AuthDaemon(t, os.path.join(workdir, "b"), modules="authsqlite",
                   extra="authsqliterc=%s\n" % bad)
    p = subprocess.run([AUTHLIB("authdaemond"), "-c", b.rc, "-f"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=20)
    t.ok(p.returncode == 1 and b"unknown $(...) placeholder" in p.stderr,
         "bad placeholder refused at start", p.stderr)


def test_load(d):
    check_concurrency(t, d, auth_login(b"bob@example.test", b"newbob"),
                      b"UID=2003\n",
                      auth_login(b"bob@example.test", b"newboB"),
                      "authsqlite")
    check_bad_requests(t, d, b"PRE . imap ann@example.test\n",
                       b"UID=2001\n", "authsqlite")


def test_outage(d, dbpath):
    import signal
    import time
    os.rename(dbpath, dbpath + ".away")
    with open(dbpath, "wb") as f:
        f.write(b"this is not a database" * 100)
    # New workers open the database on first use: make them start now.
    os.kill(d.proc.pid, signal.SIGHUP)
    time.sleep(0.5)
    r = d.req(b"PRE . imap ann@example.test\n")
    t.eq(r, b"", "broken database: no reply (temporary failure)")
    p = run([AUTHLIB("authtest"), "-S", d.socket, "ann@example.test",
             "annpw"], check=False)
    t.ok(p.returncode == 1 and b"temporarily" in p.stderr,
         "authtest reports a temporary failure", p.stdout + p.stderr)
    os.replace(dbpath + ".away", dbpath)
    ok = all(d.req(b"PRE . imap ann@example.test\n").startswith(b"UID=")
             for _ in range(6))
    t.ok(ok, "database back: answers again")


def main():
    with t.tempdir() as workdir:
        dbpath = os.path.join(workdir, "users.db")
        ann_hash = run([AUTHLIB("authpasswd"), "sha512crypt"],
                       stdin=b"annpw\n").stdout.strip()
        make_db(dbpath, ann_hash.decode())
        rc = os.path.join(workdir, "authsqliterc")
        with open(rc, "w") as f:
            f.write(rc_text(dbpath))
        d = AuthDaemon(t, workdir, modules="authsqlite", daemons=2,
                       extra="authsqliterc=%s\n" % rc)
        if not t.ok(d.start(), "authdaemond with authsqlite starts"):
            t.diag(d.read_log())
            t.done()
        t.run("basic", test_basic, d, ann_hash)
        t.run("client library", test_client_library, d)
        t.run("passwd", test_passwd, d, dbpath)
        t.run("hostile", test_hostile, d, dbpath)
        t.run("load", test_load, d)
        t.run("outage", test_outage, d, dbpath)
        t.run("custom", test_custom, workdir, dbpath, ann_hash)
        check_log_clean(t, d)
    t.done()


main()
