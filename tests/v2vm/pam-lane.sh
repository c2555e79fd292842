#!/bin/bash
# The delegation lane of issue 14: runs INSIDE the v2vm guest (pure cgroup v2, no systemd; its /
# is a throw-away overlay, so users, /etc/pam.d and the PAM module dir may be changed here and
# only here). A real PAM login (runuser -l) through pam_cgm.so, the user's own cgroup work, rootless
# crun, and the cleanup at close. Prints "ok NAME" or "not ok NAME: detail" per check; the xunit
# test (V2/PamLane.cs) reads them.
# usage: pam-lane.sh DAEMON PAM_MODULE CGM
set -u
# It adds users and changes /etc and PAM: refuse to run anywhere but the throw-away VM.
if [ "$(hostname)" != v2vm ] || [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
	echo "pam-lane.sh: runs only inside the v2vm guest (tests/CgManager.Integration.Tests/V2/PamLane.cs starts it)" >&2
	exit 2
fi
DAEMON=$1 MODULE=$2 CGM=$3
CG=/sys/fs/cgroup
RUN=/run/cgm-pam
SOCK=$RUN/sock
A=--address=unix:path=$SOCK
B="org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager org.linuxcontainers.cgmanager.Manager1"
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok $1"; else echo "not ok $1: expected [$2] got [$3]"; fi
}
contains() { # NAME NEEDLE HAYSTACK
	if printf '%s' "$3" | grep -q -- "$2"; then echo "ok $1"; else echo "not ok $1: [$2] not in [$3]"; fi
}
until_true() { for _ in $(seq 100); do eval "$1" && return 0; sleep 0.1; done; return 1; }

mkdir -p $RUN && chmod 755 $RUN
/usr/bin/busybox syslogd -n -O $RUN/syslog & SYSLOGD=$!   # pam_syslog's lines, for the failure report
"$DAEMON" --socket "$SOCK" 2>$RUN/log & DPID=$!
until_true "[ -S $SOCK ]"
check daemon_starts yes "$([ -S $SOCK ] && echo yes || echo no)"

# The users exist only in this VM.
useradd -m -s /bin/bash alice && useradd -m -s /bin/bash bob
chmod 755 /home/alice   # LXC's container root (a subuid) must reach the rootfs in her home
grep -q '^alice:' /etc/subuid 2>/dev/null || usermod --add-subuids 100000-165535 --add-subgids 100000-165535 alice
ALICE=$(id -u alice)
# make install's PAM step, into this VM's overlay; the line Alpine-style stacks have, plus our socket.
PAMDIR=$(pkg-config --variable=libdir pam)/security
install -m 0644 "$MODULE" "$PAMDIR/pam_cgm.so"
echo "session optional pam_cgm.so -c all socket=$SOCK debug" >>/etc/pam.d/runuser-l
mkdir -p /etc/cgmanager
cat >/etc/cgmanager/pam_cgm.conf <<'EOF'
# every user
memory.max = 512M
pids.max = 200
[alice]
memory.max = 256M
EOF

# Host root delegates to a service account with cgm: bob gets user/bob (alice must not reach it).
check cgm_delegate_prints_the_path "user/bob/main" "$("$CGM" --socket "$SOCK" delegate user/bob bob session=main pids.max=50 2>&1)"
check cgm_delegate_gives_the_directory bob "$(stat -c %U $CG/user/bob)"
check cgm_delegate_sets_the_limit 50 "$(cat $CG/user/bob/pids.max)"

# Session A stays open (a sleep in it) while session B does the work: they share user/alice.
runuser -l alice -c 'echo $$ >/tmp/session-a.pid; exec sleep 1000' & SESSION_A=$!
until_true "[ -d $CG/user/alice/0 ] && [ -n \"\$(cat $CG/user/alice/0/cgroup.procs)\" ]"
check first_session_is_user_alice_0 yes "$([ -d $CG/user/alice/0 ] && echo yes || echo no)"

# busybox rootfs and bundle for crun, made by alice in her home.
cat >/home/alice/session.sh <<'EOS'
set -u
CG=/sys/fs/cgroup
TOP=$CG/user/alice
check() { if [ "$2" = "$3" ]; then echo "ok $1"; else echo "not ok $1: expected [$2] got [$3]"; fi; }
contains() { if printf '%s' "$3" | grep -q -- "$2"; then echo "ok $1"; else echo "not ok $1: [$2] not in [$3]"; fi; }
fails() { if eval "$2" 2>/dev/null; then echo "not ok $1: '$2' succeeded"; else echo "ok $1"; fi; }
until_true() { for _ in $(seq 100); do eval "$1" && return 0; sleep 0.1; done; return 1; }

