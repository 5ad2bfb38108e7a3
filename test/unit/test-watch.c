// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the sampling model of `cmactl watch` (src/model/watch.c).
 * The counter values are those of the lab-b capture (6.1.192, a 32 MiB
 * area "reserved" = 8192 pages; ../shared/captures/lab-b-cmdline-cma32M)
 * moved by hand through a run: expected peaks and deltas are the inputs'.
 */
#include "model/watch.h"
#include "unit.h"

#define B(f) (1u << (f))

static struct watch_sample sample(uint64_t t, uint64_t used, uint64_t chunk, uint64_t fail)
{
	struct watch_sample s = { .t_ms = t, .has_meminfo = true, .cma_total = 32u << 20,
				  .cma_free = (8192 - used) * 4096, .n = 1 };

	strcpy(s.area[0].name, "reserved");
	s.area[0].has = B(WF_COUNT) | B(WF_USED) | B(WF_MAXCHUNK) | B(WF_AFAIL) | B(WF_ASUCC);
	s.area[0].v[WF_COUNT] = 8192;
	s.area[0].v[WF_USED] = used;
	s.area[0].v[WF_MAXCHUNK] = chunk;
	s.area[0].v[WF_AFAIL] = fail;
	s.area[0].v[WF_ASUCC] = used;
	return s;
}

static void test_peaks(void)
{
	static struct watch_state w;
	struct watch_sample s;

	watch_init(&w, 4096);
	s = sample(0, 0, 8192, 0);
	watch_add_sample(&w, &s);
	s = sample(100, 4096, 4096, 0);
	watch_add_sample(&w, &s);
	s = sample(200, 6000, 1000, 0);
	watch_add_sample(&w, &s);
	s = sample(300, 1024, 2000, 0);
	watch_add_sample(&w, &s);
	CHECK_U64(w.samples, 4);
	CHECK_U64(w.n, 1);
	CHECK_U64(w.a[0].used, 1024);
	CHECK_U64(w.a[0].peak_used, 6000);
	CHECK_U64(w.a[0].peak_used_t, 200);
	CHECK_U64(w.a[0].min_free, 8192 - 6000);
	CHECK_U64(w.a[0].min_chunk, 1000);
	CHECK_U64(w.a[0].min_chunk_t, 200);
	CHECK_U64(w.peak_mem_used, 6000 * 4096);
	CHECK_U64(w.min_cma_free, (8192 - 6000) * 4096);
	CHECK_U64(w.a[0].nspark, 4);
	CHECK_U64(w.a[0].spark[1], 4);		/* 4096 of 8192 pages: 4/8 */
	CHECK(!w.approximate);
	CHECK_U64(w.fails_total, 0);
}

/* alloc_pages_fail going down is a reset (the area's counters start again). */
static void test_counter_reset(void)
{
	static struct watch_state w;
	struct watch_sample s;

	watch_init(&w, 4096);
	s = sample(0, 0, 8192, 100);
	watch_add_sample(&w, &s);
	s = sample(100, 0, 8192, 100);
	watch_add_sample(&w, &s);
	s = sample(200, 0, 8192, 30);		/* reset, then 30 pages failed */
	CHECK(watch_add_sample(&w, &s) == 1);
	CHECK_U64(w.a[0].c[WF_AFAIL].resets, 1);
	CHECK_U64(w.a[0].c[WF_AFAIL].delta, 30);
	CHECK_U64(w.fails_total, 1);
	CHECK(w.fails[0].origin == WFO_COUNTER);
	CHECK_U64(w.fails[0].pages, 30);
	s = sample(300, 0, 8192, 50);
	watch_add_sample(&w, &s);
	CHECK_U64(w.a[0].c[WF_AFAIL].delta, 50);
	CHECK_U64(w.fails_total, 2);
}

/* A failure logged between two samples carries the sample before it; the
 * counter's growth at the next sample is the same failure, not a second one. */
static void test_log_between_samples(void)
{
	static const char rec[] = "3,412,710306,-;cma: cma_alloc: reserved: alloc failed, "
				  "req-size: 4096 pages, ret: -12";
	static struct watch_state w;
	struct watch_sample s;

	watch_init(&w, 4096);
	s = sample(0, 0, 8192, 0);
	watch_add_sample(&w, &s);
	s = sample(100, 6000, 2000, 0);
	watch_add_sample(&w, &s);
	CHECK(watch_add_log_line(&w, 150, rec, sizeof(rec) - 1) == 1);
	s = sample(200, 6000, 2000, 4096);
	CHECK(watch_add_sample(&w, &s) == 0);
	CHECK_U64(w.fails_total, 1);
	CHECK(w.fails[0].origin == WFO_LOG);
	CHECK_STR(w.fails[0].area, "reserved");
	CHECK_U64(w.fails[0].pages, 4096);
	CHECK(w.fails[0].ret == -12);
	CHECK_U64(w.fails[0].t_ms, 150);
	CHECK(w.fails[0].has_before);
	CHECK_U64(w.fails[0].before_t_ms, 100);
	CHECK_U64(w.fails[0].before_used, 6000);
	CHECK_U64(w.fails[0].before_chunk, 2000);
	CHECK_U64(w.largest_fail_pages, 4096);
	/* the counter grows later than the log and by more: only the rest is new */
	s = sample(220, 6000, 2000, 4096 + 100);
	CHECK(watch_add_sample(&w, &s) == 1);
	CHECK(w.fails[1].origin == WFO_COUNTER);
	CHECK_U64(w.fails[1].pages, 100);
	w.nfails = 1, w.fails_total = 1;
	/* the same line once more is a second failure (the kernel logged it twice) */
	CHECK(watch_add_log_line(&w, 250, rec, sizeof(rec) - 1) == 1);
	CHECK_U64(w.fails_total, 2);
	CHECK_U64(w.fails[1].before_t_ms, 220);
}

