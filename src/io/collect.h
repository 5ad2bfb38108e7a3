/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `cmactl collect`: every file status reads, copied from the root into a
 * tar.gz laid out as a --root tree, with a manifest of what was read, what
 * was missing and why (io/bundle.h reads it back).
 */
#ifndef CMACTL_IO_COLLECT_H
#define CMACTL_IO_COLLECT_H
#include <stddef.h>
#include "io/inputs.h"
#include "io/root.h"

struct collect_result {
	int read;		/* files in the bundle (the manifest not counted) */
	int missing;		/* absent on the source: ENOENT */
	int unreadable;		/* present but not readable (EACCES: debugfs without root...) */
};

/**
 * collect_bundle() - write the bundle of @r to @out (relative to the cwd),
 * replacing it atomically (temp file, fsync, rename). The files @in names
 * (--dmesg, --dtb, --config, --cmdline) go in instead of the root's, where
 * status reads them; the manifest's fifth column says so.
 * Return: 0, or -1 with @err set (nothing written); a named file that cannot be
 * read is such an error, naming its option.
 */
int collect_bundle(const struct cma_root *r, const struct global_opts *in, const char *out,
		   struct collect_result *res, char *err, size_t errlen);
#endif
