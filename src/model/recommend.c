// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sizing of `cmactl recommend` (see model/recommend.h).
 *
 * Frame sizes follow the kernel's own format descriptions:
 * linux-6.1 drivers/gpu/drm/drm_fourcc.c, drm_format_info(): .cpp (bytes
 * per pixel of each plane), .hsub/.vsub (chroma subsampling), and the V4L2
 * pixel-format documentation, linux-6.1 Documentation/userspace-api/media/v4l/
 * pixfmt-yuv-planar.rst (NV12/NV21/NV16/NV24, YUV420: a 4x4 NV12 image is
 * 16 luma + 8 chroma bytes), pixfmt-packed-yuv.rst (YUYV/UYVY: 4 bytes per
 * 2 pixels), pixfmt-rgb.rst (RGB565 2, RGB24 3, XRGB32 4 bytes per pixel),
 * pixfmt-yuv-planar.rst P010 (16-bit samples, 4:2:0).
 *
 * A CMA heap buffer is whole pages: linux-6.1 drivers/dma-buf/heaps/
 * cma_heap.c, cma_heap_allocate(): size = PAGE_ALIGN(len), then
 * cma_alloc(pagecount); a V4L2 buffer is PAGE_ALIGN(length) too
 * (videobuf2-core.c, __vb2_buf_mem_alloc()). A driver's own overhead is added
 * only for the decoders of the table below, whose buffer sizes are in the
 * mainline source; for any other device a stream's real buffers can be
 * larger (say so, not guess).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "model/recommend.h"
#include "model/cma.h"
#include "model/watch.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MiB_ ((uint64_t)1 << 20)

#define DRM "drm_fourcc.c"
static const struct rec_format formats[] = {
	{ "NV12", 2, { 1, 2 }, 2, 2, DRM " DRM_FORMAT_NV12; pixfmt-yuv-planar.rst V4L2_PIX_FMT_NV12" },
	{ "NV21", 2, { 1, 2 }, 2, 2, DRM " DRM_FORMAT_NV21; pixfmt-yuv-planar.rst V4L2_PIX_FMT_NV21" },
	{ "NV16", 2, { 1, 2 }, 2, 1, DRM " DRM_FORMAT_NV16; pixfmt-yuv-planar.rst V4L2_PIX_FMT_NV16" },
	{ "NV24", 2, { 1, 2 }, 1, 1, DRM " DRM_FORMAT_NV24; pixfmt-yuv-planar.rst V4L2_PIX_FMT_NV24" },
	{ "YUV420", 3, { 1, 1, 1 }, 2, 2, DRM " DRM_FORMAT_YUV420; pixfmt-yuv-planar.rst "
	  "V4L2_PIX_FMT_YUV420 (I420)" },
	{ "I420", 3, { 1, 1, 1 }, 2, 2, DRM " DRM_FORMAT_YUV420 (I420 is its common name)" },
	{ "P010", 2, { 2, 4 }, 2, 2, DRM " DRM_FORMAT_P010; pixfmt-yuv-planar.rst V4L2_PIX_FMT_P010" },
	{ "YUYV", 1, { 2 }, 1, 1, DRM " DRM_FORMAT_YUYV; pixfmt-packed-yuv.rst V4L2_PIX_FMT_YUYV" },
	{ "UYVY", 1, { 2 }, 1, 1, DRM " DRM_FORMAT_UYVY; pixfmt-packed-yuv.rst V4L2_PIX_FMT_UYVY" },
	{ "RGB565", 1, { 2 }, 1, 1, DRM " DRM_FORMAT_RGB565; pixfmt-rgb.rst V4L2_PIX_FMT_RGB565" },
	{ "RGB888", 1, { 3 }, 1, 1, DRM " DRM_FORMAT_RGB888; pixfmt-rgb.rst V4L2_PIX_FMT_RGB24" },
	{ "BGR888", 1, { 3 }, 1, 1, DRM " DRM_FORMAT_BGR888; pixfmt-rgb.rst V4L2_PIX_FMT_BGR24" },
	{ "XRGB8888", 1, { 4 }, 1, 1, DRM " DRM_FORMAT_XRGB8888; pixfmt-rgb.rst V4L2_PIX_FMT_XRGB32" },
	{ "ARGB8888", 1, { 4 }, 1, 1, DRM " DRM_FORMAT_ARGB8888; pixfmt-rgb.rst V4L2_PIX_FMT_ARGB32" },
	{ "ABGR8888", 1, { 4 }, 1, 1, DRM " DRM_FORMAT_ABGR8888; pixfmt-rgb.rst V4L2_PIX_FMT_RGBA32" },
	/* V4L2 only (no DRM fourcc): the 4x4-tiled NV12 the Hantro G2 and
	 * VPU981 write. linux-6.1 and linux-7.2 drivers/media/v4l2-core/
	 * v4l2-common.c, v4l2_format_info(): bpp { 1, 2 }, hdiv 2, vdiv 2 and
	 * no block_w/block_h, so v4l2_fill_pixfmt_mp() sizes it as NV12 */
	{ "NV12_4L4", 2, { 1, 2 }, 2, 2, "v4l2-common.c v4l2_format_info() V4L2_PIX_FMT_NV12_4L4" },
};

