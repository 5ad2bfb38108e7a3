/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every layer may use: exit codes and a few size macros. Nothing here does I/O. */
#ifndef CMACTL_COMMON_H
#define CMACTL_COMMON_H
#include <stdint.h>

/* Exit codes, documented in cmactl(8) EXIT STATUS. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* operational failure: bad input, a write failed */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_PARTIAL = 3,	/* answered, but some source could not be read */
	EXIT_ALLOC_FAILED = 4,	/* stress: an allocation failed (the failure was reproduced) */
	EXIT_CANNOT_RUN = 5,	/* stress: could not run (no CMA heap, refused by the bound...) */
	EXIT_PROBLEM = 6,	/* status --check: the report shows a problem */
};

#define KiB ((uint64_t)1 << 10)
#define MiB ((uint64_t)1 << 20)
#define GiB ((uint64_t)1 << 30)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
