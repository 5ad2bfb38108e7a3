// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the pure text parsers: sizes, memparse, cmdline, kconfig, meminfo. */
#include <stdint.h>
#include "model/cmdline.h"
#include "model/kconfig.h"
#include "model/kver.h"
#include "model/meminfo.h"
#include "model/size.h"
#include "unit.h"

static uint64_t sz(const char *t, int *rc)
{
	char err[160];
	uint64_t v = 0;

	*rc = size_parse(t, 4096, &v, err, sizeof(err));
	return v;
}

static void test_size(void)
{
	int rc;

	CHECK_U64(sz("256M", &rc), 256ull << 20); CHECK(rc == 0);
	CHECK_U64(sz("256MiB", &rc), 256ull << 20); CHECK(rc == 0);
	CHECK_U64(sz("1G", &rc), 1ull << 30); CHECK(rc == 0);
	CHECK_U64(sz("1g", &rc), 1ull << 30); CHECK(rc == 0);
	CHECK_U64(sz("0x10000000", &rc), 0x10000000ull); CHECK(rc == 0);
	CHECK_U64(sz("268435456", &rc), 268435456ull); CHECK(rc == 0);
	CHECK_U64(sz("4097p", &rc), 4097ull * 4096); CHECK(rc == 0);
	CHECK_U64(sz("2pages", &rc), 8192); CHECK(rc == 0);
	CHECK_U64(sz("010M", &rc), 10ull << 20); CHECK(rc == 0);	/* not octal for users */
	sz("", &rc); CHECK(rc == -1);
	sz("-5M", &rc); CHECK(rc == -1);
	sz("12Q", &rc); CHECK(rc == -1);
	sz("M", &rc); CHECK(rc == -1);
	sz("1.5G", &rc); CHECK(rc == -1);
	sz("18446744073709551616", &rc); CHECK(rc == -1);
	sz("17179869184G", &rc); CHECK(rc == -1);		/* 2^34 GiB = 2^64 */
	sz("0xffffffffffffffffff", &rc); CHECK(rc == -1);
	sz("4503599627370496p", &rc); CHECK(rc == -1);		/* 2^52 pages of 4K */
	sz("256 M", &rc); CHECK(rc == -1);
}

static void test_format(void)
{
	char b[32];

	size_format(16ull << 20, b, sizeof(b)); CHECK_STR(b, "16 MiB");
	size_format(4096, b, sizeof(b)); CHECK_STR(b, "4 KiB");
	size_format(100, b, sizeof(b)); CHECK_STR(b, "100 B");
	size_format((16ull << 20) - 393216, b, sizeof(b)); CHECK_STR(b, "15.6 MiB");
	size_format(UINT64_MAX, b, sizeof(b)); CHECK_STR(b, "16.0 EiB");
}

static void test_memparse(void)
{
	const char *end;
	uint64_t v;

	CHECK(kernel_memparse("32M", &end, &v) == 0); CHECK_U64(v, 32ull << 20);
	CHECK(kernel_memparse("010M", &end, &v) == 0); CHECK_U64(v, 8ull << 20); /* octal, as simple_strtoull */
	CHECK(kernel_memparse("0x1000", &end, &v) == 0); CHECK_U64(v, 4096);
	CHECK(kernel_memparse("1e", &end, &v) == 0); CHECK_U64(v, 1ull << 60);
	CHECK(kernel_memparse("16E", &end, &v) == -1);
	CHECK(kernel_memparse("foo", &end, &v) == -1); CHECK_U64(v, 0);
}

static void cl(const char *t, struct cma_cmdline *c)
{
	cmdline_parse(t, strlen(t), c);
}

