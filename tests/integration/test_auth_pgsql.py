#!/usr/bin/python3
"""authpgsql against a real PostgreSQL server started in a temporary
directory (as user nobody, on a private Unix socket and 127.0.0.1): every
record field, CRAM, ENUMERATE, PASSWD, custom clauses, hostile names, and
a server restart in the middle (temporary failure, then recovery)."""

import base64
import glob
import hmac
import os
import pwd
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT, free_port  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_bad_requests, check_concurrency,
                               check_log_clean, courier_can_run,
                               courier_start, cram_request, request, run)

t = Tap()


def pg_bin(name):
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))
    return found[-1] if found else None


class Postgres:
    def __init__(self, workdir):
        self.data = os.path.join(workdir, "pgdata")
        self.sock = os.path.join(workdir, "pgsock")
        self.port = free_port()
        self.proc = None
        nobody = pwd.getpwnam("nobody")
        for d in (self.sock, self.data):
            os.makedirs(d, mode=0o700)
            os.chown(d, nobody.pw_uid, nobody.pw_gid)
        subprocess.run([pg_bin("initdb"), "-D", self.data, "-U", "mail",
                        "--auth=trust", "-E", "UTF8", "--no-sync"],
                       check=True, user="nobody", group="nogroup",
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       cwd="/")

    def start(self):
        self.proc = t.spawn([pg_bin("postgres"), "-D", self.data, "-k",
                             self.sock, "-h", "127.0.0.1", "-p",
                             str(self.port), "-F"], user="nobody",
                            group="nogroup", stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd="/")
        for _ in range(200):
            if self.psql("SELECT 1", check=False).returncode == 0:
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        if self.proc is not None:
            # SIGINT = fast shutdown: clients are disconnected.
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(20)
            self.proc = None

    def psql(self, sql, check=True):
        return subprocess.run([pg_bin("psql"), "-h", self.sock, "-p",
                               str(self.port), "-U", "mail", "-d",
                               "postgres", "-v", "ON_ERROR_STOP=1", "-qAt",
                               "-c", sql], user="nobody", group="nogroup",
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=check, cwd="/")


def cram(d, kind, user, secret):
    chal = b"<4711.42@mx.example.test>"
    digest = hmac.new(secret, chal, kind).hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = b"imap\ncram-" + kind.encode() + b"\n" + data
    return d.req(b"AUTH %d\n" % len(body) + body)


def rc_text(pg, extra=""):
    return ("PGSQL_CONNECTION\thost=%s \\\n\tport=%d user=mail\n"
            "PGSQL_DATABASE\tpostgres\nPGSQL_USER_TABLE\tpasswd\n"
            "PGSQL_CRYPT_PWFIELD\tcrypt\nPGSQL_CLEAR_PWFIELD\tclear\n"
            "PGSQL_UID_FIELD\tuid\nPGSQL_GID_FIELD\tgid\n"
            "PGSQL_LOGIN_FIELD\tid\nPGSQL_HOME_FIELD\thome\n"
            "PGSQL_NAME_FIELD\tname\nPGSQL_MAILDIR_FIELD\tmaildir\n"
            "PGSQL_QUOTA_FIELD\tquota\nPGSQL_AUXOPTIONS_FIELD\toptions\n"
            "PGSQL_WHERE_CLAUSE\tactive\nDEFAULT_DOMAIN\texample.test\n%s"
            % (pg.sock, pg.port, extra))


