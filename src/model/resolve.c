// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The resolver: from what every source said to which layer made the default
 * CMA area, how big it is, and why the other layers lost. Pure.
 *
 * The kernel decides in this order (linux-6.1 arch/arm64/mm/init.c): the
 * early reserved-memory scan runs rmem_cma_setup() for DT nodes, then
 * dma_contiguous_reserve() reserves the cmdline/Kconfig size only when no
 * DT node became the default area (kernel/dma/contiguous.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include "common.h"
#include "model/heaps.h"
#include "model/lines.h"
#include "model/cmdline.h"
#include "model/kver.h"
#include "model/size.h"
#include "model/target.h"

#define PAGEBLOCK_BYTES (4 * MiB)	/* CMA_MIN_ALIGNMENT_BYTES, arm64 4K pages (6.1) */

/* The inputs the rules need, derived once. */
struct facts {
	struct cma_cmdline cmdline;	/* from /proc/cmdline, else the log's copy */
	bool cmdline_known;
	const char *cmdline_where;
	const struct cma_dt_pool *dt_default;
	bool dt_known;
	bool kconfig_known, kconfig_makes_area;
	uint64_t kconfig_bytes;
	bool kconfig_bytes_known;
	bool modern;			/* 5.6+ precedence (or unknown version) */
	bool ver_known;			/* a release string, or a line that implies a bound */
	bool ret_new;			/* 6.15+: -16 also for a full or too-small area */
	bool ret_old;			/* before 6.15: -12 no free run, -16 migration failed */
};

static void notef(struct cma_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notef(struct cma_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nnotes >= CMA_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(r->notes[r->nnotes++], sizeof(r->notes[0]), fmt, ap);
	va_end(ap);
}

static void setf(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setf(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
}

/*
 * What the kernel version is, from the best evidence: a release string
 * (--kernel-version, osrelease, the log's "Linux version") or, failing that,
 * a line only some versions print (klog implied_* / before_*).
 */
static void version_facts(const struct cma_sources *s, struct facts *f, struct cma_report *r)
{
	const struct kver *v = &s->kver;
	const struct cma_klog *k = &s->klog;
	bool at_least_615 = k->implied_major > 6 || (k->implied_major == 6 && k->implied_minor >= 15);
	bool below_615 = k->before_major && (k->before_major < 6 ||
					     (k->before_major == 6 && k->before_minor <= 15));

	if (v->known) {
		r->kver_strength = !strcmp(s->kver_origin, "osrelease") ? FS_KERNEL :
				   !strcmp(s->kver_origin, "kernel log") ? FS_LOG : FS_ASKS;
		f->ver_known = true;
		f->modern = kver_at_least(v, 5, 6);
		f->ret_new = kver_at_least(v, 6, 15);
		f->ret_old = !f->ret_new;
		return;
	}
	f->modern = true;	/* the 5.6+ rule unless a line proves otherwise */
	if (k->implied_major || k->before_major)
		r->kver_strength = FS_LOG;
	f->ret_new = at_least_615;
	f->ret_old = below_615;
	if (k->implied_major && k->before_major)
		setf(r->kver_implied, sizeof(r->kver_implied), "%u.%u or later (%s), before %u.%u (%s)",
		     k->implied_major, k->implied_minor, k->implied_by, k->before_major,
		     k->before_minor, k->before_by);
	else if (k->implied_major)
		setf(r->kver_implied, sizeof(r->kver_implied), "%u.%u or later (%s)",
		     k->implied_major, k->implied_minor, k->implied_by);
	else if (k->before_major)
		setf(r->kver_implied, sizeof(r->kver_implied), "before %u.%u (%s)",
		     k->before_major, k->before_minor, k->before_by);
	f->ver_known = k->implied_major >= 5 && (k->implied_major > 5 || k->implied_minor >= 6);
}

static uint64_t memory_bytes(const struct cma_sources *s)
{
	if (s->dt.memory_bytes)
		return s->dt.memory_bytes;
	return s->meminfo.has_memtotal ? s->meminfo.memtotal_bytes : 0;
}

/* CONFIG_CMA_SIZE_SEL_*: what dma_contiguous_reserve() picks without cma=. */
static void kconfig_size(const struct cma_sources *s, struct facts *f, struct layer_verdict *lv)
{
	const struct cma_kconfig *k = &s->kconfig;
	uint64_t mb = k->size_mbytes * MiB, mem = memory_bytes(s);
	uint64_t pct = mem / 100 * k->size_percentage;
	enum kc_size_sel sel = k->size_sel ? k->size_sel : KC_SEL_MBYTES;

	f->kconfig_bytes_known = true;
	switch (sel) {
	case KC_SEL_PERCENTAGE:
		f->kconfig_bytes = pct;
		f->kconfig_bytes_known = mem && k->has_size_percentage;
		break;
	case KC_SEL_MIN:
	case KC_SEL_MAX:
		f->kconfig_bytes = (sel == KC_SEL_MIN) == (mb < pct) ? mb : pct;
		f->kconfig_bytes_known = mem && k->has_size_percentage && k->has_size_mbytes;
		break;
	default:
		f->kconfig_bytes = mb;
		f->kconfig_bytes_known = k->has_size_mbytes;
	}
	if (sel == KC_SEL_MBYTES)
		setf(lv->detail, sizeof(lv->detail), "CONFIG_CMA_SIZE_MBYTES=%" PRIu64, k->size_mbytes);
	else
		setf(lv->detail, sizeof(lv->detail),
		     "CONFIG_CMA_SIZE_SEL_%s (%" PRIu64 " MiB, %" PRIu64 "%% of memory)",
		     sel == KC_SEL_PERCENTAGE ? "PERCENTAGE" : sel == KC_SEL_MIN ? "MIN" : "MAX",
		     k->size_mbytes, k->size_percentage);
	lv->has_request = f->kconfig_bytes_known;
	lv->requested_bytes = f->kconfig_bytes;
}

static void kconfig_facts(const struct cma_sources *s, struct facts *f, struct layer_verdict *lv)
{
	lv->layer = LAYER_KCONFIG;
	if (!s->kconfig_st.present) {
		lv->state = LS_UNKNOWN;
		str_copy(lv->reason, sizeof(lv->reason), "kernel config not available");
		return;
	}
	f->kconfig_known = true;
	if (s->kconfig.cma != KC_YES || s->kconfig.dma_cma != KC_YES) {
		str_copy(lv->reason, sizeof(lv->reason), s->kconfig.cma != KC_YES ?
			 "CONFIG_CMA is not set" :
			 "CONFIG_DMA_CMA is not set: no default area from Kconfig or cma=");
		return;
	}
	kconfig_size(s, f, lv);
	f->kconfig_makes_area = !f->kconfig_bytes_known || f->kconfig_bytes > 0;
	if (!f->kconfig_makes_area)
		str_copy(lv->reason, sizeof(lv->reason),
			 "size 0: Kconfig reserves nothing (the x86 default)");
}

static void cmdline_facts(const struct cma_sources *s, struct facts *f, struct layer_verdict *lv)
{
	lv->layer = LAYER_CMDLINE;
	if (s->cmdline_st.present) {
		f->cmdline = s->cmdline;
		f->cmdline_where = "/proc/cmdline";
	} else if (s->klog.has_cmdline) {
		cmdline_parse(s->klog.cmdline, strnlen(s->klog.cmdline, sizeof(s->klog.cmdline)),
			      &f->cmdline);
		f->cmdline_where = "the log's 'Kernel command line:'";
	} else {
		lv->state = LS_UNKNOWN;
		str_copy(lv->reason, sizeof(lv->reason), "kernel command line not available");
		return;
	}
	f->cmdline_known = true;
	if (!f->cmdline.has_cma) {
		setf(lv->reason, sizeof(lv->reason), "no cma= in %s", f->cmdline_where);
		return;
	}
	lv->has_request = true;
	lv->requested_bytes = f->cmdline.size;
	setf(lv->detail, sizeof(lv->detail), "cma=%s", f->cmdline.cma_text);
	if (!f->cmdline.cma_valid)
		setf(lv->reason, sizeof(lv->reason),
		     "cma=%s is not a number: the kernel reads it as 0", f->cmdline.cma_text);
}

/* rmem_cma_setup() (6.1) takes only reusable, mapped shared-dma-pool nodes. */
static bool pool_usable(const struct cma_dt_pool *p)
{
	return p->shared_dma_pool && p->reusable && !p->no_map;
}

/*
 * A second usable linux,cma-default node. Linux 6.1 sorts the reserved
 * regions by base (drivers/of/of_reserved_mem.c __rmem_check_for_overlap)
 * and rmem_cma_setup() overwrites the default area for each, so the one
 * placed highest wins: known before boot only when both have a fixed reg.
 */
static void several_defaults(struct facts *f, const struct cma_dt_pool *p, struct cma_report *r)
{
	const struct cma_dt_pool *d = f->dt_default;

	if (d->has_reg && p->has_reg) {
		if (p->reg_base > d->reg_base)
			f->dt_default = p;
		notef(r, "DT nodes %s and %s both have linux,cma-default: the kernel makes the "
		      "higher one, %s, the default area", d->name, p->name, f->dt_default->name);
		return;
	}
	notef(r, "DT nodes %s and %s both have linux,cma-default: the kernel makes the one "
	      "placed highest the default area, which only the boot log tells; %s is assumed",
	      d->name, p->name, d->name);
}

static void dt_facts(const struct cma_sources *s, struct facts *f, struct layer_verdict *lv,
		     struct cma_report *r)
{
	lv->layer = LAYER_DEVICETREE;
	if (!s->dt_st.present) {
		lv->state = LS_UNKNOWN;
		str_copy(lv->reason, sizeof(lv->reason), "device tree not available");
		return;
	}
	f->dt_known = true;
	for (int i = 0; i < s->dt.ndisabled && i < 4; i++)
		notef(r, "DT node %s is a CMA pool but its status is not \"okay\": the kernel skips "
		      "it (6.1 __fdt_scan_reserved_mem)", s->dt.disabled[i]);
	for (int i = 0; i < s->dt.npools; i++) {
		const struct cma_dt_pool *p = &s->dt.pools[i];

		if (!p->is_default)
			continue;
		if (!pool_usable(p)) {
			notef(r, "DT node %s has linux,cma-default but %s: the kernel rejects it "
			      "without a log line", p->name, p->no_map ? "also no-map" : "no reusable");
			continue;
		}
		if (f->dt_default)
			several_defaults(f, p, r);
		else
			f->dt_default = p;
	}
	if (!f->dt_default) {
		str_copy(lv->reason, sizeof(lv->reason),
			 "no reusable shared-dma-pool node with linux,cma-default");
		return;
	}
	lv->has_request = f->dt_default->has_size || f->dt_default->has_reg;
	lv->requested_bytes = cma_dt_pool_bytes(f->dt_default);
	setf(lv->detail, sizeof(lv->detail), "/reserved-memory/%s %s", f->dt_default->name,
	     f->dt_default->has_reg ? "reg" : "size");
}

/*
 * The version rule. Since v5.6 ("dma-contiguous: CMA: give precedence to
 * cmdline", pulled for 5.6) any cma= bypasses the linux,cma-default node;
 * from 3.5 to 5.5 the DT node wins and cma= is ignored silently.
 */
static enum cma_source predict(const struct cma_sources *s, struct facts *f, struct cma_report *r)
{
	bool cl = f->cmdline_known && f->cmdline.has_cma;
	const struct kver *v = &s->kver;

	if (v->known)
		setf(r->rule, sizeof(r->rule), "Linux %u.%u: %s", v->major, v->minor, f->modern ?
		     "cma= beats a DT linux,cma-default node, which beats Kconfig (5.6+)" :
		     "a DT linux,cma-default node beats cma=, which beats Kconfig (before 5.6)");
	else if (f->ver_known)
		setf(r->rule, sizeof(r->rule), "Linux %u.%u or later (the log proves it): cma= beats "
		     "a DT linux,cma-default node, which beats Kconfig (5.6+)",
		     s->klog.implied_major, s->klog.implied_minor);
	else
		str_copy(r->rule, sizeof(r->rule), "kernel version unknown: assuming the 5.6+ rule "
			 "(cma= beats a DT linux,cma-default node, which beats Kconfig)");
	if (f->dt_default && (!f->modern || !cl))
		return SRC_DEVICETREE;
	if (cl)
		return SRC_CMDLINE;
	if (f->kconfig_makes_area)
		return SRC_KCONFIG;
	return f->kconfig_known ? SRC_NONE : SRC_UNKNOWN;
}

static const struct klog_resv *log_resv(const struct cma_klog *k, enum klog_resv_kind kind,
					const char *name)
{
	for (int i = 0; i < k->nresv; i++) {
		const struct klog_resv *e = &k->resv[i];

		if (e->kind == KRESV_RANGES && kind == KRESV_CMDLINE_KCONFIG && e->node < 0)
			return e;
		if (e->kind != kind)
			continue;
		if (kind == KRESV_CMDLINE_KCONFIG && e->node >= 0)
			continue;	/* a per-node area, not the default one */
		if (!name || !e->name[0] || !strcmp(e->name, name))
			return e;
	}
	return NULL;
}

/*
 * The default area's "cma: Reserved" line. Per-node areas print the same
 * line: 6.6-6.14 add "on node N" (log_resv skips those); 5.10 with
 * cma_pernuma= prints the node lines *before* the default one and without a
 * node (DOMAIN.md 7), so with cma_pernuma= a line of that size is a node's
 * while a line of another size exists; 7.2 prints three unnamed lines of the
 * same size on two nodes, any of which gives the right size.
 */
static const struct klog_resv *default_resv(const struct cma_klog *k, const struct facts *f)
{
	const struct klog_resv *first = log_resv(k, KRESV_CMDLINE_KCONFIG, NULL);

	if (!first || !f->cmdline_known || !f->cmdline.has_pernuma)
		return first;
	for (int i = 0; i < k->nresv; i++) {
		const struct klog_resv *e = &k->resv[i];

		if (e->kind == KRESV_CMDLINE_KCONFIG && e->node < 0 &&
		    e->size_bytes != f->cmdline.pernuma)
			return e;
	}
	return first;
}

/* A "cma: Failed to reserve" line (cma= / Kconfig), when no reservation followed. */
static const struct klog_resv_fail *failed_global(const struct cma_klog *k)
{
	if (log_resv(k, KRESV_CMDLINE_KCONFIG, NULL))
		return NULL;
	for (int i = 0; i < k->nresv_fail; i++)
		if (!k->resv_fails[i].dt && k->resv_fails[i].node < 0)
			return &k->resv_fails[i];
	return NULL;
}

/* An OF/fdt line saying the DT node @name (any, when NULL) could not be placed. */
static const struct klog_resv_fail *failed_dt(const struct cma_klog *k, const char *name)
{
	for (int i = 0; i < k->nresv_fail; i++) {
		const struct klog_resv_fail *e = &k->resv_fails[i];

		if (e->dt && (!name || !strcmp(e->name, name)) &&
		    !log_resv(k, KRESV_DT_POOL, e->name))
			return e;
	}
	return NULL;
}

/*
 * The one area a log-only report can name when no reservation line is
 * there: a DT CMA node the OF core initialized, else the area of the
 * failure lines and dumps when they all name the same one.
 */
static const char *log_only_area(const struct cma_klog *k)
{
	const char *name = NULL;

	if (k->ndt_init == 1)
		return k->dt_init[0];
	for (int i = 0; i < k->nfails; i++) {
		if (!k->fails[i].area[0])
			continue;
		if (name && strcmp(name, k->fails[i].area))
			return NULL;
		name = k->fails[i].area;
	}
	for (int i = 0; i < k->ndumps; i++) {
		if (!k->dumps[i].area[0])
			continue;
		if (name && strcmp(name, k->dumps[i].area))
			return NULL;
		name = k->dumps[i].area;
	}
	return name;
}

/* The layer that made an area "reserved" (cma= or Kconfig), from the command line. */
static enum cma_source global_layer(const struct facts *f)
{
	if (f->cmdline_known)
		return f->cmdline.has_cma ? SRC_CMDLINE : SRC_KCONFIG;
	return f->kconfig_known ? SRC_KCONFIG : SRC_UNKNOWN;
}

/* What the log proves about the default area, or SRC_UNKNOWN. */
static enum cma_source observe(const struct cma_sources *s, const struct facts *f)
{
	const struct cma_klog *k = &s->klog;
	const char *only;

	if (!s->klog_st.present)
		return SRC_UNKNOWN;
	if (k->bypass)
		return SRC_CMDLINE;
	if (log_resv(k, KRESV_CMDLINE_KCONFIG, NULL) || failed_global(k))
		return global_layer(f);
	if (f->dt_default && (log_resv(k, KRESV_DT_POOL, f->dt_default->name) ||
			      failed_dt(k, f->dt_default->name)))
		return SRC_DEVICETREE;
	if (f->dt_known)
		return SRC_UNKNOWN;
	/* A log alone: one DT pool and no "cma: Reserved" line means it is the default. */
	if (log_resv(k, KRESV_DT_POOL, NULL) || failed_dt(k, NULL))
		return SRC_DEVICETREE;
	/* The cma=/Kconfig area is always named "reserved"; any other name is a
	 * DT node's (linux-6.1 kernel/dma/contiguous.c, drivers/of/fdt.c). */
	only = log_only_area(k);
	if (only)
		return strcmp(only, "reserved") ? SRC_DEVICETREE : global_layer(f);
	return SRC_UNKNOWN;
}

static const char *layer_way(enum cma_source src)
{
	switch (src) {
	case SRC_KCONFIG: return "Kconfig (CONFIG_CMA_SIZE_MBYTES)";
	case SRC_CMDLINE: return "the kernel command line (cma=)";
	case SRC_DEVICETREE: return "the device tree (linux,cma node)";
	default: return "no layer";
	}
}

static void shadow(struct cma_report *r, enum cma_layer l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void shadow(struct cma_report *r, enum cma_layer l, const char *fmt, ...)
{
	struct layer_verdict *lv = &r->layers[l];
	va_list ap;

	if (!lv->has_request && !lv->detail[0])
		return;		/* absent stays absent */
	lv->state = LS_SHADOWED;
	va_start(ap, fmt);
	vsnprintf(lv->reason, sizeof(lv->reason), fmt, ap);
	va_end(ap);
}

/* Layer states once the winner is known. */
static void judge_layers(const struct cma_sources *s, const struct facts *f, struct cma_report *r)
{
	enum cma_source win = r->effective.source;
	unsigned ma = s->kver.major, mi = s->kver.minor;

	if (win == SRC_KCONFIG || win == SRC_CMDLINE || win == SRC_DEVICETREE) {
		struct layer_verdict *lv = &r->layers[win == SRC_KCONFIG ? LAYER_KCONFIG :
			win == SRC_CMDLINE ? LAYER_CMDLINE : LAYER_DEVICETREE];

		/* its source unread, the log alone proves this layer won */
		if (lv->state == LS_UNKNOWN)
			setf(lv->reason, sizeof(lv->reason), "%s not read; the kernel log proves this "
			     "layer made the default area", win == SRC_KCONFIG ? "kernel config" :
			     win == SRC_CMDLINE ? "command line" : "device tree");
		lv->state = LS_EFFECTIVE;
	}
	if (win == SRC_CMDLINE) {
		shadow(r, LAYER_KCONFIG, "cma= replaces CONFIG_CMA_SIZE_* (all versions)");
		if (s->klog.bypass)
			shadow(r, LAYER_DEVICETREE, "cma= bypasses the linux,cma-default node since "
			       "Linux 5.6; the log shows the bypass: '%s'", s->klog.bypass_line);
		else
			shadow(r, LAYER_DEVICETREE, "cma= bypasses the linux,cma-default node since "
			       "Linux 5.6");
	} else if (win == SRC_DEVICETREE) {
		shadow(r, LAYER_KCONFIG, "the DT node became the default area first, so "
		       "dma_contiguous_reserve() reserves no Kconfig area");
		if (f->modern)
			shadow(r, LAYER_CMDLINE, "the kernel log shows the DT node won although "
			       "Linux %u.%u normally lets cma= win", ma, mi);
		else
			shadow(r, LAYER_CMDLINE, "before Linux 5.6 a linux,cma-default node wins and "
			       "cma= is ignored without a log line (kernel %u.%u)", ma, mi);
	}
}

static bool area_size(const struct cma_sources *s, const char *name, uint64_t *bytes,
		      const char **from)
{
	for (int i = 0; i < s->areas.n; i++) {
		const struct cma_area *a = &s->areas.area[i];

		if (strcmp(a->name, name))
			continue;
		if (a->has_count) {
			*bytes = a->count * s->page_size, *from = "debugfs";
			return true;
		}
		for (int j = 0; j < a->nattrs; j++)
			if (!strcmp(a->attrs[j].name, "total_pages")) {
				*bytes = a->attrs[j].value * s->page_size, *from = "sysfs";
				return true;
			}
	}
	return false;
}

static const struct klog_resv_fail *failed_for(const struct cma_sources *s,
					       const struct facts *f, enum cma_source win)
{
	if (win == SRC_DEVICETREE)
		return failed_dt(&s->klog, f->dt_default ? f->dt_default->name : NULL);
	if (win == SRC_CMDLINE || win == SRC_KCONFIG || win == SRC_UNKNOWN)
		return failed_global(&s->klog);
	return NULL;
}

/* Size of the default area: what the kernel shows beats what a layer asked. */
static void effective_size(const struct cma_sources *s, const struct facts *f, struct cma_report *r)
{
	enum cma_source win = r->effective.source;
	const struct klog_resv *e = NULL;
	const struct klog_resv_fail *rf = failed_for(s, f, win);
	const struct klog_dump *d;
	const char *from = NULL, *only = log_only_area(&s->klog);
	uint64_t bytes;

	if (win == SRC_DEVICETREE) {
		const char *dn = f->dt_default ? f->dt_default->name : NULL;

		e = log_resv(&s->klog, KRESV_DT_POOL, dn);
		str_copy(r->effective.area, sizeof(r->effective.area), dn ? dn : e && e->name[0] ?
			 e->name : rf && rf->name[0] ? rf->name : only ? only : "linux,cma");
	} else if (win == SRC_CMDLINE || win == SRC_KCONFIG || win == SRC_UNKNOWN) {
		e = default_resv(&s->klog, f);
		if (win != SRC_UNKNOWN || e || rf)
			str_copy(r->effective.area, sizeof(r->effective.area), "reserved");
	}
	d = r->effective.area[0] ? klog_dump_for(&s->klog, r->effective.area) : NULL;
	if (r->effective.area[0] && area_size(s, r->effective.area, &bytes, &from)) {
		r->effective.known = true, r->effective.size_bytes = bytes;
		r->effective.strength = FS_KERNEL;
		setf(r->effective.evidence, sizeof(r->effective.evidence),
		     "%s cma/%s", from, r->effective.area);
	} else if (rf && s->klog_st.present) {
		/* The kernel's own words: nothing was reserved for this layer. */
		r->effective.known = true, r->effective.failed = true, r->effective.size_bytes = 0;
		r->effective.strength = FS_LOG;
		setf(r->effective.evidence, sizeof(r->effective.evidence), "kernel log: '%s'%s%s%s",
		     rf->line, rf->why[0] ? " after '" : "", rf->why, rf->why[0] ? "'" : "");
	} else if (d) {
		r->effective.known = true, r->effective.size_bytes = d->total_pages * s->page_size;
		r->effective.strength = FS_LOG;
		setf(r->effective.evidence, sizeof(r->effective.evidence), "kernel log: the free-page "
		     "dump after a failure in %s ('=> %" PRIu64 " free of %" PRIu64 " total pages')",
		     r->effective.area, d->free_pages, d->total_pages);
	} else if (e && s->klog_st.present) {
		r->effective.known = true, r->effective.size_bytes = e->size_bytes;
		r->effective.strength = FS_LOG;
		setf(r->effective.evidence, sizeof(r->effective.evidence), "kernel log: %s",
		     e->kind == KRESV_DT_POOL ? "'Reserved memory: created CMA memory pool'" :
		     "'cma: Reserved'");
	} else if (r->effective.area[0] && s->klog.has_memory_line && !s->klog.nresv &&
		   !s->areas.n && (!f->dt_known || s->dt.npools <= 1)) {
		/* No line names another area: the boot total is this one. */
		r->effective.known = true;
		r->effective.strength = FS_LOG;
		r->effective.size_bytes = s->klog.memory_cma_reserved_bytes;
		setf(r->effective.evidence, sizeof(r->effective.evidence), "kernel log: 'Memory: ... "
		     "%" PRIu64 "K cma-reserved' (the total of all areas; the log shows no other)",
		     s->klog.memory_cma_reserved_bytes >> 10);
	} else if (win != SRC_UNKNOWN && win != SRC_NONE) {
		const struct layer_verdict *lv = &r->layers[win == SRC_KCONFIG ? LAYER_KCONFIG :
			win == SRC_CMDLINE ? LAYER_CMDLINE : LAYER_DEVICETREE];

		r->effective.known = lv->has_request;
		r->effective.strength = lv->has_request ? FS_ASKS : FS_NONE;
		r->effective.size_bytes = lv->requested_bytes;
		str_copy(r->effective.evidence, sizeof(r->effective.evidence),
			 "requested size (no kernel evidence of the reservation)");
	} else if (win == SRC_NONE) {
		r->effective.known = true;
		r->effective.strength = FS_ASKS;
		str_copy(r->effective.evidence, sizeof(r->effective.evidence),
			 "no layer makes a default area");
	}
	if (r->effective.failed && win != SRC_UNKNOWN && win != SRC_NONE)
		r->layers[win == SRC_KCONFIG ? LAYER_KCONFIG : win == SRC_CMDLINE ? LAYER_CMDLINE
			  : LAYER_DEVICETREE].state = LS_FAILED;
}

/* Where the reserved size differs from the request, say why from the log. */
static void explain_mismatch(const struct cma_sources *s, struct cma_report *r)
{
	enum cma_source win = r->effective.source;
	const struct layer_verdict *lv;
	char want[32], got[32];

	if (win != SRC_KCONFIG && win != SRC_CMDLINE && win != SRC_DEVICETREE)
		return;
	lv = &r->layers[win == SRC_KCONFIG ? LAYER_KCONFIG : win == SRC_CMDLINE ? LAYER_CMDLINE
			: LAYER_DEVICETREE];
	if (!lv->has_request || !r->effective.known || lv->requested_bytes == r->effective.size_bytes)
		return;
	size_format(lv->requested_bytes, want, sizeof(want));
	size_format(r->effective.size_bytes, got, sizeof(got));
	if (s->klog.nresv_fail)
		notef(r, "%s asked for %s but the kernel has %s: the log shows a failed reservation",
		      layer_way(win), want, got);
	else if (s->klog.dt_alignment_error)
		notef(r, "%s asked for %s but the kernel has %s: the log shows 'incorrect alignment "
		      "of CMA region'", layer_way(win), want, got);
	else
		notef(r, "%s asked for %s but the kernel has %s (rounded to the CMA alignment, or "
		      "limited by placement)", layer_way(win), want, got);
}

static struct report_area *report_area_get(struct cma_report *r, const char *name)
{
	for (int i = 0; i < r->nareas; i++)
		if (!strcmp(r->areas[i].name, name))
			return &r->areas[i];
	if (r->nareas >= CMA_MAX_AREAS)
		return NULL;
	memset(&r->areas[r->nareas], 0, sizeof(r->areas[0]));
	str_copy(r->areas[r->nareas].name, sizeof(r->areas[0].name), name);
	r->areas[r->nareas].stats = -1;
	return &r->areas[r->nareas++];
}

/*
 * An area a log line proves but does not name (7.2's per-node lines without
 * cma_pernuma=/numa_cma= on the command line): listed with no name rather
 * than a guessed one.
 */
static struct report_area *report_area_unnamed(struct cma_report *r)
{
	if (r->nareas >= CMA_MAX_AREAS)
		return NULL;
	memset(&r->areas[r->nareas], 0, sizeof(r->areas[0]));
	r->areas[r->nareas].stats = -1;
	return &r->areas[r->nareas++];
}

/* The strength of a size or free count by where it came from. */
static enum fact_strength strength_of(const char *from)
{
	if (!strcmp(from, "debugfs") || !strcmp(from, "sysfs") || !strcmp(from, "meminfo"))
		return FS_KERNEL;
	if (!strncmp(from, "log", 3))
		return FS_LOG;
	return FS_ASKS;
}

/*
 * Sources are offered strongest first (counters, log lines, the DT): the
 * first size stays; a later one that differs is said, once per area.
 */
static void area_set_size(struct cma_report *r, struct report_area *a, uint64_t bytes,
			  const char *from)
{
	char was[32], other[32];

	if (!a)
		return;
	if (!a->has_size) {
		a->has_size = true, a->size_bytes = bytes;
		str_copy(a->size_from, sizeof(a->size_from), from);
		a->size_strength = strength_of(from);
		return;
	}
	if (bytes == a->size_bytes || a->size_disputed || !strcmp(from, a->size_from))
		return;
	a->size_disputed = true;
	size_format(a->size_bytes, was, sizeof(was));
	size_format(bytes, other, sizeof(other));
	notef(r, "area %s: %s says %s, %s says %s: trusting %s (%s beats %s)", a->name, from, other,
	      a->size_from, was, a->size_from, fact_strength_label(a->size_strength),
	      fact_strength_label(strength_of(from)));
}

static void set_free(struct report_area *a, uint64_t freeb, bool has_run, uint64_t run,
		     const char *from)
{
	a->has_free = true, a->free_bytes = freeb;
	a->has_run = has_run, a->largest_run_bytes = run;
	str_copy(a->free_from, sizeof(a->free_from), from);
	a->free_strength = strength_of(from);
}

/*
 * Free pages of one area, best first: the dump the kernel printed at the
 * failure (it is what the allocation saw), sysfs available_pages (6.15+,
 * the area's own count), debugfs count - used and maxchunk, and CmaFree
 * only when there is a single area (it counts every area, DOMAIN.md 1.3).
 */
static void area_free(const struct cma_sources *s, const struct cma_report *r,
		      struct report_area *a)
{
	const struct cma_area *st = a->stats >= 0 ? &s->areas.area[a->stats] : NULL;
	const struct klog_dump *d = klog_dump_for(&s->klog, a->name);
	uint64_t ps = s->page_size;

	if (!d && !strcmp(a->name, r->effective.area))
		d = klog_dump_for(&s->klog, "");
	if (d) {
		set_free(a, d->free_pages * ps, true, d->largest_run * ps, "log dump");
		return;
	}
	for (int j = 0; st && j < st->nattrs; j++)
		if (!strcmp(st->attrs[j].name, "available_pages")) {
			set_free(a, st->attrs[j].value * ps, st->has_maxchunk, st->maxchunk * ps,
				 "sysfs");
			return;
		}
	if (st && st->has_count && st->has_used && st->used <= st->count) {
		set_free(a, (st->count - st->used) * ps, st->has_maxchunk, st->maxchunk * ps,
			 "debugfs");
		return;
	}
	if (s->meminfo.has_cma && r->nareas == 1)
		set_free(a, s->meminfo.free_bytes, false, 0, "meminfo");
}

/* Every area any source names: counters first, then the log, then the DT. */
static void build_areas(const struct cma_sources *s, const struct facts *f, struct cma_report *r)
{
	int unnamed = 0, node_line = 0;
	uint64_t unnamed_bytes = 0;

	for (int i = 0; i < s->areas.n; i++) {
		struct report_area *a = report_area_get(r, s->areas.area[i].name);
		uint64_t bytes;
		const char *from;

		if (!a)
			break;
		a->stats = i;
		if (area_size(s, a->name, &bytes, &from))
			area_set_size(r, a, bytes, from);
	}
	for (int i = 0; i < s->klog.nresv; i++) {
		const struct klog_resv *e = &s->klog.resv[i];
		char name[CMA_NAME_MAX];

		if (e->kind == KRESV_DT_POOL && !e->name[0])
			continue;
		/*
		 * An unnamed per-node line (5.10/6.1 cma_pernuma=, 6.2+ numa_cma=, 7.2 by default)
		 * is not "reserved". The kernel names those areas pernuma%d (cma_pernuma=) or
		 * numa%d (numa_cma=) and reserves them for_each_node, so the k-th such line is
		 * node k (kernel/dma/contiguous.c, 5.10-6.12); without either argument the
		 * name cannot be told from the log.
		 */
		if (e->kind == KRESV_CMDLINE_KCONFIG && e->node < 0 && e != default_resv(&s->klog, f)) {
			const char *prefix = !f->cmdline_known ? NULL :
				f->cmdline.has_pernuma ? "pernuma" : f->cmdline.has_numa_cma ? "numa" : NULL;

			if (!prefix || s->areas.n) {
				unnamed++;
				unnamed_bytes += e->size_bytes;
				if (!s->areas.n)
					area_set_size(r, report_area_unnamed(r), e->size_bytes, "log");
				continue;
			}
			setf(name, sizeof(name), "%s%d", prefix, node_line++);
			area_set_size(r, report_area_get(r, name), e->size_bytes, "log");
			continue;
		}
		if (e->kind == KRESV_DT_POOL)
			str_copy(name, sizeof(name), e->name);
		else if (e->node >= 0)
			setf(name, sizeof(name), "pernuma%d", e->node);
		else
			str_copy(name, sizeof(name), "reserved");
		area_set_size(r, report_area_get(r, name), e->size_bytes, "log");
	}
	for (int i = 0; i < s->dt.npools; i++) {
		const struct cma_dt_pool *p = &s->dt.pools[i];

		/* a bypassed default node makes no area (5.6+) */
		if (!pool_usable(p) || (p == f->dt_default && r->effective.source != SRC_DEVICETREE))
			continue;
		area_set_size(r, report_area_get(r, p->name), cma_dt_pool_bytes(p),
			      "devicetree");
	}
	if (unnamed && !s->areas.n)
		notef(r, "the log has %d more 'cma: Reserved' line(s) that name no area, listed "
		      "unnamed: per-NUMA-node areas (cma_pernuma= on 5.10; by default on 7.2, "
		      "numaN), named only by sysfs, debugfs or cma_pernuma=/numa_cma=", unnamed);
	if (unnamed && !s->areas.n && s->klog.has_memory_line) {
		const struct klog_resv *d = default_resv(&s->klog, f);
		uint64_t sum = unnamed_bytes + (d ? d->size_bytes : 0);
		char a[32], b[32];

		size_format(sum, a, sizeof(a));
		size_format(s->klog.memory_cma_reserved_bytes, b, sizeof(b));
		notef(r, "the log's %d reservation line(s) add up to %s; its 'Memory: ... "
		      "cma-reserved' total is %s%s", unnamed + (d ? 1 : 0), a, b,
		      sum == s->klog.memory_cma_reserved_bytes ? ": every area is accounted for" :
		      ": some area is not in the log");
	}
	/* A dump names its area ("" before 5.12: the default one) and its size. */
	for (int i = 0; i < s->klog.ndumps; i++) {
		const struct klog_dump *d = &s->klog.dumps[i];
		const char *n = d->area[0] ? d->area : r->effective.area;

		if (d->complete && n[0])
			area_set_size(r, report_area_get(r, n), d->total_pages * s->page_size, "log dump");
	}
	/* a boot total of 0 (cma=0) is no area at all */
	if (r->effective.known && !r->effective.failed && r->effective.area[0] &&
	    r->effective.size_bytes && !strncmp(r->effective.evidence, "kernel log", 10))
		area_set_size(r, report_area_get(r, r->effective.area), r->effective.size_bytes,
			      "log");
	for (int i = 0; i < r->nareas; i++) {
		struct report_area *a = &r->areas[i];

		if (!a->name[0])
			continue;	/* unnamed: no dump or counter can be its */
		area_free(s, r, a);
		a->is_default = !strcmp(a->name, r->effective.area);
		str_copy(a->origin, sizeof(a->origin), a->is_default ?
			 cma_source_name(r->effective.source) :
			 !strncmp(a->name, "pernuma", 7) || !strncmp(a->name, "numa", 4) ? "pernuma" :
			 strcmp(a->name, "reserved") ? "devicetree" : "");
	}
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return v > UINT64_MAX - to ? v : (v + to - 1) / to * to;
}

/*
 * The layer to raise the default area with: the one that wins on this
 * kernel and costs least. cma= beats Kconfig on every version and needs no
 * kernel rebuild; it beats a DT linux,cma-default node only from 5.6, so
 * before 5.6 (or when the version is unknown) a DT-made area is raised in
 * the DT. Returns NULL when the version leaves it open.
 */
static const char *raise_via(const struct facts *f, const struct cma_report *r)
{
	if (r->effective.source != SRC_DEVICETREE)
		return "cmdline";
	if (!f->ver_known)
		return NULL;
	return f->modern ? "cmdline" : "dts";
}

/* "raise it to at least N: cmactl set NM --via L", or what is missing. */
static void raise_to(const struct facts *f, const struct cma_report *r, uint64_t need,
		     char *out, size_t cap)
{
	const char *via = raise_via(f, r);
	char ns[32];

	size_format(need, ns, sizeof(ns));
	if (via)
		setf(out, cap, "raise it to at least %s (cmactl set %" PRIu64 "M --via %s)", ns,
		     need / MiB, via);
	else
		setf(out, cap, "raise it to at least %s: with Linux 5.6 or later `cmactl set %" PRIu64
		     "M --via cmdline`, before 5.6 `--via dts` (the kernel version is unknown: "
		     "add --dmesg with the boot log or --kernel-version)", ns, need / MiB);
}

static const struct klog_fail *largest_fail(const struct cma_klog *k)
{
	const struct klog_fail *big = NULL;

	for (int i = 0; i < k->nfails; i++)
		if (!big || k->fails[i].pages > big->pages)
			big = &k->fails[i];
	return big;
}

/*
 * Advice, right or silent: the largest failed request is judged against
 * *its* area's size, free pages and largest free run, and its error code by
 * the kernel version (before 6.15: -12 no free run or larger than the area,
 * -16 pages could not be migrated; from 6.15 both mean "not available").
 * It never proposes a size below the current one.
 */
static void advise(const struct cma_sources *s, const struct facts *f, struct cma_report *r)
{
	const struct klog_fail *fl = largest_fail(&s->klog);
	const struct report_area *a = NULL;
	uint64_t req, size, need;
	char rs[32], ss[32], fs[32], runs[32], how[320], an[CMA_NAME_MAX + 8];
	const char *name;

	if (!r->cma_enabled) {
		str_copy(r->advice, sizeof(r->advice), r->cma_unknown ? "" :
			 "this kernel has no CMA: enable CONFIG_CMA and CONFIG_DMA_CMA to get one");
		return;
	}
	if (r->effective.failed) {
		/* mm/cma.c's reason line, when it printed one, says what to change */
		const char *ev = r->effective.evidence;
		const struct cma_cmdline *c = &s->cmdline;
		struct cma_req q = { .size = c->size, .has_base = c->has_base,
				     .has_limit = c->has_limit, .base = c->base, .limit = c->limit };
		uint64_t room;

		/* arm64: above what fits below 4 GiB, neither less free memory nor a window helps */
		if (s->cmdline_st.present && c->has_cma && c->cma_valid && s->kconfig_st.present &&
		    s->kconfig.arm64 == KC_YES && s->dt_st.present &&
		    (room = target_dma32_room(&q, &s->dt)) < c->size) {
			size_format(room, rs, sizeof(rs));
			setf(r->advice, sizeof(r->advice), "the kernel could not reserve the "
			     "default area (%s): arm64 reserves it below 4 GiB (arch/arm64/mm/"
			     "init.c), where the largest run of memory is %s: ask for less", ev, rs);
			return;
		}
		setf(r->advice, sizeof(r->advice), "the kernel could not reserve the default area "
		     "(%s): %s", ev, strstr(ev, " must be aligned to ") ?
		     "give cma=SIZE@BASE a BASE aligned as the kernel says, or drop @BASE" :
		     strstr(ev, " exceeds limit (") ?
		     "raise LIMIT in cma=SIZE@BASE-LIMIT, or ask for less" :
		     strstr(ev, "low/high memory boundary") ?
		     "place the area wholly below or above the boundary the kernel names" :
		     "ask for less than the free memory at boot, or place it with "
		     "cma=SIZE@BASE-LIMIT");
		return;
	}
	if (!fl) {
		str_copy(r->advice, sizeof(r->advice), !s->klog_st.present ? "" :
			 s->klog.fails_total ? "" : "no CMA allocation failures in the kernel log");
		return;
	}
	name = fl->area[0] ? fl->area : r->effective.area;
	for (int i = 0; i < r->nareas; i++)
		if (!strcmp(r->areas[i].name, name))
			a = &r->areas[i];
	req = fl->pages * s->page_size;
	size_format(req, rs, sizeof(rs));
	setf(an, sizeof(an), "%s", name[0] ? name : "(unnamed)");
	if (!a || !a->has_size) {
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s: the "
		     "area's size is unknown, so no advice; run `cmactl status` on the board, or "
		     "add --dmesg with the whole boot log", rs, an);
		return;
	}
	size = a->size_bytes;
	size_format(size, ss, sizeof(ss));
	/* Something always holds pages of the area (atomic DMA pools at boot),
	 * so a request as large as the area fails too; a size never shrinks. */
	need = round_up(req + s->page_size, PAGEBLOCK_BYTES);
	if (need <= size)
		need = round_up(size + s->page_size, PAGEBLOCK_BYTES);
	if (req >= size) {
		raise_to(f, r, need, how, sizeof(how));
		setf(r->advice, sizeof(r->advice), "largest failed request %s is %s the whole area "
		     "%s (%s): %s", rs, req > size ? "larger than" : "as large as", an, ss, how);
		return;
	}
	if (!a->has_free) {
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s (%s): %s; "
		     "how much of the area was free is unknown: run `cmactl status` on the board "
		     "(debugfs or sysfs counters), or use a kernel that prints the free-page dump "
		     "(6.15+, or CONFIG_CMA_DEBUG)", rs, an, ss,
		     f->ret_old && fl->ret == -16 ? "EBUSY before 6.15: pages in the area could "
		     "not be migrated (pinned or in use by a driver)" :
		     f->ret_old && fl->ret == -12 ? "ENOMEM before 6.15: no free run that large "
		     "(the area was full or fragmented)" : "the area could not supply it");
		return;
	}
	size_format(a->free_bytes, fs, sizeof(fs));
	size_format(a->largest_run_bytes, runs, sizeof(runs));
	if (req > a->free_bytes) {
		raise_to(f, r, round_up(size + (req - a->free_bytes) + s->page_size, PAGEBLOCK_BYTES),
			 how, sizeof(how));
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s (%s): only "
		     "%s was free (%s): not enough free memory; free the other users, or %s",
		     rs, an, ss, fs, a->free_from, how);
	} else if (a->has_run && req > a->largest_run_bytes) {
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s (%s): %s "
		     "free (%s) but the largest free run is %s: the area is fragmented; allocate "
		     "large buffers early, or raise the area", rs, an, ss, fs, a->free_from, runs);
	} else if (f->ret_old && fl->ret == -16) {
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s (%s): %s "
		     "free (%s), enough; EBUSY before 6.15 means pages could not be migrated "
		     "(pinned, or held by a driver): find who pins them, a larger area will not help",
		     rs, an, ss, fs, a->free_from);
	} else {
		setf(r->advice, sizeof(r->advice), "largest failed request %s in area %s (%s): %s "
		     "free (%s) now, enough for it; it failed when less was free, or pages could "
		     "not be migrated", rs, an, ss, fs, a->free_from);
	}
}

