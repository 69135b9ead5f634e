#!/usr/bin/python3
"""The privilege-separated server runtime, through pop3d: who each
process runs as (checked in /proc), MAXDAEMONS and MAXPERIP, the limits
before login (line length, bad commands, idle and slow clients, clients
that never read), the growing delay after failed logins, log lines, and a
clean stop on SIGTERM."""

import os
import poplib
import signal
import socket
import ssl
import subprocess
import time

from taplib import COURIER_ROOT, Tap, build_path, free_port
from test_server_support import (LOGIN_USER, MAIL_GID, MAIL_UID, PASSWORD,
                                 USER, ServerEnv, children, proc_gids,
                                 proc_groups, proc_root, proc_status,
                                 proc_uids, recv_until, wait_for)

t = Tap()
NOBODY = 65534


def greet(env, port=None):
    s = env.connect(port)
    g = recv_until(s, b"\r\n")
    return s, g


def test_identities(env):
    s, g = greet(env)
    t.eq(g, b"+OK Hello there.\r\n", "greeting")
    kids = wait_for(lambda: children(env.proc.pid), 5)
    t.eq(len(kids), 1, "one login process per connection")
    login = kids[0]
    t.eq(proc_uids(login), (NOBODY,) * 4,
         "login process runs as %s (all four uids)" % LOGIN_USER)
    t.eq(proc_gids(login), (NOBODY,) * 4, "login process gid is nobody's")
    t.eq(proc_groups(login), [], "login process has no supplementary groups")
    t.eq(proc_root(login), env.chroot, "login process is chrooted")
    t.eq(proc_uids(env.proc.pid)[0], 0, "the master stays root")
    s.sendall(b"USER %s\r\nPASS %s\r\n" % (USER.encode(), PASSWORD.encode()))
    t.eq(recv_until(s, b"logged in.\r\n"),
         b"+OK Password required.\r\n+OK logged in.\r\n", "plain login")
    kids = wait_for(lambda: [k for k in children(env.proc.pid)
                             if k != login] and
                    login not in children(env.proc.pid) and
                    children(env.proc.pid), 5)
    t.eq(len(kids or []), 1,
         "after a plain login only the session process is left")
    sess = kids[0]
    t.eq(proc_uids(sess), (MAIL_UID,) * 4, "session runs as the account uid")
    t.eq(proc_gids(sess), (MAIL_GID,) * 4, "session has the account gid")
    t.eq(proc_groups(sess), [MAIL_GID], "session groups: only its gid")
    t.eq(os.readlink("/proc/%d/cwd" % sess), env.home,
         "session works in the account's home directory")
    s.sendall(b"QUIT\r\n")
    t.eq(recv_until(s, b"\r\n"), b"+OK Bye-bye.\r\n", "QUIT")
    s.close()
    t.ok(wait_for(lambda: children(env.proc.pid) == [], 5),
         "session process gone after QUIT")

    # With STLS the login process stays as the TLS pipe.
    p = poplib.POP3("127.0.0.1", env.port, timeout=10)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    p.stls(ctx)
    p.user(USER)
    p.pass_(PASSWORD)
    kids = wait_for(lambda: len(children(env.proc.pid)) == 2 and
                    children(env.proc.pid), 5) or []
    uids = sorted(proc_uids(k)[0] for k in kids)
    t.eq(uids, sorted([NOBODY, MAIL_UID]),
         "TLS login: login process (relay) and session process both live")
    t.eq(p.stat()[0], 0, "STAT through the relay")
    p.quit()
    t.ok(wait_for(lambda: children(env.proc.pid) == [], 5),
         "both gone after QUIT")
    t.ok(env.log_lines(r"LOGOUT, user=%s, .*, stls=1$" % USER),
         "LOGOUT line says stls=1")


