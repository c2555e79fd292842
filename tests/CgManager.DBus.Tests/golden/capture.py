#!/usr/bin/python3
"""Capture the first D-Bus messages that real clients send, as hex, for the codec's golden tests.

Usage: /usr/bin/python3 capture.py [OUTPUT_DIR]   (default: the folder of this script)

For each scenario it starts a real client (dbus-send = libdbus, busctl = sd-bus, gdbus = GDBus)
against a Unix socket in a temporary folder, plays the server side of the SASL handshake and
just enough of D-Bus (Hello, Introspect, a reply to the call) for the client to finish, and
writes every message the client sent as <scenario>-<member>.hex: '#' comment lines saying
where the bytes came from, then the message as hex, 16 bytes a line.

The bytes are the client's own; nothing here is derived from our codec, which is the point.
"""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading

SERVER_GUID = "0123456789abcdef0123456789abcdef"
TIMEOUT_SECONDS = 15

PATH = "/org/linuxcontainers/cgmanager"
IFACE = "org.linuxcontainers.cgmanager0_0"

METHOD_CALL, METHOD_RETURN, ERROR = 1, 2, 3
FIELD_NAMES = {1: "path", 2: "interface", 3: "member", 4: "error_name", 5: "reply_serial",
               6: "destination", 7: "sender", 8: "signature", 9: "unix_fds"}

INTROSPECTION_XML = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.linuxcontainers.cgmanager0_0">
    <method name="GetValue">
      <arg name="controller" type="s" direction="in"/>
      <arg name="cgroup" type="s" direction="in"/>
      <arg name="key" type="s" direction="in"/>
      <arg name="value" type="s" direction="out"/>
    </method>
  </interface>