/*
 * The Verisilicon Hantro decoders (drivers/media/platform/verisilicon/).
 * Their CAPTURE buffer is sized in hantro_v4l2.c, hantro_try_fmt(), the same
 * in linux-6.1 and linux-7.2: the CAPTURE width and height are the OUTPUT
 * (coded) format's, already clamped and rounded by that format's frmsize;
 * v4l2_apply_frmsize_constraints() then applies the CAPTURE format's frmsize
 * (v4l2-common.c clamp_roundup(): raise to min, then round up to the step,
 * so the two steps make the larger one, all being powers of two);
 * v4l2_fill_pixfmt_mp() gives the planes; and only for the native (not
 * post-processed) format, a per-codec size from hantro_hw.h is added to
 * plane 0. VP8 and MPEG-2 add nothing there: their buffers are the frame.
 * With the post-processor the CAPTURE buffer is a plain frame and the
 * driver allocates its own reference buffers (hantro_postproc.c): not sized
 * here. The constants are hantro_hw.h's: MB_DIM 16, TILE_MB_DIM 4,
 * FMT_MIN_WIDTH/HEIGHT 48, FMT_UHD 3840x2160, FMT_4K 4096x2304.
 */
static uint64_t div_up(uint64_t a, uint64_t b);

/*
 * G1/VPU1/VPU2 H.264 (i.MX8MQ, i.MX8MM, RK3288, RK3399, RK3568, ...):
 * hantro_h264_mv_size(), 64 bytes of motion vectors per macroblock and 32
 * bytes of MC sync. The kernel counts the macroblocks as MB_WIDTH(width) *
 * MB_WIDTH(height) (both DIV_ROUND_UP(x, 16), so the same as MB_HEIGHT).
 * NV12 frmsize: min 48, step MB_DIM; the largest frame any of its SoCs
 * takes is FMT_4K_WIDTH x FMT_4K_HEIGHT (rockchip_vpu_hw.c, RK3568).
 */
static uint64_t hantro_h264_mv(uint32_t width, uint32_t height)
{
	return 64 * (uint64_t)div_up(width, 16) * div_up(height, 16) + 32;
}

/*
 * G1/VPU1/VPU2 VP8 and MPEG-2: hantro_try_fmt() adds nothing after the NV12
 * planes for them (its only additions are for H264_SLICE, VP9_FRAME,
 * HEVC_SLICE and, in 7.2, AV1_FRAME), so only the steps count. Largest over
 * the SoCs (the smaller of the coded and the NV12 frmsize, *_vpu_hw.c, the
 * same in 6.1 and 7.2): VP8 FMT_UHD (i.MX8M, RK3288), MPEG-2 FMT_FHD
 * 1920x1088 on every SoC.
 */
static uint64_t hantro_none(uint32_t width, uint32_t height)
{
	(void)width;
	(void)height;
	return 0;
}

/*
 * G2 HEVC (only i.MX8MQ, imx8m_vpu_hw.c imx8m_vpu_g2_dec_fmts[]):
 * hantro_hevc_mv_size() = width * height / 16 (the 16x16 CTB worst case).
 * In linux-7.2 the compressed reference data (hantro_hevc_compressed_size())
 * is only added to the post-processor's own buffers (hantro_postproc.c,
 * hantro_hevc.c: use_compression needs the post-processor), not here.
 */
