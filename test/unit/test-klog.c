// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the kernel-log parser: real 6.1 lines from ../shared/captures,
 * every prefix form, the older and newer formats of DOMAIN.md 1.2, hostile input.
 */
#include <stdlib.h>
#include "unit.h"
#include "model/klog.h"

static void feed(struct cma_klog *k, const char *line)
{
	klog_feed_line(k, line, strlen(line));
}

static void fresh(struct cma_klog *k)
{
	klog_init(k);
}

/* stock-a-default/dmesg (Debian 6.1.0-56-arm64, Kconfig 64 MiB). */
static void test_stock_a(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "[    0.000000] Linux version 6.1.0-56-arm64 (debian-kernel@lists.debian.org) "
		 "(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) "
		 "2.40) #1 SMP Debian 6.1.192-2 (2026-11-16)");
	feed(&k, "[    0.000000] cma: Reserved 64 MiB at 0x000000007ac00000");
	feed(&k, "[    0.000000] Kernel command line: ");
	feed(&k, "[    0.000000] Memory: 98324K/1048576K available (13248K kernel code, 2806K "
		 "rwdata, 9524K rodata, 6464K init, 627K bss, 55332K reserved, 65536K cma-reserved)");
	feed(&k, "[    0.793026] ima: No TPM chip found, activating TPM-bypass!");
	CHECK_U64(k.lines, 5);
	CHECK(k.has_version);
	CHECK_STR(k.version_release, "6.1.0-56-arm64");
	CHECK_U64(k.vmajor, 6);
	CHECK_U64(k.vminor, 1);
	CHECK_U64(k.vpatch, 0);
	CHECK(k.has_cmdline);
	CHECK_STR(k.cmdline, "");
	CHECK_U64(k.nresv, 1);
	CHECK(k.resv[0].kind == KRESV_CMDLINE_KCONFIG);
	CHECK_U64(k.resv[0].size_bytes, 64ull << 20);
	CHECK(k.resv[0].has_base);
	CHECK_U64(k.resv[0].base, 0x7ac00000);
	CHECK(k.resv[0].node == -1);
	CHECK_STR(k.resv[0].name, "");
	CHECK(k.has_memory_line);
	CHECK_U64(k.memory_cma_reserved_bytes, 65536ull * 1024);
	CHECK(!k.bypass);	/* "TPM-bypass!" is not the CMA bypass */
	CHECK_U64(k.fails_total, 0);
}

/* lab-g-dt-reg16M-unitaddr/dmesg-after-alloc (6.1.192, DT pool with unit address). */
static void test_lab_g(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "[    0.000000] Linux version 6.1.192 (root@vm) (aarch64-linux-gnu-gcc (Debian "
		 "12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP Wed Nov 25 "
		 "11:53:56 UTC 2026");
	feed(&k, "[    0.000000] Reserved memory: created CMA memory pool at 0x0000000060000000, size 16 MiB");
	feed(&k, "[    0.000000] OF: reserved mem: initialized node linux,cma@60000000, compatible id shared-dma-pool");
	feed(&k, "[    0.649997] cma: cma_alloc: linux,cma@60000000: alloc failed, req-size: 4096 pages, ret: -12");
	feed(&k, "[    0.736004] cma: cma_alloc: linux,cma@60000000: alloc failed, req-size: 2000 pages, ret: -12");
	feed(&k, "[    0.814480] cma: cma_alloc: linux,cma@60000000: alloc failed, req-size: 4096 pages, ret: -12");
	CHECK_STR(k.version_release, "6.1.192");
	CHECK_U64(k.vpatch, 192);
	CHECK_U64(k.nresv, 1);
	CHECK(k.resv[0].kind == KRESV_DT_POOL);
	CHECK_U64(k.resv[0].size_bytes, 16ull << 20);
	CHECK_U64(k.resv[0].base, 0x60000000);
	CHECK_STR(k.resv[0].name, "linux,cma@60000000");
	CHECK_U64(k.nfails, 2);
	CHECK_STR(k.fails[0].area, "linux,cma@60000000");
	CHECK_U64(k.fails[0].pages, 4096);
	CHECK(k.fails[0].ret == -12);
	CHECK_U64(k.fails[0].count, 2);
	CHECK_U64(k.fails[1].pages, 2000);
	CHECK_U64(k.fails[1].count, 1);
	CHECK_U64(k.fails_total, 3);
	CHECK_U64(k.fails_dropped, 0);
	CHECK_U64(k.largest_fail_pages, 4096);
}

