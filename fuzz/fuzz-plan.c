// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer: the text planners of `cmactl set` on an arbitrary file: the
 * command-line editor, the bootloader-file editors (extlinux, cmdline.txt,
 * grub), the .config editor and the diff. The first input byte picks the
 * file kind and the request; the rest is the file.
 * Invariant: a command line edited to hold cma=64M parses back as 64 MiB.
 */
#include "fuzz.h"
#include "parse.h"
#include "plan.h"

static void check_diff(const char *a, size_t alen, const char *b, size_t blen)
{
	char *d = NULL;
	size_t dlen = 0;

	if (!plan_diff(a, alen, b, blen, "a", "b", &d, &dlen)) {
		FUZZ_ASSERT(d && (dlen == 0) == (alen == blen && !memcmp(a, b, alen)));
		/* the diff carries a NUL of the input through, as diff(1) does */
		FUZZ_ASSERT(memchr(a, 0, alen) || memchr(b, 0, blen) || strlen(d) == dlen);
	}
	free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "extlinux.conf", "cmdline.txt", "grub", "x" };
	static struct cma_cmdline cl;
	const char *arg = "cma=64M";
	char *text, *out = NULL, err[200];
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
	if (!plan_cmdline_edit(text, strlen(text), arg, &out, &outlen)) {
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
	k = plan_bootcfg_kind(names[sel & 3], text, len);
	(void)plan_bootcfg_name(k);
	if (k != BOOTCFG_UNKNOWN) {
		const char *label = sel & 16 ? "linux" : NULL;

		if (!plan_bootcfg_cmdline(k, text, len, label, &out, err, sizeof(err)))
			free(out);
		out = NULL;
		if (!plan_bootcfg_edit(k, text, len, label, arg, &out, &outlen, err, sizeof(err))) {
			check_diff(text, len, out, outlen);
			free(out);
		}
		out = NULL;
	}

	/* a kernel .config */
	if (!plan_kconfig_edit(text, len, (sel >> 5) * 16 + 16, arg == NULL, &out, &outlen)) {
		struct cma_kconfig kc;

		memset(&kc, 0, sizeof(kc));
		kconfig_parse(out, outlen, &kc);
		if (arg)
			FUZZ_ASSERT(kc.has_size_mbytes && kc.size_mbytes == (sel >> 5) * 16 + 16 &&
				    kc.size_sel == KC_SEL_MBYTES);
		free(out);
	}
	free(text);
	return 0;
}
