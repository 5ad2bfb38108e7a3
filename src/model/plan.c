// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Planning `cmactl set` on text: cma= in a command line, the bootloader
 * files that carry one, CMA options in a .config, and the unified diff for
 * --dry-run. Pure: every function works on buffers.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "model/plan.h"


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

static void notef(struct plan_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notef(struct plan_notes *n, const char *fmt, ...)
{
	va_list ap;

	if (!n || n->n >= PLAN_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(n->note[n->n++], sizeof(n->note[0]), fmt, ap);
	va_end(ap);
}

/* The cma= arguments of a command line, blank-separated, for a note. */
static void cma_args(const char *s, size_t n, char *buf, size_t len)
{
	struct tok *t = malloc((n / 2 + 1) * sizeof(*t));
	const char *dashes;
	size_t nt, used = 0;

	buf[0] = '\0';
	if (!t)
		return;
	nt = tokenize(s, s + n, t, &dashes);
	for (size_t i = 0; i < nt; i++)
		if (arg_is_cma(t[i].s, t[i].e)) {
			snprintf(buf + used, len - used, "%s%.*s", used ? " " : "",
				 (int)(t[i].e - t[i].s), t[i].s);
			used = strlen(buf);
		}
	free(t);
}

/* The part of a file that holds the command line, and which label it is. */
struct span {
	bool found;
	size_t start, end;	/* the command line text */
	const char *label;	/* extlinux: the label's name in the text, and why it is the one */
	size_t labellen;
	const char *why;	/* "DEFAULT", "ONTIMEOUT" (then named), "MENU DEFAULT", ... */
	bool named;
};

/* @kw at the start of @line (after blanks), case-insensitive: what follows it, or NULL. */
static const char *kw_after(const char *line, size_t n, const char *kw)
{
	size_t i = 0, k = strlen(kw);

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (n - i < k || strncasecmp(line + i, kw, k))
		return NULL;
	if (i + k < n && line[i + k] != ' ' && line[i + k] != '\t' && line[i + k] != '\r')
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

static const char *next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

static size_t word_len(const char *v, const char *e)
{
	size_t n = 0;

	while (v + n < e && !is_blank(v[n]))
		n++;
	return n;
}

/* What decides an extlinux.conf's default label. */
struct xl_scan {
	const char *top, *menu, *only;	/* last DEFAULT/ONTIMEOUT, first MENU DEFAULT, first label */
	size_t toplen, menulen, onlylen;
	const char *topkw;		/* "DEFAULT" or "ONTIMEOUT" */
	int nlabels;
};

/*
 * The label U-Boot boots when nobody picks one, from u-boot/u-boot
 * boot/pxe_utils.c: parse_pxefile_top() lets every top-level DEFAULT or
 * ONTIMEOUT set cfg->default_label, replacing what was there, and
 * parse_label_menu() lets a MENU DEFAULT inside a LABEL set it only while it
 * is still unset. So the last DEFAULT/ONTIMEOUT wins wherever it stands, else
 * the first MENU DEFAULT. Keywords are case-insensitive there (get_string()
 * lowercases them) and in syslinux; label names are compared exactly. As in
 * syslinux, the first word of DEFAULT is the label (the rest would be options).
 */
static void xl_scan(const char *text, size_t len, struct xl_scan *s)
{
	const char *end = text + len, *p, *v, *cur = NULL;
	size_t curlen = 0;

	memset(s, 0, sizeof(*s));
	for (p = text; p < end; p = next_line(p, end)) {
		const char *e = p + line_len(p, end);
		const char *kw = "DEFAULT";

		if ((v = kw_after(p, (size_t)(e - p), "LABEL"))) {
			cur = v, curlen = word_len(v, e);
			if (!s->nlabels++)
				s->only = cur, s->onlylen = curlen;
		} else if (((v = kw_after(p, (size_t)(e - p), kw)) ||
			    (v = kw_after(p, (size_t)(e - p), kw = "ONTIMEOUT"))) && word_len(v, e)) {
			s->top = v, s->toplen = word_len(v, e), s->topkw = kw;
		} else if (cur && !s->menu && (v = kw_after(p, (size_t)(e - p), "MENU")) &&
			   kw_after(v, (size_t)(e - v), "DEFAULT")) {
			s->menu = cur, s->menulen = curlen;
		}
	}
}

/* "l0, l0r, ..." : the labels of the file, for a message. */
static void xl_labels(const char *text, size_t len, char *buf, size_t buflen)
{
	const char *end = text + len, *p, *v;
	size_t used = 0;

	buf[0] = '\0';
	for (p = text; p < end && used + 1 < buflen; p = next_line(p, end))
		if ((v = kw_after(p, line_len(p, end), "LABEL"))) {
			snprintf(buf + used, buflen - used, "%s%.*s", used ? ", " : "",
				 (int)word_len(v, p + line_len(p, end)), v);
			used = strlen(buf);
		}
}

/* The default (or @label's) LABEL block, which runs to the next LABEL, and its APPEND. */
static int extlinux_span(const char *text, size_t len, const char *label, struct span *sp,
			 char *err, size_t errlen)
{
	const char *end = text + len, *p, *v, *want = label;
	size_t wantlen = label ? strlen(label) : 0;
	struct xl_scan s;
	char names[160];
	bool in = false;

	xl_scan(text, len, &s);
	if (!want && s.top)
		want = s.top, wantlen = s.toplen, sp->why = s.topkw, sp->named = true;
	else if (!want && s.menu)
		want = s.menu, wantlen = s.menulen, sp->why = "MENU DEFAULT in its block";
	else if (!want && s.nlabels == 1)
		want = s.only, wantlen = s.onlylen, sp->why = "the only LABEL";
	/* With no default U-Boot tries the labels in turn (boot_unattempted_labels()),
	 * so the first one boots: seen with Debian's U-Boot 2023.01 in the lab
	 * (test/vm/README.md, rt-uboot-extlinux-first-label-set40M). */
	else if (!want && s.nlabels > 1)
		want = s.only, wantlen = s.onlylen,
		sp->why = "the first LABEL, which U-Boot tries first when no DEFAULT names one";
	xl_labels(text, len, names, sizeof(names));
	if (!s.nlabels || !want)	/* want is only unset when there is no label */
		return snprintf(err, errlen, "no LABEL in the file"), -1;
	/* U-Boot's pxe_menu_to_menu() takes the last label of the name */
	for (p = text; p < end; p = next_line(p, end)) {
		size_t n = line_len(p, end);
		const char *ll = kw_after(p, n, "LABEL");

		if (ll) {
			in = word_len(ll, p + n) == wantlen && !memcmp(ll, want, wantlen);
			if (in)
				sp->label = ll, sp->labellen = wantlen, sp->found = false;
		} else if (in && (v = kw_after(p, n, "APPEND"))) {
			sp->found = true;
			sp->start = (size_t)(v - text);
			sp->end = (size_t)(p - text) + n;
		}
	}
	if (sp->label)
		return 0;
	if (label)
		snprintf(err, errlen, "no LABEL %.*s in the file (labels: %s)", (int)wantlen, want, names);
	else
		snprintf(err, errlen, "%s names %.*s, but there is no LABEL %.*s in the file: name one "
			 "with --label (%s)", sp->why, (int)wantlen, want, (int)wantlen, want, names);
	return -1;
}

/* ---- GRUB defaults ---- */

/*
 * /etc/default/grub is a shell script that grub-mkconfig sources. Debian's
 * grub-common 2.06-13+deb12u2, /etc/grub.d/10_linux, passes
 * "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}" to linux_entry() for
 * the normal entries (simple, advanced, init-*) and
 * "${GRUB_CMDLINE_LINUX_RECOVERY} ${GRUB_CMDLINE_LINUX}" for recovery ones,
 * and linux_entry() writes "linux ... root=... ro ${args}". The kernel takes
 * the last cma=, so one in _DEFAULT beats GRUB_CMDLINE_LINUX on normal boots.
 */
enum { GRUB_LINUX, GRUB_DEFAULT };
static const char *const grub_var[] = { "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT" };

/* One assignment of either variable. */
struct grub_asg {
	int var;
	size_t line;		/* 1-based, for notes */
	size_t start, end;	/* the value, quotes excluded */
	char quote;		/* '"', '\'' or 0 */
	bool odd;		/* unquoted, yet with quotes or backslashes in it */
	bool open;		/* the closing quote is missing */
	bool live;		/* its value reaches the kernel (the last, or expanded by it) */
};

/* "[export ]NAME=" after blanks: the value's first byte, or NULL. */
static const char *grub_assign(const char *p, const char *e, int *var)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p > 7 && !memcmp(p, "export", 6) && (p[6] == ' ' || p[6] == '\t'))
		for (p += 6; p < e && (*p == ' ' || *p == '\t'); p++)
			;
	for (int i = GRUB_LINUX; i <= GRUB_DEFAULT; i++) {
		size_t k = strlen(grub_var[i]);

		if ((size_t)(e - p) > k && !memcmp(p, grub_var[i], k) && p[k] == '=') {
			*var = i;
			return p + k + 1;
		}
	}
	return NULL;
}

/* The value at @v; a quoted one may run over lines. Return: the byte it ends on. */
static const char *grub_value(const char *text, const char *v, const char *end, struct grub_asg *a)
{
	const char *eol = v + line_len(v, end), *q = v;

	a->quote = v < end && (*v == '"' || *v == '\'') ? *v : 0;
	if (a->quote) {
		for (q = v + 1; q < end && *q != a->quote;)
			q += *q == '\\' && a->quote == '"' && q + 1 < end ? 2 : 1;
		if (q >= end)	/* unterminated (sh would refuse the file): keep to the line */
			q = eol, a->open = true;
		a->start = (size_t)(v + 1 - text);
	} else {
		/* a word ends at a blank or an operator; '#' inside a word is no comment */
		while (q < eol && !is_blank(*q) && !strchr(";&|<>()", *q)) {
			a->odd |= *q == '"' || *q == '\'' || *q == '\\';
			q++;
		}
		a->start = (size_t)(v - text);
	}
	a->end = (size_t)(q - text);
	return q < end ? q : end;
}

/* Every assignment of the two variables, in file order; @*out is malloc'd. */
static size_t grub_scan(const char *text, size_t len, struct grub_asg **out)
{
	const char *end = text + len, *p;
	size_t n = 0, line = 1;
	struct grub_asg *a = calloc(1 + memchr_count(text, end, '\n'), sizeof(*a));

	*out = a;
	if (!a)
		return (size_t)-1;
	for (p = text; p < end; p = next_line(p, end), line++) {
		const char *v = grub_assign(p, p + line_len(p, end), &a[n].var);

		if (!v)
			continue;
		a[n].line = line;
		p = grub_value(text, v, end, &a[n++]);
		line += memchr_count(v, p, '\n');
	}
	return n;
}

/* Does the value expand its own variable ($NAME, ${NAME...})? Single quotes expand nothing. */
static bool grub_self_ref(const char *text, const struct grub_asg *a)
{
	const char *s = text + a->start, *e = text + a->end, *name = grub_var[a->var];
	size_t k = strlen(name);

	for (; a->quote != '\'' && s < e; s++) {
		const char *q = s + 1;

		if (*s != '$')
			continue;
		q += q < e && *q == '{';
		if ((size_t)(e - q) >= k && !memcmp(q, name, k) &&
		    (q + k == e || !(isalnum((unsigned char)q[k]) || q[k] == '_')))
			return true;
	}
	return false;
}

/* Mark the assignments whose value reaches the kernel: the last, and what it expands. */
static void grub_live(const char *text, struct grub_asg *a, size_t n)
{
	for (int v = GRUB_LINUX; v <= GRUB_DEFAULT; v++) {
		bool more = true;

		for (size_t i = n; more && i-- > 0;)
			if (a[i].var == v) {
				a[i].live = true;
				more = grub_self_ref(text, &a[i]);
			}
	}
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

/*
 * Edit one assignment's value into @b (the text up to it is copied first).
 * An unquoted value that gains a blank is put in double quotes: sh would read
 * "X=a cma=64M" as two assignments. Return: 1 changed, 0 not, -1 with @err.
 */
static int grub_edit_one(const char *text, const struct grub_asg *a, const char *arg,
			 struct sbuf *b, size_t *copied, char *err, size_t errlen)
{
	const char *s = text + a->start;
	size_t n = a->end - a->start, nn;
	bool wrap = false;
	char *v;

	if (plan_cmdline_edit(s, n, arg, &v, &nn))
		return snprintf(err, errlen, "out of memory"), -1;
	if (nn == n && !memcmp(v, s, n)) {
		free(v);
		return 0;
	}
	if (a->odd) {
		free(v);
		return snprintf(err, errlen, "line %zu: the value of %s is unquoted but holds quotes "
				"or backslashes; put it in double quotes first", a->line,
				grub_var[a->var]), -1;
	}
	/* plan_cmdline_edit() closes an odd '"' of the kernel's (finding F1); inside sh
	 * double quotes that one is written \" and a bare '"' would end the value */
	for (size_t i = 0, bs = 0; a->quote == '"' && i < nn; bs = v[i] == '\\' ? bs + 1 : 0, i++)
		if (v[i] == '"' && bs % 2 == 0) {
			free(v);
			return snprintf(err, errlen, "line %zu: the value of %s has an unbalanced \\\" "
					"that cmactl cannot close inside sh quotes; fix it by hand",
					a->line, grub_var[a->var]), -1;
		}
	for (size_t i = 0; !a->quote && i < nn; i++)
		wrap |= is_blank(v[i]);
	sb_add(b, text + *copied, a->start - *copied);
	sb_str(b, wrap ? "\"" : "");
	sb_add(b, v, nn);
	sb_str(b, wrap ? "\"" : "");
	*copied = a->end;
	free(v);
	return 1;
}

/* Why a cma= left an assignment (@changed), or why one was left alone. */
static void grub_note(const char *text, const struct grub_asg *a, bool last, bool set, bool changed,
		      struct plan_notes *notes)
{
	const char *name = grub_var[a->var];
	char cma[120];

	cma_args(text + a->start, a->end - a->start, cma, sizeof(cma));
	if (!cma[0])
		return;
	if (!changed)
		notef(notes, "%s at line %zu has %s, but a later assignment replaces it: left alone",
		      name, a->line, cma);
	else if (a->var == GRUB_DEFAULT && set)
		notef(notes, "removed %s from %s (line %zu): grub-mkconfig puts it after "
		      "GRUB_CMDLINE_LINUX on the normal entries, so the kernel would take it over "
		      "this change", cma, name, a->line);
	else
		notef(notes, "removed %s from %s (line %zu)%s", cma, name, a->line,
		      last ? "" : ": a later assignment expands it");
}

/* The GRUB edit: @arg into the last GRUB_CMDLINE_LINUX, cma= out of every other live value. */
static int grub_edit(const char *text, size_t len, const char *arg, struct sbuf *b,
		     struct plan_notes *notes, char *err, size_t errlen)
{
	struct grub_asg *a;
	size_t n = grub_scan(text, len, &a), last[2] = { (size_t)-1, (size_t)-1 }, copied = 0;
	int ret = 0;

	if (n == (size_t)-1)
		return snprintf(err, errlen, "out of memory"), -1;
	for (size_t i = 0; i < n; i++)
		if (a[i].open) {
			snprintf(err, errlen, "line %zu: the value of %s has no closing %c: sh "
				 "(so update-grub) would fail on this file", a[i].line,
				 grub_var[a[i].var], a[i].quote);
			free(a);
			return -1;
		}
	grub_live(text, a, n);
	for (size_t i = 0; i < n; i++)
		last[a[i].var] = i;
	for (size_t i = 0; i < n && ret >= 0; i++) {
		bool mine = i == last[GRUB_LINUX];	/* the asked change: no note */

		ret = a[i].live ? grub_edit_one(text, &a[i], mine ? arg : NULL, b, &copied, err,
						errlen) : 0;
		if (ret >= 0 && !mine && (ret || !a[i].live))
			grub_note(text, &a[i], i == last[a[i].var], arg != NULL, ret == 1, notes);
	}
	if (ret >= 0) {
		sb_add(b, text + copied, len - copied);
		if (last[GRUB_LINUX] == (size_t)-1 && arg)
			add_grub_line(b, text, len, arg);
	}
	free(a);
	return ret < 0 ? -1 : 0;
}

/* The command line of a normal GRUB entry: the last values of both variables. */
static int grub_cmdline(const char *text, size_t len, struct sbuf *b)
{
	struct grub_asg *a;
	size_t n = grub_scan(text, len, &a), last[2] = { (size_t)-1, (size_t)-1 };

	if (n == (size_t)-1)
		return -1;
	for (size_t i = 0; i < n; i++)
		last[a[i].var] = i;
	for (int v = GRUB_LINUX; v <= GRUB_DEFAULT; v++) {
		if (last[v] == (size_t)-1)
			continue;
		if (v == GRUB_DEFAULT && last[GRUB_LINUX] != (size_t)-1)
			sb_str(b, " ");
		sb_add(b, text + a[last[v]].start, a[last[v]].end - a[last[v]].start);
	}
	free(a);
	return 0;
}

/* ---- any of them ---- */

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
	default:
		snprintf(err, errlen, "not a known bootloader file");
		return -1;
	}
}

