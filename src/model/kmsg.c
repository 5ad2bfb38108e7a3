// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /dev/kmsg record parser. The format is fixed since 3.5
 * (Documentation/ABI/testing/dev-kmsg; kernel/printk/printk.c,
 * info_print_ext_header()): "%u,%llu,%llu,%c" then optional ",..." fields
 * the kernel may add later, then ';' and the message; the message's own
 * newlines and control bytes are escaped as \xNN, so the first '\n' ends it.
 */
#include <stdio.h>
#include <string.h>
#include "model/kmsg.h"

#define KMSG_FLAGS_MAX 64	/* flags and future fields before ';' */

/* Decimal digits then @sep; overflow is not a number. */
static bool number(const char **p, const char *end, char sep, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (s == *p || s == end || *s != sep)
		return false;
	*out = v;
	*p = s + 1;
	return true;
}

bool kmsg_parse(const char *rec, size_t len, struct kmsg_record *out)
{
	const char *p = rec, *end = rec + len, *nl;
	size_t i;

	if (!number(&p, end, ',', &out->prio) || !number(&p, end, ',', &out->seq) ||
	    !number(&p, end, ',', &out->usec))
		return false;
	for (i = 0; i < KMSG_FLAGS_MAX && p + i < end; i++) {
		if (p[i] == ';')
			break;
		if (p[i] == ' ' || p[i] == '\n')
			return false;
	}
	if (p + i >= end || p[i] != ';')
		return false;
	p += i + 1;
	nl = memchr(p, '\n', (size_t)(end - p));
	out->msg = p;
	out->msg_len = (size_t)((nl ? nl : end) - p);
	while (out->msg_len && p[out->msg_len - 1] == '\r')
		out->msg_len--;
	return true;
}

void kmsg_format_dmesg(const struct kmsg_record *r, char *out, size_t outlen)
{
	int n = r->msg_len > 65536 ? 65536 : (int)r->msg_len;

	snprintf(out, outlen, "[%5llu.%06llu] %.*s", (unsigned long long)(r->usec / 1000000),
		 (unsigned long long)(r->usec % 1000000), n, r->msg);
}
