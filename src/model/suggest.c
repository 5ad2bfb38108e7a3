// SPDX-License-Identifier: GPL-2.0-or-later
/* Did-you-mean: the edit distance of git's help.c idea, written for short names. */
#include <string.h>
#include "model/suggest.h"

#define NAME_MAX_LEN 63

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

unsigned edit_distance(const char *a, const char *b)
{
	unsigned d[NAME_MAX_LEN + 1][NAME_MAX_LEN + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > NAME_MAX_LEN || lb > NAME_MAX_LEN)
		return ~0u;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

const char *suggest_closest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	unsigned best_d = ~0u;
	size_t len = strlen(word);

	for (size_t i = 0; i < n; i++) {
		unsigned dist = edit_distance(word, cands[i]);

		if (dist < best_d)
			best_d = dist, best = cands[i];
	}
	/* "x" is 1 edit from "j": a near miss must keep most of the word */
	if (!best || best_d > 2 || best_d * 2 >= len)
		return NULL;
	return best;
}
