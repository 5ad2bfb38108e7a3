// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test of the device-tree reader (src/model/dt.c): DTBs compiled from
 * fixtures/dts/ by mk/dt.mk into DTB_DIR, plus hostile blobs built here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <libfdt.h>

#include "unit.h"
#include "model/dt.h"

#ifndef DTB_DIR
#define DTB_DIR "build/dtb"
#endif

#define MIB(n) ((uint64_t)(n) << 20)

/* Read DTB_DIR/<name>.dtb into a malloc'd (so 8-byte aligned) buffer. */
static void *load(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	void *buf = NULL;
	long n;

	snprintf(path, sizeof(path), "%s/%s.dtb", DTB_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open %s (run make, which builds it)\n", path);
		unit_fail++;
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	CHECK(buf != NULL);
	return buf;
}

/* Parse fixture @name into @dt; 0 on success. */
static int parse_fixture(const char *name, struct cma_dt *dt)
{
	size_t len = 0;
	char err[160];
	void *blob = load(name, &len);
	int rc;

	if (!blob)
		return -1;
	rc = dt_parse(blob, len, dt, err, sizeof(err));
	if (rc)
		fprintf(stderr, "%s: dt_parse: %s\n", name, err);
	CHECK(rc == 0);
	free(blob);
	return rc;
}

static const struct cma_dt_pool *pool(const struct cma_dt *dt, const char *name)
{
	for (int i = 0; i < dt->npools; i++)
		if (!strcmp(dt->pools[i].name, name))
			return &dt->pools[i];
	fprintf(stderr, "pool %s not found\n", name);
	unit_fail++;
	return NULL;
}

static struct cma_dt dt;	/* 10 KiB: keep it off the stack */

static void test_lab_captures(void)
{
	const struct cma_dt_pool *p;

	if (parse_fixture("lab-c-dt-size96M", &dt) == 0 && (p = pool(&dt, "linux,cma"))) {
		CHECK(dt.npools == 1);
		CHECK(p->has_size && !p->has_reg && !p->has_alloc_ranges && !p->has_alignment);
		CHECK_U64(p->size, MIB(96));
		CHECK(p->is_default && p->reusable && !p->no_map && p->shared_dma_pool);
		CHECK_U64(dt.memory_bytes, MIB(1024));
		CHECK(!dt.has_bootargs);
		CHECK_STR(dt.model, "linux,dummy-virt");
		CHECK_STR(dt.compatible, "linux,dummy-virt");
	}
	if (parse_fixture("lab-e-dt-reg80M", &dt) == 0 && (p = pool(&dt, "linux,cma"))) {
		CHECK(p->has_reg && !p->has_size);
		CHECK_U64(p->reg_base, 0x70000000);
		CHECK_U64(p->reg_size, MIB(80));
		CHECK(p->is_default && p->reusable);
	}
	if (parse_fixture("lab-g-dt-reg16M-unitaddr", &dt) == 0 &&
	    (p = pool(&dt, "linux,cma@60000000"))) {
		CHECK_U64(p->reg_base, 0x60000000);
		CHECK_U64(p->reg_size, MIB(16));
	}
	if (parse_fixture("stock-f-dt-bootargs-cma48M", &dt) == 0) {
		CHECK(dt.npools == 0);
		CHECK(dt.has_bootargs);
		CHECK(dt.bootargs.has_cma && dt.bootargs.cma_valid);
		CHECK_U64(dt.bootargs.size, MIB(48));
	}
	if (parse_fixture("stock-a-default", &dt) == 0) {
		CHECK(dt.npools == 0 && !dt.has_bootargs);
		CHECK_U64(dt.memory_bytes, MIB(1024));
	}
}

static void test_one_cell(void)
{
	const struct cma_dt_pool *p;

	/* RPi 4 style: #address-cells 2, #size-cells 1 */
	if (parse_fixture("rpi4-1cell-size", &dt) == 0 && (p = pool(&dt, "linux,cma"))) {
		CHECK(dt.npools == 1);	/* nvram@0 is disabled and not a pool */
		CHECK(p->has_size);
		CHECK_U64(p->size, MIB(64));
		CHECK(p->has_alloc_ranges);
		CHECK_U64(p->ar_base, 0);
		CHECK_U64(p->ar_size, 0x40000000);
		CHECK_U64(dt.memory_bytes, 0x3b400000ULL + 0xbc000000ULL);
		CHECK(dt.has_bootargs && dt.bootargs.has_cma);
		CHECK_U64(dt.bootargs.size, MIB(256));
		CHECK(dt.bootargs.has_base);
		CHECK_U64(dt.bootargs.base, 0x10000000);
		CHECK_STR(dt.compatible, "cmactl,rpi4-like");
	}
	/* 32-bit RPi style: every cell count 1 */
	if (parse_fixture("rpi3-32bit-1cell", &dt) == 0 && (p = pool(&dt, "linux,cma"))) {
		CHECK_U64(p->size, MIB(256));
		CHECK(p->has_alignment);
		CHECK_U64(p->alignment, MIB(4));
		CHECK(p->has_alloc_ranges);	/* first of two entries */
		CHECK_U64(p->ar_base, 0);
		CHECK_U64(p->ar_size, 0x30000000);
		CHECK_U64(dt.memory_bytes, 0x3b400000);
	}
}

static void test_mixed_pools(void)
{
	const struct cma_dt_pool *p;

	if (parse_fixture("pools-mixed", &dt))
		return;
	CHECK(dt.npools == 5);	/* ramoops and the disabled pool are not listed */
	CHECK_U64(dt.memory_bytes, MIB(2048) + MIB(4096));	/* disabled node not counted */
	CHECK(!dt.has_bootargs);
	if ((p = pool(&dt, "linux,cma"))) {
		CHECK(p->is_default && p->reusable && p->has_size && p->has_alignment);
		CHECK_U64(p->size, MIB(128));
		CHECK_U64(p->alignment, MIB(32));
		CHECK_U64(p->ar_base, 0x80000000);
		CHECK_U64(p->ar_size, 0x40000000);
	}
	if ((p = pool(&dt, "vpu-cma@98000000"))) {
		CHECK(!p->is_default && p->reusable && !p->no_map && p->has_reg);
		CHECK_U64(p->reg_size, MIB(256));
	}
	if ((p = pool(&dt, "dsp@a0000000"))) {
		CHECK(p->no_map && !p->reusable && !p->is_default);
		CHECK_U64(p->reg_base, 0xa0000000);
	}
	if ((p = pool(&dt, "dma-pool"))) {
		CHECK(!p->reusable && !p->no_map && p->has_size);
		CHECK_U64(p->size, MIB(16));
	}
	if ((p = pool(&dt, "ok-cma")))
		CHECK_U64(p->size, 1ULL << 32);
}

static void test_memory(void)
{
	const struct cma_dt_pool *p;

	if (parse_fixture("memory-zero", &dt) == 0) {
		CHECK_U64(dt.memory_bytes, 0);
		CHECK_STR(dt.model, "");
		CHECK_STR(dt.compatible, "cmactl,memory-zero");
		CHECK(dt.has_bootargs && !dt.bootargs.has_cma);
		CHECK(dt.npools == 0);
	}
	/* banks that touch or overlap are one run; a hole starts another */
	if (parse_fixture("memory-banks", &dt) == 0) {
		/* 512 + 512 + 768 MiB (overlapping 256 counted twice, as the sum is) + 256 */
		CHECK_U64(dt.memory_bytes, MIB(512) + MIB(512) + MIB(768) + MIB(256));
		CHECK(!dt.memory_one_run);
		CHECK(dt.memory_runs == 2);
		CHECK_U64(dt.memory_largest_run, 0xa0000000ULL - 0x40000000ULL);
	}
	/* the Raspberry Pi 4 layout: 0-0x3b400000, a hole, 0x40000000-0xfc000000 */
	if (parse_fixture("rpi4-1cell-size", &dt) == 0) {
		CHECK(dt.memory_runs == 2);
		CHECK_U64(dt.memory_largest_run, 0xbc000000ULL);
	}
	if (parse_fixture("rpi3-32bit-1cell", &dt) == 0) {
		CHECK(dt.memory_one_run && dt.memory_runs == 1);
		CHECK_U64(dt.memory_largest_run, 0x3b400000);
	}
	/* root without cells: Linux's 1/1 defaults; partial reg entry dropped */
	if (parse_fixture("memory-byname", &dt) == 0 && (p = pool(&dt, "cma@28000000"))) {
		CHECK_U64(dt.memory_bytes, MIB(256) + MIB(128));
		CHECK_U64(p->reg_base, 0x28000000);
		CHECK_U64(p->reg_size, MIB(32));
	}
}

static void test_kernel_rejects(void)
{
	if (parse_fixture("resmem-cells-mismatch", &dt) == 0) {
		CHECK(dt.npools == 0);
		CHECK_U64(dt.memory_bytes, MIB(1024));
	}
	if (parse_fixture("resmem-no-ranges", &dt) == 0)
		CHECK(dt.npools == 0);
}

static void test_odd_values(void)
{
	const struct cma_dt_pool *p;

	if (parse_fixture("odd-values", &dt))
		return;
	CHECK_STR(dt.model, "ABC");		/* no NUL in the blob */
	CHECK_STR(dt.compatible, "\xff\xfe" "A");
	CHECK(dt.has_bootargs && dt.bootargs.has_cma);
	CHECK_U64(dt.bootargs.size, MIB(32));
	CHECK(dt.npools == 2);			/* empty compatible is not a pool */
	CHECK(strlen(dt.pools[0].name) == CMA_NAME_MAX - 1);
	CHECK(!strncmp(dt.pools[0].name, "pool-with-a-very-long-name", 26));
	CHECK(!dt.pools[0].has_size);		/* 2 cells where #size-cells is 1 */
	if ((p = pool(&dt, "bad-reg@10000000")))
		CHECK(!p->has_reg);
	if (parse_fixture("many-pools", &dt) == 0) {
		CHECK(dt.npools == CMA_MAX_POOLS);
		CHECK_STR(dt.pools[CMA_MAX_POOLS - 1].name, "cma31@47c00000");
		CHECK_U64(strlen(dt.model), 125);	/* the euro sign is not split */
	}
}

/* Expect rejection, a zeroed result and a message naming the problem. */
static void expect_reject(const void *blob, size_t len, const char *want)
{
	char err[160] = "";

	memset(&dt, 0xa5, sizeof(dt));
	CHECK(dt_parse(blob, len, &dt, err, sizeof(err)) == -1);
	CHECK(dt.npools == 0 && dt.memory_bytes == 0 && !dt.has_bootargs);
	if (!strstr(err, want)) {
		fprintf(stderr, "error \"%s\" does not mention \"%s\"\n", err, want);
		unit_fail++;
	} else {
		unit_pass++;
	}
}

/* A tiny LCG: the "random" blobs are the same on every run. */
static uint32_t rnd(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void test_hostile(void)
{
	size_t len = 0;
	uint8_t *good = load("lab-c-dt-size96M", &len);
	uint8_t *buf;
	uint32_t seed = 1;

	if (!good)
		return;
	buf = malloc(len);
	expect_reject(good, 0, "shorter than its header");
	expect_reject(good, sizeof(struct fdt_header) - 1, "shorter than its header");
	expect_reject(good, len - 1, "cut short");
	expect_reject(good, len / 2, "cut short");

	memcpy(buf, good, len);
	buf[0] ^= 0xff;
	expect_reject(buf, len, "FDT_ERR_BADMAGIC");

	memcpy(buf, good, len);
	fdt_set_totalsize(buf, (uint32_t)len + 4096);
	expect_reject(buf, len, "cut short");

	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd(&seed);
	expect_reject(buf, len, "FDT_ERR_BADMAGIC");

	/* valid header, garbage structure block */
	memcpy(buf, good, len);
	for (uint32_t i = 0; i < fdt_size_dt_struct(good); i++)
		buf[fdt_off_dt_struct(good) + i] = (uint8_t)rnd(&seed);
	expect_reject(buf, len, "corrupt device tree blob");

	/* a property whose name offset points outside the strings block */
	memcpy(buf, good, len);
	fdt_set_size_dt_strings(buf, 8);
	expect_reject(buf, len, "corrupt device tree blob");

	/* flip random bytes: must never crash; success is allowed */
	for (int round = 0; round < 2000; round++) {
		char err[160];

		memcpy(buf, good, len);
		for (int k = 0; k < 4; k++)
			buf[rnd(&seed) % len] ^= (uint8_t)(1u << (rnd(&seed) % 8));
		if (dt_parse(buf, len, &dt, err, sizeof(err)) == 0)
			CHECK(dt.npools <= CMA_MAX_POOLS);
		else
			CHECK(err[0] != '\0');
	}
	free(buf);
	free(good);
}

int main(void)
{
	test_lab_captures();
	test_one_cell();
	test_mixed_pools();
	test_memory();
	test_kernel_rejects();
	test_odd_values();
	test_hostile();
	return UNIT_DONE("dt");
}
