// SPDX-License-Identifier: GPL-2.0-or-later
/* Kernel versions: the precedence rules of cmactl depend on MAJOR.MINOR. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "model/lines.h"
#include "model/kver.h"

static const char *read_uint(const char *s, unsigned *out)
{
	unsigned long v = 0;

	if (!isdigit((unsigned char)*s))
		return NULL;
	for (; isdigit((unsigned char)*s); s++) {
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 100000)
			return NULL;
	}
	*out = (unsigned)v;
	return s;
}

int kver_parse(const char *text, struct kver *out)
{
	const char *p;

	memset(out, 0, sizeof(*out));
	p = read_uint(text, &out->major);
	if (!p || *p != '.' || !(p = read_uint(p + 1, &out->minor)))
		return -1;
	if (*p == '.' && !read_uint(p + 1, &out->patch))
		out->patch = 0;
	str_copy(out->release, sizeof(out->release), text);
	out->release[strcspn(out->release, " \t\r\n")] = '\0';
	out->known = true;
	return 0;
}

int kver_at_least(const struct kver *v, unsigned major, unsigned minor)
{
	return v->known && (v->major > major || (v->major == major && v->minor >= minor));
}
