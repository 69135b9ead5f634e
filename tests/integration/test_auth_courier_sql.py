#!/usr/bin/python3
"""authsqlite side by side with Courier's own authsqlite module (Debian's
authdaemond and libauthsqlite.so, run in a private mount namespace): the
same database and the same authsqliterc must give the same bytes for
login, PRE, CRAM-MD5/SHA1/SHA256 against the clear-text column (right and
wrong response), PASSWD and ENUMERATE. Our authuserdb must send the same
record for the same account where Courier's format is the same."""

import os
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_log_clean, courier_can_run,
                               courier_start, cram_request, request, run)

t = Tap()

RC = ("SQLITE_DATABASE\t{db}\nSQLITE_USER_TABLE\tpasswd\n"
      "SQLITE_CRYPT_PWFIELD\tcrypt\nSQLITE_CLEAR_PWFIELD\tclear\n"
      "SQLITE_UID_FIELD\tuid\nSQLITE_GID_FIELD\tgid\n"
      "SQLITE_LOGIN_FIELD\tid\nSQLITE_HOME_FIELD\thome\n"
      "SQLITE_NAME_FIELD\tname\nSQLITE_MAILDIR_FIELD\tmaildir\n"
      "SQLITE_QUOTA_FIELD\tquota\nSQLITE_AUXOPTIONS_FIELD\toptions\n"
      "SQLITE_WHERE_CLAUSE\tactive = 1\n"
      "DEFAULT_DOMAIN\texample.test\n")


def reset_bob(path):
    """bob's clear-text password back to bobclear, in place (both
    daemons keep the database open)."""
    db = sqlite3.connect(path)
    db.execute("UPDATE passwd SET clear = 'bobclear', crypt = '' "
               "WHERE id = 'bob@example.test'")
    db.commit()
    db.close()


def make_db(path, crypt_hash):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE passwd (id TEXT PRIMARY KEY, crypt TEXT, "
               "clear TEXT, uid INTEGER, gid INTEGER, home TEXT, "
               "name TEXT, maildir TEXT, quota TEXT, options TEXT, "
               "active INTEGER)")
    rows = [
        ("ann@example.test", crypt_hash, "", 2001, 2002, "/home/ann",
         "Ann Example", "/home/ann/Maildir", "1000000S", "disableimap=0", 1),
        ("bob@example.test", "", "bobclear", 2003, 2004, "/home/bob",
         "Bob Builder", "/home/bob/Maildir", "5000S", "", 1),
        ("cy@example.test", crypt_hash, "c'y|pw", 2005, 2006, "/home/cy",
         "", "", "", "disablepop3=1", 1),
        ("off@example.test", "", "offpw", 2007, 2007, "/home/off",
         "", "", "", "", 0),
        ("nul@example.test", None, "nulpw", 2008, 2008, "/home/nul",
         None, None, None, None, 1),
    ]
    for r in rows:
        db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?,?,?,?,?,?)", r)
    db.commit()
    db.close()


def requests():
    out = []
    for kind in ("md5", "sha1", "sha256"):
        for user, secret in ((b"bob@example.test", b"bobclear"),
                             (b"bob", b"bobclear"),
                             (b"bob@example.test", b"bobcleaR"),
                             (b"cy@example.test", b"c'y|pw"),
                             (b"ann@example.test", b"annpw"),
                             (b"off@example.test", b"offpw"),
                             (b"nul@example.test", b"nulpw"),
                             (b"nobody@example.test", b"x")):
            out.append(("CRAM-%s %s/%s" % (kind.upper(), user.decode(),
                                           secret.decode()),
                        cram_request(kind, user, secret)))
    out += [
        ("login clear", auth_login(b"bob@example.test", b"bobclear")),
        ("login crypt", auth_login(b"ann@example.test", b"annpw", "pop3")),
        ("login wrong", auth_login(b"ann@example.test", b"annpW")),
        ("login inactive", auth_login(b"off@example.test", b"offpw")),
        ("login quote in name", auth_login(b"ann@example.test' --",
                                           b"annpw")),
        ("PRE", b"PRE . imap bob@example.test\n"),
        ("PRE default domain", b"PRE . pop3 cy\n"),
        ("PRE module named", b"PRE authsqlite imap ann@example.test\n"),
        ("PRE unknown", b"PRE . imap nobody@example.test\n"),
        ("ENUMERATE", b"ENUMERATE\n"),
    ]
    return out


def compare(ours, c_sock):
    for name, r in requests():
        t.eq(ours.req(r), request(c_sock, r), "same reply as Courier's "
             "authsqlite: %s" % name)


