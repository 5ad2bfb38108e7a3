// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The .config edit of `cmactl set --via kconfig` (kconfedit.h): the
 * CONFIG_CMA_SIZE_* lines of linux-6.1 kernel/dma/Kconfig, rewritten where
 * they stand.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "model/kconfedit.h"
#include "model/sbuf.h"

static const char *const sel_names[] = {
	"CMA_SIZE_SEL_MBYTES", "CMA_SIZE_SEL_PERCENTAGE", "CMA_SIZE_SEL_MIN", "CMA_SIZE_SEL_MAX",
};
#define NSEL (sizeof(sel_names) / sizeof(sel_names[0]))

/* The option a .config line sets ("CONFIG_X=..." or "# CONFIG_X is not set"), or NULL. */
static const char *kc_option(const char *line, size_t n, size_t *namelen)
{
	const char *s = line, *e;

	if (n > 9 && !memcmp(line, "# CONFIG_", 9) && n > 20 && !memcmp(line + n - 11, " is not set", 11)) {
		*namelen = n - 9 - 11;
		return line + 9;
	}
	if (n < 8 || memcmp(s, "CONFIG_", 7) || !(e = memchr(s, '=', n)))
		return NULL;
	*namelen = (size_t)(e - s - 7);
	return s + 7;
}

static void kc_write_sel(struct sbuf *b, size_t i)
{
	char l[80];

	snprintf(l, sizeof(l), i == 0 ? "CONFIG_%s=y\n" : "# CONFIG_%s is not set\n", sel_names[i]);
	sbuf_str(b, l);
}

int kconfig_edit(const char *text, size_t len, uint64_t mbytes, bool remove,
		 char **out, size_t *outlen)
{
	const char *end = text + len, *p;
	bool seen_size = false, seen_sel[NSEL] = { false };
	struct sbuf b = { 0 };
	char l[80];

	snprintf(l, sizeof(l), "CONFIG_CMA_SIZE_MBYTES=%" PRIu64 "\n", mbytes);
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), nlen, next = n + (nl != NULL);
		const char *opt = kc_option(p, n && p[n - 1] == '\r' ? n - 1 : n, &nlen);
		size_t i;

		for (i = 0; opt && i < NSEL; i++)
			if (nlen == strlen(sel_names[i]) && !memcmp(opt, sel_names[i], nlen))
				break;
		if (opt && nlen == 15 && !memcmp(opt, "CMA_SIZE_MBYTES", 15)) {
			if (!remove && !seen_size)
				sbuf_str(&b, l);
			seen_size = true;
		} else if (opt && i < NSEL) {
			if (!remove && !seen_sel[i])
				kc_write_sel(&b, i);
			seen_sel[i] = true;
		} else {
			sbuf_add(&b, p, next);
		}
		p += next;
	}
	if (!remove) {
		if (b.n && b.p[b.n - 1] != '\n')
			sbuf_str(&b, "\n");
		if (!seen_size)
			sbuf_str(&b, l);
		for (size_t i = 0; i < NSEL; i++)
			if (!seen_sel[i])
				kc_write_sel(&b, i);
	}
	return sbuf_finish(&b, out, outlen);
}
