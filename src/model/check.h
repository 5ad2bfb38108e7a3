/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `status --check`: the problems a report shows, one line each, for a board's
 * self-test or a CI gate. Pure: decides from what was gathered and resolved.
 */
#ifndef CMACTL_MODEL_CHECK_H
#define CMACTL_MODEL_CHECK_H
#include <stdbool.h>
#include "model/cma.h"

#define CHECK_MAX 8
#define CHECK_HEAPS_MAX 32

/* What /dev/dma_heap holds; known == false when it could not be listed. */
struct check_heaps {
	bool known;
	int n;
	char name[CHECK_HEAPS_MAX][64];
};

struct check_finding {
	const char *id;		/* stable, for scripts: "alloc-failures", ... (cmactl(8)) */
	char text[320];		/* one line, with its evidence */
};

struct check_result {
	int n;
	struct check_finding f[CHECK_MAX];
};

/**
 * check_run() - every check of the table, in order, on @s and @r; @heaps may be NULL.
 * A check whose evidence is missing finds nothing: it never guesses a problem.
 */
void check_run(const struct cma_sources *s, const struct cma_report *r,
	       const struct check_heaps *heaps, struct check_result *out);
#endif
