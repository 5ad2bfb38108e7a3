// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next-boot prediction of `cmactl set`/`unset` (src/model/nextboot.c) on
 * hand-built sources, with the planned DTBs built here by libfdt.
 */
#include <stdint.h>
#include <stdlib.h>
#include <libfdt.h>

#include "common.h"
#include "sources.h"
#include "unit.h"
#include "model/nextboot.h"


static void with_dt(struct cma_sources *s, uint64_t size)
{
	struct cma_dt_pool *p = &s->dt.pools[s->dt.npools++];

	strcpy(p->name, "linux,cma");
	p->is_default = p->shared_dma_pool = p->has_size = p->reusable = true;
	p->size = size;
}

static void prop_cells(void *b, const char *name, uint64_t a, uint64_t c)
{
	fdt64_t v[2] = { cpu_to_fdt64(a), cpu_to_fdt64(c) };

	fdt_property(b, name, v, sizeof(v));
}

/*
 * A planned DTB: 1 GiB at 0x40000000, a linux,cma-default node of @cma bytes
 * (none when 0), /chosen/bootargs when @bootargs. 2 address and size cells.
 */
static void *dtb(uint64_t cma, const char *bootargs, size_t *len)
{
	size_t cap = 4096;
	void *b = calloc(1, cap);

	fdt_create(b, (int)cap);
	fdt_finish_reservemap(b);
	fdt_begin_node(b, "");
	fdt_property_u32(b, "#address-cells", 2);
	fdt_property_u32(b, "#size-cells", 2);
	fdt_property_string(b, "compatible", "linux,dummy-virt");
	if (bootargs) {
		fdt_begin_node(b, "chosen");
		fdt_property_string(b, "bootargs", bootargs);
		fdt_end_node(b);
	}
	fdt_begin_node(b, "memory@40000000");
	fdt_property_string(b, "device_type", "memory");
	prop_cells(b, "reg", 0x40000000, 1024 * MiB);
	fdt_end_node(b);
	fdt_begin_node(b, "reserved-memory");
	fdt_property_u32(b, "#address-cells", 2);
	fdt_property_u32(b, "#size-cells", 2);
	fdt_property(b, "ranges", NULL, 0);
	if (cma) {
		fdt_begin_node(b, "linux,cma");
		fdt_property_string(b, "compatible", "shared-dma-pool");
		fdt_property(b, "reusable", NULL, 0);
		fdt64_t sz = cpu_to_fdt64(cma);
		fdt_property(b, "size", &sz, sizeof(sz));
		fdt_property(b, "linux,cma-default", NULL, 0);
		fdt_end_node(b);
	}
	fdt_end_node(b);
	fdt_end_node(b);
	CHECK(fdt_finish(b) == 0);
	*len = fdt_totalsize(b);
	return b;
}

static void test_names(void)
{
	CHECK_STR(cma_via_name(VIA_BOOTARGS), "bootargs");
	CHECK(cma_via_parse("kconfig") == VIA_KCONFIG);
	CHECK(cma_via_parse("dtb") == VIA_NONE);
	CHECK_STR(nextboot_state_name(NB_SHADOWED), "shadowed");
}

/* 6.1 with cma=32M on the command line: a DT change is bypassed (5.6+). */
static void test_dt_shadowed_61(void)
{
	struct cma_sources *s = base("6.1.0");
	struct nextboot nb;
	size_t len;
	void *b = dtb(128 * MiB, NULL, &len);
	struct nextboot_change c = { .layer = layer_get(VIA_DTS), .text = b, .len = len };

	with_cma(s, "console=ttyAMA0 cma=32M");
	with_dt(s, 96 * MiB);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_SHADOWED);
	CHECK(nb.winner == SRC_CMDLINE);
	CHECK(!nb.effective);
	CHECK_STR(nb.detail, "cma=32M");
	CHECK(nb.size_known); CHECK_U64(nb.size_bytes, 32 * MiB);
	CHECK(nb.unset_via == VIA_CMDLINE);
	CHECK_STR(nb.unset_hint, "cmactl unset --via cmdline");
	CHECK(strstr(nb.rule, "6.1") != NULL);
	free(b);
	free(s);
}

/* 5.5: the DT node still beat cma=, so the same change wins. */
static void test_dt_wins_55(void)
{
	struct cma_sources *s = base("5.5.19");
	struct nextboot nb;
	size_t len;
	void *b = dtb(128 * MiB, NULL, &len);
	struct nextboot_change c = { .layer = layer_get(VIA_DTS), .text = b, .len = len };

	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_EFFECTIVE);
	CHECK(nb.winner == SRC_DEVICETREE);
	CHECK(nb.effective);
	CHECK_U64(nb.size_bytes, 128 * MiB);
	CHECK_STR(nb.unset_hint, "");
	free(b);
	free(s);
}

