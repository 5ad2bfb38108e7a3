// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding the boot files `set` edits, always relative to --root (see bootcfg.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "io/bootcfg.h"
#include "model/boot/boot.h"
#include "model/dt.h"

#define DTB_MAX (8u << 20)

static bool exists(const struct cma_root *r, const char *rel)
{
	struct stat st;

	return fstatat(r->dirfd, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
}

static void add(struct bootcfg_list *l, const char *rel)
{
	if (l->n < BOOTCFG_MAX)
		snprintf(l->path[l->n++], sizeof(l->path[0]), "%s", rel);
}

void bootcfg_find_cmdline(const struct cma_root *r, struct bootcfg_list *out)
{
	out->n = 0;
	if (exists(r, "boot/extlinux/extlinux.conf"))
		add(out, "boot/extlinux/extlinux.conf");
	if (exists(r, "boot/firmware/cmdline.txt"))
		add(out, "boot/firmware/cmdline.txt");
	else if (exists(r, "boot/cmdline.txt"))
		add(out, "boot/cmdline.txt");
	if (exists(r, "etc/default/grub"))
		add(out, "etc/default/grub");
}

struct seen { int n; dev_t dev[64]; ino_t ino[64]; };

/* Compare one candidate's root compatible and model with the booted ones. */
static void try_dtb(const struct cma_root *r, const char *rel, const char *compatible,
		    const char *model, struct seen *seen, struct bootcfg_list *out)
{
	struct cma_dt *dt;
	struct stat st;
	char *buf, err[160];
	size_t len;

	if (fstatat(r->dirfd, rel, &st, 0) < 0 || !S_ISREG(st.st_mode))
		return;
	for (int i = 0; i < seen->n; i++)
		if (seen->dev[i] == st.st_dev && seen->ino[i] == st.st_ino)
			return;
	if (seen->n < 64)
		seen->dev[seen->n] = st.st_dev, seen->ino[seen->n++] = st.st_ino;
	if (root_read(r, rel, DTB_MAX, &buf, &len) < 0)
		return;
	dt = calloc(1, sizeof(*dt));
	if (dt && dt_parse(buf, len, dt, err, sizeof(err)) == 0 &&
	    !strcmp(dt->compatible, compatible) && !strcmp(dt->model, model))
		add(out, rel);
	free(dt);
	free(buf);
}

static bool is_dtb_name(const char *n)
{
	size_t l = strlen(n);

	return l > 4 && !strcmp(n + l - 4, ".dtb");
}

/* Walk @dir to @depth levels: .dtb files, and boot/dtb* entries themselves. */
static void walk(const struct cma_root *r, const char *dir, int depth, bool dtb_prefix,
		 const char *compatible, const char *model, struct seen *seen,
		 struct bootcfg_list *out)
{
	DIR *d = root_opendir(r, dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char rel[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", dir, de->d_name);
		if (fstatat(r->dirfd, rel, &st, 0) < 0)
			continue;
		if (dtb_prefix && strncmp(de->d_name, "dtb", 3))
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0)
			walk(r, rel, depth - 1, false, compatible, model, seen, out);
		else if (S_ISREG(st.st_mode) && (dtb_prefix || is_dtb_name(de->d_name)))
			try_dtb(r, rel, compatible, model, seen, out);
	}
	closedir(d);
}

/*
 * The DTB extlinux.conf's default label names (FDT file, or FDTDIR to look
 * in), under the root as written (the root file system holds /boot), else
 * under boot/ (a /boot partition of its own, where paths start at it).
 */
static void from_extlinux(const struct cma_root *r, const char *compatible, const char *model,
			  struct seen *seen, struct bootcfg_list *out)
{
	char *text, fdt[PATH_MAX], rel[PATH_MAX + 8];
	size_t len;
	bool dir;

	if (root_read(r, "boot/extlinux/extlinux.conf", 1u << 20, &text, &len) < 0)
		return;
	if (!boot_extlinux_fdt(text, len, NULL, fdt, sizeof(fdt), &dir)) {
		const char *p = fdt + strspn(fdt, "/");
		size_t k = strlen(p);

		while (k && p[k - 1] == '/')	/* "fdtdir /usr/lib/linux-image-6.1.0-56-arm64/" */
			k--;
		for (int i = 0; i < 2 && k && !out->n; i++) {
			snprintf(rel, sizeof(rel), "%s%.*s", i ? "boot/" : "", (int)k, p);
			if (dir)	/* U-Boot takes fdtfile (vendor/board.dtb) from there */
				walk(r, rel, 1, false, compatible, model, seen, out);
			else
				try_dtb(r, rel, compatible, model, seen, out);
		}
	}
	free(text);
}

void bootcfg_find_dtb(const struct cma_root *r, const char *compatible, const char *model,
		      struct bootcfg_list *out)
{
	struct seen seen = { 0 };

	out->n = 0;
	from_extlinux(r, compatible, model, &seen, out);
	if (out->n)
		return;
	walk(r, "boot", 0, false, compatible, model, &seen, out);
	walk(r, "boot/firmware", 0, false, compatible, model, &seen, out);
	/* boot/dtbs/<release>/<vendor>/x.dtb (flash-kernel), boot/dtb-<release>/... */
	walk(r, "boot", 3, true, compatible, model, &seen, out);
}
