/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel versions: parsing and comparing. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_KVER_H
#define CMACTL_MODEL_KVER_H
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/**
 * kver_parse() - "6.1.192", "6.1.0-56-arm64", "5.4" into @out.
 * Return: 0, or -1 when it does not start with MAJOR.MINOR.
 */
int kver_parse(const char *text, struct kver *out);

/** kver_at_least() - true when @v is known and >= major.minor. */
int kver_at_least(const struct kver *v, unsigned major, unsigned minor);
#endif
