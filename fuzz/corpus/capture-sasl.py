#!/usr/bin/python3
"""Capture the SASL lines real clients send (libdbus's dbus-send, sd-bus's busctl, GDBus's gdbus)
into fuzz/corpus/sasl/<client>: everything after the leading NUL byte up to and including BEGIN.

Usage: /usr/bin/python3 capture-sasl.py [OUTPUT_DIR]   (default: sasl/ beside this script)

It plays the server side of the handshake (DATA for a bare AUTH EXTERNAL, OK for a claim,
AGREE_UNIX_FD) and hangs up at BEGIN; the clients then fail, which does not matter here.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading

GUID = "0123456789abcdef0123456789abcdef"
PATH = "/org/linuxcontainers/cgmanager"
IFACE = "org.linuxcontainers.cgmanager0_0"


def clients(peer):
    return [
        ("dbus-send", ["dbus-send", f"--peer={peer}", "--print-reply", PATH, f"{IFACE}.Ping", "int32:0"]),
        ("busctl", ["busctl", f"--address={peer}", "call", "org.linuxcontainers.cgmanager", PATH, IFACE, "Ping", "i", "0"]),
        ("gdbus", ["gdbus", "call", "--address", peer, "--object-path", PATH, "--method", f"{IFACE}.Ping", "0"]),
    ]


def serve(listener, captured):
    conn, _ = listener.accept()
    conn.settimeout(10)
    data = b""
    pending = b""
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
        pending += chunk
        done = False
        while b"\r\n" in pending:
            line, pending = pending.split(b"\r\n", 1)
            line = line.lstrip(b"\0")
            if line == b"AUTH":
                conn.sendall(b"REJECTED EXTERNAL ANONYMOUS\r\n")
            elif line == b"AUTH EXTERNAL":
                conn.sendall(b"DATA\r\n")
            elif line.startswith(b"AUTH") or line.startswith(b"DATA"):
                conn.sendall(f"OK {GUID}\r\n".encode())
            elif line == b"NEGOTIATE_UNIX_FD":
                conn.sendall(b"AGREE_UNIX_FD\r\n")
            elif line == b"BEGIN":
                done = True
                break
            else:
                conn.sendall(b"ERROR\r\n")
        if done:
            break
    conn.close()
    if b"BEGIN\r\n" not in data:
        print(f"no BEGIN in {data!r}", file=sys.stderr)
        return
    end = data.index(b"BEGIN\r\n") + len(b"BEGIN\r\n")
    captured.append(data[1:end] if data[:1] == b"\0" else data[:end])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "sasl")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sock = os.path.join(tmp, "sock")
        for name, argv in clients(f"unix:path={sock}"):
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(sock)
            listener.listen(1)
            captured = []
            thread = threading.Thread(target=serve, args=(listener, captured))
            thread.start()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            thread.join(15)
            proc.kill()
            proc.wait()
            listener.close()
            os.unlink(sock)
            if captured:
                with open(os.path.join(out, name), "wb") as f:
                    f.write(captured[0])
                print(f"{name}: {captured[0]!r}")
            else:
                print(f"{name}: nothing captured", file=sys.stderr)


main()
