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

/* bundle_manifest_origin() on manifests as collect writes them, and on broken ones */
static void manifest_cases(void)
{
	static const char m[] =
		"# cmactl collect\n# state\tpath\tsize or reason\twhat it holds\torigin\n"
		"read\tproc/cmdline\t31 bytes\tkernel command line (cma=)\troot\n"
		"missing\tsys/firmware/fdt\tabsent on the source\tdevice tree blob\troot\n"
		"read\tsys/firmware/fdt\t1234 bytes\tdevice tree blob\t--dtb board.dtb\n"
		"read\tvar/log/dmesg\t9 bytes\tkernel log\t--dmesg -";
	char out[16];

	CHECK(bundle_manifest_origin(m, strlen(m), "proc/cmdline", out, sizeof(out)));
	CHECK_STR(out, "root");
	CHECK(bundle_manifest_origin(m, strlen(m), "sys/firmware/fdt", out, sizeof(out)));
	CHECK_STR(out, "--dtb board.dtb");
	/* the last line without its newline still counts */
	CHECK(bundle_manifest_origin(m, strlen(m), "var/log/dmesg", out, sizeof(out)));
	CHECK_STR(out, "--dmesg -");
	/* cut to the buffer */
	CHECK(bundle_manifest_origin(m, strlen(m), "sys/firmware/fdt", out, 6));
	CHECK_STR(out, "--dtb");
	/* a prefix of a path is not the path; "missing" rows and old 4-column rows give nothing */
	CHECK(!bundle_manifest_origin(m, strlen(m), "proc/cmd", out, sizeof(out)));
	CHECK(!bundle_manifest_origin("read\tproc/meminfo\t1 bytes\tCmaTotal\n", 35,
				      "proc/meminfo", out, sizeof(out)));
	CHECK(!bundle_manifest_origin("", 0, "proc/meminfo", out, sizeof(out)));
	/* a NUL inside the text is a byte like any other */
	CHECK(bundle_manifest_origin("read\tx\t\0\t\t--dtb a\n", 18, "x", out, sizeof(out)));
	CHECK_STR(out, "--dtb a");
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
	manifest_cases();
	return UNIT_DONE("bundlepath");
}
