#!/usr/bin/python3
"""Readiness on a descriptor, read as s6/dinit/supervise-daemon read it.

usage: ready_fd.py DAEMON SOCKET [ARG...]
Starts DAEMON --socket SOCKET --ready-fd W ARG... with the write end W of a pipe, reads the pipe
until it is closed, then asks at once whether a D-Bus call answers. Prints one JSON object; stops
the daemon (the pid in --pidfile's file when ARG has --daemon) before exiting.
"""
import json, os, signal, subprocess, sys, time

daemon, sock, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
r, w = os.pipe()
proc = subprocess.Popen([daemon, "--socket", sock, "--ready-fd", str(w)] + extra, pass_fds=(w,),
                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
os.close(w)
start = time.monotonic()
data = b""
while True:
    chunk = os.read(r, 16)
    if not chunk:
        break
    data += chunk
waited = time.monotonic() - start
call = subprocess.run(["busctl", "--address=unix:path=" + sock, "call", "org.linuxcontainers.cgmanager",
                       "/org/linuxcontainers/cgmanager", "org.linuxcontainers.cgmanager0_0", "Ping", "i", "0"],
                      capture_output=True, text=True, timeout=10)
result = {"data": data.decode(), "seconds": waited, "ping": call.returncode, "ping_err": call.stderr,
          "alive": proc.poll() is None}
if "--daemon" in extra:
    proc.wait(timeout=20)
    result["parent_exit"] = proc.returncode
    pidfile = extra[extra.index("--pidfile") + 1]
    pid = int(open(pidfile).read())
    os.kill(pid, signal.SIGTERM)
    for _ in range(200):
        if not os.path.exists("/proc/%d" % pid):
            break
        time.sleep(0.05)
else:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    result["exit"] = proc.returncode
result["stderr"] = proc.stderr.read().decode()
print(json.dumps(result))
