// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stress report. Text is for people and may change; the JSON keys are
 * an API (cmactl(8), "stress JSON"): add keys, never rename or remove them.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>
#include <stdlib.h>
#include "model/size.h"
#include "report/report.h"
#include "report/wrap.h"
#include "report/stressreport.h"

/* ------------------------------------------------------------------ text */

static const char *fmt_size(uint64_t b, char *buf, size_t len)
{
	size_format(b, buf, len);
	return buf;
}

static const char *fmt_ns(uint64_t ns, char *buf, size_t len)
{
	if (ns < 10000)
		snprintf(buf, len, "%" PRIu64 " ns", ns);
	else if (ns < 10000000)
		snprintf(buf, len, "%.1f us", (double)ns / 1e3);
	else
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	return buf;
}

static void text_plan(FILE *f, const struct stress_report *r)
{
	const struct stress_target *t = r->target;
	const struct stress_plan *p = r->plan;
	char a[32], b[32];

	fprintf(f, "heap:        %s", t->heap);
	if (t->is_cma && t->area_known)
		fprintf(f, " (CMA area '%s', %s = %" PRIu64 " pages)", t->area,
			fmt_size(t->area_bytes, a, sizeof(a)), t->area_bytes / p->page_size);
	else if (t->is_cma)
		fprintf(f, " (CMA area '%s')", t->area);
	else
		fprintf(f, " (not a CMA heap)");
	if (t->twin[0])
		fprintf(f, "; heap '%s' is the same area", t->twin);
	fprintf(f, "\n");
	if (r->heaps && *r->heaps)
		fprintf(f, "heaps:       %s\n", r->heaps);
	if (r->module_loaded)
		fprintf(f, "module:      cma_heap inserted through libkmod (--load-module)\n");
	fprintf(f, "plan:        %u job(s), each ", p->jobs);
	if (p->until_fail)
		fprintf(f, "allocating until the first failure");
	else
		fprintf(f, "holding %" PRIu64 " buffer(s)", p->count);
	if (p->size_min == p->size_max)
		fprintf(f, " of %s (%" PRIu64 " bytes, %" PRIu64 " pages)",
			fmt_size(p->size_min, a, sizeof(a)), p->size_min, p->size_min / p->page_size);
	else
		fprintf(f, " of %s to %s (random)", fmt_size(p->size_min, a, sizeof(a)),
			fmt_size(p->size_max, b, sizeof(b)));
	fprintf(f, ", hold %.3g s%s%s%s\n", (double)p->hold_ms / 1e3,
		p->duration_ms ? ", repeated for the duration" : "",
		p->keep_going ? ", keep going after failures" : "", p->touch ? ", touched" : "");
	if (p->impossible_by_size)
		fprintf(f, "note:        the request is larger than the whole area: sent once, "
			"as the failure to reproduce\n");
	if (p->budget != UINT64_MAX)
		fprintf(f, "bound:       at most %s held at once (%s)\n",
			fmt_size(p->bound, a, sizeof(a)), p->bound_is_area ?
			"the area's size" : "CmaTotal");
	else
		fprintf(f, "bound:       none (%s)\n", p->force ? "--force" :
			p->impossible_by_size ? "one request larger than the area, sent once" :
			"no size known");
}

static void text_failures(FILE *f, const struct stress_run *run, uint64_t ps)
{
	char a[32], e[32], l[32];

	for (size_t i = 0; i < run->nfails; i++) {
		const struct stress_alloc *x = &run->fails[i];

		fprintf(f, "%s job %u: %s (%" PRIu64 " pages): %s (%s) in %s\n",
			i ? "            " : "failures:   ", x->job, fmt_size(x->bytes, a, sizeof(a)),
			stress_pages(x->bytes, ps), errno_name(x->err, e, sizeof(e)),
			strerror(x->err), fmt_ns(x->ns, l, sizeof(l)));
	}
	if (run->failed > run->nfails)
		fprintf(f, "             ... %" PRIu64 " more\n", run->failed - run->nfails);
}

