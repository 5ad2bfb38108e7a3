// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sampling model of `cmactl watch` (see model/watch.h). Counter
 * semantics come from DOMAIN.md 1.3: debugfs used/maxchunk are bitmap pages
 * (linux-6.1/mm/cma_debug.c), sysfs alloc_pages_* count pages
 * (linux-6.1/mm/cma_sysfs.c), vmstat cma_alloc_* count requests (5.13+).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "model/kmsg.h"
#include "model/lines.h"
#include "model/watch.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const struct watch_field_info watch_fields[WF_N] = {
	[WF_TOTAL]	= { "total_pages", WD_SYSFS, false },
	[WF_AVAIL]	= { "available_pages", WD_SYSFS, false },
	[WF_ASUCC]	= { "alloc_pages_success", WD_SYSFS, true },
	[WF_AFAIL]	= { "alloc_pages_fail", WD_SYSFS, true },
	[WF_RSUCC]	= { "release_pages_success", WD_SYSFS, true },
	[WF_COUNT]	= { "count", WD_DEBUGFS, false },
	[WF_USED]	= { "used", WD_DEBUGFS, false },
	[WF_MAXCHUNK]	= { "maxchunk", WD_DEBUGFS, false },
};

int watch_duration_parse(const char *text, uint64_t *ms)
{
	static const struct { const char *suffix; uint64_t ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "", 1000 }, { "m", 60000 }, { "h", 3600000 },
	};
	uint64_t whole = 0, frac = 0, scale = 1000000;	/* frac in millionths */
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole))
			return -1;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
	}
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		uint64_t v;

		if (strcmp(p, units[i].suffix))
			continue;
		if (__builtin_mul_overflow(whole, units[i].ms, &v) ||
		    __builtin_add_overflow(v, frac * units[i].ms / 1000000, ms))
			return -1;
		return 0;
	}
	return -1;
}

void watch_init(struct watch_state *w, uint64_t page_size)
{
	memset(w, 0, sizeof(*w));
	w->page_size = page_size ? page_size : 4096;
	klog_init(&w->klog);
}

static void counter_add(struct watch_counter *c, uint64_t v)
{
	if (!c->known) {
		c->known = true;
		c->last = v;
		return;
	}
	if (v < c->last) {
		c->resets++;		/* the counter started again from 0 */
		c->delta += v;
	} else {
		c->delta += v - c->last;
	}
	c->last = v;
}

static struct watch_area *area_find(struct watch_state *w, const char *name, bool add)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].name, name))
			return &w->a[i];
	if (!add || w->n >= WATCH_MAX_AREAS)
		return NULL;
	str_copy(w->a[w->n].name, sizeof(w->a[0].name), name);
	return &w->a[w->n++];
}

static int area_index(const struct watch_state *w, const char *name)
{
	for (int i = 0; i < w->n; i++)
		if (!strcmp(w->a[i].name, name))
			return i;
	return -1;
}

static const struct watch_area_sample *sample_area(const struct watch_sample *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->area[i].name, name))
			return &s->area[i];
	return NULL;
}

#define HAS(as, f) (((as)->has >> (f)) & 1u)

/*
 * An area's size, use and largest free run from what one sample holds:
 * debugfs first (the bitmap itself), else the 6.15+ sysfs page counts.
 */
static void derive(const struct watch_area_sample *as, bool *size_known, uint64_t *size,
		   bool *used_known, uint64_t *used, bool *chunk_known, uint64_t *chunk)
{
	*size_known = HAS(as, WF_COUNT) || HAS(as, WF_TOTAL);
	*size = HAS(as, WF_COUNT) ? as->v[WF_COUNT] : as->v[WF_TOTAL];
	*used_known = true;
	if (HAS(as, WF_USED))
		*used = as->v[WF_USED];
	else if (HAS(as, WF_TOTAL) && HAS(as, WF_AVAIL) && as->v[WF_AVAIL] <= as->v[WF_TOTAL])
		*used = as->v[WF_TOTAL] - as->v[WF_AVAIL];
	else
		*used_known = false;
	*chunk_known = HAS(as, WF_MAXCHUNK);
	*chunk = as->v[WF_MAXCHUNK];
}

static void spark_push(struct watch_area *a, uint8_t v)
{
	if (a->nspark == WATCH_SPARK) {
		memmove(a->spark, a->spark + 1, WATCH_SPARK - 1);
		a->nspark--;
	}
	a->spark[a->nspark++] = v;
}

static void merge(struct watch_point *into, const struct watch_point *pt)
{
	if (pt->used_known && (!into->used_known || pt->used > into->used))
		into->used = pt->used, into->used_known = true;
	if (pt->chunk_known && (!into->chunk_known || pt->chunk < into->chunk))
		into->chunk = pt->chunk, into->chunk_known = true;
}

