#!/usr/bin/python3
"""pop3d with the mail fetchers people run against it: fetchmail (keep
with UIDL tracking, then fetch-and-delete, over STLS) and getmail6
(UIDL-based "only new mail" over implicit TLS, then delete)."""

import os
import shutil
import subprocess

from taplib import Tap
from test_server_support import PASSWORD, USER, ServerEnv

t = Tap()

MDA = """import os, sys
d = sys.argv[1]
n = len(os.listdir(d))
with open(os.path.join(d, "m%03d" % n), "wb") as f:
    f.write(sys.stdin.buffer.read())
"""


def body(i):
    return (b"From: sender@example.test\nSubject: message %d\n\n"
            b"line one of %d\n.a dotted line\n" % (i, i))


def run_fetchmail(env, d, out, keep, tls):
    rc = os.path.join(d, "fetchmailrc")
    with open(rc, "w") as f:
        f.write('set no bouncemail\n'
                'poll 127.0.0.1 port %d proto pop3 uidl\n'
                ' user "%s" password "%s" is root here\n'
                ' %s\n %s\n'
                ' mda "/usr/bin/python3 %s %s"\n'
                % (env.port, USER, PASSWORD, "keep" if keep else "no keep",
                   "sslproto tls1.2+ no sslcertck" if tls
                   else 'sslproto ""',
                   os.path.join(d, "mda.py"), out))
    os.chmod(rc, 0o600)
    e = dict(os.environ, FETCHMAILHOME=d, HOME=d)
    p = subprocess.run(["fetchmail", "-f", rc, "-N", "--nosyslog", "-v"],
                       env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=120)
    return p.returncode, p.stdout.decode(errors="replace")


def fetched(out):
    msgs = []
    for n in sorted(os.listdir(out)):
        with open(os.path.join(out, n), "rb") as f:
            data = f.read()
        # fetchmail adds a Received: header; keep what came from us.
        msgs.append(data[data.index(b"From: sender"):])
    return msgs


def in_maildir(env):
    return len(os.listdir(os.path.join(env.maildir, "cur"))) + len(
        os.listdir(os.path.join(env.maildir, "new")))


def test_fetchmail(env, d):
    with open(os.path.join(d, "mda.py"), "w") as f:
        f.write(MDA)
    out = os.path.join(d, "fm-out")
    os.mkdir(out)
    for i in range(3):
        env.deliver(body(i))
    rc, log = run_fetchmail(env, d, out, keep=True, tls=False)
    t.eq(rc, 0, "fetchmail (keep, UIDL) succeeds")
    t.eq(fetched(out), [body(i) for i in range(3)],
         "fetchmail got the three messages, dot lines intact")
    t.eq(in_maildir(env), 3, "keep: the messages stay on the server")
    rc, log = run_fetchmail(env, d, out, keep=True, tls=False)
    t.ok(rc == 1 and len(os.listdir(out)) == 3,
         "second run: UIDL says nothing is new (exit 1, no mail)", log)
    env.deliver(body(3))
    rc, log = run_fetchmail(env, d, out, keep=True, tls=False)
    t.ok(rc == 0 and fetched(out)[3:] == [body(3)],
         "a new message is the only one fetched", log[-1500:])
    rc, log = run_fetchmail(env, d, out, keep=False, tls=True)
    t.ok(rc in (0, 1) and "STLS" in log and "+OK Begin SSL/TLS" in log,
         "fetchmail over STLS", log[-1500:])
    # In UIDL mode fetchmail deletes only what it fetched this time; a
    # fetch with "no keep" of all messages flushes the rest.
    shutil.rmtree(os.path.join(d, ".fetchids"), ignore_errors=True)
    for n in os.listdir(d):
        if n.startswith(".fetchids"):
            os.unlink(os.path.join(d, n))
    rc, log = run_fetchmail(env, d, out, keep=False, tls=True)
    t.ok(rc == 0, "fetchmail (no keep) succeeds", log[-1500:])
    t.eq(in_maildir(env), 0, "no keep: messages deleted at QUIT")


