// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Armbian's /boot/armbianEnv.txt: "name=value" lines that boot.scr loads
 * into U-Boot's environment, extraargs (and extraboardargs) among them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/cmdedit.h"
#include "model/boot/bootfile.h"

/*
 * Armbian's boot scripts (armbian/build config/bootscripts/boot-*.cmd, e.g.
 * boot-rockchip64.cmd) run "env import -t" on armbianEnv.txt, then
 * "setenv bootargs "root=${rootdev} ... ${extraargs} ${extraboardargs}"".
 * env import -t takes one "name=value" per line, the value being the rest
 * of the line (no quotes), a later line replacing an earlier one, and lines
 * starting with '#' as comments. The kernel takes the last cma=, so one in
 * extraboardargs beats extraargs.
 */
enum { ARM_EXTRA, ARM_BOARD };
static const char *const arm_var[] = { "extraargs", "extraboardargs" };

/* The last line assigning each variable: its value's span. */
struct arm_val { bool found; size_t start, end, line; };

/* "NAME=" at the very start of the line (env import does not skip blanks). */
static int arm_assign(const char *p, size_t n, size_t *vstart)
{
	for (int v = ARM_EXTRA; v <= ARM_BOARD; v++) {
		size_t k = strlen(arm_var[v]);

		if (n > k && !memcmp(p, arm_var[v], k) && p[k] == '=') {
			*vstart = k + 1;
			return v;
		}
	}
	return -1;
}

static void arm_scan(const char *text, size_t len, struct arm_val val[2])
{
	const char *end = text + len, *p;
	size_t line = 1;

	memset(val, 0, 2 * sizeof(*val));
	for (p = text; p < end; p = boot_next_line(p, end), line++) {
		size_t n = boot_line_len(p, end), vs;
		int v = arm_assign(p, n, &vs);

		if (v < 0)
			continue;
		if (n && p[n - 1] == '\r')	/* a CRLF file: the '\r' is not the value's */
			n--;
		val[v].found = true;
		val[v].start = (size_t)(p - text) + vs;
		val[v].end = (size_t)(p - text) + n;
		val[v].line = line;
	}
}

static bool arm_line(const char *line, size_t n)
{
	size_t vs;

	return arm_assign(line, n, &vs) >= 0;
}

static int arm_cmdline(const char *text, size_t len, const char *label, struct sbuf *b,
		       char *err, size_t errlen)
{
	struct arm_val val[2];

	arm_scan(text, len, val);
	for (int v = ARM_EXTRA; v <= ARM_BOARD; v++) {
		if (!val[v].found)
			continue;
		if (v == ARM_BOARD && val[ARM_EXTRA].found)
			sbuf_str(b, " ");
		sbuf_add(b, text + val[v].start, val[v].end - val[v].start);
	}
	return 0;
}

/* @text with @arg in the last extraargs= (a line added when none), cma= out of extraboardargs=. */
static int arm_edit(const char *text, size_t len, const char *label, const char *arg,
		    struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	struct arm_val val[2];
	struct boot_span sp = { 0 };
	char cma[120];

	arm_scan(text, len, val);
	cmdline_cma_args(text + val[ARM_BOARD].start, val[ARM_BOARD].end - val[ARM_BOARD].start,
			 cma, sizeof(cma));
	if (val[ARM_BOARD].found && cma[0]) {
		struct sbuf t = { 0 };
		char *tt;
		size_t tl;
		int ret;

		sp.found = true, sp.start = val[ARM_BOARD].start, sp.end = val[ARM_BOARD].end;
		if (boot_span_edit(text, len, &sp, NULL, &t, err, errlen) ||
		    sbuf_finish(&t, &tt, &tl)) {
			free(t.p);
			return snprintf(err, errlen, "out of memory"), -1;
		}
		boot_notef(notes, "removed %s from extraboardargs (line %zu): boot.scr puts it after "
			   "extraargs, so the kernel would take it over %s", cma, val[ARM_BOARD].line,
			   arg ? "this change" : "nothing");
		ret = arm_edit(tt, tl, label, arg, b, NULL, err, errlen);
		free(tt);
		return ret;
	}
	if (val[ARM_EXTRA].found) {
		sp.found = true, sp.start = val[ARM_EXTRA].start, sp.end = val[ARM_EXTRA].end;
		return boot_span_edit(text, len, &sp, arg, b, err, errlen);
	}
	sbuf_add(b, text, len);
	if (arg) {
		if (len && text[len - 1] != '\n')
			sbuf_str(b, "\n");
		sbuf_str(b, "extraargs=");
		sbuf_str(b, arg);
		sbuf_str(b, "\n");
	}
	return 0;
}

const struct boot_ops boot_armbian_ops = {
	.kind = BOOTCFG_ARMBIAN_ENV,
	.name = "Armbian armbianEnv.txt (extraargs)",
	.file = "armbianEnv.txt",
	.name_first = true,
	/* boot.scr imports armbianEnv.txt at every boot */
	.after = "now reboot for it to count (Armbian's boot.scr reads armbianEnv.txt at every boot)",
	.line_is = arm_line,
	.cmdline = arm_cmdline,
	.edit = arm_edit,
};
