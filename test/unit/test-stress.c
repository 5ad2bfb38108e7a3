// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the pure half of `cmactl stress` (src/model/stress.c). */
#include <errno.h>
#include <stdlib.h>
#include "model/kconfig.h"
#include "model/stress.h"
#include "unit.h"

static const struct stress_target lab = {	/* the lab kernel: 16 MiB, Kconfig area */
	.heap = "reserved", .area = "reserved", .is_cma = true, .area_known = true,
	.area_bytes = 16 << 20, .total_known = true, .cma_total = 16 << 20, .page_size = 4096,
};

static void test_parsers(void)
{
	uint64_t ms, lo, hi;
	char err[160];

	CHECK(stress_seconds_parse("2", &ms) == 0 && ms == 2000);
	CHECK(stress_seconds_parse("0.25s", &ms) == 0 && ms == 250);
	CHECK(stress_seconds_parse("-1", &ms) < 0);
	CHECK(stress_seconds_parse("", &ms) < 0);
	CHECK(stress_seconds_parse("1x", &ms) < 0);
	CHECK(stress_range_parse("64K-4M", 4096, &lo, &hi, err, sizeof(err)) == 0);
	CHECK_U64(lo, 65536);
	CHECK_U64(hi, 4 << 20);
	CHECK(stress_range_parse("2p-1p", 4096, &lo, &hi, err, sizeof(err)) < 0);
	CHECK(stress_range_parse("64K", 4096, &lo, &hi, err, sizeof(err)) < 0);
	CHECK_U64(stress_pages(16781312, 4096), 4097);
	CHECK_U64(stress_pages(1, 4096), 1);
}

static void test_plan(void)
{
	struct stress_opts o = { .size = 16781312 };
	struct stress_target sys = lab;
	struct stress_plan p;
	char err[320];

	/* 4097 pages on a 4096-page area: planned once, never refused, no budget */
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0);
	CHECK(p.impossible_by_size && p.count == 1 && p.jobs == 1 && p.budget == UINT64_MAX);
	o = (struct stress_opts){ .size = 1 << 20, .count = 8 };
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0);
	CHECK(!p.impossible_by_size && p.budget == 16 << 20);
	o.count = 17;	/* 17 MiB > the 16 MiB area */
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) < 0);
	CHECK(strstr(err, "more than the area's size") != NULL);
	o.force = true;
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0 && p.budget == UINT64_MAX);
	o = (struct stress_opts){ .size = 1 << 20, .count = 4, .jobs = 2, .until_fail = false };
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0 && p.budget == 8 << 20);
	o = (struct stress_opts){ .until_fail = true };
	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0 && p.count == 0);
	CHECK_U64(p.size_min, 1 << 20);	/* default size */
	sys.is_cma = false;
	strcpy(sys.heap, "system");
	o = (struct stress_opts){ 0 };
	CHECK(stress_plan_make(&o, &sys, &p, err, sizeof(err)) < 0);
	CHECK(strstr(err, "buddy-allocator heap") != NULL);
}

static void test_sizes_and_latency(void)
{
	struct stress_opts o = { .min = 65536, .max = 2 << 20, .count = 4, .seed = 7 };
	struct stress_plan p;
	uint64_t rng = 7, ns[] = { 50, 10, 40, 30, 20 };
	struct stress_lat lat = { 0 };
	struct stress_latency l;
	char err[320];
	bool in_range = true;

	CHECK(stress_plan_make(&o, &lab, &p, err, sizeof(err)) == 0);
	for (int i = 0; i < 1000; i++) {
		uint64_t s = stress_next_size(&p, &rng);

		in_range &= s >= 65536 && s <= (2 << 20) && s % 4096 == 0;
	}
	CHECK(in_range);
	stress_latency_compute(&lat, &l);
	CHECK(!l.known);
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
		CHECK(stress_lat_add(&lat, ns[i]) == 0);
	stress_latency_compute(&lat, &l);
	CHECK(l.known && l.exact && l.count == 5 && l.min == 10 && l.median == 30 && l.p99 == 50 &&
	      l.max == 50);
	stress_lat_free(&lat);
	lat = (struct stress_lat){ 0 };
	CHECK(stress_lat_add(&lat, 5) == 0);
	stress_latency_compute(&lat, &l);
	CHECK(l.min == 5 && l.median == 5 && l.p99 == 5);
	stress_lat_free(&lat);
}

