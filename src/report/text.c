// SPDX-License-Identifier: GPL-2.0-or-later
/* The readable report. Free to change; scripts use --json. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "model/check.h"
#include "report/report.h"
#include "model/areas.h"
#include "model/size.h"
#include "report/wrap.h"

/* Names come from DTBs and logs: show control and non-ASCII bytes as \xNN. */
static const char *safe(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 5 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f)
			n += (size_t)snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

static const char *fmt_size(bool known, uint64_t v, char *buf, size_t len)
{
	if (!known)
		return "-";
	size_format(v, buf, len);
	return buf;
}

static void summary(FILE *f, const struct cma_sources *s, const struct cma_report *r)
{
	char a[32], b[32], n[CMA_NAME_MAX * 4];

	if (r->cma_unknown && !r->effective.known) {
		fprintf(f, "CMA: unknown (no meminfo, kernel config or CMA log line says whether "
			"this kernel has CMA)\n");
		return;
	}
	if (r->cma_unknown)
		fprintf(f, "CMA: unknown whether this kernel has CMA; if it has:\n");
	if (!r->cma_enabled && !r->cma_unknown) {
		fprintf(f, "CMA: not available: %s\n", r->effective.evidence);
		return;
	}
	fprintf(f, "CMA: %s", fmt_size(r->effective.known, r->effective.size_bytes, a, sizeof(a)));
	if (r->effective.failed)
		fprintf(f, " (the kernel could not reserve it)");
	if (r->effective.source == SRC_NONE)
		fprintf(f, ": no default area");
	else
		fprintf(f, ", set by %s%s", r->effective.source == SRC_UNKNOWN ? "an unknown layer" :
			cma_source_name(r->effective.source),
			r->effective.from_bootargs ? " (cma= is in the DTB's /chosen/bootargs)" : "");
	if (r->effective.area[0] && !r->effective.failed)
		fprintf(f, " [area %s]", safe(r->effective.area, n, sizeof(n)));
	fprintf(f, "\n");
	if (s->meminfo.has_cma)
		fprintf(f, "  free %s of %s (CmaTotal, all areas)\n",
			fmt_size(true, s->meminfo.free_bytes, a, sizeof(a)),
			fmt_size(true, s->meminfo.total_bytes, b, sizeof(b)));
	if (r->effective.evidence[0]) {
		int col = r->effective.strength ?
			fprintf(f, "  evidence (%s): ", fact_strength_label(r->effective.strength)) :
			fprintf(f, "  evidence: ");

		text_wrap(f, col, 12, r->effective.evidence);
	}
}

/*
 * config.txt's CMA overlay parameter: a request the firmware writes into the
 * DT at boot, shown under the layers it feeds (devicetree), as evidence of
 * what was asked, weaker than the kernel's own numbers.
 */
static void rpi_config_line(FILE *f, const struct cma_sources *s)
{
	const struct rpi_cma *c = &s->rpicfg;
	char a[32], why[1600], t[sizeof(c->text) * 4], sec[sizeof(c->section) * 4];
	int col;

	if (!s->rpicfg_st.present || !c->found)
		return;
	col = fprintf(f, "  %-10s  %-9s  %-10s  ", "config.txt",
		      fmt_size(!c->is_default, c->size, a, sizeof(a)), "request");
	snprintf(why, sizeof(why), "%s line %zu (%s): %s%s%sa parameter the firmware applies "
		 "to the DT at boot (%s), not what the kernel made", s->rpicfg_st.origin, c->line,
		 safe(c->text, t, sizeof(t)), c->applies == RPI_MAYBE ? "applies only on " : "",
		 c->applies == RPI_MAYBE ? safe(c->section, sec, sizeof(sec)) : "", c->applies == RPI_MAYBE ? "; " : "",
		 c->is_default ? "cma-default takes the node's size out" :
		 "into the linux,cma node");
	text_wrap(f, col, col, why);
}

