#!/usr/bin/python3
"""maildirmake side by side with Courier's maildirmake.courier.

Every case runs both programs in twin directories and compares exit code,
stdout, stderr, the created tree (names, types, modes) and file contents.
Without Courier's binary (tests/courier-fetch.sh) the comparisons skip and
only our own expectations are checked.
"""

import os
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT, build_path  # noqa: E402

OURS = build_path("maildir", "maildirmake")
COURIER = os.path.join(COURIER_ROOT, "usr", "bin",
                       "maildirmake.courier")
HAVE_COURIER = os.access(COURIER, os.X_OK)
WHY = "Courier's maildirmake.courier not unpacked (tests/courier-fetch.sh)"

t = Tap()


def run(prog, args, cwd, umask=0o022, locale="C"):
    env = dict(os.environ, LC_ALL=locale)
    p = subprocess.run([os.fsencode(a) for a in [prog] + args], cwd=cwd,
                       capture_output=True, env=env,
                       preexec_fn=lambda: os.umask(umask), timeout=30)
    return (p.returncode, p.stdout.decode(errors="replace"),
            p.stderr.decode(errors="replace"))


def tree(root):
    """(relative path, type, mode[, contents]) for everything under root."""
    out = []
    if not os.path.lexists(root):
        return out
    for dirpath, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            entry = (rel, stat.S_IFMT(st.st_mode), oct(stat.S_IMODE(st.st_mode)))
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    data = f.read()
                # Courier's temp names differ per run; the contents do not.
                entry += (data,)
            out.append(entry)
    return sorted(out)


class Twin:
    """Two sibling work directories, ours/ and courier/."""

    def __init__(self, base):
        self.ours = os.path.join(base, "ours")
        self.courier = os.path.join(base, "courier")
        os.mkdir(self.ours)
        os.mkdir(self.courier)

    def both(self, name, args, umask=0o022, compare_tree=True, locale="C"):
        got = run(OURS, args, self.ours, umask, locale)
        if not HAVE_COURIER:
            t.skip(name + ": same result as Courier", WHY)
            return got
        want = run(COURIER, args, self.courier, umask, locale)
        t.eq(got, want, name + ": same exit code, stdout, stderr")
        if compare_tree:
            t.eq(tree(self.ours), tree(self.courier),
                 name + ": same tree, modes and contents")
        return got


def test_basic(base):
    w = Twin(base)
    rc, out, err = w.both("no arguments", [])
    t.eq((rc, out), (1, "Usage: maildirmake [ options ] maildir\n"),
         "no arguments: usage on stdout, exit 1")
    w.both("unknown option", ["-x", "M"])
    w.both("create", ["M"])
    rc, out, err = w.both("create again", ["M"])
    t.eq((rc, err), (1, "maildirmake: M: File exists\n"),
         "existing maildir: Courier's message")
    w.both("folder", ["-f", "Drafts", "M"])
    w.both("folder attached value", ["-fSent", "M"])
    w.both("subfolder", ["-f", "Drafts.Urgent", "M"])
    w.both("folder exists", ["-f", "Drafts", "M"])
    w.both("folder named Trash", ["-f", "Trash", "M"])
    w.both("folder with space", ["-f", "a b", "M"])
    w.both("last -f wins", ["-f", "F1", "-f", "F2", "M"])
    rc, out, err = w.both("leading dot", ["-f", ".Foo", "M"])
    t.eq((rc, out), (1, "Invalid folder name: .Foo\n"),
         "leading dot: Courier's message on stdout")
    w.both("dot dot", ["-f", "..", "M"])
    w.both("-F in a UTF-8 locale", ["-F", "R\u00e9sum\u00e9", "M"],
           locale="C.UTF-8")
    rc, out, err = w.both("-F that does not convert",
                          ["-F", os.fsdecode(b"R\xe9sum\xe9"), "M"])
    t.eq(rc, 1, "-F conversion failure: exit 1")
    rc, out, err = w.both("folder in missing maildir",
                          ["-f", "Foo", "nonexist"])
    t.eq(err, "maildirmake: nonexist/.Foo: No such file or directory\n",
         "missing maildir: path in the message")
    rc, out, err = run(OURS, ["--help"], w.ours)
    t.ok(rc == 0 and out.startswith("Usage: maildirmake") and "-q" in out,
         "--help prints the options, exit 0")


def test_hostile(base):
    """Names Courier accepts but that escape or break the maildir."""
    os.mkdir(os.path.join(base, "h"))
    run(OURS, ["M"], os.path.join(base, "h"))
    for name in ["A..B", "A.", "A/B", "../../etc", "tmp", "A.new", "",
                 "x\ny", "a/../../b", os.fsdecode(b"\xc0\xae\xc0\xae")]:
        rc, out, err = run(OURS, ["-f", name, "M"], os.path.join(base, "h"))
        t.eq((rc, out.startswith("Invalid folder name: ")), (1, True),
             "hostile folder name %r refused" % name)
    t.eq(sorted(os.listdir(os.path.join(base, "h", "M"))),
         ["cur", "new", "tmp"], "nothing created by hostile names")


