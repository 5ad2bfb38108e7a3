// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Planning `cmactl set` on text: cma= in a command line, the bootloader
 * files that carry one, CMA options in a .config, and the unified diff for
 * --dry-run. Pure: every function works on buffers.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"

#define MiB ((uint64_t)1 << 20)

/* A growing output buffer; @oom sticks so callers check once at the end. */
struct sbuf { char *p; size_t n, cap; bool oom; };

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *np;

		while (cap < b->n + n + 1)
			cap *= 2;
		np = realloc(b->p, cap);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np, b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

/* Hand the buffer over (an empty one is still a valid "" string). */
static int sb_finish(struct sbuf *b, char **out, size_t *outlen)
{
	sb_add(b, "", 0);
	if (b->oom) {
		free(b->p);
		return -1;
	}
	*out = b->p;
	if (outlen)
		*outlen = b->n;
	return 0;
}

uint64_t plan_cma_align(uint64_t page_size)
{
	/* arm64 pageblock at its largest: order 10 (4K), 11 (16K), 13 (64K) */
	if (page_size == 16384)
		return page_size << 11;
	if (page_size == 65536)
		return page_size << 13;
	return (uint64_t)4096 << 10;
}

static void fmt_size(uint64_t v, char *buf, size_t len)
{
	if (v && v % MiB == 0)
		snprintf(buf, len, "%" PRIu64 "M", v / MiB);
	else if (v && v % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "K", v / 1024);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

void plan_cma_arg(const struct cma_req *req, char *buf, size_t len)
{
	char sz[32];

	fmt_size(req->size, sz, sizeof(sz));
	if (req->has_base && req->has_limit && !req->is_static)
		snprintf(buf, len, "cma=%s@0x%" PRIx64 "-0x%" PRIx64, sz, req->base, req->limit);
	else if (req->has_base)
		snprintf(buf, len, "cma=%s@0x%" PRIx64, sz, req->base);
	else if (req->has_limit)	/* early_cma: a limit needs a base; 0 is "anywhere below" */
		snprintf(buf, len, "cma=%s@0-0x%" PRIx64, sz, req->limit);
	else
		snprintf(buf, len, "cma=%s", sz);
}

/* ---- command lines ---- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One argument as linux-6.1 lib/cmdline.c next_arg() splits it: quotes group. */
static const char *arg_end(const char *p, const char *end)
{
	bool quoted = false;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && is_blank(*p))
			break;
	}
	return p;
}

static bool arg_is_cma(const char *s, const char *e)
{
	if (s < e && *s == '"')
		s++;
	return e - s >= 4 && !memcmp(s, "cma=", 4);
}

struct tok { const char *s, *e; };

/* The arguments before "--" (init's own arguments follow it). */
static size_t tokenize(const char *p, const char *end, struct tok *t, const char **dashes)
{
	size_t n = 0;

	*dashes = NULL;
	while (p < end) {
		const char *e;

		while (p < end && is_blank(*p))
			p++;
		if (p == end)
			break;
		e = arg_end(p, end);
		if (e - p == 2 && !memcmp(p, "--", 2)) {
			*dashes = p;
			break;
		}
		t[n].s = p, t[n++].e = e;
		p = e;
	}
	return n;
}

static size_t memchr_count(const char *s, const char *e, char c)
{
	size_t n = 0;

	for (; s < e; s++)
		n += *s == c;
	return n;
}

/* No cma= yet: insert @arg before "--", or after the last non-blank. */
static void insert_arg(struct sbuf *b, const char *line, const char *end, const char *dashes,
		       const char *arg)
{
	const char *at = dashes ? dashes : end;

	if (!dashes)
		while (at > line && is_blank(at[-1]))
			at--;
	sb_add(b, line, (size_t)(at - line));
	/* An unterminated quote runs to the end of the line in the kernel's next_arg():
	 * close it, or the new cma= would become part of the quoted value (finding F1). */
	if (!dashes && memchr_count(line, at, '"') % 2)
		sb_str(b, "\"");
	if (at > line && !dashes)
		sb_str(b, " ");
	sb_str(b, arg);
	if (dashes)
		sb_str(b, " ");
	sb_add(b, at, (size_t)(end - at));
}

/*
 * Copy the line, replacing token @keep by @arg and dropping every other
 * cma=. A dropped argument takes the blanks before it with it, or, when no
 * kept argument precedes it, the blanks after it, so no double or leading
 * blank is left behind.
 */
