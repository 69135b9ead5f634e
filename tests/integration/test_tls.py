#!/usr/bin/python3
"""TLS in the server runtime: certificate scripts, implicit TLS and STLS
with Python's ssl module and gnutls-cli, STLS discarding pipelined input,
SIGHUP re-reading the certificate, TLS_VERIFYPEER."""

import hashlib
import os
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import time

from taplib import Tap, build_path, src_path
from test_server_support import ServerEnv, recv_until, wait_for

t = Tap()


def client_ctx():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def pem_cert_der(path):
    with open(path) as f:
        text = f.read()
    start = text.index("-----BEGIN CERTIFICATE-----")
    end = text.index("-----END CERTIFICATE-----") + len(
        "-----END CERTIFICATE-----")
    return ssl.PEM_cert_to_DER_cert(text[start:end])


def test_mkcert(d):
    pem = os.path.join(d, "sub", "pop3d.pem")
    os.mkdir(os.path.join(d, "sub"))
    mk = build_path("sbin", "mkpop3dcert")
    p = subprocess.run([mk, pem, src_path("etc", "pop3d.cnf")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.eq(p.returncode, 0, "mkpop3dcert makes a certificate")
    t.eq(stat.S_IMODE(os.stat(pem).st_mode), 0o600, "pem file is mode 0600")
    text = open(pem).read()
    t.ok("PRIVATE KEY-----" in text.split("-----BEGIN CERTIFICATE")[0],
         "the key comes first, then the certificate (Courier's layout)")
    info = subprocess.run(["certtool", "-i", "--infile", pem],
                          stdout=subprocess.PIPE).stdout.decode()
    t.ok("CN=localhost" in info and "Self-signed POP3" in info,
         "subject from the pop3d.cnf template", info[:400])
    t.eq(sorted(os.listdir(os.path.join(d, "sub"))), ["pop3d.pem"],
         "no temporary file left")
    before = open(pem, "rb").read()
    p = subprocess.run([mk, pem, src_path("etc", "pop3d.cnf")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.eq((p.returncode, p.stderr.decode().strip()),
         (1, "%s already exists." % pem), "an existing pem is refused")
    t.eq(open(pem, "rb").read(), before, "and left untouched")
    p = subprocess.run([build_path("sbin", "mkimapdcert"),
                        os.path.join(d, "imapd.pem"),
                        src_path("etc", "imapd.cnf")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t.eq(p.returncode, 0, "mkimapdcert works too")
    dh = os.path.join(d, "dhparams.pem")
    env = dict(os.environ, TLS_DHPARAMS=dh, DH_BITS="low")
    mkdh = build_path("sbin", "mkdhparams")
    p = subprocess.run([mkdh], env=env, stdout=subprocess.PIPE)
    t.ok(p.returncode == 0 and "BEGIN DH PARAMETERS" in open(dh).read(),
         "mkdhparams writes TLS_DHPARAMS")
    t.eq(stat.S_IMODE(os.stat(dh).st_mode), 0o640, "dhparams mode 0640")
    ino = os.stat(dh).st_ino
    subprocess.run([mkdh], env=env, check=True)
    t.eq(os.stat(dh).st_ino, ino, "a fresh file is kept")
    old = time.time() - 30 * 86400
    os.utime(dh, (old, old))
    subprocess.run([mkdh], env=env, check=True, stdout=subprocess.PIPE)
    t.ok(os.stat(dh).st_ino != ino, "a file older than 25 days is replaced")
    ino = os.stat(dh).st_ino
    subprocess.run([mkdh, "-f"], env=env, check=True, stdout=subprocess.PIPE)
    t.ok(os.stat(dh).st_ino != ino, "-f replaces it anyway")
    return dh


def test_implicit(env, port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with client_ctx().wrap_socket(raw) as s:
            t.eq(recv_until(s, b"\r\n"), b"+OK Hello there.\r\n",
                 "pop3d --ssl: greeting inside TLS")
            t.ok(s.version() in ("TLSv1.2", "TLSv1.3"),
                 "TLS 1.2 or 1.3 negotiated (%s)" % s.version())
            t.eq(s.getpeercert(binary_form=True), pem_cert_der(env.pem),
                 "server presents TLS_CERTFILE's certificate")
            s.sendall(b"CAPA\r\n")
            capa = recv_until(s, b"\r\n.\r\n")
            t.ok(b"USER\r\n" in capa and b"STLS" not in capa,
                 "CAPA over implicit TLS: USER, no STLS", capa)
            s.sendall(b"QUIT\r\n")
            t.eq(recv_until(s, b"\r\n"), b"+OK Better luck next time.\r\n",
                 "QUIT inside TLS")
    # gnutls-cli as a real TLS client.
    p = subprocess.run(["gnutls-cli", "--insecure", "-p", str(port),
                        "127.0.0.1"], input=b"CAPA\r\nQUIT\r\n",
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=30)
    out = p.stdout.decode(errors="replace")
    t.ok("+OK Hello there." in out and "IMPLEMENTATION" in out and
         "+OK Better luck next time." in out,
         "gnutls-cli: implicit TLS session", out[-600:])
    # A client that speaks plain text to the TLS port is dropped quietly.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"CAPA\r\n")
        data = recv_until(s, b"never", timeout=10)
        t.ok(b"+OK" not in data, "plain text to the TLS port gets no reply")


def test_stls(env, port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        recv_until(raw, b"\r\n")
        raw.sendall(b"CAPA\r\n")
        capa = recv_until(raw, b"\r\n.\r\n")
        t.ok(b"STLS\r\n" in capa, "CAPA in the clear offers STLS")
        # STLS and CAPA in one packet: the CAPA was sent in the clear and
        # must never be answered inside TLS.
        raw.sendall(b"STLS\r\nCAPA\r\n")
        t.eq(recv_until(raw, b"\r\n"),
             b"+OK Begin SSL/TLS negotiation now.\r\n", "STLS accepted")
        s = client_ctx().wrap_socket(raw)
        s.settimeout(1.5)
        try:
            early = s.recv(4096)
        except socket.timeout:
            early = b""
        t.eq(early, b"", "pipelined CAPA sent before TLS is discarded")
        s.sendall(b"CAPA\r\n")
        capa = recv_until(s, b"\r\n.\r\n")
        t.ok(capa.startswith(b"+OK Here's what I can do:") and
             b"STLS" not in capa, "CAPA inside TLS: no STLS any more", capa)
        s.sendall(b"STLS\r\n")
        t.ok(recv_until(s, b"\r\n").startswith(b"-ERR"),
             "a second STLS is refused")
        s.sendall(b"QUIT\r\n")
        recv_until(s, b"\r\n")
        s.close()
    p = subprocess.run(["gnutls-cli", "--insecure", "--starttls-proto=pop3",
                        "-p", str(port), "127.0.0.1"],
                       input=b"CAPA\r\nQUIT\r\n", stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    out = p.stdout.decode(errors="replace")
    t.ok("IMPLEMENTATION" in out and "Better luck" in out and
         p.returncode == 0, "gnutls-cli --starttls-proto=pop3",
         out[-600:] + p.stderr.decode(errors="replace")[-600:])


def test_sighup(env, port, d):
    old_der = pem_cert_der(env.pem)
    new_pem = env.make_cert(os.path.join(d, "new.pem"))
    # Replace the file the config names, then SIGHUP.
    os.rename(new_pem, env.pem)
    env.proc.send_signal(signal.SIGHUP)
    t.ok(wait_for(lambda: env.log_lines("SIGHUP: TLS certificate re-read"),
                  10), "SIGHUP logged the reload")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with client_ctx().wrap_socket(raw) as s:
            der = s.getpeercert(binary_form=True)
    t.ok(der == pem_cert_der(env.pem) and der != old_der,
         "after SIGHUP new connections get the new certificate")
    # A broken file: the old certificate stays.
    good = open(env.pem, "rb").read()
    with open(env.pem, "wb") as f:
        f.write(b"not a certificate\n")
    env.proc.send_signal(signal.SIGHUP)
    t.ok(wait_for(lambda: env.log_lines("keeping the old certificate"), 10),
         "SIGHUP with a broken file logs and keeps the old one")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with client_ctx().wrap_socket(raw) as s:
            t.eq(s.getpeercert(binary_form=True), der,
                 "still serving the previous certificate")
    with open(env.pem, "wb") as f:
        f.write(good)


def test_verifypeer(env, d):
    port = env.start_pop3d({"TLS_VERIFYPEER": "REQUIREPEER",
                            "TLS_TRUSTCERTS": env.pem}, ssl=True)
    t.ok(port is not None, "pop3d --ssl with TLS_VERIFYPEER=REQUIREPEER")
    ok = False
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as r:
            with client_ctx().wrap_socket(r) as s:
                s.settimeout(5)
                ok = s.recv(100).startswith(b"+OK")
    except (ssl.SSLError, OSError):
        ok = False
    t.ok(not ok, "a client without a certificate is refused")
    env.stop_pop3d()


def main():
    if os.geteuid() != 0:
        t.skip("TLS tests", "pop3d must start as root")
        t.done()
    if shutil.which("gnutls-cli") is None:
        t.skip("TLS tests", "gnutls-cli missing (apt-get install gnutls-bin)")
        t.done()
    with t.tempdir() as d:
        env = ServerEnv(t, d)
        env.make_cert()
        test_mkcert(d)
        port = env.start_pop3d(ssl=True)
        if t.ok(port is not None, "pop3d --ssl starts"):
            test_implicit(env, port)
            test_sighup(env, port, d)
        t.eq(env.stop_pop3d(), 0, "SIGTERM stops pop3d --ssl cleanly")
        link = os.path.join(d, "pop3d-ssl")
        os.symlink(build_path("pop3", "pop3d"), link)
        env.start_pop3d(prog=link)
        try:
            with socket.create_connection(("127.0.0.1", env.ssl_port),
                                          timeout=10) as raw:
                with client_ctx().wrap_socket(raw) as s:
                    got = recv_until(s, b"\r\n")
        except OSError as e:
            got = repr(e)
        t.eq(got, b"+OK Hello there.\r\n",
             "invoked as pop3d-ssl: implicit TLS on SSLPORT")
        env.stop_pop3d()
        port = env.start_pop3d()
        if t.ok(port is not None, "pop3d starts"):
            test_stls(env, port)
        env.stop_pop3d()
        test_verifypeer(env, d)
        t.ok(not env.log_lines("ERR.*(fatal|assert)|Sanitizer|"
                               "runtime error"), "no internal errors",
             env.read_log())
    t.done()


main()
