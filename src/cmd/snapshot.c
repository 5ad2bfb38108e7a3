// SPDX-License-Identifier: GPL-2.0-or-later
/* The open-gather-resolve sequence of the read-only commands. */
#include <limits.h>
#include "cmd/snapshot.h"
#include "common.h"
#include "io/bundle.h"
#include "io/gather.h"
#include "log.h"

int cmd_snapshot(const struct global_opts *g, struct cma_root *root, struct cma_sources *src,
		 struct cma_report *rep)
{
	char err[PATH_MAX + 256];
	int ret;

	if (root_open_any(root, g->root, err, sizeof(err)) < 0) {
		log_error("--root %s", err);
		return EXIT_FAIL;
	}
	ret = gather(root, g, src);
	if (ret != EXIT_FAIL)
		cma_resolve(src, rep);
	return ret;
}
