// SPDX-License-Identifier: GPL-2.0-or-later
/* The checks of `status --check`: one table, one function per problem (check.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "model/check.h"
#include "model/heaps.h"
#include "model/size.h"

struct check_ctx {
	const struct cma_sources *s;
	const struct cma_report *r;
	const struct check_heaps *heaps;
};

/* Each returns true and fills @msg when it finds its problem. */
typedef bool (*check_fn)(const struct check_ctx *c, char *msg, size_t len);

static bool say(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool say(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return true;
}

/* Any "cma_alloc ... alloc failed" line since boot (all versions log one per failure). */
static bool alloc_failures(const struct check_ctx *c, char *msg, size_t len)
{
	const struct cma_klog *k = &c->s->klog;
	char sz[32];

	if (!c->s->klog_st.present || !k->fails_total)
		return false;
	size_format(k->largest_fail_pages * c->s->page_size, sz, sizeof(sz));
	return say(msg, len, "%" PRIu64 " CMA allocation failure(s) in the kernel log since boot "
		   "(largest request %" PRIu64 " pages, %s)", k->fails_total, k->largest_fail_pages,
		   sz);
}

/* The boot-time reservation itself failed: "cma: Failed to reserve", or a DT region refused. */
static bool reserve_failed(const struct check_ctx *c, char *msg, size_t len)
{
	const struct cma_klog *k = &c->s->klog;

	if (!c->s->klog_st.present)
		return false;
	if (k->nresv_fail)
		return say(msg, len, "a CMA reservation failed at boot (%d line(s)): the log says "
			   "'%s'%s%s%s", k->nresv_fail, k->resv_fails[0].line,
			   k->resv_fails[0].why[0] ? " after '" : "", k->resv_fails[0].why,
			   k->resv_fails[0].why[0] ? "'" : "");
	if (k->dt_alignment_error)
		return say(msg, len, "a device-tree CMA region was refused at boot: the log says "
			   "'incorrect alignment of CMA region'");
	if (k->dt_setup_error)
		return say(msg, len, "a device-tree CMA region was refused at boot: the log says "
			   "'unable to setup CMA region'");
	return false;
}

static const struct layer_verdict *winner(const struct cma_report *r)
{
	switch (r->effective.source) {
	case SRC_KCONFIG: return &r->layers[LAYER_KCONFIG];
	case SRC_CMDLINE: return &r->layers[LAYER_CMDLINE];
	case SRC_DEVICETREE: return &r->layers[LAYER_DEVICETREE];
	default: return NULL;
	}
}

/* The kernel rounds a request up, never down: less than asked means it was cut. */
static bool layer_short(const struct check_ctx *c, char *msg, size_t len)
{
	const struct layer_verdict *lv = winner(c->r);
	char want[32], got[32];

	/* a reservation that failed outright is reserve-failed's, not a short one */
	if (!lv || !lv->has_request || !c->r->effective.known || c->r->effective.failed ||
	    lv->requested_bytes <= c->r->effective.size_bytes)
		return false;
	size_format(lv->requested_bytes, want, sizeof(want));
	size_format(c->r->effective.size_bytes, got, sizeof(got));
	return say(msg, len, "%s (%s) asked for %s but the kernel reserved %s (%s)",
		   cma_layer_name(lv->layer), lv->detail, want, got, c->r->effective.evidence);
}

/* Since 5.6 any cma= bypasses the DT default node (kernel/dma/contiguous.c): a smaller one shrinks it. */
static bool cmdline_shrinks_dt(const struct check_ctx *c, char *msg, size_t len)
{
	const struct layer_verdict *cl = &c->r->layers[LAYER_CMDLINE];
	const struct layer_verdict *dt = &c->r->layers[LAYER_DEVICETREE];
	char a[32], b[32];

	if (cl->state != LS_EFFECTIVE || dt->state != LS_SHADOWED || !cl->has_request ||
	    !dt->has_request || cl->requested_bytes >= dt->requested_bytes)
		return false;
	size_format(cl->requested_bytes, a, sizeof(a));
	size_format(dt->requested_bytes, b, sizeof(b));
	return say(msg, len, "%s shrinks the device tree's default CMA (%s) to %s", cl->detail, b, a);
}

/*
 * CONFIG_DMABUF_HEAPS_CMA=y registers the default area as a heap (model/heaps.c:
 * named after it to 6.16, "default_cma_region" from 6.17): its absence means
 * user space cannot reach it.
 */
static bool default_without_heap(const struct check_ctx *c, char *msg, size_t len)
{
	const char *area = c->r->effective.area, *ptr[CHECK_HEAPS_MAX];
	struct heap_area ha[CMA_MAX_AREAS];
	struct heaps_in in;
	struct heaps_map m;

	if (!c->heaps || !c->heaps->known || c->s->kconfig.heaps_cma != KC_YES || !area[0])
		return false;
	for (int i = 0; i < c->heaps->n; i++)
		ptr[i] = c->heaps->name[i];
	heaps_in_report(c->s, c->r, ptr, c->heaps->n, ha, &in);
	heaps_map(&in, &m);
	for (int i = 0; i < m.n; i++)
		if (m.h[i].present && (m.h[i].role == HEAP_ROLE_FIXED ||
				       m.h[i].role == HEAP_ROLE_DEFAULT))
			return false;
	return say(msg, len, "the default CMA area '%s' has no heap in /dev/dma_heap although "
		   "CONFIG_DMABUF_HEAPS_CMA=y (%s)", area, m.rule);
}

static const struct { const char *id; check_fn fn; } checks[] = {
	{ "alloc-failures", alloc_failures },
	{ "reserve-failed", reserve_failed },
	{ "layer-short", layer_short },
	{ "cmdline-shrinks-dt", cmdline_shrinks_dt },
	{ "default-without-heap", default_without_heap },
};

void check_run(const struct cma_sources *s, const struct cma_report *r,
	       const struct check_heaps *heaps, struct check_result *out)
{
	const struct check_ctx c = { s, r, heaps };

	out->n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(checks) && out->n < CHECK_MAX; i++)
		if (checks[i].fn(&c, out->f[out->n].text, sizeof(out->f[0].text)))
			out->f[out->n++].id = checks[i].id;
}
