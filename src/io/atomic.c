// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Safe replacement of a boot file (see atomic.h). Everything goes through a
 * directory fd and names inside it, so --root trees and named files are
 * handled the same way and the rename stays inside one directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "io/atomic.h"
#include "io/root.h"

#define MAX_LINKS 8

/* Split @path into a directory fd and the last component. */
static int open_parent(int basefd, const char *path, struct atomic_file *f, char *err,
		       size_t errlen)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	if (slash && slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof(dir), ".");
	if (strlen(slash ? slash + 1 : path) > NAME_MAX || !*(slash ? slash + 1 : path))
		return snprintf(err, errlen, "%s: not a file name", f->shown), -1;
	snprintf(f->name, sizeof(f->name), "%s", slash ? slash + 1 : path);
	f->dirfd = openat(basefd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f->dirfd < 0)
		return snprintf(err, errlen, "%s: %s", f->shown, strerror(errno)), -1;
	return 0;
}

/* The next path to try when following the link @f: its target, made relative to @basefd. */
static int link_target(const struct atomic_file *f, const char *path, bool in_root,
		       char *next, size_t nextlen)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(f->dirfd, f->name, target, sizeof(target) - 1);
	const char *slash = strrchr(path, '/');

	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/')	/* inside --root, an absolute link points into the root */
		snprintf(next, nextlen, "%s", in_root ? target + 1 : target);
	else if (slash && (size_t)(slash - path) + 1 + (size_t)n < nextlen)
		snprintf(next, nextlen, "%.*s/%.*s", (int)(slash - path), path, (int)n, target);
	else if (slash)
		return -ENAMETOOLONG;
	else
		snprintf(next, nextlen, "%s", target);
	return 0;
}

int atomic_open(int basefd, bool in_root, const char *shown_prefix, const char *path,
		bool follow, bool may_be_new, struct atomic_file *f, char *err, size_t errlen)
{
	char cur[PATH_MAX], next[PATH_MAX];

	memset(f, 0, sizeof(*f));
	f->dirfd = -1;
	snprintf(cur, sizeof(cur), "%s", path);
	for (int links = 0;; links++) {
		snprintf(f->shown, sizeof(f->shown), "%s%s", shown_prefix, cur);
		if (open_parent(basefd, cur, f, err, errlen))
			return -1;
		if (fstatat(f->dirfd, f->name, &f->st, AT_SYMLINK_NOFOLLOW) < 0) {
			if (errno == ENOENT && may_be_new)
				return 0;
			snprintf(err, errlen, "%s: %s", f->shown, strerror(errno));
			break;
		}
		f->exists = true;
		if (S_ISREG(f->st.st_mode))
			return 0;
		if (!S_ISLNK(f->st.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file", f->shown);
			break;
		}
		if (!follow) {
			snprintf(err, errlen, "%s is a symbolic link: refusing to replace it "
				 "(--follow-symlinks writes to its target)", f->shown);
			break;
		}
		if (links == MAX_LINKS || link_target(f, cur, in_root, next, sizeof(next)) < 0) {
			snprintf(err, errlen, "%s: cannot follow the link", f->shown);
			break;
		}
		memcpy(cur, next, sizeof(cur));
		close(f->dirfd);
		f->dirfd = -1;
		f->exists = false;
	}
	atomic_close(f);
	return -1;
}

void atomic_close(struct atomic_file *f)
{
	if (f->dirfd >= 0)
		close(f->dirfd);
	f->dirfd = -1;
}

int atomic_read(const struct atomic_file *f, size_t max, char **buf, size_t *len)
{
	int fd = openat(f->dirfd, f->name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY), r;

	if (fd < 0)
		return -errno;
	r = read_whole_fd(fd, max, buf, len);
	close(fd);
	return r;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n, len -= (size_t)n;
	}
	return 0;
}

