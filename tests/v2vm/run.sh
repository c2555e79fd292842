#!/usr/bin/env bash
# tests/v2vm/run.sh: runs one command as root in a throw-away QEMU guest whose kernel has every
# cgroup controller on the unified (v2) hierarchy (tests/v2vm/README.md).
#
#   run.sh [--mem 2G] [--cpus 2] [--timeout SECS] [--rw DIR]... [--no-cwd] [--verbose] -- CMD [ARG...]
#
# Nothing is built ahead: the guest's / is this host's / over virtio-9p, read-only, under a tmpfs
# overlay, so everything the guest writes outside the shared folders is gone at power-off. The
# current folder (and each --rw DIR) is shared read-write at the same path. The command's stdout,
# stderr and exit status come back over virtio-serial ports; 124 means --timeout, 125 no status.
set -euo pipefail

mem=2G cpus=2 timeout_s=0 share_cwd=1 verbose=${V2VM_VERBOSE:-0}
shares=()
bad_usage() { sed -n '5p' "$0" | sed 's/^# */usage: /' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--mem) mem=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--rw) shares+=("$(realpath -e -- "$2")"); shift 2 ;;
	--no-cwd) share_cwd=0; shift ;;
	--verbose) verbose=1; shift ;;
	--) shift; break ;;
	*) bad_usage ;;
	esac
done
[ $# -gt 0 ] || bad_usage
cwd=$(pwd -P)
if [ $share_cwd = 1 ] && [ "$cwd" != / ]; then shares=("$cwd" "${shares[@]}"); fi

# The newest installed kernel that has the 9p modules (linux-image-amd64; the cloud kernel has none).
kernel=${V2VM_KERNEL:-}
if [ -z "$kernel" ]; then
	for k in $(ls -v /boot/vmlinuz-* 2>/dev/null | tac); do
		if [ -d "/lib/modules/${k#/boot/vmlinuz-}/kernel/fs/9p" ]; then kernel=$k; break; fi
	done
fi
if [ -z "$kernel" ] || ! command -v qemu-system-x86_64 >/dev/null || [ ! -x /usr/bin/busybox ]; then
	echo "v2vm: needs linux-image-amd64 (9p modules), qemu-system-x86 and busybox-static: scripts/install-deps.sh installs them" >&2
	exit 125
fi
kver=${kernel#/boot/vmlinuz-}

# /dev/kvm here may be a paravirtual nested hypervisor that cannot run a stock kernel: use KVM only
# where the processor shows hardware virtualisation, TCG otherwise.
if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then
	accel=(-accel kvm -cpu host)
else
	accel=(-accel tcg,thread=multi -cpu max)
fi

# Under TCG the bzImage's own decompression costs seconds per boot: boot the plain vmlinux
# (PVH entry) unpacked once into a cache, and fall back to the bzImage.
boot=(-kernel "$kernel")
cache=${V2VM_CACHE:-/var/cache/cgm-v2vm}
vmlinux=$cache/vmlinux-$kver
if [ ! "$vmlinux" -nt "$kernel" ] && mkdir -p "$cache" 2>/dev/null; then
	at=$(LC_ALL=C grep -obUaP -m1 '\xfd7zXZ\x00' "$kernel" | head -n1 | cut -d: -f1 || true)
	if [ -n "$at" ] && tail -c +"$((at + 1))" "$kernel" | xz -dc --single-stream >"$vmlinux.$$" 2>/dev/null; then
		mv "$vmlinux.$$" "$vmlinux"
	else
		rm -f "$vmlinux.$$"
	fi
fi
[ "$vmlinux" -nt "$kernel" ] && boot=(-kernel "$vmlinux")
[ -r /usr/share/qemu/qboot.rom ] && boot+=(-bios /usr/share/qemu/qboot.rom)

work=$(mktemp -d /tmp/cgm-v2vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
initramfs=$work/initramfs
mkdir -p "$initramfs/bin" "$initramfs/modules"
cp /usr/bin/busybox "$initramfs/bin/busybox"

# The modules the first stage needs, in load order: 9p for the roots, overlay, virtio for the
# ports and for /dev/vda (a 1 GiB null disk, so io.max and io.weight have a device to act on).
modprobe -S "$kver" --show-depends -a 9p 9pnet_virtio virtio_pci virtio_console virtio_blk overlay |
	awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
	while read -r path; do
		base=${path##*/} base=${base%.xz}
		echo "$base" >>"$initramfs/modules/order"
		case $path in *.xz) xz -dc "$path" ;; *) cat "$path" ;; esac >"$initramfs/modules/$base"
	done

# The command: this environment, this folder, these arguments, as a script the guest runs.
{
	while IFS= read -r var; do
		case $var in PWD | OLDPWD | SHLVL | _) continue ;; esac
		printf 'export %s=%q\n' "$var" "${!var-}"
	done < <(compgen -e)
	printf 'cd -- %q 2>/dev/null || cd /\nexec' "$cwd"
	printf ' %q' "$@"
	printf '\n'
} >"$initramfs/command"
printf '%s\n' "${shares[@]}" >"$initramfs/shares"
share_args=()
for i in "${!shares[@]}"; do
	share_args+=(-virtfs "local,path=${shares[i]//,/,,},mount_tag=rw$i,security_model=passthrough,multidevs=remap")
done
cp "$(dirname "$0")/guest-init.sh" "$initramfs/init"
chmod 0755 "$initramfs/init"
(cd "$initramfs" && find . | cpio -o -H newc --quiet) >"$work/initramfs.cpio"

mkfifo "$work/stdout" "$work/stderr"
cat "$work/stdout" &
cat "$work/stderr" >&2 &
limit=()
[ "$timeout_s" -gt 0 ] && limit=(timeout -k 5 "$timeout_s")
set +e
"${limit[@]}" qemu-system-x86_64 "${accel[@]}" -M q35 -m "$mem" -smp "$cpus" \
	-nodefaults -no-user-config -display none -monitor none -no-reboot \
	"${boot[@]}" -initrd "$work/initramfs.cpio" -serial "file:$work/console" \
	-append "console=ttyS0 quiet loglevel=3 panic=-1 cgroup_no_v1=all psi=1 rdinit=/init ${V2VM_APPEND:-}" \
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" "${share_args[@]}" \
	-blockdev driver=null-co,node-name=scratch,size=1073741824,read-zeroes=on -device virtio-blk-pci,drive=scratch \
	-device virtio-serial-pci \
	-chardev "file,id=out,path=$work/stdout" -device virtserialport,chardev=out,name=cmd-stdout \
	-chardev "file,id=err,path=$work/stderr" -device virtserialport,chardev=err,name=cmd-stderr \
	-chardev "file,id=rc,path=$work/status" -device virtserialport,chardev=rc,name=cmd-status </dev/null &
qemu=$!
trap 'kill -TERM $qemu 2>/dev/null' INT TERM HUP
wait $qemu
qemu_status=$?
while kill -0 $qemu 2>/dev/null; do wait $qemu; qemu_status=$?; done
set -e
# If QEMU never opened the FIFOs, the readers still wait for a writer: give them one.
: 3<>"$work/stdout" 4<>"$work/stderr"
wait
if [ "$verbose" = 1 ]; then
	echo "--- v2vm: guest console" >&2
	cat "$work/console" >&2
fi
if [ -s "$work/status" ]; then exit "$(cat "$work/status")"; fi
echo "v2vm: the guest gave no exit status (qemu: $qemu_status); console tail:" >&2
tail -n 30 "$work/console" >&2 2>/dev/null || true
[ $qemu_status = 124 ] && exit 124
exit 125
