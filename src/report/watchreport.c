// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The watch report: NDJSON (one compact object per line, so `jq -c`, a
 * pipe or a --record file can be read while it grows), the text summary and
 * the live terminal view. JSON keys are an API (cmactl(8)): add, never rename.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "model/size.h"
#include "report/report.h"
#include "report/watchreport.h"

#define HAS(as, f) (((as)->has >> (f)) & 1u)

static int put_line(FILE *f, json_object *o)
{
	int r = fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE));

	json_object_put(o);
	fflush(f);		/* a reader of the record sees every sample as it comes */
	return r < 0 ? -1 : 0;
}

static json_object *typed(const char *type)
{
	json_object *o = json_object_new_object();

	json_put(o, "type", json_object_new_string(type));
	return o;
}

int watch_json_start(FILE *f, const struct watch_setup *su, const struct watch_state *w)
{
	json_object *o = typed("start");

	json_put(o, "format", json_object_new_int(1));
	json_put(o, "page_size", json_object_new_uint64(w->page_size));
	json_put(o, "interval_ms", json_object_new_uint64(su->interval_ms));
	json_put(o, "duration_ms", json_u64_or_null(su->duration_ms != 0, su->duration_ms));
	json_put(o, "command", su->command ? json_utf8_string(su->command) : NULL);
	return put_line(f, o);
}

int watch_json_sample(FILE *f, const struct watch_state *w, const struct watch_sample *s)
{
	json_object *o = typed("sample"), *areas = json_object_new_array();

	json_put(o, "t_ms", json_object_new_uint64(s->t_ms));
	json_put(o, "cma_total_bytes", json_u64_or_null(s->has_meminfo, s->cma_total));
	json_put(o, "cma_free_bytes", json_u64_or_null(s->has_meminfo, s->cma_free));
	json_put(o, "vmstat_cma_alloc_success", json_u64_or_null(s->has_vm_success,
								 s->vm_success));
	json_put(o, "vmstat_cma_alloc_fail", json_u64_or_null(s->has_vm_fail, s->vm_fail));
	for (int i = 0; i < s->n; i++) {
		const struct watch_area_sample *as = &s->area[i];
		json_object *a = json_object_new_object();
		json_object *dir[2] = { json_object_new_object(), json_object_new_object() };

		json_put(a, "name", json_utf8_string(as->name));
		for (int fi = 0; fi < WF_N; fi++)
			if (HAS(as, fi))
				json_put(dir[watch_fields[fi].dir], watch_fields[fi].file,
					 json_object_new_uint64(as->v[fi]));
		json_put(a, "sysfs", dir[WD_SYSFS]);
		json_put(a, "debugfs", dir[WD_DEBUGFS]);
		json_object_array_add(areas, a);
	}
	json_put(o, "areas", areas);
	(void)w;
	return put_line(f, o);
}

static json_object *fail_obj(const struct watch_state *w, const struct watch_fail *fl,
			     const char *type)
{
	json_object *o = typed(type), *b;
	char eb[16];

	json_put(o, "t_ms", json_object_new_uint64(fl->t_ms));
	json_put(o, "source", json_object_new_string(fl->origin == WFO_LOG ? "kernel_log" :
						      "sysfs_alloc_pages_fail"));
	json_put(o, "area", *fl->area ? json_utf8_string(fl->area) : NULL);
	json_put(o, "pages", json_object_new_uint64(fl->pages));
	json_put(o, "bytes", json_object_new_uint64(fl->pages * w->page_size));
	json_put(o, "error", fl->origin == WFO_LOG ?
		 json_object_new_string(errno_name(fl->ret, eb, sizeof(eb))) : NULL);
	json_put(o, "ret", fl->origin == WFO_LOG ? json_object_new_int(fl->ret) : NULL);
	if (!fl->has_before) {
		json_put(o, "before", NULL);
		return o;
	}
	b = json_object_new_object();
	json_put(b, "t_ms", json_object_new_uint64(fl->before_t_ms));
	json_put(b, "used_pages", json_u64_or_null(fl->before_used_known, fl->before_used));
	json_put(b, "maxchunk_pages", json_u64_or_null(fl->before_chunk_known, fl->before_chunk));
	json_put(b, "cma_free_bytes", json_u64_or_null(fl->before_free_known, fl->before_free));
	json_put(o, "before", b);
	return o;
}

