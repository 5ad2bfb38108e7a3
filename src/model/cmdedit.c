// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cma= in a kernel command line, edited (cmdedit.h): split by the reader's
 * own tokenizer (cmdline_next()), so the editor never sees a line
 * differently from the way `status` reads it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/cmdedit.h"
#include "model/cmdline.h"
#include "model/sbuf.h"

struct tok { const char *s, *e; };

static bool tok_is_cma(const struct cmdline_arg *a)
{
	return cmdline_arg_is(a, "cma");
}

/* The arguments before "--" (init's own arguments follow it); @cma marks the cma= ones. */
static size_t tokenize(const char *p, const char *end, struct tok *t, bool *cma,
		       const char **dashes)
{
	struct cmdline_arg a;
	size_t n = 0;

	*dashes = NULL;
	while (cmdline_next(&p, end, &a)) {
		if (a.dashes) {
			*dashes = a.start;
			break;
		}
		cma[n] = tok_is_cma(&a);
		t[n].s = a.start, t[n++].e = a.end;
	}
	return n;
}

static size_t count_char(const char *s, const char *e, char c)
{
	size_t n = 0;

	for (; s < e; s++)
		n += *s == c;
	return n;
}

/* No cma= yet: insert @arg before "--", or after the last non-blank. */
static void insert_arg(struct sbuf *b, const char *line, const char *end, const char *dashes,
		       const char *arg)
{
	const char *at = dashes ? dashes : end;

	if (!dashes)
		while (at > line && cmdline_blank(at[-1]))
			at--;
	sbuf_add(b, line, (size_t)(at - line));
	/* An unterminated quote runs to the end of the line in the kernel's next_arg():
	 * close it, or the new cma= would become part of the quoted value (finding F1). */
	if (!dashes && count_char(line, at, '"') % 2)
		sbuf_str(b, "\"");
	if (at > line && !dashes)
		sbuf_str(b, " ");
	sbuf_str(b, arg);
	if (dashes)
		sbuf_str(b, " ");
	sbuf_add(b, at, (size_t)(end - at));
}

/*
 * Copy the line, replacing token @keep by @arg and dropping every other
 * cma=. A dropped argument takes the blanks before it with it, or, when no
 * kept argument precedes it, the blanks after it, so no double or leading
 * blank is left behind.
 */
static void rewrite(struct sbuf *b, const char *line, const char *end, const struct tok *t,
		    const bool *cma, size_t nt, size_t keep, const char *arg, const char *dashes)
{
	const char *copied = line;
	bool kept_before = false;

	for (size_t i = 0; i < nt; i++) {
		if (!cma[i]) {
			kept_before = true;
			continue;
		}
		if (i == keep && arg) {
			sbuf_add(b, copied, (size_t)(t[i].s - copied));
			sbuf_str(b, arg);
			copied = t[i].e;
			kept_before = true;
		} else if (kept_before) {
			sbuf_add(b, copied, (size_t)(t[i - 1].e - copied));
			copied = t[i].e;
		} else {
			sbuf_add(b, copied, (size_t)(t[i].s - copied));
			copied = i + 1 < nt ? t[i + 1].s : dashes ? dashes : t[i].e;
		}
	}
	sbuf_add(b, copied, (size_t)(end - copied));
}

int cmdline_edit(const char *line, size_t len, const char *arg, char **out, size_t *outlen)
{
	const char *end = line + len, *dashes;
	struct tok *t = malloc((len / 2 + 1) * sizeof(*t));
	bool *cma = malloc(len / 2 + 1);
	struct sbuf b = { 0 };
	size_t nt, keep = (size_t)-1;

	if (!t || !cma) {
		free(t), free(cma);
		return -1;
	}
	nt = tokenize(line, end, t, cma, &dashes);
	for (size_t i = 0; i < nt; i++)
		if (cma[i])
			keep = i;	/* the last one is the one the kernel uses */
	if (keep == (size_t)-1 && arg)
		insert_arg(&b, line, end, dashes, arg);
	else
		rewrite(&b, line, end, t, cma, nt, keep, arg, dashes);
	free(t), free(cma);
	return sbuf_finish(&b, out, outlen);
}

void cmdline_cma_args(const char *s, size_t n, char *buf, size_t len)
{
	const char *p = s, *end = s + n;
	struct cmdline_arg a;
	size_t used = 0;

	buf[0] = '\0';
	while (cmdline_next(&p, end, &a) && !a.dashes)
		if (tok_is_cma(&a)) {
			snprintf(buf + used, len - used, "%s%.*s", used ? " " : "",
				 (int)(a.end - a.start), a.start);
			used = strlen(buf);
		}
}