check shell_lands_in_the_session_leaf "0::/user/alice/1" "$(cat /proc/self/cgroup)"
check user_owns_the_delegated_cgroup alice "$(stat -c %U $TOP)"
check user_owns_subtree_control alice "$(stat -c %U $TOP/cgroup.subtree_control)"
check top_limits_stay_roots root "$(stat -c %U $TOP/memory.max)"
check per_user_memory_max_from_config 268435456 "$(cat $TOP/memory.max)"
check default_pids_max_from_config 200 "$(cat $TOP/pids.max)"
contains controllers_enabled_in_the_top 'cpuset cpu io memory pids' "$(cat $TOP/cgroup.subtree_control)"

check user_creates_a_child "" "$(mkdir $TOP/work 2>&1)"
check user_enables_controllers_in_the_child "" "$( (echo '+memory +pids' >$TOP/work/cgroup.subtree_control) 2>&1)"
mkdir $TOP/work/job
echo 100M >$TOP/work/job/memory.max; echo 20 >$TOP/work/job/pids.max
check grandchild_memory_max 104857600 "$(cat $TOP/work/job/memory.max)"
check grandchild_pids_max 20 "$(cat $TOP/work/job/pids.max)"
sleep 1000 & JOB=$!
echo $JOB >$TOP/work/job/cgroup.procs
check user_moves_own_process_to_the_grandchild "0::/user/alice/work/job" "$(cat /proc/$JOB/cgroup)"
kill $JOB; wait $JOB 2>/dev/null
fails user_cannot_write_the_top_limits "echo 1G >$TOP/memory.max"
fails user_cannot_write_the_top_pids_limit "echo max >$TOP/pids.max"
fails user_cannot_enter_another_users_cgroup "echo \$\$ >$CG/user/bob/main/cgroup.procs"
fails user_cannot_write_another_users_limits "echo 1 >$CG/user/bob/main/pids.max"
fails user_cannot_create_beside_the_delegation "mkdir $CG/user/mallory"
rmdir $TOP/work/job $TOP/work

