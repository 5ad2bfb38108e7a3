/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cma= edited in a kernel command line. Pure: buffers in, a malloc'd buffer out. */
#ifndef CMACTL_MODEL_CMDEDIT_H
#define CMACTL_MODEL_CMDEDIT_H
#include <stddef.h>

/**
 * cmdline_edit() - a kernel command line with its cma= replaced.
 * The last cma= (the one the kernel uses) is replaced in place by @arg and
 * the earlier ones are dropped; without any, @arg is added before a "--"
 * (init's arguments) or at the end. Every other argument, its order, its
 * quoting and the surrounding blanks are kept. @arg NULL removes every cma=.
 * The line is split by cmdline_next() (model/cmdline.h), as the reader does.
 * @out: a new NUL-terminated buffer, @outlen its length (NUL excluded).
 * Return: 0, or -1 when out of memory.
 */
int cmdline_edit(const char *line, size_t len, const char *arg, char **out, size_t *outlen);

/** cmdline_cma_args() - the cma= arguments of a line, blank-separated, for a note ("" if none). */
void cmdline_cma_args(const char *s, size_t n, char *buf, size_t len);
#endif
