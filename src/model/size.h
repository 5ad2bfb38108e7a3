/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizes as cmactl and the kernel spell them, and the plain numbers of sysfs/debugfs. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_SIZE_H
#define CMACTL_MODEL_SIZE_H
#include <stddef.h>
#include <stdint.h>

/**
 * size_parse() - the one size syntax of every cmactl command.
 * Accepts plain bytes ("268435456"), hex ("0x10000000"), binary suffixes
 * K/M/G/T with optional "i"/"iB"/"B" ("256M", "256MiB", "1G"), and pages
 * ("4097p", "4097pages") multiplied by @page_size.
 * @err: set to a message on failure.
 * Return: 0 on success, -1 on empty, negative, overflowing or unknown input.
 */
int size_parse(const char *text, uint64_t page_size, uint64_t *out, char *err, size_t errlen);

/**
 * size_format() - human size, exact when possible: "16 MiB", "96.5 MiB", "4096 B".
 */
void size_format(uint64_t bytes, char *buf, size_t len);

/**
 * kernel_memparse() - the kernel's memparse(): strtoull base 0 (so "010" is
 * octal), then an optional K/M/G/T/P/E suffix, case-insensitive.
 * @end: set past what was consumed.
 * Return: 0, or -1 when no digits or the value overflows.
 */
int kernel_memparse(const char *s, const char **end, uint64_t *out);

/**
 * u64_parse() - a sysfs/debugfs number: decimal, optional blanks around it and
 * one trailing newline. Return: 0, or -1 on anything else or overflow.
 */
int u64_parse(const char *buf, size_t len, uint64_t *out);
#endif
