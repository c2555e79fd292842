#!/bin/busybox sh
# PID 1 of the v2 guest (run.sh copies it into the initramfs as /init). Stage one, in the
# initramfs: mount the host's / read-only over 9p under a tmpfs overlay, mount the shared
# folders, switch root. Stage two, on that root: the API filesystems, cgroup2 with every
# controller enabled at the top, the command, its status, power off.
bb=/usr/bin/busybox
if [ "${1:-}" != second-stage ]; then
	bb=/bin/busybox
	new=/newroot
	$bb mkdir -p /proc /sys /dev /host /overlay $new
	$bb mount -t proc proc /proc
	$bb mount -t sysfs sysfs /sys
	$bb mount -t devtmpfs devtmpfs /dev
	for m in $($bb cat /modules/order); do $bb insmod "/modules/$m"; done
	p9=trans=virtio,version=9p2000.L,msize=512000
	$bb mount -t 9p -o ro,cache=loose,$p9 hostroot /host || { echo "v2vm: cannot mount the host's root"; $bb poweroff -f; }
	$bb mount -t tmpfs -o mode=0755 overlay /overlay
	$bb mkdir /overlay/upper /overlay/work
	$bb mount -t overlay -o lowerdir=/host,upperdir=/overlay/upper,workdir=/overlay/work overlay $new
	$bb mount -t tmpfs -o mode=0755,nosuid,nodev run $new/run
	$bb mkdir $new/run/v2vm
	$bb cp /init /command $new/run/v2vm/
	i=0
	while read -r dir; do
		[ -n "$dir" ] || continue
		$bb mkdir -p "$new$dir" && $bb mount -t 9p -o cache=mmap,$p9 "rw$i" "$new$dir" || echo "v2vm: cannot share $dir"
		i=$((i + 1))
	done </shares
	$bb umount /proc /sys
	$bb mount --move /dev $new/dev
	exec $bb switch_root $new $bb sh /run/v2vm/init second-stage
fi

$bb mount -t proc -o nosuid,nodev,noexec proc /proc
$bb mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
$bb mount -t cgroup2 -o nosuid,nodev,noexec,nsdelegate cgroup2 /sys/fs/cgroup
$bb mount -t bpf -o nosuid,nodev,noexec bpf /sys/fs/bpf 2>/dev/null
$bb mkdir -p /dev/pts /dev/shm /dev/mqueue
$bb mount -t devpts -o nosuid,noexec,ptmxmode=0666,mode=0620 devpts /dev/pts
$bb mount -t tmpfs -o nosuid,nodev,mode=1777 shm /dev/shm
$bb mount -t mqueue mqueue /dev/mqueue
$bb hostname v2vm
$bb ip link set lo up
for c in $($bb cat /sys/fs/cgroup/cgroup.controllers); do
	echo "+$c" >/sys/fs/cgroup/cgroup.subtree_control || echo "v2vm: cannot enable $c at the top"
done
for port in /sys/class/virtio-ports/*; do $bb ln -s "/dev/${port##*/}" "/dev/$($bb cat "$port/name")"; done
/bin/bash /run/v2vm/command </dev/null >/dev/cmd-stdout 2>/dev/cmd-stderr
echo $? >/dev/cmd-status
$bb sync
$bb poweroff -f
