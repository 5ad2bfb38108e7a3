// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing a support bundle (see collect.h). One table lists what goes in and
 * why; everything is read through the --root door, so a bundle can also be
 * made from a tree or another bundle. Nothing else from /etc goes in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "common.h"
#include "io/atomic.h"
#include "io/bundle.h"
#include "io/collect.h"
#include "io/klogsrc.h"

#ifndef HAVE_LIBARCHIVE
int collect_bundle(const struct cma_root *r, const char *out, struct collect_result *res,
		   char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: writing a bundle needs libarchive, and this cmactl was built "
		 "without it", out);
	return -1;
}
#else
#include <archive.h>
#include <archive_entry.h>

enum item_kind {
	IT_FILE,	/* one file */
	IT_AREAS,	/* <dir>/<area>/<attribute> for every area */
	IT_KLOG,	/* the kernel log: live from the kernel on "/", else the file */
};

struct item {
	const char *rel;	/* with_release: then the kernel release, then tail */
	const char *tail;
	const char *why;	/* the manifest's word for it */
	enum item_kind kind;
	bool with_release;
};

/* What status reads (io/gather.c) and the boot files set changes (io/bootcfg.c). */
static const struct item items[] = {
	{ "proc/sys/kernel/osrelease", "", "kernel release", IT_FILE, false },
	{ "proc/meminfo", "", "CmaTotal, CmaFree", IT_FILE, false },
	{ "proc/cmdline", "", "kernel command line (cma=)", IT_FILE, false },
	{ "proc/vmstat", "", "cma_alloc_success, cma_alloc_fail", IT_FILE, false },
	{ "proc/config.gz", "", "kernel config", IT_FILE, false },
	{ "boot/config-", "", "kernel config", IT_FILE, true },
	/* Debian's 7.2 packages ship the config only here (linux-base-*) */
	{ "usr/lib/modules/", "/config", "kernel config", IT_FILE, true },
	{ "sys/firmware/fdt", "", "device tree blob the kernel booted with", IT_FILE, false },
	{ "sys/kernel/mm/cma", "", "CMA sysfs counters", IT_AREAS, false },
	{ "sys/kernel/debug/cma", "", "CMA debugfs counters", IT_AREAS, false },
	{ "var/log/dmesg", "", "kernel log", IT_KLOG, false },
	{ "boot/extlinux/extlinux.conf", "", "boot command line", IT_FILE, false },
	{ "boot/firmware/cmdline.txt", "", "boot command line", IT_FILE, false },
	{ "boot/cmdline.txt", "", "boot command line", IT_FILE, false },
	{ "etc/default/grub", "", "boot command line", IT_FILE, false },
};

/* debugfs knobs that act when written, and the bitmap (large, and not read by status) */
static bool skipped_attr(const char *name)
{
	return !strcmp(name, "alloc") || !strcmp(name, "free") || !strcmp(name, "bitmap");
}

struct mem { char *buf; size_t len, cap; };

static la_ssize_t mem_write(struct archive *a, void *ctx, const void *data, size_t len)
{
	struct mem *m = ctx;
	char *nb;

	if (m->len + len > m->cap) {
		size_t cap = (m->len + len) * 2;

		if (!(nb = realloc(m->buf, cap))) {
			archive_set_error(a, ENOMEM, "out of memory");
			return -1;
		}
		m->buf = nb, m->cap = cap;
	}
	memcpy(m->buf + m->len, data, len);
	m->len += len;
	return (la_ssize_t)len;
}

struct bundle {
	struct archive *a;
	const struct cma_root *root;
	struct collect_result *res;
	FILE *manifest;
	time_t now;
};

static int add_member(struct bundle *b, const char *rel, const void *data, size_t len)
{
	struct archive_entry *e = archive_entry_new();
	int r;

	if (!e)
		return -1;
	archive_entry_set_pathname(e, rel);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	archive_entry_set_mtime(e, b->now, 0);
	r = archive_write_header(b->a, e);
	if (r == ARCHIVE_OK && len && archive_write_data(b->a, data, len) != (la_ssize_t)len)
		r = ARCHIVE_FATAL;
	archive_entry_free(e);
	return r == ARCHIVE_OK ? 0 : -1;
}

/* Record @rel as read (and add it), missing or unreadable (@r = -errno). */
static int account(struct bundle *b, const char *rel, const char *why, int r,
		   const char *data, size_t len)
{
	if (r == 0) {
		b->res->read++;
		fprintf(b->manifest, "read\t%s\t%zu bytes\t%s\n", rel, len, why);
		return add_member(b, rel, data, len);
	}
	if (r == -ENOENT) {
		b->res->missing++;
		fprintf(b->manifest, "missing\t%s\tabsent on the source\t%s\n", rel, why);
	} else {
		b->res->unreadable++;
		fprintf(b->manifest, "unreadable\t%s\t%s\t%s\n", rel, strerror(-r), why);
	}
	return 0;
}

static int add_file(struct bundle *b, const char *rel, const char *why)
{
	char *buf = NULL;
	size_t len = 0;
	int r = root_read(b->root, rel, BUNDLE_MEMBER_MAX, &buf, &len), ret;

	ret = account(b, rel, why, r, buf, len);
	free(buf);
	return ret;
}

