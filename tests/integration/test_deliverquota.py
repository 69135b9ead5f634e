#!/usr/bin/python3
"""deliverquota: delivery, quota, warnings and concurrency, side by side
with Courier's deliverquota.courier where it is unpacked."""

import os
import re
import resource
import signal
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, COURIER_ROOT, build_path  # noqa: E402

OURS = build_path("maildir", "deliverquota")
MAKE = build_path("maildir", "maildirmake")
CBIN = os.path.join(COURIER_ROOT, "usr", "bin")
CDELIVER = os.path.join(CBIN, "deliverquota.courier")
CMAKE = os.path.join(CBIN, "maildirmake.courier")
HAVE_COURIER = os.access(CDELIVER, os.X_OK) and os.access(CMAKE, os.X_OK)
WHY = "Courier's binaries not unpacked (tests/courier-fetch.sh)"
MSG = b"Subject: test\n\nhello\n"
NAME_RE = re.compile(r"^(\d+)\.M(\d+)P(\d+)V([0-9A-F]{16})I([0-9A-F]{16})"
                     r"(_\w+)?\.([^,/:]+),S=(\d+)$")

t = Tap()


def deliver(prog, args, data=MSG, pipe=True, cwd=None):
    """Runs a deliverquota with data on a pipe (as MTAs do) or a file."""
    if pipe:
        p = subprocess.run([prog] + args, input=data, capture_output=True,
                           cwd=cwd, timeout=120)
    else:
        path = os.path.join(cwd or "/tmp", "stdin-file")
        with open(path, "wb") as f:
            f.write(data)
        with open(path, "rb") as f:
            p = subprocess.run([prog] + args, stdin=f, capture_output=True,
                               cwd=cwd, timeout=120)
        os.unlink(path)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def files(d):
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def maildirsize(md):
    with open(os.path.join(md, "maildirsize")) as f:
        lines = f.read().splitlines()
    total = [0, 0]
    for line in lines[1:]:
        b, c = line.split()
        total[0] += int(b)
        total[1] += int(c)
    return lines[0], tuple(total), len(lines) - 1


def actual_usage(md):
    """What a recount must find: new+cur of md and folders but .Trash,
    no T-flagged messages."""
    size = count = 0
    dirs = [md] + [os.path.join(md, d) for d in os.listdir(md)
                   if d.startswith(".") and d != ".Trash"
                   and os.path.isdir(os.path.join(md, d))]
    for d in dirs:
        for sub in ("new", "cur"):
            for name in files(os.path.join(d, sub)):
                info = name.split(":2,", 1)
                if len(info) == 2 and "T" in info[1]:
                    continue
                size += os.path.getsize(os.path.join(d, sub, name))
                count += 1
    return size, count


def test_delivery(base):
    md = os.path.join(base, "M")
    subprocess.run([MAKE, md], check=True)
    t.eq(deliver(OURS, [md]), (0, "", ""), "delivery: exit 0, silent")
    t.eq(deliver(OURS, [md], pipe=False), (0, "", ""), "from a file too")
    names = files(os.path.join(md, "new"))
    t.eq(len(names), 2, "two messages in new/")
    t.eq(files(os.path.join(md, "tmp")), [], "tmp/ empty")
    for name in names:
        m = NAME_RE.match(name)
        t.ok(m is not None, "Courier's name form: " + name)
        if m is None:
            continue
        st = os.stat(os.path.join(md, "new", name))
        t.eq((int(m.group(4), 16), int(m.group(5), 16), int(m.group(8))),
             (st.st_dev, st.st_ino, st.st_size), "V<dev> I<ino> ,S=<size>")
        t.eq(oct(stat.S_IMODE(st.st_mode)), "0o644",
             "mode 0666 less umask, as Courier")
    t.ok(not os.path.exists(os.path.join(md, "maildirsize")),
         "no quota: no maildirsize created")
    subprocess.run([MAKE, "-f", "Lists", md], check=True)
    t.eq(deliver(OURS, [md + "/.Lists"])[0], 0, "delivery to a folder path")
    t.eq(len(files(os.path.join(md, ".Lists", "new"))), 1,
         "message in the folder's new/")
    t.eq(deliver(OURS, [os.path.join(md, "new")])[0], 75,
         "MAILDIR/new refused")
    t.eq(deliver(OURS, [os.path.join(base, "nonexist")])[0], 75,
         "missing maildir: 75")
    link = os.path.join(base, "L")
    subprocess.run([MAKE, link], check=True)
    os.rmdir(os.path.join(link, "new"))
    os.symlink(os.path.join(md, "new"), os.path.join(link, "new"))
    t.eq(deliver(OURS, [link])[0], 75, "symlinked new/ refused")
    t.eq(len(files(os.path.join(md, "new"))), 2, "nothing went through it")
    rc, out, err = deliver(OURS, ["-c", os.path.join(base, "a", "b", "C")])
    t.eq(rc, 0, "-c creates the maildir and its parents")
    t.eq(len(files(os.path.join(base, "a", "b", "C", "new"))), 1,
         "and delivers")
    t.eq(deliver(OURS, [])[0], 73, "usage: 73")
    rc, out, err = deliver(OURS, ["--help"])
    t.ok(rc == 0 and out.startswith("Usage: deliverquota"), "--help")


