/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Printing a status report: readable text, or JSON whose keys are a stable API. */
#ifndef CMACTL_OUT_REPORT_H
#define CMACTL_OUT_REPORT_H
#include <stdio.h>
#include "model/cma.h"

/** report_text() - the human report: summary, layers, areas, failures, advice. */
void report_text(FILE *f, const struct cma_sources *s, const struct cma_report *r);

/** report_json() - the same as JSON (schema in cmactl(8)). Return: 0 or -1. */
int report_json(FILE *f, const struct cma_sources *s, const struct cma_report *r);

struct check_result;

/** report_json_checked() - report_json() with a "checks" array (status --check). */
int report_json_checked(FILE *f, const struct cma_sources *s, const struct cma_report *r,
			const struct check_result *chk);

/** report_check_text() - the "Check:" section: one line per problem, or that none was found. */
void report_check_text(FILE *f, const struct check_result *chk);

/**
 * json_utf8_string() - a JSON string of @s that is valid UTF-8 whatever @s
 * holds: DT names and log lines can carry any byte, and RFC 8259 parsers
 * (Python, serde_json) reject invalid UTF-8. Bad bytes become U+FFFD.
 */
struct json_object *json_utf8_string(const char *s);

/** json_put() - add @v under @k (a NULL @v is written as null). */
void json_put(struct json_object *o, const char *k, struct json_object *v);

/** json_u64_or_null() - @v as a JSON number, or NULL (null) when not @known. */
struct json_object *json_u64_or_null(bool known, uint64_t v);

/** errno_name() - "ENOMEM" for -12 or 12; "E<n>" when unknown. */
const char *errno_name(int ret, char *buf, size_t len);
#endif
