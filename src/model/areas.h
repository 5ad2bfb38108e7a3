/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The list of CMA areas that readers fill. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_AREAS_H
#define CMACTL_MODEL_AREAS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/**
 * areas_get() - the area called @name, added if new.
 * Return: the area, or NULL when CMA_MAX_AREAS are already known.
 */
struct cma_area *areas_get(struct cma_areas *a, const char *name);

/**
 * area_used_pages() - pages in use: debugfs "used", else (6.15+ sysfs)
 * total_pages - available_pages. Return: false when neither is there.
 */
bool area_used_pages(const struct cma_area *a, uint64_t *pages);
#endif
