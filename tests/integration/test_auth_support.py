"""Shared helpers for the authlib integration tests (not a test itself).

AuthDaemon starts our authdaemond in the foreground in a temporary
directory with its own authdaemonrc, socket directory and userdb;
request() speaks the raw socket protocol.
"""

import os
import signal
import socket
import subprocess
import time

from taplib import build_path

AUTHLIB = lambda prog: build_path("authlib", prog)  # noqa: E731


def request(sock_path, data, timeout=10.0):
    """Sends data, returns everything the daemon sends before closing."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    out = b""
    try:
        deadline = time.monotonic() + timeout
        while True:
            # A full backlog gives EAGAIN: retry, as authclient does.
            try:
                s.connect(sock_path)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            return out
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                return out  # closed with our request partly unread
            if not chunk:
                return out
            out += chunk
    finally:
        s.close()


def auth_login(user, password, service="imap"):
    body = b"%s\nlogin\n%s\n%s\n" % (service.encode(), user, password)
    return b"AUTH %d\n" % len(body) + body


def run(argv, stdin=None, check=True, env=None):
    p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, env=env, timeout=60)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (
            " ".join(argv), p.returncode, p.stderr.decode(errors="replace")))
    return p


class AuthDaemon:
    def __init__(self, tap, workdir, modules="authuserdb", daemons=3,
                 extra=""):
        self.tap = tap
        os.makedirs(workdir, exist_ok=True)
        self.dir = workdir
        self.var = os.path.join(workdir, "var")
        self.socket = os.path.join(self.var, "socket")
        self.userdb = os.path.join(workdir, "userdb")
        self.rc = os.path.join(workdir, "authdaemonrc")
        self.log = os.path.join(workdir, "daemon.log")
        self.proc = None
        self.write_rc(modules, daemons, extra)
        if not os.path.exists(self.userdb):
            with open(self.userdb, "w"):
                pass
            os.chmod(self.userdb, 0o600)

    def write_rc(self, modules, daemons, extra=""):
        with open(self.rc, "w") as f:
            f.write('authmodulelist="%s"\ndaemons=%d\nauthdaemonvar=%s\n'
                    'DEBUG_LOGIN=1\nuserdb=%s\n%s'
                    % (modules, daemons, self.var, self.userdb, extra))

    def userdb_set(self, addr, *fields):
        run([AUTHLIB("userdb"), "-f", self.userdb, addr, "set"]
            + list(fields))

    def set_password(self, addr, password, field="systempw", scheme=None):
        pw = run([AUTHLIB("userdbpw")] + ([scheme] if scheme else []),
                 stdin=password + b"\n").stdout
        run([AUTHLIB("userdb"), "-f", self.userdb, addr, "set", field],
            stdin=pw)

    def makeuserdb(self):
        run([AUTHLIB("makeuserdb"), "-f", self.userdb])

    def start(self, env=None):
        logf = open(self.log, "ab")
        self.proc = self.tap.spawn([AUTHLIB("authdaemond"), "-c", self.rc,
                                    "-f"], stdout=logf, stderr=logf,
                                   env=env)
        logf.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.path.exists(self.socket):
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.02)
        return False

    def workers(self):
        """pids of the master's children."""
        pids = []
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % d) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.proc.pid and fields[0] != "Z":
                    pids.append(int(d))
            except OSError:
                pass
        return pids

    def wait_workers(self, n, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.workers()) == n:
                return True
            time.sleep(0.05)
        return False

    def req(self, data, timeout=10.0):
        return request(self.socket, data, timeout)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def read_log(self):
        with open(self.log, "rb") as f:
            return f.read().decode(errors="replace")


def check_log_clean(tap, d, name="daemon log"):
    """No sanitizer report and no crash in the daemon's log."""
    log = d.read_log()
    bad = [line for line in log.splitlines()
           if "Sanitizer" in line or "runtime error" in line]
    tap.ok(not bad, "%s: no sanitizer report" % name, "\n".join(bad[:20]))


def courier_ns_command(deps, work, etc, run_dir, argv):
    """argv run with Courier's compiled-in paths (/etc/courier,
    /usr/lib/courier-authlib, /run/courier/authdaemon) bind-mounted from
    our directories in a private mount namespace."""
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
    ).format(w=work, etc=etc, run=run_dir, d=deps)
    return ["unshare", "-m", "sh", "-c", script, "sh"] + argv


