# SPDX-License-Identifier: GPL-2.0-or-later
# cmactl - see README.md.  `make`, `make check`, `make install`.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
EXAMPLESDIR ?= $(PREFIX)/share/doc/cmactl/examples
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g

# WITH_KMOD=0: no libkmod at all, not even its headers (static builds: Buildroot forbids
# kmod with static libraries and Debian ships no libkmod.a); stress then cannot say
# whether cma_heap is a module, nor load it.
WITH_KMOD  ?= 1
ifeq ($(WITH_KMOD),0)
PKGS       := json-c zlib
KMOD_DEFS  := -DCMACTL_NO_KMOD
else
PKGS       := libkmod json-c zlib
endif
# STATIC=1 links the static archives and what they need (pkg-config --static).
PKG_STATIC := $(if $(filter-out 0,$(STATIC)),--static)
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
# libkmod: headers only; src/io/modules.c opens libkmod.so.2 when stress needs it
PKG_LIBS   := $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs json-c zlib 2>/dev/null || echo -ljson-c -lz)
# libarchive: collect writes bundles and --root reads them; a build without it (the lab's
# arm64 cross build has no arm64 libarchive) says so when asked for either. WITH_LIBARCHIVE:
# auto (use it when pkg-config finds it), 1 (required), 0 (never: recipes that must not pick
# up a library they did not ask for, as Buildroot's rules say).
WITH_LIBARCHIVE ?= auto
HAVE_ARCHIVE := $(if $(filter-out 0,$(WITH_LIBARCHIVE)),$(shell $(PKG_CONFIG) --exists libarchive 2>/dev/null && echo yes))
ifeq ($(WITH_LIBARCHIVE)$(HAVE_ARCHIVE),1)
$(error WITH_LIBARCHIVE=1, but $(PKG_CONFIG) finds no libarchive)
endif
ifneq ($(HAVE_ARCHIVE),)
PKG_CFLAGS += $(shell $(PKG_CONFIG) --cflags libarchive) -DHAVE_LIBARCHIVE
PKG_LIBS   += $(shell $(PKG_CONFIG) --libs libarchive)
endif
# libubootenv (Debian's libubootenv-dev): set --via ubootenv reads and writes U-Boot's
# environment through it. Used when pkg-config finds it; WITH_UBOOTENV=0 builds without
# (then --via ubootenv says so), as the static cross builds do.
WITH_UBOOTENV ?= 1
ifneq ($(filter-out 0,$(WITH_UBOOTENV)),)
ifneq ($(shell $(PKG_CONFIG) --exists libubootenv 2>/dev/null && echo yes),)
PKG_CFLAGS += $(shell $(PKG_CONFIG) --cflags libubootenv) -DHAVE_UBOOTENV
PKG_LIBS   += $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs libubootenv)
endif
endif
# libfdt.pc only comes from dtc's meson build; Debian's libfdt-dev has none.
FDT_CFLAGS := $(shell $(PKG_CONFIG) --cflags libfdt 2>/dev/null)
FDT_LIBS   := $(shell $(PKG_CONFIG) $(PKG_STATIC) --libs libfdt 2>/dev/null || echo -lfdt)

WARNINGS   := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wvla -Wno-unused-parameter
# _FORTIFY_SOURCE only when the caller's flags (dpkg-buildflags, Yocto, Buildroot) set none:
# a second -D with another level is a redefinition warning.
HARDEN     := -fstack-protector-strong -fPIE \
              $(if $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS)),,-D_FORTIFY_SOURCE=3)
# _FILE_OFFSET_BITS=64: on 32-bit ARM (armhf) glibc's readdir() and stat() otherwise fail with
# EOVERFLOW on 64-bit directory offsets and inode numbers (ext4's hash cookies seen through
# qemu-user, XFS or btrfs inodes above 2^32), and the sysfs/debugfs areas of a --root copy
# went unread; Debian 12's dpkg-buildflags do not add it for armhf. A no-op on 64-bit.
override CFLAGS += -std=gnu11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -DCMACTL_VERSION='"$(VERSION)"' $(KMOD_DEFS) \
                   -Isrc $(WARNINGS) $(PKG_CFLAGS) $(FDT_CFLAGS) -MMD -MP
# Warnings are errors in CI (CI=true), opt-in elsewhere with WERROR=1.
ifeq ($(CI),true)
WERROR ?= 1
endif
ifneq ($(filter-out 0,$(WERROR)),)
override CFLAGS += -Werror
endif
ifneq ($(SANITIZE),)
override CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=$(SANITIZE)
HARDEN :=
endif
ifneq ($(filter-out 0,$(STATIC)),)
# For the lab's busybox initramfs and boards without the libraries: no shared libraries.
HARDEN := $(filter-out -fPIE,$(HARDEN))
override LDFLAGS += -static
else
override LDFLAGS += -pie
endif
override CFLAGS += $(HARDEN)
override LDFLAGS += -Wl,-z,relro,-z,now

ifeq ($(V),1)
Q :=
else
Q := @
endif

