/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -h/--help, --usage and -V/--version for every argp of cmactl and dmaheap-alloc
 * (parsed with ARGP_NO_HELP): glibc's own help option is -?, and users of dtc,
 * fdtget, lsblk and modinfo type -h.
 */
#ifndef CMACTL_HELPOPT_H
#define CMACTL_HELPOPT_H
#include <argp.h>
#include <stdbool.h>

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
