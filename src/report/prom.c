// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl export`: the status model as Prometheus / OpenMetrics metrics. One
 * table of metric families; each row names its samples' source, and a family
 * with no evidence prints nothing (not even its # HELP), so absent means unknown.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "model/heaps.h"
#include "report/prom.h"
#include "report/report.h"
#include "report/utf8.h"

enum prom_kind { K_GAUGE, K_COUNTER, K_INFO };

struct prom_label { const char *key, *value; };

/* Where one family is being written: the header goes out before the first sample. */
struct prom_out {
	FILE *f;
	enum prom_format fmt;
	const struct prom_family *fam;
	bool header_done;
};

struct prom_family {
	const char *name;	/* family name: no _total / _info suffix */
	enum prom_kind kind;
	const char *unit;	/* OpenMetrics # UNIT, the name's suffix; NULL if none */
	const char *help;
	void (*samples)(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r);
};

int prom_format_parse(const char *name, enum prom_format *fmt)
{
	if (!strcmp(name, "prometheus"))
		*fmt = PROM_TEXT;
	else if (!strcmp(name, "openmetrics"))
		*fmt = PROM_OPENMETRICS;
	else
		return -1;
	return 0;
}

static const char *sample_suffix(enum prom_kind k)
{
	return k == K_COUNTER ? "_total" : k == K_INFO ? "_info" : "";
}

/* HELP text is ours and plain ASCII; only the backslash and newline need escaping. */
static void put_header(struct prom_out *o)
{
	const struct prom_family *fm = o->fam;
	/* the 0.0.4 text format names a family by its sample name and has no info type */
	const char *suffix = o->fmt == PROM_TEXT ? sample_suffix(fm->kind) : "";
	const char *type = fm->kind == K_COUNTER ? "counter" :
			   fm->kind == K_INFO && o->fmt == PROM_OPENMETRICS ? "info" : "gauge";

	fprintf(o->f, "# HELP %s%s %s\n", fm->name, suffix, fm->help);
	fprintf(o->f, "# TYPE %s%s %s\n", fm->name, suffix, type);
	if (fm->unit && o->fmt == PROM_OPENMETRICS)
		fprintf(o->f, "# UNIT %s %s\n", fm->name, fm->unit);
	o->header_done = true;
}

/* A label value: escaped as both formats require, bytes that are not UTF-8 become U+FFFD. */
static void put_label_value(FILE *f, const char *v)
{
	size_t n = strlen(v);

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)v + i, n - i);

		if (!k) {
			fputs("\xef\xbf\xbd", f);
			i++;
		} else if (v[i] == '\\' || v[i] == '"') {
			fprintf(f, "\\%c", v[i++]);
		} else if (v[i] == '\n') {
			fputs("\\n", f);
			i++;
		} else {
			fwrite(v + i, 1, k, f);
			i += k;
		}
	}
}

static void sample(struct prom_out *o, const struct prom_label *l, size_t nl, uint64_t v)
{
	if (!o->header_done)
		put_header(o);
	fprintf(o->f, "%s%s", o->fam->name, sample_suffix(o->fam->kind));
	for (size_t i = 0; i < nl; i++) {
		fprintf(o->f, "%s%s=\"", i ? "," : "{", l[i].key);
		put_label_value(o->f, l[i].value);
		fputc('"', o->f);
	}
	fprintf(o->f, "%s %" PRIu64 "\n", nl ? "}" : "", v);
}

static void sample_area(struct prom_out *o, const char *area, uint64_t v)
{
	const struct prom_label l[] = { { "area", area } };

	sample(o, l, ARRAY_SIZE(l), v);
}

/*
 * The dma-buf heap of the default area, when the config shows the CMA heap is
 * built: the one heap rule (model/heaps.c). Unknown version or config: "".
 */
static const char *default_heap(const struct cma_sources *s, const struct cma_report *r)
{
	const char *name;

	if (!s->kconfig_st.present || s->kconfig.heaps_cma == KC_NO ||
	    s->kconfig.heaps_cma == KC_UNKNOWN || !r->effective.area[0])
		return "";
	name = heaps_default_name(s->kver.known, s->kver.major, s->kver.minor, r->effective.area);
	return name ? name : "";
}