def test_basic(d, pg, ann_hash):
    t.eq(d.req(b"PRE . imap ann@example.test\n"),
         b"UID=2001\nGID=2002\nHOME=/home/ann\nADDRESS=ann@example.test\n"
         b"NAME=Ann Example\nMAILDIR=/home/ann/Maildir\nQUOTA=1000000S\n"
         b"PASSWD=" + ann_hash + b"\nOPTIONS=disableimap=0\n.\n",
         "PRE: every field")
    r = d.req(auth_login(b"ann", b"annpw"))
    t.ok(r.startswith(b"UID=2001\n") and b"PASSWD2=annpw\n" in r,
         "login (DEFAULT_DOMAIN appended)", r)
    t.eq(d.req(auth_login(b"ann@example.test", b"wrong")), b"FAIL\n",
         "wrong password")
    t.eq(d.req(auth_login(b"nobody@example.test", b"x")), b"FAIL\n",
         "unknown user")
    t.eq(d.req(auth_login(b"off@example.test", b"offpw")), b"FAIL\n",
         "PGSQL_WHERE_CLAUSE excludes an inactive account")
    for kind in ("md5", "sha1", "sha256"):
        t.ok(cram(d, kind, b"bob@example.test", b"bobclear").startswith(
            b"UID=2003\n"), "CRAM-%s" % kind.upper())
        t.eq(cram(d, kind, b"bob@example.test", b"x"), b"FAIL\n",
             "CRAM-%s wrong secret" % kind.upper())
    t.eq(d.req(b"ENUMERATE\n"), b"# authpgsql\n\n"
         b"ann@example.test\t2001\t2002\t/home/ann\t/home/ann/Maildir\t"
         b"disableimap=0\nbob@example.test\t2003\t2004\t/home/bob\t\t\n.\n",
         "ENUMERATE")
    names = [b"ann@example.test' OR '1'='1", b"' OR 1=1; DROP TABLE passwd "
             b"--", b"*", b"ann%", b"a)(uid=*", b"a\\b", b"x" * 4000,
             "\u00e4nn@example.test".encode()]
    for n in names:
        t.eq(d.req(auth_login(n, b"annpw")), b"FAIL\n",
             "hostile login %r refused" % n[:24])
    t.eq(pg.psql("SELECT count(*) FROM passwd").stdout, b"3\n",
         "table intact")
    t.eq(d.req(b"PASSWD imap\tbob@example.test\tbobclear\tnewbob\n"),
         b"OK\n", "PASSWD OK")
    row = pg.psql("SELECT crypt, clear FROM passwd WHERE "
                  "id='bob@example.test'").stdout
    t.ok(row.startswith(b"$y$") and row.endswith(b"|newbob\n"),
         "PASSWD updated crypt and clear", row)
    t.eq(d.req(b"PASSWD imap\tbob@example.test\tbobclear\tx\n"), b"FAIL\n",
         "PASSWD with the old password now fails")


def test_courier(workdir, d, pg):
    """The same server and authpgsqlrc under Courier's own authpgsql
    module must give the same bytes: CRAM-MD5/SHA1/SHA256 against the
    clear-text column (right and wrong response), login, PRE,
    ENUMERATE."""
    why = courier_can_run(COURIER_ROOT)
    if not why and not os.path.exists(os.path.join(
            COURIER_ROOT, "usr/lib/courier-authlib/libauthpgsql.so")):
        why = "Courier's libauthpgsql.so not unpacked"
    if why:
        t.skip("Courier authpgsql side by side", why)
        return
    # Courier takes the database from PGSQL_CONNECTION alone when that
    # key is set (ours also honours PGSQL_DATABASE there).
    rc = rc_text(pg).replace("user=mail", "user=mail dbname=postgres")
    c_sock = courier_start(t, COURIER_ROOT, os.path.join(workdir, "c-pg"),
                           "authpgsql",
                           {"authpgsqlrc": rc + "##NAME: MARKER:0\n"})
    if not t.ok(c_sock is not None, "Courier's authdaemond with authpgsql "
                "starts"):
        return
    if request(c_sock, b"PRE . imap ann@example.test\n") == b"":
        with open(os.path.join(workdir, "c-pg", "daemon.log")) as f:
            t.diag(f.read()[-3000:])
    reqs = []
    for kind in ("md5", "sha1", "sha256"):
        for user, secret in ((b"bob@example.test", b"bobclear"),
                             (b"bob", b"bobclear"),
                             (b"bob@example.test", b"bobcleaR"),
                             (b"ann@example.test", b"annpw"),
                             (b"off@example.test", b"offpw")):
            reqs.append(cram_request(kind, user, secret))
    reqs += [auth_login(b"ann", b"annpw"), auth_login(b"bob", b"bobclear"),
             auth_login(b"ann", b"wrong"), b"PRE . imap ann@example.test\n",
             b"PRE . pop3 bob\n", b"PRE . imap nobody\n", b"ENUMERATE\n"]
    for r in reqs:
        got = d.req(r)
        want = request(c_sock, r)
        if r == b"ENUMERATE\n":
            got = sorted(got.split(b"\n"))
            want = sorted(want.split(b"\n"))
        t.eq(got, want, "same reply as Courier's authpgsql: %r"
             % r.split(b"\n")[2 if r.startswith(b"AUTH") else 0][:60])


