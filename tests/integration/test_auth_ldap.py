#!/usr/bin/python3
"""authldap against a real OpenLDAP slapd started in a temporary
directory on 127.0.0.1: every record field, CRAM, ENUMERATE, PASSWD,
LDAP_FILTER, LDAP_AUTHBIND, LDAP_EMAILMAP, several URIs, RFC 4515
escaping of hostile names, and slapd stopped and restarted mid-test."""

import base64
import hmac
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT, free_port, wait_port  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_log_clean, courier_can_run,
                               courier_start, cram_request, request, run)

t = Tap()
SLAPD = "/usr/sbin/slapd"
SCHEMA = "/etc/ldap/schema"
BASE = "dc=example,dc=test"
ROOT = "cn=admin," + BASE

# A private schema for the test's mail attributes (example OID arc).
TEST_SCHEMA = """
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'estClearPassword'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'estMailbox'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'estQuota'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.4 NAME 'estDisableImap'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.5 NAME 'estHandle'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.6 NAME 'estUserid'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
attributetype ( 1.3.6.1.4.1.99999.1.7 NAME 'estRealm'
  EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'estMailAccount' AUXILIARY
  MAY ( estClearPassword $ estMailbox $ estQuota $ estDisableImap $
        estHandle ) )
objectclass ( 1.3.6.1.4.1.99999.2.2 NAME 'estMapEntry' STRUCTURAL
  MUST cn MAY ( estUserid $ estRealm $ estHandle ) )
"""


