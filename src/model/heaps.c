// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dma-buf heap names across kernel versions (../shared/DOMAIN.md 1.5 and 7):
 *  - 5.6 (b61614ec318a "dma-buf: heaps: Add CMA heap to dmabuf heaps"):
 *    one CMA heap, the default area's, named cma_get_name(): "reserved"
 *    when cma= or Kconfig made the area, the DT node's full name otherwise.
 *  - 6.17 (854acbe75ff4 "dma-buf: heaps: Give default CMA heap a fixed
 *    name"): "default_cma_region"; CONFIG_DMABUF_HEAPS_CMA_LEGACY (bool,
 *    default y) keeps the old name as a second heap of the same area.
 *    Debian's 7.2 lab kernel has no such option and keeps the twin.
 *  - 6.19 ("dma-buf: heaps: cma: Create CMA heap for each CMA reserved
 *    region", Maxime Ripard, drm-misc-next for 6.19): every reusable
 *    shared-dma-pool DT region gets a heap named after its full node name
 *    (Documentation/userspace-api/dma-buf-heaps.rst).
 * Areas that cma_pernuma=/numa_cma= or CONFIG_CMA_SIZE_PERNUMA make are not
 * DT regions and get no heap.
 */
#include <stdio.h>
#include <string.h>

#include "model/heaps.h"
#include "model/lines.h"

static bool at_least(const struct heaps_in *in, unsigned major, unsigned minor)
{
	return in->kver_known && (in->major > major || (in->major == major && in->minor >= minor));
}

static const struct heap_area *default_area(const struct heaps_in *in)
{
	for (int i = 0; i < in->nareas; i++)
		if (in->areas[i].is_default && in->areas[i].name && in->areas[i].name[0])
			return &in->areas[i];
	return NULL;
}

static const struct heap_area *area_named(const struct heaps_in *in, const char *name)
{
	for (int i = 0; i < in->nareas; i++)
		if (in->areas[i].name && !strcmp(in->areas[i].name, name))
			return &in->areas[i];
	return NULL;
}

static bool listed(const struct cma_areas *a, const char *name)
{
	for (int i = 0; a && i < a->n; i++)
		if (!strcmp(a->area[i].name, name))
			return true;
	return false;
}

int heaps_pick(const char *const *names, int n, const struct cma_areas *areas)
{
	int cma = -1, other = -1;

	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], HEAP_FIXED_NAME))
			return i;
	for (int i = 0; i < n; i++)
		if (listed(areas, names[i]))
			cma = cma == -1 ? i : -2;
	if (cma != -1)
		return cma;
	/* areas are known and none has a heap: a vendor heap is no CMA heap */
	if (areas && areas->n)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], "system"))
			other = other == -1 ? i : -2;
	return other;
}

static struct heap_info *add(struct heaps_map *m, const char *name)
{
	struct heap_info *h;

	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->h[i].name, name))
			return &m->h[i];
	if (m->n >= HEAPS_MAX)
		return NULL;
	h = &m->h[m->n++];
	memset(h, 0, sizeof(*h));
	str_copy(h->name, sizeof(h->name), name);
	h->twin = -1;
	return h;
}

static void expect(struct heaps_map *m, const char *name)
{
	struct heap_info *h = add(m, name);

	if (h)
		h->expected = true;
}

static void expected_heaps(const struct heaps_in *in, const struct heap_area *def,
			   struct heaps_map *m)
{
	if ((in->heaps_cma != KC_YES && in->heaps_cma != KC_MODULE) || !at_least(in, 5, 6))
		return;
	if (def && at_least(in, 6, 17)) {
		expect(m, HEAP_FIXED_NAME);
		/* default y; the 7.2 lab config has no such option and still shows
		 * the own name (lab72-a: default_cma_region and reserved) */
		if (in->legacy != KC_NO || (def->from_dt && at_least(in, 6, 19)))
			expect(m, def->name);
	} else if (def) {
		expect(m, def->name);
	}
	if (!at_least(in, 6, 19))
		return;
	for (int i = 0; i < in->nareas; i++)
		if (in->areas[i].from_dt && in->areas[i].name && in->areas[i].name[0])
			expect(m, in->areas[i].name);
}

