/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bootloader files that carry a kernel command line, for `cmactl set
 * --via cmdline` and the next-boot verdict: which kind a file is, the
 * command line it passes, and the file with cma= edited in it. One file per
 * kind under model/boot/, behind one ops table (bootfile.h). Pure: buffers
 * in, malloc'd buffers out, no I/O.
 */
#ifndef CMACTL_MODEL_BOOT_BOOT_H
#define CMACTL_MODEL_BOOT_BOOT_H
#include <stdbool.h>
#include <stddef.h>

/* The bootloader files `--via cmdline` knows; each is one row of the ops table. */
enum bootcfg_kind { BOOTCFG_UNKNOWN = 0, BOOTCFG_EXTLINUX, BOOTCFG_RPI_CMDLINE, BOOTCFG_GRUB,
		   BOOTCFG_GRUB_DROPIN, BOOTCFG_UBOOT_MENU, BOOTCFG_ARMBIAN_ENV };

/* What a bootloader-file edit did beyond the asked change, for the user. */
#define BOOT_MAX_NOTES 6
struct boot_notes {
	int n;
	char note[BOOT_MAX_NOTES][240];
};

/**
 * boot_kind() - which kind of file @name (a path) with @text is: a file
 * called cmdline.txt is the Raspberry Pi one; else the first line that only
 * one kind has decides (a GRUB_CMDLINE_LINUX= or GRUB_CMDLINE_LINUX_DEFAULT=
 * assignment: /etc/default/grub; a LABEL or APPEND line: extlinux.conf);
 * else the name ("grub", "extlinux.conf").
 */
enum bootcfg_kind boot_kind(const char *name, const char *text, size_t len);

/** boot_name() - "extlinux.conf", "Raspberry Pi cmdline.txt", ...; "unknown". */
const char *boot_name(enum bootcfg_kind k);

/** boot_after() - what must follow an edit of a file of kind @k for it to count, or NULL. */
const char *boot_after(enum bootcfg_kind k);

/**
 * boot_extlinux_fdt() - the DTB the default label (or @label) of an
 * extlinux.conf loads: its FDT/DEVICETREE line (a file) or FDTDIR/
 * DEVICETREEDIR line (a directory U-Boot picks the board's DTB from), as
 * u-boot/u-boot boot/pxe_utils.c reads them (keywords in any case).
 * @path: the path as written; @is_dir: an FDTDIR line.
 * Return: 0, or -1 when the file names no label or the label no DTB.
 */
int boot_extlinux_fdt(const char *text, size_t len, const char *label, char *path, size_t pathlen,
		      bool *is_dir);

/* The device-tree overlays an extlinux label applies over its FDT. */
#define BOOT_MAX_OVERLAYS 16
#define BOOT_OVERLAY_PATH_MAX 512	/* U-Boot's MAX_TFTP_PATH_LEN */
struct boot_overlays {
	int n;
	const char *keyword;		/* "FDTOVERLAYS" or "DEVICETREE-OVERLAY"; NULL: none */
	char path[BOOT_MAX_OVERLAYS][BOOT_OVERLAY_PATH_MAX + 1];	/* as written */
};

/**
 * boot_extlinux_fdtoverlays() - the overlays the default label (or @label)
 * of an extlinux.conf applies over its FDT, in order, as U-Boot's
 * boot/pxe_utils.c reads them: the first FDTOVERLAYS (or DEVICETREE-OVERLAY)
 * line, names split at spaces.
 * @out: ->n 0 when the label has none (or there is no such label).
 * Return: 0, or -1 with @err set when U-Boot could not load them as written
 * (an empty list, a control character in a name, a name over 512 bytes,
 * more than BOOT_MAX_OVERLAYS).
 */
int boot_extlinux_fdtoverlays(const char *text, size_t len, const char *label,
			      struct boot_overlays *out, char *err, size_t errlen);

/**
 * boot_extlinux_generated() - does the extlinux.conf @text carry the header
 * u-boot-update (Debian's u-boot-menu) writes, so that it is made from
 * /etc/default/u-boot and rewritten at every kernel install?
 */
bool boot_extlinux_generated(const char *text, size_t len);