def write_getmailrc(path, env, ssl, delete, dest):
    with open(path, "w") as f:
        f.write("[retriever]\n"
                "type = %s\nserver = 127.0.0.1\nport = %d\n"
                "username = %s\npassword = %s\n"
                "[destination]\ntype = Maildir\npath = %s/\n"
                "user = nobody\n"
                "[options]\nread_all = false\ndelete = %s\n"
                "message_log_syslog = false\n"
                % ("SimplePOP3SSLRetriever" if ssl else "SimplePOP3Retriever",
                   env.ssl_port if ssl else env.port, USER, PASSWORD, dest,
                   "true" if delete else "false"))


def getmail_count(dest):
    return len(os.listdir(os.path.join(dest, "new")))


def test_getmail(env, d):
    dest = os.path.join(d, "gm-out")
    # getmail refuses to deliver as root: it writes as nobody.
    for sub in ("", "tmp", "new", "cur"):
        os.makedirs(os.path.join(dest, sub), exist_ok=True)
        os.chown(os.path.join(dest, sub), 65534, 65534)
    gdir = os.path.join(d, "getmail")
    os.mkdir(gdir)
    for i in range(2):
        env.deliver(body(10 + i))
    rc = os.path.join(gdir, "rc")

    def run():
        try:
            return subprocess.run(["getmail", "--getmaildir", gdir,
                                   "--rcfile", rc], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=120)
        except subprocess.TimeoutExpired as e:
            t.diag("getmail timed out; pop3d log:\n" + env.read_log()[-3000:])
            return subprocess.CompletedProcess(e.cmd, -1, e.output or b"")

    write_getmailrc(rc, env, ssl=True, delete=False, dest=dest)
    p = run()
    t.ok(p.returncode == 0 and getmail_count(dest) == 2,
         "getmail6 over implicit TLS fetched 2 messages", p.stdout[-1500:])
    p = run()
    t.ok(p.returncode == 0 and getmail_count(dest) == 2,
         "getmail6 again: nothing new by UIDL", p.stdout[-1500:])
    write_getmailrc(rc, env, ssl=False, delete=True, dest=dest)
    p = run()
    t.ok(p.returncode == 0 and in_maildir(env) == 0,
         "getmail6 with delete = true empties the mailbox", p.stdout[-1500:])


def run_clients(d, backend):
    """fetchmail over STLS, then getmail6 over implicit TLS, with accounts
    from one authdaemond backend."""
    t.diag("account backend: " + backend)
    env = ServerEnv(t, d)
    if not t.ok(env.setup(backend=backend),
                "authdaemond starts (%s)" % backend):
        return
    if not t.ok(env.start_pop3d() is not None, "pop3d starts"):
        return
    if shutil.which("fetchmail"):
        test_fetchmail(env, d)
    else:
        t.skip("fetchmail", "not installed (apt-get install fetchmail)")
    env.stop_pop3d()
    if not t.ok(env.start_pop3d(ssl=True) is not None, "pop3d --ssl starts"):
        return
    sslproc = env.proc
    env.proc = None
    plain_port = env.start_pop3d()
    if shutil.which("getmail") and plain_port:
        test_getmail(env, d)
    else:
        t.skip("getmail6", "not installed (apt-get install getmail6)")
    env.stop_pop3d()
    env.proc = sslproc
    env.stop_pop3d()
    t.ok(not env.log_lines(r"ERR: |Sanitizer|runtime error"),
         "no errors in the log (%s)" % backend,
         "\n".join(env.log_lines("ERR")))
    if env.auth is not None:
        env.auth.stop()


def main():
    if os.geteuid() != 0:
        t.skip("fetchers", "pop3d must start as root")
        t.done()
    with t.tempdir() as d:
        os.chmod(d, 0o755)
        for backend in ("userdb", "sqlite"):
            sub = os.path.join(d, backend)
            os.mkdir(sub)
            t.run("clients over " + backend, run_clients, sub, backend)
    t.done()


main()