/* stock-d-dt-size96M-cmdline-cma32M/dmesg: cma= beats linux,cma-default (5.6+). */
static void test_stock_d_bypass(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "[    0.000000] Reserved memory: bypass linux,cma node, using cmdline CMA params instead");
	feed(&k, "[    0.000000] OF: reserved mem: node linux,cma compatible matching fail");
	feed(&k, "[    0.000000] cma: Reserved 32 MiB at 0x000000007cc00000");
	feed(&k, "[    0.000000] Kernel command line: cma=32M");
	CHECK(k.bypass);
	CHECK_STR(k.bypass_node, "linux,cma");
	CHECK_U64(k.nresv, 1);
	CHECK_U64(k.resv[0].size_bytes, 32ull << 20);
	CHECK_STR(k.cmdline, "cma=32M");
	CHECK_U64(k.nresv_fail, 0);
}

/* One message in every supported wrapping must give the same reservation. */
static void test_prefixes(void)
{
	static const char *const forms[] = {
		"cma: Reserved 16 MiB at 0x000000007dc00000",
		"[    0.000000] cma: Reserved 16 MiB at 0x000000007dc00000",
		"[Wed Nov 25 12:00:00 2026] cma: Reserved 16 MiB at 0x000000007dc00000",
		"Nov 25 12:00:00 host kernel: cma: Reserved 16 MiB at 0x000000007dc00000",
		"Nov  5 12:00:00 host kernel: [    0.000000] cma: Reserved 16 MiB at 0x000000007dc00000",
		"Nov 25 12:00:00.123456 host kernel: cma: Reserved 16 MiB at 0x000000007dc00000",
		"2026-11-25T12:00:00+0000 host kernel: cma: Reserved 16 MiB at 0x000000007dc00000",
		"2026-11-25T12:00:00,000000+00:00 cma: Reserved 16 MiB at 0x000000007dc00000",
		"<6>cma: Reserved 16 MiB at 0x000000007dc00000",
		"<6>[    0.000000] cma: Reserved 16 MiB at 0x000000007dc00000",
		"<14>Nov 25 12:00:00 host kernel: cma: Reserved 16 MiB at 0x000000007dc00000",
		"6,123,0,-;cma: Reserved 16 MiB at 0x000000007dc00000",
		"6,123,4567,-,caller=T0;cma: Reserved 16 MiB at 0x000000007dc00000",
		"kern  :info  : [    0.000000] cma: Reserved 16 MiB at 0x000000007dc00000",
		"[    0.000000][    T0] cma: Reserved 16 MiB at 0x000000007dc00000",
		"[    0.000000] cma: Reserved 16 MiB at 0x000000007dc00000\r",
	};
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct cma_klog k;

		fresh(&k);
		feed(&k, forms[i]);
		if (k.nresv != 1 || k.resv[0].size_bytes != 16ull << 20 ||
		    k.resv[0].base != 0x7dc00000)
			fprintf(stderr, "prefix form not recognised: %s\n", forms[i]);
		CHECK(k.nresv == 1 && k.resv[0].base == 0x7dc00000);
	}
}