def test_maxperip(env):
    env.stop_pop3d()
    env.start_pop3d({"MAXPERIP": "2", "MAXDAEMONS": "10"})
    a, ga = greet(env)
    b, gb = greet(env)
    c = env.connect()
    t.eq(recv_until(c, b"never"), b"-ERR Maximum connection limit reached."
         b"\r\n", "MAXPERIP: third connection from 127.0.0.1 refused")
    c.close()
    t.ok(wait_for(lambda: env.log_lines(
        r"ip=\[127\.0\.0\.1\] refused: MAXPERIP"), 5), "refusal logged")
    a.sendall(b"QUIT\r\n")
    recv_until(a, b"never")
    a.close()
    # The master counts the connection until it has reaped the process.
    d = gd = None
    for _ in range(50):
        d, gd = greet(env)
        if gd == b"+OK Hello there.\r\n":
            break
        d.close()
        time.sleep(0.1)
    t.eq(gd, b"+OK Hello there.\r\n", "room again after one left")
    for s in (b, d):
        s.close()
    env.stop_pop3d()
    env.start_pop3d({"MAXPERIP": "0", "MAXDAEMONS": "3"})
    socks = [greet(env)[0] for _ in range(3)]
    c = env.connect()
    t.eq(recv_until(c, b"never"), b"-ERR Maximum connection limit reached."
         b"\r\n", "MAXDAEMONS: fourth connection refused")
    t.ok(wait_for(lambda: env.log_lines("refused: MAXDAEMONS"), 5),
         "MAXDAEMONS refusal logged")
    for s in socks + [c]:
        s.close()


def test_limits(env):
    env.stop_pop3d()
    env.start_pop3d({"LOGIN_TIMEOUT": "2", "LOGIN_MAXLINE": "200",
                     "LOGIN_MAXBADCMD": "10"})
    s, g = greet(env)
    s.sendall(b"USER " + b"a" * 195 + b"\r\n")
    t.eq(recv_until(s, b"\r\n"), b"+OK Password required.\r\n",
         "a 200-byte line is accepted")
    s.sendall(b"USER " + b"a" * 196 + b"\r\n")
    t.eq(recv_until(s, b"never"), b"-ERR Line too long.\r\n",
         "a 201-byte line: error and disconnect")
    s.close()
    s, g = greet(env)
    s.sendall(b"A" * 100000)
    t.eq(recv_until(s, b"never"), b"-ERR Line too long.\r\n",
         "100 KB without a newline: cut off before the newline")
    s.close()
    s, g = greet(env)
    t0 = time.monotonic()
    try:
        s.sendall(b"BOGUS\r\n" * 10000)
    except OSError:
        pass
    data = recv_until(s, b"never")
    t.eq(data, b"-ERR Invalid command.\r\n" * 9 +
         b"-ERR Too many invalid commands.\r\n",
         "10,000 bad commands: cut off at the tenth")
    s.close()
    s, g = greet(env)
    t0 = time.monotonic()
    data = recv_until(s, b"never", timeout=15)
    el = time.monotonic() - t0
    t.eq(data, b"-ERR Disconnected for inactivity.\r\n", "idle client")
    t.ok(1.5 < el < 6, "cut off after LOGIN_TIMEOUT (%.1fs)" % el)
    s.close()
    s, g = greet(env)
    t0 = time.monotonic()
    cut = False
    for _ in range(40):
        try:
            s.sendall(b"C")
        except OSError:
            cut = True
            break
        time.sleep(0.25)
        s.setblocking(False)
        try:
            if s.recv(100) in (b"", b"-ERR Disconnected for inactivity.\r\n"):
                cut = True
                break
        except BlockingIOError:
            pass
        finally:
            s.setblocking(True)
    el = time.monotonic() - t0
    t.ok(cut and el < 6,
         "slow-loris client (a byte every 0.25 s) cut off (%.1fs)" % el)
    s.close()


