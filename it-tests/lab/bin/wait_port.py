#!/usr/bin/env python3
"""Wait until TCP ports on HOST accept connections (stdlib only).
usage: wait_port.py HOST TIMEOUT_SECONDS PORT [PORT...]
A port counts as ready once it accepts a connection; a greeting (IMAP/POP3/SMTP), if one comes
within 0.1 s, is printed. TLS ports send nothing before the handshake, so they only connect.
Exit 0 when all are ready, 1 on timeout."""
import socket, sys, time
host, timeout, ports = sys.argv[1], float(sys.argv[2]), [int(p) for p in sys.argv[3:]]
t0 = time.time()
for port in ports:
    while True:
        try:
            with socket.create_connection((host, port), 0.5) as s:
                s.settimeout(0.1)
                try:
                    greeting = s.recv(200).decode(errors="replace").strip()[:60]
                except socket.timeout:
                    greeting = "(no greeting)"
            print(f"  {host}:{port} ready after {time.time() - t0:.2f} s {greeting}")
            break
        except OSError:
            if time.time() - t0 > timeout:
                print(f"{host}:{port} not ready after {timeout:.0f} s", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.02)