static void text_counter(FILE *f, const char *label, bool h1, uint64_t v1, bool h2, uint64_t v2)
{
	if (h1 && h2)
		fprintf(f, " %s %+" PRId64 " (%" PRIu64 " -> %" PRIu64 ")", label,
			(int64_t)(v2 - v1), v1, v2);
}

static void text_snapshots(FILE *f, const struct stress_report *r)
{
	const struct stress_run *run = r->run;
	const struct stress_snapshot *b = &run->before, *p = &run->at_peak, *a = &run->after;
	char x[32], y[32], z[32];

	if (b->has_free)
		fprintf(f, "CmaFree:     before %s, at peak %s, after %s\n",
			fmt_size(b->cma_free, x, sizeof(x)),
			p->has_free ? fmt_size(p->cma_free, y, sizeof(y)) : "?",
			a->has_free ? fmt_size(a->cma_free, z, sizeof(z)) : "?");
	if (b->has_success || b->has_fail) {
		fprintf(f, "sysfs:      ");
		text_counter(f, "alloc_pages_success", b->has_success, b->success,
			     a->has_success, a->success);
		text_counter(f, "alloc_pages_fail", b->has_fail, b->fail, a->has_fail, a->fail);
		fprintf(f, " (pages, area %s)\n", r->target->area);
	}
	if (b->has_vm_success || b->has_vm_fail) {
		fprintf(f, "vmstat:     ");
		text_counter(f, "cma_alloc_success", b->has_vm_success, b->vm_success,
			     a->has_vm_success, a->vm_success);
		text_counter(f, "cma_alloc_fail", b->has_vm_fail, b->vm_fail, a->has_vm_fail,
			     a->vm_fail);
		fprintf(f, " (requests, all areas)\n");
	}
	if (b->has_free && a->has_free && a->cma_free < b->cma_free && a->has_used &&
	    b->has_used && a->used == b->used)
		fprintf(f, "             (CmaFree lags after the run although debugfs 'used' is "
			"back to %" PRIu64 ": freed pages wait on per-CPU free lists until they "
			"are drained, linux-6.1 mm/page_alloc.c free_unref_page())\n", a->used);
	if (p->has_used && p->has_maxchunk)
		fprintf(f, "debugfs:     at peak used %" PRIu64 " of %" PRIu64 " pages, largest "
			"free run (maxchunk) %" PRIu64 " pages; before: used %" PRIu64 "\n",
			p->used, p->count, p->maxchunk, b->used);
}

static void text_log(FILE *f, const struct stress_run *run)
{
	if (!run->log_watched) {
		fprintf(f, "kernel log:  not watched (%s)\n", run->log_why);
		return;
	}
	if (!run->nlog) {
		fprintf(f, "kernel log:  no new CMA lines during the run\n");
		return;
	}
	for (int i = 0; i < run->nlog; i++)
		fprintf(f, "%s%s\n", i ? "             " : "kernel log:  ", run->log[i]);
	if (run->log_dropped)
		fprintf(f, "             ... %" PRIu64 " more\n", run->log_dropped);
}

