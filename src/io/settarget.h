/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The file `cmactl set` edits: which one (named, or found under --root), its
 * content, whether the planned content is already there, and the atomic
 * write with its backup. No printing: errors come back as text in @err.
 */
#ifndef CMACTL_IO_SETTARGET_H
#define CMACTL_IO_SETTARGET_H
#include <stdbool.h>
#include <stddef.h>
#include "io/atomic.h"
#include "io/bootcfg.h"
#include "model/cma.h"
#include "model/layer.h"
#include "io/root.h"

/* Where to look for the file, as the options say. */
struct set_where {
	const struct layer *layer;	/* --via */
	const char *named;		/* --file, --dtb or --config (relative to the cwd); NULL: find it */
	const char *out;		/* -o FILE, or NULL: the file is edited in place */
	bool follow;			/* --follow-symlinks */
	const char *root_name;		/* --root as given, for messages */
};

struct set_target {
	struct atomic_file af;		/* the file edited */
	struct atomic_file outf;	/* -o FILE */
	bool opened;			/* af is open: af.shown names it */
	bool has_out;
	char *old;			/* af's content, NUL-terminated */
	size_t oldlen;
	struct bootcfg_list cands;	/* when several files could be meant: they all */
	char note[PATH_MAX + 400];	/* why the file found is the one edited, or "" */
	bool env;			/* --via ubootenv: af names the fw_env.config, old is the environment */
	char config[PATH_MAX];		/* that fw_env.config's path, as opened */
};

/** settarget_init() - an empty target, safe to settarget_close(). */
void settarget_init(struct set_target *t);

/**
 * settarget_open() - open the file to edit and -o's file, and read the first.
 * Without @w->named, the file is found under @root: for cmdline the
 * bootloader's files, otherwise the DTB on disk that the booted DT (@live)
 * matches. When several match, they are in @t->cands (cands.n > 1).
 * Return: EXIT_OK, or EXIT_FAIL/EXIT_USAGE with @err set.
 */
int settarget_open(const struct cma_root *root, const struct set_where *w,
		   const struct cma_sources *live, struct set_target *t, char *err, size_t errlen);

/**
 * settarget_dt() - the edited DTB's own view, for the memory check; *@dt NULL
 * for the text layers (cmdline, kconfig). Free *@dt.
 * Return: EXIT_OK, or EXIT_FAIL with @err set.
 */
int settarget_dt(const struct set_target *t, const struct layer *l, struct cma_dt **dt, char *err,
		 size_t errlen);

/**
 * settarget_unchanged() - does the file already hold @data? With -o the
 * output file is compared; in place, a DTB counts as unchanged when @data
 * equals the original once packed, since packing alone is no reason to write.
 * @data NULL (unset found nothing to take out) is unchanged.
 */
bool settarget_unchanged(const struct set_target *t, const struct layer *l, const void *data,
			 size_t len);

/** settarget_dest() - the file settarget_write() replaces: -o's, or the edited one. */
const struct atomic_file *settarget_dest(const struct set_target *t);

/**
 * settarget_write() - replace settarget_dest() with @data atomically, keeping
 * the original as name+@backup (NULL: no backup), or name+@backup.N when
 * that backup exists already (atomic_replace()).
 * @saved: the backup as shown (the edited file's path as named, with the
 * backup's suffix), "" when none was made.
 * Return: 0, or -errno with @err set (the file is as before).
 */
int settarget_write(const struct set_target *t, const void *data, size_t len, const char *backup,
		    char *saved, size_t savedlen, char *err, size_t errlen);

/** settarget_close() - release the files and the content read. */
void settarget_close(struct set_target *t);
#endif
