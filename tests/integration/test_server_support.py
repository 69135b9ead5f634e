"""Shared helpers for the server runtime and pop3d tests (not a test).

ServerEnv builds, in a temporary directory: a self-signed certificate made
by our mkpop3dcert, an empty chroot directory for the login processes, our
authdaemond with an account whose mail lives in a maildir owned by an
otherwise unused uid (a userdb account, or with setup(backend="sqlite") an
authsqlite one), and pop3d configuration files. start_pop3d()
runs pop3d (or pop3d --ssl) in the foreground on free 127.0.0.1 ports.
Every process goes through Tap.spawn() and is stopped at the end.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time

from taplib import build_path, free_port, src_path
from test_auth_support import AUTHLIB, AuthDaemon, run

MAIL_UID = 47110
MAIL_GID = 47111
USER = "vuser@example.test"
PASSWORD = "v pass|1"
LOGIN_USER = "nobody"


def proc_status(pid):
    """Dict of /proc/PID/status fields (empty if the process is gone)."""
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                out[k] = v.strip()
    except OSError:
        pass
    return out


def proc_uids(pid):
    """(real, effective, saved, fs) uids of pid."""
    return tuple(int(x) for x in proc_status(pid).get("Uid", "").split())


def proc_gids(pid):
    return tuple(int(x) for x in proc_status(pid).get("Gid", "").split())


def proc_groups(pid):
    return sorted(int(x) for x in proc_status(pid).get("Groups", "").split())


def proc_root(pid):
    try:
        return os.readlink("/proc/%d/root" % pid)
    except OSError:
        return None


def children(pid):
    """pids whose parent is pid (not zombies)."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            pids.append(int(d))
    return sorted(pids)