</node>
"""


def scenarios(sock):
    peer = f"unix:path={sock}"
    return [
        ("dbus-send", "Ping",
         ["dbus-send", f"--peer={peer}", "--print-reply", PATH, f"{IFACE}.Ping", "int32:0"]),
        ("dbus-send", "Many",
         ["dbus-send", f"--peer={peer}", "--print-reply", PATH, f"{IFACE}.Many",
          "string:memory", "int32:-42", "array:string:a,b,c", "dict:string:int32:a,1,b,2",
          "variant:int32:5", "boolean:true", "uint64:18446744073709551615", "double:2.5",
          f"objpath:{PATH}/child", "byte:7", "int16:-3", "uint16:65535", "uint32:4000000000",
          "int64:-9000000000"]),
        ("busctl", "Create",
         ["busctl", f"--address={peer}", "call", "org.linuxcontainers.cgmanager", PATH, IFACE,
          "Create", "ss", "memory", "foo"]),
        ("busctl", "Complex",
         # "--" so that getopt leaves the negative numbers alone
         ["busctl", f"--address={peer}", "--", "call", "org.linuxcontainers.cgmanager", PATH, IFACE,
          "Complex", "a(ix)a{sv}(sa(yt))av", "2", "1", "-2", "3", "-4",
          "2", "name", "s", "foo", "count", "u", "3",
          "bar", "1", "9", "10",
          "2", "v", "s", "deep", "ai", "2", "1", "2"]),
        # gdbus treats --address as a bus (it sends Hello) and then insists on a destination.
        ("gdbus", "GetValue",
         ["gdbus", "call", "--address", peer, "--dest", "org.linuxcontainers.cgmanager", "--object-path", PATH,
          "--method", f"{IFACE}.GetValue", "memory", "", "memory.limit_in_bytes"]),
    ]


# --- marshalling, little-endian, only what the replies need ---------------------------------

class Writer:
    def __init__(self):
        self.data = bytearray()

    def pad(self, alignment):
        self.data += b"\0" * (-len(self.data) % alignment)

    def byte(self, value):
        self.data.append(value)

    def uint32(self, value):
        self.pad(4)
        self.data += struct.pack("<I", value)

    def int32(self, value):
        self.pad(4)
        self.data += struct.pack("<i", value)

    def string(self, value):
        encoded = value.encode()
        self.uint32(len(encoded))
        self.data += encoded + b"\0"

    def signature(self, value):
        self.byte(len(value))
        self.data += value.encode() + b"\0"


def build_message(msg_type, serial, fields, signature="", body=b""):
    """fields: list of (code, variant signature, value)."""
    w = Writer()
    w.data += b"l" + bytes([msg_type, 0, 1])
    w.uint32(len(body))
    w.uint32(serial)
    w.uint32(0)  # header fields array length, patched below
    if signature:
        fields = fields + [(8, "g", signature)]
    for code, sig, value in fields:
        w.pad(8)
        w.byte(code)
        w.signature(sig)
        {"s": w.string, "o": w.string, "u": w.uint32, "g": w.signature}[sig](value)
    struct.pack_into("<I", w.data, 12, len(w.data) - 16)
    w.pad(8)
    return bytes(w.data) + body


def reply(call, serial, signature="", body=b""):
    fields = [(5, "u", call["serial"])]
    if "sender" in call:
        fields.append((6, "s", call["sender"]))
    return build_message(METHOD_RETURN, serial, fields, signature, body)


def error_reply(call, serial, name, text):
    body = Writer()
    body.string(text)
    fields = [(4, "s", name), (5, "u", call["serial"])]
    return build_message(ERROR, serial, fields, "s", bytes(body.data))


# --- reading what the client sends -------------------------------------------------------------

class Connection:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = bytearray()

    def fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("client closed the connection")
        self.buffer += chunk

    def read_exact(self, count):
        while len(self.buffer) < count:
            self.fill()
        data = bytes(self.buffer[:count])
        del self.buffer[:count]
        return data

    def read_line(self):
        while b"\r\n" not in self.buffer:
            self.fill()
        index = self.buffer.index(b"\r\n")
        line = bytes(self.buffer[:index]).decode("ascii")
        del self.buffer[:index + 2]
        return line

    def send(self, data):
        self.sock.sendall(data)

    def read_message(self):
        while len(self.buffer) < 16:
            self.fill()
        order = "<" if self.buffer[0:1] == b"l" else ">"
        body_length, = struct.unpack_from(order + "I", self.buffer, 4)
        fields_length, = struct.unpack_from(order + "I", self.buffer, 12)
        total = 16 + fields_length + (-fields_length % 8) + body_length
        return self.read_exact(total)


def serve_sasl(conn, log):
    """The server side of SASL EXTERNAL, answering each line in turn (clients may pipeline)."""
    if conn.read_exact(1) != b"\0":
        raise ValueError("client did not start with a NUL byte")
    while True:
        line = conn.read_line()
        log.append(f"C: {line}")
        words = line.split(" ")
        if words[0] == "AUTH" and len(words) == 3 and words[1] == "EXTERNAL":
            answer = f"OK {SERVER_GUID}"
        elif words[0] == "AUTH" and len(words) == 2 and words[1] == "EXTERNAL":
            answer = "DATA"
        elif words[0] == "DATA":
            answer = f"OK {SERVER_GUID}"
        elif words[0] in ("AUTH", "CANCEL", "ERROR"):
            answer = "REJECTED EXTERNAL"
        elif words[0] == "NEGOTIATE_UNIX_FD":
            answer = "AGREE_UNIX_FD"
        elif words[0] == "BEGIN":
            return
        else:
            answer = "ERROR \"unknown command\""
        log.append(f"S: {answer}")
        conn.send(answer.encode("ascii") + b"\r\n")


def header_fields(message):
    """Decodes the header (basic-typed fields only, which is all the clients send)."""
    order = "<" if message[0:1] == b"l" else ">"
    info = {"type": message[1], "serial": struct.unpack_from(order + "I", message, 8)[0]}
    fields_length, = struct.unpack_from(order + "I", message, 12)
    position, end = 16, 16 + fields_length
    while position < end:
        position += -position % 8
        code = message[position]
        sig_length = message[position + 1]
        sig = message[position + 2:position + 2 + sig_length].decode()
        position += 3 + sig_length
        if sig in ("s", "o"):
            position += -position % 4
            length, = struct.unpack_from(order + "I", message, position)
            value = message[position + 4:position + 4 + length].decode()
            position += 5 + length
        elif sig == "u":
            position += -position % 4
            value, = struct.unpack_from(order + "I", message, position)
            position += 4
        elif sig == "g":
            length = message[position]
            value = message[position + 1:position + 1 + length].decode()
            position += 2 + length
        else:
            raise ValueError(f"header field {code} has unexpected type {sig}")
        info[FIELD_NAMES.get(code, f"field{code}")] = value
    return info


def serve_client(listener, target_member, captured, log):
    client, _ = listener.accept()
    client.settimeout(TIMEOUT_SECONDS)
    with client:
        conn = Connection(client)
        serve_sasl(conn, log)
        serial = 0
        while True:
            message = conn.read_message()
            info = header_fields(message)
            captured.append((info.get("member", "message"), message))
            log.append(f"C: message {info}")
            serial += 1
            member = info.get("member")
            if member == "Hello":
                body = Writer()
                body.string(":1.1")
                conn.send(reply(info, serial, "s", bytes(body.data)))
            elif member == "Introspect":
                body = Writer()
                body.string(INTROSPECTION_XML)
                conn.send(reply(info, serial, "s", bytes(body.data)))
            elif member == target_member:
                conn.send(target_reply(info, serial))
                return
            elif info["type"] == METHOD_CALL:
                conn.send(error_reply(info, serial, "org.freedesktop.DBus.Error.UnknownMethod", "not captured"))


def target_reply(call, serial):
    body = Writer()
    if call["member"] == "Create":
        body.int32(1)
        return reply(call, serial, "i", bytes(body.data))
    if call["member"] == "GetValue":
        body.string("max")
        return reply(call, serial, "s", bytes(body.data))
    return reply(call, serial)


def package_version(tool):
    package = {"dbus-send": "dbus-bin", "busctl": "systemd", "gdbus": "libglib2.0-bin"}[tool]
    try:
        result = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}", package],
                                capture_output=True, text=True, timeout=10)
        return result.stdout.strip() or "unknown version"
    except (OSError, subprocess.SubprocessError):
        return "unknown version"


def capture(tool, member, command, sock, output_dir, written):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sock)
    listener.listen(1)
    listener.settimeout(TIMEOUT_SECONDS)
    captured, log, failure = [], [], []

    def run_server():
        try:
            serve_client(listener, member, captured, log)
        except Exception as error:  # reported below with the client's output
            failure.append(error)

    server = threading.Thread(target=run_server)
    server.start()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    finally:
        server.join(TIMEOUT_SECONDS)
        listener.close()
        os.unlink(sock)
    if failure or not captured:
        sys.stderr.write("\n".join(log) + "\n" + result.stdout + result.stderr)
        raise SystemExit(f"{tool} {member}: capture failed: {failure}")

    version = package_version(tool)
    display = " ".join(arg if arg else "''" for arg in command).replace(sock, "SOCK")
    for name, message in captured:
        file_name = f"{tool}-{name.lower()}.hex"
        if written.get(file_name) == message:
            continue  # e.g. the same Hello before each busctl call
        if file_name in written:
            file_name = f"{tool}-{member.lower()}-{name.lower()}.hex"
        written[file_name] = message
        path = os.path.join(output_dir, file_name)
        with open(path, "w", encoding="ascii") as out:
            out.write(f"# Captured by capture.py from {version}\n")
            out.write(f"# Command: {display}\n")
            out.write(f"# Message: {name}, {len(message)} bytes\n")
            for offset in range(0, len(message), 16):
                out.write(message[offset:offset + 16].hex(" ") + "\n")
        print(f"{path}: {len(message)} bytes; client said: {result.stdout.strip()!r}")


def main():
    output_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory(prefix="dbus-capture-") as folder:
        sock = os.path.join(folder, "sock")
        written = {}
        for tool, member, command in scenarios(sock):
            capture(tool, member, command, sock, output_dir, written)


if __name__ == "__main__":
    main()
