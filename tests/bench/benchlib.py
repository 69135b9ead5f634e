"""Shared pieces of the side-by-side benchmarks in tests/bench.

Each benchmark builds the same mail data for Estafette and for Dovecot
(Debian's, started on a private configuration in a temporary directory on
127.0.0.1), runs the same load with tests/bench/mailbench (C, one process
per client) against both, and prints the numbers and the ratio.

Run as root (both servers drop privileges to a mail user).
"""

import base64
import grp
import hashlib
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("ESTAFETTE_SRCDIR") or os.path.abspath(
    os.path.join(HERE, "..", ".."))
BUILDDIR = os.environ.get("ESTAFETTE_BUILDDIR") or SRCDIR
BENCH_USER = "estbench"


def build_path(*parts):
    return os.path.join(BUILDDIR, *parts)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def ensure_user():
    """The unprivileged account that owns the benchmark mail."""
    try:
        pw = pwd.getpwnam(BENCH_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "-U", "-d", "/nonexistent",
                        "-s", "/usr/sbin/nologin", BENCH_USER], check=True)
        pw = pwd.getpwnam(BENCH_USER)
    return pw.pw_uid, pw.pw_gid


def ssha512(password):
    """A {SSHA512} hash both Estafette and Dovecot check (cheap, so that
    login figures measure the servers, not the hash)."""
    salt = os.urandom(8)
    digest = hashlib.sha512(password.encode() + salt).digest()
    return "{SSHA512}" + base64.b64encode(digest + salt).decode()


