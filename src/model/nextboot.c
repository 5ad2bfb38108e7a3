// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next-boot prediction of `cmactl set`/`unset`: the planned file put in
 * place of its layer, then the resolver's verdict on it. Pure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/dt.h"
#include "model/kver.h"
#include "model/lines.h"
#include "model/nextboot.h"

const char *nextboot_state_name(enum nextboot_state s)
{
	static const char *const n[] = { "unknown", "no-cma", "no-area", "effective", "shadowed",
					 "unset" };

	return (unsigned)s < sizeof(n) / sizeof(n[0]) ? n[s] : "unknown";
}

/*
 * How to take @win out: a cma= from the DTB's bootargs is unset there, not in
 * the bootloader, unless the bootloader's file passes its own command line.
 */
static enum cma_via unset_via(enum cma_source win, const struct nextboot_change *c,
			      const struct cma_sources *next)
{
	const struct layer *l = layer_owner(win);

	if (win == SRC_CMDLINE && !c->chain_cmdline && next->dt.has_bootargs &&
	    next->dt.bootargs.has_cma)
		return VIA_BOOTARGS;
	return l ? l->via : VIA_NONE;
}

int nextboot_sources(const struct cma_sources *now, const struct nextboot_change *c,
		     struct cma_sources *next)
{
	*next = *now;
	/* what the running kernel logged or counts says nothing about the next boot */
	klog_init(&next->klog);
	next->klog_st.present = next->sysfs_st.present = next->debugfs_st.present = false;
	next->areas.n = 0;
	if (c->target)
		target_apply(c->target, next);
	if (c->layer->read(c->text, c->len, c->kind, c->label, next))
		return -1;
	/* a .config names the release it was made for (its header) */
	if (c->target && c->target->replace && !next->kver.known &&
	    c->layer->source == SRC_KCONFIG && next->kconfig.header_release[0] &&
	    !kver_parse(next->kconfig.header_release, &next->kver))
		str_copy(next->kver_origin, sizeof(next->kver_origin), "kernel config header");
	if (c->chain_cmdline && c->layer->source != SRC_CMDLINE) {
		next->cmdline = *c->chain_cmdline;
		next->cmdline_st.present = true;
	}
	return 0;
}

/* The resolver's verdict on the planned sources, in the terms of the change. */
static void verdict(const struct nextboot_change *c, const struct cma_sources *next,
		    const struct cma_report *rep, struct nextboot *out)
{
	enum cma_source win = rep->effective.source;
	const struct layer_verdict *lv = &rep->layers[win == SRC_KCONFIG ? LAYER_KCONFIG :
						      win == SRC_CMDLINE ? LAYER_CMDLINE :
						      LAYER_DEVICETREE];
	bool mine = win == c->layer->source;

	str_copy(out->rule, sizeof(out->rule), rep->rule);
	out->winner = win;
	out->size_known = rep->effective.known;
	out->size_bytes = rep->effective.size_bytes;
	if (!rep->cma_enabled && !rep->cma_unknown) {
		out->state = NB_NO_CMA;
		str_copy(out->evidence, sizeof(out->evidence), rep->effective.evidence);
		return;
	}
	if (win == SRC_NONE || win == SRC_UNKNOWN) {
		out->state = NB_NO_AREA;
		out->effective = c->unset;
		return;
	}
	str_copy(out->detail, sizeof(out->detail), lv->detail);
	if (c->unset) {
		out->state = NB_UNSET;
		out->effective = !mine;
	} else if (mine && c->shadow_hint) {
		out->state = NB_SHADOWED;
		out->unset_via = c->layer->via;
		str_copy(out->unset_hint, sizeof(out->unset_hint), c->shadow_hint);
		if (c->shadow_detail)
			str_copy(out->detail, sizeof(out->detail), c->shadow_detail);
		out->size_known = c->shadow_size_known;
		out->size_bytes = c->shadow_size;
	} else if (mine) {
		out->state = NB_EFFECTIVE;
		out->effective = true;
	} else {
		out->state = NB_SHADOWED;
		out->unset_via = unset_via(win, c, next);
		snprintf(out->unset_hint, sizeof(out->unset_hint), "cmactl unset --via %s",
			 cma_via_name(out->unset_via));
	}
}

/*
 * With the version unknown, would the rule before 5.6 (the DT default node
 * beats cma=; kernel/dma/contiguous.c before "dma-contiguous: CMA: give
 * precedence to cmdline", DOMAIN.md 1.1) pick another winner than 5.6's?
 */
static int version_decides(const struct cma_sources *next, const struct cma_report *rep,
			   bool *decides)
{
	struct cma_sources *old = malloc(sizeof(*old));
	struct cma_report *orep = malloc(sizeof(*orep));
	int ret = -1;

	if (old && orep) {
		*old = *next;
		kver_parse("5.5", &old->kver);
		cma_resolve(old, orep);
		*decides = orep->effective.source != rep->effective.source;
		ret = 0;
	}
	free(old);
	free(orep);
	return ret;
}

/* What the verdict depends on that no file told. */
static void missing(const struct nextboot_change *c, const struct cma_sources *next,
		    const struct cma_report *rep, struct nextboot *out)
{
	const struct target_facts *t = c->target;
	size_t n;

	if (rep->cma_unknown)
		snprintf(out->missing, sizeof(out->missing), "whether the target kernel has CMA "
			 "(CONFIG_CMA and CONFIG_DMA_CMA): %s", t && t->replace ? "its config was "
			 "not found (give --config FILE)" : "no kernel config or counters say");
	/* another system's files: its bootloader's command line was not seen */
	if (!t || !t->foreign || next->cmdline_st.present || out->winner == SRC_CMDLINE)
		return;
	n = strlen(out->missing);
	snprintf(out->missing + n, sizeof(out->missing) - n, "%sthe target's kernel command line "
		 "(its bootloader's cma= would beat a DT node from 5.6; none of its files was "
		 "given)", n ? "; " : "");
}

int nextboot_predict(const struct cma_sources *now, const struct nextboot_change *c,
		     struct nextboot *out)
{
	struct cma_sources *next = malloc(sizeof(*next));
	struct cma_report *rep = malloc(sizeof(*rep));
	bool decides = false;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!next || !rep || nextboot_sources(now, c, next))
		goto out;
	cma_resolve(next, rep);
	if (!next->kver.known && version_decides(next, rep, &decides))
		goto out;
	if (decides) {
		out->state = NB_UNKNOWN;
		snprintf(out->missing, sizeof(out->missing), "the target's kernel version (%.250s): "
			 "before 5.6 the DT's linux,cma-default node beats cma=, from 5.6 cma= "
			 "wins, and both are set", c->target && c->target->replace ?
			 c->target->kver_from : "no osrelease, log or --kernel-version");
		ret = 0;
		goto out;
	}
	verdict(c, next, rep, out);
	missing(c, next, rep, out);
	/* a DT the bootloader loads but no file here shows: it decides unless cma= beats it */
	if (c->target && c->target->dt_unknown[0] && !next->dt_st.present &&
	    out->state != NB_NO_CMA &&
	    !(out->winner == SRC_CMDLINE && kver_at_least(&next->kver, 5, 6))) {
		out->state = NB_UNKNOWN;
		out->size_known = false;
		str_copy(out->missing, sizeof(out->missing), c->target->dt_unknown);
	}
	ret = 0;
out:
	free(next);
	free(rep);
	return ret;
}
