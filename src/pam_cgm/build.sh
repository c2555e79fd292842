#!/usr/bin/env bash
# Builds pam_cgm.so (and the test harness that loads it with a PAM stack from a folder) into OUT.
# usage: build.sh OUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mkdir -p "$out"
flags=(-O2 -g -Wall -Wextra -Werror -std=gnu11 -D_FORTIFY_SOURCE=2 -fstack-protector-strong)
gcc "${flags[@]}" -shared -fPIC -Wl,--version-script="$here/pam_cgm.map" -Wl,-z,relro,-z,now \
  -o "$out/pam_cgm.so" "$here/pam_cgm.c" "$here/cgm_wire.c" -lpam
gcc "${flags[@]}" -o "$out/pam-session" "$here/../../tests/pam/pam-session.c" -lpam
gcc "${flags[@]}" -o "$out/pam-cgm-unit" "$here/../../tests/pam/pam-cgm-unit.c" "$here/cgm_wire.c" -lpam
