/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading every CMA source into struct cma_sources. */
#ifndef CMACTL_IO_GATHER_H
#define CMACTL_IO_GATHER_H
#include "model/cma.h"
#include "common.h"
#include "io/inputs.h"
#include "io/root.h"

/**
 * gather() - read meminfo, the kernel config, the command line, the device
 * tree, the kernel log, sysfs and debugfs (each under --root unless an option
 * names a file). A missing source is "absent"; one that exists but cannot be
 * read is warned about on stderr.
 * Return: EXIT_OK, EXIT_PARTIAL (some source could not be read) or EXIT_FAIL
 * (a file named by an option is missing or invalid).
 */
int gather(const struct cma_root *r, const struct global_opts *g, struct cma_sources *s);
#endif