static uint64_t hantro_hevc_mv(uint32_t width, uint32_t height)
{
	return (uint64_t)width * height / 16;
}

/*
 * G2 VP9 (i.MX8MQ; Allwinner H6, sunxi_vpu_hw.c): hantro_vp9_mv_size(), 64
 * blocks of 16 bytes per 64x64 superblock, hantro_vp9_num_sbs() =
 * (dimension + 63) / 64 each way.
 */
static uint64_t hantro_vp9_mv(uint32_t width, uint32_t height)
{
	return div_up(width, 64) * div_up(height, 64) * 64 * 16;
}

/*
 * VPU981 AV1 (RK3588, rockchip_vpu_hw.c rockchip_vpu981_dec_fmts[]; not in
 * linux-6.1): hantro_av1_mv_size() = ALIGN(superblocks x 384, 16) x 2 + 512,
 * hantro_av1_num_sbs() = DIV_ROUND_UP(dimension, 64) each way.
 */
static uint64_t hantro_av1_mv(uint32_t width, uint32_t height)
{
	uint64_t sbs = div_up(width, 64) * div_up(height, 64);

	return div_up(sbs * 384, 16) * 16 * 2 + 512;
}

/*
 * The Rockchip rkvdec (RK3399 in linux-6.1, drivers/staging/media/rkvdec/;
 * RK3399 and RK3328 in linux-7.2, drivers/media/platform/rockchip/rkvdec/),
 * rkvdec.c rkvdec_try_capture_fmt(): the CAPTURE size is at least the
 * OUTPUT's, v4l2_apply_frmsize_constraints() with the coded format's
 * frmsize (rkvdec_coded_fmts[]), NV12 planes, then 128 bytes of co-located
 * motion vectors per 16x16 macroblock: 6.1 adds 128 * DIV_ROUND_UP(w, 16) *
 * DIV_ROUND_UP(h, 16) there, 7.2 the same as rkvdec_colmv_size() through
 * rkvdec_fill_decoded_pixfmt() (rk3399_variant_ops). The RK3588's vdpu381
 * and RK3576's vdpu383 have other frmsizes (and vdpu383 another colmv size):
 * not these rows.
 */
static uint64_t rkvdec_colmv(uint32_t width, uint32_t height)
{
	return 128 * div_up(width, 16) * div_up(height, 16);
}

/*
 * Where 6.1 and 7.2 differ, a row per kernel: i.MX8MQ's G2 NV12_4L4
 * frmsize steps are TILE_MB_DIM x TILE_MB_DIM (4 x 4) in linux-6.1 and
 * 8 x 32 in linux-7.2 (imx8m_vpu_hw.c imx8m_vpu_g2_dec_fmts[]); the coded
 * HEVC_SLICE/VP9_FRAME steps are 4 x 4 in both. The H6's are 32 x 32 (both
 * kernels, NV12_4L4 and VP9_FRAME).
 */
