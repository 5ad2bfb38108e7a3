/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel-log parser: fed one line at a time, keeps a bounded summary of the
 * CMA-related lines (reservations, bypass, errors, allocation failures, the
 * Linux version and command line). Memory does not grow with the log.
 */
#ifndef CMACTL_MODEL_KLOG_H
#define CMACTL_MODEL_KLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KLOG_NAME_MAX 64

enum klog_resv_kind {
	KRESV_CMDLINE_KCONFIG,	/* "cma: Reserved N MiB at X" / old "CMA: reserved N MiB at X"
				 * / 6.6+ "... on node N" : area "reserved" */
	KRESV_DT_POOL,		/* "Reserved memory: created CMA memory pool at X, size N MiB" */
	KRESV_RANGES,		/* 6.15+ "cma: Reserved N MiB in K range(s)" */
};

struct klog_resv {
	enum klog_resv_kind kind;
	uint64_t size_bytes;
	bool has_base;
	uint64_t base;
	int node;		/* NUMA node from "on node N", -1 otherwise */
	char name[KLOG_NAME_MAX];  /* DT: node from the following "initialized node" line */
};

struct klog_fail {
	char area[KLOG_NAME_MAX];	/* "" when the kernel did not name it (4.11-5.11) */
	uint64_t pages;
	int ret;			/* -12, -16, -4 ... */
	uint64_t count;			/* how many times this (area, pages, ret) was logged */
	uint64_t busy;			/* "alloc_contig_range: [a, b) PFNs busy" lines (before
					 * 5.13) printed just before these failures: pages in
					 * the range were pinned or busy, so migration failed */
};

/* A reservation the kernel could not make: its size and its own words. */
struct klog_resv_fail {
	bool dt;			/* an OF/fdt line about a DT node, else cma= / Kconfig */
	uint64_t size_bytes;		/* 0 when the line gives none (older OF form) */
	int node;			/* "on node N" (6.6-6.14), -1 otherwise */
	char name[KLOG_NAME_MAX];	/* DT node name, "" for cma= / Kconfig */
	char line[192];			/* the bare message, quoted in reports */
	char why[192];			/* the reason mm/cma.c printed just before it
					 * (alignment, limit, low/high boundary, slots), or "" */
};

/*
 * The free-page dump printed after a failure (4.11-6.14 with CONFIG_CMA_DEBUG,
 * unconditional from 6.15): "cma: number of available pages: ", pieces
 * "F@I" joined by "+", one "range N: " line per range (6.15+), then
 * "=> F free of T total pages". The last dump per area is kept.
 */
struct klog_dump {
	char area[KLOG_NAME_MAX];	/* the area of the failure line before it */
	uint64_t free_pages, total_pages;
	uint64_t largest_run;		/* largest "F@I" piece, pages */
	int nranges;			/* "range N:" lines (6.15+), 0 before */
	bool complete;			/* the "=> ... total pages" line was seen */
};

struct cma_klog {
	uint64_t lines;			/* lines seen */
	uint64_t resv_why_total;	/* reason lines seen (alignment, limit, ...) */
	uint64_t busy_total;		/* "PFNs busy" lines seen */
	uint64_t busy_pending;		/* ... since the last failure line */
	char resv_why[192];		/* a reason line waiting for its "Failed to reserve" */
	char busy_line[128];		/* the last "PFNs busy" line, quoted in reports */
	bool has_version;
	char version_release[96];	/* "6.1.192", "6.1.0-56-arm64" */
	unsigned vmajor, vminor, vpatch;
	bool has_cmdline;		/* a "Kernel command line:" line */
	char cmdline[1024];		/* its text (cut to fit) */
	int nresv;
	struct klog_resv resv[16];
	int nresv_fail;			/* "cma: Failed to reserve N MiB", OF failures */
	struct klog_resv_fail resv_fails[8];
	bool bypass;			/* 5.6+: the bypass pair, or a "Skipping dt" form */
	char bypass_node[KLOG_NAME_MAX];
	char bypass_line[160];		/* the bare message that proved it */
	int ndt_init;			/* "initialized node X, compatible id shared-dma-pool" */
	char dt_init[4][KLOG_NAME_MAX];	/* a DT CMA node was used, even with no pool line */
	int nheaps;			/* heap registration lines (ION "ion_device_add_heap") */
	char heaps[8][KLOG_NAME_MAX];
	/* The newest kernel some line proves (a line only those versions print). */
	unsigned implied_major, implied_minor;
	char implied_by[96];		/* what proves it */
	unsigned before_major, before_minor;	/* a line only older kernels print: */
	char before_by[96];		/* older than this (0.0: no such line) */
	bool dt_alignment_error;	/* "Reserved memory: incorrect alignment of CMA region" */
	bool dt_setup_error;		/* "Reserved memory: unable to setup CMA region" */
	bool has_memory_line;		/* "Memory: ... NK cma-reserved" */
	uint64_t memory_cma_reserved_bytes;
	int nfails;			/* distinct groups kept */
	struct klog_fail fails[32];
	uint64_t fails_total;		/* every failure line, kept or not */
	uint64_t fails_dropped;		/* lines in groups beyond the table */
	uint64_t largest_fail_pages;
	char last_fail_line[192];	/* the last failure line, quoted in reports */
	int ndumps;
	struct klog_dump dumps[8];
	int dump_open;			/* index into dumps of the dump being read, -1 none */
	char fail_area[KLOG_NAME_MAX];	/* area of the latest failure line (for its dump) */
	const char *msg;		/* the bare message being parsed: set and */
	size_t msg_len;			/* cleared by klog_feed_line(), for quoting */
};

/**
 * klog_proves_cma() - true when a line was seen that only a kernel with CMA
 * prints (a reservation, failed or not, a failure, a dump, the bypass, a
 * non-zero "cma-reserved" total).
 */
bool klog_proves_cma(const struct cma_klog *k);

/**
 * klog_dump_for() - the last complete free-page dump of @area, or NULL.
 */
const struct klog_dump *klog_dump_for(const struct cma_klog *k, const char *area);

/**
 * klog_init() - empty summary.
 */
void klog_init(struct cma_klog *k);

/**
 * klog_feed_line() - account one log line.
 * @line: the line, not necessarily NUL-terminated; any of: dmesg text with
 *        or without "[ ts]" stamps, dmesg -T, journalctl -k ("Mon DD hh:mm:ss
 *        host kernel: "), syslog "<N>" prefixes, raw /dev/kmsg records
 *        ("pri,seq,ts,flags;msg"; continuation lines starting with a space
 *        are ignored).
 * @len: its length, without the newline.
 */
void klog_feed_line(struct cma_klog *k, const char *line, size_t len);

#endif
