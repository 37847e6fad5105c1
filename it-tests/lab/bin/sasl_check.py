#!/usr/bin/env python3
"""Raw-protocol XOAUTH2/OAUTHBEARER check against IMAP, POP3, SMTP (stdlib only).
usage: sasl_check.py PROTO(imap|pop3|smtp) HOST PORT TLS(0|1) MECH(XOAUTH2|OAUTHBEARER) USER TOKEN [-q]
Exit 0 on successful auth, 1 on auth failure. Prints the transcript unless -q."""
import base64, socket, ssl, sys, time
proto, host, port, use_tls, mech, user, token = sys.argv[1:8]
port = int(port); quiet = "-q" in sys.argv
def log(d, s):
    if not quiet: print(f"{d} {s[:160]}{'...' if len(s) > 160 else ''}")
if mech == "XOAUTH2":
    ir = f"user={user}\x01auth=Bearer {token}\x01\x01"
else:  # RFC 7628 OAUTHBEARER, GS2 header with authzid
    ir = f"n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01"
ir64 = base64.b64encode(ir.encode()).decode()
t0 = time.perf_counter()
s = socket.create_connection((host, port), 5)
if use_tls == "1":
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    s = ctx.wrap_socket(s)
f = s.makefile("rb")
def rd():
    l = f.readline().decode(errors="replace").rstrip("\r\n"); log("S:", l); return l
def wr(l): log("C:", l); s.sendall((l + "\r\n").encode())
def smtp_reply():
    while True:
        l = rd()
        if len(l) < 4 or l[3] != "-": return l
# after a failure challenge the client must answer: XOAUTH2 -> empty line, OAUTHBEARER -> %x01
abort = "" if mech == "XOAUTH2" else base64.b64encode(b"\x01").decode()
ok = False
if proto == "imap":
    rd(); wr(f"a1 AUTHENTICATE {mech} {ir64}")
    l = rd()
    if l.startswith("+ "):
        if not quiet: print("   challenge JSON:", base64.b64decode(l[2:]).decode())
        wr(abort); l = rd()
    ok = l.startswith("a1 OK")
    if ok: wr("a2 LOGOUT"); rd(); rd()
elif proto == "pop3":
    rd(); wr(f"AUTH {mech} {ir64}")
    l = rd()
    if l.startswith("+ "):
        if not quiet: print("   challenge JSON:", base64.b64decode(l[2:]).decode())
        wr(abort); l = rd()
    ok = l.startswith("+OK")
    if ok: wr("QUIT"); rd()
elif proto == "smtp":
    smtp_reply(); wr("EHLO client.example.test"); smtp_reply()
    wr(f"AUTH {mech} {ir64}")
    l = smtp_reply()
    if l.startswith("334 "):
        if not quiet: print("   challenge JSON:", base64.b64decode(l[4:]).decode())
        wr(abort); l = smtp_reply()
    ok = l.startswith("235")
    if ok and "--send" in sys.argv:
        wr(f"MAIL FROM:<{user}>"); smtp_reply(); wr(f"RCPT TO:<{user}>"); smtp_reply()
        wr("DATA"); smtp_reply()
        for x in [f"From: {user}", f"To: {user}", "Subject: mail-oauth2 lab test", "", "hello via submission", "."]: wr(x)
        smtp_reply()
    wr("QUIT"); smtp_reply()
dt = (time.perf_counter() - t0) * 1000
print(f"RESULT {proto}:{port} tls={use_tls} {mech} user={user}: {'AUTH OK' if ok else 'AUTH FAILED'} ({dt:.1f} ms)")
sys.exit(0 if ok else 1)