#define HANTRO_SRC "hantro_v4l2.c hantro_try_fmt(), hantro_hw.h "
#define RKVDEC_SRC "rkvdec.c rkvdec_try_capture_fmt(), rkvdec_coded_fmts[], "
static const struct rec_decoder decoders[] = {
	/* G1/VPU: NV12 frmsize min FMT_MIN 48, step MB_DIM 16 */
	{ "hantro-h264", "NV12", 48, 48, 16, 16, 4096, 2304, hantro_h264_mv, "motion vectors",
	  HANTRO_SRC "hantro_h264_mv_size() (Linux 6.1-7.2)" },
	/* VP8 and MPEG-2: the steps only */
	{ "hantro-vp8", "NV12", 48, 48, 16, 16, 3840, 2160, hantro_none,
	  "extra data (none for this codec)", HANTRO_SRC "(Linux 6.1-7.2)" },
	{ "hantro-mpeg2", "NV12", 48, 48, 16, 16, 1920, 1088, hantro_none,
	  "extra data (none for this codec)", HANTRO_SRC "(Linux 6.1-7.2)" },
	/* i.MX8MQ G2: NV12_4L4 steps 8 x 32 (7.2) or 4 x 4 (6.1), max FMT_UHD */
	{ "hantro-hevc", "NV12_4L4", 48, 48, 8, 32, 3840, 2160, hantro_hevc_mv, "motion vectors",
	  HANTRO_SRC "hantro_hevc_mv_size(), imx8m_vpu_hw.c G2 (Linux 7.2)" },
	{ "hantro-hevc-6.1", "NV12_4L4", 48, 48, 4, 4, 3840, 2160, hantro_hevc_mv, "motion vectors",
	  HANTRO_SRC "hantro_hevc_mv_size(), imx8m_vpu_hw.c G2 (Linux 6.1)" },
	/* the same G2 for VP9 */
	{ "hantro-vp9", "NV12_4L4", 48, 48, 8, 32, 3840, 2160, hantro_vp9_mv, "motion vectors",
	  HANTRO_SRC "hantro_vp9_mv_size(), imx8m_vpu_hw.c G2 (Linux 7.2)" },
	{ "hantro-vp9-6.1", "NV12_4L4", 48, 48, 4, 4, 3840, 2160, hantro_vp9_mv, "motion vectors",
	  HANTRO_SRC "hantro_vp9_mv_size(), imx8m_vpu_hw.c G2 (Linux 6.1)" },
	/* Allwinner H6 G2: NV12_4L4 and VP9_FRAME steps 32 x 32, max FMT_UHD */
	{ "hantro-vp9-h6", "NV12_4L4", 48, 48, 32, 32, 3840, 2160, hantro_vp9_mv, "motion vectors",
	  HANTRO_SRC "hantro_vp9_mv_size(), sunxi_vpu_hw.c (Linux 6.1-7.2)" },
	/* RK3588 VPU981: min ROCKCHIP_VPU981_MIN_SIZE 64, step MB_DIM, max FMT_4K */
	{ "hantro-av1", "NV12_4L4", 64, 64, 16, 16, 4096, 2304, hantro_av1_mv, "motion vectors",
	  HANTRO_SRC "hantro_av1_mv_size(), rockchip_vpu_hw.c VPU981 (Linux 7.2)" },
	/* rkvdec_coded_fmts[] H264_SLICE: 7.2 min 64 x 48, steps 64 x 16, max
	 * 4096 x 2560; 6.1 min 48 x 48, steps 16 x 16, the same max */
	{ "rkvdec-h264", "NV12", 64, 48, 64, 16, 4096, 2560, rkvdec_colmv, "motion vectors",
	  RKVDEC_SRC "RK3399/RK3328 (Linux 7.2)" },
	{ "rkvdec-h264-6.1", "NV12", 48, 48, 16, 16, 4096, 2560, rkvdec_colmv, "motion vectors",
	  RKVDEC_SRC "RK3399 (Linux 6.1)" },
	/* VP9_FRAME (both kernels): min 64, steps 64 x 64, max 4096 x 2304 */
	{ "rkvdec-vp9", "NV12", 64, 64, 64, 64, 4096, 2304, rkvdec_colmv, "motion vectors",
	  RKVDEC_SRC "RK3399 (Linux 6.1-7.2), RK3328 (7.2)" },
	/* HEVC_SLICE (7.2 only; rk3288_coded_fmts[] the same): min 64, steps
	 * 64 x 16, max 4096 x 2304 */
	{ "rkvdec-hevc", "NV12", 64, 64, 64, 16, 4096, 2304, rkvdec_colmv, "motion vectors",
	  RKVDEC_SRC "RK3288/RK3328/RK3399 (Linux 7.2)" },
};

const struct rec_decoder *rec_decoder_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(decoders); i++)
		if (!strcasecmp(decoders[i].name, name))
			return &decoders[i];
	return NULL;
}

const struct rec_format *rec_format_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(formats); i++)
		if (!strcasecmp(formats[i].name, name))
			return &formats[i];
	return NULL;
}

void rec_format_names(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(formats) && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "", formats[i].name);
}

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static uint64_t round_up(uint64_t a, uint64_t to)
{
	return to ? div_up(a, to) * to : a;
}