/**
 * boot_extlinux_kernel() - the kernel image the default label (or @label)
 * of an extlinux.conf boots: its LINUX or KERNEL line, as written
 * (u-boot/u-boot boot/pxe_utils.c reads both).
 * Return: 0, or -1 when the file names no label or the label no kernel.
 */
int boot_extlinux_kernel(const char *text, size_t len, const char *label, char *path,
			 size_t pathlen);

/**
 * boot_cmdline() - the kernel command line a bootloader file passes: the
 * APPEND of @label (NULL: the default label, see boot_edit()), the first
 * line of cmdline.txt, or, for GRUB, the values of the last
 * GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT without their quotes,
 * joined by a blank, as grub-mkconfig builds a normal (not recovery) entry.
 * @out: a new buffer ("" when the file holds none).
 * @err: the reason on failure (unknown label, no default label, out of memory).
 * Return: 0 or -1.
 */
int boot_cmdline(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		 char **out, char *err, size_t errlen);

/**
 * boot_edit() - the file @text with its kernel command line edited by
 * cmdline_edit() (@arg NULL removes cma=).
 * extlinux: the APPEND of @label, else of the label U-Boot boots by default:
 * the last top-level DEFAULT (or ONTIMEOUT), else the first label with MENU
 * DEFAULT, else the only (or first) label; a label with no APPEND is refused
 * (the bootloader's own bootargs apply there, and an APPEND would replace them).
 * GRUB: @arg goes into the last GRUB_CMDLINE_LINUX (a line is added at the
 * end when there is none), so recovery entries get it too, and every cma= is
 * removed from GRUB_CMDLINE_LINUX_DEFAULT, which normal entries put after it;
 * with @arg NULL, cma= leaves both. Earlier assignments count only when a
 * later one expands them ("$GRUB_CMDLINE_LINUX ...").
 * Everything else stays byte for byte.
 * @notes: what was done beyond the asked change (may be NULL).
 * Return: 0, or -1 with @err set.
 */
int boot_edit(enum bootcfg_kind k, const char *text, size_t len, const char *label,
	      const char *arg, char **out, size_t *outlen, struct boot_notes *notes,
	      char *err, size_t errlen);

/*
 * The files grub-mkconfig sources, as one sh run: /etc/default/grub, then
 * /etc/default/grub.d/NAME.cfg in name order (Debian's grub2 2.06,
 * util/grub-mkconfig.in: ". ${sysconfdir}/default/grub", then a "for x in"
 * loop sourcing each file of ${sysconfdir}/default/grub.d that matches *.cfg). A drop-in that
 * assigns GRUB_CMDLINE_LINUX(_DEFAULT) replaces what the files before it
 * set, unless it expands "$GRUB_CMDLINE_LINUX".
 */
struct boot_grub_chain {
	size_t edit;		/* the file an edit goes into (see boot_grub_chain()) */
	long cma_file;		/* the file whose assignment holds the cma= that reaches the kernel; -1: none */
	size_t cma_line;	/* its line there (1-based) */
	const char *cma_var;	/* "GRUB_CMDLINE_LINUX" or "GRUB_CMDLINE_LINUX_DEFAULT" */
};

/**
 * boot_grub_chain() - which of the @n files (in sourcing order) holds the
 * cma= a normal entry passes, and which file an edit goes into: that one;
 * else the last that assigns GRUB_CMDLINE_LINUX (an earlier one's value is
 * replaced or expanded by it); else the first (/etc/default/grub).
 * @name: the files' names, for @err.
 * Return: 0, or -1 with @err set (a value whose quote a file leaves open:
 * sh, so update-grub, fails on it).
 */
int boot_grub_chain(const char *const *text, const size_t *len, const char *const *name, size_t n,
		    struct boot_grub_chain *out, char *err, size_t errlen);

/**
 * boot_grub_join() - the @n files as the one text sh runs through (a
 * newline added after a file that lacks its last one), for boot_cmdline().
 * Return: 0, or -1 when out of memory.
 */
int boot_grub_join(const char *const *text, const size_t *len, size_t n, char **out,
		   size_t *outlen);
#endif
