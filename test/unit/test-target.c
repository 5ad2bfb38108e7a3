// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The target system's facts and limits (src/model/target.c), and the
 * next-boot verdict that follows them (src/model/nextboot.c). Expected
 * values: the precedence rule of DOMAIN.md 1.1; the end of lowmem the lab's
 * armmp-lpae 6.1 kernel reported at 1 GiB ("HighMem [mem 0x70000000-",
 * fixtures/target/armhf1g-a-default.dmesg); mm/cma.c's window checks.
 */
#include <stdint.h>
#include <stdlib.h>

#include "common.h"
#include "sources.h"
#include "unit.h"
#include "model/nextboot.h"
#include "model/lines.h"
#include "model/target.h"

static void test_names(void)
{
	struct kver v;

	CHECK(target_kver_from_name("/boot/vmlinuz-6.1.0-50-armmp-lpae", &v) == 0);
	CHECK_STR(v.release, "6.1.0-50-armmp-lpae");
	CHECK(v.major == 6 && v.minor == 1);
	CHECK(target_kver_from_name("Image-5.4.0", &v) == 0 && v.major == 5 && v.minor == 4);
	CHECK(target_kver_from_name("zImage-4.19.0-armmp", &v) == 0 && v.minor == 19);
	CHECK(target_kver_from_name("usr/lib/modules/7.2.13+deb14-arm64", &v) == 0);
	CHECK(v.major == 7 && v.minor == 2);
	CHECK(target_kver_from_name("/boot/Image", &v) == -1);
	CHECK(target_kver_from_name("initrd.img-6.1.0", &v) == -1);
	CHECK(target_kver_from_name("config-6.1.0", &v) == -1);
	CHECK(target_kver_from_name("", &v) == -1);
}

static void test_grub(void)
{
	/* the shape of grub-mkconfig's 10_linux entries */
	static const char cfg[] =
		"set default=\"0\"\n"
		"menuentry 'Debian GNU/Linux' --class debian $menuentry_id_option 'gnulinux-simple' {\n"
		"\tload_video\n"
		"\techo\t'Loading Linux 5.4.0-1-arm64 ...'\n"
		"\tlinux\t/boot/vmlinuz-5.4.0-1-arm64 root=UUID=0b7e ro quiet\n"
		"\tinitrd\t/boot/initrd.img-5.4.0-1-arm64\n"
		"}\n"
		"submenu 'Advanced options' {\n"
		"\tmenuentry 'Debian, with Linux 6.1.0-56-arm64' {\n"
		"\t\tlinux\t/boot/vmlinuz-6.1.0-56-arm64 root=UUID=0b7e ro\n"
		"\t}\n"
		"}\n";
	char path[64];

	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, NULL, path, sizeof(path)) == 0);
	CHECK_STR(path, "/boot/vmlinuz-5.4.0-1-arm64");
	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, "0", path, sizeof(path)) == 0);
	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, "\"0\"", path, sizeof(path)) == 0);
	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, "saved", path, sizeof(path)) == -1);
	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, "1", path, sizeof(path)) == -1);
	CHECK(target_grub_kernel("linux\n", 6, NULL, path, sizeof(path)) == -1);
	CHECK(target_grub_kernel("", 0, NULL, path, sizeof(path)) == -1);
	CHECK(target_grub_kernel(cfg, sizeof(cfg) - 1, NULL, path, 8) == -1);	/* too long */
}

static void test_pick(void)
{
	struct target_kver_in in = { 0 };
	struct target_facts t = { 0 };

	/* the bootloader's line beats the installed images */
	in.bootfile = "extlinux.conf";
	in.boot_kernel = "/boot/vmlinuz-5.4.0-1-arm64";
	in.nimages = 2;
	in.images[0] = "boot/vmlinuz-6.1.0-56-arm64";
	in.images[1] = "boot/vmlinuz-5.4.0-1-arm64";
	target_pick_kver(&in, &t);
	CHECK(t.kver.known && t.kver.major == 5 && t.kver.minor == 4);
	CHECK(strstr(t.kver_from, "extlinux.conf boots /boot/vmlinuz-5.4.0-1-arm64") != NULL);
	/* two images, no line: unknown, both named */
	in.boot_kernel = NULL;
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(!t.kver.known);
	CHECK(strstr(t.kver_from, "several kernels installed") != NULL);
	CHECK(strstr(t.kver_from, "6.1.0-56-arm64") && strstr(t.kver_from, "5.4.0-1-arm64"));
	/* the same release twice (vmlinuz and Image) is one kernel */
	in.images[0] = "boot/Image-5.4.0-1-arm64";
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(t.kver.known && t.kver.minor == 4);
	/* modules, then osrelease */
	in.nimages = 0;
	in.nmods = 1;
	in.mods[0] = "usr/lib/modules/6.12.117+deb13-arm64";
	in.osrelease = "6.1.0-56-arm64";
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(t.kver.major == 6 && t.kver.minor == 12);
	in.nmods = 0;
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(t.kver.major == 6 && t.kver.minor == 1);
	CHECK(strstr(t.kver_from, "osrelease") != NULL);
	/* the option is the user's word; a different release in the files is noted */
	in.option = "5.4";
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(t.kver.major == 5 && t.kver.minor == 4);
	CHECK_STR(t.kver_from, "--kernel-version 5.4");
	CHECK(t.nnotes == 1 && strstr(t.notes[0], "the target's files say 6.1.0-56-arm64"));
	/* nothing at all */
	memset(&in, 0, sizeof(in));
	memset(&t, 0, sizeof(t));
	target_pick_kver(&in, &t);
	CHECK(!t.kver.known && t.kver_from[0]);
}