def test_quota_exceeded(base):
    for label, prog, mk in (("ours", OURS, MAKE), ("courier", CDELIVER, CMAKE)):
        if label == "courier" and not HAVE_COURIER:
            t.skip("Courier over quota", WHY)
            continue
        md = os.path.join(base, label)
        subprocess.run([mk, "-q", "60S", md], check=True)
        results = [deliver(prog, [md]) for _ in range(4)]
        results.append(deliver(prog, [md], pipe=False))
        # Courier answers 77 (permanent) when stdin is a regular file;
        # we always answer the temporary 75 so that no MTA bounces mail.
        want_file = 77 if label == "courier" else 75
        t.eq([r[0] for r in results], [0, 0, 75, 75, want_file],
             label + ": 75 over quota from a pipe, %d from a file"
             % want_file)
        t.eq(results[2][1], "Mail quota exceeded.\n",
             label + ": Courier's message on stdout")
        t.eq(files(os.path.join(md, "tmp")), [],
             label + ": nothing left in tmp/")
        t.eq(len(files(os.path.join(md, "new"))), 2,
             label + ": two delivered")
        t.eq(maildirsize(md)[1], (42, 2), label + ": maildirsize 42 2")
    md = os.path.join(base, "count")
    subprocess.run([MAKE, "-q", "1000S,2C", md], check=True)
    t.eq([deliver(OURS, [md])[0] for _ in range(3)], [0, 0, 75],
         "message count limit")
    md = os.path.join(base, "arg")
    subprocess.run([MAKE, md], check=True)
    t.eq(deliver(OURS, [md, "30S"])[0], 0, "QUOTA argument installs quota")
    t.eq(maildirsize(md)[0], "30S", "quota line written")
    t.eq(deliver(OURS, [md, "30S"])[0], 75, "and is enforced")
    rc, out, err = deliver(OURS, [md, "bogus"])
    t.ok(err.startswith("WARN: quota string 'bogus' not parseable"),
         "bad QUOTA argument: Courier's warning")


def test_courier_interchange(base):
    """A Courier maildir with Courier mail, then ours: same accounting."""
    if not HAVE_COURIER:
        t.skip("Courier-made maildir + our delivery", WHY)
        return
    md = os.path.join(base, "Maildir")
    subprocess.run([CMAKE, md], check=True)
    subprocess.run([CMAKE, "-q", "10000000S,1000C", md], check=True)
    subprocess.run([CMAKE, "-f", "Archive", md], check=True)
    subprocess.run([CMAKE, "-f", "Trash", md], check=True)
    for i in range(3):
        deliver(CDELIVER, [md], MSG * (i + 1))
    deliver(CDELIVER, [md + "/.Archive"], MSG * 7)
    deliver(CDELIVER, [md + "/.Trash"], MSG * 9)
    with open(os.path.join(md, "cur", "1.x,S=5:2,ST"), "wb") as f:
        f.write(b"12345")
    t.eq(deliver(OURS, [md], MSG * 4)[0], 0, "our delivery")
    t.eq(deliver(OURS, [md + "/.Archive"], MSG * 2)[0], 0,
         "our folder delivery")
    quota, total, lines = maildirsize(md)
    want = actual_usage(md)
    t.eq(total, want, "maildirsize sum equals the mail on disk")
    with open(os.path.join(md, "maildirsize"), "rb") as f:
        raw = f.read()
    t.ok(all(len(x) == 25 for x in raw.split(b"\n")[1:-1]),
         "every usage line is Courier's 26-byte line")
    # Both rebuild from the files: byte-identical results.
    subprocess.run([CMAKE, "-q", "10000000S,1000C", md], check=True)
    with open(os.path.join(md, "maildirsize"), "rb") as f:
        courier_rebuilt = f.read()
    subprocess.run([MAKE, "-q", "10000000S,1000C", md], check=True)
    with open(os.path.join(md, "maildirsize"), "rb") as f:
        ours_rebuilt = f.read()
    t.eq(ours_rebuilt, courier_rebuilt, "our rebuild == Courier's rebuild")
    t.eq(maildirsize(md)[1], total, "rebuild agrees with the running sum")
    # And Courier carries on from our file.
    t.eq(deliver(CDELIVER, [md])[0], 0, "Courier delivers after us")
    t.eq(maildirsize(md)[1], actual_usage(md), "still in agreement")