static void report_lines(FILE *f, const struct stress_report *r)
{
	const struct stress_run *run = r->run;
	const struct stress_latency *l = r->latency;
	char a[32], b[32], c[32], d[32];

	text_plan(f, r);
	if (!run) {
		fprintf(f, "dry run:     nothing allocated\n");
		return;
	}
	fprintf(f, "result:      %" PRIu64 " attempted, %" PRIu64 " succeeded, %" PRIu64
		" failed%s, %" PRIu64 " round(s) in %.3g s\n", run->attempted, run->succeeded,
		run->failed, run->interrupted ? " (interrupted)" : "", run->rounds,
		(double)run->elapsed_ms / 1e3);
	if (run->touch_failed)
		fprintf(f, "touch:       %" PRIu64 " buffer(s) could not be mapped and written\n",
			run->touch_failed);
	text_failures(f, run, r->plan->page_size);
	if (l->known)
		fprintf(f, "latency:     min %s, median %s, p99 %s, max %s (successful "
			"allocations%s)\n", fmt_ns(l->min, a, sizeof(a)), fmt_ns(l->median, b, sizeof(b)),
			fmt_ns(l->p99, c, sizeof(c)), fmt_ns(l->max, d, sizeof(d)),
			/* past STRESS_LAT_EXACT samples (model/stress.h) */
			l->exact ? "" : "; median and p99 at most 0.8 % low: a histogram");
	fprintf(f, "peak held:   %s\n", fmt_size(run->peak_bytes, a, sizeof(a)));
	text_snapshots(f, r);
	text_log(f, run);
	fprintf(f, "verdict:     %s\n", r->verdict->text);
}

/* Written whole first, then folded to 80 columns: values wrap under the value column. */
void stress_report_text(FILE *f, const struct stress_report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m) {
		report_lines(f, r);
		return;
	}
	report_lines(m, r);
	if (fclose(m) == 0)
		text_fold(f, buf);
	else
		report_lines(f, r);
	free(buf);
}

/* ------------------------------------------------------------------ JSON */


static json_object *json_plan(const struct stress_plan *p)
{
	json_object *o = json_object_new_object();

	json_put(o, "mode", json_object_new_string(p->until_fail ? "until-fail" : "count"));
	json_put(o, "jobs", json_object_new_uint64(p->jobs));
	json_put(o, "count", p->until_fail ? NULL : json_object_new_uint64(p->count));
	json_put(o, "size_min_bytes", json_object_new_uint64(p->size_min));
	json_put(o, "size_max_bytes", json_object_new_uint64(p->size_max));
	json_put(o, "page_size", json_object_new_uint64(p->page_size));
	json_put(o, "hold_ms", json_object_new_uint64(p->hold_ms));
	json_put(o, "duration_ms", json_object_new_uint64(p->duration_ms));
	json_put(o, "keep_going", json_object_new_boolean(p->keep_going));
	json_put(o, "touch", json_object_new_boolean(p->touch));
	json_put(o, "force", json_object_new_boolean(p->force));
	json_put(o, "bound_bytes", p->budget == UINT64_MAX ? NULL : json_object_new_uint64(p->bound));
	json_put(o, "impossible_by_size", json_object_new_boolean(p->impossible_by_size));
	return o;
}

static json_object *json_target(const struct stress_target *t)
{
	json_object *o = json_object_new_object();

	json_put(o, "name", json_utf8_string(t->heap));
	json_put(o, "is_cma", json_object_new_boolean(t->is_cma));
	json_put(o, "area", t->is_cma ? json_utf8_string(t->area) : NULL);
	json_put(o, "area_bytes", json_u64_or_null(t->area_known, t->area_bytes));
	json_put(o, "cma_total_bytes", json_u64_or_null(t->total_known, t->cma_total));
	json_put(o, "same_area_as", t->twin[0] ? json_utf8_string(t->twin) : NULL);
	return o;
}

static json_object *json_snapshot(const struct stress_snapshot *s)
{
	json_object *o = json_object_new_object();

	json_put(o, "cma_free_bytes", json_u64_or_null(s->has_free, s->cma_free));
	json_put(o, "alloc_pages_success", json_u64_or_null(s->has_success, s->success));
	json_put(o, "alloc_pages_fail", json_u64_or_null(s->has_fail, s->fail));
	json_put(o, "debugfs_used_pages", json_u64_or_null(s->has_used, s->used));
	json_put(o, "debugfs_maxchunk_pages", json_u64_or_null(s->has_maxchunk, s->maxchunk));
	json_put(o, "debugfs_count_pages", json_u64_or_null(s->has_count, s->count));
	json_put(o, "vmstat_cma_alloc_success", json_u64_or_null(s->has_vm_success, s->vm_success));
	json_put(o, "vmstat_cma_alloc_fail", json_u64_or_null(s->has_vm_fail, s->vm_fail));
	return o;
}

