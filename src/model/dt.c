// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device-tree reader: validates an in-memory FDT blob, then reads what the
 * kernel's early reserved-memory and memory scans would read (shared-dma-pool
 * children of /reserved-memory, /chosen/bootargs, /memory) into struct cma_dt.
 * Pure: no file I/O; libfdt errors become text here, at the edge.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "model/dt.h"
#include "model/lines.h"
#include "model/cmdline.h"

/*
 * Root cell defaults when the root node has no #address-cells/#size-cells.
 * The DT specification says 2 and 1, but Linux (6.1 drivers/of/of_private.h,
 * OF_ROOT_NODE_*_CELLS_DEFAULT, non-SPARC) uses 1 and 1; we model the kernel.
 */
#define ROOT_ADDR_CELLS_DEFAULT	1
#define ROOT_SIZE_CELLS_DEFAULT	1

/* Cell counts we can turn into a uint64_t. */
#define CELLS_OK(n)	((n) >= 1 && (n) <= 2)

struct cells {
	int addr, size;		/* the root's, used for every node we read */
};

static void set_err(char *err, size_t errlen, const char *what, int fdterr)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, fdt_strerror(fdterr));
}

/* Big-endian cells at @p (not necessarily aligned) as one number. */
static uint64_t read_cells(const void *p, int ncells)
{
	const unsigned char *b = p;
	uint64_t v = 0;

	for (int i = 0; i < ncells * 4; i++)
		v = (v << 8) | b[i];
	return v;
}

/*
 * Copy a DT string of at most @len bytes (the property length: DT strings
 * need not be NUL-terminated in a hostile blob) into @dst, cutting at a
 * UTF-8 character boundary when it does not fit.
 */
static void copy_dt_string(char *dst, size_t dstlen, const char *src, int len)
{
	size_t n = len > 0 ? strnlen(src, (size_t)len) : 0;

	if (n >= dstlen) {
		n = dstlen - 1;
		/* don't leave half a multi-byte sequence behind */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * A one-cell property such as #size-cells: @dflt if absent, -1 if malformed
 * (so pass a @dflt other than -1 when "absent" must differ from "bad").
 */
static int u32_prop(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return dflt;
	if (len != 4)
		return -1;
	uint64_t v = read_cells(p, 1);
	return v > 64 ? -1 : (int)v;
}

/* The kernel's of_fdt_device_is_available(): no status, "okay" or "ok". */
bool dt_node_available(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	if (!s)
		return true;
	size_t n = len > 0 ? strnlen(s, (size_t)len) : 0;
	return (n == 4 && !memcmp(s, "okay", 4)) || (n == 2 && !memcmp(s, "ok", 2));
}

static bool has_prop(const void *fdt, int node, const char *name)
{
	return fdt_getprop(fdt, node, name, NULL) != NULL;
}

/*
 * The first (address, size) pair of a reg-like property. Like the 6.1
 * kernel (__reserved_mem_reserve_reg, __reserved_mem_alloc_size), a length
 * that is not a whole number of pairs makes the property invalid.
 */
static bool first_pair(const void *fdt, int node, const char *name,
		       const struct cells *c, uint64_t *base, uint64_t *size)
{
	int len;
	const unsigned char *p = fdt_getprop(fdt, node, name, &len);
	int pair = (c->addr + c->size) * 4;

	if (!p || !CELLS_OK(c->addr) || !CELLS_OK(c->size))
		return false;
	if (len < pair || len % pair)
		return false;
	*base = read_cells(p, c->addr);
	*size = read_cells(p + c->addr * 4, c->size);
	return true;
}

/* A single number of exactly @ncells cells (size, alignment). */
static bool one_number(const void *fdt, int node, const char *name, int ncells, uint64_t *v)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || !CELLS_OK(ncells) || len != ncells * 4)
		return false;
	*v = read_cells(p, ncells);
	return true;
}

