// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit test of the `set` planners: src/model/cmdedit.c, model/boot/ (command lines,
 * bootloader files, .config, diff) and src/model/dtedit.c (DT edits on
 * blobs built here with libfdt's sequential-write API).
 */
#include <stdint.h>
#include <stdlib.h>
#include <libfdt.h>

#include "common.h"
#include "unit.h"
#include "model/dt.h"
#include "model/dtedit.h"
#include "model/boot/boot.h"
#include "model/cmdedit.h"
#include "model/diff.h"
#include "model/kconfedit.h"
#include "model/kconfig.h"
#include "model/request.h"
#include "model/rpiconfig.h"

#define MIB(n) ((uint64_t)(n) << 20)

/* cmdline_edit() of @in with @arg, compared with @want. */
static void cmdline_case(const char *in, const char *arg, const char *want)
{
	char *out = NULL;
	size_t n = 0;

	CHECK(cmdline_edit(in, strlen(in), arg, &out, &n) == 0);
	if (!out)
		return;
	CHECK_STR(out, want);
	CHECK_U64(n, strlen(want));
	free(out);
}

static void test_cmdline(void)
{
	cmdline_case("console=ttyS0 root=/dev/vda", "cma=64M", "console=ttyS0 root=/dev/vda cma=64M");
	cmdline_case("console=ttyS0 cma=32M root=/dev/vda", "cma=64M",
		     "console=ttyS0 cma=64M root=/dev/vda");
	/* several: the last (the kernel's) is replaced, the others go */
	cmdline_case("cma=8M a cma=16M b\n", "cma=64M", "a cma=64M b\n");
	cmdline_case("a \"cma=16M\" b=\"x y\"", "cma=64M", "a cma=64M b=\"x y\"");
	/* after "--" it is init's argument, not the kernel's */
	cmdline_case("a -- cma=99M", "cma=64M", "a cma=64M -- cma=99M");
	cmdline_case("", "cma=64M", "cma=64M");
	cmdline_case("a b \n", "cma=64M", "a b cma=64M \n");
	cmdline_case("cma=8M a cma=16M b", NULL, "a b");
	cmdline_case("a cma=16M", NULL, "a");
	cmdline_case("cma=16M", NULL, "");
	cmdline_case("a b", NULL, "a b");
	cmdline_case("cmabar=1 xcma=2", NULL, "cmabar=1 xcma=2");
}

static void test_arg_align(void)
{
	struct cma_req r = { .size = MIB(64) };
	char buf[96];

	cmareq_arg(&r, buf, sizeof(buf));
	CHECK_STR(buf, "cma=64M");
	r.has_base = r.has_limit = true, r.base = 0x40000000, r.limit = 0x80000000;
	cmareq_arg(&r, buf, sizeof(buf));
	CHECK_STR(buf, "cma=64M@0x40000000-0x80000000");
	r.size = 1536 * 1024, r.has_base = r.has_limit = false;
	cmareq_arg(&r, buf, sizeof(buf));
	CHECK_STR(buf, "cma=1536K");
	CHECK_U64(cmareq_align(4096), MIB(4));
	CHECK_U64(cmareq_align(16384), MIB(32));
	CHECK_U64(cmareq_align(65536), MIB(512));
}

/*
 * boot_edit() of @in, compared with @want (NULL: refused); @note, when
 * given, must be part of one of the notes (with @want NULL: of the error).
 */
static void file_case_note(enum bootcfg_kind k, const char *in, const char *label, const char *arg,
			   const char *want, const char *note)
{
	char *out = NULL, err[256] = "";
	struct boot_notes notes = { .n = -1 };
	size_t n = 0;
	int r = boot_edit(k, in, strlen(in), label, arg, &out, &n, &notes, err, sizeof(err));
	bool seen = false;

	if (!want) {
		CHECK(r == -1 && err[0]);
		if (note && !strstr(err, note))
			fprintf(stderr, "error: %s\n", err);
		CHECK(!note || strstr(err, note));
		return;
	}
	CHECK(r == 0);
	if (r)
		fprintf(stderr, "error: %s\n", err);
	if (out) {
		CHECK_STR(out, want);
		CHECK_U64(n, strlen(want));
	}
	for (int i = 0; r == 0 && i < notes.n; i++)
		seen |= strstr(notes.note[i], note ? note : "") != NULL;
	CHECK(!note || seen);
	CHECK(r || (notes.n >= 0 && notes.n <= BOOT_MAX_NOTES));
	free(out);
}

static void file_case(enum bootcfg_kind k, const char *in, const char *label, const char *arg,
		      const char *want)
{
	file_case_note(k, in, label, arg, want, NULL);
}

/* boot_cmdline() of @in (NULL @want: refused). */
static void line_case(enum bootcfg_kind k, const char *in, const char *label, const char *want)
{
	char *line = NULL, err[256] = "";
	int r = boot_cmdline(k, in, strlen(in), label, &line, err, sizeof(err));

	CHECK(want ? r == 0 : r == -1 && err[0]);
	if (want && line)
		CHECK_STR(line, want);
	free(line);
}

static const char extlinux[] =
	"default l1\n\nlabel l0\n\tlinux /vmlinuz\n\tappend root=/dev/sda cma=16M\n\n"
	"LABEL l1\n    LINUX /vmlinuz\n    APPEND root=/dev/sdb quiet\nlabel l2\n\tlinux /x\n";

static void test_files(void)
{
	char *line = NULL, err[200];

	CHECK(boot_kind("x/extlinux.conf", extlinux, sizeof(extlinux) - 1) ==
	      BOOTCFG_EXTLINUX);
	CHECK(boot_kind("/boot/firmware/cmdline.txt", "a b", 3) == BOOTCFG_RPI_CMDLINE);
	CHECK(boot_kind("g", "X=1\nGRUB_CMDLINE_LINUX=\"\"\n", 24) == BOOTCFG_GRUB);
	CHECK(boot_kind("other", "foo\n", 4) == BOOTCFG_UNKNOWN);
	/* DEFAULT l1 */
	file_case(BOOTCFG_EXTLINUX, extlinux, NULL, "cma=64M",
		  "default l1\n\nlabel l0\n\tlinux /vmlinuz\n\tappend root=/dev/sda cma=16M\n\n"
		  "LABEL l1\n    LINUX /vmlinuz\n    APPEND root=/dev/sdb quiet cma=64M\nlabel l2\n"
		  "\tlinux /x\n");
	file_case(BOOTCFG_EXTLINUX, extlinux, "l0", NULL,
		  "default l1\n\nlabel l0\n\tlinux /vmlinuz\n\tappend root=/dev/sda\n\n"
		  "LABEL l1\n    LINUX /vmlinuz\n    APPEND root=/dev/sdb quiet\nlabel l2\n\tlinux /x\n");
	file_case(BOOTCFG_EXTLINUX, extlinux, "l2", "cma=64M", NULL);	/* no APPEND */
	file_case(BOOTCFG_EXTLINUX, extlinux, "nope", "cma=64M", NULL);
	CHECK(boot_cmdline(BOOTCFG_EXTLINUX, extlinux, sizeof(extlinux) - 1, "l0", &line,
				   err, sizeof(err)) == 0);
	if (line)
		CHECK_STR(line, "root=/dev/sda cma=16M");
	free(line);
	file_case(BOOTCFG_RPI_CMDLINE, "console=serial0 root=/dev/mmcblk0p2\nsecond line\n", NULL,
		  "cma=64M", "console=serial0 root=/dev/mmcblk0p2 cma=64M\nsecond line\n");
	file_case(BOOTCFG_GRUB, "A=1\nGRUB_CMDLINE_LINUX=\"quiet cma=8M\"\n", NULL, "cma=64M",
		  "A=1\nGRUB_CMDLINE_LINUX=\"quiet cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX='a'\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX='a cma=64M'\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT=\"q\"", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"q\"\nGRUB_CMDLINE_LINUX=\"cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"cma=8M\"\n", NULL, NULL,
		  "GRUB_CMDLINE_LINUX=\"\"\n");
}

/* Which LABEL is the default: U-Boot's boot/pxe_utils.c rule, and --label over it. */
static void test_extlinux_default(void)
{
	static const char menu[] = "menu title x\nlabel a\n\tappend A\nlabel b\n\tMenu  Default\n"
		"\tappend B\nlabel c\n\tmenu default\n\tappend C\n";
	static const char two[] = "label a\n\tappend A\nlabel b\n\tappend B\n";

	/* the first MENU DEFAULT, keywords in any case */
	file_case_note(BOOTCFG_EXTLINUX, menu, NULL, "cma=64M",
		       "menu title x\nlabel a\n\tappend A\nlabel b\n\tMenu  Default\n"
		       "\tappend B cma=64M\nlabel c\n\tmenu default\n\tappend C\n",
		       "LABEL b is the one U-Boot boots by default (MENU DEFAULT in its block)");
	line_case(BOOTCFG_EXTLINUX, menu, NULL, "B");
	/* a top-level DEFAULT beats MENU DEFAULT wherever it stands, and the last one counts */
	line_case(BOOTCFG_EXTLINUX, "DEFAULT c\nlabel a\n append A\nlabel b\n menu default\n append B\n"
		  "label c\n append C\n", NULL, "C");
	line_case(BOOTCFG_EXTLINUX, "label a\n menu default\n append A\nlabel b\n append B\n"
		  "DeFault b\n", NULL, "B");
	line_case(BOOTCFG_EXTLINUX, "default a\ndefault b\nlabel a\n append A\nlabel b\n append B\n",
		  NULL, "B");
	/* ONTIMEOUT sets the default like DEFAULT in U-Boot */
	line_case(BOOTCFG_EXTLINUX, "label a\n append A\nlabel b\n append B\nontimeout b\n", NULL, "B");
	/* MENU DEFAULT outside a label block, "menu defaults", a comment: none of them
	 * counts, so the first label boots */
	line_case(BOOTCFG_EXTLINUX, "menu default\nlabel a\n append A\nlabel b\n append B\n", NULL, "A");
	line_case(BOOTCFG_EXTLINUX, "label a\n append A\nlabel b\n menu defaults\n append B\n", NULL,
		  "A");
	line_case(BOOTCFG_EXTLINUX, "label a\n append A\nlabel b\n #menu default\n append B\n", NULL,
		  "A");
	/* --label beats every default */
	line_case(BOOTCFG_EXTLINUX, menu, "c", "C");
	line_case(BOOTCFG_EXTLINUX, "default b\nlabel a\n append A\nlabel b\n append B\n", "a", "A");
	/* no default: one label is it; of several, U-Boot boots the first (lab) */
	file_case_note(BOOTCFG_EXTLINUX, "label only\n append x\n", NULL, "cma=64M",
		       "label only\n append x cma=64M\n", "(the only LABEL)");
	file_case_note(BOOTCFG_EXTLINUX, two, NULL, "cma=64M",
		       "label a\n\tappend A cma=64M\nlabel b\n\tappend B\n", "(the first LABEL");
	file_case_note(BOOTCFG_EXTLINUX, two, NULL, NULL, two, "(the first LABEL");
	file_case_note(BOOTCFG_EXTLINUX, "default zz\nlabel a\n append A\nlabel b\n append B\n", NULL,
		       "cma=64M", NULL, "DEFAULT names zz, but there is no LABEL zz");
	file_case_note(BOOTCFG_EXTLINUX, two, "zz", "cma=64M", NULL,
		       "no LABEL zz in the file (labels: a, b)");
	file_case_note(BOOTCFG_EXTLINUX, "# nothing\n", NULL, "cma=64M", NULL, "no LABEL");
	/* a DEFAULT with extra words names its first word; CRLF lines */
	line_case(BOOTCFG_EXTLINUX, "default b quiet\nlabel a\n append A\nlabel b\n append B\n", NULL,
		  "B");
	file_case(BOOTCFG_EXTLINUX, "label a\r\n append A\r\nlabel b\r\n menu default\r\n append B\r\n",
		  NULL, "cma=64M",
		  "label a\r\n append A\r\nlabel b\r\n menu default\r\n append B cma=64M\r\n");
	/* an empty APPEND gets its blank */
	file_case(BOOTCFG_EXTLINUX, "label a\nappend\nlabel b\nAPPEND\r\ndefault b\n", NULL, "cma=64M",
		  "label a\nappend\nlabel b\nAPPEND cma=64M\r\ndefault b\n");
	file_case(BOOTCFG_EXTLINUX, "label a\nappend\n", NULL, "cma=64M", "label a\nappend cma=64M\n");
	/* two labels of one name: U-Boot's menu takes the last */
	line_case(BOOTCFG_EXTLINUX, "default a\nlabel a\n append A1\nlabel a\n append A2\n", NULL, "A2");
}

static void test_grub(void)
{
	static const char both[] = "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet cma=128M splash\"\n"
		"GRUB_CMDLINE_LINUX=\"console=ttyS0 cma=32M\"\n";
	static const char selfref[] = "GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\n"
		"GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT quiet\"\n"
		"GRUB_CMDLINE_LINUX='${GRUB_CMDLINE_LINUX} cma=4M'\n";

	CHECK(boot_kind("x", "GRUB_CMDLINE_LINUX_DEFAULT=\"q\"\n", 31) == BOOTCFG_GRUB);
	CHECK(boot_kind("x", "  export GRUB_CMDLINE_LINUX=x\n", 30) == BOOTCFG_GRUB);
	CHECK(boot_kind("x", "GRUB_CMDLINE_LINUXX=1\n", 22) == BOOTCFG_UNKNOWN);
	/* normal entries get both, _DEFAULT last (Debian 10_linux) */
	line_case(BOOTCFG_GRUB, both, NULL, "console=ttyS0 cma=32M quiet cma=128M splash");
	line_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT='q'\n", NULL, "q");
	line_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=x\n", NULL, "x");
	line_case(BOOTCFG_GRUB, "GRUB_TIMEOUT=5\n", NULL, "");
	/* set: into GRUB_CMDLINE_LINUX, out of _DEFAULT, with a note */
	file_case_note(BOOTCFG_GRUB, both, NULL, "cma=64M",
		       "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet splash\"\n"
		       "GRUB_CMDLINE_LINUX=\"console=ttyS0 cma=64M\"\n",
		       "removed cma=128M from GRUB_CMDLINE_LINUX_DEFAULT (line 2)");
	file_case(BOOTCFG_GRUB, both, NULL, NULL, "GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet "
		  "splash\"\nGRUB_CMDLINE_LINUX=\"console=ttyS0\"\n");
	/* only _DEFAULT, single quotes, no final newline: GRUB_CMDLINE_LINUX is added */
	file_case_note(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT='cma=8M quiet'", NULL, "cma=64M",
		       "GRUB_CMDLINE_LINUX_DEFAULT='quiet'\nGRUB_CMDLINE_LINUX=\"cma=64M\"\n",
		       "removed cma=8M from GRUB_CMDLINE_LINUX_DEFAULT (line 1): grub-mkconfig puts it");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT='cma=8M quiet'", NULL, NULL,
		  "GRUB_CMDLINE_LINUX_DEFAULT='quiet'");
	/* neither: set adds a line, unset changes nothing */
	file_case(BOOTCFG_GRUB, "GRUB_TIMEOUT=5\n", NULL, "cma=64M",
		  "GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX=\"cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_TIMEOUT=5\n", NULL, NULL, "GRUB_TIMEOUT=5\n");
	/* several assignments: the last counts; an earlier cma= is left, with a note */
	file_case_note(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"cma=8M a\"\nGRUB_CMDLINE_LINUX=\"b cma=16M\"\n",
		       NULL, "cma=64M",
		       "GRUB_CMDLINE_LINUX=\"cma=8M a\"\nGRUB_CMDLINE_LINUX=\"b cma=64M\"\n",
		       "GRUB_CMDLINE_LINUX at line 1 has cma=8M, but a later assignment replaces it");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"q\"\n"
		  "GRUB_CMDLINE_LINUX=\"\"\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\nGRUB_CMDLINE_LINUX_DEFAULT=\"q\"\n"
		  "GRUB_CMDLINE_LINUX=\"cma=64M\"\n");
	/* ... unless the last expands the earlier ($NAME, ${NAME}; not in single quotes) */
	file_case_note(BOOTCFG_GRUB, selfref, NULL, "cma=64M",
		       "GRUB_CMDLINE_LINUX_DEFAULT=\"\"\n"
		       "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT quiet\"\n"
		       "GRUB_CMDLINE_LINUX='${GRUB_CMDLINE_LINUX} cma=64M'\n",
		       "removed cma=8M from GRUB_CMDLINE_LINUX_DEFAULT (line 1)");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"cma=8M\"\n"
		  "GRUB_CMDLINE_LINUX=\"${GRUB_CMDLINE_LINUX} q\"\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX=\"\"\nGRUB_CMDLINE_LINUX=\"${GRUB_CMDLINE_LINUX} q cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"cma=8M\"\n"
		  "GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX_DEFAULT\"\n", NULL, NULL,
		  "GRUB_CMDLINE_LINUX=\"cma=8M\"\nGRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX_DEFAULT\"\n");
	/* unquoted values: quoted when they gain a blank; shell quoting inside is refused */
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=quiet\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX=\"quiet cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=cma=8M # x\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX=cma=64M # x\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\n", NULL, "cma=64M", "GRUB_CMDLINE_LINUX=cma=64M\n");
	file_case_note(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=a\\\"b\n", NULL, "cma=64M", NULL,
		       "put it in double quotes first");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=a\\\"b\n", NULL, NULL, "GRUB_CMDLINE_LINUX=a\\\"b\n");
	/* export, indentation, a value over two lines, escaped quotes */
	file_case(BOOTCFG_GRUB, "  export GRUB_CMDLINE_LINUX=\"x\"\n", NULL, "cma=64M",
		  "  export GRUB_CMDLINE_LINUX=\"x cma=64M\"\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"a\nGRUB_CMDLINE_LINUX_DEFAULT=cma=1M b\"\nX=1\n",
		  NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX=\"a\nGRUB_CMDLINE_LINUX_DEFAULT=cma=1M b cma=64M\"\nX=1\n");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"a=\\\"x y\\\" cma=8M\" # cma=1M\n", NULL,
		  "cma=64M", "GRUB_CMDLINE_LINUX=\"a=\\\"x y\\\" cma=64M\" # cma=1M\n");
	/* an odd kernel quote cannot be closed inside sh double quotes; in single ones it can */
	file_case_note(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX=\"a=\\\"x\\\\\"\n", NULL, "cma=64M", NULL,
		       "unbalanced");
	file_case(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX='a=\"x'\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX='a=\"x\" cma=64M'\n");
	/* a missing closing quote is refused (sh would read on into the next lines) */
	file_case_note(BOOTCFG_GRUB, "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\n", NULL, "cma=64M", NULL,
		       "line 1: the value of GRUB_CMDLINE_LINUX_DEFAULT has no closing \"");
	/* a commented-out assignment is no assignment */
	file_case(BOOTCFG_GRUB, "#GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\nGRUB_CMDLINE_LINUX=\"\"\n", NULL,
		  "cma=64M", "#GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\nGRUB_CMDLINE_LINUX=\"cma=64M\"\n");
}

