/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stress engine: the one part of cmactl that allocates from real
 * devices. Forks the jobs, collects their results over a pipe, snapshots
 * the counters and watches the kernel log around the run.
 */
#ifndef CMACTL_IO_STRESSRUN_H
#define CMACTL_IO_STRESSRUN_H
#include <stdbool.h>
#include <stdint.h>
#include "model/klog.h"
#include "io/root.h"
#include "model/stress.h"

/**
 * stress_snapshot_take() - CmaFree, the area's sysfs counters and debugfs
 * used/maxchunk/count, and vmstat, read under the root. Missing files leave
 * their has_* flags false.
 */
void stress_snapshot_take(const struct cma_root *r, const char *area, struct stress_snapshot *s);

/**
 * stress_run() - run the plan: fork plan->jobs jobs that allocate from the
 * target heap, hold, free; SIGINT/SIGTERM stop the run, free everything and
 * still return the results. Allocates run->lat (free with stress_run_free()).
 * Return: 0 when the run happened (its results may include failures), or
 * -errno when it could not start (run->error says why).
 */
int stress_run(struct stress_run *run);

/**
 * stress_pick_heap() - list <root>/dev/dma_heap and choose the heap: @want
 * if given, else the heap of @default_area, else the 6.17+
 * "default_cma_region", else the first heap named after a CMA area. Fills
 * t->heap/area/is_cma, and d->dir/dir_exists/heaps for a diagnosis.
 * Return: 0, or -ENOENT when there is no such heap.
 */
int stress_pick_heap(const struct cma_root *r, const char *want, const char *default_area,
		     const struct cma_areas *areas, struct stress_target *t, struct heap_diag *d);

/** stress_run_free() - release what stress_run() allocated. */
void stress_run_free(struct stress_run *run);

/**
 * stress_run_outcome() - what the verdict needs of a finished @run
 * (stress_verdict_make()): the counts, the first failure, the snapshots.
 */
void stress_run_outcome(const struct stress_run *run, struct stress_outcome *o);
#endif