def test_shared(base):
    w = Twin(base)
    w.both("sharable maildir", ["-S", "S"])
    for mode in ["write", "read", "read,group", "write,group", "bogus", ""]:
        w.both("shared folder -s %r" % mode,
               ["-s", mode, "-f", "F" + mode.replace(",", "_"), "S"])
    w.both("-S -f", ["-S", "-f", "X", "S"])
    rc, out, err = w.both("-s without -f", ["-s", "write", "S"])
    t.eq(rc, 1, "-s without -f is a usage error")
    # Modes are set with chmod, whatever the umask.
    w.both("umask 077 maildir", ["-S", "U"], umask=0o077)
    w.both("umask 077 shared folder", ["-s", "write", "-f", "W", "U"],
           umask=0o077)
    st = os.stat(os.path.join(w.ours, "U", ".W", "tmp"))
    t.eq(oct(stat.S_IMODE(st.st_mode)), "0o1777", "write folder tmp/ 1777")


def test_quota(base):
    w = Twin(base)
    w.both("quota on new maildir", ["-q", "1000S", "Q"])
    w.both("quota replaced", ["-q", "2000S,10C", "Q"])
    w.both("quota C before S", ["-q", "10C,5S", "Q2"])
    w.both("-S with quota", ["-S", "-q", "5S", "Q3"])
    dirs = (w.ours, w.courier) if HAVE_COURIER else (w.ours,)
    for d in dirs:
        os.mkdir(os.path.join(d, "Q", "new", "sub-not-a-message"))
        for sub, name, size in [("new", "1.a,S=100", 1), ("cur", "2.b:2,S", 30),
                                ("cur", "3.c:2,ST", 1000)]:
            with open(os.path.join(d, "Q", sub, name), "wb") as f:
                f.write(b"x" * size)
        os.rmdir(os.path.join(d, "Q", "new", "sub-not-a-message"))
    w.both("folder for quota", ["-f", "F", "Q"])
    for d in dirs:
        with open(os.path.join(d, "Q", ".F", "new", "4.d"), "wb") as f:
            f.write(b"y" * 40)
    w.both("quota recount with messages", ["-q", "3000S,20C", "Q"])
    with open(os.path.join(w.ours, "Q", "maildirsize"), "rb") as f:
        t.eq(f.read(), b"3000S,20C\n         170            3\n",
             "recount: ,S= trusted, T skipped, folders included")
    rc, out, err = w.both("unparseable quota", ["-q", "5X", "Q4"])
    t.eq((rc, err), (0, "WARN: quota string '5X' not parseable\n"),
         "bad quota: Courier's warning, exit 0")
    w.both("lower-case unit", ["-q", "5s", "Q5"])
    w.both("number without unit", ["-q", "5", "Q6"])
    w.both("umask 077 quota", ["-q", "7S", "Q7"], umask=0o077)


def test_add_del(base):
    w = Twin(base)
    target = os.path.join(base, "shared")
    run(OURS, ["-S", target], base)
    w.both("maildir for --add", ["A"])
    w.both("--add", ["--add", "nick=" + target, "A"])
    rc, out, err = w.both("--add again", ["--add", "nick=" + target, "A"])
    t.eq((rc, err), (2, "nick: already defined as a sharable maildir.\n"),
         "duplicate nick: exit 2")
    w.both("--add second", ["--add", "two=" + target + "/", "A"])
    w.both("--add relative path", ["--add", "x=shared", "A"])
    w.both("--add missing path", ["--add", "y=/nonexistent/x", "A"])
    rc, out, err = w.both("--add dotted name", ["--add", "a.b=/tmp", "A"])
    t.eq((rc, err), (1, "a.b: invalid name\n"), "dotted nick refused")
    w.both("--add slash name", ["--add", "a/b=/tmp", "A"])
    w.both("--add without =", ["--add", "nick", "A"])
    w.both("--add missing maildir", ["--add", "z=/tmp", "nonexist"])
    w.both("--del", ["--del", "nick", "A"])
    rc, out, err = w.both("--del unknown", ["--del", "nosuch", "A"])
    t.eq((rc, err), (1, "nosuch: not found.\n"), "unknown nick: not found")
    w.both("maildir without shared-maildirs", ["B"])
    w.both("--del without file", ["--del", "x", "B"])
    rc, out, err = run(OURS, ["--add", "=/tmp", "A"], w.ours)
    t.eq(rc, 1, "empty nick refused (Courier writes it)")
    rc, out, err = run(OURS, ["--add", "a\tb=/tmp", "A"], w.ours)
    t.eq(rc, 1, "tab in nick refused (Courier writes it)")


for fn in (test_basic, test_hostile, test_shared, test_quota, test_add_del):
    with t.tempdir() as d:
        t.run(fn.__name__, fn, d)
t.done()
