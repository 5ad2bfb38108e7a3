// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the text planners of `cmactl set` on an arbitrary file: the
 * command-line editor, the bootloader-file editors (extlinux, cmdline.txt,
 * grub and its grub.d drop-ins, u-boot-menu's /etc/default/u-boot, Armbian's
 * armbianEnv.txt), U-Boot environment text, Raspberry Pi config.txt (the
 * CMA overlay parameter, os_prefix/device_tree), the .config editor and the diff. The first input byte picks the
 * file kind and the request; the rest is the file.
 * Invariants: a command line edited to hold cma=64M parses back as 64 MiB; a
 * bootloader file edited once is not changed by the same edit again, and
 * passes the asked cma= last (none after unset).
 */
#include "fuzz.h"
#include "model/cmdline.h"
#include "model/kconfig.h"
#include "model/boot/boot.h"
#include "model/cmdedit.h"
#include "model/diff.h"
#include "model/kconfedit.h"
#include "model/request.h"
#include "model/rpiconfig.h"
#include "model/ubootenv.h"

static void check_diff(const char *a, size_t alen, const char *b, size_t blen)
{
	char *d = NULL;
	size_t dlen = 0;

	if (!diff_unified(a, alen, b, blen, "a", "b", &d, &dlen)) {
		FUZZ_ASSERT(d && (dlen == 0) == (alen == blen && !memcmp(a, b, alen)));
		/* the diff carries a NUL of the input through, as diff(1) does */
		FUZZ_ASSERT(memchr(a, 0, alen) || memchr(b, 0, blen) || strlen(d) == dlen);
	}
	free(d);
}

/*
 * An edited bootloader file: editing it again changes nothing, and the command
 * line it now passes (for GRUB: GRUB_CMDLINE_LINUX, then _DEFAULT) ends with
 * the asked cma=, or has none after unset. Quotes and "--" may hide a cma=
 * from the kernel, so that part is checked only without them.
 */
