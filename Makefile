# The two commands a new machine needs:  make run  and  make test  (see README.md).
SOCKET ?= /sys/fs/cgroup/cgmanager/sock
PREFIX ?= /usr/local

.PHONY: build run test install clean

build:
	./scripts/install-deps.sh
	./scripts/build.sh

run: build
	./artifacts/bin/cgmanager --socket $(SOCKET)

test:
	./scripts/test.sh

install: build
	install -D -m 0755 artifacts/bin/cgmanager $(DESTDIR)$(PREFIX)/sbin/cgmanager

clean:
	rm -rf artifacts */*/bin */*/obj
