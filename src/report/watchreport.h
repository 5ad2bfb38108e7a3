/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `cmactl watch` prints: NDJSON samples, failures and the summary
 * (keys in cmactl(8), "watch JSON"), the text summary, and the live view.
 */
#ifndef CMACTL_REPORT_WATCHREPORT_H
#define CMACTL_REPORT_WATCHREPORT_H
#include <stdbool.h>
#include <stdio.h>
#include "model/watch.h"

/* What the run was asked to do, for the JSON start line and the summary. */
struct watch_setup {
	uint64_t interval_ms, duration_ms;
	const char *command;		/* the child's argv joined, or NULL */
	const char *root;
};

/** watch_json_start() - {"type":"start",...}: page size, interval, command. */
int watch_json_start(FILE *f, const struct watch_setup *su, const struct watch_state *w);

/** watch_json_sample() - {"type":"sample",...}: one line per sample. */
int watch_json_sample(FILE *f, const struct watch_state *w, const struct watch_sample *s);

/** watch_json_failure() - {"type":"failure",...} as it happens. */
int watch_json_failure(FILE *f, const struct watch_state *w, const struct watch_fail *fl);

/** watch_json_summary() - {"type":"summary",...}: the last line. */
int watch_json_summary(FILE *f, const struct watch_setup *su, const struct watch_state *w,
		       const struct watch_end *e);

/** watch_text_summary() - the summary for people. */
void watch_text_summary(FILE *f, const struct watch_setup *su, const struct watch_state *w,
			const struct watch_end *e);

/* The live view's own state: what it drew last, the terminal's size. */
struct watch_view {
	bool color, utf8;
	unsigned rows, cols;
	unsigned drawn;			/* lines of the last frame */
	bool clear;			/* redraw from the top (after a resize) */
	char last_fail[160];
};

/** watch_view_begin() - hide the cursor. */
void watch_view_begin(struct watch_view *v, FILE *f);

/** watch_view_draw() - the frame, over the previous one, in one write. */
void watch_view_draw(struct watch_view *v, FILE *f, const struct watch_setup *su,
		     const struct watch_state *w);

/** watch_view_failure() - remember a failure for the frame's last line. */
void watch_view_failure(struct watch_view *v, const struct watch_state *w,
			const struct watch_fail *fl);

/** watch_view_end() - show the cursor again; the last frame stays. */
void watch_view_end(struct watch_view *v, FILE *f);
#endif