enum bootcfg_kind plan_bootcfg_kind(const char *name, const char *text, size_t len)
{
	const char *base = strrchr(name, '/'), *end = text + len, *p;
	int var;

	base = base ? base + 1 : name;
	if (!strcmp(base, "cmdline.txt"))
		return BOOTCFG_RPI_CMDLINE;
	for (p = text; p < end; p = next_line(p, end)) {
		size_t n = line_len(p, end);

		if (grub_assign(p, p + n, &var))
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

	if (k == BOOTCFG_GRUB) {
		if (grub_cmdline(text, len, &b))
			b.oom = true;
	} else if (find_span(k, text, len, label, &sp, err, errlen)) {
		return -1;
	} else if (sp.found) {
		sb_add(&b, text + sp.start, sp.end - sp.start);
	}
	if (sb_finish(&b, out, NULL))
		return snprintf(err, errlen, "out of memory"), -1;
	return 0;
}

int plan_bootcfg_edit(enum bootcfg_kind k, const char *text, size_t len, const char *label,
		      const char *arg, char **out, size_t *outlen, struct plan_notes *notes,
		      char *err, size_t errlen)
{
	struct sbuf b = { 0 };
	struct span sp;
	char *line;
	size_t n;

	if (notes)
		notes->n = 0;
	if (k == BOOTCFG_GRUB) {
		if (grub_edit(text, len, arg, &b, notes, err, errlen)) {
			free(b.p);
			return -1;
		}
		goto done;
	}
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
	if (k == BOOTCFG_EXTLINUX && !label)
		notef(notes, "LABEL %.*s is the one U-Boot boots by default (%s%s%.*s)",
		      (int)sp.labellen, sp.label, sp.why, sp.named ? " " : "",
		      sp.named ? (int)sp.labellen : 0, sp.label);
	if (!sp.found) {
		sb_add(&b, text, len);
		goto done;
	}
	if (plan_cmdline_edit(text + sp.start, sp.end - sp.start, arg, &line, &n))
		return snprintf(err, errlen, "out of memory"), -1;
	sb_add(&b, text, sp.start);
	if (n && sp.start && !is_blank(text[sp.start - 1]))
		sb_str(&b, " ");	/* a bare "APPEND": keep the keyword a word of its own */
	sb_add(&b, line, n);
	sb_add(&b, text + sp.end, len - sp.end);
	free(line);
done:
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
