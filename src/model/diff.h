/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The unified diff of `cmactl set --dry-run`. Pure: buffers in, a malloc'd buffer out. */
#ifndef CMACTL_MODEL_DIFF_H
#define CMACTL_MODEL_DIFF_H
#include <stddef.h>

/**
 * diff_unified() - a unified diff (3 lines of context) from @a to @b, with
 * "--- @name_a" / "+++ @name_b" headers; "" when the texts are equal.
 * Return: 0, or -1 when out of memory.
 */
int diff_unified(const char *a, size_t alen, const char *b, size_t blen,
		 const char *name_a, const char *name_b, char **out, size_t *outlen);
#endif
