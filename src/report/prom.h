/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The status report as metrics for Prometheus (text exposition format 0.0.4)
 * or OpenMetrics 1.0. The metric names are an API, listed in cmactl(8), METRICS.
 */
#ifndef CMACTL_REPORT_PROM_H
#define CMACTL_REPORT_PROM_H
#include <stdio.h>
#include "model/cma.h"

enum prom_format { PROM_TEXT = 0, PROM_OPENMETRICS };

/**
 * prom_format_parse() - "prometheus" or "openmetrics" into @fmt.
 * Return: 0, or -1 for any other name.
 */
int prom_format_parse(const char *name, enum prom_format *fmt);

/**
 * report_prom() - every metric the sources give evidence for, in a fixed
 * order, without timestamps. A metric whose source was not read is left
 * out (unknown), never written as 0.
 * Return: 0, or -1 when writing to @f failed.
 */
int report_prom(FILE *f, const struct cma_sources *s, const struct cma_report *r,
		enum prom_format fmt);
#endif
