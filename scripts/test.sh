#!/usr/bin/env bash
# The whole test suite: dependencies, build (with the NativeAOT daemon), the format check, every test project.
# Ends with the line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
./scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
./scripts/check-format.sh || { echo "format check failed"; echo "0 passed, 1 failed"; exit 1; }
results=artifacts/test-results
rm -rf "$results"
# Sandboxes left by a run that was killed (their creator is gone) go first, and again at the end.
sandbox_gc() { [ "$(id -u)" != 0 ] || tests/harness/cgsandbox gc || echo "test.sh: some sandboxes could not be removed (see above)" >&2; }
sandbox_gc
export CGMANAGER_BIN="$PWD/artifacts/bin/cgmanager"
dotnet test cgmanager.slnx -c Release --no-build -nologo -m:1 --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
sandbox_gc
/usr/bin/python3 scripts/count-results.py "$results"
counted=$?
[ $status -eq 0 ] && [ $counted -eq 0 ]
