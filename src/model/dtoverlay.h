/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device-tree overlays applied to a base DTB in memory, as U-Boot's
 * extlinux (pxe) boot applies a label's FDTOVERLAYS before the kernel
 * starts. Pure: buffers in, a malloc'd blob out.
 */
#ifndef CMACTL_MODEL_DTOVERLAY_H
#define CMACTL_MODEL_DTOVERLAY_H
#include <stdbool.h>
#include <stddef.h>

/* The room U-Boot leaves in the base DT before each overlay (see dtoverlay.c). */
#define DTOV_ROOM 8192

/**
 * dt_overlays_apply() - @n overlays (@ov[i], @ovlen[i] bytes) applied in
 * order to the base DTB @base with libfdt's fdt_overlay_apply(), the base
 * given DTOV_ROOM bytes of room before each, as U-Boot does.
 * @out, @outlen: the result, packed (free() it).
 * @failed: the index of the overlay that failed, -1 when the base did.
 * @err: why ("not a device tree blob: FDT_ERR_BADMAGIC", "FDT_ERR_NOTFOUND").
 * Return: 0, or -1 (nothing in @out).
 */
int dt_overlays_apply(const void *base, size_t blen, const void *const *ov, const size_t *ovlen,
		      int n, void **out, size_t *outlen, int *failed, char *err, size_t errlen);

struct cma_dt;

/**
 * dt_default_pool_changed() - does @after's default CMA pool (the
 * linux,cma-default node the kernel takes, Linux 6.1 rmem_cma_setup()) differ
 * from @before's: there in one only, another node, or another size?
 * @what: on a change, what @after holds ("/reserved-memory/linux,cma: 256 MiB",
 * "no linux,cma-default node").
 */
bool dt_default_pool_changed(const struct cma_dt *before, const struct cma_dt *after, char *what,
			     size_t whatlen);
#endif
