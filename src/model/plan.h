/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text side of `cmactl set`: new kernel command lines, bootloader files
 * and .config text computed from the old ones, plus the unified diff that
 * --dry-run shows. Pure: buffers in, malloc'd buffers out, no I/O.
 */
#ifndef CMACTL_MODEL_PLAN_H
#define CMACTL_MODEL_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What `set` asks for; the same request serves every --via. */
struct cma_req {
	bool remove;			/* unset: take the layer's setting out */
	uint64_t size;			/* bytes, already validated and aligned */
	bool has_base, has_limit;	/* --base / --limit */
	uint64_t base, limit;
	bool is_static;			/* --static: a fixed reg at --base */
};

/* The bootloader files `--via cmdline` knows. */
enum bootcfg_kind { BOOTCFG_UNKNOWN = 0, BOOTCFG_EXTLINUX, BOOTCFG_RPI_CMDLINE, BOOTCFG_GRUB };

/**
 * plan_cma_align() - the alignment `set` enforces for a CMA size and base.
 * linux-6.1 include/linux/cma.h: CMA_MIN_ALIGNMENT_BYTES is one pageblock;
 * on arm64 that is 2 MiB (4K pages, CONFIG_HUGETLB_PAGE) or 4 MiB (without),
 * and before 5.19 it was max(MAX_ORDER-1, pageblock_order), 4 MiB. We use
 * the largest so a value is valid for every configuration of the page size.
 * @page_size: bytes (4K, 16K or 64K; anything else counts as 4K).
 * Return: the alignment in bytes (4 MiB, 32 MiB, 512 MiB).
 */
uint64_t plan_cma_align(uint64_t page_size);

/**
 * plan_cma_arg() - the kernel argument for @req: "cma=64M", "cma=64M@0x40000000",
 * "cma=64M@0x40000000-0x80000000" (linux-6.1 early_cma syntax).
 */
void plan_cma_arg(const struct cma_req *req, char *buf, size_t len);

/**
 * plan_cmdline_edit() - a kernel command line with its cma= replaced.
 * The last cma= (the one the kernel uses) is replaced in place by @arg and
 * the earlier ones are dropped; without any, @arg is added before a "--"
 * (init's arguments) or at the end. Every other argument, its order, its
 * quoting and the surrounding blanks are kept. @arg NULL removes every cma=.
 * @out: a new NUL-terminated buffer, @outlen its length (NUL excluded).
 * Return: 0, or -1 when out of memory.
 */
int plan_cmdline_edit(const char *line, size_t len, const char *arg, char **out, size_t *outlen);

/**
 * plan_bootcfg_kind() - which kind of file @name (a path) with @text is:
 * a GRUB_CMDLINE_LINUX= or GRUB_CMDLINE_LINUX_DEFAULT= assignment means
 * /etc/default/grub, a LABEL or APPEND line an extlinux.conf, and a file
 * called cmdline.txt the Raspberry Pi one.
 */
enum bootcfg_kind plan_bootcfg_kind(const char *name, const char *text, size_t len);

/** plan_bootcfg_name() - "extlinux.conf", "cmdline.txt", "GRUB defaults". */
const char *plan_bootcfg_name(enum bootcfg_kind k);

/* What a bootloader-file edit did beyond the asked change, for the user. */
#define PLAN_MAX_NOTES 6
struct plan_notes {
	int n;
	char note[PLAN_MAX_NOTES][240];
};

/**
 * plan_bootcfg_cmdline() - the kernel command line a bootloader file passes:
 * the APPEND of @label (NULL: the default label, see plan_bootcfg_edit()),
 * the first line of cmdline.txt, or, for GRUB, the values of the last
 * GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT without their quotes,
 * joined by a blank, as grub-mkconfig builds a normal (not recovery) entry.
 * @out: a new buffer ("" when the file holds none).
 * @err: the reason on failure (unknown label, no default label, out of memory).
 * Return: 0 or -1.
 */
int plan_bootcfg_cmdline(enum bootcfg_kind k, const char *text, size_t len, const char *label,
			 char **out, char *err, size_t errlen);

/**
 * plan_bootcfg_edit() - the file @text with its kernel command line edited
 * by plan_cmdline_edit() (@arg NULL removes cma=).
 * extlinux: the APPEND of @label, else of the label U-Boot boots by default:
 * the last top-level DEFAULT (or ONTIMEOUT), else the first label with MENU
 * DEFAULT, else the only label; several labels and none of these is refused,
 * as is a label with no APPEND (the bootloader's own bootargs apply there,
 * and an APPEND would replace them).
 * GRUB: @arg goes into the last GRUB_CMDLINE_LINUX (a line is added at the
 * end when there is none), so recovery entries get it too, and every cma= is
 * removed from GRUB_CMDLINE_LINUX_DEFAULT, which normal entries put after it;
 * with @arg NULL, cma= leaves both. Earlier assignments count only when a
 * later one expands them ("$GRUB_CMDLINE_LINUX ...").
 * Everything else stays byte for byte.
 * @notes: what was done beyond the asked change (may be NULL).
 * Return: 0, or -1 with @err set.
 */
int plan_bootcfg_edit(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		      const char *arg, char **out, size_t *outlen, struct plan_notes *notes,
		      char *err, size_t errlen);

/**
 * plan_kconfig_edit() - a .config/defconfig with CONFIG_CMA_SIZE_MBYTES=@mbytes,
 * CONFIG_CMA_SIZE_SEL_MBYTES=y and the other CONFIG_CMA_SIZE_SEL_* "is not
 * set" (linux-6.1 kernel/dma/Kconfig). Existing lines are rewritten where
 * they stand, duplicates dropped, missing ones added after the size line.
 * @remove: drop those lines instead, so the Kconfig defaults apply again.
 * Return: 0, or -1 when out of memory.
 */
int plan_kconfig_edit(const char *text, size_t len, uint64_t mbytes, bool remove,
		      char **out, size_t *outlen);

/**
 * plan_diff() - a unified diff (3 lines of context) from @a to @b, with
 * "--- @name_a" / "+++ @name_b" headers; "" when the texts are equal.
 * Return: 0, or -1 when out of memory.
 */
int plan_diff(const char *a, size_t alen, const char *b, size_t blen,
	      const char *name_a, const char *name_b, char **out, size_t *outlen);

#endif
