// SPDX-License-Identifier: GPL-2.0-or-later
/* What `cmactl set` asks for, as a size alignment and a cma= argument (request.h). */
#include <inttypes.h>
#include <stdio.h>
#include "common.h"
#include "model/request.h"

uint64_t cmareq_align(uint64_t page_size)
{
	/* arm64 pageblock at its largest: order 10 (4K), 11 (16K), 13 (64K) */
	if (page_size == 16384)
		return page_size << 11;
	if (page_size == 65536)
		return page_size << 13;
	return (uint64_t)4096 << 10;
}

static void fmt_size(uint64_t v, char *buf, size_t len)
{
	if (v && v % MiB == 0)
		snprintf(buf, len, "%" PRIu64 "M", v / MiB);
	else if (v && v % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "K", v / 1024);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

void cmareq_arg(const struct cma_req *req, char *buf, size_t len)
{
	char sz[32];

	fmt_size(req->size, sz, sizeof(sz));
	if (req->has_base && req->has_limit && !req->is_static)
		snprintf(buf, len, "cma=%s@0x%" PRIx64 "-0x%" PRIx64, sz, req->base, req->limit);
	else if (req->has_base)
		snprintf(buf, len, "cma=%s@0x%" PRIx64, sz, req->base);
	else if (req->has_limit)	/* early_cma: a limit needs a base; 0 is "anywhere below" */
		snprintf(buf, len, "cma=%s@0-0x%" PRIx64, sz, req->limit);
	else
		snprintf(buf, len, "cma=%s", sz);
}