static bool number(const char **p, char stop, uint32_t max, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (**p < '0' || **p > '9')
		return false;
	v = strtoul(*p, &end, 10);
	if (*end != stop || v == 0 || v > max)
		return false;
	*out = (uint32_t)v;
	*p = end + (stop != '\0');
	return true;
}

/* The :DECODER of a stream: known, of this format, of a size it takes. */
static int stream_decoder(const char *text, const char *name, struct rec_stream *out, char *err,
			  size_t errlen)
{
	char names[256];
	size_t n = 0;

	if (!(out->dec = rec_decoder_find(name))) {
		names[0] = '\0';
		for (size_t i = 0; i < ARRAY_LEN(decoders) && n < sizeof(names); i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "",
					      decoders[i].name);
		snprintf(err, errlen, "'%s': unknown decoder '%.40s' (known: %s; without one, "
			 "no driver overhead is added)", text, name, names);
		return -1;
	}
	/* other formats (Hantro post-processed, rkvdec 10-bit or 4:2:2) are other
	 * buffers, of another size: not guessed */
	if (strcasecmp(out->fmt->name, out->dec->format)) {
		snprintf(err, errlen, "'%s': %s sizes only its %s capture buffers (other "
			 "capture formats are not sized here): use %s, or no decoder", text,
			 out->dec->name, out->dec->format, out->dec->format);
		return -1;
	}
	if (out->width > out->dec->max_width || out->height > out->dec->max_height) {
		snprintf(err, errlen, "'%s': %s takes frames up to %ux%u (the driver clamps "
			 "larger ones)", text, out->dec->name, out->dec->max_width,
			 out->dec->max_height);
		return -1;
	}
	return 0;
}

int rec_stream_parse(const char *text, uint64_t page_size, struct rec_stream *out, char *err,
		     size_t errlen)
{
	const char *p = text, *colon;
	char name[16], names[256];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!number(&p, 'x', 65536, &out->width) || !number(&p, ':', 65536, &out->height)) {
		snprintf(err, errlen, "'%s' is not WxH:FORMAT:COUNT (1920x1080:NV12:8; width "
			 "and height 1 to 65536)", text);
		return -1;
	}
	colon = strchr(p, ':');
	n = colon ? (size_t)(colon - p) : 0;
	if (!colon || !n || n >= sizeof(name)) {
		snprintf(err, errlen, "'%s' is not WxH:FORMAT:COUNT (1920x1080:NV12:8)", text);
		return -1;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	if (!(out->fmt = rec_format_find(name))) {
		rec_format_names(names, sizeof(names));
		snprintf(err, errlen, "'%s': unknown format '%s' (known: %s)", text, name, names);
		return -1;
	}
	p = colon + 1;
	colon = strchr(p, ':');
	if (!number(&p, colon ? ':' : '\0', 4096, &out->count)) {
		snprintf(err, errlen, "'%s': COUNT must be a number of buffers from 1 to 4096",
			 text);
		return -1;
	}
	if (colon && stream_decoder(text, colon + 1, out, err, errlen) < 0)
		return -1;
	out->alloc_width = out->width;
	out->alloc_height = out->height;
	if (out->dec) {
		out->alloc_width = (uint32_t)round_up(out->width < out->dec->min_w ?
						      out->dec->min_w : out->width,
						      out->dec->align_w);
		out->alloc_height = (uint32_t)round_up(out->height < out->dec->min_h ?
						       out->dec->min_h : out->height,
						       out->dec->align_h);
	}
	out->frame_bytes = (uint64_t)out->alloc_width * out->alloc_height * out->fmt->cpp[0];
	for (unsigned i = 1; i < out->fmt->planes; i++)
		out->frame_bytes += div_up(out->alloc_width, out->fmt->hsub) *
				    div_up(out->alloc_height, out->fmt->vsub) * out->fmt->cpp[i];
	if (out->dec)
		out->extra_bytes = out->dec->extra(out->alloc_width, out->alloc_height);
	out->frame_bytes += out->extra_bytes;
	out->buffer_bytes = round_up(out->frame_bytes, page_size);
	return 0;
}

void rec_size_arg(uint64_t bytes, char *buf, size_t len)
{
	if (bytes && bytes % (1024 * MiB_) == 0)
		snprintf(buf, len, "%" PRIu64 "G", bytes / (1024 * MiB_));
	else if (bytes && bytes % MiB_ == 0)
		snprintf(buf, len, "%" PRIu64 "M", bytes / MiB_);
	else
		snprintf(buf, len, "%" PRIu64, bytes);
}

