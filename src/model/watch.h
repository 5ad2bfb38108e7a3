/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sampling model of `cmactl watch`: samples of the CMA counters and
 * kernel-log lines go in, in time order; bounded state comes out (latest
 * values, peaks and when, minimum free and minimum largest free run, counter
 * deltas across resets, failures with the sample just before them, a
 * sparkline of recent use). Memory does not grow with the run's length.
 * Pure: no I/O.
 */
#ifndef CMACTL_MODEL_WATCH_H
#define CMACTL_MODEL_WATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"
#include "model/klog.h"

#define WATCH_MAX_AREAS 8	/* areas followed; CONFIG_CMA_AREAS is 7 by default (mm/Kconfig) */
#define WATCH_SPARK 48		/* recent samples kept for the sparkline */
#define WATCH_MAX_FAILS 32	/* failures listed; more are counted */

/* Where a per-area counter lives. */
enum watch_dir { WD_SYSFS, WD_DEBUGFS };

/* The per-area counters, one row each in watch_fields[]. */
enum watch_field {
	WF_TOTAL,	/* sysfs total_pages (6.15+) */
	WF_AVAIL,	/* sysfs available_pages (6.15+) */
	WF_ASUCC,	/* sysfs alloc_pages_success (5.13+), cumulative pages */
	WF_AFAIL,	/* sysfs alloc_pages_fail (5.13+), cumulative pages */
	WF_RSUCC,	/* sysfs release_pages_success (~6.9+), cumulative pages */
	WF_COUNT,	/* debugfs count: the area's pages */
	WF_USED,	/* debugfs used: bitmap pages in use */
	WF_MAXCHUNK,	/* debugfs maxchunk: longest free bitmap run, pages */
	WF_N
};

struct watch_field_info {
	const char *file;	/* the file in the area's directory */
	enum watch_dir dir;
	bool cumulative;	/* a counter that only grows (until a reset) */
};

/* The table io/watchrun.c reads from and the JSON keys come from. */
extern const struct watch_field_info watch_fields[WF_N];

/* One area at one instant, as read. */
struct watch_area_sample {
	char name[CMA_NAME_MAX];
	unsigned has;			/* bit (1u << WF_x) when v[WF_x] was read */
	uint64_t v[WF_N];
};

/* Everything read at one instant. */
struct watch_sample {
	uint64_t t_ms;			/* since the watch started */
	bool has_meminfo;
	uint64_t cma_total, cma_free;	/* bytes, /proc/meminfo CmaTotal/CmaFree */
	bool has_vm_success, has_vm_fail;
	uint64_t vm_success, vm_fail;	/* /proc/vmstat cma_alloc_success/fail (5.13+), requests */
	int n;
	struct watch_area_sample area[WATCH_MAX_AREAS];
};

/* A counter that only grows; a smaller value is a reset, counted from 0 again. */
struct watch_counter {
	bool known;
	uint64_t last, delta;		/* delta: growth since the first sample */
	unsigned resets;
};

/*
 * A run's timeline in bounded memory, for the --svg picture: at most
 * WATCH_SERIES points; when full, neighbours merge (the higher use, the
 * lower free run: a peak or a low is never lost) and each point covers
 * twice the time.
 */
#define WATCH_SERIES 512

struct watch_point {
	uint64_t t_ms;			/* start of the bucket */
	uint64_t used, chunk;		/* max used, min largest free run, pages */
	bool used_known, chunk_known;
};

struct watch_series {
	unsigned n, per;		/* points; samples per point */
	unsigned pending;		/* samples merged into the last point */
	struct watch_point p[WATCH_SERIES];
};

/* What the model derives for one area. */
struct watch_area {
	char name[CMA_NAME_MAX];
	bool size_known, used_known, chunk_known;
	bool used_exact;		/* used from debugfs/sysfs, not CmaTotal - CmaFree */
	uint64_t size, used, chunk;	/* latest, pages */
	uint64_t peak_used, peak_used_t;
	uint64_t min_free, min_free_t;
	uint64_t min_chunk, min_chunk_t;
	uint64_t max_rise;		/* largest rise of used between two samples, pages */
	struct watch_counter c[WF_N];	/* cumulative fields only */
	uint8_t spark[WATCH_SPARK];	/* used, in 1/8ths of size (0..8), oldest first */
	unsigned nspark;
	struct watch_series series;
};

enum watch_fail_origin { WFO_LOG, WFO_COUNTER };

