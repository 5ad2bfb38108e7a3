/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside model/boot/: the ops table a bootloader file kind fills in, and
 * the line helpers the kinds share. Not for use outside model/boot/.
 */
#ifndef CMACTL_MODEL_BOOT_BOOTFILE_H
#define CMACTL_MODEL_BOOT_BOOTFILE_H
#include <stdbool.h>
#include <stddef.h>
#include "model/boot/boot.h"
#include "model/sbuf.h"

/* The part of a file that holds the command line, and which label it is. */
struct boot_span {
	bool found;
	size_t start, end;	/* the command line text */
	const char *label;	/* extlinux: the label's name in the text, and why it is the one */
	size_t labellen;
	const char *why;	/* "DEFAULT", "ONTIMEOUT" (then named), "MENU DEFAULT", ... */
	bool named;
};

/* One kind of bootloader file. */
struct boot_ops {
	enum bootcfg_kind kind;
	const char *name;		/* boot_name() */
	const char *file;		/* its usual base name, which decides when the text cannot */
	bool name_first;		/* the base name decides before the text (cmdline.txt) */
	/* the path alone decides, before all else (grub.d/NAME.cfg); NULL: it does not */
	bool (*name_is)(const char *path);
	const char *after;		/* what must follow an edit for it to count, or NULL */
	/* name it: a line that only this kind of file has (NULL: none) */
	bool (*line_is)(const char *line, size_t n);
	/* find the span: the command line's place (NULL: not one span, as in GRUB) */
	int (*span)(const char *text, size_t len, const char *label, struct boot_span *sp,
		    char *err, size_t errlen);
	/* read the command line (NULL: the span's text) */
	int (*cmdline)(const char *text, size_t len, const char *label, struct sbuf *b,
		       char *err, size_t errlen);
	/* edit it into @b */
	int (*edit)(const char *text, size_t len, const char *label, const char *arg,
		    struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen);
};

extern const struct boot_ops boot_extlinux_ops, boot_rpi_ops, boot_grub_ops, boot_grubd_ops,
	boot_ubootmenu_ops, boot_armbian_ops;

/*
 * sh defaults files (model/boot/grub.c): the variables of one tool,
 * assigned as sh does; boot_uboot_vars is u-boot-menu's U_BOOT_PARAMETERS.
 */
struct sh_vars;
extern const struct sh_vars boot_uboot_vars;
/* @arg into the last assignment of the first variable (a line added when none), cma= out of the others */
int boot_sh_edit(const struct sh_vars *f, const char *text, size_t len, const char *arg,
		 struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen);
/* the variables' values after every assignment, expanded, joined by a blank */
int boot_sh_cmdline(const struct sh_vars *f, const char *text, size_t len, struct sbuf *b);
/* @line assigns one of the variables */
bool boot_sh_line(const struct sh_vars *f, const char *line, size_t n);

/* The span's command line replaced by cmdline_edit() of it, into @b. */
int boot_span_edit(const char *text, size_t len, const struct boot_span *sp, const char *arg,
		   struct sbuf *b, char *err, size_t errlen);

/* Blanks of the file formats (not of the kernel: a NUL is no blank here). */
bool boot_blank(char c);
/* @kw at the start of @line (after blanks), case-insensitive: what follows it, or NULL. */
const char *boot_kw_after(const char *line, size_t n, const char *kw);
size_t boot_line_len(const char *p, const char *end);
const char *boot_next_line(const char *p, const char *end);
size_t boot_word_len(const char *v, const char *e);
size_t boot_count_char(const char *s, const char *e, char c);
void boot_notef(struct boot_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