/*
 * Every file under @dir, down to @depth levels: <dir>/<area>/<attribute>,
 * and on 6.15+ debugfs <area>/ranges/<n>/<attribute> too. A symlink (6.15+
 * debugfs base_pfn -> ranges/0/base_pfn) is read through, as status reads it.
 */
static int add_tree(struct bundle *b, const char *dir, int depth, const char *why)
{
	DIR *d = root_opendir(b->root, dir);
	struct dirent *de;
	char rel[1024];
	int ret = 0, e;

	if (!d)
		return account(b, dir, why, -errno, NULL, 0);
	while (!ret && (de = readdir(d))) {
		DIR *sub;

		if (de->d_name[0] == '.' || skipped_attr(de->d_name))
			continue;
		if ((size_t)snprintf(rel, sizeof(rel), "%s/%s", dir, de->d_name) >= sizeof(rel))
			continue;
		if (depth > 1 && (sub = root_opendir(b->root, rel))) {
			closedir(sub);
			ret = add_tree(b, rel, depth - 1, why);
			continue;
		}
		e = errno;
		ret = depth > 1 && e != ENOTDIR ? account(b, rel, why, -e, NULL, 0) :
		      add_file(b, rel, why);
	}
	closedir(d);
	return ret;
}

static int add_areas(struct bundle *b, const char *dir, const char *why)
{
	return add_tree(b, dir, 4, why);
}

static int add_klog(struct bundle *b, const char *rel, const char *why)
{
	char *buf = NULL;
	size_t len = 0;
	int r, ret;

	if (!b->root->live)
		return add_file(b, rel, why);
	r = klogsrc_dump_live(b->root, &buf, &len);
	ret = account(b, rel, why, r, buf, len);
	free(buf);
	return ret;
}

static int add_items(struct bundle *b)
{
	char release[128] = "", rel[256], *buf;
	size_t len;
	int ret = 0;

	if (root_read(b->root, "proc/sys/kernel/osrelease", 4096, &buf, &len) == 0) {
		snprintf(release, sizeof(release), "%.*s", (int)strcspn(buf, "\n"), buf);
		free(buf);
	}
	for (size_t i = 0; !ret && i < ARRAY_SIZE(items); i++) {
		const struct item *it = &items[i];

		/* no release (or one that would climb out of boot/): no config-RELEASE */
		if (it->with_release && (!*release || strchr(release, '/')))
			continue;
		snprintf(rel, sizeof(rel), "%s%s%s", it->rel, it->with_release ? release : "",
			 it->tail);
		ret = it->kind == IT_AREAS ? add_areas(b, rel, it->why) :
		      it->kind == IT_KLOG ? add_klog(b, rel, it->why) : add_file(b, rel, it->why);
	}
	return ret;
}

/* The archive, built in memory, then the manifest as its last member. */
static int build(struct bundle *b, struct mem *m, char *err, size_t errlen)
{
	char *man = NULL;
	size_t manlen = 0;
	int r = -1;

	b->manifest = open_memstream(&man, &manlen);
	if (!b->manifest || archive_write_add_filter_gzip(b->a) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(b->a) != ARCHIVE_OK ||
	    archive_write_open(b->a, m, NULL, mem_write, NULL) != ARCHIVE_OK)
		goto out;
	fprintf(b->manifest, "# cmactl %s collect: what status reads, relative to the root.\n"
		"# state\tpath\tsize or reason\twhat it holds\n", CMACTL_VERSION);
	if (add_items(b) < 0)
		goto out;
	if (fflush(b->manifest) || ferror(b->manifest))
		goto out;
	if (add_member(b, BUNDLE_MANIFEST, man, manlen) < 0 ||
	    archive_write_close(b->a) != ARCHIVE_OK)
		goto out;
	r = 0;
out:
	if (r < 0)
		snprintf(err, errlen, "cannot build the bundle: %s",
			 archive_error_string(b->a) ? archive_error_string(b->a) : strerror(ENOMEM));
	if (b->manifest)
		fclose(b->manifest);
	free(man);
	return r;
}

int collect_bundle(const struct cma_root *r, const char *out, struct collect_result *res,
		   char *err, size_t errlen)
{
	struct bundle b = { .a = archive_write_new(), .root = r, .res = res, .now = time(NULL) };
	struct mem m = { 0 };
	struct atomic_file af;
	char aerr[PATH_MAX + 128];
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (!b.a) {
		snprintf(err, errlen, "%s: out of memory", out);
		return -1;
	}
	if (build(&b, &m, aerr, sizeof(aerr)) < 0) {
		snprintf(err, errlen, "%s: %s", out, aerr);
		goto out;
	}
	if (atomic_open(AT_FDCWD, false, "", out, false, true, &af, aerr, sizeof(aerr)) < 0) {
		snprintf(err, errlen, "%s", aerr);
		goto out;
	}
	ret = atomic_replace(&af, m.buf, m.len, NULL, 0, NULL, NULL, NULL, 0, aerr, sizeof(aerr));
	if (ret < 0)
		snprintf(err, errlen, "%s", aerr);
	atomic_close(&af);
out:
	archive_write_free(b.a);
	free(m.buf);
	return ret;
}
#endif