def test_never_reads(env):
    s, g = greet(env)
    kids = children(env.proc.pid)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setblocking(False)
    sent = 0
    rss = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < 8:
        try:
            sent += s.send(b"CAPA\r\n" * 1000)
        except BlockingIOError:
            time.sleep(0.1)
        except OSError:
            break
        for k in kids:
            v = proc_status(k).get("VmRSS")
            if v:
                rss.append(int(v.split()[0]))
    t.ok(sent > 0, "client sent %d bytes of CAPA without reading" % sent)
    t.ok(wait_for(lambda: children(env.proc.pid) == [], 10),
         "a client that never reads is disconnected")
    t.ok(rss and max(rss) < 16 * 1024,
         "login process memory stayed bounded (max RSS %s KB)" %
         (max(rss) if rss else "?"))
    s.close()


def test_session_limits(env):
    env.stop_pop3d()
    env.deliver(b"Subject: big\n\n" + b"x" * 79 + b"\n" * 1 +
                (b"y" * 99 + b"\n") * 60000)
    env.start_pop3d({"SESSION_TIMEOUT": "2"})
    s, g = greet(env)
    s.sendall(b"USER %s\r\nPASS %s\r\n" % (USER.encode(),
                                             PASSWORD.encode()))
    recv_until(s, b"logged in.\r\n")
    t0 = time.monotonic()
    t.eq(recv_until(s, b"never", timeout=15),
         b"-ERR Disconnected for inactivity.\r\n",
         "idle after login: cut off")
    el = time.monotonic() - t0
    t.ok(1.5 < el < 6, "after SESSION_TIMEOUT (%.1fs)" % el)
    s.close()
    # Over TLS, a client asks for 6 MB and never reads: the session and
    # the relay both stop at their caps and give up after the timeout.
    raw = env.connect()
    recv_until(raw, b"\r\n")
    raw.sendall(b"STLS\r\n")
    recv_until(raw, b"\r\n")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    tls = ctx.wrap_socket(raw)
    tls.sendall(b"USER %s\r\nPASS %s\r\n" % (USER.encode(),
                                               PASSWORD.encode()))
    recv_until(tls, b"logged in.\r\n")
    tls.sendall(b"RETR 1\r\n")
    rss = {}
    t0 = time.monotonic()
    while time.monotonic() - t0 < 20 and children(env.proc.pid):
        for k in children(env.proc.pid):
            v = proc_status(k).get("VmRSS")
            if v:
                rss[k] = max(rss.get(k, 0), int(v.split()[0]))
        time.sleep(0.2)
    t.ok(children(env.proc.pid) == [],
         "TLS client that never reads a RETR: both processes give up")
    t.ok(rss and max(rss.values()) < 24 * 1024,
         "their memory stayed bounded (max RSS %s KB)" %
         (max(rss.values()) if rss else "?"))
    tls.close()


def test_failed_logins(env):
    env.stop_pop3d()
    env.start_pop3d()
    s, g = greet(env)
    times = []
    for i in range(3):
        t0 = time.monotonic()
        s.sendall(b"USER %s\r\nPASS wrong%d\r\n" % (USER.encode(), i))
        r = recv_until(s, b"failed.\r\n", timeout=20)
        times.append(time.monotonic() - t0)
        t.eq(r, b"+OK Password required.\r\n-ERR Login failed.\r\n",
             "wrong password %d refused" % (i + 1))
    t.ok(times[0] < 0.9 and 0.9 < times[1] < 3 and 1.9 < times[2] < 5,
         "growing delay after failures: %s" %
         ", ".join("%.2fs" % x for x in times))
    s.sendall(b"USER %s\r\nPASS %s\r\n" % (USER.encode(), PASSWORD.encode()))
    t.ok(recv_until(s, b"logged in.\r\n", timeout=20).endswith(
        b"+OK logged in.\r\n"), "right password still works")
    s.sendall(b"QUIT\r\n")
    recv_until(s, b"never")
    s.close()
    fails = env.log_lines(r"LOGIN FAILED, user=%s, ip=\[127\.0\.0\.1\]$" %
                          USER)
    t.eq(len(fails), 3, "three LOGIN FAILED lines in Courier's wording")
    t.ok(env.log_lines(r"INFO: LOGIN, user=%s, ip=\[127\.0\.0\.1\], "
                       r"port=\[\d+\], protocol=POP3$" % USER),
         "LOGIN line in Courier's wording")
    t.ok(env.log_lines(r"INFO: LOGOUT, user=%s, ip=\[127\.0\.0\.1\], "
                       r"port=\[\d+\], top=0, retr=0, rcvd=\d+, sent=\d+, "
                       r"time=\d+$" % USER), "LOGOUT line")
    log = env.read_log()
    t.ok("wrong0" not in log and PASSWORD not in log,
         "no password in the log")


