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
