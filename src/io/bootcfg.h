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
	char why[PATH_MAX + 200];	/* bootcfg_find_dtb(): how a boot file led to it, or "" */
	/* bootcfg_find_dtb(): the first directory whose listing failed (errno, path
	 * under the root): a DTB could hide there, so the list may be short */
	int list_err;
	char list_dir[PATH_MAX];
};

/**
 * bootcfg_find_cmdline() - the command-line files that exist under @r:
 * boot/extlinux/extlinux.conf (etc/default/u-boot instead when the
 * extlinux.conf is u-boot-update's and that file is there), boot/firmware/cmdline.txt (else
 * boot/cmdline.txt, which Raspberry Pi OS 12 leaves as a "moved" note),
 * etc/default/grub and boot/armbianEnv.txt.
 */
void bootcfg_find_cmdline(const struct cma_root *r, struct bootcfg_list *out);

/**
 * bootcfg_find_dtb() - the DTB that boot/extlinux/extlinux.conf's default
 * label loads (its FDT file, or the files of its FDTDIR and one level below),
 * when it matches; else the DTB files under boot/, boot/dtbs/ (two levels
 * below), boot/firmware/ and boot/dtb* whose root compatible and model
 * equal @compatible and @model (the booted /sys/firmware/fdt's). The same
 * file reached twice (boot/dtb -> dtb-6.1...) is listed once. A directory
 * that cannot be listed is named in @out->list_err/list_dir.
 */
void bootcfg_find_dtb(const struct cma_root *r, const char *compatible, const char *model,
		      struct bootcfg_list *out);

/**
 * bootcfg_ubootmenu_fragment() - the last file of
 * usr/share/u-boot-menu/conf.d and etc/u-boot-menu/conf.d (their *.conf
 * files, which u-boot-update 4.2.2 sources after /etc/default/u-boot, in
 * that order) that assigns U_BOOT_PARAMETERS, relative to the root.
 * Return: 1 with @path set, 0 when none does, -errno with @path the
 * directory that could not be listed (then none is known not to).
 */
int bootcfg_ubootmenu_fragment(const struct cma_root *r, char *path, size_t len);

/* The GRUB files grub-mkconfig sources (model/boot/boot.h), read. */
struct bootcfg_grub {
	int n;
	int edited;			/* which of them is the file asked about */
	char path[BOOTCFG_MAX][PATH_MAX];	/* relative to the root, or as named */
	char *text[BOOTCFG_MAX];
	size_t len[BOOTCFG_MAX];
};

/**
 * bootcfg_grub_chain() - for @path, a GRUB defaults file DIR/grub or one of
 * its drop-ins DIR/grub.d/NAME.cfg: DIR/grub, then the regular files of
 * DIR/grub.d whose name ends in .cfg (no dot files: sh's "*" skips them),
 * in byte order of their names (the C locale's; the shell sorts by the
 * locale update-grub runs in), read. A file called something else is
 * alone in its chain.
 * @r: the root @path is relative to; NULL: @path is from the cwd.
 * Return: 0, or -errno when @path itself cannot be read or DIR/grub.d
 * cannot be listed (a drop-in that
 * cannot be read is skipped, as sh's "[ -e ]" would not skip it: it is named
 * in @g->path with a NULL text).
 */
int bootcfg_grub_chain(const struct cma_root *r, const char *path, struct bootcfg_grub *g);

/** bootcfg_grub_free() - release the texts. */
void bootcfg_grub_free(struct bootcfg_grub *g);
#endif