/*
 * Past exact_max samples, a histogram (model/stress.h). Worked by hand: 1000, 2000,
 * ..., 100000 ns; nearest ranks 50 and 99 of 100 are 50000 and 99000 ns.
 * 50000 is in [2^15, 2^16): steps of 2^(15-7) = 256, its step starts at
 * 195 * 256 = 49920. 99000 is in [2^16, 2^17): steps of 512, 193 * 512 = 98816.
 */
static void test_latency_histogram(void)
{
	struct stress_lat lat = { .exact_max = 4 }, big = { .exact_max = 1 }, a = { 0 },
			  b = { .exact_max = 64 };
	struct stress_latency l, la, lb;
	uint64_t rng = 1;
	bool within = true;

	for (uint64_t i = 1; i <= 100; i++)
		CHECK(stress_lat_add(&lat, 1000 * i) == 0);
	stress_latency_compute(&lat, &l);
	CHECK(l.known && !l.exact && l.count == 100);
	CHECK(l.min == 1000 && l.max == 100000);
	CHECK(l.median == 49920 && l.p99 == 98816);
	stress_lat_free(&lat);
	/* the ends of the range: rank 1 of 2 is 0 (exact below 128); rank 2 is
	 * UINT64_MAX, in [2^63, 2^64): its step starts at 255 << 56 */
	CHECK(stress_lat_add(&big, UINT64_MAX) == 0 && stress_lat_add(&big, 0) == 0);
	stress_latency_compute(&big, &l);
	CHECK(!l.exact && l.min == 0 && l.max == UINT64_MAX);
	CHECK(l.median == 0 && l.p99 == (uint64_t)255 << 56);
	stress_lat_free(&big);
	/* any samples: the histogram's ranks are the exact ones or at most 1/128 below */
	for (int i = 0; i < 5000; i++) {
		uint64_t v;

		rng = rng * 6364136223846793005ull + 1442695040888963407ull;
		v = (rng >> 33) % 5000000;
		stress_lat_add(&a, v);
		stress_lat_add(&b, v);
	}
	stress_latency_compute(&a, &la);
	stress_latency_compute(&b, &lb);
	CHECK(la.exact && !lb.exact && la.count == lb.count && la.min == lb.min && la.max == lb.max);
	within &= lb.median <= la.median && lb.median >= la.median - la.median / 128;
	within &= lb.p99 <= la.p99 && lb.p99 >= la.p99 - la.p99 / 128;
	CHECK(within);
	stress_lat_free(&a);
	stress_lat_free(&b);
}

/* The lab's three outcomes (LAB.md section 9), as the engine reports them. */
static void test_verdicts(void)
{
	struct stress_outcome o = { .attempted = 1, .failed = 1, .first_err = ENOMEM,
		.first_fail_bytes = 16781312, .page_size = 4096, .target = &lab,
		.log_watched = true };
	struct stress_verdict v;

	o.at_peak = (struct stress_snapshot){ .has_used = true, .used = 96, .has_count = true,
		.count = 4096, .has_maxchunk = true, .maxchunk = 4000 };
	stress_verdict_make(&o, &v);
	CHECK_STR(stress_verdict_name(v.code), "larger-than-area");
	CHECK(strstr(v.text, "4097 pages") && strstr(v.text, "logged nothing"));
	o.first_fail_bytes = 16 << 20;
	o.log_has_fail = true;
	stress_verdict_make(&o, &v);
	CHECK_STR(stress_verdict_name(v.code), "exhausted");
	CHECK(strstr(v.text, "4000 of 4096 pages free") != NULL);
	o.first_fail_bytes = 2000 * 4096;	/* 2000 pages with 3000 held: maxchunk 840 */
	o.at_peak.used = 1096, o.at_peak.maxchunk = 840;
	stress_verdict_make(&o, &v);
	CHECK_STR(stress_verdict_name(v.code), "fragmented");
	o.first_err = EBUSY;
	stress_verdict_make(&o, &v);
	CHECK_STR(stress_verdict_name(v.code), "busy");
	o = (struct stress_outcome){ .attempted = 8, .succeeded = 8, .target = &lab };
	stress_verdict_make(&o, &v);
	CHECK_STR(stress_verdict_name(v.code), "ok");
}

static void test_log_and_heaps(void)
{
	static const char line[] = "[    0.710306] cma: cma_alloc: reserved: alloc failed, "
				   "req-size: 4096 pages, ret: -12";

	/* the heaps themselves: test-heaps.c (model/heaps.c) */
	CHECK(stress_log_relevant(line));
	CHECK(!stress_log_relevant("[ 1.0] usb 1-1: new device"));
}

