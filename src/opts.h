/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Global options: accepted before the command and after it (argp child). */
#ifndef CMACTL_OPTS_H
#define CMACTL_OPTS_H
#include <argp.h>
#include <stdbool.h>
#include "cmd.h"

/* Parses into the struct global_opts passed as the argp input. */
extern const struct argp global_argp;

/**
 * opts_parse() - a subcommand's argp_parse(): opts_suggest(), then argp with -h/--help,
 * --usage and -V/--version from helpopt.c (the argp must have global_argp as a child).
 * argv[0] is "cmactl COMMAND", so argp's hints name the command to run.
 */
void opts_parse(const struct argp *argp, int argc, char **argv, void *input);
#endif