def wait_for(cond, timeout=10.0, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(step)
    return cond()


def recv_until(sock, end, timeout=10.0, limit=1 << 24):
    """Reads until the data ends with end, the peer closes or timeout."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while not data.endswith(end) and len(data) < limit:
        if time.monotonic() > deadline:
            break
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, ConnectionResetError):
            break
        if not chunk:
            break
        data += chunk
    return data


class ServerEnv:
    delivered = 0

    def __init__(self, tap, workdir):
        self.t = tap
        self.dir = workdir
        self.chroot = os.path.join(workdir, "empty")
        os.mkdir(self.chroot)
        os.chmod(self.chroot, 0o755)
        os.chmod(workdir, 0o755)
        self.conf = os.path.join(workdir, "conf")
        os.mkdir(self.conf)
        self.pem = os.path.join(workdir, "pop3d.pem")
        self.home = os.path.join(workdir, "home")
        self.maildir = os.path.join(self.home, "Maildir")
        self.log = os.path.join(workdir, "pop3d.log")
        self.proc = None
        self.port = None
        self.auth = None

    # --- pieces ------------------------------------------------------
    def make_cert(self, path=None):
        path = path or self.pem
        p = subprocess.run([build_path("sbin", "mkpop3dcert"), path,
                            src_path("etc", "pop3d.cnf")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            raise RuntimeError(p.stderr.decode())
        return path

    def make_maildir(self):
        os.mkdir(self.home)
        subprocess.run([build_path("maildir", "maildirmake"), self.maildir],
                       check=True)
        self.chown_mail()

    def chown_mail(self):
        for root, dirs, files in os.walk(self.home):
            for n in dirs + files:
                os.lchown(os.path.join(root, n), MAIL_UID, MAIL_GID)
        os.chown(self.home, MAIL_UID, MAIL_GID)

    def deliver(self, body, name=None):
        """Puts body (bytes, LF line ends) into Maildir/new."""
        ServerEnv.delivered += 1
        name = name or "%d.M%06dP%d.test,S=%d" % (
            int(time.time()), ServerEnv.delivered, os.getpid(), len(body))
        path = os.path.join(self.maildir, "new", name)
        with open(path, "wb") as f:
            f.write(body)
        os.chown(path, MAIL_UID, MAIL_GID)
        return name

    def start_auth(self, users):
        """users: [(address, options or None)], all sharing the maildir
        and PASSWORD."""
        self.auth = AuthDaemon(self.t, os.path.join(self.dir, "auth"))
        for addr, options in users:
            fields = ["uid=%d" % MAIL_UID, "gid=%d" % MAIL_GID,
                      "home=%s" % self.home, "mail=%s" % self.maildir]
            if options:
                fields.append("options=%s" % options)
            self.auth.userdb_set(addr, *fields)
            self.auth.set_password(addr, PASSWORD.encode())
        self.auth.makeuserdb()
        return self.auth.start()

    def start_auth_sqlite(self, users):
        """authdaemond with authsqlite; users: [(address, options or None,
        clear-text secret or None)]. Every account shares the maildir;
        without a clear secret its password is PASSWORD as SHA512-crypt,
        with one the clear field is the only password it has."""
        auth_dir = os.path.join(self.dir, "auth")
        db_path = os.path.join(auth_dir, "users.db")
        rc = os.path.join(auth_dir, "authsqliterc")
        crypted = run([AUTHLIB("authpasswd"), "sha512crypt"],
                      stdin=PASSWORD.encode() + b"\n").stdout.strip()
        db = sqlite3.connect(db_path)
        db.execute("CREATE TABLE passwd (id TEXT PRIMARY KEY, crypt TEXT, "
                   "clear TEXT, uid INTEGER, gid INTEGER, home TEXT, "
                   "maildir TEXT, options TEXT)")
        for addr, options, clear in users:
            db.execute("INSERT INTO passwd VALUES (?,?,?,?,?,?,?,?)",
                       (addr, "" if clear else crypted.decode(),
                        clear or "", MAIL_UID, MAIL_GID, self.home,
                        self.maildir, options or ""))
        db.commit()
        db.close()
        with open(rc, "w") as f:
            f.write("SQLITE_DATABASE\t%s\nSQLITE_USER_TABLE\tpasswd\n"
                    "SQLITE_CRYPT_PWFIELD\tcrypt\n"
                    "SQLITE_CLEAR_PWFIELD\tclear\n"
                    "SQLITE_UID_FIELD\tuid\nSQLITE_GID_FIELD\tgid\n"
                    "SQLITE_LOGIN_FIELD\tid\nSQLITE_HOME_FIELD\thome\n"
                    "SQLITE_MAILDIR_FIELD\tmaildir\n"
                    "SQLITE_AUXOPTIONS_FIELD\toptions\n" % db_path)
        self.auth = AuthDaemon(self.t, auth_dir, modules="authsqlite",
                               extra="authsqliterc=%s\n" % rc)
        return self.auth.start()

    def setup(self, extra_users=(), backend="userdb"):
        """backend "userdb": extra_users are (address, options);
        "sqlite": (address, options, clear secret or None)."""
        os.makedirs(os.path.join(self.dir, "auth"))
        self.make_cert()
        self.make_maildir()
        if backend == "sqlite":
            return self.start_auth_sqlite([(USER, None, None)] +
                                          list(extra_users))
        return self.start_auth([(USER, None)] + list(extra_users))

    # --- pop3d -------------------------------------------------------
    def write_conf(self, settings, ssl_settings=None):
        base = {
            "PORT": "127.0.0.1.%d" % self.port,
            "SSLPORT": "127.0.0.1.%d" % self.ssl_port,
            "MAXDAEMONS": "10",
            "MAXPERIP": "8",
            "LOGIN_USER": LOGIN_USER,
            "LOGIN_CHROOT": self.chroot,
            "TLS_CERTFILE": self.pem,
            "AUTHDAEMONVAR": self.auth.var if self.auth else "/nonexistent",
            "PIDFILE": os.path.join(self.dir, "pop3d.pid"),
            "SSLPIDFILE": os.path.join(self.dir, "pop3d-ssl.pid"),
        }
        base.update(settings)
        with open(os.path.join(self.conf, "pop3d"), "w") as f:
            for k, v in base.items():
                if v is not None:
                    f.write('%s="%s"\n' % (k, v))
        with open(os.path.join(self.conf, "pop3d-ssl"), "w") as f:
            for k, v in (ssl_settings or {}).items():
                f.write('%s="%s"\n' % (k, v))

    def start_pop3d(self, settings=None, ssl=False, ssl_settings=None,
                    prog=None):
        """Starts pop3d (or prog); returns the port it serves (plain or
        TLS)."""
        if self.port is None:
            self.port, self.ssl_port = free_port(), free_port()
        self.write_conf(settings or {}, ssl_settings)
        ready = len(self.log_lines(" ready, "))
        logf = open(self.log, "ab")
        argv = [prog or build_path("pop3", "pop3d"), "--foreground",
                "--config-dir", self.conf] + (["--ssl"] if ssl else [])
        self.proc = self.t.spawn(argv, stdout=logf, stderr=logf)
        logf.close()
        port = self.ssl_port if ssl else self.port
        # The master logs "ready" once it listens; connecting to find out
        # would leave a login process that tests would count.
        if not wait_for(lambda: len(self.log_lines(" ready, ")) > ready or
                        self.proc.poll() is not None, 10):
            return None
        return port if self.proc.poll() is None else None

    def stop_pop3d(self):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        return self.proc.returncode

    def read_log(self):
        try:
            with open(self.log, "rb") as f:
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def log_lines(self, pattern):
        return [l for l in self.read_log().splitlines()
                if re.search(pattern, l)]

    def connect(self, port=None, timeout=10.0):
        s = socket.create_connection(("127.0.0.1", port or self.port),
                                     timeout=timeout)
        return s