def test_warning(base):
    md = os.path.join(base, "W")
    msgfile = os.path.join(base, "warnmsg")
    with open(msgfile, "w") as f:
        f.write("From: postmaster\nSubject: Mailbox almost full\n\nClean up.\n")
    subprocess.run([MAKE, "-q", "300S", md], check=True)
    args = ["-w", "10", "-W", msgfile, md]
    t.eq(deliver(OURS, args)[0], 0, "7% full: delivered")
    t.eq([n for n in files(os.path.join(md, "new")) if "_warn." in n], [],
         "no warning below the threshold")
    t.eq(deliver(OURS, args)[0], 0, "14% full: delivered")
    warns = [n for n in files(os.path.join(md, "new")) if "_warn." in n]
    t.eq(len(warns), 1, "one warning delivered")
    t.eq(deliver(OURS, args)[0], 0, "third delivery")
    warns = [n for n in files(os.path.join(md, "new")) if "_warn." in n]
    t.eq(len(warns), 1, "warning not repeated within a day")
    with open(os.path.join(md, "new", warns[0]), "rb") as f:
        text = f.read().decode()
    t.ok(re.match(r"Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\n"
                  r"Message-Id: <\d+\.overquota@[^>]+>\nFrom: postmaster\n",
                  text) is not None, "Date and Message-Id added")
    with open(os.path.join(md, "quotawarn"), "rb") as f:
        t.eq(f.read(), b"\0", "quotawarn stamp as Courier writes it")
    os.utime(os.path.join(md, "quotawarn"), (1, 1))
    deliver(OURS, args)
    warns = [n for n in files(os.path.join(md, "new")) if "_warn." in n]
    t.eq(len(warns), 2, "repeated once the stamp is a day old")


def test_concurrent(base):
    md = os.path.join(base, "C")
    subprocess.run([MAKE, "-q", "10000000S", md], check=True)
    procs = []
    for i in range(50):
        procs.append(subprocess.Popen([OURS, md], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE))
    for i, p in enumerate(procs):
        p.stdin.write(MSG + b"%d\n" % i)
    for p in procs:
        p.stdin.close()
    rcs = [p.wait(120) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    t.eq(rcs, [0] * 50, "50 parallel deliveries succeed")
    names = files(os.path.join(md, "new"))
    t.eq(len(set(names)), 50, "50 distinct files")
    t.eq(maildirsize(md)[1], actual_usage(md), "maildirsize totals exact")
    t.eq(files(os.path.join(md, "tmp")), [], "tmp/ empty")


def test_streaming(base):
    """A message far bigger than the process may grow: bounded memory."""
    md = os.path.join(base, "S")
    subprocess.run([MAKE, md], check=True)
    size = 96 * 1024 * 1024
    p = subprocess.Popen([OURS, md], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunk = b"x" * 1023 + b"\n"
    for _ in range(size // len(chunk)):
        p.stdin.write(chunk)
    p.stdin.close()
    rc = p.wait(300)
    p.stdout.close()
    p.stderr.close()
    t.eq(rc, 0, "96 MiB message delivered")
    rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t.ok(rss_kib < 48 * 1024, "peak RSS %d KiB stays far below the size"
         % rss_kib)
    names = files(os.path.join(md, "new"))
    t.ok(len(names) == 1 and names[0].endswith(",S=%d" % size),
         "size in the name")


def test_killed(base):
    """An MTA that gives up (SIGTERM mid-message) leaves no tmp/ file."""
    md = os.path.join(base, "K")
    subprocess.run([MAKE, md], check=True)
    p = subprocess.Popen([OURS, md], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdin.write(MSG * 1000)
    p.stdin.flush()
    deadline = time.monotonic() + 10
    while not files(os.path.join(md, "tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)
    t.eq(len(files(os.path.join(md, "tmp"))), 1, "message being written")
    p.send_signal(signal.SIGTERM)
    rc = p.wait(30)
    p.stdin.close()
    p.stdout.close()
    p.stderr.close()
    t.eq(rc, 75, "SIGTERM: temporary failure")
    t.eq(files(os.path.join(md, "tmp")), [], "tmp/ cleaned up")
    t.eq(files(os.path.join(md, "new")), [], "nothing delivered")


for fn in (test_delivery, test_killed, test_quota_exceeded, test_courier_interchange,
           test_warning, test_concurrent, test_streaming):
    with t.tempdir() as d:
        t.run(fn.__name__, fn, d)
t.done()