static json_object *delta(bool h1, uint64_t v1, bool h2, uint64_t v2)
{
	return h1 && h2 ? json_object_new_int64((int64_t)(v2 - v1)) : NULL;
}

static json_object *json_deltas(const struct stress_snapshot *b, const struct stress_snapshot *a)
{
	json_object *o = json_object_new_object();

	json_put(o, "alloc_pages_success", delta(b->has_success, b->success, a->has_success,
					    a->success));
	json_put(o, "alloc_pages_fail", delta(b->has_fail, b->fail, a->has_fail, a->fail));
	json_put(o, "vmstat_cma_alloc_success", delta(b->has_vm_success, b->vm_success,
						 a->has_vm_success, a->vm_success));
	json_put(o, "vmstat_cma_alloc_fail", delta(b->has_vm_fail, b->vm_fail, a->has_vm_fail,
					      a->vm_fail));
	return o;
}

/* A failed allocation: the error as a number, a name and a message. */
static void failure_fields(json_object *o, const struct stress_alloc *x)
{
	char e[32];

	json_put(o, "errno", json_object_new_int(x->err));
	json_put(o, "error", json_object_new_string(errno_name(x->err, e, sizeof(e))));
	json_put(o, "message", json_object_new_string(strerror(x->err)));
}

/* Any allocation: whether it worked, and whether touching its pages did. */
static void record_fields(json_object *o, const struct stress_alloc *x)
{
	char e[32];

	json_put(o, "ok", json_object_new_boolean(!x->err));
	json_put(o, "error", x->err ? json_object_new_string(errno_name(x->err, e, sizeof(e))) :
		 NULL);
	json_put(o, "touch_error", x->touch_err ?
		 json_object_new_string(errno_name(x->touch_err, e, sizeof(e))) : NULL);
}

/*
 * One allocation list ("failures", or every allocation up to STRESS_MAX_RECORDS in
 * "each"): what both say of an allocation, then @fields' own keys, then latency_ns.
 */
static json_object *json_allocs(const struct stress_alloc *v, size_t n, uint64_t ps,
				void (*fields)(json_object *, const struct stress_alloc *))
{
	json_object *arr = json_object_new_array();

	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();

		json_put(o, "job", json_object_new_uint64(v[i].job));
		json_put(o, "round", json_object_new_uint64(v[i].round));
		json_put(o, "bytes", json_object_new_uint64(v[i].bytes));
		json_put(o, "pages", json_object_new_uint64(stress_pages(v[i].bytes, ps)));
		fields(o, &v[i]);
		json_put(o, "latency_ns", json_object_new_uint64(v[i].ns));
		json_object_array_add(arr, o);
	}
	return arr;
}

static json_object *json_log(const struct stress_run *run)
{
	json_object *o = json_object_new_object(), *lines = json_object_new_array();
	json_object *fails = json_object_new_array();

	json_put(o, "watched", json_object_new_boolean(run->log_watched));
	json_put(o, "why_not", run->log_watched ? NULL : json_object_new_string(run->log_why));
	for (int i = 0; i < run->nlog; i++)
		json_object_array_add(lines, json_utf8_string(run->log[i]));
	json_put(o, "lines", lines);
	json_put(o, "lines_dropped", json_object_new_uint64(run->log_dropped));
	for (int i = 0; i < run->klog.nfails; i++) {
		const struct klog_fail *k = &run->klog.fails[i];
		json_object *f = json_object_new_object();

		json_put(f, "area", *k->area ? json_utf8_string(k->area) : NULL);
		json_put(f, "pages", json_object_new_uint64(k->pages));
		json_put(f, "ret", json_object_new_int(k->ret));
		json_put(f, "count", json_object_new_uint64(k->count));
		json_object_array_add(fails, f);
	}
	json_put(o, "alloc_failures", fails);
	return o;
}

