// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl stress`, the decisions: plan and safety bound, request sizes,
 * latency statistics and the verdict. Pure: the engine (io/stress.c) feeds it.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "model/lines.h"
#include "model/kconfig.h"
#include "model/meminfo.h"
#include "model/size.h"
#include "model/stress.h"

int stress_seconds_parse(const char *text, uint64_t *ms)
{
	uint64_t whole = 0, frac = 0, scale = 1000;
	const char *p = text;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++)
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole))
			return -1;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
	}
	if (*p == 's')
		p++;
	if (*p || __builtin_mul_overflow(whole, 1000, &whole) ||
	    __builtin_add_overflow(whole, frac, ms))
		return -1;
	return 0;
}

int stress_range_parse(const char *text, uint64_t page_size, uint64_t *min, uint64_t *max,
		       char *err, size_t errlen)
{
	const char *dash = strchr(text, '-');
	char lo[64];

	if (!dash || (size_t)(dash - text) >= sizeof(lo)) {
		snprintf(err, errlen, "'%s': expected MIN-MAX, e.g. 64K-4M", text);
		return -1;
	}
	memcpy(lo, text, (size_t)(dash - text));
	lo[dash - text] = '\0';
	if (size_parse(lo, page_size, min, err, errlen) < 0 ||
	    size_parse(dash + 1, page_size, max, err, errlen) < 0)
		return -1;
	if (*min == 0 || *min > *max) {
		snprintf(err, errlen, "'%s': MIN must be at least 1 byte and not above MAX", text);
		return -1;
	}
	return 0;
}

uint64_t stress_pages(uint64_t bytes, uint64_t page_size)
{
	return bytes / page_size + (bytes % page_size != 0);
}

static uint64_t page_align(uint64_t bytes, uint64_t page_size)
{
	return stress_pages(bytes, page_size) * page_size;
}

/* The bytes held at once must stay under the bound unless --force. */
static int check_bound(const struct stress_plan *p, const struct stress_target *t,
		       char *err, size_t errlen)
{
	char b[32], h[32], m[32];
	uint64_t held;

	if (p->until_fail || p->impossible_by_size || p->force)
		return 0;
	if (__builtin_mul_overflow(p->size_max, p->count, &held) ||
	    __builtin_mul_overflow(held, (uint64_t)p->jobs, &held))
		held = UINT64_MAX;
	if (held <= p->bound)
		return 0;
	size_format(held, h, sizeof(h));
	size_format(p->bound, b, sizeof(b));
	size_format(p->size_max, m, sizeof(m));
	snprintf(err, errlen, "%u job(s) x %" PRIu64 " buffer(s) of %s = %s held at once, "
		 "more than %s (%s); lower --count/--jobs or add --force", p->jobs, p->count,
		 m, h, p->bound_is_area ? "the area's size" : "CmaTotal", b);
	return -1;
}

/*
 * The bound: the chosen area's size, else CmaTotal; none known is a refusal
 * unless --force. CmaTotal counts every area (per-NUMA and other DT pools
 * too: 112 MiB for a 16 MiB heap on the 7.2 lab), so it bounds nothing here.
 */
static int pick_bound(struct stress_plan *p, const struct stress_target *t, char *err,
		      size_t errlen)
{
	p->bound_is_area = false;
	if (t->area_known && t->area_bytes) {
		p->bound = t->area_bytes;
		p->bound_is_area = true;
	} else if (t->total_known && t->cma_total) {
		p->bound = t->cma_total;
	} else {
		p->bound = 0;
	}
	if (!t->is_cma && !p->force) {
		snprintf(err, errlen, "heap '%s' is not backed by CMA%s; add --force to "
			 "allocate from it anyway", t->heap,
			 strcmp(t->heap, "system") ? "" : " (it is the buddy-allocator heap)");
		return -1;
	}
	if (!p->bound && !p->force) {
		snprintf(err, errlen, "neither CmaTotal nor the size of area '%s' is known, so "
			 "the safety bound cannot be applied; add --force", t->area);
		return -1;
	}
	return 0;
}

