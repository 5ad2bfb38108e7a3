// SPDX-License-Identifier: GPL-2.0-or-later
/* The DT an extlinux.conf label loads, overlays included (fdtov.h). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/fdtov.h"
#include "model/dtoverlay.h"

#define CONF_MAX (1u << 20)
#define DTB_MAX (64u << 20)

/*
 * @path as U-Boot's get_relfile() finds it next to extlinux.conf: under the
 * root as written (the root file system holds /boot), else under boot/ (a
 * /boot partition of its own, where the paths start at it).
 */
static int read_rel(const struct cma_root *r, const char *path, char *rel, size_t rellen,
		    char **buf, size_t *len)
{
	const char *p = path + strspn(path, "/");

	for (int i = 0; i < 2; i++) {
		snprintf(rel, rellen, "%s%s", i ? "boot/" : "", p);
		if (root_read(r, rel, DTB_MAX, buf, len) == 0)
			return 0;
	}
	return -1;
}

int fdtov_label(const struct cma_root *r, const char *label, struct fdtov_label *l)
{
	char *text, *blob;
	size_t len, blen;

	memset(l, 0, sizeof(*l));
	if (root_read(r, "boot/extlinux/extlinux.conf", CONF_MAX, &text, &len) < 0)
		return -1;
	if (boot_extlinux_fdt(text, len, label, l->fdt, sizeof(l->fdt), &l->is_dir)) {
		free(text);
		return -1;
	}
	if (boot_extlinux_fdtoverlays(text, len, label, &l->ov, l->bad, sizeof(l->bad)))
		l->ov.n = 0;
	free(text);
	if (!l->is_dir && !read_rel(r, l->fdt, l->fdt_rel, sizeof(l->fdt_rel), &blob, &blen)) {
		free(blob);
		if (fstatat(r->dirfd, l->fdt_rel, &l->st, 0) < 0)
			memset(&l->st, 0, sizeof(l->st));
	} else {
		l->fdt_rel[0] = '\0';
	}
	return 0;
}

int fdtov_apply(const struct cma_root *r, const struct fdtov_label *l, int n, const void *blob,
		size_t blen, void **out, size_t *outlen, char *err, size_t errlen)
{
	char *buf[BOOT_MAX_OVERLAYS] = { 0 }, rel[PATH_MAX], why[300];
	size_t len[BOOT_MAX_OVERLAYS] = { 0 };
	int failed, ret = -1, i;

	*out = NULL;
	for (i = 0; i < n && i < l->ov.n; i++)
		if (read_rel(r, l->ov.path[i], rel, sizeof(rel), &buf[i], &len[i])) {
			/* U-Boot skips an overlay it cannot load; whether the board has it
			 * where this root lacks it is not known here */
			snprintf(err, errlen, "overlay %.200s (%s): not under the root or under "
				 "boot/ there", l->ov.path[i], l->ov.keyword);
			goto out;
		}
	if (dt_overlays_apply(blob, blen, (const void *const *)buf, len, i, out, outlen, &failed,
			      why, sizeof(why))) {
		if (failed < 0)
			snprintf(err, errlen, "the DTB: %.250s", why);
		else
			snprintf(err, errlen, "overlay %.200s (%s): %.250s", l->ov.path[failed],
				 l->ov.keyword, why);
		goto out;
	}
	ret = 0;
out:
	for (int k = 0; k < BOOT_MAX_OVERLAYS; k++)
		free(buf[k]);
	return ret;
}

void fdtov_list(const struct fdtov_label *l, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < l->ov.n && used + 1 < len; i++) {
		snprintf(buf + used, len - used, "%s%s", i ? " " : "", l->ov.path[i]);
		used = strlen(buf);
	}
	if (l->ov.n && used + 1 < len)
		snprintf(buf + used, len - used, " (%s)", l->ov.keyword);
}