def courier_can_run(deps):
    """None when Courier's daemon can run here, else why not."""
    import shutil
    daemon = os.path.join(deps, "usr/lib/courier/courier-authlib/authdaemond")
    if not os.path.exists(daemon):
        return "Courier not unpacked in _deps/courier"
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return "needs root and unshare(1) for a private mount namespace"
    if subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        return "unshare -m not permitted here"
    return None


def courier_start(tap, deps, work, modules, files, env=None):
    """Starts Courier's authdaemond with /etc/courier holding files
    (name -> text) and authmodulelist=modules; returns its socket path
    or None."""
    etc = os.path.join(work, "etc")
    run_dir = os.path.join(work, "run")
    os.makedirs(etc, exist_ok=True)
    os.makedirs(run_dir, exist_ok=True)
    files = dict(files)
    files["authdaemonrc"] = ('authmodulelist="%s"\ndaemons=2\n'
                             'authdaemonvar=/run/courier/authdaemon\n'
                             % modules)
    for name, text in files.items():
        path = os.path.join(etc, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)
    daemon = os.path.join(deps, "usr/lib/courier/courier-authlib/authdaemond")
    with open(os.path.join(work, "daemon.log"), "ab") as logf:
        tap.spawn(courier_ns_command(deps, work, etc, run_dir, [daemon]),
                  env=env, stdout=logf, stderr=logf)
    sock = os.path.join(run_dir, "socket")
    deadline = time.monotonic() + 10
    while not os.path.exists(sock) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    return sock if os.path.exists(sock) else None


def cram_request(kind, user, secret, service=b"imap",
                 chal=b"<4242.99@mx.example.test>"):
    """An AUTH request answering a CRAM-<kind> challenge with secret."""
    import base64
    import hmac
    digest = hmac.new(secret, chal, kind).hexdigest().encode()
    data = b"%s\n%s\n" % (base64.b64encode(chal),
                         base64.b64encode(user + b" " + digest))
    body = service + b"\ncram-" + kind.encode() + b"\n" + data
    return b"AUTH %d\n" % len(body) + body


def check_bad_requests(tap, d, good, good_prefix, label):
    """Malformed and oversized requests get no reply and leave the daemon
    answering the next, correct request."""
    cases = [
        (b"BOGUS\n", "unknown command"),
        (b"PRE . imap\n", "PRE without user"),
        (b"AUTH x\n", "AUTH with a bad length"),
        (b"AUTH -5\nimap\n", "AUTH with a negative length"),
        (b"AUTH 99999\n" + b"x" * 100, "AUTH over the size limit"),
        (b"AUTH 5\nimap\nlogin\nann\npw\n", "AUTH shorter than its body"),
        (b"PRE . imap " + b"x" * 9000 + b"\n", "9000-byte line"),
        (b"X=1\n" * 17 + b"ENUMERATE\n", "17 meta lines"),
        (b"PRE . imap a\x00b\n", "NUL in a line"),
        (b"\xff\xfe\n", "binary garbage"),
        (b"\n", "empty line"),
    ]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(d.socket)
    s.close()
    tap.ok(request(d.socket, good).startswith(good_prefix),
           "%s: a client that closes at once: next request answered"
           % label)
    for data, name in cases:
        try:
            got = request(d.socket, data)
        except OSError as e:
            got = repr(e).encode()
        tap.eq(got, b"", "%s: %s dropped without a reply" % (label, name))
        tap.ok(request(d.socket, good).startswith(good_prefix),
               "%s: %s: next request answered" % (label, name))


def check_concurrency(tap, d, good, good_prefix, bad, label, n=200):
    """n requests at once, half right and half wrong passwords: each gets
    its own correct answer."""
    import threading
    results = [None] * n

    def one(i):
        try:
            results[i] = request(d.socket, good if i % 2 else bad, 30)
        except Exception as e:  # noqa: BLE001
            results[i] = repr(e).encode()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    start = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.monotonic() - start
    wrong = [(i, r[:60]) for i, r in enumerate(results)
             if not ((i % 2 and r.startswith(good_prefix)
                      and r.endswith(b"\n.\n"))
                     or (not i % 2 and r == b"FAIL\n"))]
    tap.ok(not wrong, "%s: %d concurrent requests answered correctly "
           "(%.2fs)" % (label, n, took), repr(wrong[:5]))