static void role_of(const struct heaps_in *in, const struct heap_area *def, struct heap_info *h)
{
	if (!strcmp(h->name, "system")) {
		h->role = HEAP_ROLE_SYSTEM;
	} else if (!strcmp(h->name, HEAP_FIXED_NAME)) {
		h->role = HEAP_ROLE_FIXED;
		str_copy(h->area, sizeof(h->area), def ? def->name : "");
	} else if (def && !strcmp(h->name, def->name)) {
		h->role = HEAP_ROLE_DEFAULT;
		str_copy(h->area, sizeof(h->area), def->name);
	} else if (area_named(in, h->name) || listed(in->stats, h->name)) {
		h->role = HEAP_ROLE_REGION;
		str_copy(h->area, sizeof(h->area), h->name);
	} else {
		h->role = HEAP_ROLE_OTHER;
	}
}

static void rule(const struct heaps_in *in, struct heaps_map *m)
{
	char *r = m->rule;
	size_t len = sizeof(m->rule);

	if (!in->kver_known)
		snprintf(r, len, "kernel version unknown: 5.6-6.16 name the one CMA heap after the "
			 "default area, 6.17+ '%s'", HEAP_FIXED_NAME);
	else if (!at_least(in, 5, 6))
		snprintf(r, len, "Linux %u.%u: no dma-buf CMA heap before 5.6", in->major, in->minor);
	else if (!at_least(in, 6, 17))
		snprintf(r, len, "Linux %u.%u: one CMA heap, the default area's, named after it "
			 "(5.6-6.16)", in->major, in->minor);
	else
		snprintf(r, len, "Linux %u.%u: the default area's heap is '%s' (6.17+), its own "
			 "name a twin unless CONFIG_DMABUF_HEAPS_CMA_LEGACY=n%s", in->major,
			 in->minor, HEAP_FIXED_NAME, at_least(in, 6, 19) ?
			 "; a heap per reusable DT region (6.19+)" : "");
}

void heaps_map(const struct heaps_in *in, struct heaps_map *m)
{
	const struct heap_area *def = default_area(in);
	const char *ptr[HEAPS_MAX] = { 0 };
	int np = 0;

	memset(m, 0, sizeof(*m));
	m->pick = -1;
	for (int i = 0; i < in->n; i++) {
		struct heap_info *h = add(m, in->names[i]);

		if (h)
			h->present = true;
	}
	expected_heaps(in, def, m);
	for (int i = 0; i < m->n; i++)
		role_of(in, def, &m->h[i]);
	/* 6.17+: "default_cma_region" and the legacy name are one area */
	for (int i = 0; i < m->n; i++)
		for (int j = 0; j < m->n; j++)
			if (i != j && m->h[i].area[0] && !strcmp(m->h[i].area, m->h[j].area) &&
			    (m->h[i].role == HEAP_ROLE_FIXED || m->h[j].role == HEAP_ROLE_FIXED))
				m->h[i].twin = j;
	for (int i = 0; i < m->n; i++)
		if (m->h[i].present)
			ptr[np++] = m->h[i].name;
	np = heaps_pick(ptr, np, in->stats);
	m->ambiguous = np == -2;
	if (np >= 0)
		for (int i = 0; i < m->n; i++)
			if (m->h[i].name == ptr[np])
				m->pick = i;
	rule(in, m);
}

void heaps_in_report(const struct cma_sources *s, const struct cma_report *r,
		     const char *const *names, int n, struct heap_area *ha, struct heaps_in *in)
{
	memset(in, 0, sizeof(*in));
	in->kver_known = s->kver.known;
	in->major = s->kver.major;
	in->minor = s->kver.minor;
	in->heaps_cma = s->kconfig_st.present ? s->kconfig.heaps_cma : KC_UNKNOWN;
	in->legacy = s->kconfig_st.present ? s->kconfig.heaps_cma_legacy : KC_UNKNOWN;
	in->names = names;
	in->n = n;
	in->stats = &s->areas;
	in->areas = ha;
	for (int i = 0; i < r->nareas && i < CMA_MAX_AREAS; i++) {
		const struct report_area *a = &r->areas[i];

		ha[in->nareas++] = (struct heap_area){
			.name = a->name, .is_default = a->is_default,
			.from_dt = !strcmp(a->origin, "devicetree"),
		};
	}
}

static const char *area_layer(const struct cma_report *r, const char *area)
{
	for (int i = 0; area[0] && i < r->nareas; i++)
		if (!strcmp(r->areas[i].name, area))
			return r->areas[i].origin;
	return "";
}

