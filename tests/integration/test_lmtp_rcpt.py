#!/usr/bin/python3
"""lmtpd's recipient resolution against a real authdaemond (userdb) and a
real aliases.dat made by makealiases: accounts found by full address or by
local part, aliases to several users, unknown members skipped, file
targets, unknown recipients, and a temporary failure while authdaemond is
down (and recovery when it is back)."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, build_path  # noqa: E402
from test_auth_support import AuthDaemon  # noqa: E402

t = Tap()
TOOL = build_path("lmtp", "lmtp-rcpt-tool")


def resolve(auth, aliases, *addrs):
    p = subprocess.run([TOOL, "-S", auth.socket, "-a", aliases,
                        "-m", "mail.test"] + list(addrs),
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout


def setup(d):
    auth = AuthDaemon(t, os.path.join(d, "auth"))
    for user, uid in (("alice", 2001), ("bob@mail.test", 2002),
                      ("carol@other.test", 2003)):
        auth.userdb_set(user, "uid=%d" % uid, "gid=%d" % uid,
                        "home=/home/%s" % user.split("@")[0],
                        "mail=/home/%s/Maildir" % user.split("@")[0])
        auth.set_password(user, b"pw")
    auth.makeuserdb()
    src = os.path.join(d, "aliases.src")
    with open(src, "w") as f:
        f.write("staff: alice, bob, carol@other.test\n"
                "partly: alice, nosuch\n"
                "ghosts: nosuch, nobody-here\n"
                "archive: /srv/archive/Maildir\n"
                "log: | /usr/bin/logger\n")
    aliases = os.path.join(d, "aliases.dat")
    subprocess.run([build_path("aliases", "makealiases"), "-src=" + src,
                    "-alias=" + aliases, "-me=mail.test"], check=True)
    return auth, aliases


def main():
    d = t.mkdtemp()
    auth, aliases = setup(d)
    if not t.ok(auth.start(), "authdaemond starts"):
        t.done()
    rc, out = resolve(auth, aliases, "alice@mail.test")
    t.ok(rc == 0 and "account alice@mail.test uid=2001 gid=2001 "
         "home=/home/alice maildir=/home/alice/Maildir" in out,
         "local domain: found by local part", out)
    rc, out = resolve(auth, aliases, "bob@mail.test")
    t.ok(rc == 0 and "uid=2002" in out, "found by full address", out)
    rc, out = resolve(auth, aliases, "carol@other.test")
    t.ok(rc == 0 and "uid=2003" in out, "other domain, full address", out)
    rc, out = resolve(auth, aliases, "alice@other.test")
    t.eq((rc, out), (1, "alice@other.test: unknown\n"),
         "a foreign domain is not matched by local part")
    rc, out = resolve(auth, aliases, "Staff@Mail.Test")
    t.ok(rc == 0 and out.count("  account ") == 3 and "uid=2001" in out
         and "uid=2002" in out and "uid=2003" in out,
         "alias to three accounts (case-insensitive)", out)
    rc, out = resolve(auth, aliases, "partly")
    t.ok(rc == 0 and out.count("  account ") == 1 and "uid=2001" in out,
         "unknown alias member skipped, the rest delivered", out)
    rc, out = resolve(auth, aliases, "ghosts@mail.test")
    t.eq((rc, out), (1, "ghosts@mail.test: unknown\n"),
         "alias with no deliverable member: unknown")
    rc, out = resolve(auth, aliases, "archive@mail.test")
    t.ok(rc == 0 and "  file archive@mail.test /srv/archive/Maildir" in out,
         "file target kept as a path", out)
    rc, out = resolve(auth, aliases, "log@mail.test")
    t.eq(rc, 1, "program target refused (lmtpd runs no programs)")
    rc, out = resolve(auth, aliases, "nobody-at-all@mail.test")
    t.eq(rc, 1, "unknown recipient")
    rc, out = resolve(auth, aliases, "a*)(b@mail.test", "x\"y@mail.test")
    t.eq(rc, 1, "hostile addresses are looked up literally and not found")

    auth.stop()
    rc, out = resolve(auth, aliases, "alice@mail.test", "staff@mail.test")
    t.eq((rc, out), (2, "alice@mail.test: tempfail\n"
                        "staff@mail.test: tempfail\n"),
         "authdaemond down: temporary failure, alias all or nothing")
    t.ok(auth.start(), "authdaemond back")
    rc, out = resolve(auth, aliases, "alice@mail.test")
    t.eq(rc, 0, "recovers when authdaemond returns")
    auth.stop()
    t.done()


main()
