// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the DTB editor behind `cmactl set --via dts|bootargs` on
 * arbitrary bytes. The first two bytes pick the request (size, --base,
 * --limit, --static, --remove, --force, page size, dts or bootargs); the
 * rest is the input DTB. It must never crash, and any DTB it hands back
 * must pass fdt_check_full(), read back with dt_parse() and, for a set,
 * hold the requested size where the kernel will look for it.
 */
#include <libfdt.h>
#include "fuzz.h"
#include "model/dt.h"
#include "model/dtedit.h"

static const uint64_t sizes[] = { 64ull << 20, 4ull << 20, 1ull << 30, 96ull << 20 };

/* The new blob is sound, and what dt_parse() reads from it matches the request. */
static void check_result(const struct dtedit_result *res, const struct cma_req *req, bool dts)
{
	static struct cma_dt dt;
	char err[200];
	void *copy;

	if (!res->blob)
		return;
	FUZZ_ASSERT(res->len >= sizeof(struct fdt_header) && res->len < (1u << 30));
	FUZZ_ASSERT(fdt_check_full(res->blob, res->len) == 0);
	FUZZ_ASSERT(fdt_totalsize(res->blob) == res->len);
	/* an exact-size copy: the reader must not look past totalsize either */
	copy = aligned_alloc(8, (res->len + 7) & ~(size_t)7);
	if (!copy)
		abort();
	memcpy(copy, res->blob, res->len);
	FUZZ_ASSERT(dt_parse(copy, res->len, &dt, err, sizeof(err)) == 0);
	if (dts && !req->remove && !req->is_static) {
		int def = -1, ndef = 0;

		/* exactly one usable default pool: dtedit refuses a DT with several
		 * (RELIABILITY.md F5) and enables a disabled one (F7); dt_parse()
		 * keeps only CMA_MAX_POOLS, so a crowded node may hide it */
		for (int i = 0; i < dt.npools; i++)
			if (dt.pools[i].is_default && dt.pools[i].reusable && !dt.pools[i].no_map)
				def = i, ndef++;
		FUZZ_ASSERT(ndef == 1 || (ndef == 0 && dt.npools == CMA_MAX_POOLS));
		/* a dynamic node gets size; a static one keeps its reg, resized */
		if (def >= 0)
			FUZZ_ASSERT((dt.pools[def].has_size || dt.pools[def].has_reg) &&
				    cma_dt_pool_bytes(&dt.pools[def]) == req->size);
	}
	if (!dts && !req->remove)
		FUZZ_ASSERT(dt.has_bootargs && dt.bootargs.has_cma && dt.bootargs.size == req->size);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cma_req req = { 0 };
	struct dtedit_opts o;
	struct dtedit_result res;
	char err[200], arg[96];
	void *blob, *packed = NULL;
	size_t blen, plen = 0;
	unsigned a, b;
	bool dts;

	if (size < 2)
		return 0;
	a = data[0], b = data[1];
	blen = size - 2;
	blob = aligned_alloc(8, (blen + 7) & ~(size_t)7 ? (blen + 7) & ~(size_t)7 : 8);
	if (!blob)
		abort();
	memcpy(blob, data + 2, blen);

	req.size = sizes[a & 3];
	req.remove = a & 4;
	req.has_base = a & 8;
	req.base = 0x40000000ull + (uint64_t)(b & 0x0f) * (32ull << 20);
	req.has_limit = a & 16;
	req.limit = req.base + (b & 0x10 ? (256ull << 20) : (2ull << 30));
	req.is_static = req.has_base && (a & 32);
	o.align = cmareq_align(b & 0x20 ? 65536 : 4096);
	o.force = b & 0x40;
	dts = !(a & 64);

	err[0] = '\0';
	if (dts) {
		if (dtedit_cma(blob, blen, &req, &o, &res, err, sizeof(err)) == 0) {
			check_result(&res, &req, true);
			free(res.blob);
		} else {
			FUZZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0]);
		}
	} else {
		cmareq_arg(&req, arg, sizeof(arg));
		if (dtedit_bootargs(blob, blen, req.remove ? NULL : arg, &res, err, sizeof(err)) == 0) {
			check_result(&res, &req, false);
			free(res.blob);
		} else {
			FUZZ_ASSERT(memchr(err, 0, sizeof(err)) && err[0]);
		}
	}
	if (a & 128 && !dtedit_pack(blob, blen, &packed, &plen, err, sizeof(err))) {
		FUZZ_ASSERT(fdt_check_full(packed, plen) == 0);
		free(packed);
	}
	free(blob);
	return 0;
}
