#!/usr/bin/python3
"""An Scm client written independently of the daemon's code (spec §4), for byte-level tests.

usage: scm_client.py SOCKET METHOD [--cred PID:UID:GID] [--cred2 PID:UID:GID] [--no-cred]
                     [--extra-cred] [--stream] [--] ARGS...

ARGS are the method's arguments before the fd, each as TYPE:VALUE (s:memory, i:1).
Prints one JSON object: the D-Bus outcome, every datagram received (hex), with any credential.
By default credential 1 is this process {pid, uid, gid} and credential 2 (for the five
two-credential methods) is given by --cred2.
"""
import json
import os
import select
import socket
import struct
import sys

import dbus

TWO_CREDENTIALS = {"GetPidCgroupScm", "GetPidCgroupAbsScm", "MovePidScm", "MovePidAbsScm", "ChownScm"}
SCM_CREDENTIALS = 2
UCRED = struct.Struct("iII")


def parse_cred(text):
    pid, uid, gid = (int(x) for x in text.split(":"))
    return pid, uid, gid


def send_cred(sock, cred):
    sock.sendmsg([b"p"], [(socket.SOL_SOCKET, SCM_CREDENTIALS, UCRED.pack(*cred))])


def recv(sock, timeout):
    ready, _, _ = select.select([sock], [], [], timeout)
    if not ready:
        return None
    data, ancdata, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(UCRED.size))
    creds = None
    for level, kind, payload in ancdata:
        if level == socket.SOL_SOCKET and kind == SCM_CREDENTIALS:
            creds = list(UCRED.unpack(payload[: UCRED.size]))
    return {"hex": data.hex(), "len": len(data), "cred": creds}


def main(argv):
    sock_path, method = argv[0], argv[1]
    rest = argv[2:]
    cred = (os.getpid(), os.getuid(), os.getgid())
    cred2 = None
    no_cred = extra = stream = spawn_victim = False
    repeat = 1
    args = []
    while rest:
        a = rest.pop(0)
        if a == "--cred":
            cred = parse_cred(rest.pop(0))
        elif a == "--cred2":
            cred2 = parse_cred(rest.pop(0))
        elif a == "--no-cred":
            no_cred = True
        elif a == "--extra-cred":
            extra = True
        elif a == "--stream":
            stream = True
        elif a == "--spawn-victim":
            spawn_victim = True
        elif a == "--repeat":
            repeat = int(rest.pop(0))
        elif a == "--":
            args.extend(rest)
            rest = []
        else:
            args.append(a)

    values, signature = [], ""
    for a in args:
        kind, value = a.split(":", 1)
        signature += kind
        values.append(dbus.Int32(int(value)) if kind == "i" else value)
    signature += "h"

    conn = dbus.connection.Connection("unix:path=" + sock_path)
    obj = conn.get_object(object_path="/org/linuxcontainers/cgmanager", introspect=False)
    # libdbus authenticates lazily and only then knows fds may be sent: finish it first (as cgproxy does).
    obj.Ping(dbus.Int32(0), dbus_interface="org.linuxcontainers.cgmanager0_0")
    if repeat > 1:
        # Abandoned exchanges: call, take the kick, send nothing, close.
        kicks = 0
        for _ in range(repeat):
            m, t = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
            getattr(obj, method)(*values, dbus.types.UnixFd(t), dbus_interface="org.linuxcontainers.cgmanager0_0",
                                 signature=signature)
            t.close()
            kicks += recv(m, 5) is not None
            m.close()
        print(json.dumps({"dbus": "ok", "kicks": kicks}))
        return
    victim = None
    if spawn_victim:
        import subprocess
        victim = subprocess.Popen(["sleep", "30"])
        cred2 = (victim.pid, os.getuid(), os.getgid())
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM if stream else socket.SOCK_DGRAM)
    mine.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    theirs.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    out = {"dbus": "ok", "datagrams": []}
    if extra:
        # Both credentials are queued before the daemon even has the socket, so it surely sees the
        # extra one. (Sending after its answer races with its close, and a send to a closed datagram
        # peer purges our own receive queue, losing the answer.)
        send_cred(mine, cred)
        send_cred(mine, cred)
    try:
        getattr(obj, method)(*values, dbus.types.UnixFd(theirs), dbus_interface="org.linuxcontainers.cgmanager0_0",
                             signature=signature)
    except dbus.exceptions.DBusException as e:
        out["dbus"] = "error"
        out["error"] = e.get_dbus_name()
        out["message"] = e.get_dbus_message()
        print(json.dumps(out))
        return
    theirs.close()

    kick = recv(mine, 5)
    out["kick"] = kick
    if no_cred or kick is None:
        print(json.dumps(out))
        return
    try:
        if not extra:
            send_cred(mine, cred)
        if method in TWO_CREDENTIALS:
            kick2 = recv(mine, 5)
            out["kick2"] = kick2
            send_cred(mine, cred2 if cred2 else cred)
    except OSError as e:
        # The kernel refused the credential (ESRCH: pid not visible; EINVAL: id not mapped; EPERM).
        out["send_error"] = e.errno
        print(json.dumps(out))
        return
    while True:
        d = recv(mine, 1.5)
        if d is None:
            break
        out["datagrams"].append(d)
    if victim is not None:
        with open(f"/proc/{victim.pid}/cgroup") as f:
            out["victim_cgroup"] = f.read()
        out["victim_pid"] = victim.pid
        victim.kill()
        victim.wait()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
