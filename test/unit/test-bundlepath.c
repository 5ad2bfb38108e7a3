// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of bundle_path_clean(): what a bundle member may be called. */
#include <string.h>
#include "model/bundlepath.h"
#include "unit.h"

static const char *clean(const char *name, char *out, size_t len)
{
	const char *why = bundle_path_clean(name, out, len);

	return why ? why : out;
}

int main(void)
{
	char out[64], longname[300];

	CHECK_STR(clean("proc/meminfo", out, sizeof(out)), "proc/meminfo");
	CHECK_STR(clean("./proc/meminfo", out, sizeof(out)), "proc/meminfo");
	CHECK_STR(clean("proc//./meminfo/", out, sizeof(out)), "proc/meminfo");
	CHECK_STR(clean("./", out, sizeof(out)), "");
	CHECK_STR(clean(".", out, sizeof(out)), "");
	CHECK_STR(clean("sys/kernel/mm/cma/linux,cma@60000000/used", out, sizeof(out)),
		  "sys/kernel/mm/cma/linux,cma@60000000/used");
	/* names that look like ".." but are not */
	CHECK_STR(clean("var/..log/...", out, sizeof(out)), "var/..log/...");
	CHECK_STR(clean("/etc/shadow", out, sizeof(out)), "absolute path");
	CHECK_STR(clean("..", out, sizeof(out)), "'..' in the path");
	CHECK_STR(clean("proc/../../x", out, sizeof(out)), "'..' in the path");
	CHECK_STR(clean("proc/..", out, sizeof(out)), "'..' in the path");
	memset(longname, 'a', 256);
	longname[256] = '\0';
	CHECK_STR(clean(longname, out, sizeof(out)), "a name component too long");
	longname[255] = '\0';
	CHECK_STR(clean(longname, out, sizeof(out)), "path too long");
	/* room for one more '/': 62 bytes fit a 64-byte buffer, 63 do not */
	memset(longname, 'b', 62);
	longname[62] = '\0';
	CHECK_STR(clean(longname, out, sizeof(out)), longname);
	longname[62] = 'b', longname[63] = '\0';
	CHECK_STR(clean(longname, out, sizeof(out)), "path too long");
	CHECK_STR(clean("a/b", out, 4), "path too long");
	CHECK_STR(clean("a/b", out, 5), "a/b");
	return UNIT_DONE("bundlepath");
}