def test_load(d):
    good = auth_login(b"bob@example.test", b"bobclear")
    check_concurrency(t, d, good, b"UID=2003\n",
                      auth_login(b"bob@example.test", b"bobcleaR"),
                      "authpgsql")
    check_bad_requests(t, d, b"PRE . imap ann@example.test\n",
                       b"UID=2001\n", "authpgsql")


def test_restart(d, pg):
    pg.stop()
    t.eq(d.req(b"PRE . imap ann@example.test\n"), b"",
         "server down: no reply (temporary failure)")
    p = run([AUTHLIB("authtest"), "-S", d.socket, "ann", "annpw"],
            check=False)
    t.ok(p.returncode == 1 and b"temporarily" in p.stderr,
         "authtest: temporary failure", p.stderr)
    t.ok(pg.start(), "server back")
    ok = all(d.req(b"PRE . imap ann@example.test\n").startswith(b"UID=")
             for _ in range(6))
    t.ok(ok, "every worker reconnects after the restart")


def test_custom(workdir, pg):
    rc = os.path.join(workdir, "custom.rc")
    with open(rc, "w") as f:
        f.write(rc_text(pg, "PGSQL_SELECT_CLAUSE\tSELECT id, crypt, clear, "
                "uid, gid, home, maildir, quota, name, '$(service)' "
                "FROM passwd WHERE id = '$(local_part)@$(domain)'\n"))
    d = AuthDaemon(t, os.path.join(workdir, "c"), modules="authpgsql",
                   extra="authpgsqlrc=%s\n" % rc)
    if not t.ok(d.start(), "authdaemond with a custom clause starts"):
        return
    t.ok(d.req(b"PRE . pop3 ann@example.test\n").endswith(
        b"OPTIONS=pop3\n.\n"), "$(service) bound")
    t.eq(d.req(b"PRE . pop3 ann@example.test'--\n"), b"FAIL\n",
         "custom clause: quote stays data")
    check_log_clean(t, d, "custom")
    d.stop()


def main():
    if pg_bin("postgres") is None:
        t.skip("authpgsql", "PostgreSQL server not installed "
               "(apt-get install postgresql)")
        t.done()
    with open(AUTHLIB("authdaemond"), "rb") as f:
        if b"authpgsql" not in f.read():
            t.skip("authpgsql", "built --without-pgsql")
            t.done()
    with t.tempdir() as workdir:
        os.chmod(workdir, 0o755)
        pg = Postgres(workdir)
        if not t.ok(pg.start(), "PostgreSQL starts"):
            t.done()
        ann_hash = run([AUTHLIB("authpasswd"), "sha256crypt"],
                       stdin=b"annpw\n").stdout.strip()
        pg.psql("CREATE TABLE passwd (id text PRIMARY KEY, crypt text, "
                "clear text, uid int, gid int, home text, name text, "
                "maildir text, quota text, options text, active bool)")
        pg.psql("INSERT INTO passwd VALUES ('ann@example.test', '%s', '', "
                "2001, 2002, '/home/ann', 'Ann Example', "
                "'/home/ann/Maildir', '1000000S', 'disableimap=0', true), "
                "('bob@example.test', '', 'bobclear', 2003, 2004, "
                "'/home/bob', '', '', '', '', true), "
                "('off@example.test', '', 'offpw', 2005, 2005, '/home/off',"
                " '', '', '', '', false)" % ann_hash.decode())
        rc = os.path.join(workdir, "authpgsqlrc")
        with open(rc, "w") as f:
            f.write(rc_text(pg))
        d = AuthDaemon(t, os.path.join(workdir, "d"), modules="authpgsql",
                       daemons=3, extra="authpgsqlrc=%s\n" % rc)
        if not t.ok(d.start(), "authdaemond with authpgsql starts"):
            t.diag(d.read_log())
            t.done()
        t.run("courier", test_courier, workdir, d, pg)
        t.run("load", test_load, d)
        t.run("basic", test_basic, d, pg, ann_hash)
        t.run("restart", test_restart, d, pg)
        t.run("custom", test_custom, workdir, pg)
        check_log_clean(t, d)
        d.stop()
        pg.stop()
    t.done()


main()
