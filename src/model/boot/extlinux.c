// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * extlinux.conf (U-Boot's distro boot, syslinux): the APPEND of the label
 * that boots. The label rules follow u-boot/u-boot boot/pxe_utils.c.
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "model/boot/bootfile.h"

/* What decides an extlinux.conf's default label. */
struct xl_scan {
	const char *top, *menu, *only;	/* last DEFAULT/ONTIMEOUT, first MENU DEFAULT, first label */
	size_t toplen, menulen, onlylen;
	const char *topkw;		/* "DEFAULT" or "ONTIMEOUT" */
	int nlabels;
};

/*
 * The label U-Boot boots when nobody picks one, from u-boot/u-boot
 * boot/pxe_utils.c: parse_pxefile_top() lets every top-level DEFAULT or
 * ONTIMEOUT set cfg->default_label, replacing what was there, and
 * parse_label_menu() lets a MENU DEFAULT inside a LABEL set it only while it
 * is still unset. So the last DEFAULT/ONTIMEOUT wins wherever it stands, else
 * the first MENU DEFAULT. Keywords are case-insensitive there (get_string()
 * lowercases them) and in syslinux; label names are compared exactly. As in
 * syslinux, the first word of DEFAULT is the label (the rest would be options).
 */
static void xl_scan(const char *text, size_t len, struct xl_scan *s)
{
	const char *end = text + len, *p, *v, *cur = NULL;
	size_t curlen = 0;

	memset(s, 0, sizeof(*s));
	for (p = text; p < end; p = boot_next_line(p, end)) {
		const char *e = p + boot_line_len(p, end);
		const char *kw = "DEFAULT";

		if ((v = boot_kw_after(p, (size_t)(e - p), "LABEL"))) {
			cur = v, curlen = boot_word_len(v, e);
			if (!s->nlabels++)
				s->only = cur, s->onlylen = curlen;
		} else if (((v = boot_kw_after(p, (size_t)(e - p), kw)) ||
			    (v = boot_kw_after(p, (size_t)(e - p), kw = "ONTIMEOUT"))) && boot_word_len(v, e)) {
			s->top = v, s->toplen = boot_word_len(v, e), s->topkw = kw;
		} else if (cur && !s->menu && (v = boot_kw_after(p, (size_t)(e - p), "MENU")) &&
			   boot_kw_after(v, (size_t)(e - v), "DEFAULT")) {
			s->menu = cur, s->menulen = curlen;
		}
	}
}

/* "l0, l0r, ..." : the labels of the file, for a message. */
static void xl_labels(const char *text, size_t len, char *buf, size_t buflen)
{
	const char *end = text + len, *p, *v;
	size_t used = 0;

	buf[0] = '\0';
	for (p = text; p < end && used + 1 < buflen; p = boot_next_line(p, end))
		if ((v = boot_kw_after(p, boot_line_len(p, end), "LABEL"))) {
			snprintf(buf + used, buflen - used, "%s%.*s", used ? ", " : "",
				 (int)boot_word_len(v, p + boot_line_len(p, end)), v);
			used = strlen(buf);
		}
}

/* The default (or @label's) LABEL block, which runs to the next LABEL, and its APPEND. */
static int extlinux_span(const char *text, size_t len, const char *label, struct boot_span *sp,
			 char *err, size_t errlen)
{
	const char *end = text + len, *p, *v, *want = label;
	size_t wantlen = label ? strlen(label) : 0;
	struct xl_scan s;
	char names[160];
	bool in = false;

	memset(sp, 0, sizeof(*sp));
	xl_scan(text, len, &s);
	if (!want && s.top)
		want = s.top, wantlen = s.toplen, sp->why = s.topkw, sp->named = true;
	else if (!want && s.menu)
		want = s.menu, wantlen = s.menulen, sp->why = "MENU DEFAULT in its block";
	else if (!want && s.nlabels == 1)
		want = s.only, wantlen = s.onlylen, sp->why = "the only LABEL";
	/* With no default U-Boot tries the labels in turn (boot_unattempted_labels()),
	 * so the first one boots: seen with Debian's U-Boot 2023.01 in the lab
	 * (test/vm/README.md, rt-uboot-extlinux-first-label-set40M). */
	else if (!want && s.nlabels > 1)
		want = s.only, wantlen = s.onlylen,
		sp->why = "the first LABEL, which U-Boot tries first when no DEFAULT names one";
	xl_labels(text, len, names, sizeof(names));
	if (!s.nlabels || !want)	/* want is only unset when there is no label */
		return snprintf(err, errlen, "no LABEL in the file"), -1;
	/* U-Boot's pxe_menu_to_menu() takes the last label of the name */
	for (p = text; p < end; p = boot_next_line(p, end)) {
		size_t n = boot_line_len(p, end);
		const char *ll = boot_kw_after(p, n, "LABEL");

		if (ll) {
			in = boot_word_len(ll, p + n) == wantlen && !memcmp(ll, want, wantlen);
			if (in)
				sp->label = ll, sp->labellen = wantlen, sp->found = false;
		} else if (in && (v = boot_kw_after(p, n, "APPEND"))) {
			sp->found = true;
			sp->start = (size_t)(v - text);
			sp->end = (size_t)(p - text) + n;
		}
	}
	if (sp->label)
		return 0;
	if (label)
		snprintf(err, errlen, "no LABEL %.*s in the file (labels: %s)", (int)wantlen, want, names);
	else
		snprintf(err, errlen, "%s names %.*s, but there is no LABEL %.*s in the file: name one "
			 "with --label (%s)", sp->why, (int)wantlen, want, (int)wantlen, want, names);
	return -1;
}

