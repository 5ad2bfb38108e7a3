/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure half of `cmactl stress`: the plan and its safety bound, the sizes
 * to ask for, latency statistics, the verdict, and the small parsers the
 * "why is there no CMA heap" diagnosis needs. No I/O here.
 */
#ifndef CMACTL_MODEL_STRESS_H
#define CMACTL_MODEL_STRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"
#include "model/klog.h"

#define STRESS_HEAP_MAX		64	/* /dev/dma_heap names are short */
#define STRESS_MAX_HEAPS	32
#define STRESS_MAX_FAILS	32	/* failures kept for the report; the rest are counted */
#define STRESS_MAX_RECORDS	4096	/* allocations listed one by one in --json; the rest counted */
#define STRESS_MAX_LOGLINES	32	/* kernel-log lines kept */
#define STRESS_MAX_JOBS		64

/* What the user asked for (command-line options, already parsed). */
struct stress_opts {
	const char *heap;		/* NULL: the default CMA area's heap */
	uint64_t size;			/* bytes; 0: not given */
	uint64_t min, max;		/* --sizes MIN-MAX, bytes; max 0: not given */
	uint64_t count;			/* 0: not given */
	bool until_fail, keep_going, force, touch, load_module, dry_run;
	uint64_t hold_ms, duration_ms;
	unsigned jobs;			/* 0: not given */
	uint64_t seed;
};

/* The heap stress would use and what is known about its CMA area. */
struct stress_target {
	char heap[STRESS_HEAP_MAX];
	char area[CMA_NAME_MAX];	/* "" when the heap is not a CMA heap */
	char twin[STRESS_HEAP_MAX];	/* 6.17+: the other heap of the same area, or "" */
	bool is_cma;
	bool area_known;
	uint64_t area_bytes;		/* size of the heap's CMA area */
	bool total_known;
	uint64_t cma_total;		/* CmaTotal, bytes */
	uint64_t page_size;
};

/* What stress will do, derived from the options and the target. */
struct stress_plan {
	uint64_t page_size;
	uint64_t size_min, size_max;	/* equal unless --sizes; page-aligned */
	uint64_t count;			/* buffers per job and round; 0 with --until-fail */
	unsigned jobs;
	uint64_t budget;		/* bytes one job may hold at once; UINT64_MAX: no bound */
	uint64_t bound;			/* the bound the budget comes from (area or CmaTotal) */
	bool bound_is_area;		/* the chosen area's size, not CmaTotal of all areas */
	uint64_t hold_ms, duration_ms;
	bool until_fail, keep_going, touch, force;
	bool impossible_by_size;	/* one request larger than the whole area: sent once */
	uint64_t seed;
};

/**
 * stress_seconds_parse() - "2", "0.5", "1.25s" -> milliseconds.
 * Return: 0, or -1 on a negative, empty, overflowing or malformed value.
 */
int stress_seconds_parse(const char *text, uint64_t *ms);

/**
 * stress_range_parse() - "--sizes MIN-MAX" with the shared size syntax on each side.
 * @err: message on failure. Return: 0, or -1 (also when MIN > MAX or MIN is 0).
 */
int stress_range_parse(const char *text, uint64_t page_size, uint64_t *min, uint64_t *max,
		       char *err, size_t errlen);

/**
 * stress_plan_make() - check the options against the target and fill @p.
 * Safety: the bytes held at once (jobs x count x largest size) never exceed
 * CmaTotal (or the area, when CmaTotal is unknown) unless --force; a single
 * request larger than the whole area is still planned, once, by one job,
 * because that is the failure a user needs reproduced.
 * @err: why the plan was refused.
 * Return: 0, or -1 when refused (the caller reports "could not run").
 */
int stress_plan_make(const struct stress_opts *o, const struct stress_target *t,
		     struct stress_plan *p, char *err, size_t errlen);

/**
 * stress_next_size() - the size of the next request: the fixed size, or a
 * page multiple drawn uniformly from [size_min, size_max] with @rng
 * (splitmix64 state, advanced).
 */
uint64_t stress_next_size(const struct stress_plan *p, uint64_t *rng);

/** stress_pages() - pages the kernel's CMA heap takes for @bytes (PAGE_ALIGN). */
uint64_t stress_pages(uint64_t bytes, uint64_t page_size);

