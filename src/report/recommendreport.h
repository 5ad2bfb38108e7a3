/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `cmactl recommend` prints: the derivation and the command, text or JSON. */
#ifndef CMACTL_REPORT_RECOMMENDREPORT_H
#define CMACTL_REPORT_RECOMMENDREPORT_H
#include <stdio.h>
#include "model/recommend.h"

struct rec_report {
	const struct rec_plan *plan;
	const struct rec_input *in;
	const struct rec_result *res;
	const char *from;		/* "run.ndjson (watch record)", "kernel log since boot" */
	const char *refused;		/* why no command: over memory or the window; NULL */
	const char *note;		/* a remark, or NULL */
	const struct rec_other *others;	/* the other areas seen, sized */
	int nothers;
};

/** rec_report_text() - derivation line by line, then the command to run. */
void rec_report_text(FILE *f, const struct rec_report *r);

/** rec_report_json() - the same as one JSON object (keys in cmactl(8)). Return: 0 or -1. */
int rec_report_json(FILE *f, const struct rec_report *r);
#endif
