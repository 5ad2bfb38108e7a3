/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Walking a text buffer line by line without copying or trusting a NUL. */
#ifndef CMACTL_MODEL_LINES_H
#define CMACTL_MODEL_LINES_H
#include <stddef.h>
#include <string.h>

struct line_iter { const char *p, *end; };

/* Next line of the buffer (without '\n'); 0 at the end. */
static inline int line_next(struct line_iter *it, const char **line, size_t *len)
{
	const char *nl;

	if (it->p >= it->end)
		return 0;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	*line = it->p;
	*len = (size_t)((nl ? nl : it->end) - it->p);
	it->p = nl ? nl + 1 : it->end;
	return 1;
}

/* Bounded copy that always terminates and never warns about truncation. */
static inline void str_copy(char *dst, size_t cap, const char *src)
{
	size_t n = 0;

	/* a loop, not strnlen(): @src may be shorter than @cap and unterminated past it */
	while (n + 1 < cap && src[n]) {
		dst[n] = src[n];
		n++;
	}
	dst[n] = '\0';
}

/* True when @line (of @len bytes) starts with the NUL-terminated @prefix. */
static inline int line_starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}
#endif