/*
 * Three states: proven (a CmaTotal line, a CMA log line, CONFIG_CMA=y, an
 * area), proven absent (meminfo read without CmaTotal, or CONFIG_CMA not
 * set), else unknown. A log without CMA lines proves nothing: cma=0 and a
 * cut log look the same.
 */
static void detect_cma(const struct cma_sources *s, struct cma_report *r)
{
	bool no = (s->meminfo_st.present && !s->meminfo.has_cma) ||
		  (s->kconfig_st.present && s->kconfig.cma == KC_NO);

	r->cma_enabled = s->meminfo.has_cma || (s->klog_st.present && klog_proves_cma(&s->klog)) ||
			 (s->kconfig_st.present && s->kconfig.cma == KC_YES) || s->areas.n > 0;
	r->cma_unknown = !r->cma_enabled && !no;
}

/*
 * Evidence that disagrees: the kernel's own counter wins and the report says
 * so. The boot total of "Memory: ... NK cma-reserved" equals CmaTotal on every
 * kernel booted here (5.10-7.2, DOMAIN.md 7), so a difference means the log
 * is from another boot, or was cut.
 */
static void disagreements(const struct cma_sources *s, struct cma_report *r)
{
	char a[32], b[32];

	if (!s->meminfo.has_cma || !s->klog_st.present || !s->klog.has_memory_line ||
	    s->klog.memory_cma_reserved_bytes == s->meminfo.total_bytes)
		return;
	size_format(s->klog.memory_cma_reserved_bytes, a, sizeof(a));
	size_format(s->meminfo.total_bytes, b, sizeof(b));
	notef(r, "the log's 'Memory: ... %" PRIu64 "K cma-reserved' (%s) differs from CmaTotal "
	      "(%s): trusting CmaTotal, the running kernel's counter; the log may be from "
	      "another boot", s->klog.memory_cma_reserved_bytes >> 10, a, b);
}

