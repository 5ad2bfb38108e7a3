// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cma=, cma_pernuma= and numa_cma= from a kernel command line, read the way
 * linux-6.1 does: lib/cmdline.c next_arg() splits (double quotes group),
 * kernel/dma/contiguous.c early_cma() parses, later arguments overwrite
 * earlier ones, and nothing after "--" is a kernel parameter. The one
 * tokenizer of the project: the editor (cmdedit.c) splits with it too.
 */
#include <string.h>
#include "model/lines.h"
#include "model/cmdline.h"
#include "model/size.h"

bool cmdline_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0';
}

bool cmdline_next(const char **pp, const char *end, struct cmdline_arg *a)
{
	const char *p = *pp;
	bool quoted = false;

	while (p < end && cmdline_blank(*p))
		p++;
	if (p == end) {
		*pp = p;
		return false;
	}
	a->start = p;
	a->eq = NULL;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && cmdline_blank(*p))
			break;
		else if (*p == '=' && !a->eq)
			a->eq = p;
	}
	a->end = p;
	a->dashes = a->end - a->start == 2 && !memcmp(a->start, "--", 2);
	*pp = p;
	return true;
}

/* Copy a value without the quotes next_arg() allowed around it. */
static void copy_unquoted(char *dst, size_t cap, const char *s, const char *e)
{
	size_t n = 0;

	for (; s < e && n + 1 < cap; s++)
		if (*s != '"')
			dst[n++] = *s;
	dst[n] = '\0';
}

bool cmdline_arg_is(const struct cmdline_arg *a, const char *name)
{
	const char *s = a->start + (*a->start == '"');
	size_t n = strlen(name);

	return a->eq && (size_t)(a->eq - s) == n && !memcmp(s, name, n);
}

/* early_cma(): size[@base[-limit]]; what memparse cannot read counts as 0. */
static void parse_cma(struct cma_cmdline *c, const char *val)
{
	const char *p = val;

	c->has_cma = true;
	c->has_base = c->has_limit = false;
	c->base = c->limit = 0;
	c->cma_valid = kernel_memparse(p, &p, &c->size) == 0;
	if (*p != '@')
		return;
	c->has_base = true;
	kernel_memparse(p + 1, &p, &c->base);
	if (*p != '-') {
		c->limit = c->base + c->size;	/* fixed placement */
		return;
	}
	c->has_limit = true;
	kernel_memparse(p + 1, &p, &c->limit);
}

static void apply_arg(struct cma_cmdline *c, const struct cmdline_arg *a)
{
	char val[128];

	if (!a->eq)
		return;
	copy_unquoted(val, sizeof(val), a->eq + 1, a->end);
	if (cmdline_arg_is(a, "cma")) {
		str_copy(c->cma_text, sizeof(c->cma_text), val);
		parse_cma(c, val);
	} else if (cmdline_arg_is(a, "cma_pernuma")) {
		const char *end;

		c->has_pernuma = kernel_memparse(val, &end, &c->pernuma) == 0;
	} else if (cmdline_arg_is(a, "numa_cma")) {
		c->has_numa_cma = true;
		str_copy(c->numa_cma, sizeof(c->numa_cma), val);
	}
}

void cmdline_parse(const char *buf, size_t len, struct cma_cmdline *out)
{
	const char *p = buf, *end = buf + len;
	struct cmdline_arg a;

	memset(out, 0, sizeof(*out));
	while (cmdline_next(&p, end, &a) && !a.dashes)
		apply_arg(out, &a);
}
