/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One run of `cmactl set`/`unset` once its options are parsed (src/cmd-set.c):
 * read -> check -> plan -> report -> write, each step a call into io/,
 * model/ or report/.
 */
#ifndef CMACTL_CMD_SETRUN_H
#define CMACTL_CMD_SETRUN_H
#include <stdbool.h>
#include <stdint.h>
#include "io/inputs.h"
#include "io/root.h"
#include "io/settarget.h"
#include "model/target.h"
#include "model/layer.h"
#include "model/request.h"
#include "report/setreport.h"

struct set_opts {
	struct global_opts g;
	const struct layer *layer;	/* --via */
	bool unset, dry_run, force, follow;
	const char *size_text, *file, *out, *label, *backup;	/* backup NULL: --no-backup */
	struct cma_req req;
	uint64_t mem;
};

/* Everything one run holds; released in one place (cmd-set.c). */
struct set_run {
	struct set_opts o;
	struct cma_root root;
	struct cma_sources *src;
	struct set_target t;		/* the file, and its content now */
	struct target_facts facts;	/* the target system's kernel, config (model/target.h) */
	struct cma_sources *tsrc;	/* src as the target sees it (target_apply()) */
	struct layer_plan plan;		/* the content as planned */
	char arg[96];			/* "cma=64M" */
	char board[128];		/* the board's root compatible (the DT's), "" when unknown */
	struct set_report rep;		/* text as it goes, or the JSON object */
};

/**
 * setrun() - the run: the first failure ends it, reported on stderr and in
 * the report. Return: the exit status.
 */
int setrun(struct set_run *r);

/**
 * setrun_fdtoverlays() - when the planned DTB is the one extlinux.conf's
 * label loads and the label has FDTOVERLAYS (cmd/setfdtov.c): refuse when
 * an overlay would set the default CMA node over the edit, or when they
 * cannot be read or applied; else add a note that they were applied in the
 * check. Return: EXIT_OK, or EXIT_FAIL with @err set.
 */
int setrun_fdtoverlays(struct set_run *r, char *err, size_t errlen);
#endif