def test_ipv6(env):
    try:
        socket.create_connection(("::1", 9), timeout=0.2)
    except ConnectionRefusedError:
        pass
    except OSError:
        t.skip("IPv6", "no ::1 on this host")
        return
    env.stop_pop3d()
    env.port = None
    env.start_pop3d()
    env.stop_pop3d()
    port = env.port
    env.start_pop3d({"PORT": "::1.%d" % port})
    s = socket.create_connection(("::1", port), timeout=10)
    t.eq(recv_until(s, b"\r\n"), b"+OK Hello there.\r\n",
         "listening on ::1 from PORT=::1.port")
    s.sendall(b"USER %s\r\nPASS bad\r\n" % USER.encode())
    recv_until(s, b"failed.\r\n")
    s.close()
    t.ok(env.log_lines(r"LOGIN FAILED, user=%s, ip=\[::1\]" % USER),
         "IPv6 address in the log")


def test_courier_config(env):
    """Debian's Courier pop3d and pop3d-ssl files work unchanged."""
    cdir = os.path.join(COURIER_ROOT, "etc", "courier")
    if not os.path.exists(os.path.join(cdir, "pop3d")):
        t.skip("Courier's config files", "run tests/courier-fetch.sh")
        return
    env.stop_pop3d()
    port = free_port()
    log = os.path.join(env.dir, "courier-conf.log")
    with open(log, "wb") as logf:
        p = t.spawn([build_path("pop3", "pop3d"), "--foreground",
                     "--config-dir", cdir,
                     "--set", "PORT=127.0.0.1.%d" % port,
                     "--set", "LOGIN_USER=nobody",
                     "--set", "LOGIN_CHROOT=%s" % env.chroot,
                     "--set", "PIDFILE=%s/c.pid" % env.dir,
                     "--set", "AUTHDAEMONVAR=%s" % env.auth.var],
                    stdout=logf, stderr=logf)
    text = lambda: open(log).read()  # noqa: E731
    t.ok(wait_for(lambda: " ready, " in text(), 10),
         "pop3d starts from Courier's pop3d and pop3d-ssl files", text())
    s, g = greet(env, port)
    s.sendall(b"CAPA\r\n")
    capa = recv_until(s, b"\r\n.\r\n")
    t.ok(b"STLS" not in capa and b"USER" in capa,
         "its missing /etc/courier/pop3d.pem: no STLS offered", capa)
    s.close()
    t.ok("STARTTLS disabled" in text(), "and the reason is logged")
    p.send_signal(signal.SIGTERM)
    t.eq(p.wait(10), 0, "stops on SIGTERM")
    env.start_pop3d()


