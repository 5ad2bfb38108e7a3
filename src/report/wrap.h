/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text for 80-column serial consoles, for every report (status, stress, set/unset): the
 * table stays; a reason too long for the line wraps under itself, broken at spaces. Widths
 * are display columns (one per UTF-8 character), whatever the terminal: the output may
 * be a log file read on one later.
 */
#ifndef CMACTL_REPORT_WRAP_H
#define CMACTL_REPORT_WRAP_H
#include <stddef.h>
#include <stdio.h>

#define TEXT_WIDTH 80

/** text_cols() - display columns of the @n bytes at @s: one per UTF-8 character. */
size_t text_cols(const char *s, size_t n);

/**
 * text_wrap() - @text from column @col on, broken at spaces so that no line passes
 * TEXT_WIDTH; lines after the first start at column @indent. A word longer than the
 * room (a path) is kept whole, so that it can be pasted. Ends with a newline.
 */
void text_wrap(FILE *f, int col, int indent, const char *text);

/**
 * text_fold() - every line of @text: as it is when it fits, else wrapped under its value:
 * after a short leading "label: " (and the spaces that align it), else under its own
 * indent (4 columns when it has none).
 */
void text_fold(FILE *f, const char *text);

/** text_printf() - text_fold() of the formatted text. */
void text_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
