/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Global options: accepted before the command and after it (argp child); and, from
 * helpopt.c (linked by dmaheap-alloc too), -h/--help, --usage and -V/--version for every
 * argp of cmactl and dmaheap-alloc (parsed with ARGP_NO_HELP): glibc's own help option
 * is -?, and users of dtc, fdtget, lsblk and modinfo type -h.
 */
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

/** opts_parse_flags() - opts_parse() with argp flags (ARGP_IN_ORDER for `watch -- COMMAND`). */
void opts_parse_flags(const struct argp *argp, int argc, char **argv, unsigned flags, void *input);

/*
 * The commands that write one file or stdout and take no arguments (collect, export):
 * the global options, -o/--output FILE and the command's own options, one parser.
 */
struct file_cmd_opts {
	struct global_opts g;
	const char *output;	/* -o/--output FILE; NULL: the command's default */
	/* the command's own keys (state->input is this struct); ARGP_ERR_UNKNOWN for others */
	error_t (*own)(int key, char *arg, struct argp_state *state);
};

/**
 * opts_parse_file_cmd() - opts_parse() of @options (which list -o/--output with the command's
 * own help text) and the global options into @o: an empty --output and any argument are
 * usage errors (exit 2) naming the option or the argument.
 */
void opts_parse_file_cmd(const struct argp_option *options, const char *doc, int argc,
			 char **argv, struct file_cmd_opts *o);

/* A child for struct argp_child tables; prints argp_program_version for -V. */
extern const struct argp help_argp;

/**
 * opts_suggest() - before argp_parse(): a long option of @argv that neither @argp nor its
 * children know, but that is one or two typos from one they do, is a usage error that
 * names the option meant (exit 2). Anything else is left to argp.
 * @stop_at_arg: stop at the first non-option word (the top level: the command).
 */
void opts_suggest(const struct argp *argp, int argc, char **argv, bool stop_at_arg);

#endif
