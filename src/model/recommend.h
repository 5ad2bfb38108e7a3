/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sizing of `cmactl recommend`: planned streams -> buffer bytes, and
 * what was seen (a watch record, the log) plus headroom -> a CMA size rounded
 * to what the layer accepts, with every step kept as a line of text.
 * Pure: no I/O.
 */
#ifndef CMACTL_MODEL_RECOMMEND_H
#define CMACTL_MODEL_RECOMMEND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A pixel format as the kernel describes it: planes, bytes per pixel of
 * each plane, chroma subsampling. */
struct rec_format {
	const char *name;
	unsigned planes;
	unsigned cpp[3];	/* bytes per (subsampled) pixel, per plane */
	unsigned hsub, vsub;	/* chroma planes are (w / hsub) x (h / vsub) */
	const char *source;	/* where the numbers come from */
};

/** rec_format_find() - the format called @name (case-insensitive), or NULL. */
const struct rec_format *rec_format_find(const char *name);

/** rec_format_names() - "NV12, NV21, ..." for messages. */
void rec_format_names(char *buf, size_t len);

/*
 * A decoder whose capture buffers the kernel makes larger than the frame:
 * dimensions rounded up to its block, and data of its own after the planes.
 * Only drivers whose sizes are in the mainline source (cited in the table).
 */
struct rec_decoder {
	const char *name;		/* the :DECODER word of --stream */
	const char *format;		/* the one capture format the extra applies to */
	uint32_t min_w, min_h;		/* width and height below these are raised to them */
	uint32_t align_w, align_h;	/* then rounded up to these (a tiled format's own) */
	uint32_t max_width, max_height;	/* the largest the driver takes on any SoC */
	uint64_t (*extra)(uint32_t width, uint32_t height);	/* on the aligned size */
	const char *what;		/* what the extra bytes are */
	const char *source;		/* where the numbers come from, and which kernels */
};

/** rec_decoder_find() - the decoder called @name (case-insensitive), or NULL. */
const struct rec_decoder *rec_decoder_find(const char *name);

struct rec_stream {
	uint32_t width, height, count;
	const struct rec_format *fmt;
	const struct rec_decoder *dec;	/* NULL: a plain frame */
	uint32_t alloc_width, alloc_height;	/* the size the buffer is made for */
	uint64_t extra_bytes;		/* the decoder's own data after the planes */
	uint64_t frame_bytes;		/* the planes' bytes (+ extra_bytes) */
	uint64_t buffer_bytes;		/* rounded up to pages: what the CMA heap takes */
};

/**
 * rec_stream_parse() - "WxH:FORMAT:COUNT[:DECODER]" (1920x1080:NV12:8,
 * 1920x1080:NV12:8:hantro-h264) into @out with its frame and buffer sizes
 * for @page_size. Return: 0, or -1 with @err set.
 */
int rec_stream_parse(const char *text, uint64_t page_size, struct rec_stream *out, char *err,
		     size_t errlen);

/* What recommend knows; every byte count is optional (a _known flag). */
struct rec_input {
	uint64_t page_size;
	uint64_t align;			/* the layer's granularity (cmareq_align) */
	bool kconfig;			/* CONFIG_CMA_SIZE_MBYTES: whole MiB */
	bool current_known;
	uint64_t current;		/* the area's size now */
	bool seen;			/* a watch record or the log was read */
	bool peak_known, use_now;	/* use_now: peak_used is the use at this moment */
	uint64_t peak_used;		/* the highest use seen */
	uint64_t fail_need;		/* max over failures of (use before it + its request) */
	uint64_t largest_fail;		/* the largest failed request */
	uint64_t largest_step;		/* the largest rise of use between two samples */
	uint64_t fails;
	bool whole_area;		/* fail_need is the whole area + the request: one free run */
	int nstreams;
	const struct rec_stream *streams;
};

#define REC_MAX_LINES 24

struct rec_result {
	uint64_t need, headroom, raw, size;
	bool change;			/* size differs from current (or current unknown) */
	int nlines;
	char lines[REC_MAX_LINES][200];	/* the derivation, in order */
};

struct watch_state;
struct cma_sources;
struct cma_report;

/* Where the recommendation goes: the area, the layer that sizes it, limits. */
struct rec_plan {
	char area[64];			/* "" when unknown */
	const char *via;		/* `cmactl set --via` value */
	char via_why[200];
	bool current_known;
	uint64_t current;
	bool has_window;
	uint64_t window;		/* bytes the area must fit in */
	char window_what[120];
	uint64_t window_base, window_limit;	/* where it lies, when has_window */
};

/**
 * rec_plan_make() - the default area, the layer that wins on this board
 * (the resolver's answer), and the DMA window the area must fit in
 * (cma=SIZE@BASE-LIMIT, or the default pool's alloc-ranges).
 */
void rec_plan_make(const struct cma_sources *s, const struct cma_report *rep,
		   struct rec_plan *p);

/**
 * rec_input_from_log() - failures of @area in the kernel log since boot
 * (and its use now, from debugfs): each would have succeeded with the
 * area's size plus its request. Return: failures found.
 */
uint64_t rec_input_from_log(const struct cma_sources *s, const struct rec_plan *p,
			    struct rec_input *in);

/**
 * rec_input_from_watch() - what a watch run (live or replayed) says of area
 * @area: its peak use, the failures in it (or unnamed) with the use before
 * each, the largest rise of use. Return: false when the run has no such area.
 */
bool rec_input_from_watch(const struct watch_state *w, const char *area, struct rec_input *in);

/** recommend_size() - the size and its derivation. */
void recommend_size(const struct rec_input *in, struct rec_result *out);

/* An area other than the default one: what sizes it, and its recommendation. */
struct rec_other {
	char area[64];
	char how[200];			/* what sets its size, and how to change it */
	bool has_window;
	uint64_t window_base, window_limit;	/* a DT pool's alloc-ranges */
	struct rec_input in;
	struct rec_result res;
	char refused[700];		/* why the size cannot be had, "" when it can */
};

/**
 * rec_other_plan() - what sizes the area @name (not the default one) on the
 * board of @s: a DT pool (its node, size or reg, and alloc-ranges window),
 * a per-NUMA area (cma_pernuma=, numa_cma=), a hugetlb one (hugetlb_cma=),
 * else unknown. No `cmactl set` layer edits any of them: @out->how says what
 * to edit. Fills area, how, the window and in.current.
 */
void rec_other_plan(const struct cma_sources *s, const char *name, struct rec_other *out);

/** rec_size_arg() - a size as `cmactl set` takes it: "256M", "1G", else bytes. */
void rec_size_arg(uint64_t bytes, char *buf, size_t len);
#endif