class Slapd:
    def __init__(self, workdir):
        self.dir = workdir
        self.port = free_port()
        self.uri = "ldap://127.0.0.1:%d" % self.port
        self.proc = None
        os.makedirs(os.path.join(workdir, "db"))
        with open(os.path.join(workdir, "est.schema"), "w") as f:
            f.write(TEST_SCHEMA)
        self.cert = self.make_cert()
        with open(os.path.join(workdir, "slapd.conf"), "w") as f:
            for s in ("core", "cosine", "nis", "inetorgperson"):
                f.write("include %s/%s.schema\n" % (SCHEMA, s))
            if self.cert:
                f.write("TLSCertificateFile %s\nTLSCertificateKeyFile "
                        "%s/key.pem\n" % (self.cert, workdir))
            f.write("include %s/est.schema\n" % workdir)
            f.write("pidfile %s/slapd.pid\nmodulepath /usr/lib/ldap\n"
                    "moduleload back_mdb.so\ndatabase mdb\n"
                    "maxsize 10485760\nsuffix \"%s\"\nrootdn \"%s\"\n"
                    "rootpw secret\ndirectory %s/db\n"
                    % (workdir, BASE, ROOT, workdir))

    def make_cert(self):
        """A self-signed certificate for 127.0.0.1 (for StartTLS)."""
        if shutil.which("certtool") is None:
            return None
        key = os.path.join(self.dir, "key.pem")
        cert = os.path.join(self.dir, "cert.pem")
        tmpl = os.path.join(self.dir, "cert.cfg")
        with open(tmpl, "w") as f:
            f.write('cn = "127.0.0.1"\nip_address = "127.0.0.1"\n'
                    'expiration_days = 2\nca\ncert_signing_key\n'
                    'signing_key\nencryption_key\ntls_www_server\n')
        for argv in (["certtool", "--generate-privkey", "--outfile", key],
                     ["certtool", "--generate-self-signed", "--load-privkey",
                      key, "--template", tmpl, "--outfile", cert]):
            if subprocess.run(argv, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode != 0:
                return None
        return cert

    def start(self):
        self.proc = t.spawn([SLAPD, "-f", os.path.join(self.dir,
                                                      "slapd.conf"),
                             "-h", self.uri + "/", "-d", "0"],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
        return wait_port(self.port, 15)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(20)

    def add(self, ldif):
        return subprocess.run(["ldapadd", "-x", "-H", self.uri, "-D", ROOT,
                               "-w", "secret"], input=ldif.encode(),
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)

    def get(self, dn, attr):
        p = subprocess.run(["ldapsearch", "-x", "-LLL", "-H", self.uri,
                            "-D", ROOT, "-w", "secret", "-b", dn, "-s",
                            "base", attr], stdout=subprocess.PIPE)
        return p.stdout.decode()


def ldif(ann_hash, bob_hash):
    return """dn: %(b)s
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,%(b)s
objectClass: organizationalUnit
ou: people

dn: ou=map,%(b)s
objectClass: organizationalUnit
ou: map

dn: uid=ann,ou=people,%(b)s
objectClass: inetOrgPerson
objectClass: posixAccount
objectClass: estMailAccount
uid: ann
cn: Ann Example
sn: Example
mail: ann@example.test
uidNumber: 2001
gidNumber: 2002
homeDirectory: /home/ann
userPassword: {CRYPT}%(ann)s
estMailbox: /home/ann/Maildir
estQuota: 1000000S
estDisableImap: 0

dn: uid=bob,ou=people,%(b)s
objectClass: inetOrgPerson
objectClass: posixAccount
objectClass: estMailAccount
uid: bob
cn: Bob
sn: B
mail: bob@example.test
uidNumber: 2003
gidNumber: 2004
homeDirectory: bob
userPassword: %(bob)s
estClearPassword: bobclear
estHandle: h-bob

dn: uid=off,ou=people,%(b)s
objectClass: inetOrgPerson
objectClass: posixAccount
uid: off
cn: Off
sn: O
mail: off@example.test
uidNumber: 2005
gidNumber: 2005
homeDirectory: /home/off
userPassword: offpw

dn: cn=m1,ou=map,%(b)s
objectClass: estMapEntry
cn: m1
estUserid: john
estRealm: map.test
estHandle: h-bob
""" % {"b": BASE, "ann": ann_hash, "bob": bob_hash}


def rc_text(slapd, extra="", uris=None):
    return ("LDAP_URI\t%s\nLDAP_BASEDN\t%s\nLDAP_BINDDN\t%s\n"
            "LDAP_BINDPW\tsecret\nLDAP_TIMEOUT\t3\nLDAP_MAIL\tmail\n"
            "LDAP_HOMEDIR\thomeDirectory\nLDAP_MAILROOT\t/var/mail\n"
            "LDAP_MAILDIR\testMailbox\nLDAP_MAILDIRQUOTA\testQuota\n"
            "LDAP_FULLNAME\tcn\nLDAP_CLEARPW\testClearPassword\n"
            "LDAP_CRYPTPW\tuserPassword\nLDAP_UID\tuidNumber\n"
            "LDAP_GID\tgidNumber\nLDAP_DOMAIN\texample.test\n"
            "LDAP_FILTER\t(objectClass=estMailAccount)\n"
            "LDAP_AUXOPTIONS\testDisableImap=disableimap\n"
            "LDAP_DEREF\tnever\nLDAP_TLS\t0\n%s"
            % (uris or slapd.uri, BASE, ROOT, extra))


def cram(d, user, secret):
    chal = b"<99.1@mx.example.test>"
    digest = hmac.new(secret, chal, "sha256").hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = b"imap\ncram-sha256\n" + data
    return d.req(b"AUTH %d\n" % len(body) + body)


def test_courier(workdir, d, slapd):
    """The same directory and authldaprc under Courier's own authldap
    module: CRAM-MD5/SHA1/SHA256 against LDAP_CLEARPW (right and wrong
    response), login, PRE and ENUMERATE give the same bytes."""
    why = courier_can_run(COURIER_ROOT)
    if not why and not os.path.exists(os.path.join(
            COURIER_ROOT, "usr/lib/courier-authlib/libauthldap.so")):
        why = "Courier's libauthldap.so not unpacked"
    if why:
        t.skip("Courier authldap side by side", why)
        return
    c_sock = courier_start(t, COURIER_ROOT, os.path.join(workdir, "c-ldap"),
                           "authldap", {"authldaprc": rc_text(slapd) +
                                        "##NAME: MARKER:0\n"})
    if not t.ok(c_sock is not None, "Courier's authdaemond with authldap "
                "starts"):
        return
    if request(c_sock, b"PRE . imap ann@example.test\n") == b"":
        with open(os.path.join(workdir, "c-ldap", "daemon.log")) as f:
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
        t.eq(got, want, "same reply as Courier's authldap: %r"
             % r.split(b"\n")[2 if r.startswith(b"AUTH") else 0][:60])


def test_basic(d, slapd, ann_hash):
    t.eq(d.req(b"PRE . imap ann@example.test\n"),
         b"UID=2001\nGID=2002\nHOME=/var/mail//home/ann\n"
         b"ADDRESS=ann@example.test\n"
         b"NAME=Ann Example\nMAILDIR=/home/ann/Maildir\nQUOTA=1000000S\n"
         b"PASSWD={CRYPT}" + ann_hash + b"\nOPTIONS=disableimap=0\n.\n",
         "PRE: every field, LDAP_AUXOPTIONS, LDAP_MAILROOT put before even "
         "an absolute home (as Courier's authldap does)")
    r = d.req(auth_login(b"ann", b"annpw"))
    t.ok(r.startswith(b"UID=2001\n") and b"PASSWD2=annpw\n" in r,
         "login, LDAP_DOMAIN appended", r)
    t.eq(d.req(auth_login(b"ann@example.test", b"wrong")), b"FAIL\n",
         "wrong password")
    t.eq(d.req(auth_login(b"zed@example.test", b"x")), b"FAIL\n",
         "unknown user")
    t.eq(d.req(auth_login(b"off@example.test", b"offpw")), b"FAIL\n",
         "LDAP_FILTER excludes an entry")
    r = d.req(b"PRE . imap bob\n")
    t.ok(r.startswith(b"UID=2003\nGID=2004\nHOME=/var/mail/bob\n"),
         "relative home under LDAP_MAILROOT", r)
    t.ok(cram(d, b"bob@example.test", b"bobclear").startswith(
        b"UID=2003"), "CRAM-SHA256 with LDAP_CLEARPW")
    t.eq(cram(d, b"bob@example.test", b"bobcleaR"), b"FAIL\n",
         "CRAM wrong secret")
    t.eq(d.req(b"ENUMERATE\n"), b"# authldap\n\n"
         b"ann@example.test\t2001\t2002\t/home/ann\t/home/ann/Maildir\t"
         b"disableimap=0\n"
         b"bob@example.test\t2003\t2004\tbob\t\t\n.\n",
         "ENUMERATE (homeDirectory as stored, as Courier lists it)")
    for n in (b"*", b"ann*", b"*@example.test", b"a)(mail=*",
              b"ann@example.test)(|(mail=*", b"\\2a", b"ann\\", b"(", b")",
              b"x" * 4000):
        t.eq(d.req(auth_login(n, b"annpw")), b"FAIL\n",
             "hostile name %r refused" % n[:24])
    t.eq(d.req(b"PASSWD imap\tann@example.test\tannpw\tnewann\n"), b"OK\n",
         "PASSWD")
    t.ok("userPassword:: " in slapd.get("uid=ann,ou=people," + BASE,
                                        "userPassword"),
         "PASSWD replaced userPassword")
    t.ok(d.req(auth_login(b"ann", b"newann")).startswith(b"UID=2001"),
         "login with the new password")
    t.eq(d.req(auth_login(b"ann", b"annpw")), b"FAIL\n",
         "old password refused")


def test_restart(d, slapd):
    slapd.stop()
    t.eq(d.req(b"PRE . imap ann@example.test\n"), b"",
         "slapd down: no reply (temporary failure)")
    t.ok(slapd.start(), "slapd back")
    ok = all(d.req(b"PRE . imap ann@example.test\n").startswith(b"UID=")
             for _ in range(6))
    t.ok(ok, "every worker reconnects")


def test_variants(workdir, slapd):
    dead = "ldap://127.0.0.1:%d" % free_port()
    cases = [
        ("authbind", "LDAP_AUTHBIND\t1\n", None),
        ("emailmap", "LDAP_EMAILMAP\t(&(estUserid=@user@)"
         "(estRealm=@realm@))\nLDAP_EMAILMAP_BASEDN\tou=map,%s\n"
         "LDAP_EMAILMAP_ATTRIBUTE\testHandle\nLDAP_EMAILMAP_MAIL\t"
         "estHandle\n" % BASE, None),
        ("uris", "", "%s, %s" % (dead, slapd.uri)),
        ("starttls", "LDAP_TLS\t1\n", None),
        ("starttls-untrusted", "LDAP_TLS\t1\n", None),
    ]
    for name, extra, uris in cases:
        rcextra = ""
        if name.startswith("starttls"):
            if slapd.cert is None:
                t.skip(name, "certtool missing: no certificate for slapd")
                continue
            # authdaemonrc's LDAPTLS_* reach libldap, as with Courier.
            rcextra = ("LDAPTLS_CACERT=%s\n" % slapd.cert
                       if name == "starttls" else
                       "LDAPTLS_CACERT=/nonexistent\n")
        rc = os.path.join(workdir, name + ".rc")
        with open(rc, "w") as f:
            # LDAP_TLS appears twice for starttls: the later line wins.
            f.write(rc_text(slapd, extra, uris))
        d = AuthDaemon(t, os.path.join(workdir, name), modules="authldap",
                       daemons=1,
                       extra="authldaprc=%s\n%s" % (rc, rcextra))
        if not t.ok(d.start(), "%s: daemon starts" % name):
            t.diag(d.read_log())
            continue
        if name == "authbind":
            t.ok(d.req(auth_login(b"bob", b"bobclear")).startswith(
                b"UID=2003"), "LDAP_AUTHBIND: bind as the user")
            t.eq(d.req(auth_login(b"bob", b"bobcleaR")), b"FAIL\n",
                 "LDAP_AUTHBIND: wrong password")
        elif name == "emailmap":
            r = d.req(auth_login(b"john@map.test", b"bobclear"))
            t.ok(r.startswith(b"UID=2003") and b"ADDRESS=h-bob\n" in r,
                 "LDAP_EMAILMAP: address mapped to the handle", r)
            t.eq(d.req(auth_login(b"j*@map.test", b"bobclear")), b"FAIL\n",
                 "LDAP_EMAILMAP: hostile name refused")
        elif name == "starttls":
            t.ok(d.req(b"PRE . imap ann\n").startswith(b"UID=2001"),
                 "LDAP_TLS: lookup over StartTLS")
        elif name == "starttls-untrusted":
            t.eq(d.req(b"PRE . imap ann\n"), b"",
                 "LDAP_TLS with an untrusted certificate: temporary "
                 "failure")
        else:
            t.ok(d.req(b"PRE . imap ann\n").startswith(b"UID=2001"),
                 "second URI used when the first is dead")
        check_log_clean(t, d, name)
        d.stop()


def main():
    if not os.path.exists(SLAPD) or shutil.which("ldapadd") is None:
        t.skip("authldap", "slapd or ldap-utils not installed "
               "(apt-get install slapd ldap-utils)")
        t.done()
    with open(AUTHLIB("authdaemond"), "rb") as f:
        if b"authldap" not in f.read():
            t.skip("authldap", "built --without-ldap")
            t.done()
    with t.tempdir() as workdir:
        slapd = Slapd(os.path.join(workdir, "slapd"))
        if not t.ok(slapd.start(), "slapd starts"):
            t.done()
        ann = run([AUTHLIB("authpasswd"), "sha512crypt"],
                  stdin=b"annpw\n").stdout.strip()
        bob = run([AUTHLIB("authpasswd"), "ssha"],
                  stdin=b"bobclear\n").stdout.strip()
        p = slapd.add(ldif(ann.decode(), bob.decode()))
        t.ok(p.returncode == 0, "directory loaded", p.stderr)
        rc = os.path.join(workdir, "authldaprc")
        with open(rc, "w") as f:
            f.write(rc_text(slapd))
        d = AuthDaemon(t, os.path.join(workdir, "d"), modules="authldap",
                       daemons=2, extra="authldaprc=%s\n" % rc)
        if not t.ok(d.start(), "authdaemond with authldap starts"):
            t.diag(d.read_log())
            t.done()
        t.run("courier", test_courier, workdir, d, slapd)
        t.run("basic", test_basic, d, slapd, ann)
        t.run("variants", test_variants, workdir, slapd)
        t.run("restart", test_restart, d, slapd)
        check_log_clean(t, d)
        d.stop()
        slapd.stop()
        time.sleep(0.1)
    t.done()


main()