# Rootless crun: an OCI bundle over a busybox rootfs, its cgroup beneath the user's.
B=$HOME/ctr
mkdir -p $B/rootfs/bin $B/rootfs/proc $B/rootfs/dev $B/rootfs/sys $B/rootfs/tmp
cp /usr/bin/busybox $B/rootfs/bin/busybox && ln -s busybox $B/rootfs/bin/sh
(cd $B && crun spec --rootless)
python3 - "$B/config.json" "$(id -u)" "$(id -g)" <<'EOF'
import json, sys
path, uid, gid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = json.load(open(path))
c["process"]["args"] = ["/bin/busybox", "sleep", "1000"]
c["process"]["terminal"] = False
c["root"] = {"path": "rootfs", "readonly": False}
c["linux"]["namespaces"].append({"type": "cgroup"})
c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": uid, "size": 1}]
c["linux"]["gidMappings"] = [{"containerID": 0, "hostID": gid, "size": 1}]
c["linux"]["cgroupsPath"] = "/user/alice/ctr"
c["linux"]["resources"] = {"memory": {"limit": 64 * 1024 * 1024}, "pids": {"limit": 32}}
json.dump(c, open(path, "w"), indent=1)
EOF
CRUN="crun --root $HOME/crun-state --cgroup-manager=cgroupfs"
$CRUN run --bundle $B --detach ctr </dev/null >$HOME/crun.out 2>&1
check crun_runs_rootless "" "$(cat $HOME/crun.out)"
PID=$($CRUN state ctr | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
check crun_container_cgroup_beneath_the_user "0::/user/alice/ctr" "$(cat /proc/$PID/cgroup)"
check crun_memory_max_64_mib 67108864 "$(cat $TOP/ctr/memory.max)"
check crun_pids_max 32 "$(cat $TOP/ctr/pids.max)"
echo "# crun cgroup: $TOP/ctr memory.max=$(cat $TOP/ctr/memory.max) pids.max=$(cat $TOP/ctr/pids.max) init=$PID $(cat /proc/$PID/cgroup)"
$CRUN exec ctr /bin/busybox dd if=/dev/zero of=/dev/null bs=100M count=1 >/dev/null 2>&1
contains crun_allocation_beyond_the_limit_is_oom_killed 'oom_kill [1-9]' "$(cat $TOP/ctr/memory.events)"
check session_survives_the_oom_kill "0::/user/alice/1" "$(cat /proc/self/cgroup)"
check container_survives_the_oom_kill yes "$(kill -0 $PID 2>/dev/null && echo yes || echo no)"
$CRUN pause ctr
until_true "grep -q 'frozen 1' $TOP/ctr/cgroup.events"
contains crun_pause_freezes 'frozen 1' "$(cat $TOP/ctr/cgroup.events)"
$CRUN resume ctr
until_true "grep -q 'frozen 0' $TOP/ctr/cgroup.events"
contains crun_resume_thaws 'frozen 0' "$(cat $TOP/ctr/cgroup.events)"
$CRUN kill ctr KILL
until_true "! kill -0 $PID 2>/dev/null"
$CRUN delete -f ctr
until_true "[ ! -d $TOP/ctr ]"
check crun_delete_removes_its_cgroup gone "$([ -d $TOP/ctr ] && echo present || echo gone)"

# Unprivileged LXC: a busybox container started by the user from a launcher cgroup of her own
# (LXC makes its cgroups below the cgroup it starts in, and v2 hands controllers only from a
# cgroup without processes: the foreground lxc-start moves itself into lxc.monitor.c1 first).
mkdir -p $HOME/.config/lxc
SUB=$(grep "^alice:" /etc/subuid | cut -d: -f2); SUBN=$(grep "^alice:" /etc/subuid | cut -d: -f3)
printf '%s\n' "lxc.idmap = u 0 $SUB $SUBN" "lxc.idmap = g 0 $SUB $SUBN" "lxc.net.0.type = empty" \
	"lxc.console.path = none" "lxc.apparmor.profile = unconfined" >$HOME/.config/lxc/default.conf
lxc-create -n c1 -t busybox >$HOME/lxc-create.log 2>&1
check lxc_create_busybox_container 0 "$?"
printf '%s\n' "lxc.cgroup2.memory.max = 64M" "lxc.cgroup2.pids.max = 40" >>$HOME/.local/share/lxc/c1/config
mkdir $TOP/lxc
sh -c "echo \$\$ >$TOP/lxc/cgroup.procs && exec lxc-start -F -n c1 -l DEBUG -o $HOME/lxc.log" </dev/null >$HOME/lxc-start.out 2>&1 &
until_true "lxc-info -n c1 -s 2>/dev/null | grep -q RUNNING"
contains lxc_container_runs RUNNING "$(lxc-info -n c1 -s 2>&1)"
LPID=$(lxc-info -n c1 -p -H 2>/dev/null)
check lxc_container_cgroup_beneath_the_user "0::/user/alice/lxc/lxc.payload.c1" "$(cat /proc/${LPID:-0}/cgroup 2>&1)"
check lxc_memory_max_applied 67108864 "$(cat $TOP/lxc/lxc.payload.c1/memory.max 2>&1)"
check lxc_pids_max_applied 40 "$(cat $TOP/lxc/lxc.payload.c1/pids.max 2>&1)"
echo "# lxc cgroup: $(cat /proc/${LPID:-0}/cgroup 2>&1) memory.max=$(cat $TOP/lxc/lxc.payload.c1/memory.max 2>&1) pids.max=$(cat $TOP/lxc/lxc.payload.c1/pids.max 2>&1)"
lxc-stop -n c1 -k >/dev/null 2>&1
until_true "! lxc-info -n c1 -s 2>/dev/null | grep -q RUNNING"
wait
grep -E "ERROR|WARN" $HOME/lxc.log | head -15 | sed 's/^/# lxc: /'
sed 's/^/# lxc-create: /' $HOME/lxc-create.log | tail -5
sed 's/^/# lxc-start: /' $HOME/lxc-start.out | tail -5
rmdir $TOP/lxc/lxc.payload.c1 $TOP/lxc/lxc.monitor.c1 $TOP/lxc/lxc.pivot $TOP/lxc 2>/dev/null
EOS
chown alice: /home/alice/session.sh
runuser -l alice -c 'bash ~/session.sh' 2>$RUN/session-b.err

# Session B closed: its leaf went, the user's cgroup stays for session A.
until_true "[ ! -d $CG/user/alice/1 ]"
check closing_a_session_removes_its_leaf gone "$([ -d $CG/user/alice/1 ] && echo present || echo gone)"
check the_users_cgroup_stays_while_a_session_is_open present "$([ -d $CG/user/alice ] && echo present || echo gone)"
kill -KILL "$(cat /tmp/session-a.pid)"   # ends session A's sleep: runuser closes the session
wait $SESSION_A 2>/dev/null
check the_last_close_removes_the_users_cgroup gone "$([ -d $CG/user/alice ] && echo present || echo gone)"
check bobs_delegation_untouched present "$([ -d $CG/user/bob/main ] && echo present || echo gone)"

echo "# --- daemon log"; sed 's/^/# /' $RUN/log | tail -20
echo "# --- syslog"; sed 's/^/# /' $RUN/syslog 2>/dev/null | tail -20
echo "# --- session B stderr"; sed 's/^/# /' $RUN/session-b.err | tail -20
kill $DPID $SYSLOGD 2>/dev/null
