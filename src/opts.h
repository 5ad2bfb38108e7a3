/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Global options: accepted before the command and after it (argp child). */
#ifndef CMACTL_OPTS_H
#define CMACTL_OPTS_H
#include <argp.h>
#include "cmd.h"

/* Parses into the struct global_opts passed as the argp input. */
extern const struct argp global_argp;
#endif
