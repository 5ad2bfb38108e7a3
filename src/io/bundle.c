// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a support bundle (see bundle.h). libarchive only decodes; every
 * file is created here, by name under one directory fd, with O_EXCL and
 * O_NOFOLLOW, after the name has been checked: nothing can land outside.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "io/bundle.h"
#include "io/root.h"
#include "model/bundlepath.h"

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

void bundle_remove(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void bundle_cleanup(struct cma_root *r)
{
	bundle_remove(r->tree);
	free(r->tree);
	r->tree = NULL;
}

/* The manifest says sys/firmware/fdt was collect's --dtb FILE, so status reads it as such. */
static bool dtb_named(const struct cma_root *r)
{
	char *text, origin[16];
	size_t len;
	bool named;

	if (root_read(r, BUNDLE_MANIFEST, BUNDLE_MEMBER_MAX, &text, &len) < 0)
		return false;
	named = bundle_manifest_origin(text, len, "sys/firmware/fdt", origin, sizeof(origin)) &&
		!strncmp(origin, "--dtb", 5);
	free(text);
	return named;
}

int root_open_any(struct cma_root *r, const char *path, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	struct stat st;
	int e;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
		if ((e = root_open(r, path)) < 0)
			return snprintf(err, errlen, "%s: %s", path, strerror(-e)), -1;
		return 0;
	}
	if (bundle_extract(path, dir, sizeof(dir), err, errlen) < 0)
		return -1;
	r->tree = strdup(dir);
	r->cleanup = bundle_cleanup;
	if (!r->tree || (e = root_open(r, dir)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(r->tree ? -e : ENOMEM));
		if (!r->tree)
			bundle_remove(dir);
		root_close(r);
		return -1;
	}
	r->path = path;		/* messages name the bundle, not the temp directory */
	r->dtb_named = dtb_named(r);
	return 0;
}

#ifndef HAVE_LIBARCHIVE
bool bundle_supported(void)
{
	return false;
}

int bundle_extract(const char *path, char *dir, size_t dirlen, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: a regular file: reading it as a bundle needs libarchive, and "
		 "this cmactl was built without it", path);
	return -1;
}
#else
#include <archive.h>
#include <archive_entry.h>

bool bundle_supported(void)
{
	return true;
}

/*
 * The directory fd of @rel's parent under @base, made (0700) as needed; every
 * step is opened with O_NOFOLLOW, so no symlink is ever walked through.
 * @leaf: set to the last component. Return: fd or -errno.
 */
static int parent_dir(int base, char *rel, const char **leaf)
{
	int fd = dup(base);
	char *p = rel, *slash;

	*leaf = rel;
	if (fd < 0)
		return -errno;
	while ((slash = strchr(p, '/'))) {
		int next;

		*slash = '\0';
		if (mkdirat(fd, p, 0700) < 0 && errno != EEXIST)
			next = -errno;
		else if ((next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
			next = -errno;
		*slash = '/';
		close(fd);
		if (next < 0)
			return next;
		fd = next;
		p = slash + 1;
	}
	*leaf = p;
	return fd;
}

struct unpack {
	struct archive *a;
	int base;
	uint64_t total;
	const char *bundle;
	char *err;
	size_t errlen;
};

/* Copy the current member's data into @fd, counting it against the limits. */
static int copy_data(struct unpack *u, int fd, const char *name)
{
	uint64_t size = 0;
	const void *buf;
	size_t len;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(u->a, &buf, &len, &off)) == ARCHIVE_OK) {
		size += len;
		u->total += len;
		if (size > BUNDLE_MEMBER_MAX || u->total > BUNDLE_TOTAL_MAX)
			return snprintf(u->err, u->errlen, "%s: member '%s': over the size limit "
					"(%llu MiB a member, %llu MiB in all)", u->bundle, name,
					(unsigned long long)(BUNDLE_MEMBER_MAX >> 20),
					(unsigned long long)(BUNDLE_TOTAL_MAX >> 20)), -1;
		if (off < 0 || pwrite(fd, buf, len, off) != (ssize_t)len)
			return snprintf(u->err, u->errlen, "%s: member '%s': cannot unpack: %s",
					u->bundle, name, strerror(errno ? errno : EIO)), -1;
	}
	if (r != ARCHIVE_EOF)
		return snprintf(u->err, u->errlen, "%s: member '%s': %s", u->bundle, name,
				archive_error_string(u->a)), -1;
	return 0;
}

