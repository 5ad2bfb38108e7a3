/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table shared by every subcommand. */
#ifndef CMACTL_CMD_H
#define CMACTL_CMD_H
#include <stdbool.h>
#include <stdint.h>
#include "common.h"
#include "io/inputs.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct global_opts *g);
	const char *summary;
};

int cmd_status(int argc, char **argv, const struct global_opts *g);
int cmd_set(int argc, char **argv, const struct global_opts *g);
int cmd_unset(int argc, char **argv, const struct global_opts *g);
int cmd_stress(int argc, char **argv, const struct global_opts *g);
int cmd_export(int argc, char **argv, const struct global_opts *g);
int cmd_collect(int argc, char **argv, const struct global_opts *g);

#endif
