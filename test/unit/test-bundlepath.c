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

/* bundle_manifest_unreadable(): the row collect writes when a listing failed (faults.bats
 * makes one with the readdir shim), and rows that are not that */
static void unreadable_cases(void)
{
	static const char m[] =
		"read\tproc/meminfo\t1 bytes\tCmaTotal\troot\n"
		"unreadable\tdev/dma_heap\tInput/output error\tdma-buf heap node (type, mode, "
		"uid:gid)\troot\n"
		"missing\tboot/cmdline.txt\tabsent on the source\tboot command line\troot\n"
		"unreadable\tsys/kernel/debug/cma\tPermission denied";
	char out[16];

	CHECK(bundle_manifest_unreadable(m, sizeof(m) - 1, "dev/dma_heap", out, sizeof(out)));
	CHECK_STR(out, "Input/output er");	/* cut to the buffer */
	CHECK(bundle_manifest_unreadable(m, sizeof(m) - 1, "sys/kernel/debug/cma", out,
					 sizeof(out)));
	CHECK_STR(out, "Permission deni");
	/* a "missing" or "read" row, a prefix, or a row without the column: nothing */
	CHECK(!bundle_manifest_unreadable(m, sizeof(m) - 1, "boot/cmdline.txt", out, sizeof(out)));
	CHECK(!bundle_manifest_unreadable(m, sizeof(m) - 1, "proc/meminfo", out, sizeof(out)));
	CHECK(!bundle_manifest_unreadable(m, sizeof(m) - 1, "dev/dma", out, sizeof(out)));
	CHECK(!bundle_manifest_unreadable("unreadable\tdev/dma_heap\n", 24, "dev/dma_heap", out,
					  sizeof(out)));
	/* the last row counts */
	CHECK(bundle_manifest_unreadable("unreadable\tx\tA\nunreadable\tx\tB\n", 30, "x", out,
					 sizeof(out)));
	CHECK_STR(out, "B");
}

/* bundle_manifest_nodes(): the /dev/dma_heap rows collect writes (as `ls -l` showed the
 * 7.2 lab guest's nodes: crw------- root root), and rows a stranger could write */
static void node_cases(void)
{
	static const char m[] =
		"# cmactl 0.1.0 collect\n"
		"read\tproc/meminfo\t1 bytes\tCmaTotal\troot\n"
		"node\tdev/dma_heap/default_cma_region\tchr 0600 0:0\theap\troot\n"
		"node\tdev/dma_heap/reserved\tchr 0660 0:44\theap\troot\n"
		"node\tdev/dma_heap/../x\tchr 0600 0:0\theap\troot\n"
		"node\tdev/dma_heap/bad\tblk 0600 0:0\theap\troot\n"
		"node\tdev/dma_heap/bad2\tchr 99999 0:0\theap\troot\n"
		"node\tdev/dma_heap/bad3\tchr 0600 0\theap\troot\n"
		"node\tetc/passwd\tchr 0600 0:0\theap\troot\n"
		"node\tdev/dma_heap/plain\treg 0644 1000:1000";
	struct cma_heap_node n[4];

	CHECK(bundle_manifest_nodes(m, sizeof(m) - 1, n, 4) == 3);
	CHECK_STR(n[0].name, "default_cma_region");
	CHECK(n[0].is_chr && n[0].mode == 0600 && n[0].uid == 0 && n[0].gid == 0 && n[0].stat_ok);
	CHECK_STR(n[1].name, "reserved");
	CHECK(n[1].mode == 0660 && n[1].gid == 44);
	CHECK_STR(n[2].name, "plain");
	CHECK(!n[2].is_chr && n[2].mode == 0644 && n[2].uid == 1000);
	/* room for one: the first only */
	CHECK(bundle_manifest_nodes(m, sizeof(m) - 1, n, 1) == 1);
	/* no node row at all (an older bundle): -1, not "no heaps" */
	{
		static const char old[] = "read\tproc/meminfo\t1 bytes\tx\troot\n";

		CHECK(bundle_manifest_nodes(old, sizeof(old) - 1, n, 4) == -1);
	}
	/* a node row that does not parse still says the bundle records nodes */
	CHECK(bundle_manifest_nodes("node\tdev/dma_heap/x\tchr\n", 24, n, 4) == 0);
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
	unreadable_cases();
	node_cases();
	return UNIT_DONE("bundlepath");
}
