/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device-tree editing for `cmactl set --via dts|bootargs`: libfdt on an
 * in-memory blob, never a file. Every result is packed and passed through
 * fdt_check_full() before it is handed back.
 */
#ifndef CMACTL_MODEL_DTEDIT_H
#define CMACTL_MODEL_DTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/request.h"

#define DTEDIT_MAX_NOTES 6

/* How a DT edit turned out. */
struct dtedit_result {
	void *blob;			/* malloc'd, packed; NULL when nothing changed */
	size_t len;
	bool nothing;			/* unset found nothing to remove */
	char node[128];			/* path of the CMA node, or "/chosen" */
	int nnotes;
	char notes[DTEDIT_MAX_NOTES][200];
};

/* Policy for the checks a DT edit makes. */
struct dtedit_opts {
	uint64_t align;			/* cmareq_align(): bases must be aligned to it */
	bool force;			/* go on when memory cannot be checked */
};

/**
 * dtedit_cma() - set (or, with @req->remove, delete) the default CMA node.
 * Finds the node with linux,cma-default, else a reusable shared-dma-pool
 * named linux,cma; creates /reserved-memory (the root's cells, empty ranges)
 * and a linux,cma node when there is none. Writes size in the parent's
 * #size-cells; --base/--limit become alloc-ranges, --static a reg. A node
 * with a static reg is resized only when the region still fits in a /memory
 * range and overlaps no other reservation.
 * @blob, @len: the original DTB (validated here, never modified).
 * @res: the new blob and notes for the user; free res->blob.
 * @err: why not, on failure.
 * Return: 0, or -1 with @err set (nothing allocated).
 */
int dtedit_cma(const void *blob, size_t len, const struct cma_req *req,
	       const struct dtedit_opts *o, struct dtedit_result *res, char *err, size_t errlen);

/**
 * dtedit_bootargs() - /chosen/bootargs with its cma= replaced by @arg (NULL:
 * removed) through cmdline_edit(); /chosen is created when needed.
 * Return: 0, or -1 with @err set.
 */
int dtedit_bootargs(const void *blob, size_t len, const char *arg, struct dtedit_result *res,
		    char *err, size_t errlen);

/**
 * dtedit_pack() - the blob as dtedit would write it unchanged (reordered
 * and packed), so "already set" can be told by comparing bytes.
 * Return: 0, or -1 with @err set.
 */
int dtedit_pack(const void *blob, size_t len, void **out, size_t *outlen, char *err, size_t errlen);

/**
 * dt_text() - a DTS rendering of a valid blob, for --dry-run diffs: the
 * nodes and properties in blob order; strings as "...", cell lists as
 * <0x...>, other bytes as [..]. Not a full decompiler: no labels or phandle
 * references.
 * Return: 0, or -1 when out of memory or the blob is invalid.
 */
int dt_text(const void *blob, size_t len, char **out, size_t *outlen);

#endif