static int unpack_member(struct unpack *u, struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e), *why, *leaf = NULL;
	mode_t type = archive_entry_filetype(e);
	char rel[PATH_MAX];
	int dfd, fd, r;

	if (!name)
		return snprintf(u->err, u->errlen, "%s: a member without a name", u->bundle), -1;
	why = bundle_path_clean(name, rel, sizeof(rel));
	if (!why && archive_entry_hardlink(e))
		why = "a hard link (bundles hold plain files only)";
	if (!why && type != AE_IFREG && type != AE_IFDIR)
		why = type == AE_IFLNK ? "a symbolic link (bundles hold plain files only)" :
		      "a device, FIFO or socket (bundles hold plain files only)";
	if (!why && archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
	    (uint64_t)archive_entry_size(e) > BUNDLE_MEMBER_MAX)
		why = "over the size limit of a member";
	if (why)
		return snprintf(u->err, u->errlen, "%s: member '%s': %s: refused", u->bundle,
				name, why), -1;
	if (!*rel)
		return 0;	/* "./" itself */
	if (type == AE_IFDIR) {
		size_t n = strlen(rel);

		rel[n] = '/', rel[n + 1] = '\0';	/* bundle_path_clean() left room */
	}
	dfd = parent_dir(u->base, rel, &leaf);
	if (dfd < 0)
		return snprintf(u->err, u->errlen, "%s: member '%s': %s", u->bundle, name,
				strerror(-dfd)), -1;
	if (type == AE_IFDIR) {
		close(dfd);
		return 0;
	}
	fd = openat(dfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	close(dfd);
	if (fd < 0)
		return snprintf(u->err, u->errlen, "%s: member '%s': %s", u->bundle, name,
				errno == EEXIST ? "appears twice" : strerror(errno)), -1;
	r = copy_data(u, fd, name);
	if (close(fd) < 0 && !r) {
		snprintf(u->err, u->errlen, "%s: member '%s': %s", u->bundle, name, strerror(errno));
		r = -1;
	}
	return r;
}

static int unpack_all(struct unpack *u)
{
	struct archive_entry *e;
	unsigned long members = 0;
	int r;

	while ((r = archive_read_next_header(u->a, &e)) == ARCHIVE_OK) {
		if (++members > BUNDLE_MEMBERS_MAX)
			return snprintf(u->err, u->errlen, "%s: more than %d members: refused",
					u->bundle, BUNDLE_MEMBERS_MAX), -1;
		if (unpack_member(u, e) < 0)
			return -1;
	}
	if (r != ARCHIVE_EOF)
		return snprintf(u->err, u->errlen, "%s: not a readable bundle: %s", u->bundle,
				archive_error_string(u->a)), -1;
	return 0;
}

int bundle_extract(const char *path, char *dir, size_t dirlen, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	struct unpack u = { .bundle = path, .err = err, .errlen = errlen, .base = -1 };
	int ret = -1;

	snprintf(dir, dirlen, "%s/cmactl-bundle-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return snprintf(err, errlen, "%s: cannot make a directory to unpack it (%s): %s",
				path, dir, strerror(errno)), -1;
	u.base = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	u.a = archive_read_new();
	if (u.base < 0 || !u.a) {
		snprintf(err, errlen, "%s: %s", path, strerror(u.base < 0 ? errno : ENOMEM));
		goto out;
	}
	/* tar only (what collect writes), under any filter libarchive knows */
	archive_read_support_filter_all(u.a);
	archive_read_support_format_tar(u.a);
	archive_read_support_format_gnutar(u.a);
	if (archive_read_open_filename(u.a, path, 64 * 1024) != ARCHIVE_OK) {
		snprintf(err, errlen, "%s: not a readable bundle: %s", path,
			 archive_error_string(u.a));
		goto out;
	}
	ret = unpack_all(&u);
out:
	if (u.a)
		archive_read_free(u.a);
	if (u.base >= 0)
		close(u.base);
	if (ret < 0) {
		bundle_remove(dir);
		*dir = '\0';
	}
	return ret;
}
#endif