static void test_apply(void)
{
	struct cma_sources *s = base("6.1.0");
	struct target_facts t = { 0 };

	with_cma(s, "cma=32M");
	s->dt_booted = true;
	s->meminfo.has_memtotal = true;
	s->meminfo.memtotal_bytes = GiB;
	t.replace = true;
	kver_parse("5.4.0", &t.kver);
	target_apply(&t, s);
	CHECK(s->kver.major == 5 && s->kver.minor == 4);
	CHECK(!s->kconfig_st.present);		/* no config for that kernel: unknown */
	CHECK(!s->meminfo.has_cma && !s->meminfo_st.present);
	CHECK(s->meminfo.has_memtotal && s->meminfo.memtotal_bytes == GiB);	/* its RAM */
	CHECK(s->cmdline.has_cma);		/* the root's own command line stands */
	t.foreign = true;
	target_apply(&t, s);
	CHECK(!s->cmdline.has_cma && !s->cmdline_st.present && !s->dt_st.present);
	CHECK(!s->meminfo.has_memtotal);	/* the host's RAM is not the target's */
	free(s);
	/* the kernel that ran is the target's: its counters stand */
	s = base("6.1.0");
	t.foreign = false;
	t.ran = true;
	target_apply(&t, s);
	CHECK(s->meminfo.has_cma && s->meminfo_st.present);
	free(s);
}

static void test_range(void)
{
	struct target_mem m = { true, 0x40000000, GiB, true, "the DT's /memory" };
	struct cma_req q = { .size = 64 * MiB, .has_base = true, .has_limit = true,
			     .base = 0x40000000, .limit = 0x42000000 };
	char err[512];

	CHECK(target_check_range(&q, &m, err, sizeof(err)) == -1);
	CHECK(strstr(err, "does not fit between base 0x40000000 and limit 0x42000000") != NULL);
	q.limit = 0x60000000;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == 0);
	q.base = 0x10000000, q.limit = 0x30000000;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == -1);
	CHECK(strstr(err, "outside the memory") != NULL);
	/* a limit past the memory is its end (mm/cma.c) */
	q.base = 0x7e000000, q.limit = 0x90000000;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == -1);
	q.base = 0x7c000000;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == 0);
	/* fixed (no limit): base + size inside */
	q.has_limit = false, q.base = 0x7e000000;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == -1);
	/* memory base unknown: only the window itself */
	m.base_known = false;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == 0);
	/* no window asked: nothing to check */
	q.has_base = false;
	CHECK(target_check_range(&q, &m, err, sizeof(err)) == 0);
}

static void test_lowmem(void)
{
	struct cma_kconfig k = { 0 };
	struct target_mem m = { true, 0x40000000, GiB, true, "the DT's /memory" };
	struct target_lowmem lm;
	char err[512];

	k.arm = k.highmem = k.vmsplit_3g = KC_YES;
	CHECK(target_lowmem(&k, true, &m, false, &lm));
	CHECK(lm.known);
	CHECK_U64(lm.end, 0x70000000);	/* the lab kernel's HighMem start at 1 GiB */
	CHECK(target_check_lowmem(0x6e000000, 64 * MiB, &lm, err, sizeof(err)) == -1);
	CHECK(strstr(err, "crosses the end of lowmem at 0x70000000") != NULL);
	CHECK(target_check_lowmem(0x6c000000, 64 * MiB, &lm, err, sizeof(err)) == 0);
	CHECK(target_check_lowmem(0x70000000, 64 * MiB, &lm, err, sizeof(err)) == 0);
	/* vmalloc= moves it; no base; no VMSPLIT line: unknown, still 32-bit ARM */
	CHECK(target_lowmem(&k, true, &m, true, &lm) && !lm.known);
	m.base_known = false;
	CHECK(target_lowmem(&k, true, &m, false, &lm) && !lm.known);
	CHECK(target_check_lowmem(0x6e000000, 64 * MiB, &lm, err, sizeof(err)) == 0);
	m.base_known = true;
	k.vmsplit_3g = KC_NO, k.vmsplit_2g = KC_YES;
	CHECK(target_lowmem(&k, true, &m, false, &lm) && lm.known);
	CHECK_U64(lm.end, 0x40000000 + (0xf0000000ULL - 0x80000000ULL));
	/* arm64, no HighMem, no config: no boundary */
	k.arm = KC_NO, k.arm64 = KC_YES;
	CHECK(!target_lowmem(&k, true, &m, false, &lm));
	k.arm = KC_YES, k.arm64 = KC_NO, k.highmem = KC_NO;
	CHECK(!target_lowmem(&k, true, &m, false, &lm));
	CHECK(!target_lowmem(&k, false, &m, false, &lm));
}

