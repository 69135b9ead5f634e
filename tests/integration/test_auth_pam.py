#!/usr/bin/python3
"""authpam, authshadow and authpwd through authdaemond, with cwrap's
nss_wrapper (a private passwd/shadow/group) and pam_wrapper + pam_matrix
(a private PAM stack per service): nothing on the host is used."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               check_log_clean, run)

t = Tap()
LIBDIR = "/usr/lib/x86_64-linux-gnu"
PAM_WRAPPER = os.path.join(LIBDIR, "libpam_wrapper.so")
NSS_WRAPPER = os.path.join(LIBDIR, "libnss_wrapper.so")
PAM_MATRIX = os.path.join(LIBDIR, "pam_wrapper", "pam_matrix.so")


def setup(workdir):
    alice = run([AUTHLIB("authpasswd"), "sha512crypt"],
                stdin=b"alicepw\n").stdout.strip().decode()
    carol = run([AUTHLIB("authpasswd"), "md5crypt"],
                stdin=b"carolpw\n").stdout.strip().decode()
    files = {
        "passwd": "alice:x:3001:3001:Alice Liddell,Room 1,,:/home/alice:"
                  "/bin/sh\ncarol:%s:3002:3002::/home/carol:/bin/sh\n"
                  % carol,
        "shadow": "alice:%s:19000:0:99999:7:::\n" % alice,
        "group": "alice:x:3001:\ncarol:x:3002:\n",
        "passdb-imap": "alice:pampw:imap\n",
        "passdb-pop3": "alice:pop3pw:pop3\n",
    }
    for name, text in files.items():
        with open(os.path.join(workdir, name), "w") as f:
            f.write(text)
    svc = os.path.join(workdir, "pam.d")
    os.makedirs(svc)
    for service in ("imap", "pop3"):
        with open(os.path.join(svc, service), "w") as f:
            for kind in ("auth", "account", "password"):
                f.write("%s required %s passdb=%s\n"
                        % (kind, PAM_MATRIX,
                           os.path.join(workdir, "passdb-" + service)))
    env = dict(os.environ)
    env.update({
        "LD_PRELOAD": "%s %s" % (PAM_WRAPPER, NSS_WRAPPER),
        "PAM_WRAPPER": "1",
        "PAM_WRAPPER_SERVICE_DIR": svc,
        "NSS_WRAPPER_PASSWD": os.path.join(workdir, "passwd"),
        "NSS_WRAPPER_SHADOW": os.path.join(workdir, "shadow"),
        "NSS_WRAPPER_GROUP": os.path.join(workdir, "group"),
        # The wrappers are preloaded ahead of ASan's runtime in a
        # sanitizer build; that order is fine for them.
        "ASAN_OPTIONS": (os.environ.get("ASAN_OPTIONS", "") +
                         ":verify_asan_link_order=0").lstrip(":"),
    })
    return env, alice, carol


def test_pam(d, alice_hash):
    reply = (b"USERNAME=alice\nGID=3001\nHOME=/home/alice\nADDRESS=alice\n"
             b"NAME=Alice Liddell\nPASSWD=%s\nPASSWD2=%s\n.\n")
    t.eq(d.req(auth_login(b"alice", b"pampw", "imap")),
         reply % (alice_hash, b"pampw"),
         "authpam: login, reply in Courier's form")
    t.eq(d.req(auth_login(b"alice", b"pampw", "pop3")), b"FAIL\n",
         "authpam: PAM service name is the request's (pop3)")
    t.eq(d.req(auth_login(b"alice", b"pop3pw", "pop3")),
         reply % (alice_hash, b"pop3pw"), "authpam: pop3 password")
    t.eq(d.req(auth_login(b"alice", b"wrong", "imap")), b"FAIL\n",
         "authpam: wrong password")
    t.eq(d.req(auth_login(b"mallory", b"x", "imap")), b"FAIL\n",
         "authpam: unknown user")
    t.eq(d.req(b"PRE . imap alice\n"),
         b"USERNAME=alice\nGID=3001\nHOME=/home/alice\nADDRESS=alice\n"
         b"NAME=Alice Liddell\nPASSWD=%s\n.\n" % alice_hash, "authpam: PRE")
    t.eq(d.req(b"PASSWD imap\talice\twrong\tnewpam\n"), b"FAIL\n",
         "authpam: PASSWD with a wrong old password")
    t.eq(d.req(b"PASSWD imap\talice\tpampw\tnewpam\n"), b"OK\n",
         "authpam: PASSWD through pam_chauthtok")
    t.ok(d.req(auth_login(b"alice", b"newpam", "imap")).startswith(
        b"USERNAME=alice"), "authpam: login with the new password")
    enum = d.req(b"ENUMERATE\n")
    t.eq(enum, b"# authpam\n\nalice\t3001\t3001\t/home/alice\t\t\n"
         b"carol\t3002\t3002\t/home/carol\t\t\n.\n", "authpam: ENUMERATE")
    for n in (b"alice'", b"*", b"al%", b"alice\\", b"x" * 5000):
        t.eq(d.req(auth_login(n, b"pampw", "imap")), b"FAIL\n",
             "authpam: hostile name %r refused" % n[:10])


def test_shadow(d, alice_hash):
    r = d.req(auth_login(b"alice", b"alicepw"))
    t.eq(r, b"USERNAME=alice\nGID=3001\nHOME=/home/alice\nADDRESS=alice\n"
         b"NAME=Alice Liddell\nPASSWD=%s\nPASSWD2=alicepw\n.\n" % alice_hash,
         "authshadow: login with the shadow password")
    t.eq(d.req(auth_login(b"alice", b"pampw")), b"FAIL\n",
         "authshadow: wrong password")
    t.eq(d.req(auth_login(b"carol", b"carolpw")), b"FAIL\n",
         "authshadow: no shadow entry, no login")
    t.eq(d.req(b"PASSWD login\talice\talicepw\tx\n"), b"FAIL\n",
         "authshadow: no password change")
    p = run([AUTHLIB("authtest"), "-S", d.socket, "alice", "alicepw"],
            check=False)
    t.eq(p.stdout.decode().splitlines()[:4],
         ["Authentication succeeded.", "",
          "     Authenticated: alice  (system username: alice)",
          "    Home Directory: /home/alice"], "authtest, system account")


def test_pwd(d, carol_hash):
    t.ok(d.req(auth_login(b"carol", b"carolpw")).startswith(
        b"USERNAME=carol\nGID=3002\nHOME=/home/carol\nADDRESS=carol\n"
        b"NAME=\nPASSWD=" + carol_hash + b"\n"),
        "authpwd: login with the passwd-file password")
    t.eq(d.req(auth_login(b"alice", b"alicepw")), b"FAIL\n",
         "authpwd: 'x' password never matches")


def main():
    for f in (PAM_WRAPPER, NSS_WRAPPER, PAM_MATRIX):
        if not os.path.exists(f):
            t.skip("authpam/authshadow", "%s missing: apt-get install "
                   "libpam-wrapper libnss-wrapper" % f)
            t.done()
    with t.tempdir() as workdir:
        env, alice, carol = setup(workdir)
        for module, fn, arg in (("authpam", test_pam, alice),
                                ("authshadow", test_shadow, alice),
                                ("authpwd", test_pwd, carol)):
            d = AuthDaemon(t, os.path.join(workdir, module), modules=module,
                           daemons=2)
            with open(AUTHLIB("authdaemond"), "rb") as f:
                built = f.read()
            if module == "authpam" and b"authpam" not in built:
                t.skip("authpam", "built --without-pam")
                continue
            if module == "authpam" and b"__asan_init" in built:
                t.skip("authpam", "pam_wrapper dlopens libpam with "
                       "RTLD_DEEPBIND, which AddressSanitizer refuses")
                continue
            if not t.ok(d.start(env=env), "authdaemond with %s starts"
                        % module):
                t.diag(d.read_log())
                continue
            t.run(module, fn, d, arg.encode())
            d.stop()
            check_log_clean(t, d, module)
    t.done()


main()
