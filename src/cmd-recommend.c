// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl recommend`: what was seen (a watch record, else the kernel log
 * since boot) and planned streams -> a size for the layer that wins on this
 * board, capped by memory and the DMA window; prints the `cmactl set` line,
 * never writes.
 */
#include <argp.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "io/gather.h"
#include "io/watchrecord.h"
#include "log.h"
#include "model/request.h"
#include "model/recommend.h"
#include "model/setcheck.h"
#include "model/lines.h"
#include "model/size.h"
#include "model/target.h"
#include "model/watch.h"
#include "opts.h"
#include "report/recommendreport.h"

enum { OPT_FROM = 0x400, OPT_STREAM };

#define REC_MAX_STREAMS 16
#define REC_MAX_OTHERS 8

struct rec_args {
	struct global_opts g;
	const char *from;
	int nstreams;
	const char *streams[REC_MAX_STREAMS];
};

static const struct argp_option options[] = {
	{ "from", OPT_FROM, "FILE", 0, "Size from a `cmactl watch --record` file ('-' for stdin)",
	  0 },
	{ "stream", OPT_STREAM, "WxH:FORMAT:COUNT[:DECODER]", 0, "A planned stream, e.g. "
	  "1920x1080:NV12:8 (repeatable; NV12 NV21 NV16 NV24 YUV420 I420 P010 YUYV UYVY RGB565 "
	  "RGB888 BGR888 XRGB8888 ARGB8888 ABGR8888 NV12_4L4; DECODER, e.g. hantro-h264, "
	  "hantro-hevc, rkvdec-vp9 (all in cmactl(8)), adds that driver's alignment and "
	  "motion vectors)", 0 },
	{ 0 }
};

