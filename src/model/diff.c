// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The unified diff that `cmactl set --dry-run` shows (diff.h): an LCS over
 * the lines between the common head and tail, hunks with 3 lines of context.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/diff.h"
#include "model/sbuf.h"

struct lines { const char **s; size_t *n; size_t count; };

static int split_lines(const char *t, size_t len, struct lines *l)
{
	const char *end = t + len, *p;
	size_t cap = 1;

	for (p = t; p < end; p++)
		cap += *p == '\n';
	l->s = malloc(cap * sizeof(*l->s));
	l->n = malloc(cap * sizeof(*l->n));
	l->count = 0;
	if (!l->s || !l->n)
		return -1;
	for (p = t; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl + 1 : end) - p);

		l->s[l->count] = p, l->n[l->count++] = n;
		p += n;
	}
	return 0;
}

static bool line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->s[i], b->s[j], a->n[i]);
}

/* An edit script as one op per line: ' ', '-' or '+'. */
struct script { char *op; size_t *ai, *bi; size_t n; };

/*
 * LCS over the part between the common head and tail; DTS texts of a few
 * thousand lines differ in a handful of lines, so that part is small. A
 * middle too big for the table is shown as all removed then all added.
 */
static int lcs_middle(const struct lines *a, size_t a0, size_t a1, const struct lines *b,
		      size_t b0, size_t b1, struct script *sc)
{
	size_t na = a1 - a0, nb = b1 - b0, i, j, w = nb + 1;
	unsigned *t = NULL;

	if (na && nb && (na + 1) * w <= (size_t)8 << 20)
		t = calloc((na + 1) * w, sizeof(*t));
	if (t) {
		for (i = na; i-- > 0;)
			for (j = nb; j-- > 0;)
				t[i * w + j] = line_eq(a, a0 + i, b, b0 + j) ?
					t[(i + 1) * w + j + 1] + 1 :
					t[(i + 1) * w + j] > t[i * w + j + 1] ?
					t[(i + 1) * w + j] : t[i * w + j + 1];
	}
	for (i = 0, j = 0; i < na || j < nb;) {
		char op;

		if (t && i < na && j < nb && line_eq(a, a0 + i, b, b0 + j))
			op = ' ';
		else if (i < na && (j == nb || !t || t[(i + 1) * w + j] >= t[i * w + j + 1]))
			op = '-';
		else
			op = '+';
		sc->op[sc->n] = op, sc->ai[sc->n] = a0 + i, sc->bi[sc->n++] = b0 + j;
		i += op != '+';
		j += op != '-';
	}
	free(t);
	return 0;
}

static void emit_line(struct sbuf *b, char op, const char *s, size_t n)
{
	sbuf_add(b, &op, 1);
	sbuf_add(b, s, n);
	if (!n || s[n - 1] != '\n')
		sbuf_str(b, "\n\\ No newline at end of file\n");
}

/* Hunks of the script with @ctx lines of context around each change. */
static void emit_hunks(struct sbuf *o, const struct script *sc, const struct lines *a,
		       const struct lines *b, size_t ctx)
{
	size_t k = 0;

	while (k < sc->n) {
		size_t s, e, last, na = 0, nb = 0;
		char hdr[96];

		while (k < sc->n && sc->op[k] == ' ')
			k++;
		if (k == sc->n)
			break;
		s = k > ctx ? k - ctx : 0;
		for (e = k, last = k; e < sc->n && e <= last + 2 * ctx; e++)
			if (sc->op[e] != ' ')
				last = e;
		e = last + ctx + 1 < sc->n ? last + ctx + 1 : sc->n;
		for (size_t i = s; i < e; i++)
			na += sc->op[i] != '+', nb += sc->op[i] != '-';
		snprintf(hdr, sizeof(hdr), "@@ -%zu,%zu +%zu,%zu @@\n", sc->ai[s] + (na != 0), na,
			 sc->bi[s] + (nb != 0), nb);
		sbuf_str(o, hdr);
		for (size_t i = s; i < e; i++)
			if (sc->op[i] == '+')
				emit_line(o, '+', b->s[sc->bi[i]], b->n[sc->bi[i]]);
			else
				emit_line(o, sc->op[i], a->s[sc->ai[i]], a->n[sc->ai[i]]);
		k = e;
	}
}

int diff_unified(const char *ta, size_t alen, const char *tb, size_t blen,
		 const char *name_a, const char *name_b, char **out, size_t *outlen)
{
	struct lines a = { 0 }, b = { 0 };
	struct script sc = { 0 };
	struct sbuf o = { 0 };
	size_t head = 0, tail = 0, max;
	int ret = -1;

	if (split_lines(ta, alen, &a) || split_lines(tb, blen, &b))
		goto out;
	while (head < a.count && head < b.count && line_eq(&a, head, &b, head))
		head++;
	while (tail < a.count - head && tail < b.count - head &&
	       line_eq(&a, a.count - 1 - tail, &b, b.count - 1 - tail))
		tail++;
	max = a.count + b.count + 1;
	sc.op = malloc(max);
	sc.ai = malloc(max * sizeof(size_t));
	sc.bi = malloc(max * sizeof(size_t));
	if (!sc.op || !sc.ai || !sc.bi)
		goto out;
	for (size_t i = 0; i < head; i++)
		sc.op[sc.n] = ' ', sc.ai[sc.n] = i, sc.bi[sc.n++] = i;
	lcs_middle(&a, head, a.count - tail, &b, head, b.count - tail, &sc);
	for (size_t i = 0; i < tail; i++)
		sc.op[sc.n] = ' ', sc.ai[sc.n] = a.count - tail + i, sc.bi[sc.n++] = b.count - tail + i;
	if (head < a.count || head < b.count) {
		sbuf_str(&o, "--- "), sbuf_str(&o, name_a), sbuf_str(&o, "\n");
		sbuf_str(&o, "+++ "), sbuf_str(&o, name_b), sbuf_str(&o, "\n");
		emit_hunks(&o, &sc, &a, &b, 3);
	}
	ret = sbuf_finish(&o, out, outlen);
	o.p = NULL;
out:
	free(o.p);
	free(a.s), free(a.n), free(b.s), free(b.n);
	free(sc.op), free(sc.ai), free(sc.bi);
	return ret;
}