static void read_pool(const void *fdt, int node, const struct cells *c, struct cma_dt_pool *pool)
{
	int len;
	const char *name = fdt_get_name(fdt, node, &len);

	if (name)
		copy_dt_string(pool->name, sizeof(pool->name), name, len);
	pool->shared_dma_pool = true;
	pool->is_default = has_prop(fdt, node, "linux,cma-default");
	pool->reusable = has_prop(fdt, node, "reusable");
	pool->no_map = has_prop(fdt, node, "no-map");
	pool->has_size = one_number(fdt, node, "size", c->size, &pool->size);
	/* alignment is read with #address-cells (6.1 __reserved_mem_alloc_size) */
	pool->has_alignment = one_number(fdt, node, "alignment", c->addr, &pool->alignment);
	pool->has_reg = first_pair(fdt, node, "reg", c, &pool->reg_base, &pool->reg_size);
	pool->has_alloc_ranges = first_pair(fdt, node, "alloc-ranges", c,
					    &pool->ar_base, &pool->ar_size);
}

/* A disabled pool that would be a CMA area: status says why it is not there. */
static void note_disabled(const void *fdt, int node, struct cma_dt *dt)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	if (!has_prop(fdt, node, "reusable") && !has_prop(fdt, node, "linux,cma-default"))
		return;
	if (dt->ndisabled < (int)(sizeof(dt->disabled) / sizeof(dt->disabled[0])))
		str_copy(dt->disabled[dt->ndisabled], sizeof(dt->disabled[0]), name ? name : "?");
	dt->ndisabled++;
}

/*
 * Linux 6.1 (drivers/of/fdt.c, fdt_scan_reserved_mem and
 * __reserved_mem_check_root) reads every /reserved-memory child with the
 * ROOT's #address-cells/#size-cells, and ignores the whole node ("Reserved
 * memory: unsupported node format, ignoring") unless it has its own
 * #address-cells and #size-cells equal to the root's, and a ranges
 * property. There are no defaults for the node itself. Children whose
 * status is not okay are skipped. We report what that kernel would see, so
 * a rejected node yields no pools.
 */
static void read_reserved_memory(const void *fdt, const struct cells *c, struct cma_dt *dt)
{
	int rm = fdt_path_offset(fdt, "/reserved-memory");
	int child;

	if (rm < 0)
		return;
	if (u32_prop(fdt, rm, "#address-cells", -2) != c->addr ||
	    u32_prop(fdt, rm, "#size-cells", -2) != c->size ||
	    !has_prop(fdt, rm, "ranges"))
		return;

	fdt_for_each_subnode(child, fdt, rm) {
		if (dt->npools >= CMA_MAX_POOLS)
			break;
		/* 0 = compatible list contains it; bounded by the property length */
		if (fdt_node_check_compatible(fdt, child, "shared-dma-pool") != 0)
			continue;
		if (!dt_node_available(fdt, child)) {
			note_disabled(fdt, child, dt);
			continue;
		}
		read_pool(fdt, child, c, &dt->pools[dt->npools++]);
	}
}

/*
 * A memory node: device_type "memory" (what 6.1 early_init_dt_scan_memory
 * requires), or, when device_type is missing, a node named memory or
 * memory@...: dtc warns about those but many hand-written DTs have them.
 */
bool dt_is_memory_node(const void *fdt, int node)
{
	int len;
	const char *type = fdt_getprop(fdt, node, "device_type", &len);
	const char *name;

	if (type)
		return len >= 6 && strnlen(type, (size_t)len) == 6 && !memcmp(type, "memory", 6);
	name = fdt_get_name(fdt, node, &len);
	if (!name)
		return false;
	return (len == 6 && !memcmp(name, "memory", 6)) ||
	       (len > 7 && !memcmp(name, "memory@", 7));
}

/*
 * The /memory nodes' total (the sum of their reg sizes, read with the
 * root's cells; a trailing partial entry is ignored, as 6.1 does; saturates
 * rather than wraps; 0 when absent or left for the bootloader to fill),
 * their span when they make one run without holes
 * (lowest base, for the windows `set` checks: model/target.c), and the
 * largest run: the default area and a DT pool are one physically contiguous
 * block that memblock finds inside one run of memory (kernel/dma/contiguous.c
 * dma_contiguous_reserve_area() -> mm/cma.c cma_declare_contiguous_nid() ->
 * memblock_alloc_range_nid(); of_reserved_mem's dynamic allocation the same;
 * 4.x-7.2: the multi-range cma_declare_contiguous_multi() of 6.15 serves only
 * hugetlb_cma=), so no such area is larger than that.
 * Banks that touch or overlap are one run, as memblock merges them. Past
 * DT_MAX_RANGES ranges the run is not known (0).
 */
