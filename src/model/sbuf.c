// SPDX-License-Identifier: GPL-2.0-or-later
/* A growing text buffer (sbuf.h). */
#include <stdlib.h>
#include <string.h>
#include "model/sbuf.h"

void sbuf_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *np;

		while (cap < b->n + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np, b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void sbuf_str(struct sbuf *b, const char *s)
{
	sbuf_add(b, s, strlen(s));
}

int sbuf_finish(struct sbuf *b, char **out, size_t *outlen)
{
	sbuf_add(b, "", 0);
	if (b->oom) {
		free(b->p);
		b->p = NULL;
		return -1;
	}
	*out = b->p;
	if (outlen)
		*outlen = b->n;
	return 0;
}
