#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine of this kind
# (the .NET SDK is part of the machine). Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v busctl    >/dev/null || need+=(systemd)
command -v gdbus     >/dev/null || need+=(libglib2.0-bin)
command -v dbus-send >/dev/null || need+=(dbus-bin)
command -v setpriv   >/dev/null || need+=(util-linux)
command -v gcc       >/dev/null || need+=(gcc)
# pam_cgm.so is C over libpam; the VM lane runs rootless crun (and LXC) through a real PAM session.
[ -e /usr/include/security/pam_modules.h ] || need+=(libpam0g-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v crun      >/dev/null || need+=(crun)
command -v newuidmap >/dev/null || need+=(uidmap)
command -v lxc-start >/dev/null || need+=(lxc)
/usr/bin/python3 -c 'import dbus' 2>/dev/null || need+=(python3-dbus)
# the benchmark's libdbus lane calls libdbus itself (LibraryImport of libdbus-1.so.3)
/sbin/ldconfig -p | grep 'libdbus-1\.so\.3 ' >/dev/null || need+=(libdbus-1-3) # not grep -q: with pipefail its early exit fails the pipe
# ...and its sd-bus lane calls sd-bus (LibraryImport of libsystemd.so.0)
/sbin/ldconfig -p | grep 'libsystemd\.so\.0 ' >/dev/null || need+=(libsystemd0)
command -v nsenter   >/dev/null || need+=(util-linux)
# The pure cgroup v2 lane boots a throw-away VM (tests/v2vm/README.md says why each is needed).
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /usr/bin/busybox ] || need+=(busybox-static)
command -v xz >/dev/null || need+=(xz-utils)
ls /lib/modules/*/kernel/fs/9p >/dev/null 2>&1 || need+=(tiny-initramfs linux-image-amd64)
# Init files and the Debian package (issue 15): unit checks, socket activation, package build.
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v systemd-socket-activate >/dev/null || need+=(systemd)
command -v dh >/dev/null || need+=(debhelper)
command -v lintian >/dev/null || need+=(lintian)
command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
command -v fakeroot >/dev/null || need+=(fakeroot)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# promtool checks the metrics endpoint's exposition (issue 16). It comes in Debian's prometheus package,
# which also holds a server: only the promtool binary is taken out of the .deb, nothing is installed.
if ! command -v promtool >/dev/null && [ ! -x artifacts/tools/promtool ]; then
  echo "install-deps: fetching promtool from Debian's prometheus package" >&2
  work=$(mktemp -d)
  ( cd "$work" && { apt-get download prometheus >/dev/null 2>&1 || { apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get download prometheus >/dev/null; }; } \
      && dpkg-deb -x prometheus_*.deb root )
  mkdir -p artifacts/tools && install -m 0755 "$work/root/usr/bin/promtool" artifacts/tools/promtool
  rm -rf "$work"
fi

# OpenRC for the init-script lane, which installs it only INSIDE the throw-away VM: on this host
# it would add an init system beside the running one. So only its .debs are fetched, once.
vmdebs=${CGM_VM_DEBS:-/var/cache/cgmanager-cs/vm-debs}
if ! ls "$vmdebs"/openrc_*.deb >/dev/null 2>&1; then
  echo "install-deps: downloading openrc .debs into $vmdebs (for the VM lane only)" >&2
  mkdir -p "$vmdebs"
  (cd "$vmdebs" && apt-get download -qq openrc librc1 libeinfo1 insserv >/dev/null)
fi
