/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure text parsers: sizes, /proc/meminfo, kernel .config, kernel command
 * line. Each takes a buffer, never a path.
 */
#ifndef CMACTL_MODEL_PARSE_H
#define CMACTL_MODEL_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include "cma.h"

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

/** meminfo_parse() - CmaTotal/CmaFree/MemTotal from /proc/meminfo text. */
void meminfo_parse(const char *buf, size_t len, struct cma_meminfo *out);

/** kconfig_parse() - the CMA options of a kernel .config text. */
void kconfig_parse(const char *buf, size_t len, struct cma_kconfig *out);

/**
 * kconfig_line() - an option as a .config spells it, for quoting in messages:
 * "CONFIG_X=y", "CONFIG_X=m", "# CONFIG_X is not set", or "no CONFIG_X line".
 * Return: @buf.
 */
const char *kconfig_line(const char *name, enum kc_tristate t, char *buf, size_t len);

/**
 * cmdline_parse() - cma=, cma_pernuma=, numa_cma= from a command line, as
 * the kernel's early_param handling sees them (quotes respected, the last
 * occurrence wins).
 */
void cmdline_parse(const char *buf, size_t len, struct cma_cmdline *out);

/**
 * kver_parse() - "6.1.192", "6.1.0-56-arm64", "5.4" into @out.
 * Return: 0, or -1 when it does not start with MAJOR.MINOR.
 */
int kver_parse(const char *text, struct kver *out);

/** kver_at_least() - true when @v is known and >= major.minor. */
int kver_at_least(const struct kver *v, unsigned major, unsigned minor);

/**
 * areas_get() - the area called @name, added if new.
 * Return: the area, or NULL when CMA_MAX_AREAS are already known.
 */
struct cma_area *areas_get(struct cma_areas *a, const char *name);

/**
 * u64_parse() - a sysfs/debugfs number: decimal, optional blanks around it and
 * one trailing newline. Return: 0, or -1 on anything else or overflow.
 */
int u64_parse(const char *buf, size_t len, uint64_t *out);

#endif
