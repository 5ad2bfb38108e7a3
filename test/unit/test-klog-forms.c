// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One verbatim line (or multi-line dump) of every CMA log form that
 * ../shared/DOMAIN.md lists in 1.2 and 7, and the fact each one proves.
 * Lines marked "capture" are copied from the dmesg files of ../shared/captures and
 * ../shared/captures-matrix;
 * the others from the printk formats and reports DOMAIN.md cites, with its
 * example values. The expected values are the numbers in the line itself.
 */
#include "unit.h"
#include "model/klog.h"

enum fact {
	F_RESERVED,	/* a reservation: size, node */
	F_RESV_FAILED,	/* a failed reservation: size, node, dt, name */
	F_DT_POOL,	/* a DT pool: size, name */
	F_DT_USED,	/* a DT CMA node was initialized: name */
	F_BYPASS,	/* cma= bypassed the DT default node */
	F_MEMORY,	/* "cma-reserved" total: size */
	F_ALLOC_FAIL,	/* an allocation failure: area, pages, ret */
	F_DUMP,		/* the free-page dump: area, free, total, largest run, ranges */
	F_VERSION,	/* Linux version: major, minor */
	F_HEAP,		/* a heap registration: name */
	F_RESV_WHY,	/* a failed reservation and mm/cma.c's reason before it: size */
	F_DT_ERROR,	/* rmem_cma_setup() refused a DT region: a = 1 alignment, 2 setup */
	F_BUSY,		/* "PFNs busy" lines before a failure: pages, ret, busy count in c */
	F_BUSY_ALONE,	/* "PFNs busy" with no failure after it: c lines */
};

struct form {
	const char *what;
	const char *lines[7];
	enum fact fact;
	uint64_t size, a, b, c;		/* bytes / pages, by fact */
	int n;				/* node, ret, ranges */
	const char *name;
	unsigned imaj, imin;		/* version the line implies, 0 if none */
	unsigned bmaj, bmin;		/* version it is older than, 0 if none */
};

