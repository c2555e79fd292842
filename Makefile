# The two commands a new machine needs:  make run  and  make test  (see README.md).
SOCKET ?= /sys/fs/cgroup/cgmanager/sock
PREFIX ?= /usr/local
# e.g. make bench BENCH_ARGS="--quick --json /tmp/bench.json"
BENCH_ARGS ?=

.PHONY: build run test bench fuzz install clean

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

install: build
	install -D -m 0755 artifacts/bin/cgmanager $(DESTDIR)$(PREFIX)/sbin/cgmanager
	install -D -m 0755 artifacts/bin/cgm $(DESTDIR)$(PREFIX)/bin/cgm
	install -D -m 0644 docs/cgm.1 $(DESTDIR)$(PREFIX)/share/man/man1/cgm.1
	install -D -m 0644 docs/cgmanager.8 $(DESTDIR)$(PREFIX)/share/man/man8/cgmanager.8
	install -D -m 0644 contrib/cgm.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cgm

clean:
	rm -rf artifacts */*/bin */*/obj
