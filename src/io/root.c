// SPDX-License-Identifier: GPL-2.0-or-later
/* --root: a directory fd and openat() with relative paths, nothing else. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include "model/size.h"
#include "io/root.h"
#include "log.h"

int root_open(struct cma_root *r, const char *path)
{
	r->path = path;
	r->live = !strcmp(path, "/");
	r->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return r->dirfd < 0 ? -errno : 0;
}

void root_close(struct cma_root *r)
{
	if (r->dirfd >= 0)
		close(r->dirfd);
	r->dirfd = -1;
	if (r->cleanup)
		r->cleanup(r);
	r->cleanup = NULL;
}

int read_whole_fd(int fd, size_t max, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap + 1), *nb;
	ssize_t got;

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap >= max)
				return free(b), -EFBIG;
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(b, cap + 1);
			if (!nb)
				return free(b), -ENOMEM;
			b = nb;
		}
		got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return got = -errno, free(b), (int)got;
		if (got == 0)
			break;
		n += (size_t)got;
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

/*
 * Without openat2() (kernels before 5.6, seccomp filters, valgrind): follow a
 * symlink in the last component ourselves, re-rooting an absolute target, so
 * a captured tree's "proc/meminfo -> /x" still means <root>/x. Links in the
 * middle of a path are left to openat(): best effort, said in cmactl(8).
 */
static int open_fallback(const struct cma_root *r, const char *rel, int flags, int depth)
{
	char target[4096], next[8192];
	const char *slash = strrchr(rel, '/');
	ssize_t n;
	int fd = openat(r->dirfd, rel, flags | O_NOFOLLOW);

	if (fd >= 0)
		return fd;
	if ((errno != ELOOP && errno != ENOTDIR) || depth >= 8)
		return -errno;
	n = readlinkat(r->dirfd, rel, target, sizeof(target) - 1);
	if (n < 0)
		return errno == EINVAL ? -ENOTDIR : -errno;	/* not a link after all */
	target[n] = '\0';
	if (target[0] == '/')
		snprintf(next, sizeof(next), "%s", target + strspn(target, "/"));
	else
		snprintf(next, sizeof(next), "%.*s%s", slash ? (int)(slash - rel + 1) : 0, rel, target);
	return open_fallback(r, *next ? next : ".", flags, depth + 1);
}

void io_trace(const char *path, int err)
{
	if (!log_verbose)
		return;
	if (err < 0)
		log_info("not read %s: %s", path, strerror(-err));
	else
		log_info("read %s", path);
}

static void trace(const struct cma_root *r, const char *rel, int err)
{
	char path[4096 + 64];

	if (!log_verbose)
		return;
	root_describe(r, rel, path, sizeof(path));
	io_trace(path, err);
}

/*
 * openat() confined to the root: with RESOLVE_IN_ROOT (Linux 5.6+) an absolute
 * symlink in a captured tree resolves inside it, not to the host's file.
 */
static int open_in_root(const struct cma_root *r, const char *rel, int flags)
{
	struct open_how how = { .flags = (uint64_t)flags, .resolve = RESOLVE_IN_ROOT };
	long fd = syscall(SYS_openat2, r->dirfd, rel, &how, sizeof(how));

	if (fd < 0 && (errno == ENOSYS || errno == EPERM))
		fd = open_fallback(r, rel, flags, 0);
	else if (fd < 0)
		fd = -errno;
	trace(r, rel, (int)fd);	/* -v: every file and directory under the root */
	return (int)fd;
}

int root_openat(const struct cma_root *r, const char *rel)
{
	return open_in_root(r, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY);
}

int root_read(const struct cma_root *r, const char *rel, size_t max, char **buf, size_t *len)
{
	int fd = root_openat(r, rel), ret;

	if (fd < 0)
		return fd;
	ret = read_whole_fd(fd, max, buf, len);
	close(fd);
	return ret;
}

int root_read_u64(const struct cma_root *r, const char *rel, uint64_t *v)
{
	char *buf;
	size_t len;
	int ret = root_read(r, rel, 4096, &buf, &len);

	if (ret < 0)
		return ret;
	ret = u64_parse(buf, len, v) ? -EINVAL : 0;
	free(buf);
	return ret;
}

int path_read(const char *path, size_t max, char **buf, size_t *len)
{
	int fd, ret;

	if (!strcmp(path, "-"))
		return read_whole_fd(STDIN_FILENO, max, buf, len);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	io_trace(path, fd < 0 ? -errno : 0);
	if (fd < 0)
		return -errno;
	ret = read_whole_fd(fd, max, buf, len);
	close(fd);
	return ret;
}

DIR *root_opendir(const struct cma_root *r, const char *rel)
{
	int fd = open_in_root(r, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d) {
		int e = errno;

		close(fd);
		errno = e;
	}
	return d;
}

int dir_next(DIR *d, struct dirent **de)
{
	errno = 0;
	*de = readdir(d);
	if (*de)
		return 1;
	return errno ? -errno : 0;
}

void root_describe(const struct cma_root *r, const char *rel, char *buf, size_t len)
{
	size_t n = strlen(r->path);

	while (n > 1 && r->path[n - 1] == '/')
		n--;
	if (r->live)
		snprintf(buf, len, "/%s", rel);
	else
		snprintf(buf, len, "%.*s/%s", (int)n, r->path, rel);
}