int stress_plan_make(const struct stress_opts *o, const struct stress_target *t,
		     struct stress_plan *p, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->page_size = t->page_size ? t->page_size : 4096;
	p->size_min = p->size_max = page_align(o->size ? o->size : 1 << 20, p->page_size);
	if (o->max) {
		p->size_min = page_align(o->min, p->page_size);
		p->size_max = o->max / p->page_size * p->page_size;
		if (p->size_max < p->size_min)
			p->size_max = p->size_min;
	}
	p->until_fail = o->until_fail;
	p->count = o->until_fail ? 0 : o->count ? o->count : 1;
	p->jobs = o->jobs ? o->jobs : 1;
	p->hold_ms = o->hold_ms;
	p->duration_ms = o->duration_ms;
	p->keep_going = o->keep_going;
	p->touch = o->touch;
	p->force = o->force;
	p->seed = o->seed ? o->seed : 0x9e3779b97f4a7c15ull;
	if (pick_bound(p, t, err, errlen) < 0)
		return -1;
	/* One request above the whole area is the failure to reproduce: send it once. */
	if (t->area_known && p->size_min == p->size_max && p->size_min > t->area_bytes) {
		p->impossible_by_size = true;
		p->count = 1;
		p->jobs = 1;
		p->until_fail = false;
		p->duration_ms = 0;
	}
	p->budget = p->force || !p->bound || p->impossible_by_size ? UINT64_MAX :
		    p->bound / p->jobs;
	return check_bound(p, t, err, errlen);
}

/* splitmix64: tiny, good enough to spread sizes, reproducible from --seed. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t stress_next_size(const struct stress_plan *p, uint64_t *rng)
{
	uint64_t lo = p->size_min / p->page_size, hi = p->size_max / p->page_size;

	if (hi <= lo)
		return p->size_min;
	return (lo + rng_next(rng) % (hi - lo + 1)) * p->page_size;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with at least pct% of samples at or below it. */
static uint64_t rank(const uint64_t *sorted, size_t n, unsigned pct)
{
	size_t r = (n * pct + 99) / 100;

	return sorted[r ? r - 1 : 0];
}

/* The histogram's bucket of @v: exact below STRESS_LAT_SUB, then SUB a power of two. */
static size_t lat_bucket(uint64_t v)
{
	unsigned e;

	if (v < STRESS_LAT_SUB)
		return (size_t)v;
	e = 63u - (unsigned)__builtin_clzll(v);	/* 7..63: v in [2^e, 2^(e+1)) */
	return STRESS_LAT_SUB * (e - 6) + (size_t)((v >> (e - 7)) - STRESS_LAT_SUB);
}

/* The lowest value of bucket @i (the inverse of lat_bucket() on its first value). */
static uint64_t lat_bucket_low(size_t i)
{
	if (i < STRESS_LAT_SUB)
		return i;
	return (uint64_t)(STRESS_LAT_SUB + i % STRESS_LAT_SUB) << (i / STRESS_LAT_SUB - 1);
}

/* The one-by-one samples into a new histogram, which takes every later one. */
static int lat_fold(struct stress_lat *l)
{
	l->hist = calloc(STRESS_LAT_BUCKETS, sizeof(*l->hist));
	if (!l->hist)
		return -1;
	for (size_t i = 0; i < l->n; i++)
		l->hist[lat_bucket(l->ns[i])]++;
	free(l->ns);
	l->ns = NULL;
	l->n = l->cap = 0;
	return 0;
}

int stress_lat_add(struct stress_lat *l, uint64_t ns)
{
	size_t max = l->exact_max ? l->exact_max : STRESS_LAT_EXACT;

	if (!l->hist && l->n == max && lat_fold(l) < 0)
		goto lost;
	if (l->hist) {
		l->hist[lat_bucket(ns)]++;
	} else {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 256;
			uint64_t *nv;

			if (cap > max)
				cap = max;
			nv = realloc(l->ns, cap * sizeof(*nv));
			if (!nv)
				goto lost;
			l->ns = nv;
			l->cap = cap;
		}
		l->ns[l->n++] = ns;
	}
	if (!l->count++ || ns < l->min)
		l->min = ns;
	if (ns > l->max)
		l->max = ns;
	return 0;
lost:
	l->lost++;
	return -1;
}

void stress_lat_free(struct stress_lat *l)
{
	free(l->ns);
	free(l->hist);
	l->ns = l->hist = NULL;
	l->n = l->cap = 0;
}

