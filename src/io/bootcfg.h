/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Finding the boot files `cmactl set` edits under --root: the bootloader's
 * command-line files, and the DTB on disk that the running board booted.
 */
#ifndef CMACTL_IO_BOOTCFG_H
#define CMACTL_IO_BOOTCFG_H
#include <limits.h>
#include "io/root.h"

#define BOOTCFG_MAX 16

/* Paths relative to the root, as found. */
struct bootcfg_list {
	int n;
	char path[BOOTCFG_MAX][PATH_MAX];
};

/**
 * bootcfg_find_cmdline() - the command-line files that exist under @r:
 * boot/extlinux/extlinux.conf, boot/firmware/cmdline.txt (else
 * boot/cmdline.txt, which Raspberry Pi OS 12 leaves as a "moved" note) and
 * etc/default/grub.
 */
void bootcfg_find_cmdline(const struct cma_root *r, struct bootcfg_list *out);

/**
 * bootcfg_find_dtb() - the DTB that boot/extlinux/extlinux.conf's default
 * label loads (its FDT file, or the files of its FDTDIR and one level below),
 * when it matches; else the DTB files under boot/, boot/dtbs/ (two levels
 * below), boot/firmware/ and boot/dtb* whose root compatible and model
 * equal @compatible and @model (the booted /sys/firmware/fdt's). The same
 * file reached twice (boot/dtb -> dtb-6.1...) is listed once.
 */
void bootcfg_find_dtb(const struct cma_root *r, const char *compatible, const char *model,
		      struct bootcfg_list *out);
#endif
