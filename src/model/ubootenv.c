// SPDX-License-Identifier: GPL-2.0-or-later
/* cma= in U-Boot's environment (ubootenv.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/cmdedit.h"
#include "model/lines.h"
#include "model/sbuf.h"
#include "model/ubootenv.h"

/* One "name=value" line. */
struct env_var { const char *name, *val; size_t nlen, vlen, start, end; bool found; };

/* The line of @name (the last, though an environment has each name once). */
static void env_find(const char *text, size_t len, const char *name, struct env_var *v)
{
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, k = strlen(name);

	memset(v, 0, sizeof(*v));
	while (line_next(&it, &line, &n))
		if (n > k && !memcmp(line, name, k) && line[k] == '=') {
			v->found = true;
			v->name = line, v->nlen = k;
			v->val = line + k + 1, v->vlen = n - k - 1;
			v->start = (size_t)(v->val - text), v->end = v->start + v->vlen;
		}
}

/* "cma=${cma}" or "cma=$cma" as a word of @s. */
static bool holds_ref(const char *s, size_t n)
{
	static const char *const forms[] = { "cma=${cma}", "cma=$cma" };

	for (size_t f = 0; f < 2; f++) {
		size_t k = strlen(forms[f]);

		for (size_t i = 0; i + k <= n; i++)
			if (!memcmp(s + i, forms[f], k) && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t') &&
			    (i + k == n || s[i + k] == ' ' || s[i + k] == '\t' || s[i + k] == ';' ||
			     s[i + k] == '"' || s[i + k] == '\''))
				return true;
	}
	return false;
}

/* The variable whose value holds the reference, into @ref ("" none). */
static void find_ref(const char *text, size_t len, char *ref, size_t reflen)
{
	struct line_iter it = { text, text + len };
	const char *line, *eq;
	size_t n;

	ref[0] = '\0';
	while (line_next(&it, &line, &n))
		/* cma itself cannot be it: setting it would take the reference out */
		if ((eq = memchr(line, '=', n)) && !(eq - line == 3 && !memcmp(line, "cma", 3)) &&
		    holds_ref(eq + 1, (size_t)(line + n - eq - 1)))
			snprintf(ref, reflen, "%.*s", (int)(eq - line), line);
}

/* @text with @name's value replaced by @val (n bytes), or the line added. */
static void put_var(const char *text, size_t len, const char *name, const char *val, size_t n,
		    struct sbuf *b)
{
	struct env_var v;

	env_find(text, len, name, &v);
	if (v.found) {
		sbuf_add(b, text, v.start);
		sbuf_add(b, val, n);
		sbuf_add(b, text + v.end, len - v.end);
		return;
	}
	sbuf_add(b, text, len);
	if (len && text[len - 1] != '\n')
		sbuf_str(b, "\n");
	sbuf_str(b, name);
	sbuf_str(b, "=");
	sbuf_add(b, val, n);
	sbuf_str(b, "\n");
}

int ubootenv_edit(const char *text, size_t len, const char *arg, char **out, size_t *outlen,
		  struct ubootenv_where *where, char *err, size_t errlen)
{
	struct sbuf b = { 0 };
	struct env_var v;

	memset(where, 0, sizeof(*where));
	find_ref(text, len, where->ref, sizeof(where->ref));
	if (where->ref[0]) {
		if (!arg)
			return snprintf(err, errlen, "%s passes cma=${cma} to the kernel; with cma "
					"unset that is an empty cma=, which asks for no CMA area at "
					"all: take cma=${cma} out of %s (fw_setenv) instead",
					where->ref, where->ref), -1;
		snprintf(where->var, sizeof(where->var), "cma");
		put_var(text, len, "cma", arg + 4, strlen(arg + 4), &b);
	} else {
		char *line;
		size_t n;

		env_find(text, len, "bootargs", &v);
		if (!v.found && arg)
			return snprintf(err, errlen, "the environment has no bootargs and no variable "
					"with cma=${cma}: the command line is made elsewhere (a boot "
					"script, or extlinux.conf's APPEND: use --via cmdline there)"),
			       -1;
		snprintf(where->var, sizeof(where->var), "bootargs");
		if (!v.found) {		/* unset with nothing to take out */
			sbuf_add(&b, text, len);
		} else {
			if (cmdline_edit(v.val, v.vlen, arg, &line, &n))
				return snprintf(err, errlen, "out of memory"), -1;
			put_var(text, len, "bootargs", line, n, &b);
			free(line);
		}
	}
	if (sbuf_finish(&b, out, outlen))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

int ubootenv_cmdline(const char *text, size_t len, char **out)
{
	struct sbuf b = { 0 };
	struct env_var v, c;
	char ref[64];

	find_ref(text, len, ref, sizeof(ref));
	env_find(text, len, ref[0] ? ref : "bootargs", &v);
	env_find(text, len, "cma", &c);
	for (size_t i = 0; v.found && i < v.vlen;) {
		/* only ${cma}/$cma after "cma=": what this layer is about */
		if (ref[0] && v.vlen - i >= 10 && !memcmp(v.val + i, "cma=${cma}", 10)) {
			sbuf_str(&b, "cma=");
			sbuf_add(&b, c.found ? c.val : "", c.found ? c.vlen : 0);
			i += 10;
		} else if (ref[0] && v.vlen - i >= 8 && !memcmp(v.val + i, "cma=$cma", 8) &&
			   (i + 8 == v.vlen || v.val[i + 8] == ' ' || v.val[i + 8] == ';')) {
			sbuf_str(&b, "cma=");
			sbuf_add(&b, c.found ? c.val : "", c.found ? c.vlen : 0);
			i += 8;
		} else {
			sbuf_add(&b, v.val + i++, 1);
		}
	}
	return sbuf_finish(&b, out, NULL);
}