void watch_series_add(struct watch_series *s, const struct watch_point *pt)
{
	if (!s->per)
		s->per = 1;
	if (s->n && s->pending < s->per) {
		merge(&s->p[s->n - 1], pt);
		s->pending++;
		return;
	}
	if (s->n == WATCH_SERIES) {
		for (unsigned i = 0; i < WATCH_SERIES / 2; i++) {
			s->p[i] = s->p[2 * i];
			merge(&s->p[i], &s->p[2 * i + 1]);
		}
		s->n = WATCH_SERIES / 2;
		s->per *= 2;
		/* the last merged point is full: the new sample starts a point */
	}
	s->p[s->n++] = *pt;
	s->pending = 1;
}

static void area_update(struct watch_area *a,
			const struct watch_area_sample *as, uint64_t t)
{
	bool first = !a->size_known && !a->used_known && !a->chunk_known;
	bool had_used = a->used_known;
	uint64_t last_used = a->used;

	derive(as, &a->size_known, &a->size, &a->used_known, &a->used, &a->chunk_known,
	       &a->chunk);
	a->used_exact = a->used_known;
	if (had_used && a->used_known && a->used > last_used && a->used - last_used > a->max_rise)
		a->max_rise = a->used - last_used;
	for (int f = 0; f < WF_N; f++)
		if (watch_fields[f].cumulative && HAS(as, f))
			counter_add(&a->c[f], as->v[f]);
	if (a->used_known && (first || a->used > a->peak_used)) {
		a->peak_used = a->used;
		a->peak_used_t = t;
	}
	if (a->used_known && a->size_known && a->used <= a->size) {
		uint64_t free = a->size - a->used;

		if (first || free < a->min_free) {
			a->min_free = free;
			a->min_free_t = t;
		}
		spark_push(a, (uint8_t)(a->size ? (a->used * 8 + a->size / 2) / a->size : 0));
	}
	if (a->chunk_known && (first || a->chunk < a->min_chunk)) {
		a->min_chunk = a->chunk;
		a->min_chunk_t = t;
	}
	watch_series_add(&a->series, &(struct watch_point){ t, a->used, a->chunk, a->used_known,
							    a->chunk_known });
}

static struct watch_fail *fail_add(struct watch_state *w, enum watch_fail_origin o,
				   uint64_t t, const char *area, uint64_t pages)
{
	struct watch_fail *f;
	const struct watch_area_sample *as;

	w->fails_total++;
	if (pages > w->largest_fail_pages)
		w->largest_fail_pages = pages;
	if (w->nfails >= WATCH_MAX_FAILS) {
		w->fails_dropped++;
		return NULL;
	}
	f = &w->fails[w->nfails++];
	memset(f, 0, sizeof(*f));
	f->origin = o;
	f->t_ms = t;
	str_copy(f->area, sizeof(f->area), area);
	f->pages = pages;
	if (!w->has_prev)
		return f;
	f->has_before = true;
	f->before_t_ms = w->prev.t_ms;
	f->before_free_known = w->prev.has_meminfo;
	f->before_free = w->prev.cma_free;
	/* the unnamed area of 4.11-5.11 logs: the only area, when there is one */
	as = *area ? sample_area(&w->prev, area) : w->prev.n == 1 ? &w->prev.area[0] : NULL;
	if (as) {
		bool sk;
		uint64_t size;

		derive(as, &sk, &size, &f->before_used_known, &f->before_used,
		       &f->before_chunk_known, &f->before_chunk);
	}
	return f;
}

int watch_add_sample(struct watch_state *w, const struct watch_sample *s)
{
	int added = 0;

	if (!w->samples)
		w->t_first = s->t_ms;
	w->samples++;
	w->t_last = s->t_ms;
	if (s->has_meminfo) {
		uint64_t used = s->cma_total >= s->cma_free ? s->cma_total - s->cma_free : 0;

		if (!w->has_meminfo || s->cma_free < w->min_cma_free) {
			w->min_cma_free = s->cma_free;
			w->min_cma_free_t = s->t_ms;
		}
		if (!w->has_meminfo || used > w->peak_mem_used) {
			w->peak_mem_used = used;
			w->peak_mem_used_t = s->t_ms;
		}
		w->has_meminfo = true;
		watch_series_add(&w->mem_series, &(struct watch_point){ s->t_ms, used / w->page_size,
									0, true, false });
		w->cma_total = s->cma_total;
		w->cma_free = s->cma_free;
	}
	if (s->has_vm_success)
		counter_add(&w->vm_success, s->vm_success);
	if (s->has_vm_fail)
		counter_add(&w->vm_fail, s->vm_fail);
	for (int i = 0; i < s->n; i++) {
		const struct watch_area_sample *as = &s->area[i];
		struct watch_area *a = area_find(w, as->name, true);
		uint64_t before;
		bool had;
		int idx;

		if (!a)
			continue;
		idx = (int)(a - w->a);
		w->seen_fields |= as->has;
		had = a->c[WF_AFAIL].known;
		before = a->c[WF_AFAIL].delta;
		area_update(a, as, s->t_ms);
		if (had && a->c[WF_AFAIL].delta > before && !w->replay) {
			uint64_t grew = a->c[WF_AFAIL].delta - before;
			uint64_t *pend = &w->log_pages_pending[idx];
			uint64_t take = grew < *pend ? grew : *pend;

			*pend -= take, grew -= take;
			take = grew < w->log_pages_unnamed ? grew : w->log_pages_unnamed;
			w->log_pages_unnamed -= take, grew -= take;
			if (grew) {	/* the log did not show these */
				fail_add(w, WFO_COUNTER, s->t_ms, a->name, grew);
				added++;
			}
		}
	}
	w->approximate = !(w->seen_fields & (1u << WF_USED | 1u << WF_AVAIL));
	w->prev = *s;
	w->has_prev = true;
	return added;
}

