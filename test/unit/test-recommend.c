// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the sizing of `cmactl recommend` (src/model/recommend.c)
 * against worked examples. Frame sizes: the kernel's V4L2 format pages give
 * 4x4 examples (pixfmt-yuv-planar.rst: NV12 4x4 = 16 Y + 8 CbCr bytes;
 * pixfmt-packed-yuv.rst: YUYV 4x4 = 4 rows of 8 bytes); larger ones are the
 * same arithmetic by hand, written out in the comments.
 */
#include "model/cma.h"
#include "model/request.h"
#include "model/recommend.h"
#include "model/watch.h"
#include "unit.h"
#include "sources.h"

#define MiB ((uint64_t)1 << 20)

static void test_frames(void)
{
	struct rec_stream s;
	char err[300];

	CHECK(rec_stream_parse("4x4:NV12:1", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 16 + 8);
	CHECK_U64(s.buffer_bytes, 4096);		/* one page: PAGE_ALIGN */
	CHECK(rec_stream_parse("4x4:YUYV:1", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 4 * 8);
	/* 1920 x 1080 x 1 + 960 x 540 x 2 = 2073600 + 1036800 = 3110400 B,
	 * 759.4 pages -> 760 pages = 3112960 B */
	CHECK(rec_stream_parse("1920x1080:nv12:8", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 3110400);
	CHECK_U64(s.buffer_bytes, 3112960);
	CHECK_U64(s.count, 8);
	/* P010: 1920 x 1080 x 2 + 960 x 540 x 4 = 4147200 + 2073600 */
	CHECK(rec_stream_parse("1920x1080:P010:1", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 6220800);
	/* RGB888 640 x 480 x 3 = 921600 = 225 pages exactly */
	CHECK(rec_stream_parse("640x480:RGB888:2", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.buffer_bytes, 921600);
	/* odd sizes: chroma rounds up (DRM: DIV_ROUND_UP(width, hsub)) */
	CHECK(rec_stream_parse("3x3:YUV420:1", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 9 + 4 + 4);
	/* 64 KiB pages: 3110400 B -> 48 pages = 3145728 */
	CHECK(rec_stream_parse("1920x1080:NV12:1", 65536, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.buffer_bytes, 3145728);
}

/*
 * The Hantro H.264 decoder's CAPTURE buffers, worked out by hand from
 * linux-7.2 hantro_try_fmt(): the size clamped to >= 48 and rounded up to 16,
 * NV12 planes of that size, then hantro_h264_mv_size() = 64 x macroblocks + 32.
 */
static void test_hantro_h264(void)
{
	struct rec_stream s;
	char err[300];

	/* 1920x1080 -> 1920x1088: 2088960 + 960 x 544 x 2 = 3133440 B of planes;
	 * 120 x 68 = 8160 macroblocks -> 522272 B; 3655712 B -> 893 pages */
	CHECK(rec_stream_parse("1920x1080:NV12:8:hantro-h264", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.alloc_width, 1920);
	CHECK_U64(s.alloc_height, 1088);
	CHECK_U64(s.extra_bytes, 522272);
	CHECK_U64(s.frame_bytes, 3655712);
	CHECK_U64(s.buffer_bytes, 893 * 4096);
	CHECK_U64(s.count, 8);
	/* 3840x2160 (2160 = 135 x 16): 12441600 + 64 x 240 x 135 + 32 = 14515232 B,
	 * 3543.8 pages -> 3544 */
	CHECK(rec_stream_parse("3840x2160:nv12:2:HANTRO-H264", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 14515232);
	CHECK_U64(s.buffer_bytes, 3544 * 4096);
	/* 32x32 is raised to 48x48: 3456 B + 9 macroblocks x 64 + 32 = 4064 B, one page */
	CHECK(rec_stream_parse("32x32:NV12:1:hantro-h264", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.alloc_width, 48);
	CHECK_U64(s.frame_bytes, 4064);
	CHECK_U64(s.buffer_bytes, 4096);
	/* 1280x720 (45 rows of macroblocks exactly): 1382400 + 230432 = 1612832 B */
	CHECK(rec_stream_parse("1280x720:NV12:4:hantro-h264", 4096, &s, err, sizeof(err)) == 0);
	CHECK_U64(s.frame_bytes, 1612832);
	/* without the decoder: the frame alone, nothing aligned */
	CHECK(rec_stream_parse("1920x1080:NV12:8", 4096, &s, err, sizeof(err)) == 0);
	CHECK(s.dec == NULL);
	CHECK_U64(s.extra_bytes, 0);
	CHECK_U64(s.alloc_height, 1080);
}

/*
 * The other decoders' CAPTURE buffers, worked out by hand from linux-6.1 and
 * linux-7.2: Hantro hantro_try_fmt() + hantro_hw.h, rkvdec
 * rkvdec_try_capture_fmt(). NV12 and NV12_4L4 planes are w x h + (w / 2 x
 * h / 2) x 2 (v4l2-common.c); then the codec's own bytes; pages of 4096.
 */
static const struct {
	const char *stream;
	uint32_t w, h;		/* the size the driver makes */
	uint64_t extra, frame, pages;
} decoded[] = {
	/* VP8, MPEG-2: 16-pixel steps, nothing after the planes; 1920 x 1088 x 1.5 =
	 * 3133440 = 765 pages exactly; 720 x 576 x 1.5 = 622080 -> 151.9 -> 152 */
	{ "1920x1080:NV12:1:hantro-vp8", 1920, 1088, 0, 3133440, 765 },
	{ "720x576:NV12:1:hantro-mpeg2", 720, 576, 0, 622080, 152 },
	/* HEVC 7.2 (steps 8 x 32): 2160 -> 2176; 8355840 + 4177920 = 12533760, mv
	 * 3840 x 2176 / 16 = 522240 -> 13056000 = 3187.5 -> 3188 pages */
	{ "3840x2160:NV12_4L4:4:hantro-hevc", 3840, 2176, 522240, 13056000, 3188 },
	/* 1080 -> 1088: 3133440 + 1920 x 1088 / 16 = 130560 -> 3264000 -> 797 pages */
	{ "1920x1080:NV12_4L4:1:hantro-hevc", 1920, 1088, 130560, 3264000, 797 },
	/* HEVC 6.1 (steps 4 x 4): 12441600 + 518400 = 12960000 -> 3164.06 -> 3165 */
	{ "3840x2160:NV12_4L4:4:hantro-hevc-6.1", 3840, 2160, 518400, 12960000, 3165 },
	/* VP9 i.MX8MQ 7.2: 3133440 + 30 x 17 superblocks x 64 x 16 = 522240 ->
	 * 3655680 = 892.5 -> 893 */
	{ "1920x1080:NV12_4L4:1:hantro-vp9", 1920, 1088, 522240, 3655680, 893 },
	/* VP9 6.1 4K: 12441600 + 60 x 34 x 1024 = 2088960 -> 14530560 = 3547.5 -> 3548 */
	{ "3840x2160:NV12_4L4:1:hantro-vp9-6.1", 3840, 2160, 2088960, 14530560, 3548 },
	/* VP9 H6 (steps 32): 720 -> 736; 1413120 + 20 x 12 x 1024 = 245760 -> 1658880
	 * = 405 pages exactly */
	{ "1280x720:NV12_4L4:1:hantro-vp9-h6", 1280, 736, 245760, 1658880, 405 },
	/* AV1: 12441600 + ALIGN(60 x 34 x 384 = 783360, 16) x 2 + 512 = 1567232 ->
	 * 14008832 = 3420.1 -> 3421; below the minimum 32x32 -> 64x64: 6144 + 384 x 2
	 * + 512 = 7424 -> 2 */
	{ "3840x2160:NV12_4L4:1:hantro-av1", 3840, 2160, 1567232, 14008832, 3421 },
	{ "32x32:NV12_4L4:1:hantro-av1", 64, 64, 1280, 7424, 2 },
	/* rkvdec H.264 7.2 (steps 64 x 16): 3133440 + 128 x 120 x 68 = 1044480 ->
	 * 4177920 = 1020 exactly; 1366 -> 1408: 1622016 + 128 x 88 x 48 = 540672 ->
	 * 2162688 = 528; min 64 x 48: 4608 + 128 x 4 x 3 = 1536 -> 6144 -> 2 */
	{ "1920x1080:NV12:1:rkvdec-h264", 1920, 1088, 1044480, 4177920, 1020 },
	{ "1366x768:NV12:1:rkvdec-h264", 1408, 768, 540672, 2162688, 528 },
	{ "32x32:NV12:1:rkvdec-h264", 64, 48, 1536, 6144, 2 },
	/* rkvdec H.264 6.1 (steps 16): 1366 -> 1376: 1585152 + 128 x 86 x 48 =
	 * 528384 -> 2113536 = 516; min 48 x 48: 3456 + 128 x 9 = 1152 -> 4608 -> 2 */
	{ "1366x768:NV12:1:rkvdec-h264-6.1", 1376, 768, 528384, 2113536, 516 },
	{ "32x32:NV12:1:rkvdec-h264-6.1", 48, 48, 1152, 4608, 2 },
	/* rkvdec VP9 (steps 64): 2160 -> 2176: 12533760 + 128 x 240 x 136 = 4177920 ->
	 * 16711680 = 4080 exactly; HEVC (steps 64 x 16): 12441600 + 128 x 240 x 135 =
	 * 4147200 -> 16588800 = 4050 exactly */
	{ "3840x2160:NV12:1:rkvdec-vp9", 3840, 2176, 4177920, 16711680, 4080 },
	{ "3840x2160:NV12:1:rkvdec-hevc", 3840, 2160, 4147200, 16588800, 4050 },
	/* NV12_4L4 without a decoder: NV12's bytes, 1920 x 1080 x 1.5 */
	{ "1920x1080:NV12_4L4:1", 1920, 1080, 0, 3110400, 760 },
};

static void test_decoders(void)
{
	struct rec_stream s;
	char err[300];

	for (size_t i = 0; i < sizeof(decoded) / sizeof(decoded[0]); i++) {
		int failed = unit_fail;

		CHECK(rec_stream_parse(decoded[i].stream, 4096, &s, err, sizeof(err)) == 0);
		CHECK_U64(s.alloc_width, decoded[i].w);
		CHECK_U64(s.alloc_height, decoded[i].h);
		CHECK_U64(s.extra_bytes, decoded[i].extra);
		CHECK_U64(s.frame_bytes, decoded[i].frame);
		CHECK_U64(s.buffer_bytes, decoded[i].pages * 4096);
		if (unit_fail != failed)
			fprintf(stderr, "  (the stream %s)\n", decoded[i].stream);
	}
}

static void test_bad_streams(void)
{
	static const char *const bad[] = { "", "1920x1080", "1920x1080:NV12", "1920x1080:NV12:0",
		"1920x1080:FOO:1", "0x1080:NV12:1", "1920x:NV12:1", "x1080:NV12:1",
		"1920x1080:NV12:1x", "99999x1080:NV12:1", "1920x1080:NV12:-1", "-5x5:NV12:1",
		"1920x1080:NV12:1:", "1920x1080:NV12:1:foo", "1920x1080:YUYV:1:hantro-h264",
		"4097x1080:NV12:1:hantro-h264", "1920x2305:NV12:1:hantro-h264",
		"1920x1080:NV12::hantro-h264", "1920x1080:NV12:1:hantro-h264:x",
		"1920x1080:NV12:1:hantro-hevc", "3841x2160:NV12_4L4:1:hantro-hevc",
		"3840x2161:NV12_4L4:1:hantro-vp9-6.1", "3840x2161:NV12_4L4:1:hantro-vp9-h6",
		"4096x2160:NV12_4L4:1:hantro-vp9", "4097x2304:NV12_4L4:1:hantro-av1",
		"4096x2305:NV12_4L4:1:hantro-av1", "1920x1080:P010:1:hantro-av1",
		"1920x1080:NV12_4L4:1:hantro-h264", "4096x2561:NV12:1:rkvdec-h264",
		"4097x2160:NV12:1:rkvdec-h264-6.1", "4096x2305:NV12:1:rkvdec-vp9",
		"4096x2305:NV12:1:rkvdec-hevc", "1920x1080:NV12_4L4:1:rkvdec-vp9",
		"1920x1080:NV16:1:rkvdec-h264", "3841x2160:NV12:1:hantro-vp8",
		"1920x1089:NV12:1:hantro-mpeg2", "1920x1080:YUYV:1:hantro-mpeg2" };
	struct rec_stream s;
	char err[300];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK(rec_stream_parse(bad[i], 4096, &s, err, sizeof(err)) < 0);
		CHECK(err[0] != '\0');
	}
	rec_stream_parse("1x1:FOO:1", 4096, &s, err, sizeof(err));
	CHECK(strstr(err, "unknown format 'FOO' (known: NV12") != NULL);
}

/* Eight 1080p NV12 buffers: 8 x 3112960 = 24903680 B, plus one more
 * (3112960) = 28016640 B = 26.7 MiB -> 28 MiB in 4 MiB steps. */
static void test_streams_only(void)
{
	struct rec_stream s;
	struct rec_result r;
	char err[300];
	struct rec_input in = { .page_size = 4096, .align = cmareq_align(4096), .nstreams = 1,
				.streams = &s, .current_known = true, .current = 16 * MiB };

	rec_stream_parse("1920x1080:NV12:8", 4096, &s, err, sizeof(err));
	recommend_size(&in, &r);
	CHECK_U64(r.need, 24903680);
	CHECK_U64(r.headroom, 3112960);
	CHECK_U64(r.raw, 28016640);
	CHECK_U64(r.size, 28 * MiB);
	CHECK(r.change);
	CHECK(r.nlines >= 4);
}

/* The watch test's run: 6000 pages in use, then a 4096-page request failed:
 * (6000 + 4096) x 4096 = 41353216 B, plus that request again (16 MiB) =
 * 58130432 B = 55.4 MiB -> 56 MiB. */
static void test_from_watch(void)
{
	struct rec_result r;
	struct rec_input in = { .page_size = 4096, .align = cmareq_align(4096), .seen = true,
				.peak_known = true, .peak_used = 6000 * 4096, .fails = 1,
				.fail_need = (6000 + 4096) * 4096, .largest_fail = 4096 * 4096,
				.current_known = true, .current = 32 * MiB };

	recommend_size(&in, &r);
	CHECK_U64(r.need, 41353216);
	CHECK_U64(r.headroom, 16 * MiB);
	CHECK_U64(r.size, 56 * MiB);
	/* no failure: the peak plus the largest rise between samples */
	in.fails = 0, in.fail_need = 0, in.largest_fail = 0, in.largest_step = 1000 * 4096;
	recommend_size(&in, &r);
	CHECK_U64(r.raw, 7000 * 4096);
	CHECK_U64(r.size, 28 * MiB);		/* 27.3 MiB -> 28 */
	/* exactly the current size: no change */
	in.current = 28 * MiB;
	recommend_size(&in, &r);
	CHECK(!r.change);
}

/* 64 KiB pages: a pageblock is 512 MiB (cmareq_align). */
static void test_granularity(void)
{
	struct rec_result r;
	struct rec_input in = { .page_size = 65536, .align = cmareq_align(65536), .seen = true,
				.peak_known = true, .peak_used = 10 * MiB };
	char buf[32];

	recommend_size(&in, &r);
	CHECK_U64(r.size, 512 * MiB);
	rec_size_arg(512 * MiB, buf, sizeof(buf));
	CHECK_STR(buf, "512M");
	rec_size_arg(2048 * MiB, buf, sizeof(buf));
	CHECK_STR(buf, "2G");
	rec_size_arg(4097, buf, sizeof(buf));
	CHECK_STR(buf, "4097");
}

/* What a watch run hands over: lab-b's area, 6000 pages used, then a
 * logged 4096-page failure. */
static void test_input_from_watch(void)
{
	static const char rec[] = "3,412,710306,-;cma: cma_alloc: reserved: alloc failed, "
				  "req-size: 4096 pages, ret: -12";
	static struct watch_state w;
	struct watch_sample sm = { .n = 1 };
	struct rec_input in = { 0 };

	watch_init(&w, 4096);
	strcpy(sm.area[0].name, "reserved");
	sm.area[0].has = 1u << WF_USED | 1u << WF_COUNT;
	sm.area[0].v[WF_COUNT] = 8192;
	sm.area[0].v[WF_USED] = 96;
	watch_add_sample(&w, &sm);
	sm.t_ms = 100, sm.area[0].v[WF_USED] = 6000;
	watch_add_sample(&w, &sm);
	watch_add_log_line(&w, 150, rec, sizeof(rec) - 1);
	CHECK(!rec_input_from_watch(&w, "linux,cma", &in));
	CHECK(rec_input_from_watch(&w, "reserved", &in));
	CHECK_U64(in.peak_used, 6000 * 4096);
	CHECK_U64(in.largest_step, (6000 - 96) * 4096);
	CHECK_U64(in.fails, 1);
	CHECK_U64(in.largest_fail, 4096 * 4096);
	CHECK_U64(in.fail_need, (6000 + 4096) * 4096);
}

/* The lab's 7.2 round trip (test/vm/README.md, lab72-w-watch-rt2): a 16 MiB
 * area, `dmaheap-alloc --hold 1 8M 8M 8M`; the sample before the failures
 * shows 32 pages in use, the next 2080 (the first buffer), and the kernel
 * logged two 2048-page failures in between. The workload wanted 2080 + 2 x
 * 2048 pages at once; counting one failure on the earlier sample gave 20 MiB,
 * with which the third buffer failed again after the reboot. */
static void test_failures_together(void)
{
	static const char rec[] = "3,500,150000,-;cma: __cma_alloc_frozen: reserved: alloc "
				  "failed, req-size: 2048 pages, ret: -16";
	static struct watch_state w;
	struct watch_sample sm = { .n = 1 };
	struct rec_input in = { .page_size = 4096, .align = cmareq_align(4096) };
	struct rec_result r;

	watch_init(&w, 4096);
	strcpy(sm.area[0].name, "reserved");
	sm.area[0].has = 1u << WF_USED | 1u << WF_COUNT;
	sm.area[0].v[WF_COUNT] = 4096;
	sm.area[0].v[WF_USED] = 32;
	watch_add_sample(&w, &sm);
	watch_add_log_line(&w, 40, rec, sizeof(rec) - 1);
	watch_add_log_line(&w, 41, rec, sizeof(rec) - 1);
	sm.t_ms = 100, sm.area[0].v[WF_USED] = 2080;
	watch_add_sample(&w, &sm);
	CHECK(rec_input_from_watch(&w, "reserved", &in));
	CHECK_U64(in.fails, 2);
	CHECK_U64(in.fail_need, (uint64_t)(2080 + 2 * 2048) * 4096);
	recommend_size(&in, &r);
	/* 24.125 MiB + one 8 MiB request = 32.125 MiB, in 4 MiB pageblocks: 36 MiB */
	CHECK_U64(r.size, 36 * MiB);
}

/* The layer and the DMA window come from the resolver's answer: cma= with a
 * window (linux-6.1 early_cma: cma=SIZE@BASE-LIMIT) on a 6.1 kernel. */
static void test_plan(void)
{
	struct cma_sources *s = base("6.1.0");
	struct cma_report *rep = calloc(1, sizeof(*rep));
	struct rec_plan p;

	with_cma(s, "cma=64M@0x40000000-0x50000000");
	cma_resolve(s, rep);
	rec_plan_make(s, rep, &p);
	CHECK_STR(p.via, "cmdline");
	CHECK(p.current_known);
	CHECK_U64(p.current, 64 * MiB);
	CHECK(p.has_window);
	CHECK_U64(p.window, 0x10000000);
	/* Kconfig only: the kconfig layer, no window */
	free(s);
	s = base("6.1.0");
	cma_resolve(s, rep);
	rec_plan_make(s, rep, &p);
	CHECK_STR(p.via, "kconfig");
	CHECK(!p.has_window);
	free(s);
	free(rep);
}

int main(void)
{
	test_plan();
	test_input_from_watch();
	test_failures_together();
	test_frames();
	test_hantro_h264();
	test_decoders();
	test_bad_streams();
	test_streams_only();
	test_from_watch();
	test_granularity();
	return UNIT_DONE("recommend");
}