/* 32-bit ARM zones: the lab kernel's 1 GiB: DMA 0x40000000-0x6fffffff, HighMem 0x70000000- */
static void test_area(void)
{
	struct target_mem m = { true, 0x40000000, GiB, true, "the DT's /memory" };
	struct target_lowmem lm = { true, 0x70000000, "lab" };
	struct cma_req q = { .size = 800 * MiB };
	char err[512];

	CHECK(target_check_area(&q, &m, &lm, err, sizeof(err)) == -1);
	CHECK(strstr(err, "lowmem part (768 MiB) nor the HighMem part (256 MiB)") != NULL);
	q.size = 768 * MiB;
	CHECK(target_check_area(&q, &m, &lm, err, sizeof(err)) == 0);
	CHECK(target_check_area(&q, &m, NULL, err, sizeof(err)) == 0);
	/* a window wholly in HighMem: only its 256 MiB */
	q.size = 300 * MiB;
	q.has_base = q.has_limit = true;
	q.base = 0x70000000, q.limit = 0x80000000;
	CHECK(target_check_area(&q, &m, &lm, err, sizeof(err)) == -1);
	/* fixed: the boundary rule */
	q.size = 64 * MiB;
	q.has_limit = false, q.base = 0x6e000000;
	CHECK(target_check_area(&q, &m, &lm, err, sizeof(err)) == -1);
	CHECK(strstr(err, "crosses the end of lowmem") != NULL);
	q.base = 0x6c000000;
	CHECK(target_check_area(&q, &m, &lm, err, sizeof(err)) == 0);
}

/* The verdict follows the target's kernel: a DT edit with cma= on the command line. */
static void test_nextboot(void)
{
	struct cma_sources *s = base("6.1.0");
	struct target_facts t = { .replace = true };
	struct nextboot nb;
	struct nextboot_change c = { .layer = layer_get(VIA_CMDLINE), .kind = BOOTCFG_RPI_CMDLINE,
				     .text = "console=ttyAMA0 cma=256M", .target = &t };

	c.len = strlen(c.text);
	s->dt.pools[0] = (struct cma_dt_pool){ .name = "linux,cma", .is_default = true,
		.shared_dma_pool = true, .has_size = true, .reusable = true, .size = 96 * MiB };
	s->dt.npools = 1;
	/* the host runs 6.1; the target boots 5.4: the DT node wins there */
	kver_parse("5.4.0", &t.kver);
	t.kconfig_known = true;
	t.kconfig = s->kconfig;
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_SHADOWED && nb.winner == SRC_DEVICETREE);
	CHECK_STR(nb.missing, "");
	/* 5.10: cma= wins */
	kver_parse("5.10.0", &t.kver);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_EFFECTIVE && nb.winner == SRC_CMDLINE);
	/* unknown version: the two rules disagree, so no promise */
	memset(&t.kver, 0, sizeof(t.kver));
	str_copy(t.kver_from, sizeof(t.kver_from), "no kernel image");
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_UNKNOWN);
	CHECK(strstr(nb.missing, "the target's kernel version (no kernel image)") != NULL);
	/* without the DT node the version does not matter, but the config does */
	s->dt.npools = 0;
	t.kconfig_known = false;
	str_copy(t.kconfig_from, sizeof(t.kconfig_from), "no boot/config-X");
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_EFFECTIVE);
	CHECK(strstr(nb.missing, "whether the target kernel has CMA") != NULL);
	CHECK(strstr(nb.missing, "its config was not found (give --config FILE)") != NULL);
	/* the target's config says no CMA: nothing has an effect */
	t.kconfig_known = true;
	t.kconfig.cma = KC_NO;
	kver_parse("5.10.0", &t.kver);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_NO_CMA);
	free(s);
}

int main(void)
{
	test_names();
	test_grub();
	test_pick();
	test_apply();
	test_range();
	test_lowmem();
	test_area();
	test_nextboot();
	return UNIT_DONE("target");
}
