// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl stress`: options; gather and pick the heap (or say why there is
 * none); plan; run (io/stress.c); verdict; print.
 */
#include <argp.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "io/gather.h"
#include "log.h"
#include "io/modules.h"
#include "opts.h"
#include "model/size.h"
#include "io/stressrun.h"
#include "report/stressreport.h"

enum { OPT_UNTIL_FAIL = 0x200, OPT_SIZES, OPT_HOLD, OPT_DURATION, OPT_KEEP_GOING, OPT_JOBS,
       OPT_FORCE, OPT_LOAD_MODULE, OPT_TOUCH, OPT_SEED };

/* Option text as given: sizes need the target's page size, known only after parsing. */
struct stress_args {
	struct global_opts g;
	struct stress_opts o;
	const char *size, *sizes;
};

static const struct argp_option options[] = {
	{ "heap", 'H', "NAME", 0, "Heap in /dev/dma_heap (default: the default CMA area's)", 0 },
	{ "size", 's', "SIZE", 0, "Size of each buffer: 1M (default), 4097p (pages), 0x1000...", 0 },
	{ "count", 'c', "N", 0, "Buffers each job holds at once (default 1)", 0 },
	{ "until-fail", OPT_UNTIL_FAIL, NULL, 0, "Allocate until the first failure", 0 },
	{ "sizes", OPT_SIZES, "MIN-MAX", 0, "Random sizes between MIN and MAX (page multiples)", 0 },
	{ "hold", OPT_HOLD, "SECONDS", 0, "Hold the buffers this long before freeing them", 0 },
	{ "duration", OPT_DURATION, "SECONDS", 0, "Repeat allocate-hold-free rounds this long", 0 },
	{ "keep-going", OPT_KEEP_GOING, NULL, 0, "Do not stop at the first failure", 0 },
	{ "jobs", OPT_JOBS, "N", 0, "Jobs (processes) allocating at the same time (default 1)", 0 },
	{ "touch", OPT_TOUCH, NULL, 0, "Map and write every buffer (DMA_BUF_IOCTL_SYNC around it)", 0 },
	{ "seed", OPT_SEED, "N", 0, "Seed of the --sizes random sequence", 0 },
	{ "force", OPT_FORCE, NULL, 0, "Lift the safety bound (held at once <= CmaTotal); allow a "
	  "non-CMA heap", 0 },
	{ "load-module", OPT_LOAD_MODULE, NULL, 0, "Insert cma_heap through libkmod when it is a "
	  "module that is not loaded", 0 },
	{ "dry-run", 'n', NULL, 0, "Print the heap and the plan; allocate nothing", 0 },
	{ 0 }
};

static uint64_t number(struct argp_state *state, const char *opt, const char *arg, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || *arg == '-' || v == 0 || v > max)
		argp_error(state, "%s: '%s' is not a number from 1 to %llu", opt, arg,
			   (unsigned long long)max);
	return v;
}

static uint64_t seconds(struct argp_state *state, const char *opt, const char *arg)
{
	uint64_t ms;

	if (stress_seconds_parse(arg, &ms) < 0)
		argp_error(state, "%s: '%s' is not a number of seconds", opt, arg);
	return ms;
}

