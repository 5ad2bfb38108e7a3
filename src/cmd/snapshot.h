/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What status and export both start with: open --root (a tree or a bundle), gather, resolve. */
#ifndef CMACTL_CMD_SNAPSHOT_H
#define CMACTL_CMD_SNAPSHOT_H
#include "io/inputs.h"
#include "io/root.h"
#include "model/cma.h"

/**
 * cmd_snapshot() - open @g->root into @root (close it with root_close()), read every source
 * into @src and resolve it into @rep. Messages go to stderr.
 * Return: EXIT_OK, EXIT_PARTIAL (a source could not be read) or EXIT_FAIL (nothing to report).
 */
int cmd_snapshot(const struct global_opts *g, struct cma_root *root, struct cma_sources *src,
		 struct cma_report *rep);
#endif
