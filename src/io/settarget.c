// SPDX-License-Identifier: GPL-2.0-or-later
/* The file `cmactl set` edits: find, open, read, compare, replace (settarget.h). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "model/dt.h"
#include "model/dtedit.h"
#include "model/boot/boot.h"
#include "io/settarget.h"

#define FILE_MAX (64u << 20)	/* no boot file comes near; a bound on what is read */

static int failf(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int failf(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return code;
}

void settarget_init(struct set_target *t)
{
	memset(t, 0, sizeof(*t));
	t->af.dirfd = t->outf.dirfd = -1;
}

/* With no --dtb: the file under /boot whose root compatible and model the booted FDT has. */
static int find_dtb(const struct cma_root *root, const struct set_where *w,
		    const struct cma_sources *live, struct set_target *t, char *err, size_t errlen)
{
	const struct cma_dt *dt = &live->dt;
	struct bootcfg_list *l = &t->cands;

	if (!live->dt_st.present || !live->dt_booted)
		return failf(err, errlen, EXIT_FAIL, "no --dtb FILE given, and no booted device tree "
			     "(%s/sys/firmware/fdt) to find it by", w->root_name);
	bootcfg_find_dtb(root, dt->compatible, dt->model, l);
	if (l->n == 1)
		return EXIT_OK;
	if (!l->n)
		return failf(err, errlen, EXIT_FAIL, "no DTB under /boot matches the booted board "
			     "(compatible \"%s\", model \"%s\"): name it with --dtb FILE",
			     dt->compatible, dt->model);
	return failf(err, errlen, EXIT_FAIL, "%d DTBs match the booted board \"%s\"; name one "
		     "with --dtb FILE:", l->n, dt->model);
}

/*
 * /etc/default/grub found: a drop-in of grub.d that grub-mkconfig sources
 * later may hold the assignment that counts; then that drop-in is the file.
 */
static int follow_grub_dropins(const struct cma_root *root, struct set_target *t, char *err,
			       size_t errlen)
{
	struct bootcfg_grub *g = malloc(sizeof(*g));
	struct boot_grub_chain c;
	const char *name[BOOTCFG_MAX];
	int ret = EXIT_OK;

	if (!g)
		return failf(err, errlen, EXIT_FAIL, "out of memory");
	if (bootcfg_grub_chain(root, t->cands.path[0], g) == 0 && g->n > 1) {
		for (int i = 0; i < g->n; i++)
			name[i] = g->path[i];
		if (boot_grub_chain((const char *const *)g->text, g->len, name, (size_t)g->n, &c, err,
				    errlen))
			ret = EXIT_FAIL;
		else if (c.edit) {
			snprintf(t->cands.path[0], sizeof(t->cands.path[0]), "%s", g->path[c.edit]);
			if (c.cma_file >= 0)
				snprintf(t->note, sizeof(t->note), "editing /%s: grub-mkconfig sources it "
					 "after /etc/default/grub, and its %s (line %zu) holds the cma= "
					 "that reaches the kernel", g->path[c.edit], c.cma_var, c.cma_line);
			else
				snprintf(t->note, sizeof(t->note), "editing /%s: grub-mkconfig sources it "
					 "after /etc/default/grub, and its GRUB_CMDLINE_LINUX is the last "
					 "one", g->path[c.edit]);
		}
	}
	bootcfg_grub_free(g);
	free(g);
	return ret;
}

static int find_cmdline_file(const struct cma_root *root, const struct set_where *w,
			     struct set_target *t, char *err, size_t errlen)
{
	struct bootcfg_list *l = &t->cands;

	bootcfg_find_cmdline(root, l);
	if (l->n == 1 && !strcmp(l->path[0], "etc/default/grub"))
		return follow_grub_dropins(root, t, err, errlen);
	if (l->n == 1)
		return EXIT_OK;
	if (!l->n)
		return failf(err, errlen, EXIT_FAIL, "no boot command-line file under %s "
			     "(boot/extlinux/extlinux.conf, boot/firmware/cmdline.txt, "
			     "etc/default/grub): name it with --file", w->root_name);
	return failf(err, errlen, EXIT_FAIL, "%d boot command-line files found; name the one the "
		     "bootloader reads with --file:", l->n);
}

/* The file to edit, found under the root: the one candidate, opened inside the root. */
static int open_found(const struct cma_root *root, const struct set_where *w,
		      const struct cma_sources *live, struct set_target *t, char *err,
		      size_t errlen)
{
	char shown[PATH_MAX];
	int ret;

	if (w->layer->file == LAYER_FILE_CONFIG)	/* a .config has no place under the root to look in */
		return failf(err, errlen, EXIT_USAGE, "--via kconfig needs the .config or "
			     "defconfig to edit: --file FILE");
	ret = w->layer->file == LAYER_FILE_BOOTCFG ? find_cmdline_file(root, w, t, err, errlen) :
				      find_dtb(root, w, live, t, err, errlen);
	if (ret)
		return ret;
	root_describe(root, "", shown, sizeof(shown));
	return atomic_open(root->dirfd, true, shown, t->cands.path[0], w->follow, false, &t->af,
			   err, errlen) ? EXIT_FAIL : EXIT_OK;
}

int settarget_open(const struct cma_root *root, const struct set_where *w,
		   const struct cma_sources *live, struct set_target *t, char *err, size_t errlen)
{
	int ret;

	if (w->named)
		ret = atomic_open(AT_FDCWD, false, "", w->named, w->follow, false, &t->af, err,
				  errlen) ? EXIT_FAIL : EXIT_OK;
	else
		ret = open_found(root, w, live, t, err, errlen);
	if (ret)
		return ret;
	t->opened = true;
	t->has_out = w->out;
	if (w->out && atomic_open(AT_FDCWD, false, "", w->out, w->follow, true, &t->outf, err,
				  errlen))
		return EXIT_FAIL;
	if ((ret = atomic_read(&t->af, FILE_MAX, &t->old, &t->oldlen)) < 0)
		return failf(err, errlen, EXIT_FAIL, "%s: %s", t->af.shown, strerror(-ret));
	return EXIT_OK;
}

int settarget_dt(const struct set_target *t, const struct layer *l, struct cma_dt **dt, char *err,
		 size_t errlen)
{
	char why[160];

	*dt = NULL;
	if (l->file != LAYER_FILE_DTB)
		return EXIT_OK;
	if (!(*dt = calloc(1, sizeof(**dt))))
		return failf(err, errlen, EXIT_FAIL, "out of memory");
	if (dt_parse(t->old, t->oldlen, *dt, why, sizeof(why)))
		return failf(err, errlen, EXIT_FAIL, "%s: %s (nothing written)", t->af.shown, why);
	return EXIT_OK;
}

static bool same(const void *a, size_t alen, const void *b, size_t blen)
{
	return a && b && alen == blen && !memcmp(a, b, alen);
}

bool settarget_unchanged(const struct set_target *t, const struct layer *l, const void *data,
			 size_t len)
{
	char *cur = NULL, err[160];
	size_t curlen = 0, plen;
	void *packed;
	bool eq;

	if (!data)
		return true;
	if (t->has_out) {
		if (!t->outf.exists || atomic_read(&t->outf, FILE_MAX, &cur, &curlen) < 0)
			return false;
		eq = same(cur, curlen, data, len);
		free(cur);
		return eq;
	}
	if (l->file != LAYER_FILE_DTB)
		return same(t->old, t->oldlen, data, len);
	if (dtedit_pack(t->old, t->oldlen, &packed, &plen, err, sizeof(err)))
		return false;
	eq = same(packed, plen, data, len);
	free(packed);
	return eq;
}

const struct atomic_file *settarget_dest(const struct set_target *t)
{
	return t->has_out ? &t->outf : &t->af;
}

int settarget_write(const struct set_target *t, const void *data, size_t len, const char *backup,
		    char *saved, size_t savedlen, char *err, size_t errlen)
{
	const struct atomic_file *f = settarget_dest(t);
	char name[NAME_MAX + 32];
	int r;

	/* a new -o file takes the original's mode and owner */
	r = atomic_replace(f, data, len, t->old, t->oldlen, backup, &t->af.st, name, sizeof(name),
			   err, errlen);
	saved[0] = '\0';
	/* the backup sits beside the file: its shown path plus what the backup adds to the name */
	if (!r && name[0])
		snprintf(saved, savedlen, "%s%s", f->shown, name + strlen(f->name));
	return r;
}

void settarget_close(struct set_target *t)
{
	atomic_close(&t->af);
	atomic_close(&t->outf);
	free(t->old);
	t->old = NULL;
}