/*
 * The latencies of a run: kept one by one up to @exact_max (STRESS_LAT_EXACT when
 * 0; 8 MiB of them), then folded into a histogram of STRESS_LAT_SUB buckets per
 * power of two, so that a long --duration run (some 3000 allocations a second on
 * the 7.2 lab's TCG guest, more on a board) holds a fixed amount of memory. From
 * then on the median and p99 are their bucket's lowest value: at most 1/128
 * (0.8 %) below the true nearest rank; min and max stay exact.
 */
#define STRESS_LAT_EXACT	(1u << 20)
#define STRESS_LAT_SUB		128
#define STRESS_LAT_BUCKETS	(STRESS_LAT_SUB * 58)	/* up to 2^64 - 1 ns */

struct stress_lat {
	size_t exact_max;		/* in: 0 is STRESS_LAT_EXACT */
	uint64_t *ns;			/* one by one, while no histogram */
	size_t n, cap;
	uint64_t *hist;			/* STRESS_LAT_BUCKETS counts, or NULL */
	uint64_t count, min, max;	/* every sample counted */
	uint64_t lost;			/* samples not counted: out of memory */
};

/** stress_lat_add() - count one latency. Return: 0, or -1 (out of memory: counted as lost). */
int stress_lat_add(struct stress_lat *l, uint64_t ns);

/** stress_lat_free() - release what stress_lat_add() allocated. */
void stress_lat_free(struct stress_lat *l);

struct stress_latency {
	bool known;
	bool exact;			/* false: median and p99 from the histogram */
	uint64_t count;
	uint64_t min, median, p99, max;	/* nanoseconds */
};

/**
 * stress_latency_compute() - nearest-rank min/median/p99/max of the samples of
 * @l (sorts them in place). No sample gives known == false.
 */
void stress_latency_compute(struct stress_lat *l, struct stress_latency *out);

/* A snapshot of the heap's area and of the whole of CMA. */
struct stress_snapshot {
	bool has_free;
	uint64_t cma_free;		/* /proc/meminfo CmaFree, bytes */
	bool has_used, has_maxchunk, has_count;
	uint64_t used, maxchunk, count;	/* debugfs, pages */
	bool has_success, has_fail;
	uint64_t success, fail;		/* sysfs alloc_pages_success/fail, pages */
	bool has_vm_success, has_vm_fail;
	uint64_t vm_success, vm_fail;	/* /proc/vmstat cma_alloc_success/fail, requests */
};

enum stress_verdict_code {
	SV_OK = 0,		/* every allocation succeeded */
	SV_LARGER_THAN_AREA,	/* impossible by size */
	SV_EXHAUSTED,		/* not enough free pages in the area */
	SV_FRAGMENTED,		/* enough free, no free run long enough */
	SV_ENOMEM_OTHER,	/* ENOMEM, and nothing known explains it */
	SV_BUSY,		/* EBUSY: migration failed */
	SV_EINTR,		/* a fatal signal was pending in the kernel */
	SV_FD_LIMIT,		/* the tool ran out of file descriptors */
	SV_OTHER_ERROR,
	SV_BOUND_REACHED,	/* --until-fail held the safety bound without a failure */
};

/* Everything the verdict depends on. */
struct stress_outcome {
	uint64_t attempted, succeeded, failed;
	int first_err;			/* errno of the first failure */
	uint64_t first_fail_bytes;
	uint64_t held_at_fail;		/* bytes this run held when it failed */
	uint64_t page_size;
	const struct stress_target *target;
	const struct stress_plan *plan;	/* may be NULL (unit tests) */
	struct stress_snapshot before, at_peak;
	bool log_watched;		/* /dev/kmsg was read around the run */
	bool log_has_fail;		/* the kernel logged an alloc failed line */
	bool bound_reached, interrupted;
};

struct stress_verdict {
	enum stress_verdict_code code;
	char text[640];
};

/** stress_verdict_name() - stable JSON name: "ok", "larger-than-area", ... */
const char *stress_verdict_name(enum stress_verdict_code c);

/**
 * stress_verdict_make() - explain the outcome (see DOMAIN.md 1.6 for why
 * CMA fails while CmaFree looks large).
 */
void stress_verdict_make(const struct stress_outcome *o, struct stress_verdict *v);

/** stress_log_relevant() - a log message about CMA or dma-buf heaps. */
bool stress_log_relevant(const char *line);