struct watch_fail {
	enum watch_fail_origin origin;
	uint64_t t_ms;
	char area[CMA_NAME_MAX];	/* "" when the kernel did not name it */
	uint64_t pages;			/* request (log) or pages failed (counter) */
	int ret;			/* -12, -16 ... (log only) */
	bool has_before;		/* the sample just before it */
	uint64_t before_t_ms;
	bool before_used_known, before_chunk_known, before_free_known;
	uint64_t before_used, before_chunk, before_free;	/* pages (area), free: bytes of CmaFree */
};

struct watch_state {
	uint64_t page_size;
	uint64_t samples, t_first, t_last;
	unsigned seen_fields;		/* bits of watch_field read in any sample */
	bool replay;			/* a record read back: its failure lines are the failures */
	bool approximate;		/* no per-area counter: CmaTotal - CmaFree only */
	bool has_meminfo;
	bool has_prev;
	bool seq_known;
	uint64_t cma_total, cma_free, min_cma_free, min_cma_free_t;	/* bytes */
	uint64_t peak_mem_used, peak_mem_used_t;	/* CmaTotal - CmaFree, bytes */
	struct watch_series mem_series;	/* CmaTotal - CmaFree in pages, no chunk */
	struct watch_counter vm_success, vm_fail;
	int n;
	int nfails;
	struct watch_area a[WATCH_MAX_AREAS];
	struct watch_sample prev;	/* the latest sample: "the sample before" a failure */
	struct watch_fail fails[WATCH_MAX_FAILS];
	uint64_t fails_total, fails_dropped;
	uint64_t largest_fail_pages;
	/* pages of logged failures that alloc_pages_fail has not shown yet: its
	 * growth by as many pages is the same failure, not another one */
	uint64_t log_pages_pending[WATCH_MAX_AREAS];
	uint64_t log_pages_unnamed;	/* 4.11-5.11 logs name no area */
	uint64_t log_lines, log_overruns, log_lost;	/* lost: records skipped by seq */
	uint64_t last_seq;
	struct cma_klog klog;		/* the failure lines' parser state */
	uint64_t klog_seen[32];		/* klog.fails[i].count already turned into events */
};

/* How the run went, for the summary (filled by io/watchrun.c). */
struct watch_end {
	bool log_followed;
	char log_why[200];		/* why not */
	bool child_ran;
	int child_exit;			/* its exit code, 128 + signal when killed */
	char child_error[200];		/* exec or fork failed */
	int child_errno;		/* why, for the exit status (126/127) */
	int signal;			/* SIGINT/SIGTERM that stopped the watch, 0 */
	uint64_t duration_ms;
};

/**
 * watch_duration_parse() - "100ms", "0.5s", "2" (seconds), "10m", "1h" into
 * milliseconds. Return: 0, or -1 when @text is not such a duration.
 */
int watch_duration_parse(const char *text, uint64_t *ms);

/** watch_init() - empty state; @page_size in bytes. */
void watch_init(struct watch_state *w, uint64_t page_size);

/**
 * watch_add_sample() - account one sample (t_ms not smaller than the last).
 * Growth of alloc_pages_fail beyond the pages of logged failures (the kernel
 * logs, then counts: linux-6.1/mm/cma.c cma_alloc()) is a failure the log did
 * not show (rate-limited, or __GFP_NOWARN). Return: failures added.
 */
int watch_add_sample(struct watch_state *w, const struct watch_sample *s);

/**
 * watch_add_log_line() - account one kernel-log line (a /dev/kmsg record or
 * plain text) that arrived at @t_ms: an allocation failure becomes an event
 * carrying the latest sample. Return: failures added.
 */
int watch_add_log_line(struct watch_state *w, uint64_t t_ms, const char *line, size_t len);

/** watch_add_overruns() - @n EPIPEs from /dev/kmsg: records were lost. */
void watch_add_overruns(struct watch_state *w, uint64_t n);

/**
 * watch_add_recorded_failure() - a failure read back from a --record file
 * (recommend --from): listed and counted as if seen.
 */
void watch_add_recorded_failure(struct watch_state *w, const struct watch_fail *f);

/** watch_series_add() - one point into @s (exported for the unit tests). */
void watch_series_add(struct watch_series *s, const struct watch_point *pt);

/**
 * watch_missing() - which counters this kernel did not offer and what watch
 * fell back to, "" when nothing is missing.
 */
void watch_missing(const struct watch_state *w, char *out, size_t len);

/** watch_verdict() - one line: what the run shows. */
void watch_verdict(const struct watch_state *w, char *out, size_t len);
#endif
