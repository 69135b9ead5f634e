#!/usr/bin/python3
"""Side by side with Courier's authdaemond, authtest and makeuserdb from
Debian (unpacked under _deps/courier). Courier compiles its paths in
(/etc/courier, /run/courier/authdaemon, /usr/lib/courier-authlib), so its
programs run in a private mount namespace (unshare -m) where those paths
are bind mounts of temporary directories; nothing on the host changes.

Checks: our makeuserdb writes the same gdbm records as Courier's; Courier's
daemon reads our userdb.dat; both daemons give the same bytes for the same
requests; Courier's authtest works against our daemon and prints what it
prints against Courier's; our authtest prints what Courier's prints."""

import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT  # noqa: E402
from test_auth_support import (AuthDaemon, AUTHLIB, auth_login,  # noqa
                               request, run)

t = Tap()
DEPS = COURIER_ROOT
C_DAEMON = os.path.join(DEPS, "usr/lib/courier/courier-authlib/authdaemond")


def ns_command(work, etc, run_dir, argv):
    """argv run with Courier's compiled-in paths mapped onto our dirs."""
    for sub in ("eu", "ew", "lu", "lw"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    script = (
        "set -e; mount --make-rprivate /; "
        "mount -t overlay overlay -o lowerdir=/etc,upperdir={w}/eu,"
        "workdir={w}/ew /etc; mkdir -p /etc/courier; "
        "mount --bind {etc} /etc/courier; "
        "mount -t overlay overlay -o lowerdir=/usr/lib,upperdir={w}/lu,"
        "workdir={w}/lw /usr/lib; "
        "mkdir -p /usr/lib/courier-authlib /usr/lib/courier; "
        "mount --bind {d}/usr/lib/courier-authlib /usr/lib/courier-authlib; "
        "mount --bind {d}/usr/lib/courier /usr/lib/courier; "
        "mkdir -p /run/courier/authdaemon; "
        "mount --bind {run} /run/courier/authdaemon; "
        "export LD_LIBRARY_PATH={d}/usr/lib; exec \"$@\""
    ).format(w=work, etc=etc, run=run_dir, d=DEPS)
    return ["unshare", "-m", "sh", "-c", script, "sh"] + argv


def can_run():
    if not os.path.exists(C_DAEMON):
        return "Courier not unpacked in _deps/courier"
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return "needs root and unshare(1) for a private mount namespace"
    if subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        return "unshare -m not permitted here"
    return None


def read_gdbm(path):
    import dbm.gnu
    db = dbm.gnu.open(path, "r")
    out = {}
    k = db.firstkey()
    while k is not None:
        out[k] = db[k]
        k = db.nextkey(k)
    db.close()
    return out


USERDB = (b"vuser@example.test\tuid=1001|gid=1001|home=/home/ctest|"
          b"mail=/home/ctest/Maildir|quota=5000000S|"
          b"options=disablepop3=0,group=staff|systempw=%s|imappw=%s|"
          b"hmac-md5pw=%s\n"
          b"# a comment\n\n"
          b"other\tuid=1002|gid=1003|home=/home/other|gecos=Other Person|"
          b"systempw=%s|hmac-md5pw=%s|hmac-sha1pw=%s\n"
          b"1002=\tother\n")


def cram_request(kind, user, secret):
    import base64
    import hmac
    chal = b"<4242.99@mx.example.test>"
    digest = hmac.new(secret, chal, kind).hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = b"imap\ncram-" + kind.encode() + b"\n" + data
    return b"AUTH %d\n" % len(body) + body


def main():
    why = can_run()
    if why:
        t.skip("Courier side-by-side", why)
        t.done()
    try:
        import dbm.gnu  # noqa: F401
    except ImportError:
        dbm_ok = False
    else:
        dbm_ok = True
    work = t.mkdtemp()
    ours = AuthDaemon(t, os.path.join(work, "ours"), daemons=2,
                      extra='DEFAULTOPTIONS="disablewebmail=1"\n')
    md5 = run([AUTHLIB("authpasswd"), "md5crypt"], stdin=b"vpass\n").stdout
    sha = run([AUTHLIB("authpasswd"), "sha512crypt"],
              stdin=b"imappass\n").stdout
    ssha = run([AUTHLIB("authpasswd"), "ssha"], stdin=b"opass\n").stdout
    hmd5 = run([AUTHLIB("userdbpw"), "-hmac-md5"], stdin=b"opass\n").stdout
    hsha = run([AUTHLIB("userdbpw"), "-hmac-sha1"],
               stdin=b"opass\n").stdout
    vmd5 = run([AUTHLIB("userdbpw"), "-hmac-md5"], stdin=b"vpass\n").stdout
    text = USERDB % (md5.strip(), sha.strip(), vmd5.strip(), ssha.strip(),
                     hmd5.strip(), hsha.strip())
    with open(ours.userdb, "wb") as f:
        f.write(text)
    ours.makeuserdb()

    etc = os.path.join(work, "etc")
    run_dir = os.path.join(work, "run")
    os.makedirs(etc)
    os.makedirs(run_dir)
    with open(os.path.join(etc, "authdaemonrc"), "w") as f:
        f.write('authmodulelist="authuserdb"\ndaemons=2\n'
                'authdaemonvar=/run/courier/authdaemon\n')
    with open(os.path.join(etc, "userdb"), "wb") as f:
        f.write(text)
    os.chmod(os.path.join(etc, "userdb"), 0o600)
    p = subprocess.run(ns_command(work, etc, run_dir, [
        "perl", os.path.join(DEPS, "usr/sbin/makeuserdb")]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    t.eq(p.returncode, 0, "Courier's makeuserdb runs")
    if dbm_ok:
        for name in ("userdb.dat", "userdbshadow.dat"):
            theirs = read_gdbm(os.path.join(etc, name))
            mine = read_gdbm(os.path.join(ours.dir, name))
            t.eq(mine, theirs, "makeuserdb: %s has Courier's records"
                 % name)
    else:
        t.skip("gdbm comparison", "python3 without dbm.gnu")
    # Courier's daemon serves our makeuserdb output.
    for name in ("userdb.dat", "userdbshadow.dat"):
        shutil.copy(os.path.join(ours.dir, name), os.path.join(etc, name))
    env = dict(os.environ, DEFAULTOPTIONS="disablewebmail=1")
    t.spawn(ns_command(work, etc, run_dir, [C_DAEMON]), env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    c_sock = os.path.join(run_dir, "socket")
    deadline = time.monotonic() + 10
    while not os.path.exists(c_sock) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    if not t.ok(os.path.exists(c_sock), "Courier's authdaemond starts"):
        t.done()
    t.ok(ours.start(), "our authdaemond starts")

    requests = [
        b"PRE . imap vuser@example.test\n",
        b"PRE . pop3 vuser@example.test\n",
        b"PRE authuserdb pop3 other\n",
        b"PRE . imap nobody@example.test\n",
        auth_login(b"vuser@example.test", b"vpass", "pop3"),
        auth_login(b"vuser@example.test", b"imappass", "imap"),
        auth_login(b"vuser@example.test", b"vpass", "imap"),
        auth_login(b"other", b"opass"),
        auth_login(b"other", b"wrong"),
        auth_login(b"nobody", b"x"),
        b"TCPREMOTEIP=127.0.0.1\n" + auth_login(b"other", b"opass"),
        cram_request("md5", b"other", b"opass"),
        cram_request("md5", b"vuser@example.test", b"vpass"),
        cram_request("sha1", b"other", b"opass"),
        cram_request("md5", b"other", b"wrong"),
        cram_request("sha256", b"other", b"opass"),
        b"ENUMERATE\n",
        b"BOGUS\n",
        b"PASSWD imap\tother\topass\tne\x01w\n",
    ]
    for r in requests:
        got = request(ours.socket, r)
        want = request(c_sock, r)
        if r == b"ENUMERATE\n":
            # Record order follows gdbm's hash order on both sides.
            got = sorted(got.split(b"\n"))
            want = sorted(want.split(b"\n"))
        t.eq(got, want, "same reply as Courier: %r" % r[:40])

    # Courier's authtest against both daemons; ours against both.
    def c_authtest(sock_dir, *args):
        return subprocess.run(ns_command(work, etc, sock_dir, [
            os.path.join(DEPS, "usr/sbin/authtest")] + list(args)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    for args in (["vuser@example.test"], ["vuser@example.test", "vpass"],
                 ["other", "opass"], ["other", "bad"]):
        theirs = c_authtest(run_dir, *args)
        mine_c = c_authtest(ours.var, *args)
        t.eq((mine_c.returncode, mine_c.stdout, mine_c.stderr),
             (theirs.returncode, theirs.stdout, theirs.stderr),
             "Courier's authtest %s: same output from our daemon"
             % " ".join(args))
        mine = run([AUTHLIB("authtest"), "-S", ours.socket] + args,
                   check=False)
        t.eq((mine.returncode, mine.stdout, mine.stderr),
             (theirs.returncode, theirs.stdout, theirs.stderr),
             "our authtest %s prints what Courier's prints"
             % " ".join(args))
    t.done()


if __name__ == "__main__":
    main()
