#!/usr/bin/env bash
# Builds everything and publishes the NativeAOT binaries the tests run (cgmanager, cgm) into artifacts/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build cgmanager.slnx -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet publish src/CgManager.Daemon/CgManager.Daemon.csproj -c Release -nologo -v quiet -clp:ErrorsOnly -o artifacts/bin
dotnet publish src/CgManager.Cli/CgManager.Cli.csproj -c Release -nologo -v quiet -clp:ErrorsOnly -o artifacts/bin
# pam_cgm.so, the C PAM session module (src/pam_cgm/pam_cgm.c says why C), and its test harness.
src/pam_cgm/build.sh artifacts/pam