int watch_json_failure(FILE *f, const struct watch_state *w, const struct watch_fail *fl)
{
	return put_line(f, fail_obj(w, fl, "failure"));
}

static json_object *counter(const struct watch_counter *c)
{
	return json_u64_or_null(c->known, c->delta);
}

static json_object *area_summary(const struct watch_area *a)
{
	json_object *o = json_object_new_object(), *c = json_object_new_object();

	json_put(o, "name", json_utf8_string(a->name));
	json_put(o, "size_pages", json_u64_or_null(a->size_known, a->size));
	json_put(o, "used_pages", json_u64_or_null(a->used_known, a->used));
	json_put(o, "peak_used_pages", json_u64_or_null(a->used_known, a->peak_used));
	json_put(o, "peak_used_t_ms", json_u64_or_null(a->used_known, a->peak_used_t));
	json_put(o, "min_free_pages", json_u64_or_null(a->used_known && a->size_known,
						       a->min_free));
	json_put(o, "min_free_t_ms", json_u64_or_null(a->used_known && a->size_known,
						      a->min_free_t));
	json_put(o, "min_maxchunk_pages", json_u64_or_null(a->chunk_known, a->min_chunk));
	json_put(o, "min_maxchunk_t_ms", json_u64_or_null(a->chunk_known, a->min_chunk_t));
	for (int f = 0; f < WF_N; f++)
		if (watch_fields[f].cumulative)
			json_put(c, watch_fields[f].file, counter(&a->c[f]));
	json_put(o, "counter_growth", c);
	json_put(o, "counter_resets", json_object_new_uint64(a->c[WF_ASUCC].resets +
							      a->c[WF_AFAIL].resets +
							      a->c[WF_RSUCC].resets));
	return o;
}

int watch_json_summary(FILE *f, const struct watch_setup *su, const struct watch_state *w,
		       const struct watch_end *e)
{
	json_object *o = typed("summary"), *areas = json_object_new_array();
	json_object *fails = json_object_new_array();
	char buf[600];

	json_put(o, "duration_ms", json_object_new_uint64(e->duration_ms));
	json_put(o, "samples", json_object_new_uint64(w->samples));
	json_put(o, "page_size", json_object_new_uint64(w->page_size));
	json_put(o, "approximate", json_object_new_boolean(w->approximate));
	watch_missing(w, buf, sizeof(buf));
	json_put(o, "missing", *buf ? json_object_new_string(buf) : NULL);
	json_put(o, "kernel_log_followed", json_object_new_boolean(e->log_followed));
	json_put(o, "kernel_log_error", *e->log_why ? json_utf8_string(e->log_why) : NULL);
	json_put(o, "kernel_log_overruns", json_object_new_uint64(w->log_overruns));
	json_put(o, "kernel_log_lost_records", json_object_new_uint64(w->log_lost));
	json_put(o, "command", su->command ? json_utf8_string(su->command) : NULL);
	json_put(o, "command_exit", e->child_ran ? json_object_new_int(e->child_exit) : NULL);
	json_put(o, "command_error", *e->child_error ? json_utf8_string(e->child_error) : NULL);
	json_put(o, "signal", e->signal ? json_object_new_int(e->signal) : NULL);
	json_put(o, "cma_total_bytes", json_u64_or_null(w->has_meminfo, w->cma_total));
	json_put(o, "min_cma_free_bytes", json_u64_or_null(w->has_meminfo, w->min_cma_free));
	json_put(o, "min_cma_free_t_ms", json_u64_or_null(w->has_meminfo, w->min_cma_free_t));
	json_put(o, "peak_cma_used_bytes", json_u64_or_null(w->has_meminfo, w->peak_mem_used));
	json_put(o, "peak_cma_used_t_ms", json_u64_or_null(w->has_meminfo, w->peak_mem_used_t));
	json_put(o, "vmstat_cma_alloc_success", counter(&w->vm_success));
	json_put(o, "vmstat_cma_alloc_fail", counter(&w->vm_fail));
	for (int i = 0; i < w->n; i++)
		json_object_array_add(areas, area_summary(&w->a[i]));
	json_put(o, "areas", areas);
	for (int i = 0; i < w->nfails; i++)
		json_object_array_add(fails, fail_obj(w, &w->fails[i], "failure"));
	json_put(o, "failures", fails);
	json_put(o, "failures_total", json_object_new_uint64(w->fails_total));
	json_put(o, "failures_not_listed", json_object_new_uint64(w->fails_dropped));
	json_put(o, "largest_failed_pages", json_u64_or_null(w->fails_total != 0,
							     w->largest_fail_pages));
	watch_verdict(w, buf, sizeof(buf));
	json_put(o, "verdict", json_object_new_string(buf));
	return put_line(f, o);
}

