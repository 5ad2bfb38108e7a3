/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growing text buffer for the planners of `cmactl set`: appends never fail
 * on their own, an out-of-memory sticks, and sbuf_finish() reports it once.
 */
#ifndef CMACTL_MODEL_SBUF_H
#define CMACTL_MODEL_SBUF_H
#include <stdbool.h>
#include <stddef.h>

struct sbuf { char *p; size_t n, cap; bool oom; };

/** sbuf_add() - append @n bytes of @s (NULs included); always NUL-terminated. */
void sbuf_add(struct sbuf *b, const char *s, size_t n);

/** sbuf_str() - append the string @s. */
void sbuf_str(struct sbuf *b, const char *s);

/**
 * sbuf_finish() - hand the buffer over as @out (an empty one is still "").
 * @outlen: may be NULL. Return: 0, or -1 when out of memory (the buffer is freed).
 */
int sbuf_finish(struct sbuf *b, char **out, size_t *outlen);
#endif
