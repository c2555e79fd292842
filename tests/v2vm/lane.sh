#!/bin/bash
# The pure cgroup v2 lane: runs INSIDE the v2vm guest (every controller on the unified
# hierarchy), drives the real NativeAOT daemon with busctl and checks the kernel's files.
# Prints one line per check, "ok NAME" or "not ok NAME: detail"; the xunit lane test reads them.
# usage: lane.sh DAEMON_BINARY
set -u
DAEMON=$1
CG=/sys/fs/cgroup
SOCK=/run/cgm-lane/sock
A=--address=unix:path=$SOCK
M="org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager org.linuxcontainers.cgmanager0_0"
call() { busctl "$A" call $M "$@" 2>&1; }
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok $1"; else echo "not ok $1: expected [$2] got [$3]"; fi
}
contains() { # NAME NEEDLE HAYSTACK (NEEDLE may hold alternatives separated by \|)
	if printf '%s' "$3" | grep -q -- "$2"; then echo "ok $1"; else echo "not ok $1: [$2] not in [$3]"; fi
}

mkdir -p /run/cgm-lane
"$DAEMON" --socket "$SOCK" -q 2>/run/cgm-lane/log &
DPID=$!
for _ in $(seq 200); do [ -S "$SOCK" ] && break; sleep 0.05; done
check daemon_starts yes "$([ -S "$SOCK" ] && echo yes || echo no)"

controllers=$(call ListControllers)
contains list_controllers_names_v2_controllers '"cpu,cpuset,hugetlb,io,memory,misc,pids,rdma"' "$controllers"

check create_with_controllers 'i -1' "$(call Create ss memory,cpu,pids lane)"
contains controllers_reach_the_new_cgroup memory "$(cat $CG/lane/cgroup.controllers)"
check create_nested 'i -1' "$(call Create ss memory,pids lane/inner)"
contains memory_enabled_down_the_path memory "$(cat $CG/lane/cgroup.subtree_control)"
contains pids_enabled_down_the_path pids "$(cat $CG/lane/cgroup.subtree_control)"
contains memory_available_in_inner memory "$(cat $CG/lane/inner/cgroup.controllers)"

call SetValue ssss memory lane/inner memory.max 50M >/dev/null
check memory_max_set 52428800 "$(cat $CG/lane/inner/memory.max)"
check memory_max_read_back 's "52428800"' "$(call GetValue sss memory lane/inner memory.max)"
call SetValue ssss pids lane/inner pids.max 5 >/dev/null
check pids_max_set 5 "$(cat $CG/lane/inner/pids.max)"
check pids_max_read_back 's "5"' "$(call GetValue sss pids lane/inner pids.max)"

sleep 1000 & TASK=$!
call MovePid ssi memory lane/inner $TASK >/dev/null
check move_places_task_in_the_leaf "0::/lane/inner/.cgm_leaf" "$(cat /proc/$TASK/cgroup)"
check getpidcgroup_reports_the_parent 's "lane/inner"' "$(call GetPidCgroup si memory $TASK)"
check gettasks_includes_the_leaf "ai 1 $TASK" "$(call GetTasks ss memory lane/inner)"
check listchildren_hides_the_leaf 'as 0' "$(call ListChildren ss memory lane/inner)"
# The inner cgroup has a task (in its leaf) and can still hand memory to a child: the v1 meaning kept.
check create_child_of_inner_cgroup_with_task 'i -1' "$(call Create ss memory lane/inner/child)"
contains child_of_inner_gets_memory memory "$(cat $CG/lane/inner/child/cgroup.controllers)"
check gettasksrecursive_sees_the_task "ai 1 $TASK" "$(call GetTasksRecursive ss memory lane)"

# Delegation: chown gives the delegate files; an unprivileged user then creates beneath.
call Chown ssii memory lane/inner 65534 65534 >/dev/null
check chown_directory 65534 "$(stat -c %u $CG/lane/inner)"
check chown_cgroup_procs 65534 "$(stat -c %u $CG/lane/inner/cgroup.procs)"
check chown_subtree_control 65534 "$(stat -c %u $CG/lane/inner/cgroup.subtree_control)"
check chown_leaves_limits_alone 0 "$(stat -c %u $CG/lane/inner/memory.max)"
nobody=$(setpriv --reuid=65534 --regid=65534 --clear-groups busctl "$A" call $M Create ss memory lane/inner/nobodys 2>&1)
check unprivileged_create_beneath_delegated 'i -1' "$nobody"
check unprivileged_owns_its_cgroup 65534 "$(stat -c %u $CG/lane/inner/nobodys)"
denied=$(setpriv --reuid=65534 --regid=65534 --clear-groups busctl "$A" call $M SetValue ssss memory lane/inner memory.max 1G 2>&1)
contains unprivileged_cannot_raise_delegated_limit 'permission denied' "$denied"