static void layers(FILE *f, const struct cma_sources *s, const struct cma_report *r)
{
	char a[32];

	char head[sizeof(r->rule) + 16], why[sizeof(r->layers[0].detail) + sizeof(r->layers[0].reason) + 4];
	int col;

	snprintf(head, sizeof(head), "Layers (%s):", r->rule[0] ? r->rule : "rule unknown");
	fputc('\n', f);
	text_wrap(f, 0, 2, head);
	for (int i = 0; i < LAYER_COUNT; i++) {
		const struct layer_verdict *lv = &r->layers[i];

		col = fprintf(f, "  %-10s  %-9s  %-10s  ", cma_layer_name(lv->layer),
			      fmt_size(lv->has_request, lv->requested_bytes, a, sizeof(a)),
			      layer_state_name(lv->state));
		snprintf(why, sizeof(why), "%s%s%s", lv->detail,
			 lv->detail[0] && lv->reason[0] ? ": " : "", lv->reason);
		text_wrap(f, col, col, why);
	}
	rpi_config_line(f, s);
}

static void area_line(FILE *f, const struct cma_sources *s, const struct report_area *ra)
{
	const struct cma_area *st = ra->stats >= 0 ? &s->areas.area[ra->stats] : NULL;
	char sz[32], used[32], mc[32], n[CMA_NAME_MAX * 4], counters[64] = "-";
	uint64_t ok = 0, fail = 0, up = 0;
	bool has_ok = false, has_up = st && area_used_pages(st, &up);

	for (int j = 0; st && j < st->nattrs; j++) {
		if (!strcmp(st->attrs[j].name, "alloc_pages_success"))
			ok = st->attrs[j].value, has_ok = true;
		else if (!strcmp(st->attrs[j].name, "alloc_pages_fail"))
			fail = st->attrs[j].value;
	}
	if (has_ok)
		snprintf(counters, sizeof(counters), "%" PRIu64 "/%" PRIu64, ok, fail);
	fprintf(f, "  %-20s %-9s %-9s %-9s %-13s %s\n", ra->name[0] ? safe(ra->name, n, sizeof(n)) : "(unnamed)",
		fmt_size(ra->has_size, ra->size_bytes, sz, sizeof(sz)),
		fmt_size(has_up, up * s->page_size, used, sizeof(used)),
		fmt_size(st && st->has_maxchunk, st ? st->maxchunk * s->page_size : 0, mc, sizeof(mc)),
		counters, ra->is_default ? "default" : ra->origin[0] ? ra->origin : "-");
}

static void areas(FILE *f, const struct cma_sources *s, const struct cma_report *r)
{
	if (!r->nareas)
		return;
	fprintf(f, "\nAreas:\n  %-20s %-9s %-9s %-9s %-13s %s\n", "NAME", "SIZE", "USED",
		"MAXCHUNK", "PAGES OK/FAIL", "ROLE");
	for (int i = 0; i < r->nareas; i++)
		area_line(f, s, &r->areas[i]);
}

/* What the heap's node says: type, mode, owner:group; or why it says nothing. */
static const char *node_text(const struct cma_report *r, const struct report_heap *h,
			     char *buf, size_t len)
{
	if (h->node_known)
		snprintf(buf, len, "%s %04o %u:%u%s", h->is_chr ? "chr" : "file", h->mode, h->uid,
			 h->gid, h->root_only ? " root-only" : "");
	else if (h->present)
		snprintf(buf, len, "listed, stat failed");
	else
		snprintf(buf, len, r->heaps_listed ? "missing" : r->heaps_error[0] ? "unknown" :
			 "expected");
	return buf;
}