void watch_add_recorded_failure(struct watch_state *w, const struct watch_fail *f)
{
	w->fails_total++;
	if (f->pages > w->largest_fail_pages)
		w->largest_fail_pages = f->pages;
	if (w->nfails >= WATCH_MAX_FAILS) {
		w->fails_dropped++;
		return;
	}
	w->fails[w->nfails++] = *f;
}

int watch_add_log_line(struct watch_state *w, uint64_t t_ms, const char *line, size_t len)
{
	struct kmsg_record r;
	int added = 0;

	w->log_lines++;
	if (kmsg_parse(line, len, &r)) {
		if (w->seq_known && r.seq > w->last_seq + 1)
			w->log_lost += r.seq - w->last_seq - 1;
		w->seq_known = true;
		w->last_seq = r.seq;
	}
	klog_feed_line(&w->klog, line, len);
	for (int i = 0; i < w->klog.nfails && i < (int)ARRAY_LEN(w->klog_seen); i++) {
		const struct klog_fail *kf = &w->klog.fails[i];
		int idx;

		for (; w->klog_seen[i] < kf->count; w->klog_seen[i]++) {
			struct watch_fail *f = fail_add(w, WFO_LOG, t_ms, kf->area, kf->pages);

			if (f)
				f->ret = kf->ret;
			idx = *kf->area ? area_index(w, kf->area) : -1;
			if (idx >= 0)
				w->log_pages_pending[idx] += kf->pages;
			else
				w->log_pages_unnamed += kf->pages;
			added++;
		}
	}
	return added;
}

void watch_add_overruns(struct watch_state *w, uint64_t n)
{
	w->log_overruns += n;
}

void watch_missing(const struct watch_state *w, char *out, size_t len)
{
	size_t n = 0;

	out[0] = '\0';
	if (!w->samples || !len)
		return;
	if (!w->has_meminfo && !w->n) {
		snprintf(out, len, "no CmaTotal in /proc/meminfo and no per-area counters: this "
			 "kernel has no CMA (CONFIG_CMA is off)");
		return;
	}
	if (!w->n) {
		snprintf(out, len, "no per-area counters (no /sys/kernel/mm/cma, no debugfs cma/): "
			 "use is CmaTotal - CmaFree (approximate: CmaFree also drops when movable "
			 "pages borrow CMA pageblocks), no largest free run");
		return;
	}
	if (!(w->seen_fields & (1u << WF_MAXCHUNK)))
		n += (size_t)snprintf(out + n, len - n, "no debugfs cma/<area>/maxchunk: the largest "
				      "free run is unknown");
	if (n < len && !(w->seen_fields & (1u << WF_USED | 1u << WF_AVAIL)))
		n += (size_t)snprintf(out + n, len - n, "%sno debugfs used nor sysfs available_pages "
				      "(6.15+): use is CmaTotal - CmaFree (approximate)",
				      n ? "; " : "");
	if (n < len && !(w->seen_fields & (1u << WF_AFAIL)))
		snprintf(out + n, len - n, "%sno sysfs alloc_pages_fail (CONFIG_CMA_SYSFS, 5.13+): "
			 "failures come from the kernel log only", n ? "; " : "");
}

void watch_verdict(const struct watch_state *w, char *out, size_t len)
{
	const struct watch_area *worst = NULL;

	for (int i = 0; i < w->n; i++)
		if (w->a[i].used_known && w->a[i].size_known && w->a[i].size &&
		    (!worst || w->a[i].peak_used * worst->size > worst->peak_used * w->a[i].size))
			worst = &w->a[i];
	if (!w->samples) {
		snprintf(out, len, "no sample was taken");
		return;
	}
	if (w->fails_total) {
		snprintf(out, len, "%" PRIu64 " CMA allocation failure(s), the largest request %"
			 PRIu64 " pages: the area is too small or too fragmented for this workload",
			 w->fails_total, w->largest_fail_pages);
		return;
	}
	if (worst) {
		unsigned pct = (unsigned)(worst->peak_used * 100 / worst->size);

		snprintf(out, len, "no failure; peak use %u%% of area '%s'%s", pct, worst->name,
			 pct >= 90 ? ": little headroom left" : "");
		return;
	}
	if (w->has_meminfo && w->cma_total)
		snprintf(out, len, "no failure seen; peak CmaTotal - CmaFree %" PRIu64 "%% of "
			 "CmaTotal (approximate)", w->peak_mem_used * 100 / w->cma_total);
	else
		snprintf(out, len, "no failure seen; this kernel shows no CMA counters");
}
