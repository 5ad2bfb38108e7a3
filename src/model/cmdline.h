/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CMA parameters of a kernel command line. Pure: takes buffers, never paths. */
#ifndef CMACTL_MODEL_CMDLINE_H
#define CMACTL_MODEL_CMDLINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"

/**
 * cmdline_parse() - cma=, cma_pernuma=, numa_cma= from a command line, as
 * the kernel's early_param handling sees them (quotes respected, the last
 * occurrence wins).
 */
void cmdline_parse(const char *buf, size_t len, struct cma_cmdline *out);

/*
 * The one kernel command-line tokenizer, shared by the reader and the
 * editor (cmdedit.h), so both split a line alike: linux-6.1 lib/cmdline.c
 * next_arg() (double quotes group blanks into an argument). A NUL counts
 * as a blank: /proc/cmdline and /chosen/bootargs end in one, and text
 * after it is still split rather than glued to the previous argument.
 */
struct cmdline_arg {
	const char *start, *end;	/* the argument, quotes included */
	const char *eq;			/* its first '=', or NULL */
	bool dashes;			/* "--": init's arguments follow */
};

/** cmdline_blank() - a separator between arguments: blank, tab, CR, LF or NUL. */
bool cmdline_blank(char c);

/**
 * cmdline_next() - the next argument at or after *@p (blanks skipped);
 * *@p moves past it. Return: false at the end of the line.
 */
bool cmdline_next(const char **p, const char *end, struct cmdline_arg *a);

/** cmdline_arg_is() - is @a "@name=..." (an opening quote allowed before the name)? */
bool cmdline_arg_is(const struct cmdline_arg *a, const char *name);
#endif