static void s_info(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	const struct prom_label l[] = {
		{ "kernel", s->kver.known ? s->kver.release : "" },
		{ "default_area", r->effective.area },
		{ "source", r->effective.known ? cma_source_name(r->effective.source) : "" },
		{ "default_heap", default_heap(s, r) },
	};

	sample(o, l, ARRAY_SIZE(l), 1);
}

static void s_enabled(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	if (!r->cma_unknown)
		sample(o, NULL, 0, r->cma_enabled);
}

static void s_effective(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	if (r->effective.known)
		sample(o, NULL, 0, r->effective.size_bytes);
}

/* Areas by name, so that the order does not depend on readdir(). */
static int area_order(const struct cma_report *r, int *idx)
{
	for (int i = 0; i < r->nareas; i++) {
		int j = i;

		for (; j > 0 && strcmp(r->areas[idx[j - 1]].name, r->areas[i].name) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
	return r->nareas;
}

static const struct cma_area *area_stats(const struct cma_sources *s, const struct report_area *a)
{
	return a->stats >= 0 ? &s->areas.area[a->stats] : NULL;
}

static bool sysfs_attr(const struct cma_area *st, const char *name, uint64_t *v)
{
	for (int i = 0; st && i < st->nattrs; i++)
		if (!strcmp(st->attrs[i].name, name))
			return *v = st->attrs[i].value, true;
	return false;
}

static void s_area_size(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	int idx[CMA_MAX_AREAS];

	for (int k = 0, n = area_order(r, idx); k < n; k++)
		if (r->areas[idx[k]].has_size)
			sample_area(o, r->areas[idx[k]].name, r->areas[idx[k]].size_bytes);
}

static void s_area_used(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	int idx[CMA_MAX_AREAS];

	for (int k = 0, n = area_order(r, idx); k < n; k++) {
		const struct cma_area *st = area_stats(s, &r->areas[idx[k]]);

		if (st && st->has_used)
			sample_area(o, r->areas[idx[k]].name, st->used * s->page_size);
	}
}

/*
 * What the area's bitmap has free: sysfs available_pages (Linux 6.15+, the
 * kernel's available_count), else debugfs count - used (the same bitmap, all
 * versions with CONFIG_CMA_DEBUGFS). Never CmaFree, which counts free buddy pages.
 */
static void s_area_avail(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	const uint64_t page = s->page_size;
	int idx[CMA_MAX_AREAS];

	for (int k = 0, n = area_order(r, idx); k < n; k++) {
		const struct cma_area *st = area_stats(s, &r->areas[idx[k]]);
		uint64_t pages;

		if (sysfs_attr(st, "available_pages", &pages))
			sample_area(o, r->areas[idx[k]].name, pages * page);
		else if (st && st->has_count && st->has_used && st->used <= st->count)
			sample_area(o, r->areas[idx[k]].name, (st->count - st->used) * page);
	}
}

static void s_area_maxchunk(struct prom_out *o, const struct cma_sources *s,
			    const struct cma_report *r)
{
	int idx[CMA_MAX_AREAS];

	for (int k = 0, n = area_order(r, idx); k < n; k++) {
		const struct cma_area *st = area_stats(s, &r->areas[idx[k]]);

		if (st && st->has_maxchunk)
			sample_area(o, r->areas[idx[k]].name, st->maxchunk * s->page_size);
	}
}

/* One sysfs page counter of every area that has it, in bytes. */
static void area_sysfs_bytes(struct prom_out *o, const struct cma_sources *s,
			     const struct cma_report *r, const char *attr)
{
	const uint64_t page = s->page_size;
	int idx[CMA_MAX_AREAS];

	for (int k = 0, n = area_order(r, idx); k < n; k++) {
		uint64_t pages;

		if (sysfs_attr(area_stats(s, &r->areas[idx[k]]), attr, &pages))
			sample_area(o, r->areas[idx[k]].name, pages * page);
	}
}

static void s_alloc_ok(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	area_sysfs_bytes(o, s, r, "alloc_pages_success");
}

static void s_alloc_fail(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	area_sysfs_bytes(o, s, r, "alloc_pages_fail");
}

static void s_release(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	area_sysfs_bytes(o, s, r, "release_pages_success");
}

/* The log's failure groups merged by (area, error), sorted; pages is the largest request. */
struct fail_sum { const char *area; int ret; uint64_t count, pages; };

static int fail_cmp(const void *a, const void *b)
{
	const struct fail_sum *x = a, *y = b;
	int c = strcmp(x->area, y->area);

	return c ? c : (x->ret < y->ret) - (x->ret > y->ret);
}

static int fail_sums(const struct cma_sources *s, struct fail_sum *out)
{
	int n = 0;

	for (int i = 0; i < s->klog.nfails && i < CMA_MAX_FAILS; i++) {
		const struct klog_fail *fl = &s->klog.fails[i];
		int j = 0;

		while (j < n && (strcmp(out[j].area, fl->area) || out[j].ret != fl->ret))
			j++;
		if (j == n)
			out[n++] = (struct fail_sum){ fl->area, fl->ret, 0, 0 };
		out[j].count += fl->count;
		if (fl->pages > out[j].pages)
			out[j].pages = fl->pages;
	}
	if (n > 1)
		qsort(out, (size_t)n, sizeof(*out), fail_cmp);
	return n;
}

static void s_log_fails(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	struct fail_sum fs[CMA_MAX_FAILS] = { { 0 } };
	char eb[16];

	for (int i = 0, n = fail_sums(s, fs); i < n; i++) {
		const struct prom_label l[] = {
			{ "area", fs[i].area }, { "error", errno_name(fs[i].ret, eb, sizeof(eb)) },
		};

		sample(o, l, ARRAY_SIZE(l), fs[i].count);
	}
}

static void s_log_fail_lines(struct prom_out *o, const struct cma_sources *s,
			     const struct cma_report *r)
{
	if (s->klog_st.present)
		sample(o, NULL, 0, s->klog.fails_total);
}

static void s_log_largest(struct prom_out *o, const struct cma_sources *s,
			  const struct cma_report *r)
{
	struct fail_sum fs[CMA_MAX_FAILS] = { { 0 } };
	int n = fail_sums(s, fs);

	/* by area only: several errors of one area fold into their largest request */
	for (int i = 0; i < n; i++) {
		uint64_t pages = fs[i].pages;

		while (i + 1 < n && !strcmp(fs[i + 1].area, fs[i].area))
			if (fs[++i].pages > pages)
				pages = fs[i].pages;
		sample_area(o, fs[i].area, pages * s->page_size);
	}
}

static void s_layer_req(struct prom_out *o, const struct cma_sources *s, const struct cma_report *r)
{
	for (int i = 0; i < LAYER_COUNT; i++) {
		const struct prom_label l[] = { { "layer", cma_layer_name(r->layers[i].layer) } };

		if (r->layers[i].has_request)
			sample(o, l, ARRAY_SIZE(l), r->layers[i].requested_bytes);
	}
}

/* Known states only: an unknown layer (its source unread) has no sample. */
static void s_layer_shadowed(struct prom_out *o, const struct cma_sources *s,
			     const struct cma_report *r)
{
	for (int i = 0; i < LAYER_COUNT; i++) {
		const struct prom_label l[] = { { "layer", cma_layer_name(r->layers[i].layer) } };
		enum layer_state st = r->layers[i].state;

		if (st == LS_EFFECTIVE || st == LS_SHADOWED || st == LS_FAILED)
			sample(o, l, ARRAY_SIZE(l), st == LS_SHADOWED);
	}
}

static void s_resv_failed(struct prom_out *o, const struct cma_sources *s,
			  const struct cma_report *r)
{
	/* the resolver's verdict (a failure line of the winning layer), or any such line */
	if (s->klog_st.present || r->effective.failed)
		sample(o, NULL, 0, r->effective.failed || s->klog.nresv_fail > 0 ||
		       s->klog.dt_setup_error || s->klog.dt_alignment_error);
}

static void s_source_read(struct prom_out *o, const struct cma_sources *s,
			  const struct cma_report *r)
{
	const struct { const char *name; const struct src_state *st; } src[] = {
		{ "meminfo", &s->meminfo_st }, { "kconfig", &s->kconfig_st },
		{ "cmdline", &s->cmdline_st }, { "devicetree", &s->dt_st },
		{ "kernel_log", &s->klog_st }, { "sysfs", &s->sysfs_st },
		{ "debugfs", &s->debugfs_st },
	};

	for (size_t i = 0; i < ARRAY_SIZE(src); i++) {
		const struct prom_label l[] = { { "source", src[i].name } };

		sample(o, l, ARRAY_SIZE(l), src[i].st->present);
	}
}

/* The order here is the output's order; cmactl(8) METRICS lists the same rows. */
static const struct prom_family families[] = {
	{ "cmactl", K_INFO, NULL, "CMA facts as labels: kernel release, default area, the "
	  "layer that set it, the CMA dma-buf heap", s_info },
	{ "cmactl_cma_enabled", K_GAUGE, NULL, "1 if the kernel has CMA (meminfo CmaTotal or "
	  "CONFIG_CMA)", s_enabled },
	{ "cmactl_effective_size_bytes", K_GAUGE, "bytes", "Size of the default CMA area",
	  s_effective },
	{ "cmactl_area_size_bytes", K_GAUGE, "bytes", "Size of a CMA area (debugfs count, "
	  "sysfs total_pages, the log or the DT)", s_area_size },
	{ "cmactl_area_used_bytes", K_GAUGE, "bytes", "Allocated part of a CMA area (debugfs "
	  "used)", s_area_used },
	{ "cmactl_area_available_bytes", K_GAUGE, "bytes", "Free part of a CMA area's bitmap "
	  "(sysfs available_pages, else debugfs count - used)", s_area_avail },
	{ "cmactl_area_largest_free_bytes", K_GAUGE, "bytes", "Largest free run of a CMA "
	  "area, an upper bound for one allocation (debugfs maxchunk)", s_area_maxchunk },
	{ "cmactl_area_alloc_success_bytes", K_COUNTER, "bytes", "Pages allocated from a CMA "
	  "area, in bytes (sysfs alloc_pages_success)", s_alloc_ok },
	{ "cmactl_area_alloc_fail_bytes", K_COUNTER, "bytes", "Pages a CMA area failed to "
	  "allocate, in bytes (sysfs alloc_pages_fail)", s_alloc_fail },
	{ "cmactl_area_release_success_bytes", K_COUNTER, "bytes", "Pages released to a CMA "
	  "area, in bytes (sysfs release_pages_success)", s_release },
	{ "cmactl_log_alloc_failures", K_COUNTER, NULL, "cma_alloc failure lines in the "
	  "kernel log, by area and error", s_log_fails },
	{ "cmactl_log_alloc_failure_lines", K_COUNTER, NULL, "Every cma_alloc failure line "
	  "in the kernel log", s_log_fail_lines },
	{ "cmactl_log_largest_failed_request_bytes", K_GAUGE, "bytes", "Largest request "
	  "the kernel log shows failing, by area", s_log_largest },
	{ "cmactl_layer_requested_bytes", K_GAUGE, "bytes", "CMA size a layer asks for",
	  s_layer_req },
	{ "cmactl_layer_shadowed", K_GAUGE, NULL, "1 if another layer overrides this "
	  "layer's request", s_layer_shadowed },
	{ "cmactl_reservation_failed", K_GAUGE, NULL, "1 if the kernel log shows a failed "
	  "CMA reservation at boot", s_resv_failed },
	{ "cmactl_source_read", K_GAUGE, NULL, "1 if the source was read; metrics from an "
	  "unread source are left out", s_source_read },
};

int report_prom(FILE *f, const struct cma_sources *s, const struct cma_report *r,
		enum prom_format fmt)
{
	for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
		struct prom_out o = { f, fmt, &families[i], false };

		families[i].samples(&o, s, r);
	}
	if (fmt == PROM_OPENMETRICS)
		fputs("# EOF\n", f);
	return ferror(f) ? -1 : 0;
}