static void test_config_and_modules(void)
{
	static const char stock[] = "CONFIG_CMA=y\nCONFIG_DMA_CMA=y\n# CONFIG_DMABUF_HEAPS is not set\n";
	static const char mods[] = "cma_heap 16384 0 [permanent], Live 0xffff800000e10000\n"
				   "cma 1 0 - Live 0x0\n";
	struct cma_kconfig k;
	struct heap_diag d = { .kconfig_known = true, .dir = "/r/dev/dma_heap",
			       .kconfig_origin = "/r/boot/config-6.1.0-56-arm64" };
	char state[32], out[2048];

	kconfig_parse(stock, sizeof(stock) - 1, &k);
	CHECK(k.cma == KC_YES && k.dmabuf_heaps == KC_NO && k.heaps_cma == KC_UNKNOWN);
	CHECK(proc_modules_find(mods, sizeof(mods) - 1, "cma_heap", state, sizeof(state)));
	CHECK_STR(state, "Live");
	CHECK(!proc_modules_find(mods, sizeof(mods) - 1, "cma_he", state, sizeof(state)));
	d.kc = k;
	stress_diagnose(&d, out, sizeof(out));
	CHECK(strstr(out, "no dma-buf heaps: /r/dev/dma_heap does not exist\n") == out);
	CHECK(strstr(out, "has '# CONFIG_DMABUF_HEAPS is not set'") != NULL);
	d.kc.dmabuf_heaps = KC_YES, d.kc.heaps_cma = KC_MODULE, d.mod = HEAPMOD_MODULE;
	strcpy(d.mod_detail, "/lib/modules/6.1.192/kernel/drivers/dma-buf/heaps/cma_heap.ko");
	d.loaded_known = true;
	stress_diagnose(&d, out, sizeof(out));
	CHECK(strstr(out, "not loaded: run again with --load-module") != NULL);
}

/*
 * Issue 15, the 7.2 lab run: a 16 MiB heap whose CmaTotal is 112 MiB (other
 * areas), the four-line dump, and the failure line the kernel now prints for
 * a request larger than the area (lab72-a-kconfig16M/dmesg-after-alloc).
 */
static void test_72_diagnosis(void)
{
	struct stress_target t = lab;
	struct stress_opts o = { .size = 1 << 20, .count = 17 };
	struct stress_plan p;
	struct stress_outcome out = { .failed = 1, .first_err = ENOMEM, .page_size = 4096,
				      .first_fail_bytes = 4097ull * 4096, .target = &t,
				      .log_watched = true };
	struct stress_verdict v;
	struct cma_klog k;
	static const char *const lines[] = {
		"[    0.714883] cma: __cma_alloc_frozen: reserved: alloc failed, req-size: 4097 pages, ret: -16",
		"[    0.714984] cma: number of available pages: ",
		"[    0.715008] cma: range 0: +4064@32",
		"[    0.715339] cma: ",
		"[    0.715357] => 4064 free of 4096 total pages",
	};
	char err[256];

	t.cma_total = 112ull << 20;
	/* 17 MiB held at once is more than the 16 MiB area, whatever CmaTotal says */
	CHECK(stress_plan_make(&o, &t, &p, err, sizeof(err)) < 0);
	CHECK(strstr(err, "more than the area's size (16 MiB)") != NULL);
	o.count = 16;
	CHECK(stress_plan_make(&o, &t, &p, err, sizeof(err)) == 0);
	CHECK(p.bound_is_area);
	CHECK_U64(p.bound, 16 << 20);
	klog_init(&k);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		klog_feed_line(&k, lines[i], strlen(lines[i]));
		CHECK(stress_log_relevant(lines[i]) || i == 3);
	}
	CHECK_U64(k.fails_total, 1);
	out.log_has_fail = k.fails_total > 0;
	out.plan = &p;
	stress_verdict_make(&out, &v);
	CHECK(v.code == SV_LARGER_THAN_AREA);
	CHECK(strstr(v.text, "The kernel logged it.") != NULL);
	CHECK(strstr(v.text, "logged nothing") == NULL);
}

int main(void)
{
	test_72_diagnosis();
	test_parsers();
	test_plan();
	test_sizes_and_latency();
	test_latency_histogram();
	test_verdicts();
	test_log_and_heaps();
	test_config_and_modules();
	return UNIT_DONE("stress");
}
