# SPDX-License-Identifier: GPL-2.0-or-later
# The real-kernel lab (test/vm/README.md): boots Linux 6.1 arm64 (Debian's stock kernel
# and a small lab kernel) under qemu-system-aarch64 and checks cmactl inside the guest.
#   make check-vm       host setup (cached), arm64 cmactl + native cmactl (for the
#                       `set` round trips), every boot, summary line
#   make vm-setup       only the host setup: packages, downloads, lab kernel
#   make vm-cmactl      only the cross builds (build-arm64/cmactl and
#                       build-arm64/dmaheap-alloc, the stress boot's client;
#                       build-armhf/cmactl, static, for the 32-bit ARM guest)
#   make fixtures       re-capture the fixtures/<name>/ --root trees from the last
#                       check-vm results into FIXTURES_OUT (never over fixtures/);
#                       test/vm/compare-fixtures.sh then diffs their status answers
# KERNELS="6.1 7.2" boots only those generations (default: 5.10 6.1 6.12 7.2 armhf).
# CMACTL_VM_ALLOW_MISSING=1 runs the kernel-side checks even when cmactl does not
# cross-build (the cmactl checks then print as "# SKIP").

VM_B      := build-arm64
VM_CMACTL := $(VM_B)/cmactl
VM_CLIENT := $(VM_B)/dmaheap-alloc
# Dynamic, not STATIC=1: Debian's libkmod-dev has no libkmod.a; the initramfs gets
# the loader and the .so files instead (test/vm/mkinitramfs.sh).
VM_CROSS  := B=$(VM_B) BIN=$(VM_CMACTL) CLIENT_BIN=$(VM_CLIENT) CC=aarch64-linux-gnu-gcc \
             PKG_CONFIG=$(CURDIR)/test/vm/cross-pkg-config

# The collect boot's cmactl: the same cross build plus libarchive (setup.sh's
# libarchive.pc, only with CMACTL_VM_ARCHIVE=1), in a build dir of its own so that the
# other boots' initramfs stay without libxml2/libicudata.
VM_COL_B  := build-arm64-collect
VM_COL_CROSS := B=$(VM_COL_B) BIN=$(VM_COL_B)/cmactl CC=aarch64-linux-gnu-gcc \
             PKG_CONFIG=$(CURDIR)/test/vm/cross-pkg-config CMACTL_VM_ARCHIVE=1

# 32-bit ARM guest (Debian's armmp-lpae kernel): a STATIC armhf cmactl (libkmod is only
# dlopen()ed, so no libkmod.a is needed; json-c, zlib, libfdt .a files come from the armhf
# -dev packages test/vm/stock-kernels.sh unpacks into the cache).
VM_HF_B   := build-armhf
VM_HF_CROSS := STATIC=1 B=$(VM_HF_B) BIN=$(VM_HF_B)/cmactl CLIENT_BIN=$(VM_HF_B)/dmaheap-alloc \
             CC=arm-linux-gnueabihf-gcc PKG_CONFIG=$(CURDIR)/test/vm/cross-pkg-config-armhf

# The static arm64 cmactl (issue 13): STATIC=1 WITH_KMOD=0, as copied onto a board; the
# lab-p-static and lab72-p-static boots run it beside the dynamic one (libfdt.a: the
# link setup.sh puts beside the libfdt.so link in $CACHE/cross/lib).
VM_ST_B   := build-arm64-static
VM_ST_CROSS := STATIC=1 WITH_KMOD=0 B=$(VM_ST_B) BIN=$(VM_ST_B)/cmactl CC=aarch64-linux-gnu-gcc \
             PKG_CONFIG=$(CURDIR)/test/vm/cross-pkg-config

vm-setup:
	test/vm/setup.sh

vm-cmactl: vm-setup
	$(MAKE) --no-print-directory $(VM_CROSS) $(VM_CMACTL) $(VM_CLIENT)
	CMACTL_VM_ARCHIVE=1 $(MAKE) --no-print-directory $(VM_COL_CROSS) $(VM_COL_B)/cmactl
	$(MAKE) --no-print-directory $(VM_HF_CROSS) $(VM_HF_B)/cmactl
	$(MAKE) --no-print-directory $(VM_ST_CROSS) $(VM_ST_B)/cmactl

check-vm: vm-setup
	@rm -f $(VM_CMACTL) $(VM_CLIENT)
	@$(MAKE) --no-print-directory $(VM_CROSS) $(VM_CMACTL) || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@$(MAKE) --no-print-directory $(VM_CROSS) $(VM_CLIENT) || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@rm -f $(VM_COL_B)/cmactl
	@CMACTL_VM_ARCHIVE=1 $(MAKE) --no-print-directory $(VM_COL_CROSS) $(VM_COL_B)/cmactl || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@rm -f $(VM_HF_B)/cmactl
	@$(MAKE) --no-print-directory $(VM_HF_CROSS) $(VM_HF_B)/cmactl || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@rm -f $(VM_ST_B)/cmactl
	@$(MAKE) --no-print-directory $(VM_ST_CROSS) $(VM_ST_B)/cmactl || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@$(MAKE) --no-print-directory cmactl || [ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	KERNELS="$(KERNELS)" CMACTL_VM_ALLOW_MISSING=$(CMACTL_VM_ALLOW_MISSING) HOST_CMACTL=$(CURDIR)/cmactl \
		CMACTL_VM_CLIENT=$(CURDIR)/$(VM_CLIENT) CMACTL_VM_COLLECT=$(CURDIR)/$(VM_COL_B)/cmactl \
		CMACTL_VM_STATIC=$(CURDIR)/$(VM_ST_B)/cmactl \
		test/vm/run.sh $(CURDIR)/$(VM_CMACTL)

# Needs the results of a `make check-vm` (the boots are not re-run here).
FIXTURES_OUT ?= build/fixtures-recaptured
fixtures:
	test/vm/recapture.sh $(FIXTURES_OUT)

.PHONY: vm-setup vm-cmactl check-vm fixtures
