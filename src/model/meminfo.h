/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/meminfo text -> CmaTotal, CmaFree, MemTotal. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_MEMINFO_H
#define CMACTL_MODEL_MEMINFO_H
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/** meminfo_parse() - CmaTotal/CmaFree/MemTotal from /proc/meminfo text. */
void meminfo_parse(const char *buf, size_t len, struct cma_meminfo *out);
#endif