static const struct form forms[] = {
	{ "cma= / Kconfig reservation, 4.x-6.5 (capture stock-a)",
	  { "[    0.000000] cma: Reserved 64 MiB at 0x000000007ac00000" },
	  .fact = F_RESERVED, .size = 64ull << 20, .n = -1 },
	{ "old reservation, 3.5-3.16",
	  { "CMA: reserved 16 MiB at 2e000000" }, .fact = F_RESERVED, .size = 16ull << 20, .n = -1 },
	{ "3.17-era mm/cma.c reservation",
	  { "cma: CMA: reserved 16 MiB at 0x0000000000000000" }, .fact = F_RESERVED, .size = 16ull << 20, .n = -1 },
	{ "NUMA-aware reservation 6.6-6.14 (capture k612-d)",
	  { "[    0.000000] cma: Reserved 32 MiB at 0x000000007cc00000 on node -1" },
	  .fact = F_RESERVED, .size = 32ull << 20, .n = -1, .imaj = 6, .imin = 6, .bmaj = 6, .bmin = 15 },
	{ "per-node reservation 6.6-6.14",
	  { "cma: Reserved 16 MiB at 0x0000000100000000 on node 1" },
	  .fact = F_RESERVED, .size = 16ull << 20, .n = 1, .imaj = 6, .imin = 6, .bmaj = 6, .bmin = 15 },
	{ "multi-range reservation 6.15+",
	  { "cma: Reserved 1024 MiB in 2 ranges" }, .fact = F_RESERVED, .size = 1024ull << 20, .n = -1 },
	{ "failed cma= reservation, 4.x-6.5 and 7.2 (issue 10 case 3)",
	  { "cma: Failed to reserve 2048 MiB" }, .fact = F_RESV_FAILED, .size = 2048ull << 20, .n = -1, .name = "" },
	{ "failed cma= reservation 6.6-6.14 (DOMAIN 7, 6.12)",
	  { "cma: Failed to reserve 2048 MiB on node -1" }, .fact = F_RESV_FAILED, .size = 2048ull << 20, .n = -1,
	  .name = "", .imaj = 6, .imin = 6, .bmaj = 6, .bmin = 15 },
	{ "old failed reservation, 3.5-3.16",
	  { "CMA: failed to reserve 32 MiB" }, .fact = F_RESV_FAILED, .size = 32ull << 20, .n = -1, .name = "" },
	{ "OF core could not place a DT node (6.1)",
	  { "OF: reserved mem: failed to allocate memory for node 'linux,cma': size 2048 MiB" },
	  .fact = F_RESV_FAILED, .size = 2048ull << 20, .n = -1, .name = "linux,cma" },
	{ "OF core could not place a DT node (older, no size; issue 10 case 3)",
	  { "OF: reserved mem: failed to allocate memory for node 'linux,cma'" },
	  .fact = F_RESV_FAILED, .size = 0, .n = -1, .name = "linux,cma" },
	{ "fdt early scan could not reserve a reg node (6.1)",
	  { "Reserved memory: failed to reserve memory for node 'linux,cma@60000000': base "
	    "0x0000000060000000, size 16 MiB" },
	  .fact = F_RESV_FAILED, .size = 16ull << 20, .n = -1, .name = "linux,cma@60000000" },
	{ "DT pool created (capture lab72-o)",
	  { "[    0.000000] Reserved memory: created CMA memory pool at 0x000000007a000000, size 96 MiB",
	    "[    0.000000] OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool" },
	  .fact = F_DT_POOL, .size = 96ull << 20, .name = "linux,cma" },
	{ "DT pool from the 6.3+ summary line (capture lab72-o)",
	  { "[    0.000000] OF: reserved mem: 0x0000000078000000..0x0000000079ffffff (32768 KiB) map reusable mycma" },
	  .fact = F_DT_POOL, .size = 32ull << 20, .name = "mycma" },
	{ "a DT CMA node used, no pool line (the i.MX guides' log, issue 10 case 2)",
	  { "[    0.000000] Reserved memory: initialized node linux,cma, compatible id shared-dma-pool" },
	  .fact = F_DT_USED, .name = "linux,cma" },
	{ "bypass pair 5.6+ (capture k612-d)",
	  { "[    0.000000] Reserved memory: bypass linux,cma node, using cmdline CMA params instead",
	    "[    0.000000] OF: reserved mem: node linux,cma compatible matching fail" },
	  .fact = F_BYPASS, .name = "linux,cma", .imaj = 5, .imin = 6 },
	{ "bypass, 6.18.y and 6.19 (commit 0fd17e598333)",
	  { "OF: reserved mem: Skipping dt linux,cma-default for \"cma=\" kernel param." },
	  .fact = F_BYPASS, .name = "", .imaj = 6, .imin = 18 },
	{ "bypass, Debian 7.2, no prefix (capture k72-d)",
	  { "[    0.000000] Skipping dt linux,cma-default node in favor for \"cma=\" kernel param." },
	  .fact = F_BYPASS, .name = "", .imaj = 6, .imin = 18 },
	{ "boot memory summary (capture k72-p, three areas)",
	  { "[    0.236249] Memory: 775972K/1048576K available (19136K kernel code, 5282K rwdata, "
	    "18632K rodata, 3904K init, 884K bss, 70400K reserved, 196608K cma-reserved)" },
	  .fact = F_MEMORY, .size = 196608ull << 10 },
	{ "boot memory summary, 32-bit ARM with highmem",
	  { "Memory: 1942548K/2078720K available (15614K kernel code, 2056K rwdata, 9120K rodata, "
	    "1280K init, 945K bss, 70636K reserved, 65536K cma-reserved, 1245184K highmem)" },
	  .fact = F_MEMORY, .size = 65536ull << 10 },
	{ "allocation failure 4.11-5.11, no area (issue 10 case 2)",
	  { "[   38.419943] cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12" },
	  .fact = F_ALLOC_FAIL, .a = 4097, .n = -12, .name = "", .bmaj = 5, .bmin = 12 },
	{ "allocation failure 5.12+, area named (capture lab-g, 6.1)",
	  { "[    0.649997] cma: cma_alloc: linux,cma@60000000: alloc failed, req-size: 4096 pages, ret: -12" },
	  .fact = F_ALLOC_FAIL, .a = 4096, .n = -12, .name = "linux,cma@60000000", .imaj = 5, .imin = 12 },
	{ "allocation failure, __cma_alloc (6.12, 6.18)",
	  { "cma: __cma_alloc: linux,cma: alloc failed, req-size: 2032 pages, ret: -16" },
	  .fact = F_ALLOC_FAIL, .a = 2032, .n = -16, .name = "linux,cma", .imaj = 5, .imin = 12 },
	{ "allocation failure, __cma_alloc_frozen (capture lab72-a)",
	  { "[    0.714883] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -16" },
	  .fact = F_ALLOC_FAIL, .a = 4097, .n = -16, .name = "reserved", .imaj = 5, .imin = 12 },
	{ "EINTR failure (sensorgnome note)",
	  { "cma: cma_alloc: linux,cma: alloc failed, req-size: 1 pages, ret: -4" },
	  .fact = F_ALLOC_FAIL, .a = 1, .n = -4, .name = "linux,cma", .imaj = 5, .imin = 12 },
	{ "free-page dump, 7.2: four lines, one range (capture lab72-a)",
	  { "[    0.714883] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -16",
	    "[    0.714984] cma: number of available pages: ",
	    "[    0.715008] cma: range 0: +4064@32",
	    "[    0.715339] cma: ",
	    "[    0.715357] => 4064 free of 4096 total pages" },
	  .fact = F_DUMP, .a = 4064, .b = 4096, .c = 4064, .n = 1, .name = "reserved", .imaj = 6, .imin = 15 },
	{ "free-page dump, 7.2: two runs (capture lab72-a)",
	  { "[    0.961517] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 2000 pages, ret: -16",
	    "[    0.961592] cma: number of available pages: ",
	    "[    0.961599] cma: range 0: +224@32+840@3256",
	    "[    0.961645] cma: ",
	    "[    0.961662] => 1064 free of 4096 total pages" },
	  .fact = F_DUMP, .a = 1064, .b = 4096, .c = 840, .n = 1, .name = "reserved", .imaj = 6, .imin = 15 },
	{ "free-page dump, one line (CONFIG_CMA_DEBUG, 4.11-6.14; issue 10 case 1)",
	  { "cma: __cma_alloc: linux,cma: alloc failed, req-size: 8192 pages, ret: -16",
	    "cma: number of available pages: 2048@0+1024@4096=> 3072 free of 16384 total pages" },
	  .fact = F_DUMP, .a = 3072, .b = 16384, .c = 2048, .n = 0, .name = "linux,cma", .imaj = 5, .imin = 12 },
	{ "dump after a failure line without area (issue 10 case 1 text)",
	  { "cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12",
	    "cma: number of available pages: => 100 free of 16384 total pages" },
	  .fact = F_DUMP, .a = 100, .b = 16384, .c = 0, .n = 0, .name = "", .bmaj = 5, .bmin = 12 },
	{ "Linux version (capture k72-a)",
	  { "[    0.000000] Linux version 7.2.13+deb14-arm64 (debian-kernel@lists.debian.org) "
	    "(aarch64-linux-gnu-gcc-16 (Debian 16.2.0-4) 16.2.0, GNU ld (GNU Binutils for Debian) "
	    "2.47.50.20261021) #1 SMP PREEMPT Debian 7.2.13-1 (2026-10-28)" },
	  .fact = F_VERSION, .a = 7, .b = 2 },
	{ "cma=SIZE@BASE not aligned (mm/cma.c, c633324e3112, 5.3; 4.4+ stable)",
	  { "cma: Region at 0x0000000061000000 must be aligned to 0x0000000000400000 bytes",
	    "cma: Failed to reserve 64 MiB" },
	  .fact = F_RESV_WHY, .size = 64ull << 20, .n = -1, .name = "" },
	{ "cma=SIZE@BASE-LIMIT over its limit (mm/cma.c, c633324e3112, 5.3)",
	  { "cma: Size (0x0000000004000000) of region at 0x000000007e000000 exceeds limit "
	    "(0x0000000080000000)",
	    "cma: Failed to reserve 64 MiB" },
	  .fact = F_RESV_WHY, .size = 64ull << 20, .n = -1, .name = "" },
	{ "fixed region across the low/high memory boundary (mm/cma.c, 3.18+)",
	  { "cma: Region at 0x000000002e000000 defined on low/high memory boundary "
	    "(0x0000000030000000)",
	    "cma: Failed to reserve 64 MiB on node -1" },
	  .fact = F_RESV_WHY, .size = 64ull << 20, .n = -1, .name = "",
	  .imaj = 6, .imin = 6, .bmaj = 6, .bmin = 15 },
	{ "more areas than MAX_CMA_AREAS (mm/cma.c, 3.17+)",
	  { "cma: Not enough slots for CMA reserved regions!",
	    "cma: Failed to reserve 16 MiB" },
	  .fact = F_RESV_WHY, .size = 16ull << 20, .n = -1, .name = "" },
	{ "DT region misaligned (kernel/dma/contiguous.c rmem_cma_setup, 6.1)",
	  { "Reserved memory: incorrect alignment of CMA region" }, .fact = F_DT_ERROR, .a = 1 },
	{ "DT region refused by cma_init_reserved_mem (kernel/dma/contiguous.c, 6.1)",
	  { "Reserved memory: unable to setup CMA region" }, .fact = F_DT_ERROR, .a = 2 },
	{ "PFNs busy before the failure (4.11-5.12; mm/page_alloc.c, dropped in 5.13)",
	  { "[  180.058992] alloc_contig_range: [1b8000, 1c0000) PFNs busy",
	    "[  180.060531] alloc_contig_range: [1bfc00, 1c0000) PFNs busy",
	    "[  180.061000] cma: cma_alloc: linux,cma: alloc failed, req-size: 4096 pages, ret: -16" },
	  .fact = F_BUSY, .a = 4096, .n = -16, .c = 2, .name = "linux,cma",
	  .imaj = 5, .imin = 12, .bmaj = 5, .bmin = 13 },
	{ "PFNs busy, the retry succeeded (no failure line; lore 2016 radeon report)",
	  { "[187487.621916] alloc_contig_range: [28500, 28600) PFNs busy" },
	  .fact = F_BUSY_ALONE, .c = 1, .bmaj = 5, .bmin = 13 },
	{ "ION heap registration (the i.MX guides' log, issue 10 case 2)",
	  { "[    1.079848] ion_device_add_heap: linux,cma id=2 type=4" }, .fact = F_HEAP, .name = "linux,cma" },
};

