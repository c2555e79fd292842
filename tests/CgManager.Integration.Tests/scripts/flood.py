#!/usr/bin/python3
"""A local flood generator for the daemon's robustness tests (issue 12): run it as an unprivileged
user and it takes whatever the daemon lets one user take. Raw D-Bus bytes over the Unix socket,
written independently of the daemon's code; bounded in count and in time.

usage: flood.py SOCKET [--connections N] [--half-fds N] [--half-bytes N] [--scm N]
                [--watches N] [--slow-watch CG,CG,...] [--hold SECONDS]

  --connections N  open N connections and authenticate them
  --half-fds N     N connections that each send the start of a message with 60 fds, never the rest
  --half-bytes N   N connections that each announce a 1 MiB message and send 900 KiB of it
  --scm N          start N GetPidCgroupScm exchanges on one connection, never sending a credential
  --watches N      N connections that each Watch('', populated frozen)
  --slow-watch L   one connection that watches 'populated' of each cgroup in L, then never reads
  --hold S         keep everything (re-opening what the daemon drops, every second) for S seconds
                   or until stdin closes, whichever is first (default 30)

Prints one JSON line once the flood is in place ("ready"), and one when it ends ("done"), with
what was accepted, refused and dropped by the daemon.
"""
import json
import os
import select
import socket
import struct
import sys
import time

PATH = "/org/linuxcontainers/cgmanager"
COMPAT = "org.linuxcontainers.cgmanager0_0"
MANAGER1 = "org.linuxcontainers.cgmanager.Manager1"
METHOD_RETURN, ERROR = 2, 3


class Body:
    """Marshals a little-endian D-Bus body (the body starts 8-aligned, so offsets are body-relative)."""

    def __init__(self):
        self.b = bytearray()

    def align(self, n):
        self.b += b"\0" * ((-len(self.b)) % n)

    def s(self, text):
        self.align(4)
        e = text.encode()
        self.b += struct.pack("<I", len(e)) + e + b"\0"
        return self

    def u(self, value):
        self.align(4)
        self.b += struct.pack("<I", value)
        return self

    def strings(self, items):
        self.align(4)
        at = len(self.b)
        self.b += b"\0\0\0\0"
        start = len(self.b)
        for item in items:
            self.s(item)
        struct.pack_into("<I", self.b, at, len(self.b) - start)
        return self


def message(iface, member, signature, body=b"", fds=0, serial=1):
    fields = bytearray()

    def align(n):
        fields.extend(b"\0" * ((-(16 + len(fields))) % n))

    def field(code, vsig, value):
        align(8)
        fields.append(code)
        fields.extend(bytes([len(vsig)]) + vsig.encode() + b"\0")
        if vsig in ("s", "o"):
            align(4)
            e = value.encode()
            fields.extend(struct.pack("<I", len(e)) + e + b"\0")
        elif vsig == "g":
            e = value.encode()
            fields.extend(bytes([len(e)]) + e + b"\0")
        else:
            align(4)
            fields.extend(struct.pack("<I", value))

    field(1, "o", PATH)
    field(2, "s", iface)
    field(3, "s", member)
    if signature:
        field(8, "g", signature)
    if fds:
        field(9, "u", fds)
    header = struct.pack("<cBBBIII", b"l", 1, 0, 1, len(body), serial, len(fields)) + bytes(fields)
    header += b"\0" * ((-len(header)) % 8)
    return header + bytes(body)


def connect(path, fds=False, timeout=3.0):
    """An authenticated connection, or None if the daemon refused or dropped it."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(path)
        uid = str(os.getuid()).encode().hex().encode()
        s.sendall(b"\0AUTH EXTERNAL " + uid + b"\r\n" + (b"NEGOTIATE_UNIX_FD\r\n" if fds else b"") + b"BEGIN\r\n")
        want = b"AGREE_UNIX_FD\r\n" if fds else b"\r\n"
        got = b""
        while want not in got:
            chunk = s.recv(256)
            if not chunk:
                s.close()
                return None
            got += chunk
        if not got.startswith(b"OK "):
            s.close()
            return None
        return s
    except OSError:
        s.close()
        return None


def read_message(s):
    """(type, reply_serial, error_name) of the next message, or None at end of stream / timeout."""
    def exact(n):
        data = b""
        while len(data) < n:
            chunk = s.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    try:
        fixed = exact(16)
        _, mtype, _, _, body_len, _, fields_len = struct.unpack("<cBBBIII", fixed)
        fields = exact(fields_len + ((-(16 + fields_len)) % 8))[:fields_len]
        exact(body_len)
    except (EOFError, OSError):
        return None
    reply_serial, error = 0, None
    i = 0
    while i < len(fields):
        i += (-(16 + i)) % 8
        if i >= len(fields):
            break
        code = fields[i]
        siglen = fields[i + 1]
        vsig = fields[i + 2:i + 2 + siglen].decode()
        i += 3 + siglen
        if vsig in ("s", "o"):
            i += (-(16 + i)) % 4
            n = struct.unpack_from("<I", fields, i)[0]
            if code == 4:
                error = fields[i + 4:i + 4 + n].decode()
            i += 4 + n + 1
        elif vsig == "g":
            i += 1 + fields[i] + 1
        else:
            i += (-(16 + i)) % 4
            if code == 5:
                reply_serial = struct.unpack_from("<I", fields, i)[0]
            i += 4
    return mtype, reply_serial, error


def alive(s):
    """False once the daemon has closed (or reset) the connection."""
    try:
        r, _, _ = select.select([s], [], [], 0)
        if not r:
            return True
        return s.recv(65536, socket.MSG_PEEK) != b""
    except OSError:
        return False


def half_fds(path, devnull):
    s = connect(path, fds=True)
    if s is None:
        return None
    ping = message(COMPAT, "Ping", "i", Body().u(0).b, fds=16)
    try:
        # 4 x 15 fds on the first bytes of a message that never ends
        for k in range(4):
            s.sendmsg([ping[k:k + 1]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("15i", *([devnull] * 15)))])
    except OSError:
        s.close()
        return None
    return s


def half_bytes(path):
    s = connect(path)
    if s is None:
        return None
    msg = message(COMPAT, "Ping", "s", Body().s("x" * (1024 * 1024 - 1024)).b)  # just under the 1 MiB message limit
    try:
        s.sendall(msg[:900 * 1024])
    except OSError:
        s.close()
        return None
    return s


def scm_burst(path, count, keep):
    """count GetPidCgroupScm calls on one connection; the daemon's ends go, ours are kept silent."""
    s = connect(path, fds=True, timeout=10)
    if s is None:
        return 0, 0, 0
    serials = set()
    for n in range(count):
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        body = Body().s("memory").u(0).b
        msg = message(COMPAT, "GetPidCgroupScm", "sh", body, fds=1, serial=n + 1)
        s.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("i", theirs.fileno()))])
        theirs.close()
        keep.append(mine)
        serials.add(n + 1)
    ok = refused = 0
    while serials:
        m = read_message(s)
        if m is None:
            break
        mtype, reply, error = m
        if reply in serials:
            serials.discard(reply)
            if mtype == METHOD_RETURN:
                ok += 1
            elif error and "LimitsExceeded" in error:
                refused += 1
    keep.append(s)
    return ok, refused, len(serials)