static void rewrite(struct sbuf *b, const char *line, const char *end, const struct tok *t,
		    size_t nt, size_t keep, const char *arg, const char *dashes)
{
	const char *copied = line;
	bool kept_before = false;

	for (size_t i = 0; i < nt; i++) {
		if (!arg_is_cma(t[i].s, t[i].e)) {
			kept_before = true;
			continue;
		}
		if (i == keep && arg) {
			sb_add(b, copied, (size_t)(t[i].s - copied));
			sb_str(b, arg);
			copied = t[i].e;
			kept_before = true;
		} else if (kept_before) {
			sb_add(b, copied, (size_t)(t[i - 1].e - copied));
			copied = t[i].e;
		} else {
			sb_add(b, copied, (size_t)(t[i].s - copied));
			copied = i + 1 < nt ? t[i + 1].s : dashes ? dashes : t[i].e;
		}
	}
	sb_add(b, copied, (size_t)(end - copied));
}

int plan_cmdline_edit(const char *line, size_t len, const char *arg, char **out, size_t *outlen)
{
	const char *end = line + len, *dashes;
	struct tok *t = malloc((len / 2 + 1) * sizeof(*t));
	struct sbuf b = { 0 };
	size_t nt, keep = (size_t)-1;

	if (!t)
		return -1;
	nt = tokenize(line, end, t, &dashes);
	for (size_t i = 0; i < nt; i++)
		if (arg_is_cma(t[i].s, t[i].e))
			keep = i;	/* the last one is the one the kernel uses */
	if (keep == (size_t)-1 && arg)
		insert_arg(&b, line, end, dashes, arg);
	else
		rewrite(&b, line, end, t, nt, keep, arg, dashes);
	free(t);
	return sb_finish(&b, out, outlen);
}

/* ---- bootloader files ---- */

/* The part of a file that holds the command line, and how to write it back. */
struct span {
	bool found;
	size_t start, end;	/* the command line text, quotes excluded */
	size_t insert_at;	/* where to add a line when !found */
	char quote;		/* GRUB: '"', '\'' or 0 */
};

static const char *kw_after(const char *line, size_t n, const char *kw)
{
	size_t i = 0, k = strlen(kw);

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n - i < k || strncasecmp(line + i, kw, k))
		return NULL;
	if (i + k < n && line[i + k] != ' ' && line[i + k] != '\t')
		return NULL;
	for (i += k; i < n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	return line + i;
}

static size_t line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return (size_t)((nl ? nl : end) - p);
}

/* extlinux: DEFAULT names the label; its block runs to the next LABEL. */
static int extlinux_span(const char *text, size_t len, const char *label, struct span *sp,
			 char *err, size_t errlen)
{
	const char *end = text + len, *p, *v, *want = label;
	size_t wantlen = label ? strlen(label) : 0;
	bool in = false, seen = false;

	for (p = text; !want && p < end; p += line_len(p, end) + 1)
		if ((v = kw_after(p, line_len(p, end), "DEFAULT")) && v < p + line_len(p, end)) {
			want = v;
			wantlen = 0;
			while (v + wantlen < p + line_len(p, end) && !is_blank(v[wantlen]))
				wantlen++;
		}
	for (p = text; p < end; p += line_len(p, end) + 1) {
		size_t n = line_len(p, end);
		const char *ll = kw_after(p, n, "LABEL");

		if (ll) {
			if (in)
				break;
			in = !want || ((size_t)(p + n - ll) >= wantlen && !memcmp(ll, want, wantlen) &&
				       (ll + wantlen == p + n || is_blank(ll[wantlen])));
			if (in) {
				seen = true;
				sp->insert_at = (size_t)(p - text) + n + (p + n < end);
			}
		} else if (in && (v = kw_after(p, n, "APPEND"))) {
			sp->found = true;
			sp->start = (size_t)(v - text);
			sp->end = (size_t)(p - text) + n;
		}
	}
	if (!seen && want)
		snprintf(err, errlen, "no LABEL %.*s in the file", (int)wantlen, want);
	else if (!seen)
		snprintf(err, errlen, "no LABEL in the file");
	return seen ? 0 : -1;
}