static void line(struct rec_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line(struct rec_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nlines >= REC_MAX_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(r->lines[r->nlines++], sizeof(r->lines[0]), fmt, ap);
	va_end(ap);
}

static const char *mib(uint64_t b, char *buf, size_t len)
{
	if (b % MiB_ == 0)
		snprintf(buf, len, "%" PRIu64 " MiB", b / MiB_);
	else
		snprintf(buf, len, "%.2f MiB", (double)b / (double)MiB_);
	return buf;
}

void recommend_size(const struct rec_input *in, struct rec_result *r)
{
	char a[32], b[32], c[32];
	uint64_t streams = 0, biggest_buf = 0, align;

	memset(r, 0, sizeof(*r));
	if (in->seen) {
		r->need = in->peak_known ? in->peak_used : 0;
		if (in->peak_known)
			line(r, "%s%s", in->use_now ? "use now:                    " :
			     "peak use seen:              ", mib(in->peak_used, a, sizeof(a)));
		if (in->fails) {
			line(r, "failures seen:              %" PRIu64 ", the largest request %s",
			     in->fails, mib(in->largest_fail, a, sizeof(a)));
			line(r, "use held + the requests that failed together: %s",
			     mib(in->fail_need, a, sizeof(a)));
			if (in->fail_need > r->need)
				r->need = in->fail_need;
		}
	}
	for (int i = 0; i < in->nstreams; i++) {
		const struct rec_stream *s = &in->streams[i];

		if (s->dec)
			line(r, "stream %ux%u %s x %u, %s: made %ux%u, + %" PRIu64 " B %s",
			     s->width, s->height, s->fmt->name, s->count, s->dec->name,
			     s->alloc_width, s->alloc_height, s->extra_bytes, s->dec->what);
		line(r, "stream %ux%u %s x %u: %s %" PRIu64 " B -> %" PRIu64 " B in whole "
		     "pages, %s", s->width, s->height, s->fmt->name, s->count,
		     s->dec ? "buffer" : "frame", s->frame_bytes, s->buffer_bytes,
		     mib(s->buffer_bytes * s->count, a, sizeof(a)));
		streams += s->buffer_bytes * s->count;
		if (s->buffer_bytes > biggest_buf)
			biggest_buf = s->buffer_bytes;
	}
	if (in->nstreams) {
		line(r, "streams together:           %s%s", mib(streams, a, sizeof(a)),
		     in->seen ? " (on top of what was seen)" : "");
		r->need += streams;
	}
	line(r, "need:                       %s", mib(r->need, a, sizeof(a)));
	/* one more of the largest request: the bitmap may be fragmented by
	 * the others, and an area that big has a free run that long */
	r->headroom = in->largest_fail > biggest_buf ? in->largest_fail : biggest_buf;
	if (in->seen && !in->fails && in->largest_step > r->headroom)
		r->headroom = in->largest_step;
	if (in->whole_area && in->fails && !in->nstreams) {
		r->headroom = 0;
		line(r, "headroom:                   none (the request is added to the whole "
		     "area: those pages are one free run)");
	} else if (r->headroom)
		line(r, "headroom, one largest request (%s): %s",
		     in->fails ? "failed" : biggest_buf >= in->largest_step ? "a stream buffer" :
		     "the largest rise of use between samples", mib(r->headroom, a, sizeof(a)));
	else
		line(r, "headroom:                   none known (no request size was seen)");
	r->raw = r->need + r->headroom;
	align = in->align ? in->align : in->page_size;
	if (in->kconfig && align % MiB_)
		align = MiB_;
	r->size = round_up(r->raw, align);
	if (!r->size)
		r->size = align;
	line(r, "rounded up to %s (%s):  %s", mib(align, b, sizeof(b)),
	     in->kconfig ? "whole MiB and a pageblock" : "a pageblock, CMA_MIN_ALIGNMENT_BYTES",
	     mib(r->size, c, sizeof(c)));
	r->change = !in->current_known || in->current != r->size;
	if (in->current_known)
		line(r, "the area now:               %s%s", mib(in->current, a, sizeof(a)),
		     r->change ? "" : " (no change needed)");
}

bool rec_input_from_watch(const struct watch_state *w, const char *area, struct rec_input *in)
{
	const struct watch_area *a = NULL;
	uint64_t ps = w->page_size;

	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].name, area))
			a = &w->a[i];
	if (!a)
		return false;
	in->seen = true;
	in->peak_known = a->used_known;
	in->peak_used = a->used_known ? a->peak_used * ps : 0;
	in->largest_step = a->max_rise * ps;
	for (int i = 0; i < w->nfails; i++) {
		const struct watch_fail *f = &w->fails[i];
		uint64_t need, together = 0, base;

		if (*f->area && strcmp(f->area, area))
			continue;
		in->fails++;
		if (f->pages * ps > in->largest_fail)
			in->largest_fail = f->pages * ps;
		/* Requests that failed between the same two samples were asked for
		 * together: a workload that holds its buffers (a decoder's pool, the
		 * lab's `dmaheap-alloc --hold 1 8M 8M 8M` on 7.2) wanted all of them
		 * at once, on top of what it held. The sample before a failure may
		 * predate an allocation made in the same interval (the lab's 7.2
		 * round trip: 32 pages before, 2080 after), so what was held is the
		 * peak seen, never less than the sample before. */
		for (int j = 0; j < w->nfails; j++) {
			const struct watch_fail *g = &w->fails[j];

			if ((*g->area && strcmp(g->area, area)) || g->has_before != f->has_before ||
			    (f->has_before && g->before_t_ms != f->before_t_ms))
				continue;
			together += g->pages;
		}
		if (f->has_before && f->before_used_known) {
			base = f->before_used;
			if (a->used_known && a->peak_used > base)
				base = a->peak_used;
		} else {
			/* nothing says what was held: the whole area was */
			base = a->size_known ? a->size : a->peak_used;
		}
		need = (base + together) * ps;
		if (need > in->fail_need)
			in->fail_need = need;
	}
	return true;
}