/* EPIPE from /dev/kmsg and a gap in sequence numbers: both say records were lost. */
static void test_overrun(void)
{
	static struct watch_state w;
	char msg[160];

	watch_init(&w, 4096);
	watch_add_log_line(&w, 0, "6,100,5,-;usb 1-1: new device", 29);
	watch_add_log_line(&w, 1, "6,101,6,-;usb 1-1: gone", 23);
	watch_add_overruns(&w, 1);
	watch_add_log_line(&w, 2, "6,140,7,-;eth0: up", 18);
	CHECK_U64(w.log_overruns, 1);
	CHECK_U64(w.log_lost, 38);
	CHECK_U64(w.log_lines, 3);
	watch_verdict(&w, msg, sizeof(msg));
	CHECK_STR(msg, "no sample was taken");
}

/* A kernel with meminfo only: approximate, and said so. */
static void test_meminfo_only(void)
{
	static struct watch_state w;
	struct watch_sample s = { .t_ms = 0, .has_meminfo = true, .cma_total = 64u << 20,
				  .cma_free = 60u << 20 };
	char msg[400];

	watch_init(&w, 4096);
	watch_add_sample(&w, &s);
	s.t_ms = 100, s.cma_free = 16u << 20;
	watch_add_sample(&w, &s);
	CHECK(w.approximate);
	CHECK_U64(w.peak_mem_used, 48u << 20);
	CHECK_U64(w.peak_mem_used_t, 100);
	watch_missing(&w, msg, sizeof(msg));
	CHECK(strstr(msg, "approximate") != NULL);
	watch_verdict(&w, msg, sizeof(msg));
	CHECK_STR(msg, "no failure seen; peak CmaTotal - CmaFree 75% of CmaTotal (approximate)");
}

/* State stays the same size however long the run: the sparkline is a window. */
static void test_bounded(void)
{
	static struct watch_state w;
	struct watch_sample s;

	watch_init(&w, 4096);
	for (uint64_t t = 0; t < 100000; t++) {
		s = sample(t * 100, t % 8193, 8192 - t % 8193, 0);
		watch_add_sample(&w, &s);
	}
	CHECK_U64(w.a[0].nspark, WATCH_SPARK);
	CHECK_U64(w.a[0].peak_used, 8192);
	CHECK_U64(w.a[0].min_chunk, 0);
	CHECK_U64(w.samples, 100000);
	/* the timeline stays bounded and still holds the peak and the low */
	CHECK(w.a[0].series.n <= WATCH_SERIES);
	CHECK(w.a[0].series.n > WATCH_SERIES / 2);
	{
		uint64_t mx = 0, mn = UINT64_MAX;

		for (unsigned i = 0; i < w.a[0].series.n; i++) {
			mx = w.a[0].series.p[i].used > mx ? w.a[0].series.p[i].used : mx;
			mn = w.a[0].series.p[i].chunk < mn ? w.a[0].series.p[i].chunk : mn;
		}
		CHECK_U64(mx, 8192);
		CHECK_U64(mn, 0);
	}
}

/* One spike among many samples survives every merge. */
static void test_series(void)
{
	static struct watch_series s;

	for (uint64_t t = 0; t < 5000; t++)
		watch_series_add(&s, &(struct watch_point){ t, t == 3333 ? 999 : 1, 50, true,
							    true });
	CHECK(s.n <= WATCH_SERIES);
	CHECK_U64(s.p[0].t_ms, 0);
	{
		unsigned spikes = 0;

		for (unsigned i = 0; i < s.n; i++)
			spikes += s.p[i].used == 999;
		CHECK_U64(spikes, 1);
	}
}

static void test_durations(void)
{
	uint64_t ms;

	CHECK(watch_duration_parse("100ms", &ms) == 0 && ms == 100);
	CHECK(watch_duration_parse("0.5s", &ms) == 0 && ms == 500);
	CHECK(watch_duration_parse("2", &ms) == 0 && ms == 2000);
	CHECK(watch_duration_parse("1.5m", &ms) == 0 && ms == 90000);
	CHECK(watch_duration_parse("1h", &ms) == 0 && ms == 3600000);
	CHECK(watch_duration_parse("", &ms) < 0);
	CHECK(watch_duration_parse("-1s", &ms) < 0);
	CHECK(watch_duration_parse("1.s", &ms) < 0);
	CHECK(watch_duration_parse("5x", &ms) < 0);
	CHECK(watch_duration_parse("99999999999999999999", &ms) < 0);
}

int main(void)
{
	test_durations();
	test_peaks();
	test_counter_reset();
	test_log_between_samples();
	test_overrun();
	test_meminfo_only();
	test_bounded();
	test_series();
	return UNIT_DONE("watch");
}
