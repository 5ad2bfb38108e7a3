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
