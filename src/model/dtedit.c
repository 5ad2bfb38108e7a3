// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Editing the CMA parts of a DTB with libfdt, in memory: the default CMA
 * node under /reserved-memory and cma= in /chosen/bootargs. The rules follow
 * linux-6.1 drivers/of/fdt.c (fdt_scan_reserved_mem, __reserved_mem_check_root)
 * and kernel/dma/contiguous.c (rmem_cma_setup). libfdt errors become text here.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "model/cmdedit.h"
#include "model/dt.h"
#include "model/dtedit.h"

#define MAX_RANGES 32
#define ROOM 4096	/* added to the blob before editing; more than any edit needs */

struct range { uint64_t base, size; };

/* What an edit works on: the growing copy and the root's cells. */
struct ed {
	void *fdt;
	int ac, sc;			/* the root's #address-cells / #size-cells */
	struct dtedit_result *res;
	char *err;
	size_t errlen;
};

static int fail(struct ed *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ed *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->err, e->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int fdt_fail(struct ed *e, const char *what, int rc)
{
	return fail(e, "%s: %s", what, fdt_strerror(rc));
}

static void note(struct ed *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct ed *e, const char *fmt, ...)
{
	va_list ap;

	if (e->res->nnotes >= DTEDIT_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(e->res->notes[e->res->nnotes++], sizeof(e->res->notes[0]), fmt, ap);
	va_end(ap);
}

static uint64_t get_cells(const unsigned char *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n * 4; i++)
		v = (v << 8) | p[i];
	return v;
}

/* @v into @n big-endian cells at @p; -1 when it does not fit in them. */
static int put_cells(unsigned char *p, int n, uint64_t v)
{
	if (n == 1 && v > UINT32_MAX)
		return -1;
	for (int i = n * 4; i-- > 0; v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
	return 0;
}

/* A one-cell property, @dflt when absent, -1 when malformed. */
static int cells_prop(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const unsigned char *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return dflt;
	return len == 4 && get_cells(p, 1) <= 64 ? (int)get_cells(p, 1) : -1;
}

/* Validate, then copy into a buffer with @extra bytes of room. */
static int ed_open(struct ed *e, const void *blob, size_t len, size_t extra)
{
	size_t cap;
	int rc;

	if (dt_validate(blob, len, e->err, e->errlen))
		return -1;
	cap = fdt_totalsize(blob) + extra;
	if (cap > INT32_MAX || !(e->fdt = malloc(cap)))
		return fail(e, "out of memory");
	if ((rc = fdt_open_into(blob, e->fdt, (int)cap)) < 0) {
		free(e->fdt);
		e->fdt = NULL;
		return fdt_fail(e, "cannot open the blob for editing", rc);
	}
	/* Linux 6.1 defaults for a root without them (drivers/of/of_private.h) */
	e->ac = cells_prop(e->fdt, 0, "#address-cells", 1);
	e->sc = cells_prop(e->fdt, 0, "#size-cells", 1);
	return 0;
}

/* Pack, check the whole result, hand it over. */
static int ed_finish(struct ed *e)
{
	int rc = fdt_pack(e->fdt);

	if (!rc)
		rc = fdt_check_full(e->fdt, fdt_totalsize(e->fdt));
	if (rc) {
		free(e->fdt);
		e->fdt = NULL;
		return fdt_fail(e, "the edited blob does not check out (not written)", rc);
	}
	e->res->blob = e->fdt;
	e->res->len = fdt_totalsize(e->fdt);
	return 0;
}

/* Every (base, size) of a reg-like property with the root's cells. */
static int reg_ranges(const struct ed *e, int node, const char *prop, struct range *r, int max)
{
	int len, n = 0, pair = (e->ac + e->sc) * 4;
	const unsigned char *p = fdt_getprop(e->fdt, node, prop, &len);

	for (int off = 0; p && off + pair <= len && n < max; off += pair, n++) {
		r[n].base = get_cells(p + off, e->ac);
		r[n].size = get_cells(p + off + e->ac * 4, e->sc);
	}
	return n;
}

/* The non-empty /memory ranges (what 6.1 early_init_dt_scan_memory adds). */
static int memory_ranges(const struct ed *e, struct range *r)
{
	int node, n = 0;

	fdt_for_each_subnode(node, e->fdt, 0) {
		struct range tmp[MAX_RANGES];
		int k;

		if (!dt_is_memory_node(e->fdt, node) || !dt_node_available(e->fdt, node))
			continue;
		k = reg_ranges(e, node, "reg", tmp, MAX_RANGES);
		for (int i = 0; i < k && n < MAX_RANGES; i++)
			if (tmp[i].size)
				r[n++] = tmp[i];
	}
	return n;
}

static bool inside(const struct range *mem, int n, uint64_t base, uint64_t size)
{
	for (int i = 0; i < n; i++)
		if (base >= mem[i].base && size <= mem[i].size &&
		    base - mem[i].base <= mem[i].size - size)
			return true;
	return false;
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/* A fixed region must not overlap /memreserve/ or another reg'd node. */
static int check_overlap(struct ed *e, int rm, int self, uint64_t base, uint64_t size)
{
	int child, n = fdt_num_mem_rsv(e->fdt);

	for (int i = 0; i < n; i++) {
		uint64_t a, s;

		if (!fdt_get_mem_rsv(e->fdt, i, &a, &s) && overlaps(base, size, a, s))
			return fail(e, "0x%" PRIx64 "+0x%" PRIx64 " overlaps /memreserve/ 0x%" PRIx64
				    " 0x%" PRIx64, base, size, a, s);
	}
	fdt_for_each_subnode(child, e->fdt, rm) {
		struct range r[MAX_RANGES];
		int k;

		if (child == self || !dt_node_available(e->fdt, child))
			continue;
		k = reg_ranges(e, child, "reg", r, MAX_RANGES);
		for (int i = 0; i < k; i++)
			if (overlaps(base, size, r[i].base, r[i].size))
				return fail(e, "0x%" PRIx64 "+0x%" PRIx64 " overlaps /reserved-memory/%s "
					    "(0x%" PRIx64 "+0x%" PRIx64 ")", base, size,
					    fdt_get_name(e->fdt, child, NULL), r[i].base, r[i].size);
	}
	return 0;
}

/*
 * /reserved-memory as 6.1 accepts it: #address-cells and #size-cells equal
 * to the root's and a ranges property, else the kernel ignores the whole
 * node. We create a missing one, but never repair an existing one: its
 * other children would change meaning.
 */
static int reserved_memory(struct ed *e)
{
	int rm = fdt_path_offset(e->fdt, "/reserved-memory"), rc;
	int ac, sc;

	if (rm == -FDT_ERR_NOTFOUND) {
		unsigned char c[4];

		rm = fdt_add_subnode(e->fdt, 0, "reserved-memory");
		if (rm < 0)
			return fdt_fail(e, "cannot add /reserved-memory", rm);
		/* last first: libfdt puts each new property at the top of the node */
		rc = fdt_setprop(e->fdt, rm, "ranges", NULL, 0);
		put_cells(c, 1, (uint64_t)e->sc);
		rc = rc ? rc : fdt_setprop(e->fdt, rm, "#size-cells", c, 4);
		put_cells(c, 1, (uint64_t)e->ac);
		rc = rc ? rc : fdt_setprop(e->fdt, rm, "#address-cells", c, 4);
		if (rc)
			return fdt_fail(e, "cannot fill /reserved-memory", rc);
		note(e, "created /reserved-memory (#address-cells %d, #size-cells %d, ranges)",
		     e->ac, e->sc);
		return rm;
	}
	if (rm < 0)
		return fdt_fail(e, "/reserved-memory", rm);
	ac = cells_prop(e->fdt, rm, "#address-cells", -2);
	sc = cells_prop(e->fdt, rm, "#size-cells", -2);
	if (ac != e->ac || sc != e->sc || !fdt_getprop(e->fdt, rm, "ranges", NULL))
		return fail(e, "/reserved-memory has #address-cells %d, #size-cells %d%s but the "
			    "root has %d, %d: Linux ignores the whole node (\"unsupported node "
			    "format\"); fix it by hand first", ac, sc,
			    fdt_getprop(e->fdt, rm, "ranges", NULL) ? "" : " and no ranges",
			    e->ac, e->sc);
	return rm;
}

static bool is_pool(const void *fdt, int node)
{
	return dt_node_available(fdt, node) && !fdt_node_check_compatible(fdt, node, "shared-dma-pool");
}

/* What rmem_cma_setup() (6.1) accepts: reusable and no no-map. */
static bool cma_usable(const void *fdt, int node)
{
	return fdt_getprop(fdt, node, "reusable", NULL) && !fdt_getprop(fdt, node, "no-map", NULL);
}

/*
 * The usable node with linux,cma-default, else any with it (make_default()
 * repairs or refuses it), else a reusable pool named linux,cma[@...].
 * Several usable default nodes are refused: Linux 6.1 sorts /reserved-memory
 * regions by base (of_reserved_mem.c __rmem_check_for_overlap) before
 * rmem_cma_setup() runs on each, so the default area is the one placed
 * highest, which for a dynamic node is only known after boot.
 * Return: 0 with *@node the node or -1 when there is none; -1 with the error set.
 */
static int find_cma(struct ed *e, int rm, int *node)
{
	int child, named = -1, def = -1, broken = -1;

	*node = -1;

	fdt_for_each_subnode(child, e->fdt, rm) {
		const char *name = fdt_get_name(e->fdt, child, NULL);

		if (!is_pool(e->fdt, child) || !name)
			continue;
		if (fdt_getprop(e->fdt, child, "linux,cma-default", NULL)) {
			if (!cma_usable(e->fdt, child)) {
				broken = broken < 0 ? child : broken;
				continue;
			}
			if (def >= 0)
				return fail(e, "/reserved-memory has several nodes with "
					    "linux,cma-default (%s, %s): the kernel makes the one "
					    "placed highest the default area; keep one and retry",
					    fdt_get_name(e->fdt, def, NULL), name);
			def = child;
		} else if (named < 0 && fdt_getprop(e->fdt, child, "reusable", NULL) &&
			   (!strcmp(name, "linux,cma") || !strncmp(name, "linux,cma@", 10))) {
			named = child;
		}
	}
	*node = def >= 0 ? def : broken >= 0 ? broken : named;
	return 0;
}

static int set_number(struct ed *e, int node, const char *prop, uint64_t v)
{
	unsigned char c[8];
	int rc;

	if (put_cells(c, e->sc, v))
		return fail(e, "%s 0x%" PRIx64 " does not fit in #size-cells = <1>", prop, v);
	if ((rc = fdt_setprop(e->fdt, node, prop, c, e->sc * 4)))
		return fdt_fail(e, prop, rc);
	return 0;
}

static int set_pair(struct ed *e, int node, const char *prop, uint64_t base, uint64_t size)
{
	unsigned char c[16];
	int rc;

	if (put_cells(c, e->ac, base) || put_cells(c + e->ac * 4, e->sc, size))
		return fail(e, "%s <0x%" PRIx64 " 0x%" PRIx64 "> does not fit in the root's cells "
			    "(%d, %d)", prop, base, size, e->ac, e->sc);
	if ((rc = fdt_setprop(e->fdt, node, prop, c, (e->ac + e->sc) * 4)))
		return fdt_fail(e, prop, rc);
	return 0;
}

/*
 * A new default pool; static ones get the base as unit address. libfdt
 * inserts each property first in its node, so they are added last-first
 * here and in finish_new() to read compatible, reusable, size, default.
 */
static int create_cma(struct ed *e, int rm, const struct cma_req *req)
{
	char name[48];
	int node, rc;

	if (req->is_static)
		snprintf(name, sizeof(name), "linux,cma@%" PRIx64, req->base);
	else
		snprintf(name, sizeof(name), "linux,cma");
	node = fdt_add_subnode(e->fdt, rm, name);
	if (node < 0)
		return fdt_fail(e, name, node);
	if ((rc = fdt_setprop(e->fdt, node, "linux,cma-default", NULL, 0)))
		return fdt_fail(e, name, rc);
	note(e, "created /reserved-memory/%s", name);
	return node;
}

static int finish_new(struct ed *e, int node)
{
	int rc = fdt_setprop(e->fdt, node, "reusable", NULL, 0);

	rc = rc ? rc : fdt_setprop_string(e->fdt, node, "compatible", "shared-dma-pool");
	return rc ? fdt_fail(e, "cannot fill the new node", rc) : 0;
}

/*
 * A node already called linux,cma that find_cma() did not take: a plain
 * reservation with only a size (some Amlogic DTBs), or a pool that is
 * disabled or not reusable. Without a compatible it becomes the pool; with
 * another compatible it is someone else's and we stop. make_default()
 * then makes it a usable default pool.
 * Return: 0 with *@node the node or -1 when there is none; -1 with the error set.
 */
static int adopt(struct ed *e, int rm, int *node)
{
	int len, rc;
	const char *compat;

	*node = fdt_subnode_offset(e->fdt, rm, "linux,cma");
	if (*node < 0) {
		*node = -1;
		return 0;
	}
	compat = fdt_getprop(e->fdt, *node, "compatible", &len);
	if (compat && !fdt_node_check_compatible(e->fdt, *node, "shared-dma-pool"))
		return 0;
	if (compat)
		return fail(e, "/reserved-memory/linux,cma exists with compatible \"%.*s\" and is no "
			    "CMA pool; fix it by hand", len > 0 ? (int)strnlen(compat, (size_t)len) : 0,
			    compat);
	if ((rc = fdt_setprop_string(e->fdt, *node, "compatible", "shared-dma-pool")))
		return fdt_fail(e, "/reserved-memory/linux,cma", rc);
	note(e, "/reserved-memory/linux,cma had no compatible (a plain reservation): made it a "
	     "shared-dma-pool");
	return 0;
}

/* A disabled node is skipped by the kernel (6.1 __fdt_scan_reserved_mem). */
static int enable(struct ed *e, int node)
{
	int len, rc;
	const char *status;

	if (dt_node_available(e->fdt, node))
		return 0;
	status = fdt_getprop(e->fdt, node, "status", &len);
	note(e, "status was \"%.*s\", so the kernel skipped the node: set it to \"okay\"",
	     status && len > 0 ? (int)strnlen(status, (size_t)len < 32 ? (size_t)len : 32) : 0,
	     status ? status : "");
	if ((rc = fdt_setprop_string(e->fdt, node, "status", "okay")))
		return fdt_fail(e, "cannot enable the node", rc);
	return 0;
}

/* rmem_cma_setup() (6.1) wants reusable and no no-map; default makes it THE area. */
static int make_default(struct ed *e, int node)
{
	int rc = 0;

	if (enable(e, node))
		return -1;
	if (fdt_getprop(e->fdt, node, "no-map", NULL))
		return fail(e, "/reserved-memory/%s has no-map: the kernel cannot use it for CMA",
			    fdt_get_name(e->fdt, node, NULL));
	if (!fdt_getprop(e->fdt, node, "reusable", NULL)) {
		rc = fdt_setprop(e->fdt, node, "reusable", NULL, 0);
		note(e, "added reusable (CMA needs it)");
	}
	if (!rc && !fdt_getprop(e->fdt, node, "linux,cma-default", NULL)) {
		rc = fdt_setprop(e->fdt, node, "linux,cma-default", NULL, 0);
		note(e, "added linux,cma-default: this pool becomes the default CMA area");
	}
	return rc ? fdt_fail(e, "cannot mark the node default", rc) : 0;
}

/* Memory check of a static region or an alloc-ranges window. */
static int check_memory(struct ed *e, const struct dtedit_opts *o, const char *what,
			uint64_t base, uint64_t size)
{
	struct range mem[MAX_RANGES];
	int n = memory_ranges(e, mem);

	if (!n) {
		if (!o->force)
			return fail(e, "the DT describes no usable /memory (the bootloader fills it "
				    "in at boot), so %s 0x%" PRIx64 "+0x%" PRIx64 " cannot be checked; "
				    "--force writes it anyway", what, base, size);
		note(e, "%s not checked against memory: the DT has no usable /memory", what);
		return 0;
	}
	if (!inside(mem, n, base, size) && !o->force)
		return fail(e, "%s 0x%" PRIx64 "+0x%" PRIx64 " is not inside any /memory range "
			    "(first: 0x%" PRIx64 "+0x%" PRIx64 ")", what, base, size,
			    mem[0].base, mem[0].size);
	return 0;
}

/* A unit address must follow reg (dtc's unit_address_vs_reg check). */
static int rename_unit(struct ed *e, int node, uint64_t base)
{
	const char *name = fdt_get_name(e->fdt, node, NULL);
	const char *at = name ? strchr(name, '@') : NULL;
	char nn[128];
	int rc;

	if (!at)
		return 0;
	snprintf(nn, sizeof(nn), "%.*s@%" PRIx64, (int)(at - name), name, base);
	if (!strcmp(nn, name))
		return 0;
	if ((rc = fdt_set_name(e->fdt, node, nn)))
		return fdt_fail(e, nn, rc);
	note(e, "renamed the node to %s to match its reg (the CMA area name changes too)", nn);
	return 0;
}

/* A fixed region: reg = <base size>, checked against memory and other reservations. */
static int set_static(struct ed *e, int rm, int node, const struct cma_req *req,
		      const struct dtedit_opts *o)
{
	struct range cur;
	uint64_t base;

	if (req->is_static)
		base = req->base;
	else if (reg_ranges(e, node, "reg", &cur, 1) == 1)
		base = cur.base;
	else
		return fail(e, "the CMA node's reg cannot be read with the root's cells (%d, %d)",
			    e->ac, e->sc);
	if (base % o->align)
		return fail(e, "base 0x%" PRIx64 " is not aligned to 0x%" PRIx64 " (the CMA pageblock "
			    "alignment): the kernel would reject the region", base, o->align);
	if (check_memory(e, o, "the region", base, req->size) ||
	    check_overlap(e, rm, node, base, req->size) ||
	    set_pair(e, node, "reg", base, req->size))
		return -1;
	if (fdt_getprop(e->fdt, node, "size", NULL)) {
		fdt_delprop(e->fdt, node, "size");
		note(e, "removed size: a reg fixes the region and the kernel ignores size then");
	}
	return rename_unit(e, node, base);
}

/*
 * The node's own alloc-ranges, kept: linux-6.1 drivers/of/of_reserved_mem.c
 * __reserved_mem_alloc_size() tries each window in turn and, when none holds
 * the size, prints "failed to allocate memory for node" and makes no area.
 * So a size larger than every window is refused (issue 11: 3G on the Pi 4's
 * 1 GiB window). Fitting is necessary, not enough: other reservations in the
 * window are only known at boot.
 */
static int check_kept_ranges(struct ed *e, int node, uint64_t size, const struct dtedit_opts *o)
{
	struct range ar[MAX_RANGES];
	int n = reg_ranges(e, node, "alloc-ranges", ar, MAX_RANGES);
	uint64_t widest = 0, at = 0;

	for (int i = 0; i < n; i++)
		if (ar[i].size >= size)
			return 0;
		else if (ar[i].size > widest)
			widest = ar[i].size, at = ar[i].base;
	if (!n)
		return 0;
	if (o->force) {
		note(e, "the node's alloc-ranges (widest window 0x%" PRIx64 ") cannot hold 0x%" PRIx64
		     " bytes: written anyway (--force); Linux will make no area from it", widest, size);
		return 0;
	}
	return fail(e, "the node's alloc-ranges (%d window%s, the widest 0x%" PRIx64 " bytes from 0x%"
		    PRIx64 ") cannot hold 0x%" PRIx64 " bytes: Linux would print \"failed to allocate "
		    "memory for node\" and make no CMA area; choose a smaller size or a new window "
		    "with --base/--limit", n, n == 1 ? "" : "s", widest, at, size);
}

/* A placed-by-the-kernel region: size, and alloc-ranges from --base/--limit. */
static int set_dynamic(struct ed *e, int node, const struct cma_req *req,
		       const struct dtedit_opts *o)
{
	struct range mem[MAX_RANGES];
	uint64_t base = req->base;

	if (set_number(e, node, "size", req->size))
		return -1;
	if (!req->has_limit)
		return check_kept_ranges(e, node, req->size, o);
	if (!req->has_base)	/* "below --limit": from the start of memory */
		base = memory_ranges(e, mem) ? mem[0].base : 0;
	if (req->limit <= base || req->limit - base < req->size)
		return fail(e, "alloc-ranges 0x%" PRIx64 "..0x%" PRIx64 " cannot hold 0x%" PRIx64
			    " bytes", base, req->limit, req->size);
	if (check_memory(e, o, "alloc-ranges", base, req->limit - base))
		return -1;
	return set_pair(e, node, "alloc-ranges", base, req->limit - base);
}

static int remove_cma(struct ed *e)
{
	int rm = fdt_path_offset(e->fdt, "/reserved-memory"), node, rc;

	node = -1;
	if (rm >= 0 && find_cma(e, rm, &node))
		return -1;
	if (node < 0 || !fdt_getprop(e->fdt, node, "linux,cma-default", NULL)) {
		e->res->nothing = true;
		free(e->fdt);
		e->fdt = NULL;
		return 0;
	}
	fdt_get_path(e->fdt, node, e->res->node, sizeof(e->res->node));
	if ((rc = fdt_del_node(e->fdt, node)))
		return fdt_fail(e, e->res->node, rc);
	note(e, "removed %s", e->res->node);
	return ed_finish(e);
}

static int edit_cma(struct ed *e, const struct cma_req *req, const struct dtedit_opts *o)
{
	bool created;
	int rm, node = -1;	/* find_cma() sets it; -1 keeps clang-analyzer sure of it */

	if (e->ac < 1 || e->ac > 2 || e->sc < 1 || e->sc > 2)
		return fail(e, "the root's #address-cells %d / #size-cells %d are not 1 or 2",
			    e->ac, e->sc);
	if (req->remove)
		return remove_cma(e);
	if (!req->size)
		return fail(e, "size 0: a CMA area cannot be empty");
	if ((rm = reserved_memory(e)) < 0)
		return -1;
	if (find_cma(e, rm, &node) || (node < 0 && adopt(e, rm, &node)))
		return -1;
	created = node < 0;
	if (created && (node = create_cma(e, rm, req)) < 0)
		return -1;
	if (req->is_static || fdt_getprop(e->fdt, node, "reg", NULL)) {
		if (!req->is_static && req->has_limit)
			return fail(e, "%s has a fixed reg: resize it without --base/--limit, move it "
				    "with --static --base, or unset it first",
				    fdt_get_name(e->fdt, node, NULL));
		if (set_static(e, rm, node, req, o))
			return -1;
	} else if (set_dynamic(e, node, req, o)) {
		return -1;
	}
	if (created ? finish_new(e, node) : make_default(e, node))
		return -1;
	fdt_get_path(e->fdt, node, e->res->node, sizeof(e->res->node));
	return ed_finish(e);
}

int dtedit_cma(const void *blob, size_t len, const struct cma_req *req,
	       const struct dtedit_opts *o, struct dtedit_result *res, char *err, size_t errlen)
{
	struct ed e = { .res = res, .err = err, .errlen = errlen };

	memset(res, 0, sizeof(*res));
	if (ed_open(&e, blob, len, ROOM))
		return -1;
	if (edit_cma(&e, req, o)) {
		free(e.fdt);	/* NULL once ed_finish() has failed */
		return -1;
	}
	return 0;
}

int dtedit_bootargs(const void *blob, size_t len, const char *arg, struct dtedit_result *res,
		    char *err, size_t errlen)
{
	struct ed e = { .res = res, .err = err, .errlen = errlen };
	const char *old = NULL;
	int chosen, l = 0, rc;
	char *nl;
	size_t n;

	memset(res, 0, sizeof(*res));
	if (ed_open(&e, blob, len, ROOM + (arg ? strlen(arg) : 0)))
		return -1;
	snprintf(res->node, sizeof(res->node), "/chosen");
	chosen = fdt_path_offset(e.fdt, "/chosen");
	if (chosen >= 0)
		old = fdt_getprop(e.fdt, chosen, "bootargs", &l);
	if (!old && !arg) {
		res->nothing = true;
		free(e.fdt);
		return 0;
	}
	if (chosen < 0 && (chosen = fdt_add_subnode(e.fdt, 0, "chosen")) < 0) {
		free(e.fdt);
		return fdt_fail(&e, "cannot add /chosen", chosen);
	}
	if (cmdline_edit(old ? old : "", old && l > 0 ? strnlen(old, (size_t)l) : 0, arg,
			      &nl, &n)) {
		free(e.fdt);
		return fail(&e, "out of memory");
	}
	rc = fdt_setprop_string(e.fdt, chosen, "bootargs", nl);
	free(nl);
	if (rc) {
		free(e.fdt);
		return fdt_fail(&e, "/chosen/bootargs", rc);
	}
	return ed_finish(&e);
}

int dtedit_pack(const void *blob, size_t len, void **out, size_t *outlen, char *err, size_t errlen)
{
	struct dtedit_result res = { 0 };
	struct ed e = { .res = &res, .err = err, .errlen = errlen };

	if (ed_open(&e, blob, len, 0) || ed_finish(&e))
		return -1;
	*out = res.blob;
	*outlen = res.len;
	return 0;
}

/* ---- DTS text for diffs ---- */

/* Indentation as dtc prints it; fdt_check_full() bounds the depth far below this. */
static const char TABS[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

struct tbuf { char *p; size_t n, cap; bool oom; };

static void tprintf(struct tbuf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tprintf(struct tbuf *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p ? t->p + t->n : NULL, t->p ? t->cap - t->n : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if (t->p && t->n + (size_t)n < t->cap) {
			t->n += (size_t)n;
			return;
		}
		size_t cap = t->cap ? t->cap * 2 : 4096;
		while (cap < t->n + (size_t)n + 1)
			cap *= 2;
		char *np = realloc(t->p, cap);
		if (!np) {
			t->oom = true;
			return;
		}
		t->p = np, t->cap = cap;
	}
}

/* dtc's guess: NUL-terminated printable strings, none empty. */
static bool looks_like_strings(const char *v, int len)
{
	if (len < 1 || v[len - 1] || !v[0])
		return false;
	for (int i = 0; i < len; i++) {
		if (!v[i] && i + 1 < len && !v[i + 1])
			return false;
		if (v[i] && !isprint((unsigned char)v[i]))
			return false;
	}
	return true;
}

static void print_value(struct tbuf *t, const char *v, int len)
{
	if (looks_like_strings(v, len)) {
		tprintf(t, " = \"");
		for (int i = 0; i < len - 1; i++)
			if (!v[i])
				tprintf(t, "\", \"");
			else
				tprintf(t, "%s%c", v[i] == '"' || v[i] == '\\' ? "\\" : "", v[i]);
		tprintf(t, "\"");
	} else if (len % 4 == 0) {
		tprintf(t, " = <");
		for (int i = 0; i < len; i += 4)
			tprintf(t, "%s0x%" PRIx64, i ? " " : "",
				get_cells((const unsigned char *)v + i, 1));
		tprintf(t, ">");
	} else {
		tprintf(t, " = [");
		for (int i = 0; i < len; i++)
			tprintf(t, "%s%02x", i ? " " : "", (unsigned char)v[i]);
		tprintf(t, "]");
	}
}

static void print_node(struct tbuf *t, const void *fdt, int node, int depth)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int prop, child;

	tprintf(t, "%.*s%s {\n", depth, TABS, depth ? name : "/");
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *pn;
		int len;
		const char *v = fdt_getprop_by_offset(fdt, prop, &pn, &len);

		if (!v)
			continue;
		tprintf(t, "%.*s%s", depth + 1, TABS, pn);
		if (len > 0)
			print_value(t, v, len);
		tprintf(t, ";\n");
	}
	fdt_for_each_subnode(child, fdt, node) {
		tprintf(t, "\n");
		print_node(t, fdt, child, depth + 1);
	}
	tprintf(t, "%.*s};\n", depth, TABS);
}

int dt_text(const void *blob, size_t len, char **out, size_t *outlen)
{
	struct tbuf t = { 0 };
	char err[8];
	int n;

	if (dt_validate(blob, len, err, sizeof(err)))
		return -1;
	tprintf(&t, "/dts-v1/;\n\n");
	n = fdt_num_mem_rsv(blob);
	for (int i = 0; i < n; i++) {
		uint64_t a, s;

		if (!fdt_get_mem_rsv(blob, i, &a, &s))
			tprintf(&t, "/memreserve/ 0x%" PRIx64 " 0x%" PRIx64 ";\n", a, s);
	}
	if (n > 0)
		tprintf(&t, "\n");
	print_node(&t, blob, 0, 0);
	if (t.oom) {
		free(t.p);
		return -1;
	}
	*out = t.p;
	*outlen = t.n;
	return 0;
}
