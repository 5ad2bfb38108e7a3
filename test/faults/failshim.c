// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for test/faults.bats: makes the Nth call of one system
 * call wrapper fail, to prove that `cmactl set` leaves either the old file
 * or the new one whatever step of atomic_replace() goes wrong.
 *   FAILSHIM_CALL   write|fsync|rename|open|fchmod|fchown|close (the
 *                   family: open covers open/openat, rename renameat/renameat2)
 *   FAILSHIM_N      which call of that family fails (1 = the first)
 *   FAILSHIM_ERRNO  the errno it fails with (default ENOSPC for write, EIO otherwise)
 *   FAILSHIM_SHORT  for write: write half of the Nth buffer first (a short
 *                   write), then fail the next one, as a filling disk does
 *   FAILSHIM_LOG    file to append "CALL COUNT FIRED" to at exit, so the test
 *                   knows how many calls there were and whether N was reached
 *   FAILSHIM_READDIR        a path suffix ("sys/kernel/mm/cma"): readdir() on a
 *                           directory whose path ends so fails, as a listing that
 *                           errs does (NULL with errno set; not the end, NULL with 0)
 *   FAILSHIM_READDIR_AFTER  entries that directory gives first (default 0)
 *   FAILSHIM_READDIR_ERRNO  the errno (default EIO)
 * Only calls made through the PLT are seen: glibc's own stdio writes are not,
 * so output to the terminal never counts.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum fam { F_WRITE, F_FSYNC, F_RENAME, F_OPEN, F_FCHMOD, F_FCHOWN, F_CLOSE, F_COUNT };
static const char *const fam_name[F_COUNT] = {
	"write", "fsync", "rename", "open", "fchmod", "fchown", "close",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static unsigned long count[F_COUNT], nth;
static int target = -1, fail_errno, fired, short_write, failing_after_short;

__attribute__((constructor)) static void shim_init(void)
{
	const char *c = getenv("FAILSHIM_CALL"), *n = getenv("FAILSHIM_N");
	const char *e = getenv("FAILSHIM_ERRNO");

	for (int i = 0; c && i < F_COUNT; i++)
		if (!strcmp(c, fam_name[i]))
			target = i;
	nth = n ? strtoul(n, NULL, 10) : 0;
	fail_errno = e ? atoi(e) : (target == F_WRITE ? ENOSPC : EIO);
	short_write = getenv("FAILSHIM_SHORT") != NULL;
}

__attribute__((destructor)) static void shim_report(void)
{
	const char *log = getenv("FAILSHIM_LOG");
	char line[512];
	int len = 0, fd;

	if (!log)
		return;
	for (int i = 0; i < F_COUNT; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, "%s %lu %d\n", fam_name[i],
				count[i], i == target && fired);
	fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd >= 0) {
		(void)!write(fd, line, (size_t)len);
		close(fd);
	}
}

/* Count a call of @f; true when it is the one to fail. */
static int hit(enum fam f)
{
	count[f]++;
	if ((int)f != target || !nth)
		return 0;
	if (count[f] == nth || (failing_after_short && count[f] == nth + 1)) {
		fired = 1;
		return 1;
	}
	return 0;
}

#define REAL(name, ret, ...) \
	static ret (*real_##name)(__VA_ARGS__); \
	if (!real_##name) real_##name = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t len)
{
	REAL(write, ssize_t, int, const void *, size_t);
	if (hit(F_WRITE)) {
		if (short_write && !failing_after_short && len > 1) {
			failing_after_short = 1;
			return real_write(fd, buf, len / 2);
		}
		errno = fail_errno;
		return -1;
	}
	return real_write(fd, buf, len);
}

int fsync(int fd)
{
	REAL(fsync, int, int);
	if (hit(F_FSYNC))
		return errno = fail_errno, -1;
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync, int, int);
	if (hit(F_FSYNC))
		return errno = fail_errno, -1;
	return real_fdatasync(fd);
}

int rename(const char *a, const char *b)
{
	REAL(rename, int, const char *, const char *);
	if (hit(F_RENAME))
		return errno = fail_errno, -1;
	return real_rename(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
	REAL(renameat, int, int, const char *, int, const char *);
	if (hit(F_RENAME))
		return errno = fail_errno, -1;
	return real_renameat(da, a, db, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	REAL(renameat2, int, int, const char *, int, const char *, unsigned);
	if (hit(F_RENAME))
		return errno = fail_errno, -1;
	return real_renameat2(da, a, db, b, flags);
}

int fchmod(int fd, mode_t mode)
{
	REAL(fchmod, int, int, mode_t);
	if (hit(F_FCHMOD))
		return errno = fail_errno, -1;
	return real_fchmod(fd, mode);
}

int fchown(int fd, uid_t u, gid_t g)
{
	REAL(fchown, int, int, uid_t, gid_t);
	if (hit(F_FCHOWN))
		return errno = fail_errno, -1;
	return real_fchown(fd, u, g);
}

int close(int fd)
{
	REAL(close, int, int);
	if (hit(F_CLOSE)) {
		real_close(fd);		/* as NFS does: the fd is gone, the error stays */
		return errno = fail_errno, -1;
	}
	return real_close(fd);
}

/* open and openat take a mode only with O_CREAT or O_TMPFILE. */
static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(open, int, const char *, int, ...);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (hit(F_OPEN))
		return errno = fail_errno, -1;
	return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(open64, int, const char *, int, ...);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (hit(F_OPEN))
		return errno = fail_errno, -1;
	return real_open64(path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(openat, int, int, const char *, int, ...);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (hit(F_OPEN))
		return errno = fail_errno, -1;
	return real_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(openat64, int, int, const char *, int, ...);
	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	if (hit(F_OPEN))
		return errno = fail_errno, -1;
	return real_openat64(dirfd, path, flags, mode);
}

/*
 * readdir(): the directory's path from /proc/self/fd, as a DIR has none. A
 * DIR's entries given so far are counted in a small table by pointer (a
 * closed DIR's slot may be reused by the next one: the count then starts
 * again, which only makes the failure come later, never wrongly).
 */
static struct { const void *dir; unsigned long given; } dirs[64];

static int readdir_fails(DIR *d)
{
	const char *suffix = getenv("FAILSHIM_READDIR"), *after = getenv("FAILSHIM_READDIR_AFTER");
	const char *e = getenv("FAILSHIM_READDIR_ERRNO");
	char link[64], path[4096];
	size_t i, ls, lp;
	ssize_t n;

	if (!suffix || !*suffix)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd(d));
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = 0;
	ls = strlen(suffix), lp = (size_t)n;
	if (lp < ls || strcmp(path + lp - ls, suffix))
		return 0;
	for (i = 0; i < ARRAY_LEN(dirs) && dirs[i].dir && dirs[i].dir != d; i++)
		;
	if (i == ARRAY_LEN(dirs))
		i = 0;
	if (dirs[i].dir != d)
		dirs[i].dir = d, dirs[i].given = 0;
	if (dirs[i].given < (after ? strtoul(after, NULL, 10) : 0)) {
		dirs[i].given++;
		return 0;
	}
	errno = e ? atoi(e) : EIO;
	return 1;
}

struct dirent *readdir(DIR *d)
{
	REAL(readdir, struct dirent *, DIR *);
	if (readdir_fails(d))
		return NULL;
	return real_readdir(d);
}

struct dirent64 *readdir64(DIR *d)
{
	REAL(readdir64, struct dirent64 *, DIR *);
	if (readdir_fails(d))
		return NULL;
	return real_readdir64(d);
}