static json_object *json_latency(const struct stress_latency *l)
{
	json_object *o;

	if (!l->known)
		return NULL;
	o = json_object_new_object();
	json_put(o, "count", json_object_new_uint64(l->count));
	json_put(o, "exact", json_object_new_boolean(l->exact));
	json_put(o, "min", json_object_new_uint64(l->min));
	json_put(o, "median", json_object_new_uint64(l->median));
	json_put(o, "p99", json_object_new_uint64(l->p99));
	json_put(o, "max", json_object_new_uint64(l->max));
	return o;
}

static void json_results(json_object *root, const struct stress_report *r)
{
	const struct stress_run *run = r->run;
	json_object *o = json_object_new_object();

	json_put(o, "attempted", json_object_new_uint64(run->attempted));
	json_put(o, "succeeded", json_object_new_uint64(run->succeeded));
	json_put(o, "failed", json_object_new_uint64(run->failed));
	json_put(o, "touch_failed", json_object_new_uint64(run->touch_failed));
	json_put(o, "rounds", json_object_new_uint64(run->rounds));
	json_put(o, "elapsed_ms", json_object_new_uint64(run->elapsed_ms));
	json_put(o, "interrupted", json_object_new_boolean(run->interrupted));
	json_put(o, "bound_reached", json_object_new_boolean(run->bound_reached));
	json_put(root, "allocations", o);
	json_put(root, "failures", json_allocs(run->fails, run->nfails, r->plan->page_size,
					       failure_fields));
	json_put(root, "each", json_allocs(run->records, run->nrecords, r->plan->page_size,
					   record_fields));
	json_put(root, "each_dropped", json_object_new_uint64(run->records_dropped));
	json_put(root, "latency_ns", json_latency(r->latency));
	json_put(root, "peak_bytes_held", json_object_new_uint64(run->peak_bytes));
	json_put(root, "before", json_snapshot(&run->before));
	json_put(root, "at_peak", json_snapshot(&run->at_peak));
	json_put(root, "after", json_snapshot(&run->after));
	json_put(root, "deltas", json_deltas(&run->before, &run->after));
	json_put(root, "kernel_log", json_log(run));
	o = json_object_new_object();
	json_put(o, "code", json_object_new_string(stress_verdict_name(r->verdict->code)));
	json_put(o, "text", json_utf8_string(r->verdict->text));
	json_put(root, "verdict", o);
}

static int emit(FILE *f, json_object *root)
{
	const char *s = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_SPACED |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
	int ret = fprintf(f, "%s\n", s) < 0 ? -1 : 0;

	json_object_put(root);
	return ret;
}

int stress_report_json(FILE *f, const struct stress_report *r)
{
	json_object *root = json_object_new_object();

	json_put(root, "ran", json_object_new_boolean(r->run != NULL));
	json_put(root, "dry_run", json_object_new_boolean(r->run == NULL));
	json_put(root, "heap", json_target(r->target));
	json_put(root, "module_loaded", json_object_new_boolean(r->module_loaded));
	json_put(root, "plan", json_plan(r->plan));
	if (r->run)
		json_results(root, r);
	return emit(f, root);
}

int stress_cannot_run_json(FILE *f, const char *heap, const char *why)
{
	json_object *root = json_object_new_object(), *arr = json_object_new_array();
	const char *p = why;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		json_object_array_add(arr, json_object_new_string_len(p, (int)n));
		p = nl ? nl + 1 : NULL;
	}
	json_put(root, "ran", json_object_new_boolean(false));
	json_put(root, "heap", heap && *heap ? json_utf8_string(heap) : NULL);
	json_put(root, "reason", arr);
	return emit(f, root);
}
