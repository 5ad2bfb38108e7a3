// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /etc/default/grub: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT, as
 * the shell that grub-mkconfig runs reads them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/cmdedit.h"
#include "model/boot/bootfile.h"

/*
 * /etc/default/grub is a shell script that grub-mkconfig sources. Debian's
 * grub-common 2.06-13+deb12u2, /etc/grub.d/10_linux, passes
 * "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}" to linux_entry() for
 * the normal entries (simple, advanced, init-*) and
 * "${GRUB_CMDLINE_LINUX_RECOVERY} ${GRUB_CMDLINE_LINUX}" for recovery ones,
 * and linux_entry() writes "linux ... root=... ro ${args}". The kernel takes
 * the last cma=, so one in _DEFAULT beats GRUB_CMDLINE_LINUX on normal boots.
 */
enum { GRUB_LINUX, GRUB_DEFAULT, UBOOT_PARAMS, SH_NVARS };
static const char *const grub_var[] = { "GRUB_CMDLINE_LINUX", "GRUB_CMDLINE_LINUX_DEFAULT",
					"U_BOOT_PARAMETERS" };

/*
 * The sh defaults files read here: the variables (grub_var[lo..hi]) whose
 * values make the command line in that order, and the tool that runs them.
 * /etc/default/u-boot is the same kind of file for Debian's u-boot-menu
 * (model/boot/ubootmenu.c): one variable, U_BOOT_PARAMETERS.
 */
struct sh_vars { int lo, hi; const char *tool; };
static const struct sh_vars grub_vars = { GRUB_LINUX, GRUB_DEFAULT, "update-grub" };
const struct sh_vars boot_uboot_vars = { UBOOT_PARAMS, UBOOT_PARAMS, "u-boot-update" };

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
static const char *grub_assign(const struct sh_vars *f, const char *p, const char *e, int *var)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p > 7 && !memcmp(p, "export", 6) && (p[6] == ' ' || p[6] == '\t'))
		for (p += 6; p < e && (*p == ' ' || *p == '\t'); p++)
			;
	for (int i = f->lo; i <= f->hi; i++) {
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
	const char *eol = v + boot_line_len(v, end), *q = v;

	a->quote = v < end && (*v == '"' || *v == '\'') ? *v : 0;
	if (a->quote) {
		for (q = v + 1; q < end && *q != a->quote;)
			q += *q == '\\' && a->quote == '"' && q + 1 < end ? 2 : 1;
		if (q >= end)	/* unterminated (sh would refuse the file): keep to the line */
			q = eol, a->open = true;
		a->start = (size_t)(v + 1 - text);
	} else {
		/* a word ends at a blank or an operator; '#' inside a word is no comment */
		while (q < eol && !boot_blank(*q) && !strchr(";&|<>()", *q)) {
			a->odd |= *q == '"' || *q == '\'' || *q == '\\';
			q++;
		}
		a->start = (size_t)(v - text);
	}
	a->end = (size_t)(q - text);
	return q < end ? q : end;
}

/* Every assignment of the two variables, in file order; @*out is malloc'd. */
static size_t grub_scan(const struct sh_vars *f, const char *text, size_t len,
			struct grub_asg **out)
{
	const char *end = text + len, *p;
	size_t n = 0, line = 1;
	struct grub_asg *a = calloc(1 + boot_count_char(text, end, '\n'), sizeof(*a));