/* Nearest rank from the histogram: the lowest value of the bucket that holds it. */
static uint64_t hist_rank(const struct stress_lat *l, unsigned pct)
{
	uint64_t r = (l->count * pct + 99) / 100, seen = 0, v = l->max;

	if (!r)
		r = 1;
	for (size_t i = 0; i < STRESS_LAT_BUCKETS; i++) {
		seen += l->hist[i];
		if (seen >= r) {
			v = lat_bucket_low(i);
			break;
		}
	}
	return v < l->min ? l->min : v > l->max ? l->max : v;
}

void stress_latency_compute(struct stress_lat *l, struct stress_latency *out)
{
	memset(out, 0, sizeof(*out));
	if (!l->count)
		return;
	out->known = true;
	out->count = l->count;
	out->min = l->min;
	out->max = l->max;
	if (l->hist) {
		out->median = hist_rank(l, 50);
		out->p99 = hist_rank(l, 99);
		return;
	}
	out->exact = true;
	qsort(l->ns, l->n, sizeof(*l->ns), cmp_u64);
	out->median = rank(l->ns, l->n, 50);
	out->p99 = rank(l->ns, l->n, 99);
}

const char *stress_verdict_name(enum stress_verdict_code c)
{
	static const char *const names[] = {
		[SV_OK] = "ok", [SV_LARGER_THAN_AREA] = "larger-than-area",
		[SV_EXHAUSTED] = "exhausted", [SV_FRAGMENTED] = "fragmented",
		[SV_ENOMEM_OTHER] = "enomem", [SV_BUSY] = "busy", [SV_EINTR] = "interrupted",
		[SV_FD_LIMIT] = "fd-limit", [SV_OTHER_ERROR] = "error",
		[SV_BOUND_REACHED] = "bound-reached",
	};

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "error";
}

static void verdict_larger(const struct stress_outcome *o, struct stress_verdict *v,
			   uint64_t pages, uint64_t area_pages)
{
	const char *log = !o->log_watched ? "" : o->log_has_fail ?
		" The kernel logged it." :
		" As Linux 6.1 does for this case, the kernel logged nothing: cma_alloc() "
		"(mm/cma.c) gives up before its \"alloc failed\" message when the request "
		"exceeds the area, and only the counters move.";

	v->code = SV_LARGER_THAN_AREA;
	snprintf(v->text, sizeof(v->text), "impossible by size: the request of %" PRIu64
		 " pages is larger than the whole CMA area '%s' (%" PRIu64 " pages); no "
		 "amount of freeing can satisfy it.%s", pages, o->target->area, area_pages, log);
}

/* ENOMEM below the area size: not enough free pages, or no long enough free run. */
static void verdict_enomem(const struct stress_outcome *o, struct stress_verdict *v,
			   uint64_t pages)
{
	const struct stress_snapshot *s = &o->at_peak;
	uint64_t ps = o->page_size, free_pages;

	if (s->has_used && s->has_count) {
		free_pages = s->count > s->used ? s->count - s->used : 0;
		if (free_pages < pages) {
			v->code = SV_EXHAUSTED;
			snprintf(v->text, sizeof(v->text), "not enough free memory in the area: "
				 "%" PRIu64 " of %" PRIu64 " pages free (%" PRIu64 " in use, %" PRIu64
				 " of them held by this run) for a request of %" PRIu64 " pages",
				 free_pages, s->count, s->used, o->held_at_fail / ps, pages);
			return;
		}
		if (s->has_maxchunk && s->maxchunk < pages) {
			v->code = SV_FRAGMENTED;
			snprintf(v->text, sizeof(v->text), "enough free pages (%" PRIu64 " >= %"
				 PRIu64 ") but fragmented: the largest free run in the area "
				 "(debugfs maxchunk) is %" PRIu64 " pages", free_pages, pages,
				 s->maxchunk);
			return;
		}
	} else if (s->has_free && s->cma_free < pages * ps) {
		v->code = SV_EXHAUSTED;
		snprintf(v->text, sizeof(v->text), "not enough free CMA: CmaFree was %" PRIu64
			 " pages for a request of %" PRIu64 " pages", s->cma_free / ps, pages);
		return;
	}
	v->code = SV_ENOMEM_OTHER;
	snprintf(v->text, sizeof(v->text), "ENOMEM although %s: the free pages may be "
		 "fragmented or not aligned for the request (buffers are aligned to "
		 "min(order, CONFIG_CMA_ALIGNMENT)); debugfs cma/<area>/maxchunk tells",
		 s->has_free ? "CmaFree looked large enough" : "nothing shows the area full");
}