/* The heap-related lines of a kernel .config, kept verbatim for messages. */
/**
 * proc_modules_find() - is @name in /proc/modules text? @state gets its state
 * column ("Live", "Loading", "Unloading"). Return: true when listed.
 */
bool proc_modules_find(const char *buf, size_t len, const char *name, char *state,
		       size_t statelen);

enum heapmod { HEAPMOD_UNKNOWN = 0, HEAPMOD_BUILTIN, HEAPMOD_MODULE, HEAPMOD_NONE };

/* What is known about a missing CMA heap. */
struct heap_diag {
	bool dir_exists;		/* <root>/dev/dma_heap */
	int dir_err;			/* else why: ENOENT absent; another errno: not listable */
	char dir[256];			/* as shown in messages */
	const char *heap;		/* --heap, or NULL */
	char heaps[256];		/* names found, comma-separated */
	bool several;			/* more than one could be the default area's (model/heaps.c) */
	bool kconfig_known;
	char kconfig_origin[128];
	struct cma_kconfig kc;		/* the config gather() read */
	enum heapmod mod;		/* from libkmod under <root>/lib/modules/<release> */
	char mod_detail[256];		/* path of the .ko, or why libkmod could not tell */
	bool loaded_known, loaded;	/* <root>/proc/modules */
	bool cma_known, cma_present;	/* CmaTotal > 0 */
	char default_area[CMA_NAME_MAX];
	bool live;
};

/**
 * stress_target_sizes() - fill @t's page size, CmaTotal and, for a CMA heap,
 * its area's size: from the resolved report (debugfs, log or DT), else the
 * sysfs page count.
 */
void stress_target_sizes(struct stress_target *t, const struct cma_sources *s,
			 const struct cma_report *rep);

/**
 * stress_diag_facts() - what gather() and the resolver already know, for
 * stress_diagnose(): the kernel config, CmaTotal and the default area.
 */
void stress_diag_facts(struct heap_diag *d, const struct cma_sources *s,
		       const struct cma_report *rep);

/**
 * stress_diagnose() - why stress has no CMA heap to use, and what to do:
 * one message per line in @out ("\n"-separated).
 */
void stress_diagnose(const struct heap_diag *d, char *out, size_t len);

/**
 * stress_snapshot_meminfo() / stress_snapshot_vmstat() - the CmaFree line of
 * /proc/meminfo and the cma_alloc_success/fail lines of /proc/vmstat into @s.
 */
void stress_snapshot_meminfo(const char *buf, size_t len, struct stress_snapshot *s);
void stress_snapshot_vmstat(const char *buf, size_t len, struct stress_snapshot *s);

/* One allocation as a job reported it. */
struct stress_alloc {
	uint32_t job;
	uint32_t round;
	uint64_t index;		/* within the job and round */
	uint64_t bytes;
	int32_t err;		/* errno of DMA_HEAP_IOCTL_ALLOC, 0 on success */
	int32_t touch_err;	/* errno of the mmap/sync/write check, 0 if fine or not asked */
	uint64_t ns;
};

/*
 * A run and its record: the plan it followed and what happened. Data only; io/stress.c
 * (stress_run()) fills it, report/stressreport.c prints it.
 */
struct cma_root;	/* io/root.h: the run opens its devices through it */
struct stress_run {
	/* in */
	const struct cma_root *root;
	const struct stress_target *target;
	const struct stress_plan *plan;
	/* out */
	uint64_t attempted, succeeded, failed, touch_failed;
	struct stress_lat lat;		/* latencies of the successful allocations */
	struct stress_alloc *records;	/* every allocation in order, up to STRESS_MAX_RECORDS */
	size_t nrecords, reccap;
	uint64_t records_dropped;
	struct stress_alloc fails[STRESS_MAX_FAILS];
	size_t nfails;			/* kept; failed - nfails were dropped */
	int first_err;
	uint64_t first_fail_bytes, held_at_fail, peak_bytes;
	uint64_t rounds, elapsed_ms;
	bool bound_reached, interrupted;
	struct stress_snapshot before, at_peak, after;
	bool log_watched;
	char log_why[128];		/* why the log was not watched */
	int nlog;
	char log[STRESS_MAX_LOGLINES][256];
	uint64_t log_dropped;
	struct cma_klog klog;		/* the new lines, parsed */
	char error[256];		/* why the run could not start */
};

#endif
