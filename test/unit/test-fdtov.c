// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests: extlinux.conf FDTOVERLAYS lists (u-boot/u-boot
 * boot/pxe_utils.c rules) and overlays applied to a DTB in memory. The
 * blobs are built here with libfdt's sequential-write calls; the expected
 * sizes are the values written into them, not what the code computes.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <libfdt.h>
#include "model/boot/boot.h"
#include "model/dt.h"
#include "model/dtoverlay.h"
#include "unit.h"

static void test_list(void)
{
	static const char conf[] = "default b\nlabel a\n  fdt /a.dtb\n  fdtoverlays /x.dtbo\n"
				   "label b\n  fdt /b.dtb\n  FDTOVERLAYS  /o/one.dtbo   two.dtbo \n"
				   "  fdtoverlays /ignored.dtbo\nlabel c\n  devicetree-overlay c.dtbo\n"
				   "label d\n  fdt /d.dtb\n";
	struct boot_overlays *ov = malloc(sizeof(*ov));
	char err[200], *many, *longn;
	size_t n;

	if (!ov)
		return;
	/* the first line wins; names split at spaces, empty ones skipped */
	CHECK(boot_extlinux_fdtoverlays(conf, sizeof(conf) - 1, NULL, ov, err, sizeof(err)) == 0);
	CHECK(ov->n == 2);
	CHECK_STR(ov->path[0], "/o/one.dtbo");
	CHECK_STR(ov->path[1], "two.dtbo");
	CHECK_STR(ov->keyword, "FDTOVERLAYS");
	CHECK(boot_extlinux_fdtoverlays(conf, sizeof(conf) - 1, "a", ov, err, sizeof(err)) == 0);
	CHECK(ov->n == 1);
	CHECK_STR(ov->path[0], "/x.dtbo");
	CHECK(boot_extlinux_fdtoverlays(conf, sizeof(conf) - 1, "c", ov, err, sizeof(err)) == 0);
	CHECK(ov->n == 1);
	CHECK_STR(ov->keyword, "DEVICETREE-OVERLAY");
	CHECK(boot_extlinux_fdtoverlays(conf, sizeof(conf) - 1, "d", ov, err, sizeof(err)) == 0);
	CHECK(ov->n == 0);
	CHECK(boot_extlinux_fdtoverlays(conf, sizeof(conf) - 1, "zz", ov, err, sizeof(err)) == 0);
	CHECK(ov->n == 0);
	/* hostile lines: empty, a tab or NUL inside a name, CRLF, too long, too many */
	CHECK(boot_extlinux_fdtoverlays("label a\nfdtoverlays\n", 20, NULL, ov, err, sizeof(err)) == -1);
	CHECK(strstr(err, "names no file") != NULL);
	CHECK(boot_extlinux_fdtoverlays("label a\nfdtoverlays a\tb\n", 24, NULL, ov, err,
					sizeof(err)) == -1);
	CHECK(strstr(err, "0x09") != NULL);
	CHECK(boot_extlinux_fdtoverlays("label a\nfdtoverlays a\0b\n", 24, NULL, ov, err,
					sizeof(err)) == -1);
	CHECK(boot_extlinux_fdtoverlays("label a\r\nfdtoverlays a.dtbo\r\n", 29, NULL, ov, err,
					sizeof(err)) == -1);
	CHECK(strstr(err, "0x0d") != NULL);
	n = 20 + 600;
	if ((longn = malloc(n + 1))) {
		memcpy(longn, "label a\nfdtoverlays ", 20);
		memset(longn + 20, 'x', 600);
		CHECK(boot_extlinux_fdtoverlays(longn, n, NULL, ov, err, sizeof(err)) == -1);
		CHECK(strstr(err, "600 bytes") != NULL);
		longn[20 + 512] = ' ';	/* 512 is U-Boot's limit: taken */
		CHECK(boot_extlinux_fdtoverlays(longn, 20 + 512, NULL, ov, err, sizeof(err)) == 0);
		CHECK(ov->n == 1 && strlen(ov->path[0]) == 512);
		free(longn);
	}
	if ((many = malloc(20 + 17 * 3 + 1))) {
		memcpy(many, "label a\nfdtoverlays ", 20);
		for (int i = 0; i < 17; i++)
			memcpy(many + 20 + 3 * i, "o. ", 3);
		CHECK(boot_extlinux_fdtoverlays(many, 20 + 17 * 3, NULL, ov, err, sizeof(err)) == -1);
		CHECK(strstr(err, "more than 16") != NULL);
		CHECK(boot_extlinux_fdtoverlays(many, 20 + 16 * 3, NULL, ov, err, sizeof(err)) == 0);
		CHECK(ov->n == 16);
		free(many);
	}
	free(ov);
}