def make_message(rng, i, size):
    """An RFC 5322 message of about `size` bytes, LF line ends."""
    head = ("From: Sender %d <sender%d@example.org>\n"
            "To: bench@example.net\n"
            "Subject: benchmark message %d\n"
            "Date: Mon, 23 Nov 2026 10:%02d:%02d +0000\n"
            "Message-ID: <%d.bench@example.org>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=us-ascii\n\n"
            % (i % 97, i % 97, i, (i // 60) % 60, i % 60, i))
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "mail", "server",
             "courier", "estafette", "relay", "baton", "."]
    body = []
    n = len(head)
    while n < size:
        line = " ".join(rng.choice(words) for _ in range(12))
        body.append(line)
        n += len(line) + 1
    return (head + "\n".join(body) + "\n").encode()


def mixed_sizes(rng, count):
    """Sizes mixing small, medium and a few large messages
    (mean about 26 KB)."""
    out = []
    for _ in range(count):
        x = rng.random()
        if x < 0.60:
            out.append(rng.randint(1000, 4000))
        elif x < 0.90:
            out.append(rng.randint(10000, 30000))
        elif x < 0.99:
            out.append(rng.randint(60000, 140000))
        else:
            out.append(rng.randint(500000, 1500000))
    return out


def make_maildirs(root, users, count, uid, gid, seed=1):
    """users maildirs root/<user>/Maildir with the same `count` messages
    (hard links of one set of files) in new/. Returns total bytes of one."""
    rng = random.Random(seed)
    store = os.path.join(root, "store")
    os.makedirs(store)
    names = []
    total = 0
    t0 = 1795000000
    for i, size in enumerate(mixed_sizes(rng, count)):
        data = make_message(rng, i, size)
        name = "%d.M%dP%d.bench,S=%d" % (t0 + i, i, 4242, len(data))
        with open(os.path.join(store, name), "wb") as f:
            f.write(data)
        names.append(name)
        total += len(data)
    for u in users:
        md = os.path.join(root, u, "Maildir")
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(md, sub))
        for name in names:
            os.link(os.path.join(store, name), os.path.join(md, "new", name))
    for dirpath, dirnames, filenames in os.walk(root):
        os.chown(dirpath, uid, gid)
        for fn in filenames:
            os.chown(os.path.join(dirpath, fn), uid, gid)
    return total


class Server:
    """A server process group started for a benchmark."""

    def __init__(self, name, argv, ports, **kw):
        self.name = name
        self.proc = subprocess.Popen(argv, start_new_session=True, **kw)
        for port in ports:
            if not wait_port(port):
                self.stop()
                raise RuntimeError("%s did not listen on %d" % (name, port))

    def cpu_seconds(self):
        """CPU time of every process in the server's session so far
        (children that exited included, as far as /proc tells)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        sid = os.getsid(self.proc.pid)
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) != sid:
                continue
            # utime stime cutime cstime
            total += sum(int(x) for x in fields[11:15]) / tick
        return total

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except OSError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def start_dovecot(root, users, password, pop3_port=0, imap_port=0,
                  lmtp_port=0, hash_fn=None, extra=""):
    """Debian's Dovecot on a private configuration under root. hash_fn
    (password -> "{SCHEME}..." string) gives Dovecot the same password
    scheme as the Estafette side; default {PLAIN}. extra: more
    dovecot.conf lines."""
    if shutil.which("dovecot") is None:
        raise RuntimeError("dovecot is not installed (apt-get install "
                           "dovecot-imapd dovecot-pop3d dovecot-lmtpd)")
    d = os.path.join(root, "dovecot")
    os.makedirs(os.path.join(d, "run"))
    os.makedirs(os.path.join(d, "state"))
    with open(os.path.join(d, "passwd"), "w") as f:
        for u in users:
            f.write("%s:%s::::::\n" % (u, hash_fn(password) if hash_fn
                                        else "{PLAIN}" + password))
    protocols = []
    listeners = []
    if pop3_port:
        protocols.append("pop3")
        listeners.append("service pop3-login {\n"
                         "  inet_listener pop3 {\n"
                         "    address = 127.0.0.1\n    port = %d\n  }\n"
                         "  inet_listener pop3s {\n    port = 0\n  }\n}\n"
                         % pop3_port)
    if imap_port:
        protocols.append("imap")
        listeners.append("service imap-login {\n"
                         "  inet_listener imap {\n"
                         "    address = 127.0.0.1\n    port = %d\n  }\n"
                         "  inet_listener imaps {\n    port = 0\n  }\n}\n"
                         % imap_port)
    if lmtp_port:
        protocols.append("lmtp")
        listeners.append("service lmtp {\n"
                         "  inet_listener lmtp {\n"
                         "    address = 127.0.0.1\n    port = %d\n  }\n}\n"
                         % lmtp_port)
    uid = pwd.getpwnam(BENCH_USER).pw_uid
    gid = grp.getgrgid(pwd.getpwnam(BENCH_USER).pw_gid).gr_name
    conf = os.path.join(d, "dovecot.conf")
    with open(conf, "w") as f:
        f.write("""base_dir = {d}/run
state_dir = {d}/state
instance_name = estafette-bench-{port}
listen = 127.0.0.1
protocols = {protocols}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot-info.log
mail_location = maildir:~/Maildir
first_valid_uid = 1
first_valid_gid = 1
pop3_uidl_format = %08Xu%08Xv
auth_username_format = %Ln
passdb {{
  driver = passwd-file
  args = {d}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/%u
}}
{listeners}
{extra}
""".format(d=d, root=root, protocols=" ".join(protocols), uid=uid,
           gid=gid, listeners="".join(listeners), extra=extra,
           port=pop3_port or imap_port or lmtp_port))
    ports = [p for p in (pop3_port, imap_port, lmtp_port) if p]
    return Server("dovecot", ["dovecot", "-F", "-c", conf], ports)


def mailbench(mode, port, **opts):
    """Runs tests/bench/mailbench and returns its key=value result."""
    argv = [build_path("tests", "bench", "mailbench"), mode, "-p", str(port)]
    flags = {"clients": "-c", "users": "-u", "rounds": "-n",
             "seconds": "-t", "password": "-w", "prefix": "-P",
             "window": "-W"}
    for k, v in opts.items():
        argv += [flags[k], str(v)]
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError("mailbench failed: " + r.stderr)
    out = dict(kv.split("=", 1) for kv in r.stdout.split())
    return out


def tempdir():
    d = tempfile.mkdtemp(prefix="estafette-bench-")
    os.chmod(d, 0o755)
    return d


def report(title, ours, theirs, key, unit):
    """Prints one comparison line: ours, Dovecot's, and the ratio."""
    a = float(ours[key]) if ours else None
    b = float(theirs[key]) if theirs else None
    ratio = "%.2fx" % (a / b) if a and b else "n/a"
    print("%-44s estafette %12s  dovecot %12s  %s  ratio %s" % (
        title, "%.1f" % a if a is not None else "-",
        "%.1f" % b if b is not None else "-", unit, ratio))
    sys.stdout.flush()


def start_authdaemond(root, users, uid, gid, password_field=None):
    """authdaemond with a userdb of `users` (homes root/ours/<user>), on a
    private socket. password_field: user -> "systempw=..." or None.
    Returns (Server, socket directory)."""
    auth = os.path.join(root, "auth")
    var = os.path.join(auth, "var")
    os.makedirs(var)
    userdb = os.path.join(auth, "userdb")
    with open(userdb, "w") as f:
        for u in users:
            home = os.path.join(root, "ours", u)
            extra = "|" + password_field(u) if password_field else ""
            f.write("%s\tuid=%d|gid=%d|home=%s|mail=%s/Maildir%s\n"
                    % (u, uid, gid, home, home, extra))
    os.chmod(userdb, 0o600)
    subprocess.run([build_path("authlib", "makeuserdb"), "-f", userdb],
                   check=True)
    rc = os.path.join(auth, "authdaemonrc")
    with open(rc, "w") as f:
        f.write('authmodulelist="authuserdb"\ndaemons=4\n'
                'authdaemonvar=%s\nuserdb=%s\n' % (var, userdb))
    authd = Server("authdaemond", [build_path("authlib", "authdaemond"),
                                   "-c", rc, "-f"], [],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not os.path.exists(os.path.join(var, "socket")):
        if time.monotonic() > deadline:
            authd.stop()
            raise RuntimeError("authdaemond did not start")
        time.sleep(0.05)
    return authd, var
