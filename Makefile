# A thin wrapper around CMake presets, in the spirit of Neovim's Makefile.
# `make run` sets up, builds and opens the console; `make test` sets up, builds and runs every test.

PACKAGES := build-essential cmake pkg-config git lld \
	qt6-base-dev qt6-base-dev-tools libqt6svg6 libgl-dev \
	qt6-l10n-tools qt6-tools-dev qt6-translations-l10n \
	libboost-json1.81-dev libspdlog-dev libssl-dev libc-ares-dev openssl \
	openvswitch-common openvswitch-switch python3-openvswitch python3 ovn-host ovn-central \
	xvfb xauth imagemagick procps clang-format groff-base util-linux systemd \
	openssh-client openssh-server socat pssh iproute2

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
JOBS ?= 2

.PHONY: all deps build run test test-asan build-asan test-tsan fuzz format-check clean

all: build

# Installs only what is missing, so a second `make` costs one dpkg query. The tests run their
# own Open vSwitch and OVN daemons in private directories, so installing the packages must not
# start the system's: a policy-rc.d that refuses service starts is in place for the install
# (unless the machine has one of its own, as container images do) and removed afterwards.
deps:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "Installing:" $$missing; \
		ours=; \
		if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' | $(SUDO) tee /usr/sbin/policy-rc.d >/dev/null && \
			$(SUDO) chmod 755 /usr/sbin/policy-rc.d && ours=1; \
		fi; \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
		status=$$?; \
		[ -z "$$ours" ] || $(SUDO) rm -f /usr/sbin/policy-rc.d; \
		exit $$status; \
	fi

build:
	cmake --preset default
	cmake --build --preset default -j$(JOBS)

run: deps build
	./build/bin/vigil

test: deps build
	ctest --test-dir build --output-on-failure -j$(JOBS)

build-asan: deps
	cmake --preset asan
	cmake --build --preset asan -j$(JOBS)

# Tests crash daemons on purpose and check that monitors see the signal, as OVS's do, so
# ASan must leave SIGSEGV, SIGBUS and SIGFPE to their default action.
test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:handle_segv=0:handle_sigbus=0:handle_sigfpe=0 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir build-asan --output-on-failure -j$(JOBS)

# Every test that starts threads (labelled tsan from its source), under ThreadSanitizer. Tests
# fork children (exec at once) while their threads run, which TSan refuses unless told.
test-tsan: deps
	cmake --preset tsan
	cmake --build --preset tsan -j$(JOBS) --target thread-tests
	TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:die_after_fork=0:suppressions=$(CURDIR)/tests/tsan.supp \
		ctest --test-dir build-tsan --output-on-failure -j$(JOBS) -L tsan

fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz -j$(JOBS)

format-check:
	git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

# Bounded libFuzzer runs (FUZZ_SECONDS per target, 30 by default), seeded with tests/fuzz/corpus;
# a finding fails the target and leaves its input in build-fuzz/fuzz-artifacts/.
FUZZ_SECONDS ?= 30
FUZZ_PACKAGES := clang libclang-rt-14-dev

.PHONY: fuzz-run
fuzz-run: deps
	@missing=$$(for p in $(FUZZ_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	cmake --preset fuzz
	cmake --build --preset fuzz -j$(JOBS)
	tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-tsan build-fuzz
