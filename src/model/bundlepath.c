// SPDX-License-Identifier: GPL-2.0-or-later
/* Support-bundle member names (see bundlepath.h): pure, for the unit tests and the fuzzer. */
#include <stdio.h>
#include <stdlib.h>
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

/* Column @col of the last row "@state\t@rel\t..." of @text, into @out; false if none. */
static bool row_column(const char *text, size_t len, const char *state, const char *rel,
		       int col, char *out, size_t outlen)
{
	const char *p = text, *end = text + len;
	size_t rlen = strlen(rel), slen = strlen(state);
	bool found = false;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *c;
		size_t clen;

		eol = eol ? eol : end;
		if ((c = column(p, eol, 0, &clen)) && clen == slen && !memcmp(c, state, slen) &&
		    (c = column(p, eol, 1, &clen)) && clen == rlen && !memcmp(c, rel, rlen) &&
		    (c = column(p, eol, col, &clen)) && outlen) {
			clen = clen < outlen - 1 ? clen : outlen - 1;
			memcpy(out, c, clen);
			out[clen] = '\0';
			found = true;
		}
		p = eol + (eol < end);
	}
	return found;
}

bool bundle_manifest_origin(const char *text, size_t len, const char *rel, char *out,
			    size_t outlen)
{
	return row_column(text, len, "read", rel, 4, out, outlen);
}

bool bundle_manifest_unreadable(const char *text, size_t len, const char *rel, char *out,
				size_t outlen)
{
	return row_column(text, len, "unreadable", rel, 2, out, outlen);
}

/* "chr 0600 0:0" (or "reg ..." in a fixture tree's bundle) into @n. */
static bool node_attrs(const char *c, size_t clen, struct cma_heap_node *n)
{
	char buf[64], type[4], *end;
	unsigned long mode, uid, gid;

	if (clen >= sizeof(buf))
		return false;
	memcpy(buf, c, clen);
	buf[clen] = '\0';
	if (sscanf(buf, "%3s", type) != 1 || (strcmp(type, "chr") && strcmp(type, "reg")))
		return false;
	c = buf + 3;
	if (*c++ != ' ')
		return false;
	mode = strtoul(c, &end, 8);
	if (end == c || *end != ' ' || mode > 07777)
		return false;
	c = end + 1;
	uid = strtoul(c, &end, 10);
	if (end == c || *end != ':' || uid > 0xffffffffUL)
		return false;
	c = end + 1;
	gid = strtoul(c, &end, 10);
	if (end == c || *end || gid > 0xffffffffUL)
		return false;
	n->is_chr = !strcmp(type, "chr");
	n->mode = (unsigned)mode, n->uid = (unsigned)uid, n->gid = (unsigned)gid;
	n->stat_ok = true;
	return true;
}

int bundle_manifest_nodes(const char *text, size_t len, struct cma_heap_node *out, int max)
{
	const char *p = text, *end = text + len;
	const size_t dlen = strlen(BUNDLE_NODE_DIR);
	int n = 0;
	bool any = false;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *c, *a;
		size_t clen, alen;

		eol = eol ? eol : end;
		if ((c = column(p, eol, 0, &clen)) && clen == 4 && !memcmp(c, "node", 4)) {
			any = true;
			c = column(p, eol, 1, &clen);
			a = column(p, eol, 2, &alen);
			if (n < max && c && a && clen > dlen && !memcmp(c, BUNDLE_NODE_DIR, dlen) &&
			    clen - dlen < sizeof(out[n].name) &&
			    !memchr(c + dlen, '/', clen - dlen) && !memchr(c + dlen, '\0', clen - dlen)) {
				memset(&out[n], 0, sizeof(out[n]));
				memcpy(out[n].name, c + dlen, clen - dlen);
				if (node_attrs(a, alen, &out[n]))
					n++;
			}
		}
		p = eol + (eol < end);
	}
	return any ? n : -1;
}