/*
 * The first line of @label's entry (from its LABEL line to the next one) that
 * starts with one of @kws, @kws[0] looked for first: its value (after the
 * keyword's blanks) into *@v, the line's end into *@e, the keyword's index
 * into *@which. @nonempty: skip a line whose value is empty.
 * Return: 0, or -1 when there is none (or no such label).
 */
static int label_line(const char *text, size_t len, const char *label, const char *const *kws,
		      int nkws, bool nonempty, const char **v, const char **e, int *which)
{
	const char *end = text + len, *p;
	struct boot_span sp;
	char err[200];

	if (extlinux_span(text, len, label, &sp, err, sizeof(err)))
		return -1;
	for (p = boot_next_line(sp.label, end); p < end; p = boot_next_line(p, end)) {
		size_t n = boot_line_len(p, end);

		if (boot_kw_after(p, n, "LABEL"))
			break;
		for (int i = 0; i < nkws; i++) {
			if (!(*v = boot_kw_after(p, n, kws[i])) || (nonempty && !boot_word_len(*v, p + n)))
				continue;
			*e = p + n;
			*which = i;
			return 0;
		}
	}
	return -1;
}

/*
 * The first of @kws on a line of @label's entry: its word into @path, its
 * index into *@which. -1 when there is none, or the word holds a NUL (no
 * file name U-Boot could load).
 */
static int label_word(const char *text, size_t len, const char *label, const char *const *kws,
		      int nkws, char *path, size_t pathlen, int *which)
{
	const char *v, *e;
	size_t w;

	if (label_line(text, len, label, kws, nkws, true, &v, &e, which))
		return -1;
	w = boot_word_len(v, e);
	if (memchr(v, '\0', w))
		return -1;
	snprintf(path, pathlen, "%.*s", (int)w, v);
	return 0;
}

/*
 * u-boot/u-boot boot/pxe_utils.c (v2023.01 to now): parse_label() keeps the
 * first FDTOVERLAYS line of a label (T_FDTOVERLAYS: "if (!label->fdtoverlays)"),
 * its value the rest of the line (parse_sliteral(): to the newline, blanks
 * after the keyword dropped); newer U-Boot also takes DEVICETREE-OVERLAY for
 * it (its keywords[] table). label_boot_fdtoverlay() splits the value at
 * each space (strstr(" "), so a tab or CR stays inside a name), skips empty
 * names, and loads each through get_relfile(), which refuses a path longer
 * than MAX_TFTP_PATH_LEN (512).
 */