/* The window the area must fit in: cma=SIZE@BASE-LIMIT's. */
static void cmdline_window(const struct cma_cmdline *cl, struct rec_plan *p)
{
	if (!cl->has_limit || cl->limit <= cl->base)
		return;
	p->has_window = true;
	p->window = cl->limit - cl->base;
	p->window_base = cl->base;
	p->window_limit = cl->limit;
	snprintf(p->window_what, sizeof(p->window_what), "cma=%s: 0x%" PRIx64 "-0x%" PRIx64,
		 cl->cma_text, cl->base, cl->limit);
}

/* ... or the default pool's alloc-ranges (first entry). */
static void dt_window(const struct cma_dt *dt, struct rec_plan *p)
{
	for (int i = 0; i < dt->npools; i++) {
		const struct cma_dt_pool *pool = &dt->pools[i];

		if (!pool->is_default || !pool->has_alloc_ranges || !pool->ar_size)
			continue;
		if (pool->ar_size > UINT64_MAX - pool->ar_base)
			continue;
		p->has_window = true;
		p->window = pool->ar_size;
		p->window_base = pool->ar_base;
		p->window_limit = pool->ar_base + pool->ar_size;
		snprintf(p->window_what, sizeof(p->window_what), "alloc-ranges of %.64s: 0x%"
			 PRIx64 " + 0x%" PRIx64, pool->name, pool->ar_base, pool->ar_size);
		return;
	}
}

