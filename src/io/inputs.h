/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the user pointed cmactl at (the global options): the root, and files that stand in
 * for a part of it. Filled by opts.c, read by io/gather.c. */
#ifndef CMACTL_IO_INPUTS_H
#define CMACTL_IO_INPUTS_H
#include <stdbool.h>
#include <stdint.h>

struct global_opts {
	const char *root;
	bool json;
	const char *dmesg, *dtb, *config, *cmdline;
	const char *kernel_version;
	uint64_t page_size;	/* 0: the target's */
};
#endif
