/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one rule for dma-buf heap names across kernel versions: which heap in
 * /dev/dma_heap belongs to which CMA area, which heap the kernel should have
 * made, and which heap `stress` and dmaheap-alloc use. Pure: no I/O.
 */
#ifndef CMACTL_MODEL_HEAPS_H
#define CMACTL_MODEL_HEAPS_H
#include <stdbool.h>
#include "model/cma.h"

#define HEAP_NAME_MAX	64
#define HEAPS_MAX	32
#define HEAP_FIXED_NAME	"default_cma_region"	/* 6.17+, 854acbe75ff4 */

enum heap_role {
	HEAP_ROLE_FIXED,	/* "default_cma_region": the default area, 6.17+ */
	HEAP_ROLE_DEFAULT,	/* the default area's own name: the only CMA heap 5.6-6.16,
				 * the legacy twin from 6.17 (CONFIG_DMABUF_HEAPS_CMA_LEGACY) */
	HEAP_ROLE_REGION,	/* another CMA area's own name: 6.19+ reusable DT regions */
	HEAP_ROLE_SYSTEM,	/* "system": the buddy allocator, not CMA */
	HEAP_ROLE_OTHER,	/* not known to be CMA (vendor heaps, unknown areas) */
};

/* A CMA area as the heap rule needs it. */
struct heap_area {
	const char *name;
	bool is_default;
	bool from_dt;		/* a reusable shared-dma-pool node made it */
};

struct heaps_in {
	bool kver_known;
	unsigned major, minor;
	enum kc_tristate heaps_cma;		/* CONFIG_DMABUF_HEAPS_CMA */
	enum kc_tristate legacy;		/* CONFIG_DMABUF_HEAPS_CMA_LEGACY (6.17+) */
	const struct heap_area *areas;		/* every area known, may be NULL */
	int nareas;
	const char *const *names;		/* the entries of /dev/dma_heap */
	int n;					/* < 0: the directory could not be read */
	const struct cma_areas *stats;		/* the areas sysfs/debugfs list: what stress
						 * and dmaheap-alloc read, for the pick */
};

struct heap_info {
	char name[HEAP_NAME_MAX];
	char area[CMA_NAME_MAX];	/* the CMA area it allocates from, "" if none/unknown */
	enum heap_role role;
	bool present;			/* listed in /dev/dma_heap */
	bool expected;			/* the kernel version and config say the kernel makes it */
	int twin;			/* the other heap of the same area (6.17+), -1 */
};

struct heaps_map {
	int n;
	struct heap_info h[HEAPS_MAX];
	int pick;		/* the heap stress and dmaheap-alloc use, -1: none */
	bool ambiguous;		/* several CMA heaps and none is the default's: --heap */
	char rule[200];		/* the naming rule applied, with the version */
};

/**
 * heaps_pick() - the heap of the default CMA area among @names, by the one
 * rule `stress` and dmaheap-alloc share: "default_cma_region" (6.17+), else
 * the one heap named after a CMA area (5.6-6.16 make only the default area's),
 * else, with no area known, the one heap that is not "system". Uses only what
 * both programs read (/dev/dma_heap and the area names of sysfs/debugfs), so
 * they always agree. @areas may be NULL.
 * Return: an index into @names, -1 when none, -2 when several fit.
 */
int heaps_pick(const char *const *names, int n, const struct cma_areas *areas);

/**
 * heaps_map() - every heap present or expected, its area, role and twin, and
 * the pick; see heaps.c for the versions.
 */
void heaps_map(const struct heaps_in *in, struct heaps_map *out);

/**
 * heaps_in_report() - fill @in from what `status` knows: the kernel version,
 * CONFIG_DMABUF_HEAPS_CMA(_LEGACY), the report's areas (@ha: room for
 * CMA_MAX_AREAS) and the heap names (@n < 0: /dev/dma_heap not readable).
 */
void heaps_in_report(const struct cma_sources *s, const struct cma_report *r,
		     const char *const *names, int n, struct heap_area *ha, struct heaps_in *in);

/**
 * heaps_report() - the heaps part of the status report: every heap present or
 * expected, heap -> area -> layer, each node's owner, group and mode, and the
 * udev rule users add when the CMA heap is root-only (the kernel's default,
 * 0600 root:root). Called by cma_resolve() once the areas are known.
 */
void heaps_report(const struct cma_sources *s, struct cma_report *r);

/** heaps_find() - the entry called @name, or NULL. */
const struct heap_info *heaps_find(const struct heaps_map *m, const char *name);

/**
 * heaps_default_name() - the name the kernel gives the default area's heap:
 * "default_cma_region" from 6.17, @default_area from 5.6, NULL when the
 * version is unknown or older than 5.6.
 */
const char *heaps_default_name(bool kver_known, unsigned major, unsigned minor,
			       const char *default_area);

/** heap_role_name() - stable JSON name: "default_cma_region", "default-area", ... */
const char *heap_role_name(enum heap_role r);
#endif