/* Raw /dev/kmsg records from lab-d (6.1.192), with a dictionary continuation. */
static void test_kmsg_raw(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "5,0,0,-;Linux version 6.1.192 (root@vm) (aarch64-linux-gnu-gcc) #1 SMP");
	feed(&k, "6,20,0,-;Reserved memory: bypass linux,cma node, using cmdline CMA params instead");
	feed(&k, " SUBSYSTEM=platform");
	feed(&k, " DEVICE=+platform:9000000.pl011");
	feed(&k, "6,22,0,-;cma: Reserved 32 MiB at 0x000000007cc00000");
	feed(&k, "5,30,0,-;Kernel command line: cma=32M");
	CHECK_U64(k.lines, 6);
	CHECK(k.has_version);
	CHECK(k.bypass);
	CHECK_U64(k.nresv, 1);
	CHECK_STR(k.cmdline, "cma=32M");
}

/* Formats of other versions, as quoted in DOMAIN.md 1.2. */
static void test_old_formats(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "[    0.000000] CMA: reserved 16 MiB at 7ac00000");			/* 3.5-3.16 */
	feed(&k, "[    0.000000] cma: CMA: reserved 16 MiB at 0x0000000000000000 for cont_splash_mem");
	feed(&k, "[    0.000000] CMA: failed to reserve 32 MiB");
	feed(&k, "[    0.000000] cma: CMA: failed to reserve 8 MiB");
	CHECK_U64(k.nresv, 2);
	CHECK_U64(k.resv[0].base, 0x7ac00000);
	CHECK_U64(k.resv[1].base, 0);
	CHECK_U64(k.nresv_fail, 2);
	CHECK_U64(k.resv_fails[0].size_bytes, 32ull << 20);
	CHECK_U64(k.resv_fails[1].size_bytes, 8ull << 20);

	fresh(&k);								/* 4.11-5.11 */
	feed(&k, "[  100.1] cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12");
	feed(&k, "[  100.2] cma: cma_alloc: alloc failed, req-size: 4097 pages, ret: -12");
	CHECK_U64(k.nfails, 1);
	CHECK_STR(k.fails[0].area, "");
	CHECK_U64(k.fails[0].count, 2);
	CHECK_U64(k.fails[0].pages, 4097);

	fresh(&k);								/* 5.12+, 6.11+ */
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 4096 pages, ret: -12");
	feed(&k, "cma: cma_alloc: linux,cma: alloc failed, req-size: 1 pages, ret: -4");
	feed(&k, "cma: __cma_alloc: linux,cma: alloc failed, req-size: 2032 pages, ret: -16");
	CHECK_U64(k.nfails, 3);
	CHECK_STR(k.fails[0].area, "reserved");
	CHECK(k.fails[1].ret == -4);
	CHECK_STR(k.fails[2].area, "linux,cma");
	CHECK(k.fails[2].ret == -16);
	CHECK_U64(k.largest_fail_pages, 4096);
}

static void test_numa_and_ranges(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "cma: Reserved 64 MiB at 0x00000000b8000000 on node -1");	/* 6.6-6.14 */
	feed(&k, "cma: Reserved 32 MiB at 0x0000000840000000 on node 1");
	feed(&k, "cma: Failed to reserve 512 MiB on node 0");
	feed(&k, "cma: Reserved 256 MiB in 1 range");				/* 6.15+ */
	feed(&k, "cma: Reserved 1024 MiB in 4 ranges");
	feed(&k, "cma: Reserved 16 MiB at 0x0000000000000000");		/* 6.15+: requested base */
	feed(&k, "cma: Reserved 16 MiB at 0x0000000000000000");
	CHECK_U64(k.nresv, 6);
	CHECK(k.resv[0].node == -1);
	CHECK(k.resv[1].node == 1);
	CHECK(k.resv[2].kind == KRESV_RANGES);
	CHECK(!k.resv[2].has_base);
	CHECK_U64(k.resv[3].size_bytes, 1024ull << 20);
	CHECK(k.resv[4].has_base && k.resv[4].base == 0);
	CHECK_U64(k.nresv_fail, 1);
	CHECK_U64(k.resv_fails[0].size_bytes, 512ull << 20);
}