	*out = a;
	if (!a)
		return (size_t)-1;
	for (p = text; p < end; p = boot_next_line(p, end), line++) {
		const char *v = grub_assign(f, p, p + boot_line_len(p, end), &a[n].var);

		if (!v)
			continue;
		a[n].line = line;
		p = grub_value(text, v, end, &a[n++]);
		line += boot_count_char(v, p, '\n');
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
static void grub_live(const struct sh_vars *f, const char *text, struct grub_asg *a, size_t n)
{
	for (int v = f->lo; v <= f->hi; v++) {
		bool more = true;

		for (size_t i = n; more && i-- > 0;)
			if (a[i].var == v) {
				a[i].live = true;
				more = grub_self_ref(text, &a[i]);
			}
	}
}

/*
 * A GRUB defaults file without GRUB_CMDLINE_LINUX gets one at the end; in a
 * drop-in (@dropin) it keeps what the files before it set.
 */
static void add_grub_line(const struct sh_vars *f, struct sbuf *b, const char *text, size_t at,
			  const char *arg, bool dropin)
{
	if (at && text[at - 1] != '\n')
		sbuf_str(b, "\n");
	sbuf_str(b, grub_var[f->lo]);
	sbuf_str(b, "=\"");
	if (dropin) {
		sbuf_str(b, "$");
		sbuf_str(b, grub_var[f->lo]);
		sbuf_str(b, " ");
	}
	sbuf_str(b, arg);
	sbuf_str(b, "\"\n");
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

	if (cmdline_edit(s, n, arg, &v, &nn))
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
	/* cmdline_edit() closes an odd '"' of the kernel's (finding F1); inside sh
	 * double quotes that one is written \" and a bare '"' would end the value */
	for (size_t i = 0, bs = 0; a->quote == '"' && i < nn; bs = v[i] == '\\' ? bs + 1 : 0, i++)
		if (v[i] == '"' && bs % 2 == 0) {
			free(v);
			return snprintf(err, errlen, "line %zu: the value of %s has an unbalanced \\\" "
					"that cmactl cannot close inside sh quotes; fix it by hand",
					a->line, grub_var[a->var]), -1;
		}
	/* a value left ending in an odd run of backslashes (a cma= removed after a
	 * '\\') would escape its own closing '"': sh would then read on to the next
	 * '"' in the file (fuzz-plan found it; input in fuzz/regress/plan/) */
	if (a->quote == '"') {
		size_t bs = 0;

		while (bs < nn && v[nn - 1 - bs] == '\\')
			bs++;
		if (bs % 2) {
			free(v);
			return snprintf(err, errlen, "line %zu: the value of %s would end in a "
					"backslash that escapes its closing quote; fix it by hand",
					a->line, grub_var[a->var]), -1;
		}
	}
	for (size_t i = 0; !a->quote && i < nn; i++)
		wrap |= boot_blank(v[i]);
	sbuf_add(b, text + *copied, a->start - *copied);
	sbuf_str(b, wrap ? "\"" : "");
	sbuf_add(b, v, nn);
	sbuf_str(b, wrap ? "\"" : "");
	*copied = a->end;
	free(v);
	return 1;
}

/* Why a cma= left an assignment (@changed), or why one was left alone. */
static void grub_note(const char *text, const struct grub_asg *a, bool last, bool set, bool changed,
		      struct boot_notes *notes)
{
	const char *name = grub_var[a->var];
	char cma[120];

	cmdline_cma_args(text + a->start, a->end - a->start, cma, sizeof(cma));
	if (!cma[0])
		return;
	if (!changed)
		boot_notef(notes, "%s at line %zu has %s, but a later assignment replaces it: left alone",
		      name, a->line, cma);
	else if (a->var == GRUB_DEFAULT && set)
		boot_notef(notes, "removed %s from %s (line %zu): grub-mkconfig puts it after "
		      "GRUB_CMDLINE_LINUX on the normal entries, so the kernel would take it over "
		      "this change", cma, name, a->line);
	else
		boot_notef(notes, "removed %s from %s (line %zu)%s", cma, name, a->line,
		      last ? "" : ": a later assignment expands it");
}

/* The GRUB edit: @arg into the last GRUB_CMDLINE_LINUX, cma= out of every other live value. */
static int grub_edit(const struct sh_vars *f, const char *text, size_t len, const char *arg,
		     bool dropin, struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	struct grub_asg *a;
	size_t n = grub_scan(f, text, len, &a), copied = 0;
	size_t last[SH_NVARS] = { (size_t)-1, (size_t)-1, (size_t)-1 };
	int ret = 0;

	if (n == (size_t)-1)
		return snprintf(err, errlen, "out of memory"), -1;
	for (size_t i = 0; i < n; i++)
		if (a[i].open) {
			snprintf(err, errlen, "line %zu: the value of %s has no closing %c: sh "
				 "(so %s) would fail on this file", a[i].line,
				 grub_var[a[i].var], a[i].quote, f->tool);
			free(a);
			return -1;
		}
	grub_live(f, text, a, n);
	for (size_t i = 0; i < n; i++)
		last[a[i].var] = i;
	for (size_t i = 0; i < n && ret >= 0; i++) {
		bool mine = i == last[f->lo];	/* the asked change: no note */

		ret = a[i].live ? grub_edit_one(text, &a[i], mine ? arg : NULL, b, &copied, err,
						errlen) : 0;
		if (ret >= 0 && !mine && (ret || !a[i].live))
			grub_note(text, &a[i], i == last[a[i].var], arg != NULL, ret == 1, notes);
	}
	if (ret >= 0) {
		sbuf_add(b, text + copied, len - copied);
		if (last[f->lo] == (size_t)-1 && arg)
			add_grub_line(f, b, text, len, arg, dropin);
	}
	free(a);
	return ret < 0 ? -1 : 0;
}

/* "$NAME" or "${NAME}" of either variable at @s: which (-1: none) and its length. */
static int grub_ref(const struct sh_vars *f, const char *s, const char *e, size_t *n)
{
	const char *q = s + 1;
	bool brace = q < e && *q == '{';

	q += brace;
	for (int v = f->hi; v >= f->lo; v--) {	/* the longer name first */
		size_t k = strlen(grub_var[v]);
		const char *t = q + k;

		if ((size_t)(e - q) < k || memcmp(q, grub_var[v], k))
			continue;
		if (brace ? t < e && *t == '}' : t == e || !(isalnum((unsigned char)*t) || *t == '_')) {
			*n = (size_t)(t + brace - s);
			return v;
		}
	}
	return -1;
}

/*
 * The value of @a as sh gives it: "$GRUB_CMDLINE_LINUX" and the like
 * expanded from @cur (the values so far); single quotes expand nothing.
 */
static void grub_expand(const struct sh_vars *f, const char *text, const struct grub_asg *a,
			struct sbuf cur[SH_NVARS], struct sbuf *out)
{
	const char *s = text + a->start, *e = text + a->end;

	while (s < e) {
		size_t n = 1;
		int v = *s == '$' && a->quote != '\'' ? grub_ref(f, s, e, &n) : -1;

		if (v >= 0)
			sbuf_add(out, cur[v].p ? cur[v].p : "", cur[v].n);
		else
			sbuf_add(out, s, 1);
		s += n;
	}
}

/*
 * The command line of a normal GRUB entry: both variables as the shell
 * leaves them after every assignment in order (a later one that expands
 * "$GRUB_CMDLINE_LINUX" keeps the earlier value), LINUX then DEFAULT.
 */
static int grub_cmdline(const struct sh_vars *f, const char *text, size_t len, struct sbuf *b)
{
	struct grub_asg *a;
	size_t n = grub_scan(f, text, len, &a);
	struct sbuf cur[SH_NVARS] = { { 0 }, { 0 }, { 0 } };
	bool set[SH_NVARS] = { false, false, false };

	if (n == (size_t)-1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct sbuf v = { 0 };

		grub_expand(f, text, &a[i], cur, &v);
		free(cur[a[i].var].p);
		cur[a[i].var] = v;
		set[a[i].var] = true;
	}
	for (int v = f->lo; v <= f->hi; v++) {
		if (!set[v])
			continue;
		if (v > f->lo && set[f->lo])
			sbuf_str(b, " ");
		sbuf_add(b, cur[v].p ? cur[v].p : "", cur[v].n);
		b->oom |= cur[v].oom;
	}
	for (int v = 0; v < SH_NVARS; v++)
		free(cur[v].p);
	free(a);
	return 0;
}

static bool grub_line(const char *line, size_t n)
{
	int var;

	return grub_assign(&grub_vars, line, line + n, &var) != NULL;
}

static int grub_edit_ops(const char *text, size_t len, const char *label, const char *arg,
			 struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	return grub_edit(&grub_vars, text, len, arg, false, b, notes, err, errlen);
}

static int grubd_edit_ops(const char *text, size_t len, const char *label, const char *arg,
			  struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	return grub_edit(&grub_vars, text, len, arg, true, b, notes, err, errlen);
}

static int grub_cmdline_ops(const char *text, size_t len, const char *label, struct sbuf *b,
			    char *err, size_t errlen)
{
	if (grub_cmdline(&grub_vars, text, len, b))
		b->oom = true;
	return 0;
}

const struct boot_ops boot_grub_ops = {
	.kind = BOOTCFG_GRUB,
	.name = "GRUB defaults (GRUB_CMDLINE_LINUX)",
	.file = "grub",
	/* grub-mkconfig reads /etc/default/grub; GRUB itself reads only grub.cfg */
	.after = "now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg): GRUB reads "
		 "this file only then",
	.line_is = grub_line,
	.cmdline = grub_cmdline_ops,
	.edit = grub_edit_ops,
};

int boot_sh_edit(const struct sh_vars *f, const char *text, size_t len, const char *arg,
		 struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	return grub_edit(f, text, len, arg, false, b, notes, err, errlen);
}

int boot_sh_cmdline(const struct sh_vars *f, const char *text, size_t len, struct sbuf *b)
{
	return grub_cmdline(f, text, len, b);
}

bool boot_sh_line(const struct sh_vars *f, const char *line, size_t n)
{
	int var;

	return grub_assign(f, line, line + n, &var) != NULL;
}

/* /etc/default/grub.d/NAME.cfg: what grub-mkconfig sources after /etc/default/grub. */
static bool grubd_name(const char *path)
{
	const char *base = strrchr(path, '/'), *dir;
	size_t n;

	if (!base || base == path)
		return false;
	n = strlen(base);
	for (dir = base - 1; dir > path && dir[-1] != '/'; dir--)
		;
	return n > 5 && !strcmp(base + n - 4, ".cfg") && base - dir == 6 &&
	       !memcmp(dir, "grub.d", 6);
}

const struct boot_ops boot_grubd_ops = {
	.kind = BOOTCFG_GRUB_DROPIN,
	.name = "GRUB drop-in (/etc/default/grub.d)",
	.file = "",
	.name_is = grubd_name,
	.after = "now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg): GRUB reads "
		 "this file only then",
	.cmdline = grub_cmdline_ops,
	.edit = grubd_edit_ops,
};

int boot_grub_join(const char *const *text, const size_t *len, size_t n, char **out,
		   size_t *outlen)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		sbuf_add(&b, text[i], len[i]);
		if (len[i] && text[i][len[i] - 1] != '\n')
			sbuf_str(&b, "\n");
	}
	return sbuf_finish(&b, out, outlen);
}