/* A new file ".<name>.cmactl-XXXXXX" next to the target, created exclusively. */
static int make_temp(const struct atomic_file *f, char *tmp, size_t tmplen)
{
	for (int tries = 0; tries < 100; tries++) {
		unsigned int r = 0;
		int fd;

		if (getrandom(&r, sizeof(r), 0) != sizeof(r))
			r ^= (unsigned int)getpid() * 2654435761u + (unsigned int)tries;
		snprintf(tmp, tmplen, ".%.200s.cmactl-%06x", f->name, r & 0xffffff);
		fd = openat(f->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd < 0 ? -errno : fd;
	}
	return -EEXIST;
}

/*
 * Write @data to a temp file with the mode and owner of @st, fsync it.
 * Return: 0 with the temp name in @tmp, or -errno (temp file removed).
 */
static int write_temp(const struct atomic_file *f, const void *data, size_t len,
		      const struct stat *st, char *tmp, size_t tmplen)
{
	int fd = make_temp(f, tmp, tmplen), r = 0;
	struct stat now;

	if (fd < 0)
		return fd;
	if (fchmod(fd, st->st_mode & 07777) < 0)
		r = -errno;
	/* chown only when it differs: vfat /boot/firmware cannot, and need not */
	if (!r && !fstat(fd, &now) && (now.st_uid != st->st_uid || now.st_gid != st->st_gid) &&
	    fchown(fd, st->st_uid, st->st_gid) < 0)
		r = -errno;
	if (!r)
		r = write_all(fd, data, len);
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (r)
		unlinkat(f->dirfd, tmp, 0);
	return r;
}

/*
 * Move the temp file @tmp to @name unless @name exists. RENAME_NOREPLACE
 * makes that one step; a filesystem without it (EINVAL) gets a look first.
 * Return: 0, -EEXIST, or another -errno.
 */
static int rename_noreplace(int dirfd, const char *tmp, const char *name)
{
	if (!renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	if (!faccessat(dirfd, name, F_OK, AT_SYMLINK_NOFOLLOW))
		return -EEXIST;
	return renameat(dirfd, tmp, dirfd, name) < 0 ? -errno : 0;
}

/*
 * The original as name+suffix; when a backup is already there (an earlier
 * run's, so the real original), as name+suffix.N, the first N free: a backup
 * is never overwritten.
 */
static int save_backup(const struct atomic_file *f, const void *old, size_t oldlen,
		       const char *suffix, char *name, size_t namelen, char *err, size_t errlen)
{
	char tmp[NAME_MAX + 1];
	int r = write_temp(f, old, oldlen, &f->st, tmp, sizeof(tmp));

	snprintf(name, namelen, "%s%s", f->name, suffix);
	for (int n = 1; !r; n++) {
		r = rename_noreplace(f->dirfd, tmp, name);
		if (r != -EEXIST || n == 1000) {
			if (r)
				unlinkat(f->dirfd, tmp, 0);
			break;
		}
		snprintf(name, namelen, "%s%s.%d", f->name, suffix, n);
		r = 0;
	}
	if (r)
		snprintf(err, errlen, "%s: cannot save the backup %s: %s (nothing changed)",
			 f->shown, name, strerror(-r));
	return r;
}

int atomic_replace(const struct atomic_file *f, const void *data, size_t len,
		   const void *old, size_t oldlen, const char *backup_suffix,
		   const struct stat *mode_from, char *backup, size_t backuplen,
		   char *err, size_t errlen)
{
	struct stat st = { .st_mode = 0644, .st_uid = geteuid(), .st_gid = getegid() };
	char tmp[NAME_MAX + 1];
	int r;

	backup[0] = '\0';
	if (f->exists)
		st = f->st;
	else if (mode_from)
		st.st_mode = mode_from->st_mode;
	r = write_temp(f, data, len, &st, tmp, sizeof(tmp));
	if (r < 0)
		return snprintf(err, errlen, "%s: cannot write the new file: %s (nothing changed)",
				f->shown, strerror(-r)), r;
	if (f->exists && backup_suffix &&
	    (r = save_backup(f, old, oldlen, backup_suffix, backup, backuplen, err, errlen))) {
		backup[0] = '\0';
		unlinkat(f->dirfd, tmp, 0);
		return r;
	}
	if (renameat(f->dirfd, tmp, f->dirfd, f->name) < 0) {
		r = -errno;
		unlinkat(f->dirfd, tmp, 0);
		return snprintf(err, errlen, "%s: cannot replace it: %s (nothing changed)",
				f->shown, strerror(-r)), r;
	}
	/* the rename is durable only once the directory is on disk */
	if (fsync(f->dirfd) < 0)
		return r = -errno, snprintf(err, errlen, "%s: written, but syncing its directory "
					   "failed: %s", f->shown, strerror(-r)), r;
	return 0;
}
