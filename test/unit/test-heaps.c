// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one heap rule (model/heaps.c), on the /dev/dma_heap listings of real
 * boots: `dma_heap.txt` of ../shared/captures/lab-{a,c,g,m}-* (Linux 6.1.192)
 * and ../shared/captures-matrix/lab72-{a,l,o}-* (7.2.13), with their areas
 * (sys-cma.txt, debugfs-cma.txt) and configs (config-cma.txt). The expected
 * values are those listings; a few cases without a capture say so.
 */
#include "unit.h"
#include "model/heaps.h"

struct hcase {
	const char *what;
	unsigned major, minor;			/* 0.0: version unknown */
	enum kc_tristate heaps_cma, legacy;
	struct heap_area areas[4];		/* ends at .name == NULL */
	const char *stats[4];			/* sysfs/debugfs area names */
	const char *names[6];			/* /dev/dma_heap, ends at NULL */
	bool unreadable;			/* /dev/dma_heap could not be read */
	const char *pick;			/* NULL none, "?" several */
	/* "name role area present expected twin" per heap, twin "-" for none */
	const char *want[6];
};

static const struct hcase cases[] = {
	{ "6.1 Kconfig area (capture lab-a-kconfig16M)", 6, 1, KC_YES, KC_UNKNOWN,
	  { { "reserved", true, false } }, { "reserved" }, { "reserved", "system" }, false,
	  "reserved", { "reserved default-area reserved 1 1 -", "system system - 1 0 -" } },
	{ "6.1 DT default node (capture lab-c-dt-size96M)", 6, 1, KC_YES, KC_UNKNOWN,
	  { { "linux,cma", true, true } }, { "linux,cma" }, { "linux,cma", "system" }, false,
	  "linux,cma", { "linux,cma default-area linux,cma 1 1 -", "system system - 1 0 -" } },
	{ "6.1 DT node with a unit address (capture lab-g-dt-reg16M-unitaddr)", 6, 1, KC_YES,
	  KC_UNKNOWN, { { "linux,cma@60000000", true, true } }, { "linux,cma@60000000" },
	  { "linux,cma@60000000", "system" }, false, "linux,cma@60000000",
	  { "linux,cma@60000000 default-area linux,cma@60000000 1 1 -" } },
	{ "6.1 cma_heap module not loaded (capture lab-m-cmaheap-module)", 6, 1, KC_MODULE,
	  KC_UNKNOWN, { { "reserved", true, false } }, { "reserved" }, { "system" }, false, NULL,
	  { "system system - 1 0 -", "reserved default-area reserved 0 1 -" } },
	{ "7.2 Kconfig area: two names, one area (capture lab72-a-kconfig16M)", 7, 2, KC_YES,
	  KC_UNKNOWN, { { "reserved", true, false } }, { "reserved" },
	  { "default_cma_region", "reserved", "system" }, false, "default_cma_region",
	  { "default_cma_region default_cma_region reserved 1 1 reserved",
	    "reserved default-area reserved 1 1 default_cma_region" } },
	{ "7.2 non-default DT pool (capture lab72-l-dt-nondefault96M)", 7, 2, KC_YES, KC_UNKNOWN,
	  { { "reserved", true, false }, { "mycma", false, true } }, { "mycma", "reserved" },
	  { "default_cma_region", "mycma", "reserved", "system" }, false, "default_cma_region",
	  { "mycma region mycma 1 1 -", "reserved default-area reserved 1 1 default_cma_region" } },
	{ "7.2 DT default and another pool (capture lab72-o-dt-default96M-plus-mycma32M)", 7, 2,
	  KC_YES, KC_UNKNOWN, { { "linux,cma", true, true }, { "mycma", false, true } },
	  { "linux,cma", "mycma" }, { "default_cma_region", "linux,cma", "mycma", "system" },
	  false, "default_cma_region",
	  { "default_cma_region default_cma_region linux,cma 1 1 linux,cma",
	    "linux,cma default-area linux,cma 1 1 default_cma_region", "mycma region mycma 1 1 -" } },
	{ "6.17 with CONFIG_DMABUF_HEAPS_CMA_LEGACY=n (no capture; 854acbe75ff4)", 6, 17, KC_YES,
	  KC_NO, { { "reserved", true, false } }, { "reserved" }, { "default_cma_region", "system" },
	  false, "default_cma_region",
	  { "default_cma_region default_cma_region reserved 1 1 -" } },
	{ "6.12 a DT pool gets no heap before 6.19 (no capture)", 6, 12, KC_YES, KC_UNKNOWN,
	  { { "reserved", true, false }, { "mycma", false, true } }, { "reserved", "mycma" },
	  { "reserved", "system" }, false, "reserved",
	  { "reserved default-area reserved 1 1 -" } },
	{ "7.2 heaps expected, /dev/dma_heap unreadable", 7, 2, KC_YES, KC_UNKNOWN,
	  { { "reserved", true, false } }, { 0 }, { 0 }, true, NULL,
	  { "default_cma_region default_cma_region reserved 0 1 reserved",
	    "reserved default-area reserved 0 1 default_cma_region" } },
	{ "dmaheap-alloc's inputs: no version, no area (the 6.1 lab listing)", 0, 0, KC_UNKNOWN,
	  KC_UNKNOWN, { { 0 } }, { 0 }, { "reserved", "system" }, false, "reserved",
	  { "reserved other - 1 0 -" } },
	{ "a vendor heap beside the CMA one, areas listed", 0, 0, KC_UNKNOWN, KC_UNKNOWN, { { 0 } },
	  { "linux,cma" }, { "linux,cma", "vendor-heap", "system" }, false, "linux,cma",
	  { "linux,cma region linux,cma 1 0 -", "vendor-heap other - 1 0 -" } },
	{ "a vendor heap beside the CMA one, no area known: refuse, name them", 0, 0, KC_UNKNOWN,
	  KC_UNKNOWN, { { 0 } }, { 0 }, { "linux,cma", "vendor-heap", "system" }, false, "?",
	  { "vendor-heap other - 1 0 -" } },
	{ "before 5.6: no CMA heap expected (b61614ec318a)", 5, 4, KC_YES, KC_UNKNOWN,
	  { { "reserved", true, false } }, { "reserved" }, { 0 }, true, NULL, { 0 } },
};