def compare_passwd(ours, c_sock, dbpath, ann_hash):
    """PASSWD on each side against its own copy of the database."""
    for name, r in (("wrong old", b"PASSWD imap\tbob@example.test\tnope\t"
                     b"newbob\n"),
                    ("right old", b"PASSWD imap\tbob@example.test\tbobclear"
                     b"\tnewbob\n")):
        reset_bob(dbpath)
        want = request(c_sock, r)
        theirs = sqlite3.connect(dbpath).execute(
            "SELECT clear FROM passwd WHERE id='bob@example.test'"
        ).fetchone()[0]
        reset_bob(dbpath)
        got = ours.req(r)
        mine = sqlite3.connect(dbpath).execute(
            "SELECT clear FROM passwd WHERE id='bob@example.test'"
        ).fetchone()[0]
        t.eq(got, want, "same PASSWD reply as Courier: %s" % name)
        t.eq(mine, theirs, "same clear column after PASSWD: %s" % name)
    reset_bob(dbpath)


def userdb_same_record(work, ours):
    """bob in userdb, CRAM checked with the precomputed hmac-*pw fields
    (userdb's way of holding a CRAM secret), must give the lines
    authsqlite gives for the same account."""
    u = AuthDaemon(t, os.path.join(work, "userdb"), daemons=2)
    u.userdb_set("bob@example.test", "uid=2003", "gid=2004",
                 "home=/home/bob", "mail=/home/bob/Maildir",
                 "quota=5000S", "gecos=Bob Builder")
    for kind in ("md5", "sha1"):
        u.set_password("bob@example.test", b"bobclear",
                       field="hmac-%spw" % kind, scheme="-hmac-%s" % kind)
    u.makeuserdb()
    if not t.ok(u.start(), "authdaemond with authuserdb starts"):
        return
    # userdb keeps precomputed hmac-md5pw and hmac-sha1pw, as Courier's.
    for kind in ("md5", "sha1"):
        r = cram_request(kind, b"bob@example.test", b"bobclear")
        sql = ours.req(r).split(b"\n")
        udb = u.req(r).split(b"\n")
        # Courier's authuserdb sends no NAME, QUOTA or password lines
        # after CRAM (test_auth_courier.py checks that against Courier);
        # every line it does send must be authsqlite's, in order.
        keys = [ln.split(b"=", 1)[0] for ln in udb if b"=" in ln]
        t.eq(keys, [b"UID", b"GID", b"HOME", b"ADDRESS", b"MAILDIR"],
             "CRAM-%s: authuserdb's record fields" % kind.upper())
        same = [ln for ln in sql
                if b"=" not in ln or ln.split(b"=", 1)[0] in keys]
        t.eq(udb, same, "CRAM-%s: authuserdb's record lines are "
             "authsqlite's, byte for byte" % kind.upper())
        t.eq(u.req(cram_request(kind, b"bob@example.test", b"bobcleaR")),
             ours.req(cram_request(kind, b"bob@example.test", b"bobcleaR")),
             "CRAM-%s wrong response: same FAIL from both" % kind.upper())
    u.stop()
    check_log_clean(t, u, "authuserdb daemon log")


def main():
    why = courier_can_run(COURIER_ROOT)
    if not why and not os.path.exists(os.path.join(
            COURIER_ROOT, "usr/lib/courier-authlib/libauthsqlite.so")):
        why = "Courier's libauthsqlite.so not unpacked"
    with open(AUTHLIB("authdaemond"), "rb") as f:
        if b"authsqlite" not in f.read():
            why = "built --without-sqlite"
    if why:
        t.skip("Courier authsqlite side by side", why)
        t.done()
    work = t.mkdtemp()
    dbpath = os.path.join(work, "users.db")
    ann_hash = run([AUTHLIB("authpasswd"), "sha512crypt"],
                   stdin=b"annpw\n").stdout.strip().decode()
    make_db(dbpath, ann_hash)
    rc = RC.format(db=dbpath)
    # Courier refuses an rc without the shipped file's trailing marker.
    c_sock = courier_start(t, COURIER_ROOT, os.path.join(work, "courier"),
                           "authsqlite",
                           {"authsqliterc": rc + "##NAME: MARKER:0\n"})
    if not t.ok(c_sock is not None, "Courier's authdaemond with authsqlite "
                "starts"):
        t.done()
    rcpath = os.path.join(work, "authsqliterc")
    with open(rcpath, "w") as f:
        f.write(rc)
    ours = AuthDaemon(t, os.path.join(work, "ours"), modules="authsqlite",
                      daemons=2, extra="authsqliterc=%s\n" % rcpath)
    if not t.ok(ours.start(), "our authdaemond with authsqlite starts"):
        t.diag(ours.read_log())
        t.done()
    t.run("compare", compare, ours, c_sock)
    t.run("passwd", compare_passwd, ours, c_sock, dbpath, ann_hash)
    t.run("userdb", userdb_same_record, work, ours)
    ours.stop()
    check_log_clean(t, ours)
    shutil.rmtree(work, ignore_errors=True)
    t.done()


if __name__ == "__main__":
    main()
