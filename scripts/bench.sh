#!/usr/bin/env bash
# The benchmark of issue #8. Publishes the two binaries it runs, both NativeAOT so that neither
# side pays for JIT: the daemon (artifacts/bin/cgmanager, as scripts/build.sh does) and the
# benchmark (artifacts/bench/cgmanager-bench); then runs the benchmark. Needs root.
# Arguments go to cgmanager-bench (--quick, --seconds S, --json FILE, --help).
# Prints progress on stderr, then a table and one JSON line on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
publish() { dotnet publish "$1" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$2"; }
publish src/CgManager.Daemon/CgManager.Daemon.csproj artifacts/bin
publish bench/CgManager.Bench/CgManager.Bench.csproj artifacts/bench
exec artifacts/bench/cgmanager-bench "$@"