def test_control(env):
    """pop3d start|stop|restart|status, as Courier's scripts."""
    env.stop_pop3d()
    # The default configuration (127.0.0.1), whatever an earlier test
    # (IPv6) left in the file.
    env.write_conf({})
    pop3d = [build_path("pop3", "pop3d"), "--config-dir", env.conf]
    pidfile = os.path.join(env.dir, "pop3d.pid")

    def run(*verb):
        p = subprocess.run(pop3d + list(verb), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        return p.returncode, (p.stdout + p.stderr).decode().strip()

    t.eq(run("status"), (3, "pop3d is not running"), "status: not running")
    try:
        control_daemon(env, run, pidfile)
    finally:
        # The daemon is not Tap.spawn()'s: never leave it behind.
        if os.path.exists(pidfile):
            try:
                os.kill(int(open(pidfile).read()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
    env.start_pop3d()


def control_daemon(env, run, pidfile):
    rc, out = run("start")
    t.ok(rc == 0, "start: the daemon detaches", out)
    pid = wait_for(lambda: os.path.exists(pidfile) and
                   int(open(pidfile).read()), 5)
    t.ok(pid and os.getsid(pid) == pid,
         "the master runs in its own session (pid %s)" % pid)
    s, g = greet(env)
    t.eq(g, b"+OK Hello there.\r\n", "the background daemon serves")
    s.close()
    t.eq(run("status"), (0, "pop3d is running (pid %d)" % pid),
         "status: running")
    t.eq(run("start"), (1, "pop3d is already running (pid %d)" % pid),
         "a second start is refused")
    rc, out = run("restart")
    pid2 = wait_for(lambda: os.path.exists(pidfile) and
                    int(open(pidfile).read()) != pid and
                    int(open(pidfile).read()), 10)
    t.ok(rc == 0 and pid2 and not os.path.exists("/proc/%d" % pid),
         "restart: a new master replaced the old one", out)
    t.eq(run("stop"), (0, ""), "stop")
    t.ok(not os.path.exists(pidfile) and
         not os.path.exists("/proc/%d" % pid2), "stopped, pid file gone")
    t.eq(run("stop"), (0, "pop3d is not running"), "stop when stopped")


def test_sigterm(env):
    env.stop_pop3d()
    env.start_pop3d()
    pidfile = os.path.join(env.dir, "pop3d.pid")
    t.eq(open(pidfile).read().strip(), str(env.proc.pid),
         "PIDFILE holds the master's pid")
    a, g = greet(env)
    b, g = greet(env)
    b.sendall(b"USER %s\r\nPASS %s\r\n" % (USER.encode(), PASSWORD.encode()))
    recv_until(b, b"logged in.\r\n")
    kids = wait_for(lambda: len(children(env.proc.pid)) == 2 and
                    children(env.proc.pid), 5) or []
    t.eq(len(kids), 2, "a login and a session process running")
    env.proc.send_signal(signal.SIGTERM)
    try:
        rc = env.proc.wait(10)
    except Exception:
        rc = None
    t.eq(rc, 0, "SIGTERM: master exits 0")
    t.ok(all(not os.path.exists("/proc/%d" % k) or
             proc_status(k).get("State", "").startswith("Z")
             for k in kids), "its children are gone too")
    t.ok(not os.path.exists(pidfile), "pid file removed")
    a.close()
    b.close()


def main():
    if os.geteuid() != 0:
        t.skip("server runtime", "pop3d must start as root")
        t.done()
    with t.tempdir() as d:
        env = ServerEnv(t, d)
        if not t.ok(env.setup(), "authdaemond starts"):
            t.done()
        if not t.ok(env.start_pop3d() is not None, "pop3d starts"):
            t.diag(env.read_log())
            t.done()
        t.run("test_identities", test_identities, env)
        t.run("test_maxperip", test_maxperip, env)
        t.run("test_limits", test_limits, env)
        t.run("test_never_reads", test_never_reads, env)
        t.run("test_session_limits", test_session_limits, env)
        t.run("test_failed_logins", test_failed_logins, env)
        t.run("test_ipv6", test_ipv6, env)
        t.run("test_courier_config", test_courier_config, env)
        t.run("test_control", test_control, env)
        t.run("test_sigterm", test_sigterm, env)
        t.ok(not env.log_lines(r"ERR: (?!authentication)|Sanitizer|"
                               r"runtime error"),
             "no unexpected errors in the log",
             "\n".join(env.log_lines("ERR")))
    t.done()


main()
