// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dmaheap-alloc: cmactl's companion. Allocates the given sizes from one
 * /dev/dma_heap heap, holds them all, prints one line (or JSON object) per
 * allocation with its result and latency, then frees them. Usable where
 * cmactl is not installed, e.g. inside a minimal initramfs.
 */
#include <argp.h>
#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "opts.h"
#include "io/dmaheap.h"
#include "model/heaps.h"
#include "model/size.h"
#include "model/stress.h"

const char *argp_program_version = "dmaheap-alloc (cmactl) " CMACTL_VERSION;

#define MAX_SIZES 1024

enum { OPT_HOLD = 0x200 };

struct client {
	const char *root, *heap;
	bool touch, json;
	uint64_t hold_ms;
	size_t n;
	const char *sizes[MAX_SIZES];
};

static const struct argp_option options[] = {
	{ "heap", 'H', "NAME", 0, "Heap in /dev/dma_heap (default: default_cma_region, else the "
	  "one heap named after a CMA area, as cmactl stress picks)", 0 },
	{ "root", 'r', "DIR", 0, "Find dev/dma_heap under DIR instead of /", 0 },
	{ "touch", 't', NULL, 0, "Map and write every buffer (DMA_BUF_IOCTL_SYNC around it)", 0 },
	{ "hold", OPT_HOLD, "SECONDS", 0, "Hold the buffers this long before freeing them", 0 },
	{ "json", 'j', NULL, 0, "One JSON array of allocations", 0 },
	{ 0 }
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct client *c = state->input;

	switch (key) {
	case 'H': c->heap = arg; break;
	case 'r': c->root = arg; break;
	case 't': c->touch = true; break;
	case 'j': c->json = true; break;
	case OPT_HOLD:
		if (stress_seconds_parse(arg, &c->hold_ms) < 0)
			argp_error(state, "--hold: '%s' is not a number of seconds", arg);
		break;
	case ARGP_KEY_ARG:
		if (c->n == MAX_SIZES)
			argp_error(state, "at most %d sizes", MAX_SIZES);
		c->sizes[c->n++] = arg;
		break;
	case ARGP_KEY_END:
		if (!c->n)
			argp_error(state, "no SIZE given");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/*
 * The default heap, by the one rule `cmactl stress` uses (model/heaps.c), on
 * the same inputs: the heaps and the area names sysfs/debugfs list.
 * *@several is set when more than one heap fits (then NULL).
 */
static const char *default_heap(const struct cma_root *r, char (*names)[DMAHEAP_NAME_MAX],
				bool *several)
{
	int n = dmaheap_list(r, names, STRESS_MAX_HEAPS), i;
	const char *ptr[STRESS_MAX_HEAPS];
	struct cma_areas areas = { 0 };

	for (i = 0; i < n; i++)
		ptr[i] = names[i];
	dmaheap_area_names(r, &areas);
	i = n > 0 ? heaps_pick(ptr, n, &areas) : -1;
	*several = i == -2;
	return i >= 0 ? names[i] : NULL;
}

static void print_one(const struct client *c, const char *heap, const struct dmaheap_buf *b,
		      int touch_err, uint64_t ps, json_object *arr)
{
	uint64_t pages = stress_pages(b->bytes, ps);
	json_object *o;

	if (!c->json) {
		printf("%s %" PRIu64 " bytes %" PRIu64 " pages %s", heap, b->bytes, pages,
		       b->err ? "FAIL" : "OK");
		if (b->err)
			printf(" %s (%s)", strerrorname_np(b->err) ? strerrorname_np(b->err) : "?",
			       strerror(b->err));
		printf(" %" PRIu64 " ns%s%s\n", b->ns, touch_err ? " touch: " : "",
		       touch_err ? strerror(touch_err) : "");
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "heap", json_object_new_string(heap));
	json_object_object_add(o, "bytes", json_object_new_uint64(b->bytes));
	json_object_object_add(o, "pages", json_object_new_uint64(pages));
	json_object_object_add(o, "ok", json_object_new_boolean(!b->err));
	json_object_object_add(o, "errno", json_object_new_int(b->err));
	json_object_object_add(o, "error", b->err ? json_object_new_string(strerror(b->err)) : NULL);
	json_object_object_add(o, "latency_ns", json_object_new_uint64(b->ns));
	json_object_object_add(o, "touch_errno", json_object_new_int(touch_err));
	json_object_array_add(arr, o);
}

static int parse_all(const struct client *c, uint64_t ps, uint64_t *bytes)
{
	char err[160];

	/* cmactl's own parser and words: `dmaheap-alloc 1.5G` says what `cmactl set 1.5G` says */
	for (size_t i = 0; i < c->n; i++) {
		if (size_parse(c->sizes[i], ps, &bytes[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "dmaheap-alloc: SIZE %s\n", err);
			return -1;
		}
		if (!bytes[i]) {
			fprintf(stderr, "dmaheap-alloc: SIZE '%s': must not be 0\n", c->sizes[i]);
			return -1;
		}
	}
	return 0;
}

/* Allocate everything, hold, free. Return: the exit status. */
static int run(const struct client *c, struct dmaheap *h, const uint64_t *bytes, uint64_t ps)
{
	struct dmaheap_buf *bufs = calloc(c->n, sizeof(*bufs));
	json_object *arr = c->json ? json_object_new_array() : NULL;
	int ret = EXIT_OK;

	if (!bufs)
		return EXIT_FAIL;
	for (size_t i = 0; i < c->n; i++) {
		int touch_err = 0;

		dmaheap_alloc(h, bytes[i], &bufs[i]);
		if (!bufs[i].err && c->touch)
			touch_err = -dmaheap_touch(&bufs[i]);
		if (bufs[i].err || touch_err)
			ret = EXIT_ALLOC_FAILED;
		print_one(c, h->name, &bufs[i], touch_err, ps, arr);
	}
	if (arr) {
		printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
	fflush(stdout);
	if (c->hold_ms)
		poll(NULL, 0, c->hold_ms > INT32_MAX ? INT32_MAX : (int)c->hold_ms);
	for (size_t i = 0; i < c->n; i++)
		dmaheap_free(&bufs[i]);
	free(bufs);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct argp_child children[] = { { &help_argp, 0, NULL, -1 }, { 0 } };
	static const struct argp argp = { options, parse_opt, "SIZE...",
		"Allocate each SIZE (1M, 4097p, 0x1000...) from a dma-buf heap, hold them all, "
		"print one line per allocation, free them.\vExit status: 0 all allocations "
		"succeeded, 4 an allocation failed, 5 could not run (no such heap), 2 usage, "
		"1 output error. -h is --help (it was --hold before 0.2). See dmaheap-alloc(1).",
		children, NULL, NULL };
	struct client c = { .root = "/" };
	char names[STRESS_MAX_HEAPS][DMAHEAP_NAME_MAX];
	struct cma_root root = { .dirfd = -1 };
	struct dmaheap h;
	bool several = false;
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t ps = psz > 0 ? (uint64_t)psz : 4096, *bytes;
	int r, ret = EXIT_CANNOT_RUN;

	argp_err_exit_status = EXIT_USAGE;
	opts_suggest(&argp, argc, argv, false);
	argp_parse(&argp, argc, argv, ARGP_NO_HELP, NULL, &c);
	if (!(bytes = calloc(c.n, sizeof(*bytes))))
		return EXIT_FAIL;
	if (parse_all(&c, ps, bytes) < 0) {
		free(bytes);
		return EXIT_USAGE;
	}
	if ((r = root_open(&root, c.root)) < 0) {
		fprintf(stderr, "dmaheap-alloc: %s: %s\n", c.root, strerror(-r));
		free(bytes);
		return EXIT_CANNOT_RUN;
	}
	if (!c.heap && !(c.heap = default_heap(&root, names, &several)))
		fprintf(stderr, "dmaheap-alloc: %s in %s/dev/dma_heap: name one with --heap\n",
			several ? "more than one heap could be the default CMA area's" :
			"no default heap", strcmp(c.root, "/") ? c.root : "");
	else if ((r = dmaheap_open(&root, c.heap, &h)) < 0)
		fprintf(stderr, "dmaheap-alloc: %s/dev/dma_heap/%s: %s\n",
			strcmp(c.root, "/") ? c.root : "", c.heap,
			r == -ENOTTY ? "not a dma-heap character device" : strerror(-r));
	else {
		ret = run(&c, &h, bytes, ps);
		dmaheap_close(&h);
	}
	root_close(&root);
	free(bytes);
	if (fflush(stdout) || ferror(stdout) || fclose(stdout))
		return ret ? ret : EXIT_FAIL;
	return ret;
}
