// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding the boot files `set` edits, always relative to --root (see bootcfg.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "io/bootcfg.h"
#include "model/boot/boot.h"
#include "model/rpiconfig.h"
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

/* extlinux.conf written by u-boot-update from an etc/default/u-boot that is there */
static bool generated_by_ubootmenu(const struct cma_root *r)
{
	char *text;
	size_t len;
	bool gen;

	if (!exists(r, "etc/default/u-boot") ||
	    root_read(r, "boot/extlinux/extlinux.conf", 1u << 20, &text, &len) < 0)
		return false;
	gen = boot_extlinux_generated(text, len);
	free(text);
	return gen;
}

void bootcfg_find_cmdline(const struct cma_root *r, struct bootcfg_list *out)
{
	out->n = 0;
	if (exists(r, "boot/extlinux/extlinux.conf"))
		add(out, generated_by_ubootmenu(r) ? "etc/default/u-boot" :
			 "boot/extlinux/extlinux.conf");
	if (exists(r, "boot/firmware/cmdline.txt"))
		add(out, "boot/firmware/cmdline.txt");
	else if (exists(r, "boot/cmdline.txt"))
		add(out, "boot/cmdline.txt");
	if (exists(r, "etc/default/grub"))
		add(out, "etc/default/grub");
	if (exists(r, "boot/armbianEnv.txt"))	/* Armbian: boot.scr imports it */
		add(out, "boot/armbianEnv.txt");
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

/*
 * Walk @dir to @depth levels: .dtb files, and boot/dtb* entries themselves
 * (@dtb_prefix). @name_prefix: only the .dtb files at the top whose names
 * start with it (config.txt's os_prefix "test-").
 */
static void walk(const struct cma_root *r, const char *dir, int depth, bool dtb_prefix,
		 const char *name_prefix, const char *compatible, const char *model,
		 struct seen *seen, struct bootcfg_list *out)
{
	DIR *d = root_opendir(r, dir);
	struct dirent *de;
	int lr = 0;

	if (!d)
		return;
	while ((lr = dir_next(d, &de)) > 0) {
		char rel[PATH_MAX];
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", dir, de->d_name);
		if (fstatat(r->dirfd, rel, &st, 0) < 0)
			continue;
		if (dtb_prefix && strncmp(de->d_name, "dtb", 3))
			continue;
		if (name_prefix && strncmp(de->d_name, name_prefix, strlen(name_prefix)))
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0)
			walk(r, rel, depth - 1, false, NULL, compatible, model, seen, out);
		else if (S_ISREG(st.st_mode) && (dtb_prefix || is_dtb_name(de->d_name)))
			try_dtb(r, rel, compatible, model, seen, out);
	}
	closedir(d);
	if (lr < 0 && !out->list_err) {
		out->list_err = -lr;
		snprintf(out->list_dir, sizeof(out->list_dir), "%s", dir);
	}
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
				walk(r, rel, 1, false, NULL, compatible, model, seen, out);
			else
				try_dtb(r, rel, compatible, model, seen, out);
		}
	}
	free(text);
}

/*
 * The DTB a Raspberry Pi's firmware loads: config.txt's device_tree= (tried
 * with os_prefix before it, then as written), else the board's DTB in the
 * os_prefix directory (model/rpiconfig.h), both relative to the boot
 * partition, the directory config.txt is in.
 */
