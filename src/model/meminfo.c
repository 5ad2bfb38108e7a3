// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/meminfo: CmaTotal and CmaFree exist only in kernels built with CONFIG_CMA. */
#include <ctype.h>
#include "model/lines.h"
#include "model/meminfo.h"

/* "   65536 kB" -> bytes; 0 on failure (overflow or no digits). */
static int kb_value(const char *s, size_t len, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len || !isdigit((unsigned char)s[i]))
		return 0;
	for (; i < len && isdigit((unsigned char)s[i]); i++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(s[i] - '0'), &v))
			return 0;
	return !__builtin_mul_overflow(v, 1024, out);
}

void meminfo_parse(const char *buf, size_t len, struct cma_meminfo *out)
{
	struct line_iter it = { buf, buf + len };
	const char *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while (line_next(&it, &line, &n)) {
		if (line_starts(line, n, "CmaTotal:"))
			out->has_cma = kb_value(line + 9, n - 9, &out->total_bytes);
		else if (line_starts(line, n, "CmaFree:"))
			kb_value(line + 8, n - 8, &out->free_bytes);
		else if (line_starts(line, n, "MemTotal:"))
			out->has_memtotal = kb_value(line + 9, n - 9, &out->memtotal_bytes);
	}
}