/* DT failures and errors (linux-6.1 of_reserved_mem.c, fdt.c, contiguous.c). */
static void test_dt_errors(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "OF: reserved mem: failed to allocate memory for node 'linux,cma': size 512 MiB");
	feed(&k, "OF: reserved mem: failed to allocate memory for node 'linux,cma'");
	feed(&k, "Reserved memory: failed to reserve memory for node 'pool@0': base 0x0000000080000000, size 64 MiB");
	feed(&k, "Reserved memory: incorrect alignment of CMA region");
	feed(&k, "Reserved memory: unable to setup CMA region");
	CHECK_U64(k.nresv_fail, 3);
	CHECK_U64(k.resv_fails[0].size_bytes, 512ull << 20);
	CHECK_U64(k.resv_fails[1].size_bytes, 0);
	CHECK_U64(k.resv_fails[2].size_bytes, 64ull << 20);
	CHECK(k.dt_alignment_error);
	CHECK(k.dt_setup_error);
	CHECK_U64(k.nresv, 0);
}

/* The 6.3+ summary line, with and without the "created" line, in both orders. */
static void test_dt_summary(void)
{
	struct cma_klog k;

	fresh(&k);	/* order seen on a 6.x riscv board (meta-riscv#668) */
	feed(&k, "Reserved memory: created CMA memory pool at 0x0000000140000000, size 512 MiB");
	feed(&k, "OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool");
	feed(&k, "OF: reserved mem: 0x0000000140000000..0x000000015fffffff (524288 KiB) map reusable linux,cma");
	feed(&k, "OF: reserved mem: 0x00000003fe000000..0x00000003ffffffff (32768 KiB) map non-reusable framebuffer@3,fe000000");
	CHECK_U64(k.nresv, 1);
	CHECK_STR(k.resv[0].name, "linux,cma");

	fresh(&k);	/* summary alone names and sizes the pool */
	feed(&k, "OF: reserved mem: 0x0000000044200000..0x00000000541fffff (262144 KiB) map reusable linux,cma");
	CHECK_U64(k.nresv, 1);
	CHECK(k.resv[0].kind == KRESV_DT_POOL);
	CHECK_U64(k.resv[0].size_bytes, 256ull << 20);
	CHECK_U64(k.resv[0].base, 0x44200000);
	CHECK_STR(k.resv[0].name, "linux,cma");
	/* ... and a later "created" line for the same base is not a second pool */
	feed(&k, "Reserved memory: created CMA memory pool at 0x0000000044200000, size 256 MiB");
	feed(&k, "OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool");
	CHECK_U64(k.nresv, 1);

	fresh(&k);	/* summary fills in a pool whose "initialized" line is missing */
	feed(&k, "Reserved memory: created CMA memory pool at 0x0000000060000000, size 16 MiB");
	feed(&k, "OF: reserved mem: 0x0000000060000000..0x0000000060ffffff (16384 KiB) map reusable linux,cma@60000000");
	CHECK_U64(k.nresv, 1);
	CHECK_STR(k.resv[0].name, "linux,cma@60000000");
}

