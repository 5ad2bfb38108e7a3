/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CMA options of a kernel .config text. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_KCONFIG_H
#define CMACTL_MODEL_KCONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/** kconfig_parse() - the CMA options of a kernel .config text. */
void kconfig_parse(const char *buf, size_t len, struct cma_kconfig *out);

/**
 * kconfig_is_config() - is @buf a kernel .config or defconfig? It is when a
 * line is an option as scripts/kconfig writes them ("CONFIG_NAME=...", or
 * "# CONFIG_NAME is not set") or the header "# Automatically generated
 * file; DO NOT EDIT." that make *config puts first. A defconfig (make
 * savedefconfig) has no header but has option lines; an empty file, a
 * hostname or a script has neither.
 */
bool kconfig_is_config(const char *buf, size_t len);

/**
 * kconfig_line() - an option as a .config spells it, for quoting in messages:
 * "CONFIG_X=y", "CONFIG_X=m", "# CONFIG_X is not set", or "no CONFIG_X line".
 * Return: @buf.
 */
const char *kconfig_line(const char *name, enum kc_tristate t, char *buf, size_t len);
#endif
