// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Raspberry Pi cmdline.txt: the firmware passes its first line to the
 * kernel, and nothing else of the file.
 */
#include <string.h>
#include "model/boot/bootfile.h"

static int rpi_span(const char *text, size_t len, const char *label, struct boot_span *sp,
		    char *err, size_t errlen)
{
	memset(sp, 0, sizeof(*sp));
	sp->found = true;
	sp->end = boot_line_len(text, text + len);
	return 0;
}

static int rpi_edit(const char *text, size_t len, const char *label, const char *arg,
		    struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	struct boot_span sp;

	rpi_span(text, len, label, &sp, err, errlen);
	return boot_span_edit(text, len, &sp, arg, b, err, errlen);
}

const struct boot_ops boot_rpi_ops = {
	.kind = BOOTCFG_RPI_CMDLINE,
	.name = "Raspberry Pi cmdline.txt",
	.file = "cmdline.txt",
	/* the firmware reads cmdline.txt at every boot */
	.after = "now reboot for it to count (the firmware reads cmdline.txt at every boot)",
	.name_first = true,
	.span = rpi_span,
	.edit = rpi_edit,
};
