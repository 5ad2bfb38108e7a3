/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DT an extlinux.conf label hands the kernel: its FDT file under the
 * root with the label's FDTOVERLAYS applied, as U-Boot does
 * (model/dtoverlay.h). Reads files; applies nothing itself.
 */
#ifndef CMACTL_IO_FDTOV_H
#define CMACTL_IO_FDTOV_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include "io/root.h"
#include "model/boot/boot.h"

/* The booted label's DTB and overlays. */
struct fdtov_label {
	char fdt[PATH_MAX];		/* its FDT/DEVICETREE line as written */
	bool is_dir;			/* an FDTDIR line: the file is U-Boot's choice */
	char fdt_rel[PATH_MAX + 8];	/* the file under the root ("" when not found) */
	struct stat st;			/* its identity, when found */
	struct boot_overlays ov;	/* ov.n 0: none */
	char bad[300];			/* the overlay line U-Boot could not load as written, or "" */
};

/**
 * fdtov_label() - the FDT line and overlays of extlinux.conf's label
 * (@label, NULL: the default) under @r; the FDT is looked for as written
 * under the root, else under boot/ (a /boot partition of its own).
 * Return: 0, or -1 when there is no extlinux.conf or the label loads no DTB.
 */
int fdtov_label(const struct cma_root *r, const char *label, struct fdtov_label *l);

/**
 * fdtov_apply() - @blob (the label's DTB, or an edit of it) with the first
 * @n of @l's overlays applied in order (each read as the FDT is).
 * @out, @outlen: the result (free() it).
 * @err: which overlay and why, on failure.
 * Return: 0, or -1.
 */
int fdtov_apply(const struct cma_root *r, const struct fdtov_label *l, int n, const void *blob,
		size_t blen, void **out, size_t *outlen, char *err, size_t errlen);

/** fdtov_list() - "a.dtbo b.dtbo (FDTOVERLAYS)" into @buf, for dt_from and notes. */
void fdtov_list(const struct fdtov_label *l, char *buf, size_t len);
#endif