static void kconfig_case(const char *in, uint64_t mb, bool remove, const char *want)
{
	char *out = NULL;
	size_t n;

	CHECK(kconfig_edit(in, strlen(in), mb, remove, &out, &n) == 0);
	if (out)
		CHECK_STR(out, want);
	free(out);
}

static void test_kconfig(void)
{
	static const char full[] = "CONFIG_CMA=y\nCONFIG_CMA_SIZE_MBYTES=16\n"
		"# CONFIG_CMA_SIZE_SEL_MBYTES is not set\nCONFIG_CMA_SIZE_SEL_PERCENTAGE=y\n"
		"# CONFIG_CMA_SIZE_SEL_MIN is not set\n# CONFIG_CMA_SIZE_SEL_MAX is not set\nCONFIG_X=1\n";

	kconfig_case(full, 64, false, "CONFIG_CMA=y\nCONFIG_CMA_SIZE_MBYTES=64\n"
		     "CONFIG_CMA_SIZE_SEL_MBYTES=y\n# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set\n"
		     "# CONFIG_CMA_SIZE_SEL_MIN is not set\n# CONFIG_CMA_SIZE_SEL_MAX is not set\n"
		     "CONFIG_X=1\n");
	kconfig_case("CONFIG_CMA=y", 8, false, "CONFIG_CMA=y\nCONFIG_CMA_SIZE_MBYTES=8\n"
		     "CONFIG_CMA_SIZE_SEL_MBYTES=y\n# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set\n"
		     "# CONFIG_CMA_SIZE_SEL_MIN is not set\n# CONFIG_CMA_SIZE_SEL_MAX is not set\n");
	kconfig_case("CONFIG_CMA_SIZE_MBYTES=1\nCONFIG_CMA_SIZE_MBYTES=2\n", 4, false,
		     "CONFIG_CMA_SIZE_MBYTES=4\nCONFIG_CMA_SIZE_SEL_MBYTES=y\n"
		     "# CONFIG_CMA_SIZE_SEL_PERCENTAGE is not set\n# CONFIG_CMA_SIZE_SEL_MIN is not set\n"
		     "# CONFIG_CMA_SIZE_SEL_MAX is not set\n");
	kconfig_case(full, 0, true, "CONFIG_CMA=y\nCONFIG_X=1\n");
	/* what `set --via kconfig` accepts as a kernel configuration at all */
	CHECK(kconfig_is_config(full, sizeof(full) - 1));
	CHECK(kconfig_is_config("# CONFIG_CMA is not set\n", 24));
	CHECK(kconfig_is_config("#\n# Automatically generated file; DO NOT EDIT.\n", 47));
	CHECK(kconfig_is_config("\nCONFIG_A_1=y\r\n", 16));
	CHECK(!kconfig_is_config("", 0));
	CHECK(!kconfig_is_config("myhost\n", 7));
	CHECK(!kconfig_is_config("export CONFIG_X=1\n", 18));
	CHECK(!kconfig_is_config("CONFIG_=1\nCONFIG_A B=1\n# CONFIG_ is not set\n", 44));
	CHECK(!kconfig_is_config("CONFIG_CMA\n", 11));
}