/* ------------------------------------------------------------------ text */

static const char *pg(const struct watch_state *w, uint64_t pages, char *buf, size_t len)
{
	char s[32];

	size_format(pages * w->page_size, s, sizeof(s));
	snprintf(buf, len, "%s (%" PRIu64 " pages)", s, pages);
	return buf;
}

static const char *secs(uint64_t ms, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%01" PRIu64 " s", ms / 1000, ms % 1000 / 100);
	return buf;
}

static const char *bytes(uint64_t b, char *buf, size_t len)
{
	size_format(b, buf, len);
	return buf;
}

static void text_fail(FILE *f, const struct watch_state *w, const struct watch_fail *fl)
{
	char a[64], t[32], eb[16];

	fprintf(f, "  at %s: ", secs(fl->t_ms, t, sizeof(t)));
	if (fl->origin == WFO_LOG)
		fprintf(f, "area %s, request %s, %s (kernel log)", *fl->area ? fl->area : "(unnamed)",
			pg(w, fl->pages, a, sizeof(a)), errno_name(fl->ret, eb, sizeof(eb)));
	else
		fprintf(f, "area %s, %s failed (alloc_pages_fail grew; the log said nothing)",
			fl->area, pg(w, fl->pages, a, sizeof(a)));
	fprintf(f, "\n");
	if (!fl->has_before)
		return;
	fprintf(f, "    sample before, at %s:", secs(fl->before_t_ms, t, sizeof(t)));
	if (fl->before_used_known)
		fprintf(f, " used %" PRIu64 " pages,", fl->before_used);
	if (fl->before_chunk_known)
		fprintf(f, " largest free run %" PRIu64 " pages,", fl->before_chunk);
	if (fl->before_free_known)
		fprintf(f, " CmaFree %s", bytes(fl->before_free, a, sizeof(a)));
	fprintf(f, "\n");
}

void watch_text_summary(FILE *f, const struct watch_setup *su, const struct watch_state *w,
			const struct watch_end *e)
{
	char a[64], b[64], t[32], buf[600];

	fprintf(f, "watched %s, %" PRIu64 " samples every %" PRIu64 " ms",
		secs(e->duration_ms, t, sizeof(t)), w->samples, su->interval_ms);
	if (e->signal)
		fprintf(f, ", stopped by %s", strsignal(e->signal));
	fprintf(f, "\n");
	if (su->command && e->child_ran)
		fprintf(f, "command:     %s (exit %d)\n", su->command, e->child_exit);
	else if (su->command)
		fprintf(f, "command:     %s did not run: %s\n", su->command, e->child_error);
	if (e->log_followed)
		fprintf(f, "kernel log:  followed%s\n", w->log_overruns || w->log_lost ?
			" (records were lost: the kernel overwrote them before they were read)" : "");
	else
		fprintf(f, "kernel log:  not followed (%s): failures come from counters only\n",
			e->log_why);
	watch_missing(w, buf, sizeof(buf));
	if (*buf)
		fprintf(f, "missing:     %s\n", buf);
	for (int i = 0; i < w->n; i++) {
		const struct watch_area *ar = &w->a[i];

		fprintf(f, "area %s:", ar->name);
		if (ar->size_known)
			fprintf(f, " %s", pg(w, ar->size, a, sizeof(a)));
		fprintf(f, "\n");
		if (ar->used_known)
			fprintf(f, "  peak used:        %s at %s\n", pg(w, ar->peak_used, a, sizeof(a)),
				secs(ar->peak_used_t, t, sizeof(t)));
		if (ar->used_known && ar->size_known)
			fprintf(f, "  minimum free:     %s at %s\n", pg(w, ar->min_free, a, sizeof(a)),
				secs(ar->min_free_t, t, sizeof(t)));
		if (ar->chunk_known)
			fprintf(f, "  min largest run:  %s at %s\n", pg(w, ar->min_chunk, a, sizeof(a)),
				secs(ar->min_chunk_t, t, sizeof(t)));
		if (ar->c[WF_ASUCC].known || ar->c[WF_AFAIL].known)
			fprintf(f, "  pages allocated +%" PRIu64 ", failed +%" PRIu64
				", released +%" PRIu64 "%s\n", ar->c[WF_ASUCC].delta,
				ar->c[WF_AFAIL].delta, ar->c[WF_RSUCC].delta,
				ar->c[WF_RSUCC].known ? "" : " (no release_pages_success)");
	}
	if (w->has_meminfo)
		fprintf(f, "CmaTotal %s: peak CmaTotal - CmaFree %s at %s, minimum CmaFree %s\n",
			bytes(w->cma_total, a, sizeof(a)), bytes(w->peak_mem_used, b, sizeof(b)),
			secs(w->peak_mem_used_t, t, sizeof(t)),
			bytes(w->min_cma_free, buf, sizeof(buf)));
	if (w->vm_success.known)
		fprintf(f, "vmstat:      cma_alloc_success +%" PRIu64 ", cma_alloc_fail +%" PRIu64 "\n",
			w->vm_success.delta, w->vm_fail.delta);
	fprintf(f, "failures:    %" PRIu64 "%s\n", w->fails_total, w->fails_total ? ":" : "");
	for (int i = 0; i < w->nfails; i++)
		text_fail(f, w, &w->fails[i]);
	if (w->fails_dropped)
		fprintf(f, "  ... and %" PRIu64 " more\n", w->fails_dropped);
	watch_verdict(w, buf, sizeof(buf));
	fprintf(f, "verdict:     %s\n", buf);
}

