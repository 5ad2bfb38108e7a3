/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CMA options of a kernel .config text. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_KCONFIG_H
#define CMACTL_MODEL_KCONFIG_H
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/** kconfig_parse() - the CMA options of a kernel .config text. */
void kconfig_parse(const char *buf, size_t len, struct cma_kconfig *out);

/**
 * kconfig_line() - an option as a .config spells it, for quoting in messages:
 * "CONFIG_X=y", "CONFIG_X=m", "# CONFIG_X is not set", or "no CONFIG_X line".
 * Return: @buf.
 */
const char *kconfig_line(const char *name, enum kc_tristate t, char *buf, size_t len);
#endif