static void test_cmdline(void)
{
	struct cma_cmdline c;

	cl("console=ttyS0 cma=256M quiet", &c);
	CHECK(c.has_cma && c.cma_valid); CHECK_U64(c.size, 256ull << 20); CHECK(!c.has_base);
	cl("cma=64M cma=128M", &c);		/* the last one wins */
	CHECK_U64(c.size, 128ull << 20); CHECK_STR(c.cma_text, "128M");
	cl("cma=64M@0x40000000", &c);		/* fixed placement: limit = base + size */
	CHECK(c.has_base && !c.has_limit); CHECK_U64(c.limit, 0x40000000ull + (64ull << 20));
	cl("cma=64M@512M-1G", &c);
	CHECK(c.has_limit); CHECK_U64(c.base, 512ull << 20); CHECK_U64(c.limit, 1ull << 30);
	cl("cma=0", &c);
	CHECK(c.has_cma); CHECK_U64(c.size, 0);
	cl("cma=banana", &c);			/* early_cma: memparse gives 0 */
	CHECK(c.has_cma && !c.cma_valid); CHECK_U64(c.size, 0);
	cl("root=/dev/sda -- cma=32M", &c);	/* after "--" it is init's argument */
	CHECK(!c.has_cma);
	cl("foo=\"a b cma=1M\" bar", &c);	/* inside quotes: not an argument */
	CHECK(!c.has_cma);
	cl("\"cma=48M\"", &c);
	CHECK(c.has_cma); CHECK_U64(c.size, 48ull << 20);
	cl("cma_pernuma=16M numa_cma=0:32M,1:32M", &c);
	CHECK(c.has_pernuma); CHECK_U64(c.pernuma, 16ull << 20); CHECK_STR(c.numa_cma, "0:32M,1:32M");
	cl("cmax=5M xcma=5M cma", &c);
	CHECK(!c.has_cma);
	cmdline_parse("cma=8M\0cma=9M", 13, &c);	/* a NUL separates like a blank */
	CHECK_U64(c.size, 9ull << 20);
}

static void test_kconfig(void)
{
	static const char cfg[] =
		"CONFIG_CMA=y\n# CONFIG_CMA_DEBUGFS is not set\nCONFIG_CMA_SYSFS=y\n"
		"CONFIG_CMA_AREAS=7\nCONFIG_DMABUF_HEAPS_CMA=m\nCONFIG_DMA_CMA=y\r\n"
		"CONFIG_CMA_SIZE_MBYTES=16\nCONFIG_CMA_SIZE_SEL_PERCENTAGE=y\n"
		"CONFIG_CMA_SIZE_PERCENTAGE=10\nCONFIG_CMA_ALIGNMENT=8\n"
		"CONFIG_CMA_SIZE_MBYTES_X=5\nCONFIG_CMA_AREAS=99999999999999999999999\n";
	struct cma_kconfig k;

	kconfig_parse(cfg, sizeof(cfg) - 1, &k);
	CHECK(k.cma == KC_YES); CHECK(k.cma_debugfs == KC_NO); CHECK(k.cma_sysfs == KC_YES);
	CHECK(k.heaps_cma == KC_MODULE); CHECK(k.dma_cma == KC_YES);
	CHECK(k.has_size_mbytes); CHECK_U64(k.size_mbytes, 16);
	CHECK(k.size_sel == KC_SEL_PERCENTAGE); CHECK_U64(k.size_percentage, 10);
	CHECK(!k.has_areas);			/* overflow is "not known", not a wrapped value */
	kconfig_parse("# CONFIG_CMA is not set\n", 24, &k);
	CHECK(k.cma == KC_NO); CHECK(k.dma_cma == KC_NO);
	kconfig_parse("", 0, &k);
	CHECK(k.cma == KC_NO);
}

static void test_meminfo(void)
{
	static const char mi[] = "MemTotal:        1000964 kB\nCmaTotal:          65536 kB\n"
				 "CmaFree:           65152 kB\n";
	struct cma_meminfo m;

	meminfo_parse(mi, sizeof(mi) - 1, &m);
	CHECK(m.has_cma); CHECK_U64(m.total_bytes, 65536ull * 1024); CHECK_U64(m.free_bytes, 65152ull * 1024);
	CHECK_U64(m.memtotal_bytes, 1000964ull * 1024);
	meminfo_parse("MemTotal: 5 kB\n", 15, &m);
	CHECK(!m.has_cma);
	meminfo_parse("CmaTotal: 99999999999999999999 kB", 34, &m);
	CHECK(!m.has_cma);
}

static void test_kver(void)
{
	struct kver v;

	CHECK(kver_parse("6.1.0-56-arm64\n", &v) == 0);
	CHECK(v.major == 6 && v.minor == 1 && v.patch == 0); CHECK_STR(v.release, "6.1.0-56-arm64");
	CHECK(kver_at_least(&v, 5, 6)); CHECK(!kver_at_least(&v, 6, 2));
	CHECK(kver_parse("5.4", &v) == 0); CHECK(!kver_at_least(&v, 5, 6));
	CHECK(kver_parse("banana", &v) == -1); CHECK(!kver_at_least(&v, 1, 0));
	CHECK(kver_parse("99999999.1", &v) == -1);
}

int main(void)
{
	test_size();
	test_format();
	test_memparse();
	test_cmdline();
	test_kconfig();
	test_meminfo();
	test_kver();
	return UNIT_DONE("parse");
}
