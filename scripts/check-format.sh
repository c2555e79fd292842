#!/usr/bin/env bash
# Fails when dotnet format would change the tree: whitespace and layout as .editorconfig sets them, and the
# code-style fixes (using order, ...). Offline and without a build: the whitespace pass reads the files as a
# folder, the style pass loads the restored projects (--no-restore; scripts/build.sh restored them).
# Analyzer rules (CA*, IDE* at warning and above, naming IDE1006, banned APIs RS0030) are the build's job:
# it fails on any warning, so they are not run a second time here.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
failed=0
dotnet format whitespace . --folder --exclude artifacts --verify-no-changes -v q || failed=1
dotnet format style cgmanager.slnx --no-restore --verify-no-changes -v q || failed=1
if [ $failed -ne 0 ]; then
  echo "check-format: the tree is not as dotnet format leaves it (files and lines above). Fix it with" >&2
  echo "  dotnet format whitespace . --folder --exclude artifacts && dotnet format style cgmanager.slnx --no-restore" >&2
  echo "and commit the result." >&2
  exit 1
fi
echo "check-format: clean ($((SECONDS - start)) s)"