static void check_bootcfg(enum bootcfg_kind k, const char *t, size_t len, const char *label,
			  const char *arg, unsigned sel)
{
	static struct cma_cmdline cl;
	char *again = NULL, *line = NULL, err[200];
	size_t alen = 0;

	FUZZ_ASSERT(!boot_edit(k, t, len, label, arg, &again, &alen, NULL, err, sizeof(err)));
	FUZZ_ASSERT(alen == len && !memcmp(again, t, len));
	free(again);
	if (memchr(t, 0, len) || boot_cmdline(k, t, len, label, &line, err, sizeof(err)))
		return;
	if (!strchr(line, '"') && !strstr(line, "--")) {
		memset(&cl, 0, sizeof(cl));
		cmdline_parse(line, strlen(line), &cl);
		if (arg)
			FUZZ_ASSERT(cl.has_cma && cl.cma_valid &&
				    cl.size == (sel & 8 ? 128ull << 20 : 64ull << 20));
		else
			FUZZ_ASSERT(!cl.has_cma);
	}
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "extlinux.conf", "cmdline.txt", "grub", "x",
					     "/etc/default/grub.d/50-x.cfg", "u-boot", "armbianEnv.txt",
					     "y" };
	static struct cma_cmdline cl;
	const char *arg = "cma=64M";
	char *text, *out = NULL, err[200];
	struct boot_notes notes;
	size_t len, outlen = 0;
	unsigned sel;
	enum bootcfg_kind k;

	if (size < 1)
		return 0;
	sel = data[0];
	text = fuzz_cstr(data + 1, size - 1);
	len = size - 1;
	if (sel & 4)
		arg = NULL;
	else if (sel & 8)
		arg = "cma=128M@0x40000000-0x80000000";

	/* the command line itself */
	if (!cmdline_edit(text, strlen(text), arg, &out, &outlen)) {
		FUZZ_ASSERT(strlen(out) == outlen);
		memset(&cl, 0, sizeof(cl));
		cmdline_parse(out, outlen, &cl);
		/* the last cma= is the one the kernel sees; a "--" or an open quote
		 * in the input may hide it from the kernel, so check only without */
		if (arg && !memchr(text, '"', strlen(text)) && !strstr(text, "--"))
			FUZZ_ASSERT(cl.has_cma && cl.cma_valid &&
				    cl.size == (sel & 8 ? 128ull << 20 : 64ull << 20));
		check_diff(text, strlen(text), out, outlen);
		free(out);
		out = NULL;
	}

	/* a bootloader file */
	/* the DTB line of an extlinux label: a bounded, terminated path */
	{
		char path[64];
		bool dir;

		if (!boot_extlinux_fdt(text, len, sel & 16 ? "linux" : NULL, path, sizeof(path), &dir))
			FUZZ_ASSERT(strlen(path) < sizeof(path) && path[0]);
		/* the label's FDTOVERLAYS (io/fdtov.c): bounded, terminated names U-Boot could load */
		{
			static struct boot_overlays ov;

			if (!boot_extlinux_fdtoverlays(text, len, sel & 16 ? "linux" : NULL, &ov, err,
						       sizeof(err))) {
				FUZZ_ASSERT(ov.n >= 0 && ov.n <= BOOT_MAX_OVERLAYS);
				for (int i = 0; i < ov.n; i++) {
					size_t pl = strlen(ov.path[i]);

					FUZZ_ASSERT(pl >= 1 && pl <= BOOT_OVERLAY_PATH_MAX);
					for (size_t j = 0; j < pl; j++)
						FUZZ_ASSERT((unsigned char)ov.path[i][j] > ' ' &&
							    ov.path[i][j] != 0x7f);
				}
			} else {
				FUZZ_ASSERT(err[0]);
			}
		}
		/* the kernel image line (io/target.c): the same bounds */
		if (!boot_extlinux_kernel(text, len, sel & 16 ? "linux" : NULL, path, sizeof(path)))
			FUZZ_ASSERT(strlen(path) < sizeof(path) && path[0]);
	}

	k = boot_kind(names[(sel & 3) | ((sel >> 3) & 4)], text, len);
	(void)boot_name(k);
	if (k != BOOTCFG_UNKNOWN) {
		const char *label = sel & 16 ? "linux" : NULL;

		if (!boot_cmdline(k, text, len, label, &out, err, sizeof(err)))
			free(out);
		out = NULL;
		if (!boot_edit(k, text, len, label, arg, &out, &outlen, &notes, err,
				       sizeof(err))) {
			FUZZ_ASSERT(notes.n >= 0 && notes.n <= BOOT_MAX_NOTES);
			check_diff(text, len, out, outlen);
			check_bootcfg(k, out, outlen, label, arg, sel);
			free(out);
		}
		out = NULL;
	}

	/* the GRUB chain: the file twice, as /etc/default/grub and a drop-in */
	{
		const char *t[2] = { text, text };
		const char *nm[2] = { "grub", "grub.d/x.cfg" };
		size_t tl[2] = { len, len };
		struct boot_grub_chain ch;

		if (!boot_grub_chain(t, tl, nm, 2, &ch, err, sizeof(err)))
			FUZZ_ASSERT(ch.edit < 2 && ch.cma_file < 2 &&
				    (ch.cma_file < 0 || (size_t)ch.cma_file == ch.edit));
	}

	/* U-Boot's environment as "name=value" lines: an edit made twice is made once */
	{
		struct ubootenv_where w;
		char *again = NULL, *line = NULL;
		size_t alen = 0;

		if (!ubootenv_edit(text, len, arg, &out, &outlen, &w, err, sizeof(err))) {
			FUZZ_ASSERT(!ubootenv_edit(out, outlen, arg, &again, &alen, &w, err,
						   sizeof(err)));
			FUZZ_ASSERT(alen == outlen && !memcmp(again, out, outlen));
			FUZZ_ASSERT(!ubootenv_cmdline(out, outlen, &line));
			free(again), free(line), free(out);
		}
		out = NULL;
	}

	/* config.txt: a parameter found names a line of the file and a known size */
	{
		struct rpi_cma rc;

		const char *board = (sel & 1) ? "raspberrypi,4-model-b" : NULL;
		uint64_t want = sel & 8 ? 128ull << 20 : sel & 2 ? 600ull << 20 : 64ull << 20;
		struct rpi_notes rnotes;
		struct rpi_dtb d;
		char *again = NULL;
		size_t alen = 0;

		rpi_config_cma(text, len, board, &rc);
		FUZZ_ASSERT(!rc.found || (rc.line >= 1 && rc.param[0] && (rc.is_default || rc.size ||
								      !strncmp(rc.param, "cma-size=", 9))));
		rpi_config_dtb(text, len, board, &d);
		(void)rpi_config_accepts(text, len, err, sizeof(err));
		/*
		 * set --via overlay: the file then gives a CMA parameter of at least the
		 * size asked, and the same edit again changes nothing; unset: none is left
		 */
		if (!rpi_config_edit(text, len, board, want, arg == NULL, &out, &outlen, &rnotes, err,
				     sizeof(err)) && out) {
			rpi_config_cma(out, outlen, board, &rc);
			if (arg)
				FUZZ_ASSERT(rc.found && !rc.is_default && rc.size >= want);
			else
				FUZZ_ASSERT(!rc.found);
			FUZZ_ASSERT(!rpi_config_edit(out, outlen, board, want, arg == NULL, &again, &alen,
						     &rnotes, err, sizeof(err)));
			FUZZ_ASSERT(!again || (alen == outlen && !memcmp(again, out, outlen)));
			free(again);
		}
		free(out);
		out = NULL;
	}

	/* a kernel .config */
	if (!kconfig_edit(text, len, (sel >> 5) * 16 + 16, arg == NULL, &out, &outlen)) {
		struct cma_kconfig kc;

		memset(&kc, 0, sizeof(kc));
		kconfig_parse(out, outlen, &kc);
		if (arg) {
			FUZZ_ASSERT(kconfig_is_config(out, outlen));
			FUZZ_ASSERT(kc.has_size_mbytes && kc.size_mbytes == (sel >> 5) * 16 + 16 &&
				    kc.size_sel == KC_SEL_MBYTES);
		}
		free(out);
	}
	free(text);
	return 0;
}
