/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Close matches for a mistyped command or option name. Pure. */
#ifndef CMACTL_MODEL_SUGGEST_H
#define CMACTL_MODEL_SUGGEST_H
#include <stddef.h>

/**
 * edit_distance() - optimal string alignment distance: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1 ("statsu" -> "status" is 1).
 * Names longer than 63 bytes count as far from everything.
 */
unsigned edit_distance(const char *a, const char *b);

/**
 * suggest_closest() - the candidate nearest to @word, when it is near enough
 * to be a typo (at most 2 edits, and fewer edits than half the word's length).
 * Return: a pointer into @cands, or NULL.
 */
const char *suggest_closest(const char *word, const char *const *cands, size_t n);
#endif