/* Old "Reserved memory:" pr_fmt; a DMA (not CMA) pool must not steal the name. */
static void test_dt_naming(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "Reserved memory: created CMA memory pool at 0x0000000095800000, size 56 MiB");
	feed(&k, "Reserved memory: initialized node ipu2_cma@95800000, compatible id shared-dma-pool");
	feed(&k, "Reserved memory: created DMA memory pool at 0x0000000070000000, size 256 MiB");
	feed(&k, "Reserved memory: initialized node buffer@70000000, compatible id shared-dma-pool");
	CHECK_U64(k.nresv, 1);
	CHECK_STR(k.resv[0].name, "ipu2_cma@95800000");

	fresh(&k);	/* two pools and a cmdline area (openbmc/openbmc#3871, 5.15) */
	feed(&k, "Reserved memory: created CMA memory pool at 0x97000000, size 16 MiB");
	feed(&k, "OF: reserved mem: initialized node framebuffer, compatible id shared-dma-pool");
	feed(&k, "Reserved memory: created CMA memory pool at 0x95000000, size 32 MiB");
	feed(&k, "OF: reserved mem: initialized node jpegbuffer, compatible id shared-dma-pool");
	feed(&k, "cma: Reserved 16 MiB at 0x94000000");
	CHECK_U64(k.nresv, 3);
	CHECK_STR(k.resv[0].name, "framebuffer");
	CHECK_STR(k.resv[1].name, "jpegbuffer");
	CHECK_U64(k.resv[1].base, 0x95000000);
	CHECK(k.resv[2].kind == KRESV_CMDLINE_KCONFIG);

	fresh(&k);	/* unnamed CMA pool, then an unrelated node: unit address disagrees */
	feed(&k, "Reserved memory: created CMA memory pool at 0x0000000095800000, size 56 MiB");
	feed(&k, "Reserved memory: initialized node buffer@70000000, compatible id shared-dma-pool");
	feed(&k, "OF: reserved mem: initialized node ramoops, compatible id ramoops");
	CHECK_STR(k.resv[0].name, "");
}

static void test_memory_highmem(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "Memory: 505100K/524288K available (5120K kernel code, 300K rwdata, 1200K rodata, "
		 "1024K init, 200K bss, 2804K reserved, 16384K cma-reserved, 0K highmem)");
	CHECK(k.has_memory_line);
	CHECK_U64(k.memory_cma_reserved_bytes, 16384ull * 1024);
	fresh(&k);	/* pre-3.19 line without cma-reserved */
	feed(&k, "Memory: 505100K/524288K available (5120K kernel code, 2804K reserved)");
	CHECK(!k.has_memory_line);
}

/* Lines that mention cma but are not the messages we want. */
static void test_no_false_matches(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "[    0.000000] Kernel command line: cma=64M console=ttyAMA0");
	feed(&k, "[    0.000000] Unknown kernel command line parameters \"cma=1\", will be passed to user space.");
	feed(&k, "[    1.000000] foo: cma: Reserved 5 MiB at 0x1");
	feed(&k, "[drm] cma: Reserved 5 MiB at 0x1");
	feed(&k, "[    1.0] bar: cma: cma_alloc: reserved: alloc failed, req-size: 1 pages, ret: -12");
	feed(&k, "[    1.0] Reserved memory: created DMA memory pool at 0x70000000, size 256 MiB");
	feed(&k, "[    1.0] ima: No TPM chip found, activating TPM-bypass!");
	feed(&k, "[    1.0] OF: reserved mem: node linux,cma compatible matching fail");
	feed(&k, "[    1.0] hugetlb_cma: reserve 1024 MiB, up to 1024 MiB per node");
	feed(&k, "[    1.0] alloc_contig_range: [7dc00, 7ec00) PFNs busy");
	CHECK_U64(k.nresv, 0);
	CHECK_U64(k.fails_total, 0);
	CHECK(!k.bypass);
	CHECK(!k.has_memory_line);
	CHECK_STR(k.cmdline, "cma=64M console=ttyAMA0");
}

/* A second boot banner (syslog across reboots, console with a dmesg dump) starts over. */
static void test_new_boot_resets(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "Nov 24 10:00:00 h kernel: Linux version 5.10.0-28-arm64 (x) #1 SMP Debian 5.10.209-2");
	feed(&k, "Nov 24 10:00:00 h kernel: cma: Reserved 64 MiB at 0x000000007ac00000");
	feed(&k, "Nov 24 10:05:00 h kernel: cma: cma_alloc: alloc failed, req-size: 8 pages, ret: -12");
	feed(&k, "Nov 25 10:00:00 h kernel: Linux version 6.1.0-56-arm64 (x) #1 SMP Debian 6.1.192-2");
	feed(&k, "Nov 25 10:00:00 h kernel: cma: Reserved 32 MiB at 0x000000007cc00000");
	CHECK_U64(k.lines, 5);
	CHECK_U64(k.vmajor, 6);
	CHECK_U64(k.nresv, 1);
	CHECK_U64(k.resv[0].size_bytes, 32ull << 20);
	CHECK_U64(k.fails_total, 0);
}