def watch(path, cgroups, events):
    """A connection watching events of cgroups; (socket or None, accepted, refused)."""
    s = connect(path)
    if s is None:
        return None, 0, 0
    for n, cg in enumerate(cgroups):
        s.sendall(message(MANAGER1, "Watch", "sas", Body().s(cg).strings(events).b, serial=n + 1))
    ok = refused = 0
    for _ in cgroups:
        m = read_message(s)
        if m is None:
            break
        if m[0] == METHOD_RETURN:
            ok += 1
        elif m[1] and m[2] and "LimitsExceeded" in m[2]:
            refused += 1
        elif m[0] == ERROR:
            refused += 1
            sys.stderr.write(f"Watch refused: {m[2]}\n")
    return s, ok, refused


def main():
    args = sys.argv[1:]
    path = args.pop(0)
    opts = {"--connections": 0, "--half-fds": 0, "--half-bytes": 0, "--scm": 0, "--watches": 0, "--hold": 30}
    slow = []
    while args:
        name = args.pop(0)
        if name == "--slow-watch":
            slow = args.pop(0).split(",")
        else:
            opts[name] = int(args.pop(0))
    devnull = os.open("/dev/null", os.O_RDONLY)
    stats = {"connections": 0, "half_fds": 0, "half_bytes": 0, "scm_ok": 0, "scm_refused": 0, "scm_unanswered": 0,
             "watch_ok": 0, "watch_refused": 0, "slow_ok": 0, "dropped": {}, "reopened": 0}
    groups = {"connections": [], "half_fds": [], "half_bytes": []}
    make = {"connections": lambda: connect(path), "half_fds": lambda: half_fds(path, devnull), "half_bytes": lambda: half_bytes(path)}
    for key in groups:
        for _ in range(opts["--" + key.replace("_", "-")]):
            s = make[key]()
            if s is not None:
                groups[key].append(s)
        stats[key] = len(groups[key])
    keep = []
    if opts["--scm"]:
        stats["scm_ok"], stats["scm_refused"], stats["scm_unanswered"] = scm_burst(path, opts["--scm"], keep)
    watchers = []
    for _ in range(opts["--watches"]):
        s, ok, refused = watch(path, [""], ["populated", "frozen"])
        stats["watch_ok"] += ok
        stats["watch_refused"] += refused
        if s is not None:
            watchers.append(s)
    slow_keep = []
    if slow:
        s, ok, _ = watch(path, slow, ["populated"])
        stats["slow_ok"] = ok
        if s is not None:
            slow_keep.append(s)  # and never read from it again
    stats["dropped_at_once"] = {k: sum(1 for s in v if not alive(s)) for k, v in groups.items()}
    print(json.dumps({"ready": stats}), flush=True)

    end = time.monotonic() + opts["--hold"]
    last_scm = time.monotonic()
    while time.monotonic() < end:
        r, _, _ = select.select([sys.stdin], [], [], 1.0)
        if r and not sys.stdin.readline():
            break
        for key, sockets in groups.items():
            for i, s in enumerate(sockets):
                # None: a re-open the daemon refused or dropped at once; it is tried again next round
                if s is not None and alive(s):
                    continue
                if s is not None:
                    s.close()
                    stats["dropped"][key] = stats["dropped"].get(key, 0) + 1
                sockets[i] = make[key]()
                if sockets[i] is not None:
                    stats["reopened"] += 1
        if opts["--scm"] and time.monotonic() - last_scm > 5:
            for s in keep:
                s.close()
            keep.clear()
            scm_burst(path, opts["--scm"], keep)
            last_scm = time.monotonic()
    print(json.dumps({"done": stats}), flush=True)


if __name__ == "__main__":
    main()