static void rpi_str(const char *text, struct rpi_cma *c)
{
	rpi_config_cma(text, strlen(text), NULL, c);
}

static void rpi_board(const char *text, const char *board, struct rpi_cma *c)
{
	rpi_config_cma(text, strlen(text), board, c);
}

/* rpi_config_edit() on @text: @want the new file (NULL: refused; "" unchanged). */
static void rpi_edit_case(const char *text, const char *board, uint64_t size, bool remove,
			  const char *want)
{
	struct rpi_notes notes;
	char *out = NULL, err[300];
	size_t outlen;
	int ret = rpi_config_edit(text, strlen(text), board, size, remove, &out, &outlen, &notes,
				  err, sizeof(err));

	if (!want) {
		CHECK(ret == -1 && err[0] && !out);
		return;
	}
	CHECK(ret == 0);
	if (!want[0])
		CHECK(out == NULL);
	else {
		CHECK(out != NULL);
		if (out)
			CHECK_STR(out, want);
	}
	free(out);
}

/* config.txt: the CMA parameter the firmware writes into the DTB */
static void test_rpi_config(void)
{
	struct rpi_cma c;
	static const char a[] = "[pi4]\ndtoverlay=vc4-kms-v3d-pi4,cma-256\r\n[all]\n";

	rpi_config_cma(a, sizeof(a) - 1, NULL, &c);
	CHECK(c.found && !c.is_default && c.size == 256ull << 20 && c.line == 2);
	CHECK(c.applies == RPI_MAYBE);
	CHECK_STR(c.section, "[pi4]");
	CHECK_STR(c.param, "cma-256");
	rpi_str("dtoverlay=cma\ndtparam=cma-size=67108864\n", &c);
	CHECK(c.found && c.size == 64ull << 20 && c.line == 2);
	rpi_str("dtoverlay=cma,cma-64\ndtoverlay=\ndtparam=cma-512\n", &c);
	CHECK(c.found && c.size == 64ull << 20 && c.line == 1);
	rpi_str("dtoverlay=cmafoo,cma-64\ndtparam=cma-256\ndtoverlay=cma,cma-65\n", &c);
	CHECK(!c.found);
	rpi_str("dtoverlay=vc4-fkms-v3d,cma-default\n", &c);
	CHECK(c.found && c.is_default);
	rpi_str("dtoverlay=cma,cma-size=12x\n", &c);
	CHECK(!c.found);
}