void rec_other_plan(const struct cma_sources *s, const char *name, struct rec_other *out)
{
	/* area names: linux-6.1 kernel/dma/contiguous.c ("pernuma%d"), 6.6+ "numa%d",
	 * mm/hugetlb.c ("hugetlb%d"); a DT pool is named after its node */
	static const struct { const char *prefix, *how; } kinds[] = {
		{ "pernuma", "a per-node area: cma_pernuma=SIZE on the command line sizes every "
		  "node's (5.10+; no `cmactl set` layer edits it)" },
		{ "numa", "a per-node area: numa_cma=NODE:SIZE (6.6+), or cma_pernuma=SIZE, on "
		  "the command line (no `cmactl set` layer edits it)" },
		{ "hugetlb", "a hugetlb area: hugetlb_cma=SIZE on the command line (no `cmactl "
		  "set` layer edits it)" },
	};

	memset(out, 0, sizeof(*out));
	snprintf(out->area, sizeof(out->area), "%s", name);
	for (int i = 0; i < s->dt.npools; i++) {
		const struct cma_dt_pool *p = &s->dt.pools[i];

		if (strcmp(p->name, name))
			continue;
		snprintf(out->how, sizeof(out->how), "the DT node /reserved-memory/%.64s (its %s): "
			 "edit it in the DTS (`cmactl set --via dts` edits the default node only)",
			 p->name, p->has_reg ? "reg" : "size");
		out->in.current_known = true;
		out->in.current = cma_dt_pool_bytes(p);
		if (p->has_alloc_ranges && p->ar_size && p->ar_size <= UINT64_MAX - p->ar_base) {
			out->has_window = true;
			out->window_base = p->ar_base;
			out->window_limit = p->ar_base + p->ar_size;
		}
		return;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(name, kinds[i].prefix, strlen(kinds[i].prefix)) &&
		    name[strlen(kinds[i].prefix)] >= '0' && name[strlen(kinds[i].prefix)] <= '9') {
			snprintf(out->how, sizeof(out->how), "%s", kinds[i].how);
			return;
		}
	snprintf(out->how, sizeof(out->how), "not known here (no DT node of that name)");
}

void rec_plan_make(const struct cma_sources *s, const struct cma_report *rep, struct rec_plan *p)
{
	memset(p, 0, sizeof(*p));
	if (rep->effective.known && *rep->effective.area)
		snprintf(p->area, sizeof(p->area), "%s", rep->effective.area);
	else if (rep->nareas == 1)
		snprintf(p->area, sizeof(p->area), "%s", rep->areas[0].name);
	p->current_known = rep->effective.known;
	p->current = rep->effective.size_bytes;
	switch (rep->effective.known ? rep->effective.source : SRC_NONE) {
	case SRC_CMDLINE:
		p->via = rep->effective.from_bootargs ? "bootargs" : "cmdline";
		cmdline_window(rep->effective.from_bootargs ? &s->dt.bootargs : &s->cmdline, p);
		snprintf(p->via_why, sizeof(p->via_why), "cma= on the %s sets the area now",
			 rep->effective.from_bootargs ? "DT's /chosen/bootargs" : "command line");
		break;
	case SRC_DEVICETREE:
		p->via = "dts";
		dt_window(&s->dt, p);
		snprintf(p->via_why, sizeof(p->via_why), "the device tree's linux,cma-default "
			 "node sets the area now");
		break;
	case SRC_KCONFIG:
		p->via = "kconfig";
		snprintf(p->via_why, sizeof(p->via_why), "the kernel config sets the area now "
			 "(no cma=, no DT node)");
		break;
	default:
		/* cma= wins over the DT and Kconfig in every version (DOMAIN.md 1.1,
		 * linux-6.1 kernel/dma/contiguous.c) */
		p->via = "cmdline";
		snprintf(p->via_why, sizeof(p->via_why), "no layer is known to set the area; "
			 "cma= on the command line wins over the others");
	}
}

uint64_t rec_input_from_log(const struct cma_sources *s, const struct rec_plan *p,
			    struct rec_input *in)
{
	const struct cma_klog *k = &s->klog;

	in->seen = true;
	for (int i = 0; i < s->areas.n; i++)
		if (!strcmp(s->areas.area[i].name, p->area) && s->areas.area[i].has_used) {
			in->peak_used = s->areas.area[i].used * s->page_size;
			in->peak_known = in->use_now = true;
		}
	for (int i = 0; i < k->nfails; i++) {
		const struct klog_fail *f = &k->fails[i];
		uint64_t need;

		if (*f->area && strcmp(f->area, p->area))
			continue;
		in->fails += f->count;
		if (f->pages * s->page_size > in->largest_fail)
			in->largest_fail = f->pages * s->page_size;
		need = (p->current_known ? p->current : 0) + f->pages * s->page_size;
		in->whole_area = true;
		if (need > in->fail_need)
			in->fail_need = need;
	}
	return in->fails;
}