static void check_form(const struct form *f)
{
	struct cma_klog k;
	const struct klog_dump *d;
	int n = 0, failed = unit_fail;

	klog_init(&k);
	for (; n < 7 && f->lines[n]; n++)
		klog_feed_line(&k, f->lines[n], strlen(f->lines[n]));
	switch (f->fact) {
	case F_RESERVED:
		CHECK_U64(k.nresv, 1);
		CHECK_U64(k.resv[0].size_bytes, f->size);
		CHECK(k.resv[0].node == f->n);
		break;
	case F_RESV_FAILED:
		CHECK_U64(k.nresv_fail, 1);
		CHECK_U64(k.resv_fails[0].size_bytes, f->size);
		CHECK(k.resv_fails[0].node == f->n);
		CHECK(k.resv_fails[0].dt == (f->name[0] != '\0'));
		CHECK_STR(k.resv_fails[0].name, f->name);
		/* the kernel's own words, to quote */
		CHECK(strstr(f->lines[0], k.resv_fails[0].line) != NULL);
		CHECK_U64(k.nresv, 0);
		break;
	case F_DT_POOL:
		CHECK_U64(k.nresv, 1);
		CHECK(k.resv[0].kind == KRESV_DT_POOL);
		CHECK_U64(k.resv[0].size_bytes, f->size);
		CHECK_STR(k.resv[0].name, f->name);
		break;
	case F_DT_USED:
		CHECK_U64(k.ndt_init, 1);
		CHECK_STR(k.dt_init[0], f->name);
		CHECK_U64(k.nresv, 0);
		break;
	case F_BYPASS:
		CHECK(k.bypass);
		CHECK_STR(k.bypass_node, f->name);
		CHECK(k.bypass_line[0] && strstr(f->lines[0], k.bypass_line) != NULL);
		break;
	case F_MEMORY:
		CHECK(k.has_memory_line);
		CHECK_U64(k.memory_cma_reserved_bytes, f->size);
		break;
	case F_ALLOC_FAIL:
		CHECK_U64(k.fails_total, 1);
		CHECK_STR(k.fails[0].area, f->name);
		CHECK_U64(k.fails[0].pages, f->a);
		CHECK(k.fails[0].ret == f->n);
		CHECK(strstr(f->lines[0], k.last_fail_line) != NULL);
		break;
	case F_DUMP:
		d = klog_dump_for(&k, f->name);
		CHECK(d != NULL);
		if (!d)
			break;
		CHECK_U64(d->free_pages, f->a);
		CHECK_U64(d->total_pages, f->b);
		CHECK_U64(d->largest_run, f->c);
		CHECK(d->nranges == f->n);
		break;
	case F_VERSION:
		CHECK(k.has_version);
		CHECK_U64(k.vmajor, f->a);
		CHECK_U64(k.vminor, f->b);
		break;
	case F_HEAP:
		CHECK_U64(k.nheaps, 1);
		CHECK_STR(k.heaps[0], f->name);
		break;
	case F_RESV_WHY:
		CHECK_U64(k.nresv_fail, 1);
		CHECK_U64(k.resv_fails[0].size_bytes, f->size);
		CHECK(!k.resv_fails[0].dt);
		/* the reason is the first line, verbatim, and it was used up */
		CHECK(strstr(f->lines[0], k.resv_fails[0].why) != NULL);
		CHECK(k.resv_fails[0].why[0] != '\0');
		CHECK(strstr(f->lines[1], k.resv_fails[0].line) != NULL);
		CHECK_STR(k.resv_why, "");
		break;
	case F_DT_ERROR:
		CHECK(k.dt_alignment_error == (f->a == 1));
		CHECK(k.dt_setup_error == (f->a == 2));
		break;
	case F_BUSY:
		CHECK_U64(k.nfails, 1);
		CHECK_U64(k.fails[0].pages, f->a);
		CHECK(k.fails[0].ret == f->n);
		CHECK_U64(k.fails[0].busy, f->c);
		CHECK_U64(k.busy_total, f->c);
		CHECK_U64(k.busy_pending, 0);
		break;
	case F_BUSY_ALONE:
		CHECK_U64(k.busy_total, f->c);
		CHECK_U64(k.busy_pending, f->c);
		CHECK(strstr(f->lines[0], k.busy_line) != NULL);
		break;
	}
	CHECK_U64(k.implied_major, f->imaj);
	CHECK_U64(k.implied_minor, f->imin);
	CHECK_U64(k.before_major, f->bmaj);
	CHECK_U64(k.before_minor, f->bmin);
	/* every form but the version banner proves the kernel has CMA */
	/* every form but the version banner, ION heaps and a busy line alone
	 * (gigantic pages and hot-unplug call alloc_contig_range() too) proves
	 * the kernel has CMA */
	CHECK(klog_proves_cma(&k) == (f->fact != F_VERSION && f->fact != F_HEAP &&
				      f->fact != F_BUSY_ALONE));
	if (unit_fail != failed)
		fprintf(stderr, "  in form: %s\n", f->what);
}

/* A dump that never closes proves nothing about free pages. */
static void test_dump_cut(void)
{
	static const char *lines[] = {
		"cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -16",
		"cma: number of available pages: ",
		"cma: range 0: +4064@32",
		"cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 10 pages, ret: -16",
		"=> 4064 free of 4096 total pages",
		"=> 5000 free of 4096 total pages",
	};
	struct cma_klog k;

	klog_init(&k);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		klog_feed_line(&k, lines[i], strlen(lines[i]));
	CHECK(klog_dump_for(&k, "reserved") == NULL);
	CHECK_U64(k.fails_total, 2);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		check_form(&forms[i]);
	test_dump_cut();
	return UNIT_DONE("klog-forms");
}