static void from_rpi_config(const struct cma_root *r, const char *compatible, const char *model,
			    struct seen *seen, struct bootcfg_list *out)
{
	static const char *const dirs[] = { "boot/firmware", "boot" };
	char *text = NULL, rel[PATH_MAX + 600];
	const char *dir = NULL;
	struct rpi_dtb d;
	size_t len;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]) && !dir; i++) {
		snprintf(rel, sizeof(rel), "%s/config.txt", dirs[i]);
		if (root_read(r, rel, 1u << 20, &text, &len) == 0)
			dir = dirs[i];
	}
	if (!dir)
		return;
	rpi_config_dtb(text, len, compatible, &d);
	free(text);
	if (d.device_tree[0]) {
		const char *dt = d.device_tree + strspn(d.device_tree, "/");

		for (int i = d.os_prefix[0] ? 0 : 1; i < 2 && !out->n; i++) {
			snprintf(rel, sizeof(rel), "%s/%s%s", dir, i ? "" : d.os_prefix, dt);
			try_dtb(r, rel, compatible, model, seen, out);
		}
		if (out->n)
			snprintf(out->why, sizeof(out->why), "/%s/config.txt line %zu: device_tree=%s%s",
				 dir, d.dt_line, d.device_tree, d.maybe ? " (under a filter that may "
				 "not match the board)" : "");
	} else if (d.os_prefix[0]) {
		/*
		 * The prefix is put before the DTB's name as written: "next/" is a
		 * directory, "test-" part of the name, "next/test-" both (the
		 * config.txt documentation, config_txt/boot.adoc, os_prefix: "it
		 * could also be part of the filename such as \"test-\". For this
		 * reason, directory prefixes must include the trailing / character").
		 */
		const char *p = d.os_prefix + strspn(d.os_prefix, "/");
		const char *slash = strrchr(p, '/');
		size_t k = slash ? (size_t)(slash - p) : 0;

		if (k)
			snprintf(rel, sizeof(rel), "%s/%.*s", dir, (int)k, p);
		else
			snprintf(rel, sizeof(rel), "%s", dir);
		walk(r, rel, 0, false, slash ? slash + 1 : p, compatible, model, seen, out);
		if (out->n)
			snprintf(out->why, sizeof(out->why), "/%s/config.txt line %zu: os_prefix=%s "
				 "(the firmware loads the board's DTB %s)%s", dir, d.prefix_line,
				 d.os_prefix, slash && !slash[1] ? "from there" :
				 "with that prefix before its name", d.maybe ?
				 " (under a filter that may not match the board)" : "");
	}
}

void bootcfg_find_dtb(const struct cma_root *r, const char *compatible, const char *model,
		      struct bootcfg_list *out)
{
	struct seen seen = { 0 };

	out->n = 0;
	out->why[0] = '\0';
	out->list_err = 0;
	out->list_dir[0] = '\0';
	from_extlinux(r, compatible, model, &seen, out);
	if (out->n)
		return;
	from_rpi_config(r, compatible, model, &seen, out);
	if (out->n)
		return;
	walk(r, "boot", 0, false, NULL, compatible, model, &seen, out);
	walk(r, "boot/firmware", 0, false, NULL, compatible, model, &seen, out);
	/* boot/dtbs/<release>/<vendor>/x.dtb (flash-kernel), boot/dtb-<release>/... */
	walk(r, "boot", 3, true, NULL, compatible, model, &seen, out);
}

/* A read through the root, or from the cwd when there is none. */
static int read_at(const struct cma_root *r, const char *path, char **buf, size_t *len)
{
	return r ? root_read(r, path, 1u << 20, buf, len) : path_read(path, 1u << 20, buf, len);
}

static bool regular_at(const struct cma_root *r, const char *path)
{
	struct stat st;

	return fstatat(r ? r->dirfd : AT_FDCWD, path, &st, 0) == 0 && S_ISREG(st.st_mode);
}

static int by_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/*
 * The names ending in @suffix in @dir (no dot files), sorted.
 * Return: how many (0 when there is no such directory), or -errno when it
 * could not be listed: a file missed there may be the one that counts.
 */
static int names_in(const struct cma_root *r, const char *dir, const char *suffix,
		    char (*names)[NAME_MAX + 1], int max)
{
	DIR *d = r ? root_opendir(r, dir) : opendir(dir);
	struct dirent *de;
	int n = 0, lr = 0;

	if (!d)
		return 0;
	while ((lr = dir_next(d, &de)) > 0 && n < max) {
		size_t k = strlen(de->d_name);

		if (de->d_name[0] != '.' && k > strlen(suffix) &&
		    !strcmp(de->d_name + k - strlen(suffix), suffix))
			snprintf(names[n++], NAME_MAX + 1, "%s", de->d_name);
	}
	closedir(d);
	if (lr < 0)
		return lr;
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	return n;
}