/* The udev rule for the root-only CMA heaps (the picked one and its twin). */
static void udev_rule(struct cma_report *r)
{
	char names[2 * CMA_NAME_MAX + 2] = "";
	size_t len = 0;

	for (int i = 0; i < r->nheaps; i++) {
		const struct report_heap *h = &r->heaps[i];
		bool mine = h->picked;

		for (int j = 0; !mine && j < r->nheaps; j++)
			mine = r->heaps[j].picked && !strcmp(r->heaps[j].twin, h->name);
		if (!mine || !h->root_only || len + strlen(h->name) + 2 > sizeof(names))
			continue;
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s", len ? "|" : "",
					h->name);
	}
	/* udev matches a dma_heap node by SUBSYSTEM "dma_heap" and KERNEL, the heap's
	 * name (drivers/dma-buf/dma-heap.c: device_create(dma_heap_class, ..., name));
	 * "|" separates alternatives in a udev match */
	if (len)
		snprintf(r->heaps_udev, sizeof(r->heaps_udev), "SUBSYSTEM==\"dma_heap\", "
			 "KERNEL==\"%s\", GROUP=\"video\", MODE=\"0660\"", names);
}

void heaps_report(const struct cma_sources *s, struct cma_report *r)
{
	const char *ptr[CMA_MAX_HEAPS] = { 0 };	/* gcc 12 cannot see n bounds the reads */
	struct heap_area ha[CMA_MAX_AREAS];
	struct heaps_in in;
	struct heaps_map m;
	int n = s->heap_dir_read ? s->nheap_nodes : -1;

	for (int i = 0; i < n; i++)
		ptr[i] = s->heap_nodes[i].name;
	heaps_in_report(s, r, ptr, n, ha, &in);
	heaps_map(&in, &m);
	r->heaps_listed = n >= 0;
	str_copy(r->heaps_error, sizeof(r->heaps_error), n < 0 ? s->heap_dir_error : "");
	str_copy(r->heaps_rule, sizeof(r->heaps_rule), m.rule);
	r->nheaps = 0;
	for (int i = 0; i < m.n && i < CMA_MAX_HEAPS; i++) {
		const struct heap_info *h = &m.h[i];
		struct report_heap *o = &r->heaps[r->nheaps++];

		memset(o, 0, sizeof(*o));
		str_copy(o->name, sizeof(o->name), h->name);
		str_copy(o->area, sizeof(o->area), h->area);
		str_copy(o->role, sizeof(o->role), heap_role_name(h->role));
		str_copy(o->layer, sizeof(o->layer), area_layer(r, h->area));
		str_copy(o->twin, sizeof(o->twin), h->twin >= 0 ? m.h[h->twin].name : "");
		o->present = h->present, o->expected = h->expected, o->picked = i == m.pick;
		for (int j = 0; h->present && j < n; j++) {
			const struct cma_heap_node *nd = &s->heap_nodes[j];

			if (strcmp(nd->name, h->name) || !nd->stat_ok)
				continue;
			o->node_known = true, o->is_chr = nd->is_chr;
			o->uid = nd->uid, o->gid = nd->gid, o->mode = nd->mode;
			/* drivers/dma-buf/dma-heap.c makes nodes 0600 root:root (no
			 * devnode mode): only root opens them unless udev says more */
			o->root_only = nd->uid == 0 && !(nd->mode & 077);
		}
	}
	udev_rule(r);
}

const struct heap_info *heaps_find(const struct heaps_map *m, const char *name)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->h[i].name, name))
			return &m->h[i];
	return NULL;
}

const char *heaps_default_name(bool kver_known, unsigned major, unsigned minor,
			       const char *default_area)
{
	struct heaps_in in = { .kver_known = kver_known, .major = major, .minor = minor };

	if (at_least(&in, 6, 17))
		return HEAP_FIXED_NAME;
	if (at_least(&in, 5, 6) && default_area && default_area[0])
		return default_area;
	return NULL;
}

const char *heap_role_name(enum heap_role r)
{
	static const char *const names[] = {
		[HEAP_ROLE_FIXED] = "default_cma_region", [HEAP_ROLE_DEFAULT] = "default-area",
		[HEAP_ROLE_REGION] = "region", [HEAP_ROLE_SYSTEM] = "system",
		[HEAP_ROLE_OTHER] = "other",
	};

	return (unsigned)r < sizeof(names) / sizeof(names[0]) ? names[r] : "other";
}
