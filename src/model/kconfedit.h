/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The .config edit of `cmactl set --via kconfig`. Pure: buffers in, a malloc'd buffer out. */
#ifndef CMACTL_MODEL_KCONFEDIT_H
#define CMACTL_MODEL_KCONFEDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * kconfig_edit() - a .config/defconfig with CONFIG_CMA_SIZE_MBYTES=@mbytes,
 * CONFIG_CMA_SIZE_SEL_MBYTES=y and the other CONFIG_CMA_SIZE_SEL_* "is not
 * set" (linux-6.1 kernel/dma/Kconfig). Existing lines are rewritten where
 * they stand, duplicates dropped, missing ones added after the size line.
 * @remove: drop those lines instead, so the Kconfig defaults apply again.
 * Return: 0, or -1 when out of memory.
 */
int kconfig_edit(const char *text, size_t len, uint64_t mbytes, bool remove,
		 char **out, size_t *outlen);
#endif