static void test_versions(void)
{
	struct cma_klog k;

	fresh(&k);
	feed(&k, "Linux version 5.4 (x)");
	CHECK(k.has_version && k.vmajor == 5 && k.vminor == 4 && k.vpatch == 0);
	fresh(&k);
	feed(&k, "Linux version 4.14.0-xlnx-v2018.2-zynqmp-fpga (ichiro@sphinx-vm-ubuntu) #1 SMP");
	CHECK(k.has_version && k.vmajor == 4 && k.vminor == 14 && k.vpatch == 0);
	CHECK_STR(k.version_release, "4.14.0-xlnx-v2018.2-zynqmp-fpga");
	fresh(&k);
	feed(&k, "Linux version 99999999999.1.2 (x)");
	CHECK(!k.has_version);
	fresh(&k);
	feed(&k, "Linux version banana");
	CHECK(!k.has_version);
	CHECK_STR(k.version_release, "banana");
}

/* Groups beyond the 32-entry table are counted, not stored. */
static void test_fail_table_full(void)
{
	struct cma_klog k;
	char line[128];
	int i;

	fresh(&k);
	for (i = 1; i <= 40; i++) {
		snprintf(line, sizeof(line),
			 "cma: cma_alloc: reserved: alloc failed, req-size: %d pages, ret: -12", i);
		feed(&k, line);
	}
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 40 pages, ret: -12");
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 1 pages, ret: -12");
	CHECK_U64(k.nfails, 32);
	CHECK_U64(k.fails_total, 42);
	CHECK_U64(k.fails_dropped, 9);
	CHECK_U64(k.fails[0].count, 2);
	CHECK_U64(k.largest_fail_pages, 40);
}

static void test_hostile_numbers(void)
{
	struct cma_klog k;
	int i;

	fresh(&k);
	feed(&k, "cma: Reserved 99999999999999999999 MiB at 0x1000");
	feed(&k, "cma: Reserved 17592186044416 MiB at 0x1000");	/* 2^44 MiB = 2^64 B */
	feed(&k, "cma: Reserved 16 MiB at 0x100000000000000000");	/* > 64 bits */
	feed(&k, "Reserved memory: created CMA memory pool at 0x60000000, size 99999999999999999999 MiB");
	feed(&k, "cma: Failed to reserve 18446744073709551616 MiB");
	feed(&k, "Memory: 1K/2K available (99999999999999999999K cma-reserved)");
	feed(&k, "Memory: 1K/2K available (18014398509481984K cma-reserved)");	/* 2^54 K */
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 99999999999999999999 pages, ret: -12");
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 1 pages, ret: -99999999999");
	feed(&k, "OF: reserved mem: 0x0..0x1 (99999999999999999999 KiB) map reusable x");
	CHECK_U64(k.nresv, 0);
	CHECK_U64(k.nresv_fail, 0);
	CHECK(!k.has_memory_line);
	CHECK_U64(k.fails_total, 0);

	/* the largest values that do fit are kept exactly */
	feed(&k, "cma: Reserved 17592186044415 MiB at 0x00000000000000000000ffffffffffffffff");
	feed(&k, "cma: cma_alloc: reserved: alloc failed, req-size: 18446744073709551615 pages, ret: -2147483647");
	CHECK_U64(k.nresv, 1);
	CHECK_U64(k.resv[0].size_bytes, 17592186044415ull << 20);
	CHECK_U64(k.resv[0].base, UINT64_MAX);
	CHECK_U64(k.largest_fail_pages, UINT64_MAX);
	CHECK(k.fails[0].ret == -2147483647);

	/* more reservations and failures than the tables hold */
	fresh(&k);
	for (i = 0; i < 40; i++) {
		feed(&k, "cma: Reserved 1 MiB in 1 range");
		feed(&k, "cma: Failed to reserve 1 MiB");
	}
	CHECK_U64(k.nresv, 16);
	CHECK_U64(k.nresv_fail, 8);
}