/* Heap -> area -> layer, each node's owner and mode, and the udev rule when root-only. */
static void heaps(FILE *f, const struct cma_report *r)
{
	char head[sizeof(r->heaps_rule) + 16], n[CMA_NAME_MAX * 4], a[CMA_NAME_MAX * 4];
	char node[48], t[CMA_NAME_MAX * 4];

	if (!r->nheaps && !r->heaps_listed && !r->heaps_error[0])
		return;
	snprintf(head, sizeof(head), "Heaps (%s):", r->heaps_rule);
	fputc('\n', f);
	text_wrap(f, 0, 2, head);
	if (r->heaps_error[0])	/* a listing that failed says nothing of which heaps exist */
		fprintf(f, "  /dev/dma_heap: cannot list: %s; the heaps are unknown%s\n",
			safe(r->heaps_error, t, sizeof(t)), r->nheaps ? ", the rule expects these:" : "");
	else if (!r->heaps_listed)
		fprintf(f, "  /dev/dma_heap could not be listed; the rule expects these:\n");
	else if (!r->nheaps)
		fprintf(f, "  none in /dev/dma_heap\n");
	if (!r->nheaps)
		return;
	fprintf(f, "  %-19s %-16s %-11s %s\n", "HEAP", "AREA", "LAYER", "NODE");
	for (int i = 0; i < r->nheaps; i++) {
		const struct report_heap *h = &r->heaps[i];
		char star[CMA_NAME_MAX * 4 + 2];

		snprintf(star, sizeof(star), "%s%s", h->picked ? "*" : " ", safe(h->name, n, sizeof(n)));
		fprintf(f, " %-20s %-16s %-11s %s\n", star,
			h->area[0] ? safe(h->area, a, sizeof(a)) : h->role[0] == 's' ? "(not CMA)" :
			"-", h->layer[0] ? h->layer : "-", node_text(r, h, node, sizeof(node)));
	}
	for (int i = 0; i < r->nheaps; i++)
		if (r->heaps[i].picked)
			fprintf(f, "  * the heap stress and dmaheap-alloc use\n");
	for (int i = 0; i < r->nheaps; i++)
		if (r->heaps[i].twin[0] && strcmp(r->heaps[i].name, r->heaps[i].twin) < 0)
			fprintf(f, "  %s and %s are one area (%s)\n", safe(r->heaps[i].name, n,
				sizeof(n)), safe(r->heaps[i].twin, t, sizeof(t)),
				safe(r->heaps[i].area, a, sizeof(a)));
	if (r->heaps_udev[0])
		fprintf(f, "  Only root can open the CMA heap (the kernel makes it 0600 root:root);\n"
			"  users get it with a udev rule (then `udevadm trigger`):\n  %s\n",
			r->heaps_udev);
}

static void failures(FILE *f, const struct cma_sources *s)
{
	char sz[32], eb[16], n[CMA_NAME_MAX * 4];

	if (!s->klog.fails_total && !s->klog.busy_pending)
		return;
	fprintf(f, "\nAllocation failures in the kernel log (%" PRIu64 "):\n", s->klog.fails_total);
	for (int i = 0; i < s->klog.nfails; i++) {
		const struct klog_fail *fl = &s->klog.fails[i];

		fprintf(f, "  %-20s %" PRIu64 " pages (%s)  %s (%d)  x%" PRIu64 "\n",
			fl->area[0] ? safe(fl->area, n, sizeof(n)) : "(unnamed)", fl->pages,
			fmt_size(true, fl->pages * s->page_size, sz, sizeof(sz)),
			errno_name(fl->ret, eb, sizeof(eb)), fl->ret, fl->count);
		if (fl->busy)
			fprintf(f, "    after %" PRIu64 " 'PFNs busy' line(s): pinned or busy pages "
				"could not be migrated\n", fl->busy);
	}
	if (s->klog.busy_pending)
		fprintf(f, "  %" PRIu64 " 'PFNs busy' line(s) and no failure after them (a retry\n"
			"    succeeded; before 4.11 no failure is logged):\n    '%s'\n",
			s->klog.busy_pending, safe(s->klog.busy_line, n, sizeof(n)));
	if (s->klog.fails_dropped)
		fprintf(f, "  ... and %" PRIu64 " more of other sizes\n", s->klog.fails_dropped);
}

void report_text(FILE *f, const struct cma_sources *s, const struct cma_report *r)
{
	summary(f, s, r);
	if (s->kver.known)
		fprintf(f, "  kernel: %s (from %s: %s)\n", s->kver.release, s->kver_origin,
			fact_strength_label(r->kver_strength));
	else if (r->kver_implied[0])
		fprintf(f, "  kernel (%s): %s\n", fact_strength_label(r->kver_strength),
			r->kver_implied);
	if (r->cma_enabled) {
		layers(f, s, r);
		areas(f, s, r);
		heaps(f, r);
	}
	failures(f, s);
	if (r->nnotes)
		fprintf(f, "\nNotes:\n");
	for (int i = 0; i < r->nnotes; i++) {
		fprintf(f, "  - ");
		text_wrap(f, 4, 4, r->notes[i]);
	}
	if (r->advice[0]) {
		fprintf(f, "\nAdvice: ");
		text_wrap(f, 8, 8, r->advice);
	}
}

void report_check_text(FILE *f, const struct check_result *chk)
{
	if (!chk->n) {
		fprintf(f, "\nCheck: no problem found\n");
		return;
	}
	fprintf(f, "\nCheck: %d problem(s):\n", chk->n);
	for (int i = 0; i < chk->n; i++) {
		int col = fprintf(f, "  %s: ", chk->f[i].id);

		text_wrap(f, col, 4, chk->f[i].text);
	}
}
