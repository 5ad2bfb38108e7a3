/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CMA parameters of a kernel command line. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_CMDLINE_H
#define CMACTL_MODEL_CMDLINE_H
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/**
 * cmdline_parse() - cma=, cma_pernuma=, numa_cma= from a command line, as
 * the kernel's early_param handling sees them (quotes respected, the last
 * occurrence wins).
 */
void cmdline_parse(const char *buf, size_t len, struct cma_cmdline *out);
#endif
