// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /etc/default/u-boot of Debian's u-boot-menu: U_BOOT_PARAMETERS, from
 * which u-boot-update writes the APPEND lines of /boot/extlinux/extlinux.conf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/boot/bootfile.h"

/*
 * u-boot-menu 4.2.2, /usr/sbin/u-boot-update: it sources /etc/default/u-boot
 * (then the *.conf files of /usr/share/u-boot-menu/conf.d and
 * /etc/u-boot-menu/conf.d, which cmactl does not read),
 * takes an empty U_BOOT_PARAMETERS from /etc/kernel/cmdline (root= taken
 * out) when that file exists, else "ro quiet", and writes each default
 * label as "append ${U_BOOT_ROOT} ${U_BOOT_PARAMETERS}" (the rescue label
 * without quiet, plus single). An edit of extlinux.conf alone is lost at
 * the next kernel install (the zz-u-boot-menu hook runs u-boot-update).
 */
static const char fallback[] = "ro quiet";

static int ubm_cmdline(const char *text, size_t len, const char *label, struct sbuf *b,
		       char *err, size_t errlen)
{
	if (boot_sh_cmdline(&boot_uboot_vars, text, len, b))
		b->oom = true;
	return 0;
}

static bool ubm_line(const char *line, size_t n)
{
	return boot_sh_line(&boot_uboot_vars, line, n);
}

static int ubm_edit(const char *text, size_t len, const char *label, const char *arg,
		    struct sbuf *b, struct boot_notes *notes, char *err, size_t errlen)
{
	struct sbuf now = { 0 };
	char *with = NULL;
	int ret;

	if (boot_sh_cmdline(&boot_uboot_vars, text, len, &now) || now.oom) {
		free(now.p);
		return snprintf(err, errlen, "out of memory"), -1;
	}
	/* empty or unset: u-boot-update used its fallback, which the new value must keep */
	if (arg && !now.n) {
		size_t n = sizeof(fallback) + 1 + strlen(arg);

		if (!(with = malloc(n))) {
			free(now.p);
			return snprintf(err, errlen, "out of memory"), -1;
		}
		snprintf(with, n, "%s %s", fallback, arg);
		boot_notef(notes, "U_BOOT_PARAMETERS was empty, so u-boot-update used the "
			   "arguments of /etc/kernel/cmdline when that file exists, else \"%s\"; "
			   "the new value starts from \"%s\"", fallback, fallback);
	}
	free(now.p);
	ret = boot_sh_edit(&boot_uboot_vars, text, len, with ? with : arg, b, notes, err, errlen);
	free(with);
	return ret;
}

const struct boot_ops boot_ubootmenu_ops = {
	.kind = BOOTCFG_UBOOT_MENU,
	.name = "u-boot-menu defaults (U_BOOT_PARAMETERS)",
	.file = "u-boot",
	.name_first = true,
	.after = "now run u-boot-update: it writes /boot/extlinux/extlinux.conf from this file "
		 "(the next kernel install runs it too), then reboot",
	.line_is = ubm_line,
	.cmdline = ubm_cmdline,
	.edit = ubm_edit,
};