/* Reservations the kernel could not make, other than the default area's. */
static void other_failures(const struct cma_sources *s, struct cma_report *r)
{
	for (int i = 0; i < s->klog.nresv_fail; i++) {
		const struct klog_resv_fail *e = &s->klog.resv_fails[i];

		if (r->effective.failed && strstr(r->effective.evidence, e->line))
			continue;
		notef(r, "the kernel could not reserve %s%s: '%s'%s%s%s", e->dt ? "DT node " : "an area",
		      e->dt ? e->name : "", e->line, e->why[0] ? " after '" : "", e->why,
		      e->why[0] ? "'" : "");
	}
}

void cma_resolve(const struct cma_sources *s, struct cma_report *r)
{
	struct facts f = { 0 };
	enum cma_source seen;

	memset(r, 0, sizeof(*r));
	detect_cma(s, r);
	version_facts(s, &f, r);
	kconfig_facts(s, &f, &r->layers[LAYER_KCONFIG]);
	cmdline_facts(s, &f, &r->layers[LAYER_CMDLINE]);
	dt_facts(s, &f, &r->layers[LAYER_DEVICETREE], r);
	if (!r->cma_enabled && !r->cma_unknown) {
		r->effective.source = SRC_NONE;
		r->effective.known = true;
		str_copy(r->effective.evidence, sizeof(r->effective.evidence),
			 s->kconfig_st.present && s->kconfig.cma == KC_NO ?
			 "CONFIG_CMA is not set" : "no CmaTotal in /proc/meminfo");
		r->effective.strength = s->kconfig_st.present && s->kconfig.cma == KC_NO ?
					FS_ASKS : FS_KERNEL;
		advise(s, &f, r);
		return;
	}
	/* Nothing says whether CMA is built in (a DTB and a command line alone, as
	 * `set` sees them): the rules still tell which layer would win. */
	if (r->cma_unknown && (f.dt_default || (f.cmdline_known && f.cmdline.has_cma)))
		notef(r, "no kernel config, meminfo or log says whether this kernel has CMA; "
		      "assuming it has");
	r->effective.source = predict(s, &f, r);
	seen = observe(s, &f);
	if (seen != SRC_UNKNOWN && seen != r->effective.source) {
		if (r->effective.source != SRC_UNKNOWN)
			notef(r, "the kernel log shows %s made the default area, not %s as the rule "
			      "for this version predicts; trusting the log (a vendor kernel may carry "
			      "a backport)", layer_way(seen), layer_way(r->effective.source));
		r->effective.source = seen;
	}
	/* On a booted FDT, bootargs is where every arm64 bootloader puts the cmdline,
	 * so only a DTB file on disk says the value travels with the DTB. */
	r->effective.from_bootargs = r->effective.source == SRC_CMDLINE && !s->dt_booted &&
		s->dt.has_bootargs &&
		s->dt.bootargs.has_cma && s->dt.bootargs.size == f.cmdline.size;
	judge_layers(s, &f, r);
	effective_size(s, &f, r);
	explain_mismatch(s, r);
	build_areas(s, &f, r);
	if (r->effective.source == SRC_CMDLINE && f.cmdline.has_cma && f.cmdline.size == 0)
		notef(r, "cma=0 disables the default area%s", f.modern ?
		      " and, since 5.6, also bypasses a DT linux,cma-default node" : "");
	if (s->meminfo.has_cma && r->effective.known &&
	    s->meminfo.total_bytes > r->effective.size_bytes)
		notef(r, "CmaTotal also counts %d other area(s) beside the default one",
		      r->nareas > 1 ? r->nareas - 1 : 1);
	other_failures(s, r);
	heaps_report(s, r);
	disagreements(s, r);
	advise(s, &f, r);
}
