// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The precedence rules of linux-6.1 kernel/dma/contiguous.c (5.6+) and of the
 * 3.5-5.5 kernels, on hand-built sources with no log to overrule them.
 */
#include <stdlib.h>
#include "common.h"
#include "sources.h"
#include "unit.h"


static void with_dt(struct cma_sources *s, uint64_t size, bool reusable)
{
	struct cma_dt_pool *p = &s->dt.pools[s->dt.npools++];

	strcpy(p->name, "linux,cma");
	p->is_default = p->shared_dma_pool = p->has_size = true;
	p->reusable = reusable;
	p->size = size;
}

static enum layer_state state(const struct cma_report *r, enum cma_layer l)
{
	return r->layers[l].state;
}

int main(void)
{
	struct cma_report r;
	struct cma_sources *s;

	s = base("6.1.0");			/* Kconfig only */
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_KCONFIG); CHECK_U64(r.effective.size_bytes, 16 * MiB);
	CHECK_STR(r.effective.area, "reserved");
	free(s);

	s = base("6.1.0");			/* 5.6+: cma= beats the DT node */
	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB, true);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_CMDLINE); CHECK_U64(r.effective.size_bytes, 32 * MiB);
	CHECK(state(&r, LAYER_DEVICETREE) == LS_SHADOWED); CHECK(state(&r, LAYER_KCONFIG) == LS_SHADOWED);
	free(s);

	s = base("5.5.19");			/* before 5.6: the DT node wins silently */
	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB, true);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_DEVICETREE); CHECK_U64(r.effective.size_bytes, 96 * MiB);
	CHECK(state(&r, LAYER_CMDLINE) == LS_SHADOWED); CHECK_STR(r.effective.area, "linux,cma");
	free(s);

	s = base("5.6.0");			/* the first version with the new rule */
	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB, true);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_CMDLINE);
	free(s);

	s = base(NULL);				/* unknown version: the current rule, said so */
	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB, true);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_CMDLINE); CHECK(strstr(r.rule, "unknown") != NULL);
	free(s);

	s = base("6.1.0");			/* a node without reusable is rejected (-EINVAL) */
	with_dt(s, 96 * MiB, false);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_KCONFIG); CHECK(r.nnotes >= 1);
	CHECK(state(&r, LAYER_DEVICETREE) == LS_ABSENT);
	free(s);

	s = base("6.1.0");			/* x86 default: Kconfig size 0 makes no area */
	s->kconfig.size_mbytes = 0;
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_NONE); CHECK_U64(r.effective.size_bytes, 0);
	free(s);

	s = base("6.1.0");			/* cma=0 also bypasses the DT node on 5.6+ */
	with_cma(s, "cma=0");
	with_dt(s, 96 * MiB, true);
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_CMDLINE); CHECK_U64(r.effective.size_bytes, 0);
	free(s);

	s = base("6.1.0");			/* no CONFIG_CMA: a clear "none" */
	s->kconfig.cma = KC_NO;
	s->meminfo.has_cma = false;
	cma_resolve(s, &r);
	CHECK(!r.cma_enabled); CHECK(r.effective.source == SRC_NONE);
	free(s);

	s = base("6.1.0");			/* percentage of a 1 GiB DT memory */
	s->kconfig.size_sel = KC_SEL_PERCENTAGE;
	s->kconfig.has_size_percentage = true;
	s->kconfig.size_percentage = 10;
	s->dt.memory_bytes = 1024 * MiB;
	cma_resolve(s, &r);
	CHECK_U64(r.layers[LAYER_KCONFIG].requested_bytes, 1024 * MiB / 100 * 10);
	free(s);

	s = base("6.1.0");			/* reg beats size in one node (6.1 __fdt_scan_reserved_mem) */
	with_dt(s, 96 * MiB, true);
	s->dt.pools[0].has_reg = true;
	s->dt.pools[0].reg_base = 0x50000000;
	s->dt.pools[0].reg_size = 32 * MiB;
	cma_resolve(s, &r);
	CHECK(r.effective.source == SRC_DEVICETREE); CHECK_U64(r.effective.size_bytes, 32 * MiB);
	CHECK_U64(r.layers[LAYER_DEVICETREE].requested_bytes, 32 * MiB);
	free(s);

	s = base("6.1.0");			/* two static default nodes: the higher one wins */
	with_dt(s, 0, true);
	with_dt(s, 0, true);
	for (int i = 0; i < 2; i++) {
		s->dt.pools[i].has_size = false;
		s->dt.pools[i].has_reg = true;
		s->dt.pools[i].reg_size = (i + 1) * 16 * MiB;
	}
	s->dt.pools[0].reg_base = 0x70000000;
	s->dt.pools[1].reg_base = 0x60000000;
	cma_resolve(s, &r);
	CHECK_U64(r.effective.size_bytes, 16 * MiB); CHECK(r.nnotes >= 1);
	free(s);
	return UNIT_DONE("resolve");
}