static void verdict_failed(const struct stress_outcome *o, struct stress_verdict *v)
{
	uint64_t pages = stress_pages(o->first_fail_bytes, o->page_size);
	const struct stress_target *t = o->target;

	switch (o->first_err) {
	case ENOMEM:
		if (t->area_known && pages > t->area_bytes / o->page_size)
			verdict_larger(o, v, pages, t->area_bytes / o->page_size);
		else
			verdict_enomem(o, v, pages);
		return;
	case EBUSY:
		v->code = SV_BUSY;
		snprintf(v->text, sizeof(v->text), "EBUSY: every candidate range held pages that "
			 "could not be migrated out (pinned, locked or under writeback); "
			 "alloc_contig_range() failed on each (linux-6.1/mm/cma.c)");
		return;
	case EINTR:
		v->code = SV_EINTR;
		snprintf(v->text, sizeof(v->text), "EINTR: a fatal signal was pending while the "
			 "kernel allocated");
		return;
	case EMFILE:
	case ENFILE:
		v->code = SV_FD_LIMIT;
		snprintf(v->text, sizeof(v->text), "the run ran out of file descriptors (every "
			 "buffer is a dma-buf fd): a limit of this process, not of CMA");
		return;
	}
	v->code = SV_OTHER_ERROR;
	snprintf(v->text, sizeof(v->text), "the allocation failed with %s",
		 strerror(o->first_err));
}

void stress_verdict_make(const struct stress_outcome *o, struct stress_verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (o->failed) {
		verdict_failed(o, v);
		return;
	}
	if (o->bound_reached) {
		v->code = SV_BOUND_REACHED;
		snprintf(v->text, sizeof(v->text), "no allocation failed before the safety bound "
			 "(the bytes held at once reached %s); --force lifts it",
			 o->plan && o->plan->bound_is_area ? "the area's size" : "CmaTotal");
		return;
	}
	v->code = SV_OK;
	snprintf(v->text, sizeof(v->text), "all %" PRIu64 " allocations succeeded%s",
		 o->succeeded, o->interrupted ? " before the run was interrupted" : "");
}

bool stress_log_relevant(const char *line)
{
	/* "=> N free of T total pages" ends the free-page dump; 7.2 prints it bare */
	static const char *const words[] = { "cma", "CMA", "dma_heap", "dma-buf", "dmabuf",
		"alloc_contig_range", "page allocation failure", " total pages" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strstr(line, words[i]))
			return true;
	return false;
}

bool proc_modules_find(const char *buf, size_t len, const char *name, char *state,
		       size_t statelen)
{
	struct line_iter it = { buf, buf + len };
	size_t nl = strlen(name);
	const char *line;
	size_t n;

	while (line_next(&it, &line, &n)) {
		/* "name size refs deps state addr": the 5th field is the state */
		const char *p = line, *end = line + n, *f = NULL;
		size_t flen = 0;

		if (n <= nl || memcmp(line, name, nl) || line[nl] != ' ')
			continue;
		for (int field = 0; p < end && field < 5; field++) {
			while (p < end && *p == ' ')
				p++;
			f = p;
			while (p < end && *p != ' ')
				p++;
			flen = (size_t)(p - f);
		}
		if (f && flen && flen < statelen) {
			memcpy(state, f, flen);
			state[flen] = '\0';
		} else if (statelen) {
			state[0] = '\0';
		}
		return true;
	}
	return false;
}

/* Appends one line to the diagnosis. */
static void say(char *out, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *out, size_t len, const char *fmt, ...)
{
	size_t n = strlen(out);
	va_list ap;

	if (n + 1 >= len)
		return;
	if (n)
		out[n++] = '\n', out[n] = '\0';
	va_start(ap, fmt);
	vsnprintf(out + n, len - n, fmt, ap);
	va_end(ap);
}

static void what_is_missing(const struct heap_diag *d, char *out, size_t len)
{
	const char *list = *d->heaps ? d->heaps : "none";

	if (!d->dir_exists && d->dir_err && d->dir_err != ENOENT)
		say(out, len, "heaps unknown: cannot list %s: %s", d->dir, strerror(d->dir_err));
	else if (!d->dir_exists)
		say(out, len, "no dma-buf heaps: %s does not exist", d->dir);
	else if (d->heap)
		say(out, len, "no heap '%s' in %s (heaps there: %s)", d->heap, d->dir, list);
	else
		say(out, len, "no CMA heap in %s (heaps there: %s)", d->dir, list);
}

