// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bootloader files (boot.h): one table of kinds, and what every kind
 * shares. A new kind is one file with its boot_ops and one row here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "common.h"
#include "model/cmdedit.h"
#include "model/boot/bootfile.h"

/* In the order boot_kind() tries them on a line. */
static const struct boot_ops *const kinds[] = {
	&boot_grubd_ops, &boot_rpi_ops, &boot_ubootmenu_ops, &boot_armbian_ops, &boot_grub_ops,
	&boot_extlinux_ops,
};

static const struct boot_ops *ops_of(enum bootcfg_kind k)
{
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i]->kind == k)
			return kinds[i];
	return NULL;
}

bool boot_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *boot_kw_after(const char *line, size_t n, const char *kw)
{
	size_t i = 0, k = strlen(kw);

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n - i < k || strncasecmp(line + i, kw, k))
		return NULL;
	if (i + k < n && line[i + k] != ' ' && line[i + k] != '\t' && line[i + k] != '\r')
		return NULL;
	for (i += k; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	return line + i;
}

size_t boot_line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return (size_t)((nl ? nl : end) - p);
}

const char *boot_next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

size_t boot_word_len(const char *v, const char *e)
{
	size_t n = 0;

	while (v + n < e && !boot_blank(v[n]))
		n++;
	return n;
}

size_t boot_count_char(const char *s, const char *e, char c)
{
	size_t n = 0;

	for (; s < e; s++)
		n += *s == c;
	return n;
}

void boot_notef(struct boot_notes *n, const char *fmt, ...)
{
	va_list ap;

	if (!n || n->n >= BOOT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(n->note[n->n++], sizeof(n->note[0]), fmt, ap);
	va_end(ap);
}

int boot_span_edit(const char *text, size_t len, const struct boot_span *sp, const char *arg,
		   struct sbuf *b, char *err, size_t errlen)
{
	char *line;
	size_t n;

	if (!sp->found) {
		sbuf_add(b, text, len);
		return 0;
	}
	if (cmdline_edit(text + sp->start, sp->end - sp->start, arg, &line, &n))
		return snprintf(err, errlen, "out of memory"), -1;
	sbuf_add(b, text, sp->start);
	/* a bare "APPEND": keep the keyword a word of its own ("name=" values need none) */
	if (n && sp->start && !boot_blank(text[sp->start - 1]) && text[sp->start - 1] != '=')
		sbuf_str(b, " ");
	sbuf_add(b, line, n);
	sbuf_add(b, text + sp->end, len - sp->end);
	free(line);
	return 0;
}

enum bootcfg_kind boot_kind(const char *name, const char *text, size_t len)
{
	const char *base = strrchr(name, '/'), *end = text + len, *p;
	size_t i;

	base = base ? base + 1 : name;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i]->name_is && kinds[i]->name_is(name))
			return kinds[i]->kind;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i]->name_first && !strcmp(base, kinds[i]->file))
			return kinds[i]->kind;
	for (p = text; p < end; p = boot_next_line(p, end)) {
		size_t n = boot_line_len(p, end);

		for (i = 0; i < ARRAY_SIZE(kinds); i++)
			if (kinds[i]->line_is && kinds[i]->line_is(p, n))
				return kinds[i]->kind;
	}
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i]->file[0] && !strcmp(base, kinds[i]->file))
			return kinds[i]->kind;
	return BOOTCFG_UNKNOWN;
}

const char *boot_name(enum bootcfg_kind k)
{
	const struct boot_ops *o = ops_of(k);

	return o ? o->name : "unknown";
}

const char *boot_after(enum bootcfg_kind k)
{
	const struct boot_ops *o = ops_of(k);

	return o ? o->after : NULL;
}

int boot_cmdline(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		 char **out, char *err, size_t errlen)
{
	const struct boot_ops *o = ops_of(k);
	struct boot_span sp = { 0 };
	struct sbuf b = { 0 };

	if (!o)
		return snprintf(err, errlen, "not a known bootloader file"), -1;
	if (o->cmdline) {
		if (o->cmdline(text, len, label, &b, err, errlen)) {
			free(b.p);
			return -1;
		}
	} else if (o->span(text, len, label, &sp, err, errlen)) {
		return -1;
	} else if (sp.found) {
		sbuf_add(&b, text + sp.start, sp.end - sp.start);
	}
	if (sbuf_finish(&b, out, NULL))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

int boot_edit(enum bootcfg_kind k, const char *text, size_t len, const char *label,
	      const char *arg, char **out, size_t *outlen, struct boot_notes *notes,
	      char *err, size_t errlen)
{
	const struct boot_ops *o = ops_of(k);
	struct sbuf b = { 0 };

	if (notes)
		notes->n = 0;
	if (!o)
		return snprintf(err, errlen, "not a known bootloader file"), -1;
	if (o->edit(text, len, label, arg, &b, notes, err, errlen)) {
		free(b.p);
		return -1;
	}
	if (sbuf_finish(&b, out, outlen))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}