MODEL_SRC := $(wildcard src/model/*.c src/model/boot/*.c)
IO_SRC    := $(wildcard src/io/*.c)
REPORT_SRC := $(wildcard src/report/*.c)
CMD_SRC   := $(filter-out src/dmaheap-client.c,$(wildcard src/*.c src/cmd/*.c))
B         ?= build
MODEL_OBJ := $(MODEL_SRC:%.c=$(B)/%.o)
APP_OBJ   := $(MODEL_OBJ) $(IO_SRC:%.c=$(B)/%.o) $(REPORT_SRC:%.c=$(B)/%.o) $(CMD_SRC:%.c=$(B)/%.o)
UNIT_SRC  := $(wildcard test/unit/test-*.c)
UNIT_BIN  := $(UNIT_SRC:test/unit/%.c=$(B)/unit/%)

# BIN lets a cross build (B=build-arm64 BIN=build-arm64/cmactl) live beside the native one.
BIN       ?= cmactl

all: $(BIN)

$(BIN): $(APP_OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(FDT_LIBS)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Unit tests link only the pure model: if this link succeeds, the model
# does no I/O of its own.
$(B)/unit/%: test/unit/%.c $(MODEL_OBJ)
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	$(Q)$(CC) $(CFLAGS) -Itest/unit $(LDFLAGS) -o $@ $^ $(FDT_LIBS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

# Unit tests, then every Bats suite against $(BIN); one summary line at the end.
# First the two checks of the code itself: layering, and assertions that can fail.
check: check-layers check-bats-lint $(BIN) $(UNIT_BIN)
	CMACTL=$(abspath $(BIN)) test/run.sh $(UNIT_BIN)

# A lower layer that includes a higher one (model -> io/report/cmd, io -> report/cmd,
# report -> io), or an include that does not name its layer.
check-layers:
	test/tools/check-layers.sh src

# The tests that need Debian's board DTBs (fetched into the cache by test/dtbs/fetch.sh; without
# them `make check` skips these tests and says so). Here a missing DTB fails.
CORPUS_BATS = $(shell grep -l 'board_dtb\|corpus_missing' test/*.bats)
check-corpus: $(BIN) $(B)/dtdump
	test/dtbs/fetch.sh
	CMACTL=$(abspath $(BIN)) CMACTL_REQUIRE_CORPUS=1 BATS_FILES="$(CORPUS_BATS)" test/run.sh

# Rewrite test/expected/ (status on every fixture) from this build; review the diff like code.
goldens: $(BIN)
	CMACTL=$(abspath $(BIN)) test/tools/goldens.sh --update

# A Bats `! cmd` that is not its test's last command can never fail the test.
check-bats-lint:
	test/tools/lint-bats.sh test/*.bats

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/cmactl
	install -m 0644 man/cmactl.8 $(DESTDIR)$(MANDIR)/man8/cmactl.8
	install -m 0644 completions/cmactl.bash $(DESTDIR)$(BASHCOMPDIR)/cmactl
	install -m 0644 completions/_cmactl $(DESTDIR)$(ZSHCOMPDIR)/_cmactl
	install -m 0644 completions/cmactl.fish $(DESTDIR)$(FISHCOMPDIR)/cmactl.fish

# cmactl export every minute: systemd service + timer (BINDIR filled in), cron line, alerts
install: install-contrib
install-contrib:
	install -d $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(EXAMPLESDIR)
	sed 's|@BINDIR@|$(BINDIR)|' contrib/cmactl-export.service \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/cmactl-export.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/cmactl-export.service
	install -m 0644 contrib/cmactl-export.timer $(DESTDIR)$(SYSTEMDUNITDIR)/cmactl-export.timer
	install -m 0644 contrib/cmactl-export.cron contrib/cmactl-alerts.yml \
		$(DESTDIR)$(EXAMPLESDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/cmactl $(DESTDIR)$(MANDIR)/man8/cmactl.8 \
		$(DESTDIR)$(BASHCOMPDIR)/cmactl $(DESTDIR)$(ZSHCOMPDIR)/_cmactl \
		$(DESTDIR)$(FISHCOMPDIR)/cmactl.fish \
		$(DESTDIR)$(SYSTEMDUNITDIR)/cmactl-export.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/cmactl-export.timer \
		$(DESTDIR)$(EXAMPLESDIR)/cmactl-export.cron $(DESTDIR)$(EXAMPLESDIR)/cmactl-alerts.yml

lint:
	mandoc -Tlint -W warning man/cmactl.8 man/dmaheap-alloc.1
	shellcheck -s bash completions/cmactl.bash
	zsh -n completions/_cmactl
	fish -n completions/cmactl.fish

bench: cmactl
	bench/run.sh

# What `watch` costs at 10 Hz, and whether its memory and fds stay flat (BENCHMARKS.md).
bench-watch: cmactl
	bench/watch.sh

# Slow packaging and board builds (scripts/check-pkg.sh): the Debian package and lintian,
# STATIC=1 WITH_KMOD=0 cross builds for arm64 and armhf. Not part of `make check`.
check-pkg:
	scripts/check-pkg.sh

clean:
	rm -rf $(B) cmactl

.PHONY: all unit check check-corpus check-layers check-bats-lint goldens install install-contrib \
	uninstall lint bench bench-watch check-pkg clean
-include $(APP_OBJ:.o=.d) $(UNIT_BIN:=.d)
# Extra rules owned by separate parts of the project (lab, fuzzing, fixtures).
-include $(wildcard mk/*.mk)