# Freeze and kill through the raw v2 files.
call SetValue ssss memory lane/inner cgroup.freeze 1 >/dev/null
for _ in $(seq 50); do grep -q 'frozen 1' $CG/lane/inner/cgroup.events && break; sleep 0.1; done
contains freeze_reaches_frozen 'frozen 1' "$(cat $CG/lane/inner/cgroup.events)"
call SetValue ssss memory lane/inner cgroup.freeze 0 >/dev/null
for _ in $(seq 50); do grep -q 'frozen 0' $CG/lane/inner/cgroup.events && break; sleep 0.1; done
contains thaw_reaches_thawed 'frozen 0' "$(cat $CG/lane/inner/cgroup.events)"
call SetValue ssss memory lane/inner cgroup.kill 1 >/dev/null
for _ in $(seq 50); do kill -0 $TASK 2>/dev/null || break; sleep 0.1; done
check kill_ends_the_task gone "$(kill -0 $TASK 2>/dev/null && echo alive || echo gone)"
wait $TASK 2>/dev/null

check remove_recursive 'i 1' "$(call Remove ssi memory lane 1)"
check removed_from_cgroupfs gone "$([ -d $CG/lane ] && echo present || echo gone)"

# The modern interface on v2: version-neutral keys land in the v2 files and read back.
B="org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager org.linuxcontainers.cgmanager.Manager1"
mcall() { busctl "$A" call $B "$@" 2>&1; }
check neutral_create 'b true' "$(mcall Create sasa{sv} neutral 0 4 memory.limit s 64M memory.soft_limit s 16M cpu.weight t 200 pids.max t 40)"
check neutral_memory_limit_is_memory_max 67108864 "$(cat $CG/neutral/memory.max)"
check neutral_soft_limit_is_memory_low 16777216 "$(cat $CG/neutral/memory.low)"
check neutral_cpu_weight_is_cpu_weight 200 "$(cat $CG/neutral/cpu.weight)"
check neutral_pids_max 40 "$(cat $CG/neutral/pids.max)"
check neutral_read_back 'a{sv} 3 "memory.limit" t 67108864 "cpu.weight" t 200 "pids.max" t 40' "$(mcall GetValues sas neutral 3 memory.limit cpu.weight pids.max)"
contains neutral_all_or_nothing 'InvalidArgument\|invalid argument' "$(mcall SetValues sa{sv} neutral 2 memory.limit s 32M cpu.weight s bogus)"
check neutral_all_or_nothing_restored 67108864 "$(cat $CG/neutral/memory.max)"
# A Create that fails after it enabled a controller on the way down leaves the cgroups that existed as they were
# (on v2 a cgroup that distributes controllers can hold no processes of its own).
call Create ss memory undo >/dev/null
undo_before=$(cat $CG/undo/cgroup.subtree_control)
contains failed_create_is_refused 'InvalidArgument\|invalid argument' "$(mcall Create sasa{sv} undo/job 1 pids 1 pids.max s bogus)"
check failed_create_leaves_no_cgroup gone "$([ -d $CG/undo/job ] && echo present || echo gone)"
check failed_create_leaves_subtree_control_as_it_was "[$undo_before]" "[$(cat $CG/undo/cgroup.subtree_control)]"
call Remove ssi memory undo 1 >/dev/null
# The same for a Delegate whose values fail: the cgroup it enabled pids in (there before) is left as it was.
call Create ss memory dundo >/dev/null
dundo_before=$(cat $CG/dundo/cgroup.subtree_control)
contains failed_delegate_is_refused 'InvalidArgument\|invalid argument' "$(mcall Delegate suua{sv} dundo/u 65534 65534 2 enable as 1 pids values a{sv} 1 pids.max s bogus)"
check failed_delegate_leaves_no_cgroup gone "$([ -d $CG/dundo/u ] && echo present || echo gone)"
check failed_delegate_leaves_subtree_control_as_it_was "[$dundo_before]" "[$(cat $CG/dundo/cgroup.subtree_control)]"
call Remove ssi memory dundo 1 >/dev/null