static void check_want(const struct heaps_map *m, const char *want, const char *what)
{
	char name[64], role[32], area[64], twin[64];
	int present, expected;
	const struct heap_info *h;

	if (sscanf(want, "%63s %31s %63s %d %d %63s", name, role, area, &present, &expected,
		   twin) != 6) {
		CHECK(!"malformed want");
		return;
	}
	h = heaps_find(m, name);
	CHECK(h != NULL);
	if (!h) {
		fprintf(stderr, "  no heap %s in: %s\n", name, what);
		return;
	}
	CHECK_STR(heap_role_name(h->role), role);
	CHECK_STR(h->area, strcmp(area, "-") ? area : "");
	CHECK(h->present == (present == 1));
	CHECK(h->expected == (expected == 1));
	CHECK_STR(h->twin >= 0 ? m->h[h->twin].name : "-", twin);
}

static void check_case(const struct hcase *c)
{
	struct cma_areas stats = { 0 };
	struct heaps_in in = { .kver_known = c->major > 0, .major = c->major, .minor = c->minor,
			       .heaps_cma = c->heaps_cma, .legacy = c->legacy, .areas = c->areas,
			       .names = c->names, .stats = &stats };
	struct heaps_map m;
	int failed = unit_fail;

	while (in.nareas < 4 && c->areas[in.nareas].name)
		in.nareas++;
	while (in.n < 6 && c->names[in.n])
		in.n++;
	if (c->unreadable)
		in.n = -1;
	for (int i = 0; i < 4 && c->stats[i]; i++)
		strcpy(stats.area[stats.n++].name, c->stats[i]);
	heaps_map(&in, &m);
	if (!c->pick)
		CHECK(m.pick == -1 && !m.ambiguous);
	else if (!strcmp(c->pick, "?"))
		CHECK(m.pick == -1 && m.ambiguous);
	else
		CHECK(m.pick >= 0 && !strcmp(m.h[m.pick].name, c->pick));
	/* the pick is the very rule dmaheap-alloc runs on the names alone */
	if (c->pick && strcmp(c->pick, "?"))
		CHECK_STR(c->names[heaps_pick(c->names, in.n, &stats)], c->pick);
	for (int i = 0; i < 6 && c->want[i]; i++)
		check_want(&m, c->want[i], c->what);
	if (!c->want[0])
		CHECK_U64(m.n, in.n > 0 ? (uint64_t)in.n : 0);
	CHECK(m.rule[0] != '\0');
	if (unit_fail != failed)
		fprintf(stderr, "  in case: %s\n", c->what);
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	CHECK_STR(heaps_default_name(true, 6, 17, "reserved"), HEAP_FIXED_NAME);
	CHECK_STR(heaps_default_name(true, 6, 16, "linux,cma"), "linux,cma");
	CHECK(heaps_default_name(false, 0, 0, "reserved") == NULL);
	CHECK(heaps_default_name(true, 5, 4, "reserved") == NULL);
	return UNIT_DONE("heaps");
}