static error_t parse_stress(int key, char *arg, struct argp_state *state)
{
	struct stress_args *a = state->input;
	struct stress_opts *o = &a->o;

	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &a->g; break;
	case 'H': o->heap = arg; break;
	case 's': a->size = arg; break;
	case 'c': o->count = number(state, "--count", arg, 1u << 20); break;
	case OPT_UNTIL_FAIL: o->until_fail = true; break;
	case OPT_SIZES: a->sizes = arg; break;
	case OPT_HOLD: o->hold_ms = seconds(state, "--hold", arg); break;
	case OPT_DURATION: o->duration_ms = seconds(state, "--duration", arg); break;
	case OPT_KEEP_GOING: o->keep_going = true; break;
	case OPT_JOBS: o->jobs = (unsigned)number(state, "--jobs", arg, STRESS_MAX_JOBS); break;
	case OPT_TOUCH: o->touch = true; break;
	case OPT_SEED: o->seed = number(state, "--seed", arg, UINT64_MAX); break;
	case OPT_FORCE: o->force = true; break;
	case OPT_LOAD_MODULE: o->load_module = true; break;
	case 'n': o->dry_run = true; break;
	case ARGP_KEY_ARG: argp_error(state, "unexpected argument '%s'", arg); break;
	case ARGP_KEY_END:
		if (a->size && a->sizes)
			argp_error(state, "--size and --sizes exclude each other");
		if (o->until_fail && o->count)
			argp_error(state, "--until-fail and --count exclude each other");
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* Sizes are parsed after argp: --page-size may come after them. */
static int parse_sizes(struct stress_args *a, uint64_t page_size)
{
	char err[160];

	if (a->size && size_parse(a->size, page_size, &a->o.size, err, sizeof(err)) < 0) {
		log_error("stress: --size: %s", err);
		return -1;
	}
	if (a->size && !a->o.size) {
		log_error("stress: --size: must not be 0");
		return -1;
	}
	if (a->sizes && stress_range_parse(a->sizes, page_size, &a->o.min, &a->o.max, err,
					   sizeof(err)) < 0) {
		log_error("stress: --sizes: %s", err);
		return -1;
	}
	return 0;
}

struct stress_ctx {
	struct stress_args a;
	struct cma_root root;
	struct cma_sources *src;
	struct cma_report *rep;
	struct stress_target t;
	struct heap_diag d;
	bool module_loaded;
};

/* Print why there is no heap to use; the exit code is "could not run". */
static int no_heap(struct stress_ctx *c)
{
	char why[2048], *line, *save = NULL;

	stress_diag_facts(&c->d, c->src, c->rep);
	if (c->d.mod == HEAPMOD_UNKNOWN && !*c->d.mod_detail)
		heapmod_probe(&c->root, c->src->kver.release, &c->d);
	c->d.live = c->root.live;
	c->d.heap = c->a.o.heap;
	stress_diagnose(&c->d, why, sizeof(why));
	if (c->a.g.json)
		stress_cannot_run_json(stdout, c->a.o.heap, why);
	for (line = strtok_r(why, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_error("stress: %s", line);
	return EXIT_CANNOT_RUN;
}

/* --load-module: cma_heap is a module that is not loaded; insert it and wait for the heap. */
static void load_module(struct stress_ctx *c)
{
	char err[256];

	heapmod_probe(&c->root, c->src->kver.release, &c->d);
	if (c->d.mod != HEAPMOD_MODULE || (c->d.loaded_known && c->d.loaded))
		return;
	if (heapmod_load(&c->root, c->src->kver.release, err, sizeof(err)) < 0) {
		log_error("stress: --load-module: %s", err);
		return;
	}
	c->module_loaded = true;
	c->d.loaded = c->d.loaded_known = true;
	/* devtmpfs makes the node when the heap registers; give it a moment */
	for (int i = 0; i < 20; i++) {
		if (stress_pick_heap(&c->root, c->a.o.heap, c->rep->effective.area,
				     &c->src->areas, &c->t, &c->d) == 0)
			return;
		usleep(100000);
	}
}

static int find_heap(struct stress_ctx *c)
{
	const char *def = c->rep->effective.area;

	if (stress_pick_heap(&c->root, c->a.o.heap, def, &c->src->areas, &c->t, &c->d) == 0)
		return 0;
	if (c->a.o.load_module)
		load_module(c);
	if (stress_pick_heap(&c->root, c->a.o.heap, def, &c->src->areas, &c->t, &c->d) == 0)
		return 0;
	return no_heap(c);
}

static int run_and_report(struct stress_ctx *c, const struct stress_plan *p)
{
	struct stress_run run = { .root = &c->root, .target = &c->t, .plan = p };
	struct stress_report rep = { &c->t, p, &run, NULL, NULL, c->d.heaps, c->module_loaded };
	struct stress_outcome o;
	struct stress_latency lat;
	struct stress_verdict v;
	int r = stress_run(&run), ret;

	if (r < 0) {
		log_error("stress: cannot allocate from %s/%s: %s", c->d.dir, c->t.heap,
			  r == -ENOTTY ? "not a dma-heap character device" : run.error);
		stress_run_free(&run);
		return EXIT_CANNOT_RUN;
	}
	if (run.failed && !run.succeeded && run.first_err == ENOTTY) {
		/* the node took the open but not the ioctl: not a dma-heap, nothing reproduced */
		log_error("stress: cannot allocate from %s/%s: not a dma-heap device "
			  "(DMA_HEAP_IOCTL_ALLOC: %s)", c->d.dir, c->t.heap, strerror(ENOTTY));
		stress_run_free(&run);
		return EXIT_CANNOT_RUN;
	}
	stress_latency_compute(&run.lat, &lat);
	stress_run_outcome(&run, &o);
	stress_verdict_make(&o, &v);
	rep.verdict = &v;
	rep.latency = &lat;
	ret = run.failed ? EXIT_ALLOC_FAILED : EXIT_OK;
	if (c->a.g.json ? stress_report_json(stdout, &rep) < 0 : (stress_report_text(stdout, &rep), 0))
		ret = EXIT_FAIL;
	stress_run_free(&run);
	return ret;
}

static int plan_and_go(struct stress_ctx *c)
{
	struct stress_report rep = { &c->t, NULL, NULL, NULL, NULL, c->d.heaps, c->module_loaded };
	struct stress_plan p;
	char err[320];

	stress_target_sizes(&c->t, c->src, c->rep);
	if (stress_plan_make(&c->a.o, &c->t, &p, err, sizeof(err)) < 0) {
		log_error("stress: refused: %s", err);
		if (c->a.g.json)
			stress_cannot_run_json(stdout, c->t.heap, err);
		return EXIT_CANNOT_RUN;
	}
	if (!c->a.o.dry_run)
		return run_and_report(c, &p);
	rep.plan = &p;
	if (c->a.g.json)
		return stress_report_json(stdout, &rep) < 0 ? EXIT_FAIL : EXIT_OK;
	stress_report_text(stdout, &rep);
	return EXIT_OK;
}

int cmd_stress(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { options, parse_stress, NULL,
		"Allocate buffers from the CMA heap (/dev/dma_heap) the way a driver's user "
		"space does, and report what the kernel did: successes, failures with their "
		"errno, latency, CmaFree and the CMA counters before and after, the kernel-log "
		"lines the run caused, and a verdict.\vExit status: 0 every allocation "
		"succeeded, 4 an allocation failed (reproduced), 5 could not run, 2 usage.",
		children, NULL, NULL };
	struct stress_ctx *c = calloc(1, sizeof(*c));
	int ret = EXIT_FAIL, r;

	if (!c || !(c->src = calloc(1, sizeof(*c->src))) || !(c->rep = calloc(1, sizeof(*c->rep))))
		goto out;
	c->a.g = *gin;
	c->root.dirfd = -1;
	opts_parse(&argp, argc, argv, &c->a);
	if ((r = root_open(&c->root, c->a.g.root)) < 0) {
		log_error("--root %s: %s", c->a.g.root, strerror(-r));
		goto out;
	}
	if (gather(&c->root, &c->a.g, c->src) == EXIT_FAIL)
		goto out;
	cma_resolve(c->src, c->rep);
	ret = EXIT_USAGE;
	if (parse_sizes(&c->a, c->src->page_size) < 0)
		goto out;
	ret = find_heap(c);
	if (ret == EXIT_OK)
		ret = plan_and_go(c);
out:
	if (c) {
		root_close(&c->root);
		free(c->src);
		free(c->rep);
	}
	free(c);
	return ret;
}
