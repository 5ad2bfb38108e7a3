/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Printing what `cmactl stress` planned and what the kernel did: text or JSON. */
#ifndef CMACTL_OUT_STRESSREPORT_H
#define CMACTL_OUT_STRESSREPORT_H
#include <stdio.h>
#include "model/stress.h"

struct stress_report {
	const struct stress_target *target;
	const struct stress_plan *plan;
	const struct stress_run *run;		/* NULL for --dry-run */
	const struct stress_verdict *verdict;	/* NULL for --dry-run */
	const struct stress_latency *latency;
	const char *heaps;			/* heaps found, comma-separated */
	bool module_loaded;			/* --load-module inserted cma_heap */
};

/** stress_report_text() - the plan (always) and, after a run, its results. */
void stress_report_text(FILE *f, const struct stress_report *r);

/** stress_report_json() - the same as JSON (keys in cmactl(8)). Return: 0 or -1. */
int stress_report_json(FILE *f, const struct stress_report *r);

/**
 * stress_cannot_run_json() - {"ran": false, "heap": ..., "reason": [lines]}
 * for scripts when stress could not run. @why: "\n"-separated lines.
 * Return: 0 or -1.
 */
int stress_cannot_run_json(FILE *f, const char *heap, const char *why);
#endif
