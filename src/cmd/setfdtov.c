// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `set --via dts` on the DTB extlinux.conf's label loads when the label has
 * FDTOVERLAYS: U-Boot applies them over the edited DTB at boot
 * (u-boot/u-boot boot/pxe_utils.c, label_boot_fdtoverlay()), so one that
 * sets the linux,cma-default node undoes the edit without a word.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "io/fdtov.h"
#include "model/dt.h"
#include "model/dtoverlay.h"
#include "cmd/setrun.h"

/* The first overlay after which the default pool is no longer the edited one: its index, or -1. */
static int first_override(struct set_run *r, const struct fdtov_label *l, const struct cma_dt *ed,
			  struct cma_dt *dt, char *what, size_t wlen, char *err, size_t errlen)
{
	for (int i = 1; i <= l->ov.n; i++) {
		void *blob;
		size_t len;
		int bad;

		if (fdtov_apply(&r->root, l, i, r->plan.text, r->plan.len, &blob, &len, err, errlen))
			return -2;
		bad = dt_parse(blob, len, dt, err, errlen);
		free(blob);
		if (bad)
			return -2;
		if (dt_default_pool_changed(ed, dt, what, wlen))
			return i - 1;
	}
	return -1;
}

int setrun_fdtoverlays(struct set_run *r, char *err, size_t errlen)
{
	struct fdtov_label *l = malloc(sizeof(*l));
	struct cma_dt *ed = calloc(1, sizeof(*ed)), *dt = calloc(1, sizeof(*dt));
	char list[300], what[200], why[400], note[1200];
	int ret = EXIT_OK, i;

	if (!l || !ed || !dt) {
		snprintf(err, errlen, "out of memory");
		ret = EXIT_FAIL;
		goto out;
	}
	/* only the DTB the label loads: the same file, by its inode */
	if (!r->plan.text || fdtov_label(&r->root, r->o.label, l) || l->is_dir || !l->fdt_rel[0] ||
	    (!l->ov.n && !l->bad[0]) || l->st.st_dev != r->t.af.st.st_dev ||
	    l->st.st_ino != r->t.af.st.st_ino)
		goto out;
	fdtov_list(l, list, sizeof(list));
	if (l->bad[0]) {
		snprintf(err, errlen, "cannot tell what the next boot's DT holds: extlinux.conf's "
			 "label loads this DTB and its %.300s (nothing written)", l->bad);
		ret = EXIT_FAIL;
		goto out;
	}
	if (dt_parse(r->plan.text, r->plan.len, ed, why, sizeof(why)))
		goto out;	/* the layer's own checks speak for the edited blob */
	i = first_override(r, l, ed, dt, what, sizeof(what), why, sizeof(why));
	if (i == -2) {
		snprintf(err, errlen, "cannot tell what the next boot's DT holds: extlinux.conf's "
			 "label applies %.250s over this DTB, and %.400s (nothing written)", list, why);
		ret = EXIT_FAIL;
	} else if (i >= 0) {
		snprintf(err, errlen, "extlinux.conf's label applies the overlay %.300s (%s) over this "
			 "DTB at boot, and after it the DT holds %.150s: this edit would not count; "
			 "change the overlay, or take it out of the %s line (nothing written)",
			 l->ov.path[i], l->ov.keyword, what, l->ov.keyword);
		ret = EXIT_FAIL;
	} else {
		snprintf(note, sizeof(note), "next boot: U-Boot applies the overlays %.300s over this "
			 "DTB (extlinux.conf); applied here too, they leave the default CMA node as "
			 "edited", list);
		setreport_note(&r->rep, note);
	}
out:
	free(l), free(ed), free(dt);
	return ret;
}