/* The config explains it alone when a needed option is off. Return: true if it did. */
static bool config_says_off(const struct heap_diag *d, char *out, size_t len)
{
	const struct cma_kconfig *k = &d->kc;
	const char *o = d->kconfig_origin;
	char l[80];

	if (k->cma == KC_NO) {
		say(out, len, "the kernel config (%s) has '%s': this kernel has no CMA; enable "
		    "CONFIG_CMA=y, CONFIG_DMA_CMA=y, CONFIG_DMABUF_HEAPS=y and "
		    "CONFIG_DMABUF_HEAPS_CMA=y and rebuild it", o,
		    kconfig_line("CMA", k->cma, l, sizeof(l)));
	} else if (k->dmabuf_heaps == KC_NO ||
		   (k->dmabuf_heaps == KC_UNKNOWN && k->heaps_cma == KC_UNKNOWN)) {
		kconfig_line("DMABUF_HEAPS", k->dmabuf_heaps, l, sizeof(l));
		say(out, len, "the kernel config (%s) has %s%s%s: this kernel has no dma-buf heaps; "
		    "enable CONFIG_DMABUF_HEAPS=y and CONFIG_DMABUF_HEAPS_CMA=y (which needs "
		    "CONFIG_DMA_CMA=y) and rebuild it", o, k->dmabuf_heaps ? "'" : "", l,
		    k->dmabuf_heaps ? "'" : "");
	} else if (k->heaps_cma == KC_NO) {
		say(out, len, "the kernel config (%s) has '%s': the kernel has dma-buf heaps but "
		    "not the CMA heap; enable CONFIG_DMABUF_HEAPS_CMA=y (which needs "
		    "CONFIG_DMA_CMA=y) and rebuild it", o,
		    kconfig_line("DMABUF_HEAPS_CMA", k->heaps_cma, l, sizeof(l)));
	} else if (k->heaps_cma == KC_UNKNOWN) {
		say(out, len, "the kernel config (%s) has no CONFIG_DMABUF_HEAPS_CMA line: it "
		    "depends on CONFIG_DMA_CMA (%s); enable both and rebuild the kernel", o,
		    kconfig_line("DMA_CMA", k->dma_cma, l, sizeof(l)));
	} else {
		return false;
	}
	return true;
}

static void module_state(const struct heap_diag *d, char *out, size_t len)
{
	switch (d->mod) {
	case HEAPMOD_BUILTIN:
		say(out, len, "libkmod: cma_heap is built into the kernel (modules.builtin)");
		return;
	case HEAPMOD_MODULE:
		if (d->loaded_known && d->loaded)
			say(out, len, "libkmod: cma_heap is a module (%s) and it is loaded "
			    "(/proc/modules)", d->mod_detail);
		else
			say(out, len, "libkmod: cma_heap is a module (%s)%s: run again with "
			    "--load-module (cmactl inserts it through libkmod) or modprobe "
			    "cma_heap", d->mod_detail, d->loaded_known ? ", not loaded" : "");
		return;
	case HEAPMOD_NONE:
		say(out, len, "libkmod: no cma_heap module, built in or loadable, under %s",
		    d->mod_detail);
		return;
	default:
		if (*d->mod_detail)
			say(out, len, "libkmod could not tell whether cma_heap is built in or a "
			    "module: %s", d->mod_detail);
	}
}

/* The heap driver should be there: say what else keeps the heap away. */
static void other_reasons(const struct heap_diag *d, char *out, size_t len)
{
	if (d->cma_known && !d->cma_present) {
		say(out, len, "CmaTotal is 0: no CMA area was reserved, and the CMA heap is made "
		    "only for the default area (add_default_cma_heap(), "
		    "drivers/dma-buf/heaps/cma_heap.c, Linux 6.1)");
		return;
	}
	/* a directory there but not listable: neither devtmpfs nor a capture is the cause */
	if (!d->dir_exists && d->dir_err && d->dir_err != ENOENT)
		return;
	if (!d->dir_exists && !d->live) {
		say(out, len, "a --root tree holds no device nodes unless they were captured: "
		    "run stress on the target itself");
		return;
	}
	if (!d->dir_exists) {
		say(out, len, "the CMA heap should be /dev/dma_heap/%s: is devtmpfs mounted on "
		    "/dev?", *d->default_area ? d->default_area : "reserved");
		return;
	}
	if (*d->default_area && !d->heap)
		say(out, len, "expected the heap of the default CMA area: %s/%s", d->dir,
		    d->default_area);
}

