// SPDX-License-Identifier: GPL-2.0-or-later
/* Support-bundle member names (see bundlepath.h): pure, for the unit tests and the fuzzer. */
#include <string.h>
#include "model/bundlepath.h"

#define COMPONENT_MAX 255	/* NAME_MAX of Linux filesystems */

const char *bundle_path_clean(const char *name, char *out, size_t outlen)
{
	size_t n = 0;

	if (!outlen)
		return "path too long";
	if (name[0] == '/')
		return "absolute path";
	while (*name) {
		const char *end = strchrnul(name, '/');
		size_t len = (size_t)(end - name);

		if (len == 2 && name[0] == '.' && name[1] == '.')
			return "'..' in the path";
		if (len > COMPONENT_MAX)
			return "a name component too long";
		if (len && !(len == 1 && name[0] == '.')) {
			if (n + !!n + len + 2 > outlen)
				return "path too long";
			if (n)
				out[n++] = '/';
			memcpy(out + n, name, len);
			n += len;
		}
		name = *end ? end + 1 : end;
	}
	out[n] = '\0';
	return NULL;
}

/* Column @n (0-based) of the line [p, end): its start, with *clen its length; NULL if none. */
static const char *column(const char *p, const char *end, int n, size_t *clen)
{
	for (; n > 0; n--) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));

		if (!tab)
			return NULL;
		p = tab + 1;
	}
	*clen = (size_t)(end - p);
	if (memchr(p, '\t', *clen))
		*clen = (size_t)((const char *)memchr(p, '\t', *clen) - p);
	return p;
}

bool bundle_manifest_origin(const char *text, size_t len, const char *rel, char *out,
			    size_t outlen)
{
	const char *p = text, *end = text + len;
	size_t rlen = strlen(rel);
	bool found = false;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *c;
		size_t clen;

		eol = eol ? eol : end;
		if ((c = column(p, eol, 0, &clen)) && clen == 4 && !memcmp(c, "read", 4) &&
		    (c = column(p, eol, 1, &clen)) && clen == rlen && !memcmp(c, rel, rlen) &&
		    (c = column(p, eol, 4, &clen)) && outlen) {
			clen = clen < outlen - 1 ? clen : outlen - 1;
			memcpy(out, c, clen);
			out[clen] = '\0';
			found = true;
		}
		p = eol + (eol < end);
	}
	return found;
}
