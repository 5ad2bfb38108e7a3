/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hand-built sources for the resolver and next-boot unit tests: what a
 * running system with CMA said (Kconfig 16 MiB, every layer readable),
 * before each case adds its own cma= or DT node.
 */
#ifndef CMACTL_UNIT_SOURCES_H
#define CMACTL_UNIT_SOURCES_H
#include <stdlib.h>
#include <string.h>
#include "model/cmdline.h"
#include "model/kver.h"

/* @version NULL: the kernel version is unknown. Free with free(). */
static inline struct cma_sources *base(const char *version)
{
	struct cma_sources *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	s->page_size = 4096;
	if (version)
		kver_parse(version, &s->kver);
	s->kconfig_st.present = s->cmdline_st.present = s->dt_st.present = true;
	s->kconfig.cma = s->kconfig.dma_cma = KC_YES;
	s->kconfig.has_size_mbytes = true;
	s->kconfig.size_mbytes = 16;
	s->meminfo.has_cma = s->meminfo_st.present = true;
	return s;
}

/* The running kernel's command line. */
static inline void with_cma(struct cma_sources *s, const char *arg)
{
	cmdline_parse(arg, strlen(arg), &s->cmdline);
}
#endif