int boot_extlinux_fdtoverlays(const char *text, size_t len, const char *label,
			      struct boot_overlays *out, char *err, size_t errlen)
{
	static const char *const kws[] = { "FDTOVERLAYS", "DEVICETREE-OVERLAY" };
	const char *v, *e, *p;
	int which;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	if (label_line(text, len, label, kws, (int)ARRAY_SIZE(kws), false, &v, &e, &which))
		return 0;
	out->keyword = kws[which];
	if (v == e || !boot_word_len(v, e)) {
		/* parse_sliteral() fails on an empty value ("Expected string literal"),
		 * and with it the whole file */
		snprintf(err, errlen, "%s names no file (U-Boot refuses the file then)", kws[which]);
		return -1;
	}
	for (p = v; p < e;) {
		const char *w = p;
		size_t n;

		while (w < e && *w == ' ')
			w++;
		for (n = 0; w + n < e && w[n] != ' '; n++)
			;
		if (!n)
			break;
		p = w + n;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f) {
				snprintf(err, errlen, "%s: overlay %d holds a control character "
					 "(0x%02x; a tab, CR or NUL is part of the name U-Boot loads)",
					 kws[which], out->n + 1, (unsigned char)w[i]);
				return -1;
			}
		if (n > BOOT_OVERLAY_PATH_MAX) {
			snprintf(err, errlen, "%s: overlay %d is %zu bytes long (U-Boot loads no "
				 "path over %d)", kws[which], out->n + 1, n, BOOT_OVERLAY_PATH_MAX);
			return -1;
		}
		if (out->n == BOOT_MAX_OVERLAYS) {
			snprintf(err, errlen, "%s: more than %d overlays", kws[which],
				 BOOT_MAX_OVERLAYS);
			return -1;
		}
		memcpy(out->path[out->n], w, n);
		out->path[out->n++][n] = '\0';
	}
	return 0;
}

int boot_extlinux_fdt(const char *text, size_t len, const char *label, char *path, size_t pathlen,
		      bool *is_dir)
{
	static const char *const kws[] = { "FDT", "DEVICETREE", "FDTDIR", "DEVICETREEDIR" };
	int which;

	if (label_word(text, len, label, kws, (int)ARRAY_SIZE(kws), path, pathlen, &which))
		return -1;
	*is_dir = which >= 2;
	return 0;
}

int boot_extlinux_kernel(const char *text, size_t len, const char *label, char *path,
			 size_t pathlen)
{
	static const char *const kws[] = { "LINUX", "KERNEL" };
	int which;

	return label_word(text, len, label, kws, (int)ARRAY_SIZE(kws), path, pathlen, &which);
}

static bool extlinux_line(const char *line, size_t n)
{
	return boot_kw_after(line, n, "LABEL") || boot_kw_after(line, n, "APPEND");
}

/*
 * The header u-boot-update (u-boot-menu 4.2.2, /usr/sbin/u-boot-update) puts
 * on the file it writes; the kernel's postinst hook runs it at every kernel
 * install, so a hand edit lasts until the next one.
 */
bool boot_extlinux_generated(const char *text, size_t len)
{
	static const char mark[] = "## Do not edit this file manually, use: u-boot-update";
	const char *end = text + len, *p;

	for (p = text; p < end; p = boot_next_line(p, end))
		if (boot_line_len(p, end) >= sizeof(mark) - 1 && !memcmp(p, mark, sizeof(mark) - 1))
			return true;
	return false;
}

static int extlinux_edit(const char *text, size_t len, const char *label, const char *arg,
			 struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	struct boot_span sp;

	if (extlinux_span(text, len, label, &sp, err, errlen))
		return -1;
	if (!sp.found && arg) {
		/* U-Boot passes its own bootargs when a label has no APPEND; adding one
		 * would replace them all (root= included) */
		snprintf(err, errlen, "the label has no APPEND line, so the kernel gets the "
			 "bootloader's bootargs; adding one would replace them: use --via bootargs, "
			 "or add an APPEND with the full command line by hand");
		return -1;
	}
	if (!label)
		boot_notef(notes, "LABEL %.*s is the one U-Boot boots by default (%s%s%.*s)",
			   (int)sp.labellen, sp.label, sp.why, sp.named ? " " : "",
			   sp.named ? (int)sp.labellen : 0, sp.label);
	if (boot_extlinux_generated(text, len))
		boot_notef(notes, "this extlinux.conf says it is generated by u-boot-update (Debian's "
			   "u-boot-menu): the next kernel install or u-boot-update rewrites it from "
			   "U_BOOT_PARAMETERS in /etc/default/u-boot (else /etc/kernel/cmdline) and "
			   "drops this change; make it there too (cmactl set --via cmdline --file "
			   "/etc/default/u-boot)");
	return boot_span_edit(text, len, &sp, arg, b, err, errlen);
}

const struct boot_ops boot_extlinux_ops = {
	.kind = BOOTCFG_EXTLINUX,
	.name = "extlinux.conf",
	.file = "extlinux.conf",
	/* U-Boot's distro boot (boot/pxe_utils.c) reads the file anew at every boot */
	.after = "now reboot for it to count (U-Boot reads extlinux.conf at every boot)",
	.line_is = extlinux_line,
	.span = extlinux_span,
	.edit = extlinux_edit,
};