/*
 * config.txt's conditional sections (Raspberry Pi documentation,
 * "Conditional filters in config.txt"): [all] resets, a model filter
 * replaces the one before it, [none] stops everything until [all]; a 3B+
 * sees [pi3+] and [pi3]. The texts are shaped as Raspberry Pi OS ships them
 * ([cm4], [pi4] and [all] sections, dtoverlay=vc4-kms-v3d in [all]).
 */
static void test_rpi_sections(void)
{
	static const char os[] = "# For more options and information see\n"
		"# http://rptl.io/configtxt\n\ndtparam=audio=on\ncamera_auto_detect=1\n"
		"display_auto_detect=1\nauto_initramfs=1\n\n# Enable DRM VC4 V3D driver\n"
		"dtoverlay=vc4-kms-v3d\nmax_framebuffers=2\n\narm_64bit=1\n\n[cm4]\n"
		"otg_mode=1\n\n[cm5]\ndtoverlay=dwc2,dr_mode=host\n\n[all]\n";
	struct rpi_cma c;

	/* a Pi 4 skips [pi5] and [none]; a Pi 5 takes [pi5]; unknown boards: may apply */
	rpi_board("dtoverlay=vc4-kms-v3d,cma-128\n[pi5]\ndtparam=cma-512\n[all]\n",
		  "raspberrypi,4-model-b", &c);
	CHECK(c.found && c.size == 128ull << 20 && c.applies == RPI_APPLIES && c.line == 1);
	rpi_board("dtoverlay=vc4-kms-v3d,cma-128\n[pi5]\ndtparam=cma-512\n[all]\n",
		  "raspberrypi,5-model-b", &c);
	CHECK(c.found && c.size == 512ull << 20 && c.applies == RPI_APPLIES && c.line == 3);
	rpi_board("dtoverlay=vc4-kms-v3d,cma-128\n[pi5]\ndtparam=cma-512\n[all]\n", NULL, &c);
	CHECK(c.found && c.size == 512ull << 20 && c.applies == RPI_MAYBE);
	CHECK_STR(c.section, "[pi5]");
	rpi_board("dtoverlay=cma,cma-64\n[none]\ndtoverlay=cma,cma-256\n", "raspberrypi,4-model-b",
		  &c);
	CHECK(c.found && c.size == 64ull << 20);
	/* model filters replace each other: [pi4][pi3] is [pi3] */
	rpi_board("[pi4]\n[pi3]\ndtoverlay=cma,cma-96\n", "raspberrypi,4-model-b", &c);
	CHECK(!c.found);
	rpi_board("[pi3+]\ndtoverlay=cma,cma-96\n", "raspberrypi,3-model-b-plus", &c);
	CHECK(c.found && c.applies == RPI_APPLIES);
	/* a filter that is no model filter may apply on any board: said, not asserted */
	rpi_board("[EDID=VSC-TD2220]\ndtoverlay=cma,cma-96\n", "raspberrypi,4-model-b", &c);
	CHECK(c.found && c.applies == RPI_MAYBE);
	CHECK_STR(c.section, "[EDID=VSC-TD2220]");
	/* an overlay loaded in a skipped section takes no dtparam= after [all] */
	rpi_board("[pi5]\ndtoverlay=vc4-kms-v3d\n[all]\ndtparam=cma-256\n", "raspberrypi,4-model-b",
		  &c);
	CHECK(!c.found);
	/* Raspberry Pi OS's own file: vc4-kms-v3d loaded, no CMA parameter */
	rpi_board(os, "raspberrypi,4-model-b", &c);
	CHECK(!c.found && c.ovl_found && c.ovl_line == 10 && !c.end_filtered);
	CHECK_STR(rpi_overlay_name(c.ovl), "vc4-kms-v3d");
	CHECK(rpi_board_filters("raspberrypi,4-model-b") && !rpi_board_filters("linux,dummy-virt"));
	/*
	 * The documentation's "also sees" rows (conditional.adoc): a Pi 400 sees
	 * [pi400] and [pi4], not [cm4] nor [pi3]; a CM4 sees [cm4] and [pi4], not
	 * [pi400]; a CM4S [cm4s], not [cm4]; a Zero 2 W [pi02], [pi0w] and [pi0].
	 * Compatibles: the first string of each board's DTS (raspberrypi/linux).
	 */
	static const struct { const char *board, *text; enum rpi_applies want; } seen[] = {
		{ "raspberrypi,400", "[pi400]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,400", "[pi4]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,400", "[cm4]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,400", "[pi3]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,4-compute-module", "[cm4]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,4-compute-module", "[pi4]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,4-compute-module", "[pi400]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,4-compute-module", "[cm4s]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,4-compute-module-s", "[cm4s]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,4-compute-module-s", "[cm4]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,model-zero-2-w", "[pi02]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,model-zero-2-w", "[pi0w]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,model-zero-2-w", "[pi0]\ndtoverlay=cma,cma-96\n", RPI_APPLIES },
		{ "raspberrypi,model-zero-2-w", "[pi3]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		{ "raspberrypi,model-zero-w", "[pi02]\ndtoverlay=cma,cma-96\n", RPI_NOT },
		/* the SoC's string, after the board's in the list, is no board */
		{ "brcm,bcm2711", "[pi3]\ndtoverlay=cma,cma-96\n", RPI_MAYBE },
	};
	for (size_t i = 0; i < ARRAY_SIZE(seen); i++) {
		rpi_board(seen[i].text, seen[i].board, &c);
		CHECK(c.found ? c.applies == seen[i].want : seen[i].want == RPI_NOT);
	}
}

/* `set --via overlay`: the parameter the overlay offers, placed where the firmware reads it. */
static void test_rpi_edit(void)
{
	/* the vc4 overlays: the nearest cma-NNN at or above; over 512 MiB refused */
	rpi_edit_case("dtoverlay=vc4-kms-v3d,cma-256\n", NULL, 300ull << 20, false,
		      "dtoverlay=vc4-kms-v3d,cma-320\n");
	rpi_edit_case("dtoverlay=vc4-kms-v3d,cma-256\n", NULL, 64ull << 20, false,
		      "dtoverlay=vc4-kms-v3d,cma-64\n");
	rpi_edit_case("dtoverlay=vc4-fkms-v3d\r\n", NULL, 1ull << 20, false,
		      "dtoverlay=vc4-fkms-v3d,cma-64\r\n");
	rpi_edit_case("dtoverlay=vc4-kms-v3d\n", NULL, 600ull << 20, false, NULL);
	/* dtparam= after the overlay, and cma-default, are replaced in place */
	rpi_edit_case("dtoverlay=vc4-kms-v3d\ndtparam=cma-128,audio=on\n", NULL, 256ull << 20, false,
		      "dtoverlay=vc4-kms-v3d\ndtparam=cma-256,audio=on\n");
	/* the cma overlay: cma-size, 4 MiB aligned (0x25800000 = 600 MiB; 0x6400000 = 100 MiB) */
	rpi_edit_case("dtoverlay=cma,cma-default\n", NULL, 600ull << 20, false,
		      "dtoverlay=cma,cma-size=0x25800000\n");
	rpi_edit_case("dtoverlay=cma,cma-64\n", NULL, (98ull << 20) + 1, false,
		      "dtoverlay=cma,cma-size=0x6400000\n");
	/* none: the cma overlay added, after an [all] when a filter is in force at the end */
	rpi_edit_case("dtparam=audio=on\n[pi4]\nmax_framebuffers=2", NULL, 100ull << 20, false,
		      "dtparam=audio=on\n[pi4]\nmax_framebuffers=2\n[all]\n"
		      "dtoverlay=cma,cma-size=0x6400000\n");
	rpi_edit_case("", NULL, 64ull << 20, false, "dtoverlay=cma,cma-size=0x4000000\n");
	/* a line in a section that does not apply on the board is left alone */
	rpi_edit_case("[pi5]\ndtoverlay=vc4-kms-v3d,cma-512\n[all]\n", "raspberrypi,4-model-b",
		      64ull << 20, false,
		      "[pi5]\ndtoverlay=vc4-kms-v3d,cma-512\n[all]\ndtoverlay=cma,cma-size=0x4000000\n");
	rpi_edit_case("dtoverlay=cma\n", NULL, 0, false, NULL);
	/* unset: the parameter leaves; vc4 stays, the cma overlay's line and an empty dtparam= go */
	rpi_edit_case("dtoverlay=vc4-kms-v3d,cma-256,noaudio\n", NULL, 0, true,
		      "dtoverlay=vc4-kms-v3d,noaudio\n");
	rpi_edit_case("a=1\ndtoverlay=vc4-kms-v3d\ndtparam=cma-256\ndtoverlay=cma,cma-64\nb=2\n",
		      NULL, 0, true, "a=1\ndtoverlay=vc4-kms-v3d\nb=2\n");
	rpi_edit_case("[pi5]\ndtoverlay=cma,cma-64\n", "raspberrypi,4-model-b", 0, true, "");
	rpi_edit_case("dtoverlay=disable-bt\n", NULL, 0, true, "");
	/* unset after set added "[all]" and the cma overlay: both go, the file is as before */
	rpi_edit_case("dtparam=audio=on\n[pi4]\nmax_framebuffers=2\n[all]\n"
		      "dtoverlay=cma,cma-size=0x6400000\n", NULL, 0, true,
		      "dtparam=audio=on\n[pi4]\nmax_framebuffers=2\n");
	/* an [all] with lines after it, or not after a filter, or before a kept line, stays */
	rpi_edit_case("[pi4]\nx=1\n[all]\ndtoverlay=cma,cma-64\nb=2\n", NULL, 0, true,
		      "[pi4]\nx=1\n[all]\nb=2\n");
	rpi_edit_case("a=1\n[all]\ndtoverlay=cma,cma-64\n", NULL, 0, true, "a=1\n[all]\n");
	rpi_edit_case("[pi4]\n[all]\ndtoverlay=vc4-kms-v3d,cma-64\n", NULL, 0, true,
		      "[pi4]\n[all]\ndtoverlay=vc4-kms-v3d\n");
	rpi_edit_case("[pi4]\n[all]\nx=1\ndtoverlay=cma,cma-64\n", NULL, 0, true,
		      "[pi4]\n[all]\nx=1\n");
}

/*
 * os_prefix= and device_tree= (Raspberry Pi config.txt documentation,
 * "Boot options"): the last that counts, sections as for the overlays.
 */
static void test_rpi_dtb(void)
{
	static const char t[] = "os_prefix=old/\n[pi5]\ndevice_tree=pi5.dtb\n[pi4]\n"
		"os_prefix=next/ \r\n[all]\n";
	struct rpi_dtb d;

	rpi_config_dtb(t, sizeof(t) - 1, "raspberrypi,4-model-b", &d);
	CHECK_STR(d.os_prefix, "next/");
	CHECK(d.prefix_line == 5 && !d.device_tree[0] && !d.maybe);
	rpi_config_dtb(t, sizeof(t) - 1, "raspberrypi,5-model-b", &d);
	CHECK_STR(d.os_prefix, "old/");
	CHECK_STR(d.device_tree, "pi5.dtb");
	CHECK(d.dt_line == 3);
	rpi_config_dtb(t, sizeof(t) - 1, NULL, &d);
	CHECK_STR(d.os_prefix, "next/");
	CHECK(d.maybe);
	rpi_config_dtb("device_tree=\n", 13, NULL, &d);
	CHECK(!d.device_tree[0] && d.dt_line == 1);
}

/* What `set --via overlay` refuses to take for a config.txt. */
static void test_rpi_accepts(void)
{
	char err[200];
	static const char nul[] = "dtoverlay=cma\0\n";
	char *huge = malloc(5000);
	static const char ok[] = "# c\n\n[pi4]\ndtoverlay=cma\ninitramfs initrd.img followkernel\n";

	CHECK(!rpi_config_accepts(ok, sizeof(ok) - 1, err, sizeof(err)));
	CHECK(rpi_config_accepts(nul, sizeof(nul) - 1, err, sizeof(err)) == -1);
	CHECK(strstr(err, "NUL") != NULL);
	CHECK(rpi_config_accepts("\x7f" "ELF\x01\n", 6, err, sizeof(err)) == -1);
	CHECK(rpi_config_accepts("key=1\n=value\n", 13, err, sizeof(err)) == -1);
	CHECK(strstr(err, "line 2") != NULL);
	if (huge) {
		memset(huge, 'a', 4999);
		huge[0] = 'x', huge[1] = '=';
		CHECK(rpi_config_accepts(huge, 4999, err, sizeof(err)) == -1);
		CHECK(strstr(err, "4999 bytes") != NULL);
		free(huge);
	}
}

/* GRUB drop-ins: the chain sh sources, which file holds the cma= that counts. */
static void test_grub_chain(void)
{
	static const char main_[] = "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
		"GRUB_CMDLINE_LINUX=\"console=ttyS0 cma=32M\"\n";
	const char *t[3] = { main_, "GRUB_CMDLINE_LINUX_DEFAULT=\"$GRUB_CMDLINE_LINUX_DEFAULT cma=256M\"",
			     "GRUB_TIMEOUT=1\n" };
	const char *name[3] = { "grub", "grub.d/50.cfg", "grub.d/60.cfg" };
	size_t len[3] = { sizeof(main_) - 1, strlen(t[1]), strlen(t[2]) }, jlen;
	struct boot_grub_chain c;
	char err[200], *j = NULL, *line = NULL;

	CHECK(boot_kind("/etc/default/grub.d/50-cma.cfg", "", 0) == BOOTCFG_GRUB_DROPIN);
	CHECK(boot_kind("grub.d/x.cfg", "", 0) == BOOTCFG_GRUB_DROPIN);
	CHECK(boot_kind("/etc/default/grub.d/x.cfg.bak", "GRUB_CMDLINE_LINUX=\"\"\n", 22) ==
	      BOOTCFG_GRUB);
	CHECK(boot_kind("/x/notgrub.d/x.cfg", "", 0) == BOOTCFG_UNKNOWN);
	CHECK(boot_grub_chain(t, len, name, 3, &c, err, sizeof(err)) == 0);
	CHECK(c.cma_file == 1 && c.edit == 1 && c.cma_line == 1);
	CHECK_STR(c.cma_var, "GRUB_CMDLINE_LINUX_DEFAULT");
	/* joined, as sh would run them: the expansion keeps "quiet", the last cma= is 256M */
	CHECK(boot_grub_join(t, len, 3, &j, &jlen) == 0);
	CHECK(j && boot_cmdline(BOOTCFG_GRUB, j, jlen, NULL, &line, err, sizeof(err)) == 0);
	if (line)
		CHECK_STR(line, "console=ttyS0 cma=32M quiet cma=256M");
	free(line), free(j);
	/* a drop-in that replaces LINUX without cma=: the main file's cma= is dead, edit the drop-in */
	t[1] = "GRUB_CMDLINE_LINUX=\"console=ttyAMA0\"\n";
	len[1] = strlen(t[1]);
	CHECK(boot_grub_chain(t, len, name, 3, &c, err, sizeof(err)) == 0);
	CHECK(c.cma_file == -1 && c.edit == 1);
	/* no drop-in assigns: the main file */
	t[1] = "GRUB_TIMEOUT=3\n";
	len[1] = strlen(t[1]);
	CHECK(boot_grub_chain(t, len, name, 3, &c, err, sizeof(err)) == 0);
	CHECK(c.cma_file == 0 && c.edit == 0 && c.cma_line == 2);
	/* a quote left open in one file is that file's error, not run on into the next */
	t[1] = "GRUB_CMDLINE_LINUX=\"a\n";
	len[1] = strlen(t[1]);
	t[2] = "X=\"\n";
	len[2] = strlen(t[2]);
	CHECK(boot_grub_chain(t, len, name, 3, &c, err, sizeof(err)) == -1);
	CHECK_STR(err, "grub.d/50.cfg: line 1: the value of GRUB_CMDLINE_LINUX has no closing \": "
		  "sh (so update-grub) would fail on this file");
	/* drop-in kind: a missing GRUB_CMDLINE_LINUX is added expanding the earlier value */
	file_case(BOOTCFG_GRUB_DROPIN, "GRUB_CMDLINE_LINUX_DEFAULT=\"cma=8M\"\n", NULL, "cma=64M",
		  "GRUB_CMDLINE_LINUX_DEFAULT=\"\"\nGRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX cma=64M\"\n");
}

static void test_diff(void)
{
	char *d = NULL;
	size_t n;

	CHECK(diff_unified("a\nb\nc\n", 6, "a\nB\nc\n", 6, "x", "y", &d, &n) == 0);
	if (d)
		CHECK_STR(d, "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
	free(d);
	CHECK(diff_unified("a\n", 2, "a\n", 2, "x", "y", &d, &n) == 0);
	if (d)
		CHECK_STR(d, "");
	free(d);
	CHECK(diff_unified("", 0, "new\n", 4, "x", "y", &d, &n) == 0);
	if (d)
		CHECK_STR(d, "--- x\n+++ y\n@@ -0,0 +1,1 @@\n+new\n");
	free(d);
}

/* A board blob: root cells @ac/@sc, 1 GiB of memory at 0x40000000 unless @nomem. */
static void *board(int ac, int sc, bool nomem, bool resmem, uint32_t resmem_sc)
{
	size_t cap = 4096;
	void *b = malloc(cap);
	uint32_t reg[4];

	if (!b)
		return NULL;
	fdt_create(b, (int)cap);
	fdt_finish_reservemap(b);
	fdt_begin_node(b, "");
	fdt_property_u32(b, "#address-cells", (uint32_t)ac);
	fdt_property_u32(b, "#size-cells", (uint32_t)sc);
	fdt_property_string(b, "model", "test board");
	if (!nomem) {
		fdt_begin_node(b, "memory@40000000");
		fdt_property_string(b, "device_type", "memory");
		reg[0] = cpu_to_fdt32(ac == 2 ? 0 : 0x40000000);
		reg[1] = cpu_to_fdt32(ac == 2 ? 0x40000000 : 0);
		reg[ac] = cpu_to_fdt32(sc == 2 ? 0 : 0x40000000);
		reg[ac + 1] = cpu_to_fdt32(0x40000000);
		fdt_property(b, "reg", reg, (ac + sc) * 4);
		fdt_end_node(b);
	}
	if (resmem) {
		fdt_begin_node(b, "reserved-memory");
		fdt_property_u32(b, "#address-cells", (uint32_t)ac);
		fdt_property_u32(b, "#size-cells", resmem_sc);
		fdt_property(b, "ranges", NULL, 0);
		fdt_begin_node(b, "fw@50000000");
		reg[0] = cpu_to_fdt32(ac == 2 ? 0 : 0x50000000);
		reg[1] = cpu_to_fdt32(ac == 2 ? 0x50000000 : 0);
		reg[ac] = cpu_to_fdt32(sc == 2 ? 0 : 0x400000);
		reg[ac + 1] = cpu_to_fdt32(0x400000);
		fdt_property(b, "reg", reg, (ac + sc) * 4);
		fdt_property(b, "no-map", NULL, 0);
		fdt_end_node(b);
		fdt_end_node(b);
	}
	fdt_end_node(b);
	fdt_finish(b);
	return b;
}

/* Set @size on @blob; check the written size through dt_parse() and raw cells. */
static void *set_and_check(const void *blob, const struct cma_req *req, int sc, char *err)
{
	struct dtedit_opts o = { MIB(4), false };
	struct dtedit_result res;
	struct cma_dt *dt = calloc(1, sizeof(*dt));
	const void *p;
	int len, node;

	if (!dt || dtedit_cma(blob, fdt_totalsize(blob), req, &o, &res, err, 200)) {
		free(dt);
		return NULL;
	}
	CHECK(dt_parse(res.blob, res.len, dt, err, 200) == 0);
	CHECK(dt->npools >= 1 && dt->pools[dt->npools - 1].is_default);
	node = fdt_path_offset(res.blob, res.node);
	p = fdt_getprop(res.blob, node, req->is_static ? "reg" : "size", &len);
	CHECK(p && len == (req->is_static ? 2 : 1) * sc * 4);	/* tests use ac == sc */
	free(dt);
	return res.blob;
}

static void test_dtedit(void)
{
	struct cma_req req = { .size = MIB(64) };
	struct dtedit_opts o = { MIB(4), false };
	struct dtedit_result res;
	char err[200];
	void *b, *out, *out2, *packed;
	size_t plen;

	for (int sc = 1; sc <= 2; sc++) {
		b = board(sc, sc, false, false, 0);
		out = set_and_check(b, &req, sc, err);
		CHECK(out != NULL);
		/* the same edit again changes nothing once packed */
		out2 = out ? set_and_check(out, &req, sc, err) : NULL;
		CHECK(out2 && !memcmp(out, out2, fdt_totalsize(out)));
		if (out2 && dtedit_pack(out2, fdt_totalsize(out2), &packed, &plen, err, 200) == 0) {
			CHECK(plen == fdt_totalsize(out) && !memcmp(packed, out, plen));
			free(packed);
		}
		free(out2);
		/* unset removes it, and a second unset finds nothing */
		req.remove = true;
		CHECK(out && dtedit_cma(out, fdt_totalsize(out), &req, &o, &res, err, 200) == 0 &&
		      res.blob && !res.nothing);
		if (res.blob) {
			free(out);
			out = res.blob;
			CHECK(dtedit_cma(out, fdt_totalsize(out), &req, &o, &res, err, 200) == 0 &&
			      res.nothing && !res.blob);
		}
		req.remove = false;
		free(out);
		free(b);
	}
	/* 1 size cell cannot hold 4 GiB */
	b = board(1, 1, false, false, 0);
	req.size = (uint64_t)4 << 30;
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	free(b);
	/* /reserved-memory whose cells differ from the root's: the kernel ignores it */
	b = board(2, 2, false, true, 1);
	req.size = MIB(64);
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	free(b);
	/* static regions: inside memory, no overlap, aligned */
	b = board(2, 2, false, true, 2);
	req.is_static = req.has_base = true;
	req.base = 0x50000000;
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	req.base = 0x7e000000;	/* runs past the end of memory */
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	req.base = 0x60100000;	/* not pageblock aligned */
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	req.base = 0x60000000;
	out = set_and_check(b, &req, 2, err);
	CHECK(out && fdt_path_offset(out, "/reserved-memory/linux,cma@60000000") >= 0);
	free(out);
	free(b);
	/* no /memory: a static region cannot be checked without --force */
	b = board(2, 2, true, false, 0);
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == -1);
	o.force = true;
	CHECK(dtedit_cma(b, fdt_totalsize(b), &req, &o, &res, err, sizeof(err)) == 0 && res.nnotes);
	free(res.blob);
	free(b);
}

static void test_bootargs_and_bad(void)
{
	struct cma_req req = { .size = MIB(64) };
	struct dtedit_opts o = { MIB(4), false };
	struct dtedit_result res;
	char err[200], *text;
	size_t tlen;
	void *b = board(2, 2, false, false, 0);
	const char *ba;

	CHECK(dtedit_bootargs(b, fdt_totalsize(b), "cma=64M", &res, err, sizeof(err)) == 0);
	ba = res.blob ? fdt_getprop(res.blob, fdt_path_offset(res.blob, "/chosen"), "bootargs",
				    NULL) : NULL;
	CHECK(ba && !strcmp(ba, "cma=64M"));
	if (res.blob && dt_text(res.blob, res.len, &text, &tlen) == 0) {
		CHECK(strstr(text, "bootargs = \"cma=64M\";") != NULL);
		CHECK(strstr(text, "#size-cells = <0x2>;") != NULL);
		free(text);
	}
	free(res.blob);
	/* unset on a blob with no /chosen: nothing to do */
	CHECK(dtedit_bootargs(b, fdt_totalsize(b), NULL, &res, err, sizeof(err)) == 0 &&
	      res.nothing);
	/* truncated and garbage blobs are refused before any edit */
	CHECK(dtedit_cma(b, fdt_totalsize(b) - 8, &req, &o, &res, err, sizeof(err)) == -1);
	CHECK(strstr(err, "cut short") != NULL);
	CHECK(dtedit_cma("not a dtb at all, really not one", 32, &req, &o, &res, err,
			 sizeof(err)) == -1);
	free(b);
}

/* boot_extlinux_fdt(): the default label's FDT/FDTDIR line, as U-Boot's pxe_utils.c reads it. */
static void test_extlinux_fdt(void)
{
	static const char two[] = "default b\nlabel a\n  fdt /a.dtb\nlabel b\n  kernel /k\n"
				  "  FDTDIR /usr/lib/linux-image-6.1/\n  append x\n";
	static const char none[] = "label a\n  kernel /k\nlabel b\n  devicetree /b.dtb\n";
	char path[64];
	bool dir = false;

	CHECK(boot_extlinux_fdt(two, sizeof(two) - 1, NULL, path, sizeof(path), &dir) == 0);
	CHECK_STR(path, "/usr/lib/linux-image-6.1/");
	CHECK(dir);
	CHECK(boot_extlinux_fdt(two, sizeof(two) - 1, "a", path, sizeof(path), &dir) == 0);
	CHECK_STR(path, "/a.dtb");
	CHECK(!dir);
	/* the first label (U-Boot tries it first) has none: the next label's is not taken */
	CHECK(boot_extlinux_fdt(none, sizeof(none) - 1, NULL, path, sizeof(path), &dir) == -1);
	CHECK(boot_extlinux_fdt(none, sizeof(none) - 1, "b", path, sizeof(path), &dir) == 0);
	CHECK_STR(path, "/b.dtb");
	CHECK(boot_extlinux_fdt("", 0, NULL, path, sizeof(path), &dir) == -1);
}

int main(void)
{
	test_extlinux_fdt();
	test_cmdline();
	test_arg_align();
	test_files();
	test_extlinux_default();
	test_grub();
	test_kconfig();
	test_grub_chain();
	test_rpi_config();
	test_rpi_sections();
	test_rpi_edit();
	test_rpi_accepts();
	test_rpi_dtb();
	test_diff();
	test_dtedit();
	test_bootargs_and_bad();
	return UNIT_DONE("plan");
}