static error_t parse_rec(int key, char *arg, struct argp_state *state)
{
	struct rec_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &a->g; break;
	case OPT_FROM: a->from = arg; break;
	case OPT_STREAM:
		if (a->nstreams == REC_MAX_STREAMS)
			argp_error(state, "--stream: at most %d", REC_MAX_STREAMS);
		a->streams[a->nstreams++] = arg;
		break;
	case ARGP_KEY_ARG: argp_error(state, "unexpected argument '%s'", arg); break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

struct rec_ctx {
	struct cma_sources *src;
	struct cma_report *rep;
	struct watch_state *w;
	struct rec_plan plan;
	struct rec_input in;
	struct rec_result res;
	struct rec_stream streams[REC_MAX_STREAMS];
	char from[400], refused[700], note[300];
	int nothers;
	struct rec_other others[REC_MAX_OTHERS];
};

/* --from: the record's area that is the default one here, else its only one. */
static int from_record(struct rec_ctx *c, const char *path)
{
	char err[400];

	if (watch_record_replay(path, c->w, err, sizeof(err)) < 0) {
		log_error("recommend: --from %s", err);
		return -1;
	}
	if (!rec_input_from_watch(c->w, c->plan.area, &c->in)) {
		if (c->w->n != 1) {
			log_error("recommend: --from %s: the record has %d areas and none is the "
				  "default area here ('%s')", path, c->w->n, c->plan.area);
			return -1;
		}
		if (*c->plan.area)
			snprintf(c->note, sizeof(c->note), "the record's area '%s' is not the "
				 "default area here ('%s'); sized from it", c->w->a[0].name,
				 c->plan.area);
		snprintf(c->plan.area, sizeof(c->plan.area), "%s", c->w->a[0].name);
		rec_input_from_watch(c->w, c->plan.area, &c->in);
	}
	snprintf(c->from, sizeof(c->from), "%s (watch record: %" PRIu64 " samples over %" PRIu64
		 ".%01" PRIu64 " s)", path, c->w->samples, c->w->t_last / 1000,
		 c->w->t_last % 1000 / 100);
	return 0;
}

static int from_log(struct rec_ctx *c)
{
	if (!c->src->klog_st.present) {
		log_error("recommend: nothing to size from: no --from, no --stream, and the kernel "
			  "log could not be read");
		return -1;
	}
	rec_input_from_log(c->src, &c->plan, &c->in);
	snprintf(c->from, sizeof(c->from), "%s (failures since boot)", c->src->klog_st.origin);
	return 0;
}

/*
 * The target's RAM, with its base when the DT tells it (a DT's /memory, else
 * MemTotal without a base), and on 32-bit ARM where lowmem ends
 * (model/target.c): vmalloc= moves that end, so unless the log's command
 * line shows none, it stays unknown.
 */
static const struct target_lowmem *target_limits(const struct cma_sources *s,
						  struct target_mem *m, struct target_lowmem *lm)
{
	bool vmalloc = !s->klog.has_cmdline || strstr(s->klog.cmdline, "vmalloc=");

	memset(m, 0, sizeof(*m));
	if (s->dt_st.present && s->dt.memory_bytes) {
		m->known = true;
		m->size = s->dt.memory_bytes;
		m->base_known = s->dt.memory_one_run;
		m->base = s->dt.memory_base;
		str_copy(m->from, sizeof(m->from), "the DT's /memory");
	}
	return target_lowmem(&s->kconfig, s->kconfig_st.present, m, vmalloc, lm) && lm->known ?
	       lm : NULL;
}

/*
 * Caps of @size in the window [@wb, @wl) (@has_window): the memory (the rule
 * `set` applies, model/setcheck.c), then the window and the zones
 * (model/target.c, as `set` checks them). Return: false with @refused set.
 */
static bool fits(const struct cma_sources *s, uint64_t size, bool has_window, uint64_t wb,
		 uint64_t wl, char *refused, size_t len)
{
	struct cma_req req = { .size = size };
	const struct target_lowmem *lmp;
	struct target_lowmem lm;
	struct target_mem m;
	char err[700];
	bool unknown, foreign;

	if (setcheck_memory(&req, 0, false, NULL, s, &unknown, &foreign, err, sizeof(err)) !=
	    SETCHECK_OK) {
		snprintf(refused, len, "%s", err);
		return false;
	}
	lmp = target_limits(s, &m, &lm);
	if (has_window) {
		req.has_base = req.has_limit = true;
		req.base = wb;
		req.limit = wl;
	}
	if (target_check_area(&req, &m, lmp, err, sizeof(err))) {
		snprintf(refused, len, "%s", err);
		return false;
	}
	return true;
}

static void caps(struct rec_ctx *c)
{
	char a[32], b[32];

	if (c->plan.has_window && c->res.size > c->plan.window) {
		size_format(c->res.size, a, sizeof(a));
		size_format(c->plan.window, b, sizeof(b));
		snprintf(c->refused, sizeof(c->refused), "%s does not fit in the DMA window (%s, %s): "
			 "widen the window or lower the workload", a, c->plan.window_what, b);
		return;
	}
	if (!fits(c->src, c->res.size, c->plan.has_window, c->plan.window_base,
		  c->plan.window_limit, c->refused, sizeof(c->refused)))
		return;
	/* arm64: the default area of cma= or Kconfig lies below 4 GiB; a DT pool does not */
	if (c->plan.via && strcmp(c->plan.via, "dts") && c->src->kconfig_st.present &&
	    c->src->kconfig.arm64 == KC_YES && c->src->dt_st.present) {
		struct cma_req req = { .size = c->res.size, .has_base = c->plan.has_window,
				       .has_limit = c->plan.has_window,
				       .base = c->plan.window_base, .limit = c->plan.window_limit };

		target_check_dma32(&req, &c->src->dt, c->refused, sizeof(c->refused));
	}
}

/* One area beside the default one: what was seen of it, sized and capped the same way. */
static void other_area(struct rec_ctx *c, const char *name, bool watch, uint64_t size_now)
{
	struct rec_other *o = &c->others[c->nothers];
	struct rec_plan p = { 0 };

	rec_other_plan(c->src, name, o);
	o->in.page_size = c->src->page_size;
	o->in.align = cmareq_align(c->src->page_size);
	if (!o->in.current_known && size_now)
		o->in.current_known = true, o->in.current = size_now;
	if (watch) {
		rec_input_from_watch(c->w, name, &o->in);
	} else {
		snprintf(p.area, sizeof(p.area), "%s", name);
		p.current_known = o->in.current_known;
		p.current = o->in.current;
		rec_input_from_log(c->src, &p, &o->in);
	}
	if (!o->in.fails && !(watch && o->in.peak_known))
		return;		/* nothing seen of it: no size to give */
	recommend_size(&o->in, &o->res);
	if (o->res.change)
		fits(c->src, o->res.size, o->has_window, o->window_base, o->window_limit, o->refused,
		     sizeof(o->refused));
	c->nothers++;
}

/*
 * Every other area (issue 14): the record's areas, or the areas the log's
 * failures name.
 */
static void other_areas(struct rec_ctx *c, bool watch)
{
	if (watch) {
		for (int i = 0; i < c->w->n && c->nothers < REC_MAX_OTHERS; i++)
			if (strcmp(c->w->a[i].name, c->plan.area))
				other_area(c, c->w->a[i].name, true, c->w->a[i].size_known ?
					   c->w->a[i].size * c->w->page_size : 0);
		return;
	}
	for (int i = 0; i < c->src->klog.nfails && c->nothers < REC_MAX_OTHERS; i++) {
		const char *name = c->src->klog.fails[i].area;
		bool dup = !*name || !strcmp(name, c->plan.area);

		for (int j = 0; j < c->nothers && !dup; j++)
			dup = !strcmp(c->others[j].area, name);
		if (!dup)
			other_area(c, name, false, 0);
	}
}

static int run(struct rec_ctx *c, const struct rec_args *a)
{
	char err[400];

	rec_plan_make(c->src, c->rep, &c->plan);
	for (int i = 0; i < a->nstreams; i++)
		if (rec_stream_parse(a->streams[i], c->src->page_size, &c->streams[i], err,
				     sizeof(err)) < 0) {
			log_error("recommend: --stream %s", err);
			return EXIT_USAGE;
		}
	c->in = (struct rec_input){ .page_size = c->src->page_size,
				    .align = cmareq_align(c->src->page_size),
				    .kconfig = !strcmp(c->plan.via, "kconfig"),
				    .current_known = c->plan.current_known,
				    .current = c->plan.current, .nstreams = a->nstreams,
				    .streams = c->streams };
	if (a->from && from_record(c, a->from) < 0)
		return EXIT_FAIL;
	if (!a->from && !a->nstreams && from_log(c) < 0)
		return EXIT_FAIL;
	recommend_size(&c->in, &c->res);
	if (!a->from && !a->nstreams && !c->in.fails) {
		c->res.change = false;
		c->res.nlines = 0;	/* a size from the use now would be a guess */
		snprintf(c->note, sizeof(c->note), "no CMA allocation failure since boot: the "
			 "current size held what ran; `cmactl watch --record FILE -- WORKLOAD` "
			 "then `recommend --from FILE` sizes from a workload's peak");
	}
	if (c->res.change)
		caps(c);
	if (a->from || !a->nstreams)
		other_areas(c, a->from != NULL);
	return EXIT_OK;
}

int cmd_recommend(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { options, parse_rec, NULL,
		"The CMA size to set and the exact `cmactl set` command for the layer that wins "
		"on this board: from a watch record (--from), the kernel log's failures since "
		"boot, or planned streams (--stream), derived line by line. Writes nothing.",
		children, NULL, NULL };
	struct rec_args a = { .g = *gin };
	struct rec_ctx *c = calloc(1, sizeof(*c));
	struct cma_root root = { .dirfd = -1 };
	int ret = EXIT_FAIL, r;

	if (!c || !(c->src = calloc(1, sizeof(*c->src))) ||
	    !(c->rep = calloc(1, sizeof(*c->rep))) || !(c->w = calloc(1, sizeof(*c->w)))) {
		log_error("recommend: out of memory");
		goto out;
	}
	opts_parse(&argp, argc, argv, &a);
	if ((r = root_open(&root, a.g.root)) < 0) {
		log_error("--root %s: %s", a.g.root, strerror(-r));
		goto out;
	}
	if (gather(&root, &a.g, c->src) == EXIT_FAIL)
		goto out;
	cma_resolve(c->src, c->rep);
	watch_init(c->w, c->src->page_size);
	ret = run(c, &a);
	if (ret != EXIT_OK)
		goto out;
	{
		struct rec_report rr = { &c->plan, &c->in, &c->res, *c->from ? c->from : NULL,
					 *c->refused ? c->refused : NULL,
					 *c->note ? c->note : NULL, c->others, c->nothers };

		if (a.g.json)
			ret = rec_report_json(stdout, &rr) < 0 ? EXIT_FAIL : EXIT_OK;
		else
			rec_report_text(stdout, &rr);
		if (*c->refused)
			ret = EXIT_FAIL;
	}
out:
	root_close(&root);
	if (c) {
		free(c->src);
		free(c->rep);
		free(c->w);
	}
	free(c);
	return ret;
}