/* ------------------------------------------------------------------ live view */

/* A growable frame: the whole redraw goes out in one write, so nothing flickers. */
struct frame {
	char *p;
	size_t n, cap;
};

static void fr_add(struct frame *fr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fr_add(struct frame *fr, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(fr->p ? fr->p + fr->n : NULL, fr->p ? fr->cap - fr->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			return;
		if (fr->p && fr->n + (size_t)k < fr->cap) {
			fr->n += (size_t)k;
			return;
		}
		fr->cap = (fr->cap ? fr->cap * 2 : 4096) + (size_t)k;
		char *np = realloc(fr->p, fr->cap);

		if (!np)
			return;
		fr->p = np;
	}
}

/* One line of at most @cols visible columns (the text part is ASCII). */
static void fr_line(struct frame *fr, unsigned cols, const char *text, const char *spark)
{
	size_t tl = strlen(text);

	if (tl > cols)
		tl = cols;
	fr_add(fr, "%.*s%s\033[K\n", (int)tl, text, spark && tl < cols ? spark : "");
}

static void sparkline(const struct watch_area *a, bool utf8, unsigned width, char *out,
		      size_t len)
{
	static const char *const blocks[9] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = " .:-=+*#%";
	unsigned from = a->nspark > width ? a->nspark - width : 0;
	size_t n = 0;

	out[0] = '\0';
	for (unsigned i = from; i < a->nspark && n + 4 < len; i++) {
		unsigned v = a->spark[i] > 8 ? 8 : a->spark[i];

		if (utf8)
			n += (size_t)snprintf(out + n, len - n, "%s", blocks[v]);
		else
			out[n++] = ascii[v], out[n] = '\0';
	}
}

void watch_view_begin(struct watch_view *v, FILE *f)
{
	v->drawn = 0;
	fputs("\033[?25l", f);	/* hide the cursor while redrawing */
	fflush(f);
}

void watch_view_failure(struct watch_view *v, const struct watch_state *w,
			const struct watch_fail *fl)
{
	char t[32], eb[16];

	if (fl->origin == WFO_LOG)
		snprintf(v->last_fail, sizeof(v->last_fail), "at %s: %s, %" PRIu64 " pages, %s",
			 secs(fl->t_ms, t, sizeof(t)), *fl->area ? fl->area : "(unnamed)", fl->pages,
			 errno_name(fl->ret, eb, sizeof(eb)));
	else
		snprintf(v->last_fail, sizeof(v->last_fail), "at %s: %s, %" PRIu64 " pages failed "
			 "(counter)", secs(fl->t_ms, t, sizeof(t)), fl->area, fl->pages);
	(void)w;
}

void watch_view_draw(struct watch_view *v, FILE *f, const struct watch_setup *su,
		     const struct watch_state *w)
{
	struct frame fr = { 0 };
	char line[512], a[32], b[32], c[32], d[32], t[32], spark[WATCH_SPARK * 4 + 1];
	const char *bold = v->color ? "\033[1m" : "", *red = v->color ? "\033[31m" : "";
	const char *off = v->color ? "\033[0m" : "";
	unsigned lines = 0, cols = v->cols ? v->cols : 80;

	if (v->clear)
		fr_add(&fr, "\033[H\033[2J");
	else if (v->drawn)
		fr_add(&fr, "\033[%uF", v->drawn);	/* to the first line of the last frame */
	v->clear = false;
	fr_add(&fr, "%s", bold);
	snprintf(line, sizeof(line), "cmactl watch  %s  %" PRIu64 " samples, every %" PRIu64
		 " ms%s%s  (Ctrl-C stops)", secs(w->t_last, t, sizeof(t)), w->samples,
		 su->interval_ms, su->command ? "  running: " : "", su->command ? su->command : "");
	fr_line(&fr, cols, line, NULL);
	fr_add(&fr, "%s", off);
	lines++;
	snprintf(line, sizeof(line), "%-16s %10s %10s %10s %10s %10s  %s", "AREA", "SIZE", "USED",
		 "PEAK", "FREE RUN", "(MIN)", "RECENT USE");
	fr_line(&fr, cols, line, NULL);
	lines++;
	/* a terminal too short for every area shows the first ones: the frame
	 * must fit, or moving up over it would scroll */
	for (int i = 0; i < w->n && (!v->rows || lines + 3 < v->rows); i++) {
		const struct watch_area *ar = &w->a[i];
		int used = snprintf(line, sizeof(line), "%-16.16s %10s %10s %10s %10s %10s  ", ar->name,
				    ar->size_known ? bytes(ar->size * w->page_size, a, sizeof(a)) : "?",
				    ar->used_known ? bytes(ar->used * w->page_size, b, sizeof(b)) : "?",
				    ar->used_known ? bytes(ar->peak_used * w->page_size, c, sizeof(c)) :
				    "?", ar->chunk_known ? bytes(ar->chunk * w->page_size, d,
								 sizeof(d)) : "?",
				    ar->chunk_known ? bytes(ar->min_chunk * w->page_size, t,
							    sizeof(t)) : "?");
		unsigned room = used > 0 && (unsigned)used < cols ? cols - (unsigned)used : 0;

		sparkline(ar, v->utf8, room > WATCH_SPARK ? WATCH_SPARK : room, spark,
			  sizeof(spark));
		fr_line(&fr, cols, line, spark);
		lines++;
	}
	if (w->has_meminfo) {
		snprintf(line, sizeof(line), "CmaTotal %s  CmaFree %s  (minimum %s)%s",
			 bytes(w->cma_total, a, sizeof(a)), bytes(w->cma_free, b, sizeof(b)),
			 bytes(w->min_cma_free, c, sizeof(c)),
			 w->approximate ? "  approximate: no per-area counters" : "");
		fr_line(&fr, cols, line, NULL);
		lines++;
	}
	if (w->fails_total)
		fr_add(&fr, "%s", red);
	snprintf(line, sizeof(line), "failures: %" PRIu64 "%s%s", w->fails_total,
		 *v->last_fail ? ", last " : "", v->last_fail);
	fr_line(&fr, cols, line, NULL);
	fr_add(&fr, "%s", w->fails_total ? off : "");
	lines++;
	/* a frame shorter than the last one: clear what is left below it */
	if (lines < v->drawn)
		fr_add(&fr, "\033[J");
	v->drawn = lines;
	if (fr.p)
		fwrite(fr.p, 1, fr.n, f);
	fflush(f);
	free(fr.p);
}

void watch_view_end(struct watch_view *v, FILE *f)
{
	(void)v;
	fputs("\033[0m\033[?25h", f);	/* attributes off, cursor back */
	fflush(f);
}
