/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device-tree reader: walks an in-memory FDT blob with libfdt and fills
 * struct cma_dt. Never opens files.
 */
#ifndef CMACTL_MODEL_DT_H
#define CMACTL_MODEL_DT_H

#include <stdbool.h>
#include <stddef.h>
#include "model/cma.h"

/**
 * dt_validate() - is this a DTB libfdt can walk safely? Header, size against
 * @len, a bounded walk of the structure block, then fdt_check_full().
 * @err: on failure, "what: fdt_strerror()". Return: 0, or -1.
 */
int dt_validate(const void *blob, size_t len, char *err, size_t errlen);

/**
 * dt_parse() - read the CMA-relevant parts of a DTB held in memory.
 * @blob: the blob; @len: bytes available at @blob (the header's totalsize
 *        must fit in it).
 * @out: filled on success; zeroed on failure.
 * @err: on failure, a short message ("not a device tree blob: FDT_ERR_BADMAGIC").
 * @errlen: size of @err.
 * Return: 0 on success, -1 when the blob is not a usable DTB.
 */
int dt_parse(const void *blob, size_t len, struct cma_dt *out, char *err, size_t errlen);

/**
 * dt_node_available() - the kernel's of_fdt_device_is_available(): true when
 * the node has no status, or "okay" / "ok". Every reader of /memory and
 * /reserved-memory children skips the others (Linux 6.1 drivers/of/fdt.c).
 */
bool dt_node_available(const void *fdt, int node);

/**
 * dt_is_memory_node() - device_type "memory", or, without a device_type, a
 * node named memory or memory@...
 */
bool dt_is_memory_node(const void *fdt, int node);

#endif
