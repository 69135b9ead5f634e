"""Small TAP harness for integration tests run by `make check`.

Integration tests are Python scripts (run with /usr/bin/python3) that start
real programs from the build tree on 127.0.0.1, in temporary directories,
and talk to them with real clients. Usage:

    from taplib import Tap
    t = Tap()
    with t.tempdir() as d:
        t.ok(cond, "name")
        t.eq(got, want, "name")
    t.done()

Every process started through Tap.spawn() is killed when the script ends,
whatever happens; temporary directories are removed.
"""

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

SRCDIR = os.environ.get("ESTAFETTE_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BUILDDIR = os.environ.get("ESTAFETTE_BUILDDIR") or SRCDIR
# Debian's Courier packages, unpacked (not installed) by
# tests/courier-fetch.sh, for side-by-side compatibility tests.
COURIER_ROOT = os.environ.get("ESTAFETTE_COURIER_ROOT") or os.path.join(
    SRCDIR, "_deps", "courier")


def build_path(*parts):
    """Path of a file in the build tree (programs are built there)."""
    return os.path.join(BUILDDIR, *parts)


def src_path(*parts):
    """Path of a file in the source tree (etc/, test data)."""
    return os.path.join(SRCDIR, *parts)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10.0, host="127.0.0.1"):
    """Waits until something accepts connections on host:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0
        self.procs = []
        self.dirs = []
        atexit.register(self.cleanup)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame):
        self.cleanup()
        sys.exit(128 + signum)

    # --- results -------------------------------------------------------
    def ok(self, cond, name, diag=None):
        self.n += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name))
        if not cond:
            self.failed += 1
            if diag:
                for line in str(diag).splitlines():
                    print("# " + line)
        sys.stdout.flush()
        return bool(cond)

    def eq(self, got, want, name):
        return self.ok(got == want, name,
                       "got:  %r\nwant: %r" % (got, want))

    def skip(self, name, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, why))
        sys.stdout.flush()

    def diag(self, msg):
        for line in str(msg).splitlines():
            print("# " + line)
        sys.stdout.flush()

    def run(self, name, fn, *args):
        """Runs fn(*args); an exception counts as a failed test."""
        try:
            fn(*args)
        except Exception:
            self.ok(False, name + " raised", traceback.format_exc())

    def done(self):
        self.cleanup()
        print("1..%d" % self.n)
        sys.stdout.flush()
        sys.exit(1 if self.failed else 0)

    # --- resources -----------------------------------------------------
    @contextlib.contextmanager
    def tempdir(self, prefix="estafette-test-"):
        d = tempfile.mkdtemp(prefix=prefix)
        self.dirs.append(d)
        try:
            yield d
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def mkdtemp(self, prefix="estafette-test-"):
        d = tempfile.mkdtemp(prefix=prefix)
        self.dirs.append(d)
        return d

    def spawn(self, argv, **kw):
        """Starts a long-running process in its own process group."""
        kw.setdefault("start_new_session", True)
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def cleanup(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except OSError:
                    pass
        deadline = time.monotonic() + 5
        for p in self.procs:
            try:
                p.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                p.wait()
        self.procs = []
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)
        self.dirs = []
