#!/usr/bin/env bash
# The whole test suite: dependencies, build (with the NativeAOT daemon), the format check, every test project.
# Ends with the line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
# Tests run the test client, scripts and cgm as uid 1000 and nobody, so those users must be able to reach the
# checkout. A checkout in a private folder (mktemp -d makes it 0700) gets search permission (o+x, not read) on
# the folders above it that lack it, and says so; nothing else changes.
if [ "$(id -u)" = 0 ]; then
  dir=$PWD
  while [ "$dir" != / ]; do
    if [ "$(( 0$(stat -c %a "$dir") & 01 ))" = 0 ]; then
      echo "test.sh: $dir: adding o+x so that the unprivileged test users can reach the checkout" >&2
      chmod o+x "$dir"
    fi
    dir=$(dirname "$dir")
  done
fi
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
