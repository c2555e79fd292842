#!/usr/bin/env bash
# Builds the Debian packages with dpkg-buildpackage -b on a copy of the tree (so that nothing
# lands beside the repository), leaves the .deb files in artifacts/deb/ and runs lintian on them.
# Exit status: that of the build, then of lintian (errors and warnings fail; see debian/*.lintian-overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/artifacts/deb-build
out=$root/artifacts/deb
rm -rf "$work" "$out"
mkdir -p "$work/src" "$out"
# The tree as git sees it, including changes not yet committed, without build output.
git ls-files -z --cached --others --exclude-standard | tar -C "$root" --null -T - -cf - | tar -C "$work/src" -xf -
(cd "$work/src" && dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1 || {
  tail -n 40 "$work/build.log" >&2
  echo "build-deb: dpkg-buildpackage failed; the log is $work/build.log" >&2
  exit 1
}
mv "$work"/*.deb "$out"/
cp "$work"/*.changes "$out"/ 2>/dev/null || true
rm -rf "$work/src" # the copy and its build output; build.log stays
ls -l "$out"
echo "build-deb: lintian" >&2
lintian --fail-on error,warning --tag-display-limit 0 "$out"/*.deb | tee "$out/lintian.txt"