sleep 1000 & T2=$!
mcall MovePid si neutral $T2 >/dev/null
check neutral_freeze '' "$(mcall Freeze s neutral)"
contains neutral_frozen_on_v2 'frozen 1' "$(cat $CG/neutral/cgroup.events)"
mcall Thaw s neutral >/dev/null
check neutral_delete_force '' "$(mcall Delete sb neutral true)"
check neutral_deleted gone "$([ -d $CG/neutral ] && echo present || echo gone)"
wait $T2 2>/dev/null

# v1 file names on v2, as 0.42's clients (LXC 1.x/2.x, cgm scripts) use them: translated through the neutral keys,
# read and written in the v1 spelling; ListKeys still shows the real files.
check v1names_create 'i -1' "$(call Create ss memory,cpu,pids v1names)"
call SetValue ssss memory v1names memory.limit_in_bytes 256M >/dev/null
check v1names_memory_limit_writes_memory_max 268435456 "$(cat $CG/v1names/memory.max)"
check v1names_memory_limit_reads_bytes 's "268435456"' "$(call GetValue sss memory v1names memory.limit_in_bytes)"
check v1names_cgm_reads_memory_limit 268435456 "$(CGM_SOCKET=$SOCK "$(dirname "$DAEMON")/cgm" getvalue memory v1names memory.limit_in_bytes 2>&1)"
call SetValue ssss memory v1names memory.limit_in_bytes 9223372036854771712 >/dev/null  # what a v1 read of "none" gives, written back (busctl reads -1 as an option)
check v1names_unlimited_writes_max max "$(cat $CG/v1names/memory.max)"
check v1names_unlimited_reads_as_v1 's "9223372036854771712"' "$(call GetValue sss memory v1names memory.limit_in_bytes)"
call SetValue ssss memory v1names memory.soft_limit_in_bytes 64M >/dev/null
check v1names_soft_limit_writes_memory_low 67108864 "$(cat $CG/v1names/memory.low)"
call SetValue ssss cpu v1names cpu.shares 2048 >/dev/null
check v1names_cpu_shares_writes_cpu_weight 200 "$(cat $CG/v1names/cpu.weight)"
check v1names_cpu_shares_reads_shares 's "2048"' "$(call GetValue sss cpu v1names cpu.shares)"
call SetValue ssss cpu v1names cpu.cfs_period_us 50000 >/dev/null
call SetValue ssss cpu v1names cpu.cfs_quota_us 25000 >/dev/null
check v1names_cfs_quota_and_period_write_cpu_max '25000 50000' "$(cat $CG/v1names/cpu.max)"
check v1names_cfs_quota_reads_back 's "25000"' "$(call GetValue sss cpu v1names cpu.cfs_quota_us)"
check v1names_pids_max_is_the_real_file 'i -1' "$(call Create ss pids v1names/p)"
sleep 1000 & T3=$!
call MovePid ssi memory v1names $T3 >/dev/null
call SetValue ssss freezer v1names freezer.state FROZEN >/dev/null
for _ in $(seq 50); do grep -q 'frozen 1' $CG/v1names/cgroup.events && break; sleep 0.1; done
contains v1names_freezer_state_freezes 'frozen 1' "$(cat $CG/v1names/cgroup.events)"
check v1names_freezer_state_reads_frozen 's "FROZEN"' "$(call GetValue sss freezer v1names freezer.state)"
call SetValue ssss freezer v1names freezer.state THAWED >/dev/null
for _ in $(seq 50); do grep -q 'frozen 0' $CG/v1names/cgroup.events && break; sleep 0.1; done
check v1names_freezer_state_reads_thawed 's "THAWED"' "$(call GetValue sss freezer v1names freezer.state)"
keys=$(call ListKeys ss memory v1names)
contains v1names_listkeys_shows_real_files '"memory.max"' "$keys"
check v1names_listkeys_shows_no_v1_names absent "$(printf '%s' "$keys" | grep -q limit_in_bytes && echo present || echo absent)"
kill $T3; wait $T3 2>/dev/null
check v1names_remove 'i 1' "$(call Remove ssi memory v1names 1)"

