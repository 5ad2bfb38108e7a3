/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The --svg timeline of a watch run: one panel per area. */
#ifndef CMACTL_REPORT_WATCHSVG_H
#define CMACTL_REPORT_WATCHSVG_H
#include <stdio.h>
#include "model/watch.h"
#include "report/watchreport.h"

/**
 * watch_svg() - an SVG 1.1 picture of the run: per area its use and its
 * largest free run over time, the area's size as a line, failures marked;
 * CmaTotal - CmaFree when no area has counters. Return: 0, or -1 on a
 * write error.
 */
int watch_svg(FILE *f, const struct watch_setup *su, const struct watch_state *w,
	      const struct watch_end *e);
#endif
