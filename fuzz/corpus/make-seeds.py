#!/usr/bin/python3
"""Writes the seed corpora under fuzz/corpus/<harness>/ from real bytes:
- message, header-fields, signature, body: the messages dbus-send, busctl and gdbus sent
  (tests/CgManager.DBus.Tests/golden/*.hex, captured by capture.py there), and pieces of them;
- mountinfo, cgroup, status, idmap, proc-cgroups, pids: this machine's /proc and cgroupfs text;
- inotify, dirents: what read(2) of an inotify fd and getdents64(2) returned here;
- fdinfo: /proc/self/fdinfo of a pidfd, a regular file and an inotify fd of this script.
The sasl seeds come from capture-sasl.py, the keys seeds from `cgmanager-fuzz seed-keys`.

Usage: /usr/bin/python3 make-seeds.py   (rewrites the folders beside this script)
"""

import ctypes
import os
import re
import struct
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "..", "tests", "CgManager.DBus.Tests", "golden")
MAX_TEXT = 4096


def write(harness, name, data):
    folder = os.path.join(HERE, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def golden():
    for name in sorted(os.listdir(GOLDEN)):
        if name.endswith(".hex"):
            with open(os.path.join(GOLDEN, name)) as f:
                hexes = "".join(l for l in f if not l.startswith("#")).split()
            yield name[:-4], bytes(int(h, 16) for h in hexes)


def fields_and_body(msg):
    endian = "<" if msg[0:1] == b"l" else ">"
    fields_len = struct.unpack(endian + "I", msg[12:16])[0]
    fields = msg[16:16 + fields_len]
    body = msg[16 + fields_len + (-fields_len & 7):]
    return fields, body


def signature_of(fields):
    # the SIGNATURE field (code 8, variant 'g'): 08 01 67 00 LEN sig NUL
    i = 0
    while i + 4 <= len(fields):
        i += -i & 7
        if i + 4 > len(fields):
            break
        code, siglen = fields[i], fields[i + 1]
        sig = fields[i + 2:i + 2 + siglen]
        j = i + 3 + siglen
        if sig in (b"s", b"o"):
            j += -j & 3
            n = struct.unpack("<I", fields[j:j + 4])[0]
            j += 4 + n + 1
        elif sig == b"g":
            n = fields[j]
            if code == 8:
                return fields[j + 1:j + 1 + n]
            j += 1 + n + 1
        elif sig == b"u":
            j += -j & 3
            j += 4
        else:
            break
        i = j
    return b""


def dbus():
    for name, msg in golden():
        write("message", name, msg)
        fields, body = fields_and_body(msg)
        write("header-fields", name, fields)
        sig = signature_of(fields)
        if sig:
            write("signature", name, sig)
            write("body", name, bytes([0]) + sig + b"\0" + body)
    for i, sig in enumerate([b"a{sv}", b"a(yv)", b"(ia{s(ai)})", b"aaav", b"a{oa{sv}}", b"hsx"]):
        write("signature", f"hand-{i}", sig)


def text(harness, name, path):
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_TEXT)
    except OSError:
        return
    if MAX_TEXT <= len(data):
        data = data[:data.rindex(b"\n") + 1]  # whole lines only
    write(harness, name, scrub(data))


def scrub(data):
    """The workplace's own cgroup, process and mount names are no business of the corpus: neutral ones instead."""
    data = b"".join(l for l in data.splitlines(keepends=True) if b"sandboxing" not in l)
    data = re.sub(rb"/process_api/[0-9a-f]+", b"/lxc/c1", data)
    return data.replace(b"process_api", b"init")


def kernel_text():
    text("mountinfo", "self", "/proc/self/mountinfo")
    text("mountinfo", "init", "/proc/1/mountinfo")
    text("cgroup", "self", "/proc/self/cgroup")
    text("cgroup", "init", "/proc/1/cgroup")
    text("status", "self", "/proc/self/status")
    text("status", "init", "/proc/1/status")
    text("idmap", "uid_map", "/proc/self/uid_map")
    text("idmap", "gid_map", "/proc/self/gid_map")
    write("idmap", "container", b"         0     100000      65536\n     65536       1000          1\n")
    text("proc-cgroups", "cgroups", "/proc/cgroups")
    own = open("/proc/self/cgroup").read().splitlines()
    memory = next(l.split(":", 2)[2] for l in own if l.split(":")[1] == "memory")
    text("pids", "cgroup.procs", f"/sys/fs/cgroup/memory{memory}/cgroup.procs")  # pids only
    text("pids", "tasks", f"/sys/fs/cgroup/memory{memory}/tasks")


def fdinfo():
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(os.getpid())
    regular = os.open("/proc/self/status", os.O_RDONLY)
    inotify = libc.inotify_init1(0)
    libc.inotify_add_watch(inotify, b"/tmp", 0x00000002)  # MODIFY
    for name, fd in (("pidfd", pidfd), ("file", regular), ("inotify", inotify)):
        with open(f"/proc/self/fdinfo/{fd}", "rb") as f:
            write("fdinfo", name, f.read())
        os.close(fd)


def binary_records():
    libc = ctypes.CDLL(None, use_errno=True)
    with tempfile.TemporaryDirectory() as tmp:
        fd = libc.inotify_init1(os.O_NONBLOCK)
        libc.inotify_add_watch(fd, tmp.encode(), 0x00000100 | 0x00000200 | 0x00000002)  # CREATE DELETE MODIFY
        for n in ("cgroup.events", "memory.events", "a-longer-file-name"):
            with open(os.path.join(tmp, n), "w") as f:
                f.write("x")
            os.unlink(os.path.join(tmp, n))
        write("inotify", "create-modify-delete", os.read(fd, 4096))
        os.close(fd)

        for n in ("cgroup.procs", "tasks", "child", "memory.limit_in_bytes"):
            open(os.path.join(tmp, n), "w").close()
        dfd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
        buf = ctypes.create_string_buffer(4096)
        n = libc.syscall(217, dfd, buf, 4096)  # getdents64
        os.close(dfd)
        write("dirents", "small-folder", buf.raw[:n])


dbus()
kernel_text()
binary_records()
fdinfo()
