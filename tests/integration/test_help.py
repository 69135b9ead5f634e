#!/usr/bin/python3
"""Every program we install answers --help on standard output with a usage
line and exit status 0 (and does nothing else: no daemon starts, no file is
written)."""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, build_path  # noqa: E402

PROGRAMS = [
    "maildir/maildirmake", "maildir/deliverquota",
    "aliases/makealiases", "aliases/aliaslookup",
    "authlib/authdaemond", "authlib/authtest", "authlib/authenumerate",
    "authlib/authpasswd", "authlib/makeuserdb", "authlib/userdb",
    "authlib/userdbpw", "authlib/pw2userdb",
    "pop3/pop3d", "lmtp/lmtpd",
    "sbin/mkpop3dcert", "sbin/mkimapdcert", "sbin/mkdhparams",
]

t = Tap()
with tempfile.TemporaryDirectory() as cwd:
    for prog in PROGRAMS:
        path = build_path(*prog.split("/"))
        if not os.path.exists(path):
            t.ok(False, "%s is built" % prog)
            continue
        p = subprocess.run([path, "--help"], cwd=cwd, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=30)
        t.ok(p.returncode == 0 and "usage" in p.stdout.lower(),
             "%s --help: usage on stdout, exit 0" % prog,
             "exit %d\nstdout: %s\nstderr: %s" % (p.returncode, p.stdout,
                                                  p.stderr))
    t.eq(os.listdir(cwd), [], "--help wrote no file")
t.done()
