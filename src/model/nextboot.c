// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next-boot prediction of `cmactl set`/`unset`: the planned file put in
 * place of its layer, then the resolver's verdict on it. Pure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/dt.h"
#include "model/lines.h"
#include "model/nextboot.h"
#include "model/cmdline.h"
#include "model/kconfig.h"

static const char *const via_names[] = { "", "dts", "bootargs", "cmdline", "kconfig" };

const char *cma_via_name(enum cma_via v)
{
	return (unsigned)v <= VIA_KCONFIG ? via_names[v] : "";
}

enum cma_via cma_via_parse(const char *name)
{
	for (enum cma_via v = VIA_DTS; v <= VIA_KCONFIG; v++)
		if (!strcmp(name, via_names[v]))
			return v;
	return VIA_NONE;
}

const char *nextboot_state_name(enum nextboot_state s)
{
	static const char *const n[] = { "unknown", "no-cma", "no-area", "effective", "shadowed",
					 "unset" };

	return (unsigned)s < sizeof(n) / sizeof(n[0]) ? n[s] : "unknown";
}

/* The source a layer's edit lands in: bootargs is a command line too. */
static enum cma_source via_source(enum cma_via v)
{
	return v == VIA_DTS ? SRC_DEVICETREE : v == VIA_KCONFIG ? SRC_KCONFIG : SRC_CMDLINE;
}

/* How to take @win out: a cma= from the DTB's bootargs is unset there, not in the bootloader. */
static enum cma_via unset_via(enum cma_source win, const struct cma_sources *next)
{
	if (win == SRC_DEVICETREE)
		return VIA_DTS;
	if (win == SRC_KCONFIG)
		return VIA_KCONFIG;
	return next->dt.has_bootargs && next->dt.bootargs.has_cma ? VIA_BOOTARGS : VIA_CMDLINE;
}

static int dt_change(const struct nextboot_change *c, struct cma_sources *p)
{
	char err[160];

	if (dt_parse(c->text, c->len, &p->dt, err, sizeof(err)))
		return -1;
	p->dt_st.present = true;
	p->dt_booted = false;
	/*
	 * A bootloader with no command line of its own (QEMU without -append,
	 * U-Boot without a bootargs variable) hands the DTB's /chosen/bootargs
	 * to the kernel unchanged, so a cma= there is next boot's cma= (the lab
	 * round trip rt-*-shadowed-by-bootargs48M shows it).
	 */
	if (c->via == VIA_BOOTARGS ||
	    (p->dt.has_bootargs && p->dt.bootargs.has_cma && !p->cmdline.has_cma)) {
		p->cmdline = p->dt.bootargs;
		p->cmdline_st.present = true;
	}
	return 0;
}

int nextboot_sources(const struct cma_sources *now, const struct nextboot_change *c,
		     struct cma_sources *next)
{
	char err[160], *line;

	*next = *now;
	/* what the running kernel logged or counts says nothing about the next boot */
	klog_init(&next->klog);
	next->klog_st.present = next->sysfs_st.present = next->debugfs_st.present = false;
	next->areas.n = 0;
	switch (c->via) {
	case VIA_DTS:
	case VIA_BOOTARGS:
		return dt_change(c, next);
	case VIA_CMDLINE:
		if (plan_bootcfg_cmdline(c->kind, c->text, c->len, c->label, &line, err, sizeof(err)))
			return -1;
		cmdline_parse(line, strlen(line), &next->cmdline);
		next->cmdline_st.present = true;
		free(line);
		return 0;
	case VIA_KCONFIG:
		kconfig_parse(c->text, c->len, &next->kconfig);
		next->kconfig_st.present = true;
		return 0;
	default:
		return -1;
	}
}

/* The resolver's verdict on the planned sources, in the terms of the change. */
static void verdict(const struct nextboot_change *c, const struct cma_sources *next,
		    const struct cma_report *rep, struct nextboot *out)
{
	enum cma_source win = rep->effective.source;
	const struct layer_verdict *lv = &rep->layers[win == SRC_KCONFIG ? LAYER_KCONFIG :
						      win == SRC_CMDLINE ? LAYER_CMDLINE :
						      LAYER_DEVICETREE];
	bool mine = win == via_source(c->via);

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
	} else if (mine) {
		out->state = NB_EFFECTIVE;
		out->effective = true;
	} else {
		out->state = NB_SHADOWED;
		out->unset_via = unset_via(win, next);
		snprintf(out->unset_hint, sizeof(out->unset_hint), "cmactl unset --via %s",
			 cma_via_name(out->unset_via));
	}
}

int nextboot_predict(const struct cma_sources *now, const struct nextboot_change *c,
		     struct nextboot *out)
{
	struct cma_sources *next = malloc(sizeof(*next));
	struct cma_report *rep = malloc(sizeof(*rep));
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!next || !rep || nextboot_sources(now, c, next))
		goto out;
	cma_resolve(next, rep);
	verdict(c, next, rep, out);
	ret = 0;
out:
	free(next);
	free(rep);
	return ret;
}