int boot_grub_chain(const char *const *text, const size_t *len, const char *const *name, size_t n,
		    struct boot_grub_chain *out, char *err, size_t errlen)
{
	struct grub_asg *a;
	size_t na, *start = calloc(n + 1, sizeof(*start)), jlen;
	long lastlinux = -1;
	char *joined = NULL, cma[120];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->cma_file = -1;
	/* each file on its own first: sh reads one file at a time, so a quote cannot run on */
	for (size_t f = 0; start && f < n; f++) {
		na = grub_scan(&grub_vars, text[f], len[f], &a);
		if (na == (size_t)-1)
			goto oom;
		for (size_t i = 0; i < na; i++)
			if (a[i].open) {
				snprintf(err, errlen, "%s: line %zu: the value of %s has no closing %c: "
					 "sh (so update-grub) would fail on this file", name[f],
					 a[i].line, grub_var[a[i].var], a[i].quote);
				free(a);
				goto out;
			}
		free(a);
		start[f + 1] = start[f] + len[f] + (len[f] && text[f][len[f] - 1] != '\n');
	}
	if (!start || boot_grub_join(text, len, n, &joined, &jlen))
		goto oom;
	if ((na = grub_scan(&grub_vars, joined, jlen, &a)) == (size_t)-1)
		goto oom;
	grub_live(&grub_vars, joined, a, na);
	for (size_t i = 0; i < na; i++) {
		size_t f = 0;

		while (f + 1 < n && a[i].start >= start[f + 1])
			f++;
		if (a[i].var == GRUB_LINUX)
			lastlinux = (long)f;
		cmdline_cma_args(joined + a[i].start, a[i].end - a[i].start, cma, sizeof(cma));
		/* normal entries: "LINUX DEFAULT", so a live DEFAULT's cma= comes last */
		if (a[i].live && cma[0] && (a[i].var == GRUB_DEFAULT || !out->cma_var ||
					    strcmp(out->cma_var, grub_var[GRUB_DEFAULT]))) {
			out->cma_file = (long)f;
			out->cma_var = grub_var[a[i].var];
			out->cma_line = a[i].line - boot_count_char(joined, joined + start[f], '\n');
		}
	}
	free(a);
	out->edit = out->cma_file >= 0 ? (size_t)out->cma_file : lastlinux >= 0 ? (size_t)lastlinux : 0;
	ret = 0;
	goto out;
oom:
	snprintf(err, errlen, "out of memory");
out:
	free(start);
	free(joined);
	return ret;
}
