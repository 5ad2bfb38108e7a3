/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The checks `cmactl set` makes before it touches a file: is SIZE a size the
 * layer can hold, and does it fit in the memory. Pure: no I/O, no printing;
 * the caller reports and picks the exit code.
 */
#ifndef CMACTL_MODEL_SETCHECK_H
#define CMACTL_MODEL_SETCHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"
#include "model/dt.h"
#include "model/layer.h"
#include "model/request.h"

/*
 * How a check ended: SIZE or --base/--limit that no file could make right (unparsable,
 * 0, not whole MiB for Kconfig, misaligned) is a usage error; the rest, which depends
 * on the board (the memory size), a refusal.
 */
enum setcheck_result { SETCHECK_OK = 0, SETCHECK_FAIL, SETCHECK_USAGE };

/* SIZE as asked and as it will be written. */
struct setcheck_size {
	bool known;			/* the fields below are set (even when a later check failed) */
	uint64_t requested, size, align;
};

/**
 * setcheck_size() - parse @text (SIZE) for the layer @l: non-zero, whole MiB for
 * Kconfig, rounded up to cmareq_align(@page_size); --base must be aligned.
 * On success @req->size holds the rounded size.
 * Return: SETCHECK_OK, or another result with @err set.
 */
enum setcheck_result setcheck_size(const char *text, const struct layer *l, uint64_t page_size,
				   struct cma_req *req, struct setcheck_size *out, char *err,
				   size_t errlen);

/**
 * setcheck_memory() - @req's size against the memory: @mem (--mem), else the
 * edited DT's /memory (@target, may be NULL), the booted DT's, MemTotal.
 * The last two only when the edited DTB is the running system's (no @target,
 * or its root compatible is the booted DT's): a board's DTB prepared on a
 * workstation is not judged by the workstation's memory (issue 11, Why 2).
 * @unknown: set when none of them gives a size (then nothing is checked).
 * @foreign: set when @target is another system's DTB.
 * A DT's /memory with holes also bounds the size by its largest run.
 * Return: SETCHECK_OK, SETCHECK_FAIL (too large for the memory) or SETCHECK_USAGE
 * (--limit not above --base), with @err set.
 */
enum setcheck_result setcheck_memory(const struct cma_req *req, uint64_t mem, bool force,
				     const struct cma_dt *target, const struct cma_sources *s,
				     bool *unknown, bool *foreign, char *err, size_t errlen);
#endif