/* @g->path[@g->n] = @dir (empty: the cwd or the root) + @name; false when it does not fit. */
static bool add_path(struct bootcfg_grub *g, const char *dir, const char *name)
{
	int k = snprintf(g->path[g->n], PATH_MAX, "%s%s%s", dir,
			 dir[0] && dir[strlen(dir) - 1] != '/' ? "/" : "", name);

	if (k < 0 || k >= PATH_MAX)
		return false;
	g->n++;
	return true;
}

int bootcfg_grub_chain(const struct cma_root *r, const char *path, struct bootcfg_grub *g)
{
	char dir[PATH_MAX], (*names)[NAME_MAX + 1] = calloc(BOOTCFG_MAX, sizeof(*names));
	const char *base = strrchr(path, '/');
	size_t dl = base ? (size_t)(base - path) : 0;
	bool dropin = boot_kind(path, "", 0) == BOOTCFG_GRUB_DROPIN;
	int ret = 0;

	memset(g, 0, sizeof(*g));
	if (!names)
		return -ENOMEM;
	base = base ? base + 1 : path;
	if (dropin)	/* DIR/grub.d/NAME.cfg: DIR is two levels up */
		dl = dl >= 7 ? dl - 7 : 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)dl, path);
	if (!dl && path[0] == '/')
		snprintf(dir, sizeof(dir), "/");
	if (!dropin && strcmp(base, "grub")) {
		add_path(g, "", path);
	} else if (add_path(g, dir, "grub")) {
		char sub[PATH_MAX + 8];
		int nd;

		snprintf(sub, sizeof(sub), "%s%sgrub.d", dir, dir[0] && dir[strlen(dir) - 1] != '/' ?
			 "/" : "");
		nd = names_in(r, sub, ".cfg", names, BOOTCFG_MAX - 1);
		if (nd < 0) {		/* grub.d not listable: the chain is unknown */
			free(names);
			return nd;
		}
		for (int i = 0; i < nd; i++) {
			if (!add_path(g, sub, names[i]))
				continue;
			if (!regular_at(r, g->path[g->n - 1]))
				g->n--;
			else if (dropin && !strcmp(names[i], base))
				g->edited = g->n - 1;
		}
	}
	free(names);
	if (!g->n || (dropin && !g->edited))	/* the path does not fit, or the drop-in is gone */
		return -ENOENT;
	for (int i = 0; i < g->n && !ret; i++) {
		ret = read_at(r, g->path[i], &g->text[i], &g->len[i]);
		if (ret < 0 && i != g->edited) {	/* unreadable for us: left out, not guessed */
			memmove(g->path[i], g->path[i + 1], (size_t)(g->n - i - 1) * sizeof(g->path[0]));
			g->edited -= g->edited > i;
			g->n--, i--;
			ret = 0;
		}
	}
	if (ret < 0)
		bootcfg_grub_free(g);
	return ret < 0 ? ret : 0;
}

void bootcfg_grub_free(struct bootcfg_grub *g)
{
	for (int i = 0; i < g->n; i++) {
		free(g->text[i]);
		g->text[i] = NULL;
	}
}

int bootcfg_ubootmenu_fragment(const struct cma_root *r, char *path, size_t len)
{
	static const char *const dirs[] = { "usr/share/u-boot-menu/conf.d", "etc/u-boot-menu/conf.d" };
	char (*names)[NAME_MAX + 1] = calloc(BOOTCFG_MAX, sizeof(*names));
	int found = 0;

	for (size_t d = 0; names && d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		int n = names_in(r, dirs[d], ".conf", names, BOOTCFG_MAX);

		if (n < 0) {
			snprintf(path, len, "%s", dirs[d]);
			found = n;
			break;
		}
		for (int i = 0; i < n; i++) {
			char p[PATH_MAX], *text;
			size_t tl;
			enum bootcfg_kind k;

			if (snprintf(p, sizeof(p), "%s/%s", dirs[d], names[i]) >= (int)sizeof(p) ||
			    root_read(r, p, 1u << 20, &text, &tl) < 0)
				continue;
			k = boot_kind(p, text, tl);
			free(text);
			if (k == BOOTCFG_UBOOT_MENU) {
				snprintf(path, len, "%s", p);
				found = 1;
			}
		}
	}
	free(names);
	return found;
}
