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
};

struct cma_klog {
	uint64_t lines;			/* lines seen */
	bool has_version;
	char version_release[96];	/* "6.1.192", "6.1.0-56-arm64" */
	unsigned vmajor, vminor, vpatch;
	bool has_cmdline;		/* a "Kernel command line:" line */
	char cmdline[1024];		/* its text (cut to fit) */
	int nresv;
	struct klog_resv resv[16];
	int nresv_fail;			/* "cma: Failed to reserve N MiB", OF failures */
	uint64_t resv_fail_bytes[8];
	bool bypass;			/* 5.6+: "Reserved memory: bypass %s node, using cmdline..." */
	char bypass_node[KLOG_NAME_MAX];
	bool dt_alignment_error;	/* "Reserved memory: incorrect alignment of CMA region" */
	bool dt_setup_error;		/* "Reserved memory: unable to setup CMA region" */
	bool has_memory_line;		/* "Memory: ... NK cma-reserved" */
	uint64_t memory_cma_reserved_bytes;
	int nfails;			/* distinct groups kept */
	struct klog_fail fails[32];
	uint64_t fails_total;		/* every failure line, kept or not */
	uint64_t fails_dropped;		/* lines in groups beyond the table */
	uint64_t largest_fail_pages;
};

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
