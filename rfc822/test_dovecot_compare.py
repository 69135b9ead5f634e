#!/usr/bin/python3
"""Compares our ENVELOPE, BODY and BODYSTRUCTURE (rfc822/imap-dump) with
Dovecot's imap for every message in rfc822/testdata plus generated hostile
ones. Dovecot is the reference; strings are compared case-insensitively
(we upper-case types like Courier) and quoted vs literal form is ignored.
Differences we keep on purpose are listed in KNOWN and reported as skips
with the reason. Skips entirely without root or Dovecot."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("ESTAFETTE_SRCDIR", "."),
                                "tests", "integration"))
from taplib import Tap, build_path, src_path  # noqa: E402

DOVECOT_IMAP = "/usr/lib/dovecot/imap"
ITEMS = ("ENVELOPE", "BODY", "BODYSTRUCTURE")

KNOWN = {
    ("16-params-weird.eml", "BODY"):
        "invalid Content-Type: we default to TEXT/PLAIN US-ASCII as RFC "
        "2045 5.2 says, Dovecot writes \"text\" \"\" and \"\" \"\"; an "
        "unquoted boundary with '=' is kept whole (Dovecot cuts it)",
    ("16-params-weird.eml", "BODYSTRUCTURE"): "same as BODY",
    ("09-rfc2231.eml", "BODY"):
        "RFC 2231: plain sections joined to an extended one are %-encoded "
        "by us, copied as they are by Dovecot",
    ("09-rfc2231.eml", "BODYSTRUCTURE"):
        "RFC 2231: we join extended sections into name* (Dovecot leaves "
        "'name*1*' for an extended parameter and skips a section-less one)",
    ("gen-route-junk.eml", "ENVELOPE"):
        "'<a@b' unclosed: we keep a@b, Dovecot writes host SYNTAX_ERROR; "
        "blanks around dots: we join john.doe@example.org",
}


def tokenize(data, pos=0):
    """Parses one IMAP value at data[pos:]: returns (value, new_pos).
    Lists become Python lists, strings bytes, NIL None, numbers int."""
    while data[pos:pos + 1] == b" ":
        pos += 1
    if pos >= len(data):
        raise ValueError("IMAP value cut short")
    c = data[pos:pos + 1]
    if c == b"(":
        pos += 1
        items = []
        while True:
            while data[pos:pos + 1] == b" ":
                pos += 1
            if pos >= len(data):
                raise ValueError("unclosed list")
            if data[pos:pos + 1] == b")":
                return items, pos + 1
            v, pos = tokenize(data, pos)
            items.append(v)
    if c == b'"':
        pos += 1
        out = bytearray()
        while data[pos:pos + 1] != b'"':
            if pos >= len(data):
                raise ValueError("unclosed quoted string")
            if data[pos:pos + 1] == b"\\":
                pos += 1
            out += data[pos:pos + 1]
            pos += 1
        return bytes(out), pos + 1
    if c == b"{":
        end = data.index(b"}", pos)
        n = int(data[pos + 1:end])
        start = end + 3
        return data[start:start + n], start + n
    end = pos
    while end < len(data) and data[end:end + 1] not in b" ()":
        end += 1
    atom = data[pos:end]
    if not atom:
        raise ValueError("unexpected %r" % data[pos:pos + 20])
    if atom == b"NIL":
        return None, end
    if atom.isdigit():
        return int(atom), end
    return atom, end


def fold(v):
    if isinstance(v, list):
        return [fold(x) for x in v]
    if isinstance(v, bytes):
        return v.upper()
    return v


def items_of(data):
    """'ENVELOPE (..) BODY (..)' -> {name: value}."""
    res = {}
    pos = 0
    while pos < len(data):
        while data[pos:pos + 1] == b" ":
            pos += 1
        if pos >= len(data) or data[pos:pos + 1] == b")":
            break
        end = data.index(b" ", pos)
        name = data[pos:end].decode()
        value, pos = tokenize(data, end + 1)
        res[name] = value
    return res


def dovecot_fetch(root, files, items=ITEMS):
    """FETCH items of every file from Dovecot: {seq: {item: value}}. A
    short answer (Dovecot killed under memory pressure, say) is retried
    once in a fresh directory."""
    res = {}
    for attempt in range(2):
        res = dovecot_fetch_once("%s-%d" % (root, attempt), files, items)
        if len(res) == len(files):
            break
    return res


def dovecot_fetch_once(root, files, items):
    mail = os.path.join(root, "mail")
    for d in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(mail, d))
    for i, f in enumerate(files):
        shutil.copy(f, os.path.join(mail, "cur", "%06d.x:2,S" % (i + 1)))
    with open(os.path.join(root, "dovecot.conf"), "w") as c:
        c.write("protocols =\nbase_dir = %s/run\nstate_dir = %s/state\n"
                "mail_location = maildir:%s:INDEX=MEMORY\n"
                "log_path = %s/log\nssl = no\n"
                "default_internal_user = nobody\n"
                "default_login_user = nobody\n" % (root, root, mail, root))
    subprocess.run(["chown", "-R", "nobody:nogroup", root], check=True)
    os.chmod(root, 0o755)
    cmd = (b"a SELECT INBOX\r\nb FETCH 1:* (%s)\r\nc LOGOUT\r\n"
           % " ".join(items).encode())
    p = subprocess.run(["runuser", "-u", "nobody", "--", "env",
                        "USER=nobody", "HOME=" + root, DOVECOT_IMAP, "-c",
                        os.path.join(root, "dovecot.conf")],
                       input=cmd, capture_output=True, timeout=120)
    out = p.stdout
    res = {}
    pos = 0
    while True:
        i = out.find(b" FETCH (", pos)
        if i < 0:
            break
        start = out.rfind(b"\r\n* ", 0, i) + 4
        seq = int(out[start:i])
        try:
            value, pos = tokenize(out, i + 7)
        except ValueError:
            break  # the messages left get no answer: tests fail
        # value is the list of alternating names and values
        res[seq] = {}
        k = 0
        while k < len(value):
            key = value[k].decode()
            if key.startswith("BODY[") and not key.endswith("]"):
                # BODY[HEADER.FIELDS (A B)] parses as key, list, "]"
                key += " (%s)%s" % (" ".join(x.decode() for x in
                                              value[k + 1]),
                                     value[k + 2].decode())
                k += 2
            res[seq][key] = value[k + 1]
            k += 2
    return res


def generate(root):
    """Hostile messages made at run time (too big to keep in git)."""
    gen = {}
    big_subject = "Subject: " + "x" * 100000 + "\n"
    gen["gen-huge-header.eml"] = (
        "From: a@example.org\n" + big_subject +
        "".join("X-Filler-%d: %s\n" % (i, "y" * 50) for i in range(3000)) +
        "\nbody\n")
    gen["gen-many-addresses.eml"] = (
        "From: a@example.org\nTo: " +
        ",\n ".join("user%d@example.org" % i for i in range(3000)) +
        "\nSubject: many\n\nbody\n")
    depth = 40
    msg = "Subject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
    for d in range(1, depth):
        msg += ("--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n"
                % (d - 1, d))
    msg += "--b%d\nContent-Type: text/plain\n\ndeepest\n" % (depth - 1)
    for d in range(depth - 1, -1, -1):
        msg += "--b%d--\n" % d
    gen["gen-deep-nesting.eml"] = msg
    msg = "Subject: many parts\nContent-Type: multipart/mixed; boundary=p\n\n"
    for i in range(500):
        msg += "--p\nContent-Type: text/plain\n\npart %d\n" % i
    msg += "--p--\n"
    gen["gen-many-parts.eml"] = msg
    gen["gen-route-junk.eml"] = (
        "From: <a@b\nTo: john . doe @ example . org\n"
        "Cc: <@r1,@r2:u@h>, \"\" <x@y>, (c) a@b (d)\n\nx\n")
    gen["gen-nul-header.eml"] = "Subject: a\0b\nFrom: x@y\n\nbody\0\n"
    gen["gen-crlf-mixed.eml"] = ("Subject: mixed\r\nFrom: x@y\n\r\n"
                                 "one\r\ntwo\nthree")
    gen["gen-8bit-header.eml"] = ("Subject: caf\xe9 \xc3\xa9\n"
                                  "From: \"\xe9\" <a@b>\n\nx\n")
    paths = []
    for name in sorted(gen):
        p = os.path.join(root, name)
        with open(p, "w", encoding="latin-1", newline="") as f:
            f.write(gen[name])
        paths.append(p)
    return paths


SECTIONS = [
    ("", []), ("HEADER", []), ("TEXT", []), ("1", []), ("1.MIME", []),
    ("1.1", []), ("1.2", []), ("2", []), ("2.MIME", []), ("2.HEADER", []),
    ("2.TEXT", []), ("2.1", []), ("2.1.MIME", []), ("2.2.1", []),
    ("3", []), ("3.MIME", []), ("3.HEADER", []), ("4", []),
    ("2.HEADER.FIELDS", ["SUBJECT", "FROM"]),
    ("HEADER.FIELDS.NOT", ["SUBJECT", "FROM", "TO"]),
    ("HEADER.FIELDS", ["X-NONE"]),
]


KNOWN_SECTIONS = {
    ("12-no-blank-line.eml", "HEADER.FIELDS.NOT"):
        "a header without its empty line: we still end HEADER.FIELDS with "
        "CRLF CRLF, Dovecot copies the unterminated last line",
}


def fetch_item(spec, fields):
    if spec.startswith("HEADER.FIELDS") or ".HEADER.FIELDS" in spec:
        return "BODY.PEEK[%s (%s)]" % (spec, " ".join(fields))
    return "BODY.PEEK[%s]" % spec


def compare_sections(t, root, dump, files):
    """BODY[section] of a few messages, byte for byte."""
    items = [fetch_item(s, f) for s, f in SECTIONS]
    theirs = dovecot_fetch(root, files, items)
    for i, f in enumerate(files):
        name = os.path.basename(f)
        got_all = theirs.get(i + 1, {})
        for spec, fields in SECTIONS:
            key = fetch_item(spec, fields).replace(".PEEK", "")
            argv = [dump, "-s", spec]
            for field in fields:
                argv += ["-f", field]
            p = subprocess.run(argv + [f], capture_output=True, timeout=60)
            want = got_all.get(key)
            why = KNOWN_SECTIONS.get((name, spec))
            if why and p.stdout != want:
                t.skip("%s: BODY[%s] as Dovecot" % (name, spec),
                       "kept difference: " + why)
                continue
            t.ok(p.returncode == 0 and p.stdout == want,
                 "%s: BODY[%s] as Dovecot" % (name, spec),
                 "ours:    %r\ndovecot: %r" % (p.stdout[:300],
                                               (want or b"")[:300]))


def main():
    t = Tap()
    dump = build_path("rfc822", "imap-dump")
    if not os.path.exists(DOVECOT_IMAP):
        t.skip("compare with Dovecot", "dovecot-imapd is not installed")
        t.done()
    if os.geteuid() != 0:
        t.skip("compare with Dovecot", "needs root to run imap as nobody")
        t.done()
    root = t.mkdtemp()
    os.chmod(root, 0o755)
    datadir = src_path("rfc822", "testdata")
    files = [os.path.join(datadir, f) for f in sorted(os.listdir(datadir))]
    files += generate(os.path.join(root))
    theirs = dovecot_fetch(os.path.join(root, "dovecot"), files)
    t.ok(len(theirs) == len(files), "Dovecot answered for every message",
         "got %d of %d" % (len(theirs), len(files)))
    for i, f in enumerate(files):
        name = os.path.basename(f)
        p = subprocess.run([dump, f], capture_output=True, timeout=60)
        if not t.ok(p.returncode == 0, "%s: imap-dump runs" % name,
                    p.stderr.decode(errors="replace")):
            continue
        try:
            ours = items_of(p.stdout.rstrip(b"\n"))
        except ValueError as e:
            t.ok(False, "%s: imap-dump output parses" % name, str(e))
            continue
        for item in ITEMS:
            got, want = ours.get(item), theirs.get(i + 1, {}).get(item)
            same = fold(got) == fold(want)
            why = KNOWN.get((name, item))
            if why and not same:
                t.skip("%s: %s as Dovecot" % (name, item),
                       "kept difference: " + why)
                t.diag("ours:    %r\ndovecot: %r" % (got, want))
            else:
                t.ok(same, "%s: %s as Dovecot" % (name, item),
                     "ours:    %r\ndovecot: %r" % (got, want))
    sec_files = [os.path.join(datadir, n) for n in
                 ("03-mixed-nested.eml", "02-crlf.eml", "01-simple.eml",
                  "05-broken-boundary.eml", "12-no-blank-line.eml",
                  "19-header-cut.eml", "15-message-base64.eml",
                  "10-digest.eml", "18-empty-parts.eml")]
    compare_sections(t, os.path.join(root, "dovecot-sections"), dump,
                     sec_files)
    t.done()


main()
