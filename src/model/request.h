/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `cmactl set` asks for, the same for every layer. Pure. */
#ifndef CMACTL_MODEL_REQUEST_H
#define CMACTL_MODEL_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cma_req {
	bool remove;			/* unset: take the layer's setting out */
	uint64_t size;			/* bytes, already validated and aligned */
	bool has_base, has_limit;	/* --base / --limit */
	uint64_t base, limit;
	bool is_static;			/* --static: a fixed reg at --base */
};

/**
 * cmareq_align() - the alignment `set` enforces for a CMA size and base.
 * linux-6.1 include/linux/cma.h: CMA_MIN_ALIGNMENT_BYTES is one pageblock;
 * on arm64 that is 2 MiB (4K pages, CONFIG_HUGETLB_PAGE) or 4 MiB (without),
 * and before 5.19 it was max(MAX_ORDER-1, pageblock_order), 4 MiB. We use
 * the largest so a value is valid for every configuration of the page size.
 * @page_size: bytes (4K, 16K or 64K; anything else counts as 4K).
 * Return: the alignment in bytes (4 MiB, 32 MiB, 512 MiB).
 */
uint64_t cmareq_align(uint64_t page_size);

/**
 * cmareq_arg() - the kernel argument for @req: "cma=64M", "cma=64M@0x40000000",
 * "cma=64M@0x40000000-0x80000000" (linux-6.1 early_cma syntax).
 */
void cmareq_arg(const struct cma_req *req, char *buf, size_t len);
#endif
