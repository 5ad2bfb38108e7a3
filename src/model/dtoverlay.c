// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Overlays over a base DTB, the way U-Boot applies an extlinux label's
 * FDTOVERLAYS (u-boot/u-boot boot/pxe_utils.c, label_boot_fdtoverlay()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "model/dt.h"
#include "model/dtoverlay.h"
#include "model/size.h"

/*
 * The blob reopened with DTOV_ROOM bytes free: U-Boot's boot/pxe_utils.c
 * label_boot_fdtoverlay() calls fdt_shrink_to_minimum(working_fdt, 8192)
 * before each overlay, which leaves the used size, a few reserve entries and
 * 8192 bytes, plus alignment slack that depends on the load address (unknown
 * here; the exact sum is not re-checked in U-Boot's source for this comment).
 * An overlay that needs more than the 8192 fails there with FDT_ERR_NOSPACE,
 * or may: the caller says so.
 */
static void *reopen(void *fdt, int *rc)
{
	size_t cap = (size_t)fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) +
		     5 * sizeof(struct fdt_reserve_entry) + DTOV_ROOM;
	void *buf;

	if (cap < fdt_totalsize(fdt))
		cap = fdt_totalsize(fdt);
	if (cap > INT32_MAX || !(buf = malloc(cap))) {
		*rc = -FDT_ERR_NOSPACE;
		return NULL;
	}
	*rc = fdt_open_into(fdt, buf, (int)cap);
	if (*rc < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* One overlay on *@fdt (replaced by the result); its copy is scribbled on by libfdt. */
static int apply_one(void **fdt, const void *ov, size_t ovlen, char *err, size_t errlen)
{
	void *base, *copy;
	int rc;

	if (dt_validate(ov, ovlen, err, errlen))
		return -1;
	if (!(base = reopen(*fdt, &rc))) {
		snprintf(err, errlen, "cannot make room in the DT: %s", fdt_strerror(rc));
		return -1;
	}
	if (!(copy = malloc(fdt_totalsize(ov)))) {
		free(base);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(copy, ov, fdt_totalsize(ov));
	/* libfdt leaves both blobs broken on failure (magic erased): so does U-Boot's DT */
	rc = fdt_overlay_apply(base, copy);
	free(copy);
	if (rc) {
		free(base);
		if (rc == -FDT_ERR_NOSPACE)
			snprintf(err, errlen, "needs more than the %d bytes of room U-Boot gives the "
				 "DT before each overlay: it may fail there (%s)", DTOV_ROOM,
				 fdt_strerror(rc));
		else
			snprintf(err, errlen, "does not apply: %s (U-Boot says \"Failed to apply "
				 "overlay\" and the DT it passes is left broken)", fdt_strerror(rc));
		return -1;
	}
	free(*fdt);
	*fdt = base;
	return 0;
}

int dt_overlays_apply(const void *base, size_t blen, const void *const *ov, const size_t *ovlen,
		      int n, void **out, size_t *outlen, int *failed, char *err, size_t errlen)
{
	void *fdt;
	int rc;

	*out = NULL;
	*outlen = 0;
	*failed = -1;
	if (dt_validate(base, blen, err, errlen))
		return -1;
	if (!(fdt = malloc(fdt_totalsize(base)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(fdt, base, fdt_totalsize(base));
	for (int i = 0; i < n; i++)
		if (apply_one(&fdt, ov[i], ovlen[i], err, errlen)) {
			*failed = i;
			free(fdt);
			return -1;
		}
	rc = fdt_pack(fdt) ?: fdt_check_full(fdt, fdt_totalsize(fdt));
	if (rc) {
		free(fdt);
		snprintf(err, errlen, "the result does not check out: %s", fdt_strerror(rc));
		*failed = n - 1;
		return -1;
	}
	*out = fdt;
	*outlen = fdt_totalsize(fdt);
	return 0;
}

static const struct cma_dt_pool *default_pool(const struct cma_dt *dt)
{
	for (int i = 0; i < dt->npools; i++)
		if (dt->pools[i].is_default)
			return &dt->pools[i];
	return NULL;
}

bool dt_default_pool_changed(const struct cma_dt *before, const struct cma_dt *after, char *what,
			     size_t whatlen)
{
	const struct cma_dt_pool *a = default_pool(before), *b = default_pool(after);
	char sz[32];

	if (!a && !b)
		return false;
	if (a && b && !strcmp(a->name, b->name) && cma_dt_pool_bytes(a) == cma_dt_pool_bytes(b))
		return false;
	if (!b) {
		snprintf(what, whatlen, "no linux,cma-default node");
		return true;
	}
	size_format(cma_dt_pool_bytes(b), sz, sizeof(sz));
	snprintf(what, whatlen, "/reserved-memory/%s: %s", b->name, sz);
	return true;
}
