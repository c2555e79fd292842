#!/bin/bash
# The service lane: runs INSIDE the throw-away VM (its / is an overlay, so /etc, dpkg and init
# scripts may be changed freely) and drives the init scripts and the Debian package for real.
# Prints one line per check, "ok NAME" or "not ok NAME: detail"; tests/.../Service/ServiceLane.cs reads them.
# usage: service-lane.sh BIN_DIR DEB_DIR OPENRC_DEB_DIR   (run from the repository's root)
set -u
# It installs packages and rewrites /etc and /sbin/runlevel: only ever inside the VM's overlay.
if [ ! -d /run/v2vm ] || [ "$(hostname)" != v2vm ]; then
	echo "service-lane.sh: refusing to run outside the v2vm guest" >&2
	exit 2
fi
BIN=$1 DEBS=$2 OPENRC_DEBS=$3
# /sys/fs/cgroup is cgroupfs here (pure v2), which holds no sockets: the settings files choose another.
SOCK=/run/cgmanager/sock
PIDFILE=/run/cgmanager.pid
export DEBIAN_FRONTEND=noninteractive
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then echo "ok $1"; else echo "not ok $1: expected [$2] got [$3]"; fi
}
contains() { # NAME NEEDLE HAYSTACK
	if printf '%s' "$3" | grep -q -- "$2"; then echo "ok $1"; else echo "not ok $1: [$2] not in [$3]"; fi
}
runs() { # NAME CMD... : exit status 0
	local out rc
	out=$("${@:2}" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then echo "ok $1"; else echo "not ok $1: rc=$rc: $(printf '%s' "$out" | tr '\n' '|')"; fi
	[ -z "$out" ] || printf '%s\n' "$out" | sed "s/^/# $1: /"
}
answers() { busctl --address=unix:path=$SOCK call org.linuxcontainers.cgmanager /org/linuxcontainers/cgmanager \
	org.linuxcontainers.cgmanager0_0 Ping i 0 >/dev/null 2>&1 && echo yes || echo no; }
pid_of() { cat "$PIDFILE" 2>/dev/null; }
daemon_exe() { readlink "/proc/$(pid_of)/exe" 2>/dev/null || echo none; }
running() { pgrep -x cgmanager >/dev/null && echo running || echo none; }
exists() { [ -e "$1" ] && echo present || echo gone; }
status_rc() { "$@" >/dev/null 2>&1; echo $?; }
# man-db's trigger would rebuild every index under TCG for minutes; it skips without this file.
rm -f /var/lib/man-db/auto-update

# --- sysvinit: make install, /etc/init.d/cgmanager start|status|reload|stop ---
make -s install-files BIN="$BIN" PREFIX=/usr INIT_SCRIPTS=sysv >/dev/null
echo "CGMANAGER_SOCKET=$SOCK" >/etc/default/cgmanager
runs sysv_start_succeeds /etc/init.d/cgmanager start
check sysv_pidfile_names_the_daemon /usr/sbin/cgmanager "$(daemon_exe)"
check sysv_socket_answers yes "$(answers)"
check sysv_status_reports_running 0 "$(status_rc /etc/init.d/cgmanager status)"
contains sysv_status_says_running 'is running' "$(/etc/init.d/cgmanager status 2>&1)"
first=$(pid_of)
runs sysv_second_start_succeeds /etc/init.d/cgmanager start
check sysv_second_start_keeps_the_daemon "$first" "$(pid_of)"
runs sysv_reload_succeeds /etc/init.d/cgmanager reload
check sysv_reload_keeps_the_daemon_serving "$first yes" "$(pid_of) $(answers)"
runs sysv_stop_succeeds /etc/init.d/cgmanager stop
check sysv_stop_ends_the_daemon gone "$(kill -0 "$first" 2>/dev/null && echo alive || echo gone)"
check sysv_stop_removes_the_pidfile gone "$(exists $PIDFILE)"
check sysv_stop_removes_the_socket gone "$(exists $SOCK)"
check sysv_status_after_stop_is_3 3 "$(status_rc /etc/init.d/cgmanager status)"
runs sysv_restart_from_stopped_succeeds /etc/init.d/cgmanager restart
check sysv_restart_serves yes "$(answers)"
runs sysv_final_stop_succeeds /etc/init.d/cgmanager stop
rm -f /etc/default/cgmanager
make -s uninstall PREFIX=/usr INIT_SCRIPTS=sysv >/dev/null
check sysv_uninstall_removes_the_script gone "$(exists /etc/init.d/cgmanager)"
check sysv_uninstall_removes_the_daemon gone "$(exists /usr/sbin/cgmanager)"

# --- the Debian package: dpkg -i (its postinst starts the daemon), cgm ping, remove, purge ---
# The settings file is a conffile of the package; one made before is kept (--force-confold).
# This host's image denies every start by a Docker-style policy-rc.d, and PID 1 here is the VM's
# shell, not sysvinit, so there is no utmp runlevel: invoke-rc.d would start nothing. Undo both
# (in the overlay) as a booted sysvinit machine in runlevel 2 has them.
rm -f /usr/sbin/policy-rc.d /usr/sbin/runlevel
printf '#!/bin/sh\necho "N 2"\n' >/usr/sbin/runlevel && chmod 0755 /usr/sbin/runlevel
echo "CGMANAGER_SOCKET=$SOCK" >/etc/default/cgmanager
runs pkg_install_succeeds dpkg -i --force-confold "$DEBS"/cgmanager_*.deb "$DEBS"/cgm_*.deb
check pkg_installed "ii ii" "$(dpkg-query -W -f='${db:Status-Abbrev}' cgmanager cgm | tr -s ' ' | sed 's/ *$//')"
listed=$(dpkg -L cgmanager cgm)
for f in /usr/sbin/cgmanager /usr/bin/cgm /etc/init.d/cgmanager /etc/default/cgmanager \
	/lib/systemd/system/cgmanager.service /lib/systemd/system/cgmanager.socket /lib/systemd/system/cgproxy.service \
	/usr/share/man/man8/cgmanager.8.gz /usr/share/man/man1/cgm.1.gz /usr/share/bash-completion/completions/cgm; do
	name=pkg_ships$(printf '%s' "$f" | tr '/.-' '___')
	if printf '%s\n' "$listed" | grep -qx -- "$f" && [ -e "$f" ]; then echo "ok $name"; else echo "not ok $name: $f not installed"; fi
done
check pkg_systemd_service_enabled present "$(exists /etc/systemd/system/multi-user.target.wants/cgmanager.service)"
check pkg_systemd_socket_enabled present "$(exists /etc/systemd/system/sockets.target.wants/cgmanager.socket)"
check pkg_sysv_links_made present "$(ls /etc/rc2.d/S*cgmanager >/dev/null 2>&1 && echo present || echo gone)"
check pkg_postinst_started_the_daemon /usr/sbin/cgmanager "$(daemon_exe)"
runs pkg_cgm_ping_answers env CGM_SOCKET=$SOCK cgm ping
check pkg_cgm_ping_answers_with_socket_option 0 "$(status_rc cgm --socket $SOCK ping)"
runs pkg_init_script_status /etc/init.d/cgmanager status
daemon=$(pid_of)
runs pkg_remove_succeeds dpkg --remove cgmanager cgm
check pkg_remove_stops_the_daemon "gone none" "$( [ -n "$daemon" ] && kill -0 "$daemon" 2>/dev/null && echo alive || echo gone) $(running)"
check pkg_remove_removes_the_socket gone "$(exists $SOCK)"
check pkg_remove_removes_the_pidfile gone "$(exists $PIDFILE)"
check pkg_remove_removes_the_daemon gone "$(exists /usr/sbin/cgmanager)"
check pkg_remove_keeps_the_conffile present "$(exists /etc/default/cgmanager)"
runs pkg_purge_succeeds dpkg --purge cgmanager cgm
check pkg_purge_removes_the_conffile gone "$(exists /etc/default/cgmanager)"
check pkg_purge_removes_the_init_script gone "$(exists /etc/init.d/cgmanager)"
check pkg_purge_removes_the_rc_links gone "$(ls /etc/rc*.d/*cgmanager >/dev/null 2>&1 && echo present || echo gone)"
check pkg_purge_removes_the_systemd_links gone "$(ls /etc/systemd/system/*/cgmanager.* >/dev/null 2>&1 && echo present || echo gone)"
check pkg_purged "" "$(dpkg-query -W -f='${db:Status-Abbrev}' cgmanager 2>/dev/null | tr -d ' ' | grep -v '^un$\|^pn$')"
check pkg_no_daemon_left none "$(running)"

# --- OpenRC (installed only here): its own openrc-run scripts, start|status|reload|stop ---
runs openrc_installs dpkg -i "$OPENRC_DEBS"/*.deb
make -s install-files BIN="$BIN" PREFIX=/usr INIT_SCRIPTS=openrc >/dev/null
echo "CGMANAGER_SOCKET=$SOCK" >/etc/conf.d/cgmanager
# OpenRC is not PID 1 here: give it the state directory its boot would have made.
mkdir -p /run/openrc && touch /run/openrc/softlevel
runs openrc_start_succeeds rc-service cgmanager start
check openrc_pidfile_names_the_daemon /usr/sbin/cgmanager "$(daemon_exe)"
check openrc_socket_answers yes "$(answers)"
check openrc_status_reports_started 0 "$(status_rc rc-service cgmanager status)"
contains openrc_status_says_started started "$(rc-service cgmanager status 2>&1)"
first=$(pid_of)
runs openrc_reload_succeeds rc-service cgmanager reload
check openrc_reload_keeps_the_daemon_serving "$first yes" "$(pid_of) $(answers)"
runs openrc_stop_succeeds rc-service cgmanager stop
check openrc_stop_ends_the_daemon gone "$(kill -0 "$first" 2>/dev/null && echo alive || echo gone)"
check openrc_stop_removes_the_pidfile gone "$(exists $PIDFILE)"
check openrc_stop_removes_the_socket gone "$(exists $SOCK)"
check openrc_status_after_stop_is_3 3 "$(status_rc rc-service cgmanager status)"
contains openrc_cgproxy_refuses_without_a_host_socket 'no host cgmanager socket' "$(rc-service cgproxy start 2>&1)"
make -s uninstall PREFIX=/usr INIT_SCRIPTS=openrc >/dev/null
check openrc_uninstall_removes_the_scripts "gone gone" "$(exists /etc/init.d/cgmanager) $(exists /etc/init.d/cgproxy)"
check openrc_no_daemon_left none "$(running)"
