#!/usr/bin/python3
"""makealiases and aliaslookup end to end: sources in a temporary
directory compiled into aliases.dat, read back with Python's own gdbm
binding (dbm.gnu), dumped, looked up, replaced atomically."""

import fcntl
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, build_path  # noqa: E402

MAKEALIASES = build_path("aliases", "makealiases")
ALIASLOOKUP = build_path("aliases", "aliaslookup")

t = Tap()


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60,
                          **kw)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def compile_and_read(d):
    src = os.path.join(d, "aliases")
    os.mkdir(src)
    write(os.path.join(d, "list"), "# members\nann, Ben@Example.NET\n\ncarl\n")
    write(os.path.join(src, "system"),
          "# as Debian ships it\n"
          "postmaster:\n"
          "MAILER-DAEMON: postmaster\n"
          "root: postmaster\n")
    write(os.path.join(src, "local"),
          "staff: alice, bob@example.org,\n"
          "\tcarol\n"
          "postmaster: root-mail\n"
          "team: staff, :include:%s\n"
          "archive: /var/mail/archive\n"
          "log: | /usr/bin/logger -t mail\n"
          "@virt.example: vuser\n" % os.path.join(d, "list"))
    write(os.path.join(src, "editor-backup~"), "ignored: nobody\n")
    db = os.path.join(d, "aliases.dat")
    r = run([MAKEALIASES, "-src=" + src, "-alias=" + db, "-me=host.test"])
    t.eq((r.returncode, r.stderr), (0, ""), "makealiases compiles a "
         "directory of sources")
    t.ok(not os.path.exists(db + ".tmp"), "no temporary file left")

    import dbm.gnu
    with dbm.gnu.open(db, "r") as g:
        keys = sorted(k.decode() for k in g.keys())
        t.eq(keys, ["@virt.example", "archive@host.test", "log@host.test",
                    "mailer-daemon@host.test", "postmaster@host.test",
                    "root@host.test", "staff@host.test", "team@host.test"],
             "gdbm keys are canonical lower-case addresses, backup file "
             "skipped")
        t.eq(g[b"staff@host.test"],
             b"alice@host.test\nbob@example.org\ncarol@host.test\n",
             "value: members each ended by a newline (Courier's layout)")
        t.eq(g[b"team@host.test"],
             b"alice@host.test\nbob@example.org\ncarol@host.test\n"
             b"ann@host.test\nben@example.net\ncarl@host.test\n",
             "nested alias and :include: expanded")
        t.eq(g[b"mailer-daemon@host.test"], b"root-mail@host.test\n",
             "alias defined in a later file expands an earlier one")
        t.eq(g[b"@virt.example"], b"vuser@host.test\n",
             "virtual domain stored under @domain")
    return src, db


def check_lookup_and_dump(db):
    r = run([ALIASLOOKUP, "-alias=" + db, "-me=host.test", "Staff"])
    t.eq((r.returncode, r.stdout),
         (0, "alice@host.test\nbob@example.org\ncarol@host.test\n"),
         "aliaslookup prints members of a bare name")
    r = run([ALIASLOOKUP, "-alias=" + db, "-me=host.test",
             "Jane@Virt.Example"])
    t.eq((r.returncode, r.stdout), (0, "vuser-jane@host.test\n"),
         "virtual domain maps x@dom to user-x@me")
    r = run([ALIASLOOKUP, "-alias=" + db, "-me=host.test", "nobody"])
    t.eq((r.returncode, r.stdout), (1, ""), "unknown address: exit 1")
    t.ok("not an alias" in r.stderr, "unknown address says so",
         r.stderr)
    r = run([ALIASLOOKUP, "-alias=" + db, "a b"])
    t.eq(r.returncode, 2, "malformed address: exit 2")
    r = run([MAKEALIASES, "-alias=" + db, "-dump"])
    lines = r.stdout.splitlines()
    t.ok(r.returncode == 0 and "log@host.test: | /usr/bin/logger -t mail"
         in lines and "archive@host.test: /var/mail/archive" in lines
         and lines == sorted(lines, key=lambda s: s.split(":")[0]),
         "-dump prints sorted alias: member lines", r.stdout)


def check_atomic_replace(src, db):
    before = os.stat(db).st_ino
    old = open(db, "rb")
    old_data = old.read()
    write(os.path.join(src, "more"), "extra: someone\n")
    r = run([MAKEALIASES, "-src=" + src, "-alias=" + db, "-me=host.test"])
    t.eq(r.returncode, 0, "recompile")
    t.ok(os.stat(db).st_ino != before,
         "new database renamed into place (new inode)")
    old.seek(0)
    t.ok(old.read() == old_data,
         "a reader holding the old file still sees it whole")
    old.close()
    r = run([ALIASLOOKUP, "-alias=" + db, "-me=host.test", "extra"])
    t.eq(r.stdout, "someone@host.test\n", "new alias visible")

    with open(db + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        r = run([MAKEALIASES, "-src=" + src, "-alias=" + db,
                 "-me=host.test"])
    t.ok(r.returncode == 1 and "another makealiases" in r.stderr,
         "a second writer is refused while one holds the lock", r.stderr)


def check_errors(d, db):
    bad = os.path.join(d, "bad")
    write(bad, "good: a\n\nbroken line here\n")
    before = open(db, "rb").read()
    r = run([MAKEALIASES, "-src=" + bad, "-alias=" + db, "-chk"])
    t.ok(r.returncode == 1 and bad + ":3: missing ':'" in r.stderr,
         "-chk names file and line of the error", r.stderr)
    r = run([MAKEALIASES, "-src=" + bad, "-alias=" + db])
    t.ok(r.returncode == 1 and open(db, "rb").read() == before,
         "a broken source leaves the old database untouched")
    write(bad, "a: b\nb: c\nc: a\n")
    r = run([MAKEALIASES, "-src=" + bad, "-alias=" + db, "-me=h"])
    t.ok(r.returncode == 1 and
         "alias loop: a@h -> b@h -> c@h -> a@h" in r.stderr,
         "loop reported with its chain", r.stderr)
    good = os.path.join(d, "good")
    write(good, "x: y\n")
    chk_db = os.path.join(d, "chk.dat")
    r = run([MAKEALIASES, "-src=" + good, "-alias=" + chk_db, "-chk"])
    t.ok(r.returncode == 0 and not os.path.exists(chk_db),
         "-chk writes nothing", r.stdout + r.stderr)
    r = run([MAKEALIASES, "-bogus"])
    t.ok(r.returncode == 1 and "unknown argument" in r.stderr,
         "unknown option refused")
    r = run([MAKEALIASES, "--help"])
    t.ok(r.returncode == 0 and "Usage: makealiases" in r.stdout, "--help")
    r = run([ALIASLOOKUP, "--help"])
    t.ok(r.returncode == 0 and "Usage: aliaslookup" in r.stdout,
         "aliaslookup --help")


def main():
    d = t.mkdtemp()
    try:
        import dbm.gnu  # noqa: F401
    except ImportError:
        t.skip("makealiases", "python3-gdbm is not installed "
               "(apt-get install python3-gdbm)")
        t.done()
    src, db = compile_and_read(d)
    check_lookup_and_dump(db)
    check_atomic_replace(src, db)
    check_errors(d, db)
    t.done()


main()