#define DT_MAX_RANGES 64

struct mem_range {
	uint64_t base, end;
};

static int range_cmp(const void *a, const void *b)
{
	const struct mem_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

static void memory_runs(struct mem_range *r, int n, struct cma_dt *dt)
{
	uint64_t base, end;

	if (n <= 0)
		return;
	qsort(r, (size_t)n, sizeof(*r), range_cmp);
	base = r[0].base, end = r[0].end;
	dt->memory_runs = 1;
	for (int i = 1; i <= n; i++) {
		if (i < n && r[i].base <= end) {
			end = r[i].end > end ? r[i].end : end;
			continue;
		}
		if (end - base > dt->memory_largest_run)
			dt->memory_largest_run = end - base;
		if (dt->memory_nrun < CMA_MAX_MEM_RUNS)
			dt->memory_run[dt->memory_nrun++] = (struct cma_mem_run){ base, end };
		if (i == n)
			break;
		dt->memory_runs++;
		base = r[i].base, end = r[i].end;
	}
}

static uint64_t read_memory(const void *fdt, const struct cells *c, struct cma_dt *dt)
{
	uint64_t total = 0, lo = UINT64_MAX, hi = 0;
	struct mem_range ranges[DT_MAX_RANGES];
	int node, n = 0;

	if (!CELLS_OK(c->addr) || !CELLS_OK(c->size))
		return 0;
	fdt_for_each_subnode(node, fdt, 0) {
		int len, pair = (c->addr + c->size) * 4;
		const unsigned char *reg;

		if (!dt_is_memory_node(fdt, node) || !dt_node_available(fdt, node))
			continue;
		reg = fdt_getprop(fdt, node, "reg", &len);
		for (int off = 0; reg && off + pair <= len; off += pair) {
			uint64_t base = read_cells(reg + off, c->addr);
			uint64_t sz = read_cells(reg + off + c->addr * 4, c->size);

			total = sz > UINT64_MAX - total ? UINT64_MAX : total + sz;
			if (!sz || sz > UINT64_MAX - base)
				continue;
			lo = base < lo ? base : lo;
			hi = base + sz > hi ? base + sz : hi;
			if (n >= 0 && n < DT_MAX_RANGES)
				ranges[n++] = (struct mem_range){ base, base + sz };
			else
				n = -1;	/* too many to sort here: the run stays unknown */
		}
	}
	dt->memory_one_run = total && lo < hi && hi - lo == total;
	dt->memory_base = dt->memory_one_run ? lo : 0;
	memory_runs(ranges, n, dt);
	return total;
}

static void read_root_and_chosen(const void *fdt, struct cma_dt *dt)
{
	int len, chosen;
	const char *s;

	s = fdt_getprop(fdt, 0, "model", &len);
	if (s)
		copy_dt_string(dt->model, sizeof(dt->model), s, len);
	s = fdt_getprop(fdt, 0, "compatible", &len);
	if (s)	/* the first string of the list */
		copy_dt_string(dt->compatible, sizeof(dt->compatible), s, len);

	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return;
	s = fdt_getprop(fdt, chosen, "bootargs", &len);
	if (!s)
		return;
	dt->has_bootargs = true;
	cmdline_parse(s, len > 0 ? strnlen(s, (size_t)len) : 0, &dt->bootargs);
}

/*
 * Everything libfdt needs before it may walk a blob we did not write:
 * a whole header, a sane header, the blob inside the buffer, and then a
 * full structural check so later walks stay in bounds.
 */
/*
 * libfdt 1.6.1 (Debian 12) adds a property's length to an int offset without
 * an overflow check in fdt_next_tag(): a length near 4 GiB wraps the offset
 * backwards and fdt_check_full() loops forever (fuzz/hangs/check-full-loop.dtb).
 * Walk the structure block once ourselves, forward only, before libfdt does.
 */
static int struct_block_sane(const void *blob)
{
	uint64_t off = fdt_off_dt_struct(blob), total = fdt_totalsize(blob), end, n;
	const char *p = blob;

	end = fdt_version(blob) >= 17 ? off + fdt_size_dt_struct(blob) : total;
	if (off > total || end > total)
		return -FDT_ERR_TRUNCATED;
	while (off + 4 <= end) {
		uint32_t tag = fdt32_ld((const fdt32_t *)(p + off));

		off += 4;
		if (tag == FDT_END)
			return 0;
		if (tag == FDT_BEGIN_NODE) {
			n = strnlen(p + off, (size_t)(end - off));
			if (off + n >= end)
				return -FDT_ERR_TRUNCATED;
			off += (n + 1 + 3) & ~(uint64_t)3;
		} else if (tag == FDT_PROP) {
			if (off + 8 > end)
				return -FDT_ERR_TRUNCATED;
			n = fdt32_ld((const fdt32_t *)(p + off));
			off += 8;
			if (n > end - off)
				return -FDT_ERR_BADSTRUCTURE;
			off += (n + 3) & ~(uint64_t)3;
		} else if (tag != FDT_END_NODE && tag != FDT_NOP) {
			return -FDT_ERR_BADSTRUCTURE;
		}
	}
	return -FDT_ERR_TRUNCATED;
}

/*
 * Device-tree source given where a blob is wanted: "/dts-v1/;" opens every .dts that
 * dtc accepts (dtc's own check), after blanks and comments. Only the first 4 KiB are
 * looked at, and only while they are text.
 */
static bool is_dts(const char *p, size_t len)
{
	static const char tag[] = "/dts-v1/";
	size_t n = len < 4096 ? len : 4096;

	for (size_t i = 0; i + sizeof(tag) - 1 <= n; i++) {
		if (!memcmp(p + i, tag, sizeof(tag) - 1))
			return true;
		if (p[i] == '\0' || (unsigned char)p[i] >= 0x80)
			return false;
	}
	return false;
}

int dt_validate(const void *blob, size_t len, char *err, size_t errlen)
{
	int rc;

	if (blob && is_dts(blob, len)) {
		if (err && errlen)
			snprintf(err, errlen, "device-tree source (.dts), not a blob: compile it "
				 "first, e.g. dtc -I dts -O dtb -o board.dtb board.dts");
		return -1;
	}
	if (!blob || len < sizeof(struct fdt_header)) {
		set_err(err, errlen, "not a device tree blob (shorter than its header)",
			-FDT_ERR_TRUNCATED);
		return -1;
	}
	rc = fdt_check_header(blob) ?: (fdt_version(blob) < 16 ? -FDT_ERR_BADVERSION : 0);
	if (rc) {
		set_err(err, errlen, "not a device tree blob", rc);
		return -1;
	}
	if (fdt_totalsize(blob) > len) {
		char what[96];

		snprintf(what, sizeof(what), "device tree blob cut short (header says %u bytes, have %zu)",
			 fdt_totalsize(blob), len);
		set_err(err, errlen, what, -FDT_ERR_TRUNCATED);
		return -1;
	}
	rc = struct_block_sane(blob) ?: fdt_check_full(blob, len);
	if (rc) {
		set_err(err, errlen, "corrupt device tree blob", rc);
		return -1;
	}
	return 0;
}

int dt_parse(const void *blob, size_t len, struct cma_dt *out, char *err, size_t errlen)
{
	struct cells c;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	if (dt_validate(blob, len, err, errlen))
		return -1;

	c.addr = u32_prop(blob, 0, "#address-cells", ROOT_ADDR_CELLS_DEFAULT);
	c.size = u32_prop(blob, 0, "#size-cells", ROOT_SIZE_CELLS_DEFAULT);
	read_root_and_chosen(blob, out);
	read_reserved_memory(blob, &c, out);
	out->memory_bytes = read_memory(blob, &c, out);
	return 0;
}