void stress_diagnose(const struct heap_diag *d, char *out, size_t len)
{
	if (!len)
		return;
	out[0] = '\0';
	if (d->several) {
		/* the same words as dmaheap-alloc: both run model/heaps.c on the same inputs */
		say(out, len, "more than one heap could be the default CMA area's in %s (heaps there: "
		    "%s): name one with --heap", d->dir, d->heaps);
		return;
	}
	what_is_missing(d, out, len);
	if (d->dir_exists && d->heap && *d->heaps)
		return;		/* a named heap is simply absent: the list says enough */
	if (d->kconfig_known && config_says_off(d, out, len))
		return;
	if (d->kconfig_known && d->kc.heaps_cma == KC_YES)
		say(out, len, "the kernel config (%s) has 'CONFIG_DMABUF_HEAPS_CMA=y': the CMA "
		    "heap is built in", d->kconfig_origin);
	else if (d->kconfig_known && d->kc.heaps_cma == KC_MODULE)
		say(out, len, "the kernel config (%s) has 'CONFIG_DMABUF_HEAPS_CMA=m': the CMA "
		    "heap is a module", d->kconfig_origin);
	else if (!d->kconfig_known)
		say(out, len, "the kernel config could not be read (no /proc/config.gz or "
		    "/boot/config-RELEASE; --config FILE names one)");
	module_state(d, out, len);
	if (d->mod != HEAPMOD_MODULE || (d->loaded_known && d->loaded))
		other_reasons(d, out, len);
}

void stress_snapshot_meminfo(const char *buf, size_t len, struct stress_snapshot *s)
{
	struct cma_meminfo m;

	meminfo_parse(buf, len, &m);
	s->has_free = m.has_cma;
	s->cma_free = m.free_bytes;
}

void stress_snapshot_vmstat(const char *buf, size_t len, struct stress_snapshot *s)
{
	struct line_iter it = { buf, buf + len };
	const char *line;
	size_t n;

	while (line_next(&it, &line, &n)) {
		bool *has = NULL;
		uint64_t *v = NULL;
		size_t k;

		if (line_starts(line, n, "cma_alloc_success "))
			has = &s->has_vm_success, v = &s->vm_success, k = 18;
		else if (line_starts(line, n, "cma_alloc_fail "))
			has = &s->has_vm_fail, v = &s->vm_fail, k = 15;
		else
			continue;
		*has = u64_parse(line + k, n - k, v) == 0;
	}
}

void stress_target_sizes(struct stress_target *t, const struct cma_sources *s,
			 const struct cma_report *rep)
{
	t->page_size = s->page_size;
	t->total_known = s->meminfo.has_cma;
	t->cma_total = s->meminfo.total_bytes;
	for (int i = 0; t->is_cma && i < rep->nareas; i++)
		if (!strcmp(rep->areas[i].name, t->area) && rep->areas[i].has_size) {
			t->area_known = true;
			t->area_bytes = rep->areas[i].size_bytes;
			return;
		}
	/* no size in the report: the area's page count (sysfs), the last match wins */
	for (int i = 0; t->is_cma && i < s->areas.n; i++)
		if (!strcmp(s->areas.area[i].name, t->area) && s->areas.area[i].has_count) {
			t->area_known = true;
			t->area_bytes = s->areas.area[i].count * t->page_size;
		}
}

void stress_diag_facts(struct heap_diag *d, const struct cma_sources *s,
		       const struct cma_report *rep)
{
	/* the config gather() already read: one reader, one parser */
	d->kconfig_known = s->kconfig_st.present;
	d->kc = s->kconfig;
	str_copy(d->kconfig_origin, sizeof(d->kconfig_origin), s->kconfig_st.origin);
	d->cma_known = s->meminfo_st.present;
	d->cma_present = s->meminfo.has_cma && s->meminfo.total_bytes > 0;
	str_copy(d->default_area, sizeof(d->default_area), rep->effective.area);
}
