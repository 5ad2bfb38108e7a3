/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A tiny assertion kit for the model's unit tests: no framework needed. */
#ifndef CMACTL_UNIT_H
#define CMACTL_UNIT_H
#include <stdio.h>
#include <string.h>
#include <inttypes.h>

static int unit_pass, unit_fail;

#define CHECK(cond) do { if (cond) unit_pass++; else { unit_fail++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_U64(a, b) do { uint64_t _a = (a), _b = (b); if (_a == _b) unit_pass++; else { \
	unit_fail++; fprintf(stderr, "%s:%d: %s = %" PRIu64 ", expected %" PRIu64 "\n", \
	__FILE__, __LINE__, #a, _a, _b); } } while (0)
#define CHECK_STR(a, b) do { const char *_a = (a), *_b = (b); if (!strcmp(_a, _b)) unit_pass++; \
	else { unit_fail++; fprintf(stderr, "%s:%d: %s = \"%s\", expected \"%s\"\n", \
	__FILE__, __LINE__, #a, _a, _b); } } while (0)
#define UNIT_DONE(name) (printf("unit %s: %d passed, %d failed\n", name, unit_pass, unit_fail), \
	unit_fail ? 1 : 0)
#endif
