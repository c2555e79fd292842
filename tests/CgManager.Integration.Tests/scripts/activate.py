#!/usr/bin/python3
"""Socket activation as a service manager does it, to check what the daemon leaves behind.

usage: activate.py SOCKET DAEMON [ARG...]
Binds and listens on SOCKET, starts DAEMON with the socket at fd 3 and LISTEN_PID/LISTEN_FDS/
LISTEN_FDNAMES for it, waits until a D-Bus call through SOCKET answers (busctl), stops the daemon
with SIGTERM and then checks that SOCKET still exists and still takes connections (the manager's
copy must stay usable, to activate the next daemon). Prints one JSON object.
"""
import json, os, signal, socket, subprocess, sys, time

path, daemon = sys.argv[1], sys.argv[2:]
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(16)
pid = os.fork()
if pid == 0:
    os.dup2(listener.fileno(), 3)
    os.set_inheritable(3, True)
    env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="cgmanager")
    os.execve(daemon[0], daemon, env)
answer = ""
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    call = subprocess.run(["busctl", "--address=unix:path=" + path, "call", "org.linuxcontainers.cgmanager",
                           "/org/linuxcontainers/cgmanager", "org.linuxcontainers.cgmanager0_0", "Ping", "i", "0"],
                          capture_output=True, text=True, timeout=10)
    if call.returncode == 0:
        answer = call.stdout.strip()
        break
    time.sleep(0.05)
os.kill(pid, signal.SIGTERM)
_, status = os.waitpid(pid, 0)
still = False
try:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(2)
    probe.connect(path)
    still = True
    probe.close()
except OSError as e:
    still = str(e)
print(json.dumps({"answer": answer, "exit": os.waitstatus_to_exitcode(status),
                  "path_exists": os.path.exists(path), "still_listening": still}))
