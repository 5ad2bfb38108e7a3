// SPDX-License-Identifier: GPL-2.0-or-later
/* The target's kernel, as its files under --root name it (target.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/bootcfg.h"
#include "io/fdtov.h"
#include "io/target.h"
#include "model/boot/boot.h"
#include "model/dt.h"
#include "model/kconfig.h"
#include "model/kver.h"
#include "model/lines.h"
#include "log.h"

#define TEXT_MAX (1u << 20)

bool target_named_is_system(const char *named)
{
	char *real = realpath(named, NULL);
	bool sys;

	if (!real)
		return false;
	sys = !strncmp(real, "/boot/", 6) || !strncmp(real, "/etc/", 5);
	free(real);
	return sys;
}

/* Names in <root>/@dir that look like a release (with @images: a kernel image's). */
struct names {
	int n;
	char name[TARGET_MAX_CANDS][NAME_MAX + 8];
};

/* Return: 0 (also when @dir is absent), or -errno when it could not be listed. */
static int list_dir(const struct cma_root *r, const char *dir, bool images, struct names *out)
{
	DIR *d = root_opendir(r, dir);
	struct dirent *de;
	struct kver v;
	char where[PATH_MAX];
	int lr = 0;

	if (!d)
		return 0;
	while (out->n < TARGET_MAX_CANDS && (lr = dir_next(d, &de)) > 0) {
		bool dup = false;

		if (de->d_name[0] == '.' || target_kver_from_name(de->d_name, &v) ||
		    (images && !strcmp(de->d_name, v.release)))	/* a bare release is no image */
			continue;
		for (int i = 0; i < out->n; i++)	/* lib -> usr/lib on merged /usr */
			dup |= !strcmp(strrchr(out->name[i], '/') + 1, de->d_name);
		if (!dup)
			snprintf(out->name[out->n++], sizeof(out->name[0]), "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (out->n >= TARGET_MAX_CANDS || lr >= 0)
		return 0;
	root_describe(r, dir, where, sizeof(where));
	log_warn("cannot list %s: %s", where, strerror(-lr));
	return lr;
}

/* GRUB_DEFAULT's value in etc/default/grub, unquoted as written; NULL when not set. */
static const char *grub_default(const struct cma_root *r, char *buf, size_t len)
{
	char *text, *p, *found = NULL;
	size_t tlen;

	if (root_read(r, "etc/default/grub", TEXT_MAX, &text, &tlen) < 0)
		return NULL;
	for (p = text; p && p < text + tlen; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, "GRUB_DEFAULT=", 13))
			found = p + 13;	/* the last one counts, as in sh */
	if (found)
		snprintf(buf, len, "%.*s", (int)strcspn(found, "\n \t#"), found);
	free(text);
	return found ? buf : NULL;
}

/*
 * The kernel the bootloader file under the root names: the extlinux label's
 * LINUX/KERNEL line, else the first entry of boot/grub/grub.cfg when
 * GRUB_DEFAULT picks it.
 */
static void boot_kernel(const struct cma_root *r, const char *label, char *file, size_t flen,
			char *path, size_t plen)
{
	struct bootcfg_list *l = malloc(sizeof(*l));
	char *text = NULL, def[64];
	size_t len;

	file[0] = path[0] = '\0';
	if (!l)
		return;
	bootcfg_find_cmdline(r, l);
	for (int i = 0; i < l->n && !path[0]; i++) {
		if (root_read(r, l->path[i], TEXT_MAX, &text, &len) < 0)
			continue;
		if (boot_kind(l->path[i], text, len) == BOOTCFG_EXTLINUX &&
		    !boot_extlinux_kernel(text, len, label, path, plen))
			root_describe(r, l->path[i], file, flen);
		else
			path[0] = '\0';
		free(text);
		text = NULL;
	}
	free(l);
	if (path[0] || root_read(r, "boot/grub/grub.cfg", 4 * TEXT_MAX, &text, &len) < 0)
		return;
	if (!target_grub_kernel(text, len, grub_default(r, def, sizeof(def)), path, plen))
		root_describe(r, "boot/grub/grub.cfg", file, flen);
	else
		path[0] = '\0';
	free(text);
}

/*
 * The DT extlinux.conf's label hands the kernel (io/fdtov.c): its FDT file
 * (an FDTDIR needs the board's name, which only U-Boot knows) with the
 * label's FDTOVERLAYS applied. An overlay that cannot be read or applied
 * makes the DT unknown, never the base alone: U-Boot skips one it cannot
 * load, and leaves the DT broken when one fails to apply.
 */
static void boot_dtb(const struct cma_root *r, const char *label, struct target_facts *t)
{
	struct fdtov_label *l = malloc(sizeof(*l));
	char *blob = NULL, err[400], list[200], shown[PATH_MAX + 64];
	void *dt = NULL;
	size_t blen, dlen;

	if (!l || fdtov_label(r, label, l))
		goto out;
	if (l->is_dir) {
		snprintf(t->dt_unknown, sizeof(t->dt_unknown), "the DT U-Boot loads from "
			 "extlinux.conf's FDTDIR %.120s (the file is named by U-Boot's fdtfile, or "
			 "soc-board.dtb; give --dtb FILE)", l->fdt);
		goto out;
	}
	fdtov_list(l, list, sizeof(list));
	if (l->bad[0]) {
		snprintf(t->dt_unknown, sizeof(t->dt_unknown), "the DT extlinux.conf loads: its "
			 "%.250s", l->bad);
		goto out;
	}
	if (!l->fdt_rel[0] || root_read(r, l->fdt_rel, 64u << 20, &blob, &blen) < 0 ||
	    (l->ov.n ? fdtov_apply(r, l, l->ov.n, blob, blen, &dt, &dlen, err, sizeof(err)) :
	     dt_parse(blob, blen, &t->dt, err, sizeof(err)))) {
		if (l->fdt_rel[0] && l->ov.n && blob && !dt_validate(blob, blen, NULL, 0))
			snprintf(t->dt_unknown, sizeof(t->dt_unknown), "the DT extlinux.conf loads "
				 "(FDT %.80s with %.80s): %.180s", l->fdt, list, err);
		else
			snprintf(t->dt_unknown, sizeof(t->dt_unknown), "the DT extlinux.conf loads "
				 "(FDT %.120s): not under the root, or not a DTB (give --dtb FILE)",
				 l->fdt);
		goto out;
	}
	if (dt && dt_parse(dt, dlen, &t->dt, err, sizeof(err))) {
		snprintf(t->dt_unknown, sizeof(t->dt_unknown), "the DT extlinux.conf loads "
			 "(FDT %.80s with %.80s): %.180s", l->fdt, list, err);
		goto out;
	}
	t->has_dt = true;
	root_describe(r, l->fdt_rel, shown, sizeof(shown));
	if (l->ov.n)
		snprintf(t->dt_from, sizeof(t->dt_from), "%.100s with the overlays %.150s applied",
			 shown, list);
	else
		str_copy(t->dt_from, sizeof(t->dt_from), shown);
out:
	free(dt);
	free(blob);
	free(l);
}

/* The target kernel's config: boot/config-REL, else usr/lib/modules/REL/config (DOMAIN.md 7). */
static void read_config(const struct cma_root *r, struct target_facts *t)
{
	char rel[2][160], *buf;
	size_t len;

	snprintf(rel[0], sizeof(rel[0]), "boot/config-%s", t->kver.release);
	snprintf(rel[1], sizeof(rel[1]), "usr/lib/modules/%s/config", t->kver.release);
	for (int i = 0; i < 2; i++) {
		if (root_read(r, rel[i], 8 * TEXT_MAX, &buf, &len) < 0)
			continue;
		kconfig_parse(buf, len, &t->kconfig);
		free(buf);
		t->kconfig_known = true;
		root_describe(r, rel[i], t->kconfig_from, sizeof(t->kconfig_from));
		return;
	}
	snprintf(t->kconfig_from, sizeof(t->kconfig_from), "no %.120s or %.120s under the root", rel[0],
		 rel[1]);
}

/*
 * The running system: does its bootloader file boot another kernel next (one
 * installed by an upgrade and not booted yet)? Then that kernel's version and
 * config decide the next boot, not the running one's (issue 11, Why 1).
 */
static bool next_kernel_differs(const struct cma_root *r, const char *label,
				const struct cma_sources *now)
{
	char file[PATH_MAX], path[PATH_MAX];
	struct kver k;

	if (!r->live || !now->kver.known || strcmp(now->kver_origin, "osrelease"))
		return false;
	boot_kernel(r, label, file, sizeof(file), path, sizeof(path));
	return path[0] && !target_kver_from_name(path, &k) &&
	       strcmp(k.release, now->kver.release) != 0;
}

void target_gather(const struct cma_root *r, const struct global_opts *g,
		   const struct cma_sources *now, bool foreign, const char *label,
		   struct target_facts *t)
{
	struct target_kver_in in = { .option = g->kernel_version };
	struct names *imgs = calloc(1, sizeof(*imgs)), *mods = calloc(1, sizeof(*mods));
	char file[PATH_MAX], path[PATH_MAX];
	bool ran, cut;

	memset(t, 0, sizeof(*t));
	t->foreign = foreign && r->live;
	t->replace = t->foreign || !r->live || next_kernel_differs(r, label, now);
	if (!t->replace || !imgs || !mods)
		goto out;
	if (!t->foreign) {
		boot_kernel(r, label, file, sizeof(file), path, sizeof(path));
		if (path[0])
			in.bootfile = file, in.boot_kernel = path;
		cut = list_dir(r, "boot", true, imgs) < 0;
		cut |= list_dir(r, "usr/lib/modules", false, mods) < 0;
		cut |= list_dir(r, "lib/modules", false, mods) < 0;
		/* a list cut short could make one release look like the only one:
		 * the pick then goes by the boot files and osrelease alone */
		if (cut)
			imgs->n = mods->n = 0;
		for (int i = 0; i < imgs->n; i++)
			in.images[in.nimages++] = imgs->name[i];
		for (int i = 0; i < mods->n; i++)
			in.mods[in.nmods++] = mods->name[i];
		if (!strcmp(now->kver_origin, "osrelease"))
			in.osrelease = now->kver.release;
		if (!now->dt_st.present)
			boot_dtb(r, label, t);
	}
	target_pick_kver(&in, t);
	if (!t->kver.known && t->foreign)
		str_copy(t->kver_from, sizeof(t->kver_from), "the files are not this system's, and "
			 "the running kernel says nothing of theirs: give --kernel-version");
	else if (!t->kver.known)
		snprintf(t->kver_from + strlen(t->kver_from), sizeof(t->kver_from) -
			 strlen(t->kver_from), "; give --kernel-version");
	/* the config: --config, else the one next to the target's kernel */
	ran = in.osrelease && t->kver.known && !strcmp(t->kver.release, in.osrelease);
	t->ran = ran;
	if (g->config || (ran && now->kconfig_st.present)) {
		t->kconfig_known = now->kconfig_st.present;
		t->kconfig = now->kconfig;
		str_copy(t->kconfig_from, sizeof(t->kconfig_from), now->kconfig_st.origin);
	} else if (!t->foreign && t->kver.known) {
		read_config(r, t);
	} else {
		snprintf(t->kconfig_from, sizeof(t->kconfig_from), "%s", t->foreign ?
			 "the files are not this system's, and no --config names the target's" :
			 "the target's kernel version is unknown");
	}
out:
	free(imgs);
	free(mods);
}