/* GRUB: the last GRUB_CMDLINE_LINUX= (shell assignment, the last one counts). */
static void grub_span(const char *text, size_t len, struct span *sp)
{
	const char *end = text + len, *p;

	sp->insert_at = len;
	for (p = text; p < end; p += line_len(p, end) + 1) {
		size_t n = line_len(p, end), i = 0;
		const char *v, *e = p + n;

		while (i < n && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (n - i < 19 || memcmp(p + i, "GRUB_CMDLINE_LINUX=", 19))
			continue;
		v = p + i + 19;
		sp->found = true;
		sp->quote = (v < e && (*v == '"' || *v == '\'')) ? *v : 0;
		if (sp->quote) {
			const char *q = ++v;

			while (q < e && *q != sp->quote)
				q += (*q == '\\' && sp->quote == '"' && q + 1 < e) ? 2 : 1;
			e = q;
		} else {
			const char *q = v;

			while (q < e && !is_blank(*q) && *q != '#' && *q != ';')
				q++;
			e = q;
		}
		sp->start = (size_t)(v - text);
		sp->end = (size_t)(e - text);
	}
}

static int find_span(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		     struct span *sp, char *err, size_t errlen)
{
	memset(sp, 0, sizeof(*sp));
	switch (k) {
	case BOOTCFG_EXTLINUX:
		return extlinux_span(text, len, label, sp, err, errlen);
	case BOOTCFG_RPI_CMDLINE:
		/* the firmware reads the first line only */
		sp->found = true;
		sp->end = line_len(text, text + len);
		return 0;
	case BOOTCFG_GRUB:
		grub_span(text, len, sp);
		return 0;
	default:
		snprintf(err, errlen, "not a known bootloader file");
		return -1;
	}
}

enum bootcfg_kind plan_bootcfg_kind(const char *name, const char *text, size_t len)
{
	const char *base = strrchr(name, '/'), *end = text + len, *p;

	base = base ? base + 1 : name;
	if (!strcmp(base, "cmdline.txt"))
		return BOOTCFG_RPI_CMDLINE;
	for (p = text; p < end; p += line_len(p, end) + 1) {
		size_t n = line_len(p, end);

		if (kw_after(p, n, "GRUB_CMDLINE_LINUX=") || (n >= 19 &&
		    !memcmp(p, "GRUB_CMDLINE_LINUX=", 19)))
			return BOOTCFG_GRUB;
		if (kw_after(p, n, "LABEL") || kw_after(p, n, "APPEND"))
			return BOOTCFG_EXTLINUX;
	}
	if (!strcmp(base, "grub"))
		return BOOTCFG_GRUB;
	if (!strcmp(base, "extlinux.conf"))
		return BOOTCFG_EXTLINUX;
	return BOOTCFG_UNKNOWN;
}

const char *plan_bootcfg_name(enum bootcfg_kind k)
{
	switch (k) {
	case BOOTCFG_EXTLINUX: return "extlinux.conf";
	case BOOTCFG_RPI_CMDLINE: return "Raspberry Pi cmdline.txt";
	case BOOTCFG_GRUB: return "GRUB defaults (GRUB_CMDLINE_LINUX)";
	default: return "unknown";
	}
}

int plan_bootcfg_cmdline(enum bootcfg_kind k, const char *text, size_t len, const char *label,
			 char **out, char *err, size_t errlen)
{
	struct span sp;
	struct sbuf b = { 0 };

	if (find_span(k, text, len, label, &sp, err, errlen))
		return -1;
	if (sp.found)
		sb_add(&b, text + sp.start, sp.end - sp.start);
	if (sb_finish(&b, out, NULL))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

/* A GRUB defaults file without GRUB_CMDLINE_LINUX gets one at the end. */
static void add_grub_line(struct sbuf *b, const char *text, size_t at, const char *arg)
{
	if (at && text[at - 1] != '\n')
		sb_str(b, "\n");
	sb_str(b, "GRUB_CMDLINE_LINUX=\"");
	sb_str(b, arg);
	sb_str(b, "\"\n");
}

int plan_bootcfg_edit(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		      const char *arg, char **out, size_t *outlen, char *err, size_t errlen)
{
	struct sbuf b = { 0 };
	struct span sp;
	char *line;
	size_t n;

	if (find_span(k, text, len, label, &sp, err, errlen))
		return -1;
	if (!sp.found && arg && k == BOOTCFG_EXTLINUX) {
		/* U-Boot passes its own bootargs when a label has no APPEND; adding one
		 * would replace them all (root= included) */
		snprintf(err, errlen, "the label has no APPEND line, so the kernel gets the "
			 "bootloader's bootargs; adding one would replace them: use --via bootargs, "
			 "or add an APPEND with the full command line by hand");
		return -1;
	}
	if (!sp.found) {
		sb_add(&b, text, sp.insert_at);
		if (arg)
			add_grub_line(&b, text, sp.insert_at, arg);
		sb_add(&b, text + sp.insert_at, len - sp.insert_at);
	} else {
		if (plan_cmdline_edit(text + sp.start, sp.end - sp.start, arg, &line, &n))
			return snprintf(err, errlen, "out of memory"), -1;
		sb_add(&b, text, sp.start);
		sb_add(&b, line, n);
		sb_add(&b, text + sp.end, len - sp.end);
		free(line);
	}
	if (sb_finish(&b, out, outlen))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

/* ---- .config ---- */

static const char *const sel_names[] = {
	"CMA_SIZE_SEL_MBYTES", "CMA_SIZE_SEL_PERCENTAGE", "CMA_SIZE_SEL_MIN", "CMA_SIZE_SEL_MAX",
};
#define NSEL (sizeof(sel_names) / sizeof(sel_names[0]))

/* The option a .config line sets ("CONFIG_X=..." or "# CONFIG_X is not set"), or NULL. */
static const char *kc_option(const char *line, size_t n, size_t *namelen)
{
	const char *s = line, *e;

	if (n > 9 && !memcmp(line, "# CONFIG_", 9) && n > 20 && !memcmp(line + n - 11, " is not set", 11)) {
		*namelen = n - 9 - 11;
		return line + 9;
	}
	if (n < 8 || memcmp(s, "CONFIG_", 7) || !(e = memchr(s, '=', n)))
		return NULL;
	*namelen = (size_t)(e - s - 7);
	return s + 7;
}

static void kc_write_sel(struct sbuf *b, size_t i)
{
	char l[80];

	snprintf(l, sizeof(l), i == 0 ? "CONFIG_%s=y\n" : "# CONFIG_%s is not set\n", sel_names[i]);
	sb_str(b, l);
}

int plan_kconfig_edit(const char *text, size_t len, uint64_t mbytes, bool remove,
		      char **out, size_t *outlen)
{
	const char *end = text + len, *p;
	bool seen_size = false, seen_sel[NSEL] = { false };
	struct sbuf b = { 0 };
	char l[80];

	snprintf(l, sizeof(l), "CONFIG_CMA_SIZE_MBYTES=%" PRIu64 "\n", mbytes);
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), nlen, next = n + (nl != NULL);
		const char *opt = kc_option(p, n && p[n - 1] == '\r' ? n - 1 : n, &nlen);
		size_t i;

		for (i = 0; opt && i < NSEL; i++)
			if (nlen == strlen(sel_names[i]) && !memcmp(opt, sel_names[i], nlen))
				break;
		if (opt && nlen == 15 && !memcmp(opt, "CMA_SIZE_MBYTES", 15)) {
			if (!remove && !seen_size)
				sb_str(&b, l);
			seen_size = true;
		} else if (opt && i < NSEL) {
			if (!remove && !seen_sel[i])
				kc_write_sel(&b, i);
			seen_sel[i] = true;
		} else {
			sb_add(&b, p, next);
		}
		p += next;
	}
	if (!remove) {
		if (b.n && b.p[b.n - 1] != '\n')
			sb_str(&b, "\n");
		if (!seen_size)
			sb_str(&b, l);
		for (size_t i = 0; i < NSEL; i++)
			if (!seen_sel[i])
				kc_write_sel(&b, i);
	}
	return sb_finish(&b, out, outlen);
}

/* ---- unified diff ---- */

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
	sb_add(b, &op, 1);
	sb_add(b, s, n);
	if (!n || s[n - 1] != '\n')
		sb_str(b, "\n\\ No newline at end of file\n");
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
		sb_str(o, hdr);
		for (size_t i = s; i < e; i++)
			if (sc->op[i] == '+')
				emit_line(o, '+', b->s[sc->bi[i]], b->n[sc->bi[i]]);
			else
				emit_line(o, sc->op[i], a->s[sc->ai[i]], a->n[sc->ai[i]]);
		k = e;
	}
}

int plan_diff(const char *ta, size_t alen, const char *tb, size_t blen,
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
		sb_str(&o, "--- "), sb_str(&o, name_a), sb_str(&o, "\n");
		sb_str(&o, "+++ "), sb_str(&o, name_b), sb_str(&o, "\n");
		emit_hunks(&o, &sc, &a, &b, 3);
	}
	ret = sb_finish(&o, out, outlen);
	o.p = NULL;
out:
	free(o.p);
	free(a.s), free(a.n), free(b.s), free(b.n);
	free(sc.op), free(sc.ai), free(sc.bi);
	return ret;
}