# Usage keys and GetTree on a pure v2 host (issue 16): records as nested a{sv}, read from cpu.stat, memory.stat, X.pressure.
M1="org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager org.linuxcontainers.cgmanager.Manager1"
call Create ss memory,cpu,pids usage/inner >/dev/null
usage=$(busctl "$A" call $M1 GetValues sas usage 4 cpu.usage memory.working_set memory.breakdown pressure.memory 2>&1)
contains usage_cpu_usage_is_a_record '"total_usec" t' "$usage"
contains usage_memory_working_set_is_a_number '"memory.working_set" t' "$usage"
contains usage_memory_breakdown_has_anon '"anon" t' "$usage"
contains usage_pressure_has_averages '"avg10" d' "$usage"
tree=$(busctl "$A" call $M1 GetTree sasi usage 1 pids.current 5 2>&1)  # depth 5: busctl reads -1 as an option
contains gettree_lists_the_subtree '"usage/inner"\|"inner"' "$tree"
call Remove ssi memory usage 1 >/dev/null

# io.weight_device (issue 16, the RFC's blkio_weight_device) on the VM's own disk: BFQ takes the weight where iocost is
# not enabled for the device (io.weight refuses it with EOPNOTSUPP), then iocost's io.weight once the root enables it.
VDA=$(cat /sys/block/vda/dev)
modprobe bfq 2>/dev/null
echo bfq >/sys/block/vda/queue/scheduler 2>/dev/null
contains io_weight_device_vda_uses_bfq '\[bfq\]' "$(cat /sys/block/vda/queue/scheduler)"
mcall Create sasa{sv} wdev 1 io 0 >/dev/null
check io_weight_device_set_through_bfq '' "$(mcall SetValues sa{sv} wdev 1 io.weight_device s "$VDA 300")"
contains io_weight_device_lands_in_io_bfq_weight "^$VDA 300\$" "$(cat $CG/wdev/io.bfq.weight)"
check io_weight_device_reads_back "a{sv} 1 \"blkio_weight_device\" s \"$VDA 300\"" "$(mcall GetValues sas wdev 1 blkio_weight_device)"
contains io_weight_device_unknown_device_is_invalid 'InvalidArgument\|invalid argument' "$(mcall SetValues sa{sv} wdev 1 io.weight_device s '259:999999 100')"
echo "$VDA enable=1" >$CG/io.cost.qos 2>/dev/null
check io_weight_device_set_through_iocost '' "$(mcall SetValues sa{sv} wdev 1 io.weight_device s "$VDA 2000")"
contains io_weight_device_lands_in_io_weight "^$VDA 2000\$" "$(cat $CG/wdev/io.weight)"
check io_weight_device_removed '' "$(mcall SetValues sa{sv} wdev 1 io.weight_device s "$VDA default")"
check io_weight_device_removed_from_io_weight absent "$(grep -q "^$VDA " $CG/wdev/io.weight && echo present || echo absent)"
mcall Delete sb wdev true >/dev/null

# Manager1.WatchPressure (issue 16): a PSI trigger on memory.pressure fires while a hog grows past memory.high,
# which throttles it (a memory stall), and arrives as an Event signal as dbus-python receives it.
psi=$(timeout 90 /usr/bin/python3 - "$SOCK" <<'PY' 2>&1
import sys, subprocess, dbus, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
conn = dbus.connection.Connection('unix:path=' + sys.argv[1])
m = dbus.Interface(conn.get_object(object_path='/org/linuxcontainers/cgmanager', introspect=False), 'org.linuxcontainers.cgmanager.Manager1')
loop = GLib.MainLoop()
got = []
def on(cg, ev, val):
    if cg == 'psi' and ev == 'pressure':
        got.append(str(val))
        loop.quit()
conn.add_signal_receiver(on, signal_name='Event', dbus_interface='org.linuxcontainers.cgmanager.Manager1')
m.Create('psi', dbus.Array(['memory'], signature='s'), dbus.Dictionary({'memory.high': '16M'}, signature='sv'))
m.WatchPressure('psi', dbus.Dictionary({'resource': 'memory', 'kind': 'some', 'threshold_us': dbus.UInt32(50000), 'window_us': dbus.UInt32(1000000)}, signature='sv'))
hog = subprocess.Popen(['/usr/bin/python3', '-c', 'import time\nb = []\nfor _ in range(256): b.append(bytearray(1 << 20))\ntime.sleep(60)'])
m.MovePid('psi', hog.pid)
GLib.timeout_add(60000, loop.quit)
loop.run()
hog.kill(); hog.wait()
print(' '.join(got) if got else 'no event')
PY
)
contains pressure_trigger_fires_under_a_memory_hog 'memory some' "$psi"
check pressure_cgroup_removed 'i 1' "$(call Remove ssi memory psi 1)"

kill $DPID; wait $DPID
check daemon_stops_cleanly gone "$([ -S "$SOCK" ] && echo present || echo gone)"
