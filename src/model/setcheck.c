// SPDX-License-Identifier: GPL-2.0-or-later
/* The checks `cmactl set` makes on SIZE before any file is touched (setcheck.h). */
#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "model/size.h"
#include "model/setcheck.h"


/*
 * A refusal of SIZE or --base themselves: whatever the files say, the command line
 * cannot be right, so it is a usage error (exit 2, like a SIZE that does not parse).
 */
static enum setcheck_result refuse(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum setcheck_result refuse(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return SETCHECK_USAGE;
}

/* Does SIZE end in a unit (K, M, G, T, iB, B, p, pages)? "256" and "0x100" do not. */
static bool has_unit(const char *text)
{
	size_t n = strlen(text);
	bool hex = n > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');

	return n && !(hex ? isxdigit : isdigit)((unsigned char)text[n - 1]);
}

enum setcheck_result setcheck_size(const char *text, const struct layer *l, uint64_t page_size,
				   struct cma_req *req, struct setcheck_size *out, char *err,
				   size_t errlen)
{
	uint64_t align = cmareq_align(page_size), v, size;
	char a[32];

	out->known = false;
	if (size_parse(text, page_size, &v, err, errlen) < 0)
		return SETCHECK_USAGE;
	if (!v)
		return refuse(err, errlen, "size 0: a CMA area cannot be empty (to take a layer's "
			      "setting out, use 'cmactl unset --via %s')", l->name);
	/*
	 * A bare number is bytes, as in the kernel's memparse(): "cma=256" asks
	 * for 256 bytes, which rounding would silently make one pageblock. No CMA
	 * area is below 1 MiB, so such a SIZE is a forgotten unit, not a wish.
	 */
	if (!has_unit(text) && v < MiB) {
		if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
			refuse(err, errlen, "SIZE %s has no unit, so it is %" PRIu64 " bytes, less "
			       "than 1 MiB: no CMA area is that small; write the size with a unit "
			       "(e.g. 256M)", text, v);
		else
			refuse(err, errlen, "SIZE %s has no unit, so it is %" PRIu64 " bytes (a bare "
			       "number is bytes, as in the kernel's cma=), less than 1 MiB: surely "
			       "%sM (%s MiB) was meant; write the unit", text, v, text, text);
		return SETCHECK_USAGE;
	}
	if (l->whole_mib && v % MiB)
		return refuse(err, errlen, "%s is not a whole number of MiB: CONFIG_CMA_SIZE_MBYTES "
			      "cannot hold it", text);
	size = v % align ? v / align * align + align : v;
	if (size < v)	/* rounding up wrapped around */
		return refuse(err, errlen, "%s: size too large", text);
	*out = (struct setcheck_size){ true, v, size, align };
	size_format(align, a, sizeof(a));
	if (req->has_base && req->base % align)
		return refuse(err, errlen, "--base 0x%" PRIx64 " is not aligned to %s (the kernel "
			      "rejects a misaligned CMA region)", req->base, a);
	req->size = size;
	return SETCHECK_OK;
}

enum setcheck_result setcheck_memory(const struct cma_req *req, uint64_t mem, bool force,
				     const struct cma_dt *target, const struct cma_sources *s,
				     bool *unknown, bool *foreign, char *err, size_t errlen)
{
	const char *from = "--mem";
	const struct cma_dt *dt = NULL;	/* the DT whose /memory is the size */
	char a[32], b[32];

	*unknown = false;
	*foreign = target && !(s->dt_st.present && s->dt_booted &&
			       !strcmp(target->compatible, s->dt.compatible));
	if (!mem && target && target->memory_bytes)
		mem = target->memory_bytes, from = "the DT's /memory", dt = target;
	else if (!mem && *foreign)
		;	/* this system's memory says nothing of another board's */
	else if (!mem && s->dt_st.present && s->dt.memory_bytes)
		mem = s->dt.memory_bytes, from = "the booted DT's /memory", dt = &s->dt;
	else if (!mem && s->meminfo.has_memtotal)
		mem = s->meminfo.memtotal_bytes, from = "MemTotal";
	if (!mem) {
		*unknown = true;
		return SETCHECK_OK;
	}
	size_format(req->size, a, sizeof(a));
	size_format(mem, b, sizeof(b));
	if (req->size >= mem && !force)
		return snprintf(err, errlen, "%s is not smaller than the memory (%s, from %s); --force "
			      "to write it anyway", a, b, from), SETCHECK_FAIL;
	/* one area is one contiguous block: it cannot span a hole between banks */
	if (dt && dt->memory_runs > 1 && dt->memory_largest_run &&
	    req->size > dt->memory_largest_run && !force) {
		size_format(dt->memory_largest_run, b, sizeof(b));
		return snprintf(err, errlen, "%s does not fit in one run of memory: %s has %d runs "
				"with holes between them, the largest %s, and a CMA area is one "
				"contiguous block (the kernel would print \"cma: Failed to reserve\"); "
				"--force to write it anyway", a, from, dt->memory_runs, b),
		       SETCHECK_FAIL;
	}
	if (req->has_limit && req->limit <= req->base)
		return refuse(err, errlen, "--limit must be above --base");
	return SETCHECK_OK;
}
