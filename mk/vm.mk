# SPDX-License-Identifier: GPL-2.0-or-later
# The real-kernel lab (test/vm/README.md): boots Linux 6.1 arm64 (Debian's stock kernel
# and a small lab kernel) under qemu-system-aarch64 and checks cmactl inside the guest.
#   make check-vm       host setup (cached), arm64 cmactl + native cmactl (for the
#                       `set` round trips), every boot, summary line
#   make vm-setup       only the host setup: packages, downloads, lab kernel
#   make vm-cmactl      only the arm64 cross build (build-arm64/cmactl)
# CMACTL_VM_ALLOW_MISSING=1 runs the kernel-side checks even when cmactl does not
# cross-build (the cmactl checks then print as "# SKIP").

VM_B      := build-arm64
VM_CMACTL := $(VM_B)/cmactl
# Dynamic, not STATIC=1: Debian's libkmod-dev has no libkmod.a; the initramfs gets
# the loader and the .so files instead (test/vm/mkinitramfs.sh).
VM_CROSS  := B=$(VM_B) BIN=$(VM_CMACTL) CC=aarch64-linux-gnu-gcc \
             PKG_CONFIG=$(CURDIR)/test/vm/cross-pkg-config

vm-setup:
	test/vm/setup.sh

vm-cmactl: vm-setup
	$(MAKE) --no-print-directory $(VM_CROSS) $(VM_CMACTL)

check-vm: vm-setup
	@rm -f $(VM_CMACTL)
	@$(MAKE) --no-print-directory $(VM_CROSS) $(VM_CMACTL) || \
		[ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	@$(MAKE) --no-print-directory cmactl || [ "$(CMACTL_VM_ALLOW_MISSING)" = 1 ]
	CMACTL_VM_ALLOW_MISSING=$(CMACTL_VM_ALLOW_MISSING) HOST_CMACTL=$(CURDIR)/cmactl \
		test/vm/run.sh $(CURDIR)/$(VM_CMACTL)

.PHONY: vm-setup vm-cmactl check-vm
