/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replacing a boot file so that a crash or a full disk leaves either the old
 * file or the new one, never half of each: temp file in the same directory,
 * fsync, optional backup, rename, fsync of the directory.
 */
#ifndef CMACTL_IO_ATOMIC_H
#define CMACTL_IO_ATOMIC_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define ATOMIC_BACKUP_SUFFIX ".cmactl-bak"

/* A file to replace: its directory, its name in it, and how it was found. */
struct atomic_file {
	int dirfd;
	char name[NAME_MAX + 1];
	char shown[PATH_MAX];		/* for messages */
	bool exists;
	struct stat st;			/* valid when exists */
};

/**
 * atomic_open() - find @path (relative to @basefd, which may be AT_FDCWD).
 * A symbolic link as the last component is refused unless @follow; then
 * it is resolved (at most 8 links), an absolute target inside @basefd when
 * @in_root (so --root stays the root). The file need not exist when
 * @may_be_new; otherwise it must be a regular file.
 * @shown_prefix: put before @path in messages ("" or the --root path).
 * Return: 0, or -1 with @err set; close with atomic_close().
 */
int atomic_open(int basefd, bool in_root, const char *shown_prefix, const char *path,
		bool follow, bool may_be_new, struct atomic_file *f, char *err, size_t errlen);

/** atomic_close() - release the directory fd. */
void atomic_close(struct atomic_file *f);

/**
 * atomic_read() - the whole current content (NUL-terminated, at most @max).
 * Return: 0 or -errno.
 */
int atomic_read(const struct atomic_file *f, size_t max, char **buf, size_t *len);

/**
 * atomic_replace() - make @f hold exactly @data. The new content is written
 * to a temp file next to it (O_EXCL) with the old file's mode and owner (or
 * @mode_from's, or 0644, for a new file) and fsynced; then, when
 * @backup_suffix is set and the file exists, @old is saved the same way as
 * name+suffix, or, when that backup already exists, as name+suffix.1, .2, ...
 * (the first free one: an older backup is never replaced); then the temp file
 * is renamed over the file and the directory fsynced. On any failure the temp
 * files are removed and the file is as before.
 * @backup: set to the backup's name in the file's directory ("" when none).
 * Return: 0, or -errno with @err set (-EACCES: the caller may suggest root).
 */
int atomic_replace(const struct atomic_file *f, const void *data, size_t len,
		   const void *old, size_t oldlen, const char *backup_suffix,
		   const struct stat *mode_from, char *backup, size_t backuplen,
		   char *err, size_t errlen);
#endif
