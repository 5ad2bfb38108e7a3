// SPDX-License-Identifier: GPL-2.0-or-later
/* Per-area counters (sysfs mm/cma, debugfs cma), filled from name/value pairs. */
#include "model/lines.h"
#include "model/areas.h"
#include "model/size.h"

struct cma_area *areas_get(struct cma_areas *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (!strncmp(a->area[i].name, name, sizeof(a->area[i].name) - 1))
			return &a->area[i];
	if (a->n >= CMA_MAX_AREAS)
		return NULL;
	memset(&a->area[a->n], 0, sizeof(a->area[0]));
	str_copy(a->area[a->n].name, sizeof(a->area[0].name), name);
	return &a->area[a->n++];
}

int u64_parse(const char *buf, size_t len, uint64_t *out)
{
	size_t i = 0;
	uint64_t v = 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (i == len || buf[i] < '0' || buf[i] > '9')
		return -1;
	for (; i < len && buf[i] >= '0' && buf[i] <= '9'; i++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(buf[i] - '0'), &v))
			return -1;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (i != len)
		return -1;
	*out = v;
	return 0;
}

bool area_used_pages(const struct cma_area *a, uint64_t *pages)
{
	bool has_total = false, has_avail = false;
	uint64_t total = 0, avail = 0;

	if (a->has_used) {
		*pages = a->used;
		return true;
	}
	for (int i = 0; i < a->nattrs; i++) {
		if (!strcmp(a->attrs[i].name, "total_pages"))
			total = a->attrs[i].value, has_total = true;
		else if (!strcmp(a->attrs[i].name, "available_pages"))
			avail = a->attrs[i].value, has_avail = true;
	}
	if (!has_total || !has_avail || avail > total)
		return false;
	*pages = total - avail;
	return true;
}