/* A .config change while a DT linux,cma-default node exists: the node wins. */
static void test_kconfig_under_dt(void)
{
	static const char cfg[] = "CONFIG_CMA=y\nCONFIG_DMA_CMA=y\nCONFIG_CMA_SIZE_MBYTES=64\n"
				  "CONFIG_CMA_SIZE_SEL_MBYTES=y\n";
	struct cma_sources *s = base("6.1.0");
	struct nextboot_change c = { .layer = layer_get(VIA_KCONFIG), .text = cfg, .len = sizeof(cfg) - 1 };
	struct nextboot nb;

	with_dt(s, 96 * MiB);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_SHADOWED);
	CHECK(nb.winner == SRC_DEVICETREE);
	CHECK_U64(nb.size_bytes, 96 * MiB);
	CHECK(nb.unset_via == VIA_DTS);
	CHECK_STR(nb.unset_hint, "cmactl unset --via dts");
	free(s);

	s = base("6.1.0");			/* without the node it wins */
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_EFFECTIVE); CHECK_U64(nb.size_bytes, 64 * MiB);
	free(s);
}

/* The planned DTB's own /chosen/bootargs cma= is next boot's cma= (lab rt-*-bootargs48M). */
static void test_dt_shadowed_by_bootargs(void)
{
	struct cma_sources *s = base("6.1.0");
	struct nextboot nb;
	size_t len;
	void *b = dtb(96 * MiB, "console=ttyAMA0 cma=48M", &len);
	struct nextboot_change c = { .layer = layer_get(VIA_DTS), .text = b, .len = len };

	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_SHADOWED);
	CHECK_STR(nb.detail, "cma=48M");
	CHECK_STR(nb.unset_hint, "cmactl unset --via bootargs");
	free(s);

	s = base("6.1.0");			/* a cma= from the bootloader still counts first */
	with_cma(s, "cma=32M");
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK_STR(nb.detail, "cma=32M");
	free(b);
	free(s);
}

/* unset: where the area comes from instead; "effective" once the layer no longer decides. */
static void test_unset(void)
{
	static const char rpi[] = "console=serial0,115200 root=/dev/mmcblk0p2\n";
	struct cma_sources *s = base("6.1.0");
	struct nextboot_change c = { .layer = layer_get(VIA_CMDLINE), .unset = true, .text = rpi,
				     .len = sizeof(rpi) - 1, .kind = BOOTCFG_RPI_CMDLINE };
	struct nextboot nb;
	size_t len;
	void *b = dtb(0, NULL, &len);

	with_cma(s, "cma=32M");
	with_dt(s, 96 * MiB);
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_UNSET);
	CHECK(nb.winner == SRC_DEVICETREE);
	CHECK(nb.effective);
	CHECK_U64(nb.size_bytes, 96 * MiB);
	CHECK_STR(nb.unset_hint, "");

	c = (struct nextboot_change){ .layer = layer_get(VIA_DTS), .unset = true, .text = b, .len = len };
	CHECK(nextboot_predict(s, &c, &nb) == 0);	/* cma=32M was winning anyway */
	CHECK(nb.state == NB_UNSET);
	CHECK(nb.winner == SRC_CMDLINE);
	CHECK(nb.effective);
	s->cmdline.has_cma = false;			/* back to Kconfig */
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.winner == SRC_KCONFIG); CHECK_U64(nb.size_bytes, 16 * MiB);
	free(b);
	free(s);
}

/* No CMA in the kernel; a planned file that does not parse; the running kernel's log is dropped. */
static void test_edges(void)
{
	struct cma_sources *s = base("6.1.0"), *next = malloc(sizeof(*next));
	struct nextboot_change c = { .layer = layer_get(VIA_DTS), .text = "not a dtb", .len = 9 };
	struct nextboot nb;

	CHECK(nextboot_predict(s, &c, &nb) == -1);
	CHECK(nb.state == NB_UNKNOWN);
	c = (struct nextboot_change){ .layer = layer_get(VIA_KCONFIG), .text = "# CONFIG_CMA is not set\n",
				      .len = 24 };
	s->meminfo.has_cma = false;		/* no CmaTotal: this kernel has none either */
	CHECK(nextboot_predict(s, &c, &nb) == 0);
	CHECK(nb.state == NB_NO_CMA);
	CHECK(!nb.effective);
	CHECK(nb.evidence[0] != '\0');

	s->klog_st.present = s->sysfs_st.present = true;
	s->areas.n = 1;
	s->klog.nfails = 1;
	CHECK(nextboot_sources(s, &c, next) == 0);
	CHECK(!next->klog_st.present && !next->sysfs_st.present);
	CHECK(next->areas.n == 0 && next->klog.nfails == 0);
	CHECK(next->kconfig.cma == KC_NO);
	free(next);
	free(s);
}

int main(void)
{
	test_names();
	test_dt_shadowed_61();
	test_dt_wins_55();
	test_kconfig_under_dt();
	test_dt_shadowed_by_bootargs();
	test_unset();
	test_edges();
	return UNIT_DONE("nextboot");
}