static void test_hostile_bytes(void)
{
	static const char nul_mid[] = "cma: Reserved 16\0MiB at 0x1000";
	static const char nul_area[] = "cma: cma_alloc: lin\0ux: alloc failed, req-size: 5 pages, ret: -12";
	static const char nul_cmd[] = "Kernel command line: cma=32M\0 evil";
	static const char esc_area[] = "cma: cma_alloc: a\033[31mb: alloc failed, req-size: 5 pages, ret: -12";
	struct cma_klog k;
	char *big;

	fresh(&k);
	klog_feed_line(&k, nul_mid, sizeof(nul_mid) - 1);
	CHECK_U64(k.nresv, 0);
	klog_feed_line(&k, nul_area, sizeof(nul_area) - 1);
	CHECK_U64(k.nfails, 1);
	CHECK_STR(k.fails[0].area, "lin");	/* cut at the NUL, never past it */
	klog_feed_line(&k, nul_cmd, sizeof(nul_cmd) - 1);
	CHECK_STR(k.cmdline, "cma=32M");
	feed(&k, esc_area);
	CHECK_STR(k.fails[1].area, "a?[31mb");

	/* truncated lines: each prefix of a valid line must be safe, and cut
	 * numbers must not be taken as smaller values */
	{
		const char *full = "[    0.814480] cma: cma_alloc: linux,cma@60000000: alloc failed, "
				   "req-size: 4096 pages, ret: -12";
		size_t n, len = strlen(full);

		fresh(&k);
		for (n = 0; n < len; n++)
			klog_feed_line(&k, full, n);
		CHECK_U64(k.fails_total, 1);	/* only "ret: -1" parses; cut "-12" */
		CHECK_U64(k.lines, len);
	}
	klog_feed_line(&k, NULL, 0);
	klog_feed_line(&k, "", 0);
	klog_feed_line(&k, "[", 1);
	klog_feed_line(&k, "<", 1);
	klog_feed_line(&k, "6,1,2,", 6);
	klog_feed_line(&k, " ", 1);
	klog_feed_line(&k, "Nov 25 ", 7);

	/* 10000-char lines: long name, long command line, long version */
	big = malloc(10001);
	if (!big)
		return;
	fresh(&k);
	memcpy(big, "cma: cma_alloc: ", 16);
	memset(big + 16, 'x', 10000 - 16);
	memcpy(big + 10000 - 48, ": alloc failed, req-size: 7 pages, ret: -12", 44);
	klog_feed_line(&k, big, strlen(big));
	CHECK_U64(k.nfails, 1);
	CHECK_U64(strlen(k.fails[0].area), KLOG_NAME_MAX - 1);
	memcpy(big, "Kernel command line: ", 21);
	memset(big + 21, 'c', 10000 - 21);
	big[10000] = '\0';
	feed(&k, big);
	CHECK_U64(strlen(k.cmdline), sizeof(k.cmdline) - 1);
	memcpy(big, "Linux version ", 14);
	memset(big + 14, '6', 10000 - 14);
	feed(&k, big);
	CHECK(!k.has_version);
	CHECK_U64(strlen(k.version_release), sizeof(k.version_release) - 1);
	memset(big, '[', 10000);
	feed(&k, big);
	memset(big, '0', 10000);
	feed(&k, big);
	CHECK_U64(k.lines, 5);
	free(big);
}

int main(void)
{
	test_stock_a();
	test_lab_g();
	test_stock_d_bypass();
	test_prefixes();
	test_kmsg_raw();
	test_old_formats();
	test_numa_and_ranges();
	test_dt_errors();
	test_dt_summary();
	test_dt_naming();
	test_memory_highmem();
	test_no_false_matches();
	test_new_boot_resets();
	test_versions();
	test_fail_table_full();
	test_hostile_numbers();
	test_hostile_bytes();
	return UNIT_DONE("klog");
}
