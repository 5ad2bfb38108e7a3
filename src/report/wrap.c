// SPDX-License-Identifier: GPL-2.0-or-later
/* Wrapping report lines at 80 display columns (see wrap.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "report/wrap.h"

#define LABEL_MAX 24	/* a longer "x: " prefix is no label but a path or a sentence */

size_t text_cols(const char *s, size_t n)
{
	size_t cols = 0;

	for (size_t i = 0; i < n; i++)
		cols += ((unsigned char)s[i] & 0xc0) != 0x80;	/* continuation bytes add none */
	return cols;
}

void text_wrap(FILE *f, int col, int indent, const char *text)
{
	const char *p = text;

	while (*p) {
		int word = (int)text_cols(p, strcspn(p, " "));
		size_t wlen = strcspn(p, " ");

		if (col > indent && col + word > TEXT_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
		fprintf(f, "%.*s", (int)wlen, p);
		col += word;
		p += wlen;
		if (*p == ' ' && p[1]) {
			const char *next = p + strspn(p, " ");

			if (*next && col + 1 + (int)text_cols(next, strcspn(next, " ")) <= TEXT_WIDTH) {
				fputc(' ', f);
				col++;
			} else if (*next) {
				fprintf(f, "\n%*s", indent, "");
				col = indent;
			}
		}
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

/* The column a wrapped @line's later lines start at, and how many bytes its prefix is. */
static size_t hang(const char *line, size_t len, int *indent)
{
	size_t lead = strspn(line, " "), end;
	const char *colon = memchr(line + lead, ':', len - lead);

	if (colon && (size_t)(colon - line) + 1 < len && colon[1] == ' ') {
		end = (size_t)(colon - line) + 1;
		end += strspn(line + end, " ");
		if (text_cols(line, end) <= LABEL_MAX && end < len) {
			*indent = (int)text_cols(line, end);
			return end;
		}
	}
	*indent = lead ? (int)lead : 4;
	return lead;
}

static void fold_line(FILE *f, const char *line, size_t len)
{
	char *rest;
	size_t pre;
	int indent;

	if (text_cols(line, len) <= TEXT_WIDTH) {
		fprintf(f, "%.*s\n", (int)len, line);
		return;
	}
	pre = hang(line, len, &indent);
	rest = strndup(line + pre, len - pre);
	fprintf(f, "%.*s", (int)pre, line);
	if (rest)
		text_wrap(f, (int)text_cols(line, pre), indent, rest);
	else
		fprintf(f, "%.*s\n", (int)(len - pre), line + pre);
	free(rest);
}

void text_fold(FILE *f, const char *text)
{
	while (*text) {
		size_t len = strcspn(text, "\n");

		fold_line(f, text, len);
		text += len + (text[len] == '\n');
	}
}

void text_printf(FILE *f, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	text_fold(f, s);
	free(s);
}
