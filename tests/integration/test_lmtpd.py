#!/usr/bin/python3
"""lmtpd end to end: a real authdaemond (userdb), aliases.dat from
makealiases, lmtpd on 127.0.0.1, and clients speaking LMTP over sockets
(Python's smtplib.LMTP and raw pipelined sessions)."""

import os
import pwd
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from taplib import Tap, build_path, free_port  # noqa: E402
from test_auth_support import AuthDaemon  # noqa: E402

t = Tap()
NOBODY = pwd.getpwnam("nobody")


def recv_replies(s, n, timeout=20):
    """Reads n complete (possibly multi-line) replies."""
    s.settimeout(timeout)
    data = b""
    replies = []
    while len(replies) < n:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        while b"\r\n" in data and len(replies) < n:
            line, data = data.split(b"\r\n", 1)
            if len(line) >= 4 and line[3:4] == b"-":
                continue
            replies.append(line.decode())
    return replies


def files(md, sub="new"):
    return sorted(os.listdir(os.path.join(md, sub)))


class Env:
    def __init__(self, d):
        self.d = d
        os.chmod(d, 0o755)
        self.auth = AuthDaemon(t, os.path.join(d, "auth"))
        self.md = {}
        for user, quota in (("alice", None), ("bob", "200S"),
                            ("carol", None)):
            home = os.path.join(d, "home", user)
            os.makedirs(home)
            md = os.path.join(home, "Maildir")
            subprocess.run([build_path("maildir", "maildirmake"), md],
                           check=True)
            for root, dirs, fs in os.walk(home):
                for n in [root] + [os.path.join(root, x) for x in dirs]:
                    os.chown(n, NOBODY.pw_uid, NOBODY.pw_gid)
            fields = ["uid=%d" % NOBODY.pw_uid, "gid=%d" % NOBODY.pw_gid,
                      "home=" + home, "mail=" + md]
            if quota:
                fields.append("quota=" + quota)
            self.auth.userdb_set(user, *fields)
            self.auth.set_password(user, b"pw")
            self.md[user] = md
        self.auth.makeuserdb()
        src = os.path.join(d, "aliases")
        with open(src, "w") as f:
            f.write("team: alice, carol\n")
        self.aliases = os.path.join(d, "aliases.dat")
        subprocess.run([build_path("aliases", "makealiases"), "-src=" + src,
                        "-alias=" + self.aliases, "-me=mail.test"],
                       check=True)
        self.empty = os.path.join(d, "empty")
        os.mkdir(self.empty)
        os.chmod(self.empty, 0o755)
        self.conf = os.path.join(d, "conf")
        os.mkdir(self.conf)
        self.log = os.path.join(d, "lmtpd.log")
        self.port = free_port()
        self.proc = None

    def start(self):
        with open(os.path.join(self.conf, "lmtpd"), "w") as f:
            f.write("PORT=127.0.0.1.%d\nMAXDAEMONS=20\nMAXPERIP=20\n"
                    "LOGIN_USER=nobody\nLOGIN_CHROOT=%s\nAUTHDAEMONVAR=%s\n"
                    "ALIASES=%s\nME=mail.test\nPIDFILE=%s/lmtpd.pid\n"
                    "LMTP_MAX_SIZE=100000\nLMTP_HOSTNAME=lmtp.test\n"
                    % (self.port, self.empty, self.auth.var, self.aliases,
                       self.d))
        logf = open(self.log, "ab")
        self.proc = t.spawn([build_path("lmtp", "lmtpd"), "--foreground",
                             "--config-dir", self.conf], stdout=logf,
                            stderr=logf)
        logf.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if " ready, " in self.read_log():
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def read_log(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
        recv_replies(s, 1)
        return s


def test_smtplib(env):
    c = smtplib.LMTP("127.0.0.1", env.port)
    code, msg = c.ehlo_or_helo_if_needed() or (None, None)
    code, msg = c.docmd("LHLO", "client.test")
    t.eq(code, 250, "LHLO accepted (smtplib.LMTP)")
    for ext in (b"PIPELINING", b"ENHANCEDSTATUSCODES", b"8BITMIME",
                b"SIZE 100000"):
        t.ok(ext in msg, "LHLO advertises " + ext.decode(), msg)
    refused = c.sendmail("sender@example.org", ["alice@mail.test"],
                         b"Subject: one\r\n\r\nline\r\n.leading dot\r\n")
    t.eq(refused, {}, "smtplib delivers to alice")
    c.quit()
    new = files(env.md["alice"])
    t.eq(len(new), 1, "one message in alice's new/")
    path = os.path.join(env.md["alice"], "new", new[0])
    data = open(path, "rb").read()
    t.eq(data, b"Return-Path: <sender@example.org>\n"
         b"Delivered-To: alice@mail.test\n"
         b"Subject: one\n\nline\n.leading dot\n",
         "trace header added, CRLF stored as LF, dot unstuffed")
    st = os.stat(path)
    t.ok(st.st_uid == NOBODY.pw_uid, "file owned by the mailbox owner")
    t.eq(files(env.md["alice"], "tmp"), [], "tmp/ empty")


def test_pipelined(env):
    s = env.connect()
    msg = b"Subject: pipelined\r\n\r\n" + b"x" * 300 + b"\r\n.\r\n"
    s.sendall(b"LHLO c.test\r\nMAIL FROM:<a@example.org>\r\n"
              b"RCPT TO:<team@mail.test>\r\nRCPT TO:<ghost@mail.test>\r\n"
              b"RCPT TO:<bob@mail.test>\r\nDATA\r\n")
    r = recv_replies(s, 6)
    t.eq([x[:9] for x in r], ["250 SIZE ", "250 2.1.0", "250 2.1.5",
                              "550 5.1.1", "250 2.1.5", "354 Start"],
         "pipelined LHLO/MAIL/RCPT/RCPT/RCPT/DATA answered in order")
    s.sendall(msg + b"QUIT\r\n")
    r = recv_replies(s, 3)
    t.ok(len(r) == 3 and r[0].startswith("250 2.0.0 <team@mail.test>") and
         r[1].startswith("552 5.2.2 <bob@mail.test>") and
         r[2].startswith("221"),
         "one reply per accepted recipient: alias delivered, bob over "
         "quota (552 5.2.2)", r)
    s.close()
    t.eq((len(files(env.md["alice"])), len(files(env.md["carol"])),
          len(files(env.md["bob"]))), (2, 1, 0),
         "alias delivered to alice and carol, nothing for bob")
    carol = open(os.path.join(env.md["carol"], "new",
                              files(env.md["carol"])[0]), "rb").read()
    t.ok(carol.startswith(b"Return-Path: <a@example.org>\n"
                          b"Delivered-To: carol@mail.test\n"),
         "Delivered-To names the final mailbox", carol[:80])


def test_errors(env):
    s = env.connect()
    s.sendall(b"MAIL FROM:<a@b.c>\r\n")
    t.ok(recv_replies(s, 1)[0].startswith("503 5.5.1"), "MAIL before LHLO")
    s.sendall(b"HELO x\r\nLHLO x\r\nRCPT TO:<alice@mail.test>\r\n")
    r = recv_replies(s, 3)
    t.ok(r[0].startswith("500 ") and r[2].startswith("503 5.5.1"),
         "HELO refused, RCPT before MAIL refused", r)
    s.sendall(b"MAIL FROM:<a@b.c> SIZE=200000\r\nMAIL FROM:<a@b.c> "
              b"RET=FULL\r\nDATA\r\nFOO\r\nNOOP\r\n")
    r = recv_replies(s, 5)
    t.ok(r[0].startswith("552 5.3.4") and r[1].startswith("555 5.5.4") and
         r[2].startswith("503 5.5.1") and r[3].startswith("500 5.5.2") and
         r[4].startswith("250"),
         "SIZE over limit 552, unknown parameter 555, DATA without MAIL "
         "503, unknown verb 500, session goes on", r)
    s.sendall(b"MAIL FROM:<a@b.c>\r\nRCPT TO:<alice@mail.test>\r\nDATA\r\n")
    recv_replies(s, 3)
    before = len(files(env.md["alice"]))
    s.sendall(b"Subject: big\r\n\r\n" + (b"y" * 1000 + b"\r\n") * 120 +
              b".\r\nRSET\r\n")
    r = recv_replies(s, 2)
    t.ok(r[0].startswith("552 5.3.4") and r[1].startswith("250"),
         "message over LMTP_MAX_SIZE: 552 after DATA, stream stays in sync",
         r)
    t.eq(len(files(env.md["alice"])), before, "nothing delivered")
    s.sendall(b"X" * 5000 + b"\r\n")
    r = recv_replies(s, 1)
    t.ok(r and r[0].startswith("500 5.5.2"), "overlong line refused", r)
    s.close()


def descends(pid, ancestor):
    """True when pid is ancestor or one of its descendants (other lmtpd
    instances on the machine, a quickstart demo say, are not ours)."""
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            with open("/proc/%d/stat" % pid) as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            return False
    return False


def test_privileges(env):
    s = env.connect()
    deadline = time.monotonic() + 5
    uids = {}
    while time.monotonic() < deadline and not uids:
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open("/proc/%s/status" % pid) as f:
                    st = f.read()
                exe = os.readlink("/proc/%s/exe" % pid)
            except OSError:
                continue
            if not exe.endswith("/lmtpd") or not descends(int(pid),
                                                          env.proc.pid):
                continue
            uid = int(st.split("Uid:")[1].split()[0])
            uids[int(pid)] = uid
        if len(uids) < 3:
            uids = {}
            time.sleep(0.05)
    t.ok(sorted(uids.values()) == sorted([0, 0, NOBODY.pw_uid]),
         "master and delivery process root, protocol process nobody", uids)
    proto = [p for p, u in uids.items() if u == NOBODY.pw_uid]
    root = os.readlink("/proc/%d/root" % proto[0]) if proto else None
    t.eq(root, env.empty, "protocol process chrooted to LOGIN_CHROOT")
    s.close()


def test_kill_mid_data(env):
    s = env.connect()
    s.sendall(b"LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<carol@mail.test>\r\n"
              b"DATA\r\n")
    recv_replies(s, 4)
    s.sendall(b"Subject: never\r\n\r\npartial body\r\n")
    time.sleep(0.2)
    kids = subprocess.run(["pgrep", "-P", str(env.proc.pid)],
                          capture_output=True, text=True).stdout.split()
    for k in kids:
        os.kill(int(k), signal.SIGKILL)
    time.sleep(0.3)
    s.close()
    t.eq(len(files(env.md["carol"])), 1, "kill -9 mid-DATA: nothing new")
    t.eq(files(env.md["carol"], "tmp"), [], "and nothing left in tmp/")


def sender(env, n, results, i):
    s = env.connect()
    s.sendall(b"LHLO x\r\n")
    recv_replies(s, 1)
    batch = b""
    for k in range(n):
        batch += (b"MAIL FROM:<load@example.org>\r\n"
                  b"RCPT TO:<carol@mail.test>\r\nDATA\r\n"
                  b"Subject: load %d-%d\r\n\r\nbody\r\n.\r\n" % (i, k))
    s.sendall(batch)
    r = recv_replies(s, 4 * n, timeout=120)
    results[i] = sum(1 for x in r if x.startswith("250 2.0.0"))
    s.sendall(b"QUIT\r\n")
    s.close()


def test_load(env):
    before = len(files(env.md["carol"]))
    conns, per = 10, 100
    results = [0] * conns
    threads = [threading.Thread(target=sender, args=(env, per, results, i))
               for i in range(conns)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(180)
    t.eq(sum(results), conns * per,
         "%d messages pipelined over %d connections: all acknowledged"
         % (conns * per, conns))
    new = files(env.md["carol"])
    t.eq(len(new) - before, conns * per, "and each delivered exactly once")
    subjects = set()
    for n in new:
        with open(os.path.join(env.md["carol"], "new", n), "rb") as f:
            for line in f:
                if line.startswith(b"Subject: load "):
                    subjects.add(line)
    t.eq(len(subjects), conns * per, "no duplicates, none lost")


def test_authdaemond_down(env):
    env.auth.stop()
    s = env.connect()
    s.sendall(b"LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@mail.test>\r\n")
    r = recv_replies(s, 3)
    t.ok(r[2].startswith("451 4.3.0"), "authdaemond down: RCPT 451 4.3.0",
         r)
    s.close()
    t.ok(env.auth.start(), "authdaemond back")
    s = env.connect()
    s.sendall(b"LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<alice@mail.test>\r\n")
    r = recv_replies(s, 3)
    t.ok(r[2].startswith("250 2.1.5"), "and lmtpd recovers", r)
    s.close()


def main():
    if os.geteuid() != 0:
        t.skip("lmtpd", "needs root (it delivers as the mailbox owners)")
        t.done()
    env = Env(t.mkdtemp())
    if not t.ok(env.auth.start(), "authdaemond starts"):
        t.done()
    if not t.ok(env.start(), "lmtpd starts", env.read_log()):
        t.done()
    for fn in (test_smtplib, test_pipelined, test_errors, test_privileges,
               test_kill_mid_data, test_load, test_authdaemond_down):
        t.run(fn.__name__, fn, env)
    log = env.read_log()
    t.ok("Sanitizer" not in log and "runtime error" not in log,
         "no sanitizer reports in the log")
    t.ok("from=<sender@example.org>, rcpt=<alice@mail.test>" in log,
         "deliveries are logged")
    t.done()


main()
