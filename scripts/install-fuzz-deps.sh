#!/usr/bin/env bash
# Installs what `make fuzz` needs and the normal build and tests do not: AFL++ (the fuzzing
# engine; Debian's afl++ package) and the sharpfuzz dotnet tool (instruments the assemblies
# under test so AFL++ sees their branch coverage). Idempotent: installs only what is missing.
# The tool goes into a repo-local tool path (artifacts/tools) so nothing global changes.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARPFUZZ_VERSION=2.3.0   # SharpFuzz.CommandLine; keep equal to SharpFuzz in Directory.Packages.props
if ! command -v afl-fuzz >/dev/null; then
  echo "install-fuzz-deps: installing afl++" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends afl++ >/dev/null
fi
tools=artifacts/tools
if [ ! -x "$tools/sharpfuzz" ] || ! "$tools/sharpfuzz" 2>&1 | grep -q .; then
  echo "install-fuzz-deps: installing the sharpfuzz tool $SHARPFUZZ_VERSION into $tools" >&2
  dotnet tool install SharpFuzz.CommandLine --version "$SHARPFUZZ_VERSION" --tool-path "$tools" >/dev/null
fi
