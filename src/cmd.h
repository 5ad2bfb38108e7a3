/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table, global options and exit codes shared by every subcommand. */
#ifndef CMACTL_CMD_H
#define CMACTL_CMD_H
#include <stdbool.h>
#include <stdint.h>

/* Exit codes, documented in cmactl(8) EXIT STATUS. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* operational failure: bad input, a write failed */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_PARTIAL = 3,	/* answered, but some source could not be read */
	EXIT_ALLOC_FAILED = 4,	/* stress: an allocation failed (the failure was reproduced) */
	EXIT_CANNOT_RUN = 5,	/* stress: could not run (no CMA heap, refused by the bound...) */
};

struct global_opts {
	const char *root;
	bool json;
	const char *dmesg, *dtb, *config, *cmdline;
	const char *kernel_version;
	uint64_t page_size;	/* 0: the target's */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct global_opts *g);
	const char *summary;
};

int cmd_status(int argc, char **argv, const struct global_opts *g);
int cmd_set(int argc, char **argv, const struct global_opts *g);
int cmd_unset(int argc, char **argv, const struct global_opts *g);
int cmd_stress(int argc, char **argv, const struct global_opts *g);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
