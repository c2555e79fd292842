# The two commands a new machine needs:  make run  and  make test  (see README.md).
SOCKET ?= /sys/fs/cgroup/cgmanager/sock
# PAM loads modules from its own libdir (multiarch on Debian), whatever PREFIX is.
PAMBUILD ?= artifacts/pam
PAMDIR ?= $(shell pkg-config --variable=libdir pam 2>/dev/null || echo /lib/$$(gcc -print-multiarch))/security
# e.g. make bench BENCH_ARGS="--quick --json /tmp/bench.json"
BENCH_ARGS ?=

# make install: DESTDIR for staging, PREFIX for the programs; the init files go where their
# init system looks, whatever PREFIX is (systemd's units below PREFIX unless PREFIX is /usr).
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
INITDIR ?= $(SYSCONFDIR)/init.d
DEFAULTDIR ?= $(SYSCONFDIR)/default
OPENRC_INITDIR ?= $(SYSCONFDIR)/init.d
OPENRC_CONFDIR ?= $(SYSCONFDIR)/conf.d
# Which script becomes /etc/init.d/cgmanager: sysv, openrc, or none; auto = openrc where
# openrc-run exists. systemd units are always installed (WITH_SYSTEMD=no to skip).
INIT_SCRIPTS ?= auto
WITH_SYSTEMD ?= yes
# The published binaries make install takes (the package build publishes its own).
BIN ?= artifacts/bin

ifeq ($(INIT_SCRIPTS),auto)
override INIT_SCRIPTS := $(if $(wildcard /sbin/openrc-run /usr/sbin/openrc-run),openrc,sysv)
endif

.PHONY: build run test bench fuzz install install-files uninstall deb clean

build:
	./scripts/install-deps.sh
	./scripts/build.sh

run: build
	./artifacts/bin/cgmanager --socket $(SOCKET)

test:
	./scripts/test.sh

# Issue #8: the daemon against the raw cgroupfs floor, in a cgsandbox; about a minute.
bench:
	./scripts/bench.sh $(BENCH_ARGS)

# Issue #12: every fuzz harness under AFL++ for FUZZ_SECONDS each (default 60), one at a time; fails on a crash.
# e.g. make fuzz FUZZ_SECONDS=600 FUZZ_HARNESSES="message sasl"  (fuzz/README.md)
fuzz:
	./scripts/fuzz.sh

install: build install-files

# What make install copies, without building (the Debian package's rules use it).
install-files:
	install -D -m 0755 $(BIN)/cgmanager $(DESTDIR)$(SBINDIR)/cgmanager
	install -D -m 0755 $(BIN)/cgm $(DESTDIR)$(BINDIR)/cgm
	install -D -m 0644 docs/cgm.1 $(DESTDIR)$(MANDIR)/man1/cgm.1
	install -D -m 0644 docs/cgmanager.8 $(DESTDIR)$(MANDIR)/man8/cgmanager.8
	install -D -m 0644 docs/cgproxy.8 $(DESTDIR)$(MANDIR)/man8/cgproxy.8
	# the PAM module when it was built (scripts/build.sh; the Debian build has no libpam-cgm package yet)
	if [ -e $(PAMBUILD)/pam_cgm.so ]; then \
	  install -D -m 0644 $(PAMBUILD)/pam_cgm.so $(DESTDIR)$(PAMDIR)/pam_cgm.so && \
	  install -D -m 0644 docs/pam_cgm.8 $(DESTDIR)$(MANDIR)/man8/pam_cgm.8; fi
	install -D -m 0644 contrib/cgm.bash-completion $(DESTDIR)$(BASHCOMPDIR)/cgm
ifeq ($(WITH_SYSTEMD),yes)
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	for u in cgmanager.service cgmanager.socket cgproxy.service; do \
	  sed 's|/usr/sbin/cgmanager|$(SBINDIR)/cgmanager|' contrib/init/systemd/$$u >$(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
	  chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; done
endif
ifeq ($(INIT_SCRIPTS),sysv)
	install -d $(DESTDIR)$(INITDIR)
	sed 's|/usr/sbin/cgmanager|$(SBINDIR)/cgmanager|' contrib/init/sysvinit/cgmanager >$(DESTDIR)$(INITDIR)/cgmanager
	chmod 0755 $(DESTDIR)$(INITDIR)/cgmanager
	[ -e $(DESTDIR)$(DEFAULTDIR)/cgmanager ] || install -D -m 0644 contrib/init/sysvinit/cgmanager.default $(DESTDIR)$(DEFAULTDIR)/cgmanager
endif
ifeq ($(INIT_SCRIPTS),openrc)
	install -d $(DESTDIR)$(OPENRC_INITDIR)
	for s in cgmanager cgproxy; do \
	  sed 's|/usr/sbin/cgmanager|$(SBINDIR)/cgmanager|' contrib/init/openrc/$$s >$(DESTDIR)$(OPENRC_INITDIR)/$$s && \
	  chmod 0755 $(DESTDIR)$(OPENRC_INITDIR)/$$s || exit 1; \
	  [ -e $(DESTDIR)$(OPENRC_CONFDIR)/$$s ] || install -D -m 0644 contrib/init/openrc/$$s.confd $(DESTDIR)$(OPENRC_CONFDIR)/$$s || exit 1; \
	done
endif

# Removes what install-files installed, except edited settings (/etc/default, /etc/conf.d).
uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/cgmanager $(DESTDIR)$(BINDIR)/cgm
	rm -f $(DESTDIR)$(MANDIR)/man1/cgm.1 $(DESTDIR)$(MANDIR)/man8/cgmanager.8 $(DESTDIR)$(MANDIR)/man8/cgproxy.8 $(DESTDIR)$(BASHCOMPDIR)/cgm
	rm -f $(DESTDIR)$(PAMDIR)/pam_cgm.so $(DESTDIR)$(MANDIR)/man8/pam_cgm.8
	rm -f $(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,cgmanager.service cgmanager.socket cgproxy.service)
ifeq ($(INIT_SCRIPTS),sysv)
	rm -f $(DESTDIR)$(INITDIR)/cgmanager
	cmp -s contrib/init/sysvinit/cgmanager.default $(DESTDIR)$(DEFAULTDIR)/cgmanager && rm -f $(DESTDIR)$(DEFAULTDIR)/cgmanager || true
endif
ifeq ($(INIT_SCRIPTS),openrc)
	rm -f $(DESTDIR)$(OPENRC_INITDIR)/cgmanager $(DESTDIR)$(OPENRC_INITDIR)/cgproxy
	for s in cgmanager cgproxy; do cmp -s contrib/init/openrc/$$s.confd $(DESTDIR)$(OPENRC_CONFDIR)/$$s && rm -f $(DESTDIR)$(OPENRC_CONFDIR)/$$s; done; true
endif

# The Debian packages (dpkg-buildpackage -b on a copy of the tree), into artifacts/deb/; lintian runs on them.
deb:
	./scripts/install-deps.sh
	./scripts/build-deb.sh

clean:
	rm -rf artifacts */*/bin */*/obj