/* A 4 KiB blob with its root node open, for the two builders below. */
static void *blob_start(void)
{
	void *b = malloc(4096);

	if (!b)
		return NULL;
	fdt_create(b, 4096);
	fdt_finish_reservemap(b);
	fdt_begin_node(b, "");
	return b;
}

/* A base DTB: /reserved-memory/linux,cma, a 2-cell size of @size bytes. */
static void *base_dtb(uint64_t size)
{
	void *b = blob_start();
	fdt64_t sz = cpu_to_fdt64(size);

	if (!b)
		return NULL;
	fdt_property_u32(b, "#address-cells", 2);
	fdt_property_u32(b, "#size-cells", 2);
	fdt_begin_node(b, "reserved-memory");
	fdt_property_u32(b, "#address-cells", 2);
	fdt_property_u32(b, "#size-cells", 2);
	fdt_property(b, "ranges", NULL, 0);
	fdt_begin_node(b, "linux,cma");
	fdt_property_string(b, "compatible", "shared-dma-pool");
	fdt_property(b, "reusable", NULL, 0);
	fdt_property(b, "linux,cma-default", NULL, 0);
	fdt_property(b, "size", &sz, sizeof(sz));
	fdt_end_node(b);
	fdt_end_node(b);
	fdt_end_node(b);
	fdt_finish(b);
	return b;
}

/* An overlay: fragment@0 with target-path @path and a __overlay__ setting size to @size. */
static void *overlay(const char *path, uint64_t size)
{
	void *b = blob_start();
	fdt64_t sz = cpu_to_fdt64(size);

	if (!b)
		return NULL;
	fdt_begin_node(b, "fragment@0");
	fdt_property_string(b, "target-path", path);
	fdt_begin_node(b, "__overlay__");
	fdt_property(b, "size", &sz, sizeof(sz));
	fdt_end_node(b);
	fdt_end_node(b);
	fdt_end_node(b);
	fdt_finish(b);
	return b;
}

static void test_apply(void)
{
	void *base = base_dtb(96u << 20), *ok = overlay("/reserved-memory/linux,cma", 256u << 20);
	void *bad = overlay("/no-such-node", 16u << 20), *out = NULL;
	const void *ovs[2];
	size_t lens[2], outlen;
	struct cma_dt *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	char err[300], what[200];
	int failed;

	if (!base || !ok || !bad || !a || !b)
		goto out;
	ovs[0] = ok, lens[0] = fdt_totalsize(ok);
	CHECK(dt_overlays_apply(base, fdt_totalsize(base), ovs, lens, 1, &out, &outlen, &failed,
				err, sizeof(err)) == 0);
	CHECK(dt_parse(base, fdt_totalsize(base), a, err, sizeof(err)) == 0);
	CHECK(out && dt_parse(out, outlen, b, err, sizeof(err)) == 0);
	CHECK(b->npools == 1);
	CHECK_U64(b->pools[0].size, 256u << 20);
	CHECK(dt_default_pool_changed(a, b, what, sizeof(what)));
	CHECK_STR(what, "/reserved-memory/linux,cma: 256 MiB");
	CHECK(!dt_default_pool_changed(b, b, what, sizeof(what)));
	free(out);
	/* the second fails: the whole result is refused, and it is named */
	ovs[1] = bad, lens[1] = fdt_totalsize(bad);
	CHECK(dt_overlays_apply(base, fdt_totalsize(base), ovs, lens, 2, &out, &outlen, &failed,
				err, sizeof(err)) == -1);
	CHECK(failed == 1 && out == NULL);
	CHECK(strstr(err, "FDT_ERR_NOTFOUND") != NULL);
	/* garbage as an overlay, and a cut-short one */
	ovs[0] = "garbage, not a blob at all.......", lens[0] = 33;
	CHECK(dt_overlays_apply(base, fdt_totalsize(base), ovs, lens, 1, &out, &outlen, &failed,
				err, sizeof(err)) == -1);
	CHECK(failed == 0 && strstr(err, "not a device tree blob") != NULL);
	ovs[0] = ok, lens[0] = fdt_totalsize(ok) - 8;
	CHECK(dt_overlays_apply(base, fdt_totalsize(base), ovs, lens, 1, &out, &outlen, &failed,
				err, sizeof(err)) == -1);
	CHECK(failed == 0);
	/* a garbage base */
	CHECK(dt_overlays_apply("nope", 4, ovs, lens, 0, &out, &outlen, &failed, err,
				sizeof(err)) == -1);
	CHECK(failed == -1);
out:
	free(base), free(ok), free(bad), free(a), free(b);
}

int main(void)
{
	test_list();
	test_apply();
	return UNIT_DONE("fdtov");
}
