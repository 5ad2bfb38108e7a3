// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing a support bundle (see collect.h). One table lists what goes in and
 * why; everything is read through the --root door, so a bundle can also be
 * made from a tree or another bundle, except what a global option names
 * (--dmesg, --dtb, --config, --cmdline), which lands where status reads it.
 * Then the DTBs on disk the boot chain loads, and the FDT and overlays of
 * extlinux.conf's default label. Nothing else from /etc goes in.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
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
int collect_bundle(const struct cma_root *r, const struct global_opts *in, const char *out,
		   struct collect_result *res, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: writing a bundle needs libarchive, and this cmactl was built "
		 "without it", out);
	return -1;
}
#else
#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>
#include "io/bootcfg.h"
#include "io/dmaheap.h"
#include "io/fdtov.h"
#include "model/bundlepath.h"
#include "model/dt.h"

/* The DTBs of the boot chain and the label's overlays: each as set reads it
 * (bootcfg.c, fdtov.c), all of them bounded together. */
#define BOOT_DTBS_MAX	(32u << 20)
#define BOOT_FILES_MAX	(BOOTCFG_MAX + BOOT_MAX_OVERLAYS + 1)

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
	const char *opt;	/* the global option whose FILE stands in for it, or NULL */
	size_t off;		/* where struct global_opts holds that FILE */
};

#define NAMED(o) "--" #o, offsetof(struct global_opts, o)

/*
 * What status reads (io/gather.c) and the boot files set changes (io/bootcfg.c). A named
 * file lands where status would read it, so that `--root BUNDLE status` answers as status
 * did with the option; proc/config.gz is read gzip or plain, and kept gzip here.
 */
static const struct item items[] = {
	{ "proc/sys/kernel/osrelease", "", "kernel release", IT_FILE, false, NULL, 0 },
	{ "proc/meminfo", "", "CmaTotal, CmaFree", IT_FILE, false, NULL, 0 },
	{ "proc/cmdline", "", "kernel command line (cma=)", IT_FILE, false, NAMED(cmdline) },
	{ "proc/vmstat", "", "cma_alloc_success, cma_alloc_fail", IT_FILE, false, NULL, 0 },
	{ "proc/config.gz", "", "kernel config", IT_FILE, false, NAMED(config) },
	{ "boot/config-", "", "kernel config", IT_FILE, true, NULL, 0 },
	/* Debian's 7.2 packages ship the config only here (linux-base-*) */
	{ "usr/lib/modules/", "/config", "kernel config", IT_FILE, true, NULL, 0 },
	{ "sys/firmware/fdt", "", "device tree blob the kernel booted with", IT_FILE, false,
	  NAMED(dtb) },
	{ "sys/kernel/mm/cma", "", "CMA sysfs counters", IT_AREAS, false, NULL, 0 },
	{ "sys/kernel/debug/cma", "", "CMA debugfs counters", IT_AREAS, false, NULL, 0 },
	{ "var/log/dmesg", "", "kernel log", IT_KLOG, false, NAMED(dmesg) },
	{ "boot/extlinux/extlinux.conf", "", "boot command line", IT_FILE, false, NULL, 0 },
	{ "boot/firmware/cmdline.txt", "", "boot command line", IT_FILE, false, NULL, 0 },
	{ "boot/cmdline.txt", "", "boot command line", IT_FILE, false, NULL, 0 },
	{ "etc/default/grub", "", "boot command line", IT_FILE, false, NULL, 0 },
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
	const struct global_opts *in;
	struct collect_result *res;
	FILE *manifest;
	char **man;			/* its text so far (open_memstream), after fflush */
	size_t *manlen;
	time_t now;
	char fail[PATH_MAX + 64];	/* why a named file stopped the bundle */
	char *fdt;			/* the DT blob that went in, for the boot chain's DTBs */
	size_t fdtlen;
	/* boot files already in (a DTB found by compatible may be the label's FDT too):
	 * a member twice would make the bundle unreadable (io/bundle.c refuses it) */
	char (*boot)[PATH_MAX];
	int nboot;
	size_t boot_bytes;		/* their total, against BOOT_DTBS_MAX */
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

/*
 * Record @rel as read (and add it), missing or unreadable (@r = -errno), with its origin:
 * "root", or the option and the file it named (the manifest's fifth column).
 */
static int account_from(struct bundle *b, const char *rel, const char *why, const char *origin,
			int r, const char *data, size_t len)
{
	if (r == 0) {
		b->res->read++;
		fprintf(b->manifest, "read\t%s\t%zu bytes\t%s\t%s\n", rel, len, why, origin);
		return add_member(b, rel, data, len);
	}
	if (r == -ENOENT) {
		b->res->missing++;
		fprintf(b->manifest, "missing\t%s\tabsent on the source\t%s\t%s\n", rel, why,
			origin);
	} else {
		b->res->unreadable++;
		fprintf(b->manifest, "unreadable\t%s\t%s\t%s\t%s\n", rel, strerror(-r), why,
			origin);
	}
	return 0;
}

static int account(struct bundle *b, const char *rel, const char *why, int r,
		   const char *data, size_t len)
{
	return account_from(b, rel, why, "root", r, data, len);
}

/* Keep the DT blob that went in: the boot chain's DTBs are found by its compatible. */
static void keep_fdt(struct bundle *b, const char *rel, char **buf, size_t len)
{
	if (strcmp(rel, "sys/firmware/fdt") || !*buf)
		return;
	free(b->fdt);
	b->fdt = *buf, b->fdtlen = len;
	*buf = NULL;
}

static int add_file(struct bundle *b, const char *rel, const char *why)
{
	char *buf = NULL;
	size_t len = 0;
	int r = root_read(b->root, rel, BUNDLE_MEMBER_MAX, &buf, &len), ret;

	/* a bundle of a bundle whose blob came from --dtb: still a file, not the booted DT */
	if (b->root->dtb_named && !strcmp(rel, "sys/firmware/fdt"))
		ret = account_from(b, rel, why, "--dtb (as the bundle read says)", r, buf, len);
	else
		ret = account(b, rel, why, r, buf, len);
	if (r == 0)
		keep_fdt(b, rel, &buf, len);
	free(buf);
	return ret;
}

/* A plain .config named by --config, as gzip: the bundle's proc/config.gz is what it says. */
static int gzip_buf(const char *in, size_t inlen, char **out, size_t *outlen)
{
	z_stream z = { 0 };
	uLong cap;
	int zr;

	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	cap = deflateBound(&z, (uLong)inlen);
	if (!(*out = malloc(cap)))
		return deflateEnd(&z), -ENOMEM;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)inlen;
	z.next_out = (Bytef *)*out;
	z.avail_out = (uInt)cap;
	zr = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (zr != Z_STREAM_END)
		return free(*out), *out = NULL, -ENOMEM;
	return 0;
}

/*
 * The file a global option names, read as status reads it (relative to the cwd, "-" is
 * stdin), at @rel. The user typed it: one that cannot be read stops the bundle.
 */
static int add_named(struct bundle *b, const struct item *it, const char *rel, const char *file)
{
	char *buf = NULL, *gz, origin[PATH_MAX + 16];
	size_t len = 0, gzlen;
	int r = path_read(file, BUNDLE_MEMBER_MAX, &buf, &len), ret;

	if (r == 0 && it->off == offsetof(struct global_opts, config) &&
	    !(len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b)) {
		r = gzip_buf(buf, len, &gz, &gzlen);
		free(buf);
		buf = r ? NULL : gz, len = r ? 0 : gzlen;
	}
	if (r < 0) {
		snprintf(b->fail, sizeof(b->fail), "%s %s: %s", it->opt, file, strerror(-r));
		free(buf);
		return -1;
	}
	snprintf(origin, sizeof(origin), "%s %s", it->opt, file);
	ret = account_from(b, rel, it->why, origin, 0, buf, len);
	keep_fdt(b, rel, &buf, len);
	free(buf);
	return ret;
}

/*
 * @rel is in the bundle already, or is the manifest's name: the manifest's "read"
 * rows say which members went in (a path a boot file names may be any of them).
 */
static bool member_taken(struct bundle *b, const char *rel)
{
	size_t rl = strlen(rel);

	if (!strcmp(rel, BUNDLE_MANIFEST) || fflush(b->manifest) || !*b->man)
		return !strcmp(rel, BUNDLE_MANIFEST);
	for (const char *p = *b->man, *end = *b->man + *b->manlen; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		eol = eol ? eol : end;
		if ((size_t)(eol - p) > rl + 5 && !memcmp(p, "read\t", 5) &&
		    !memcmp(p + 5, rel, rl) && p[5 + rl] == '\t')
			return true;
		p = eol + 1;
	}
	return false;
}

static bool boot_seen(struct bundle *b, const char *rel)
{
	for (int i = 0; i < b->nboot; i++)
		if (!strcmp(b->boot[i], rel))
			return true;
	return member_taken(b, rel);
}

/* Account a boot file read (@r, @buf) at @rel once, within BOOT_DTBS_MAX in all. */
static int put_boot_file(struct bundle *b, const char *rel, const char *why, int r,
			 const char *buf, size_t len)
{
	if (boot_seen(b, rel))
		return 0;
	if (b->nboot == BOOT_FILES_MAX || (r == 0 && b->boot_bytes + len > BOOT_DTBS_MAX))
		r = -EFBIG;
	b->boot_bytes += r == 0 ? len : 0;
	if (b->nboot < BOOT_FILES_MAX)
		snprintf(b->boot[b->nboot++], PATH_MAX, "%s", rel);
	return account(b, rel, why, r, buf, len);
}

static int add_boot_file(struct bundle *b, const char *rel, const char *why)
{
	char *buf = NULL;
	size_t len = 0;
	int r, ret;

	if (boot_seen(b, rel))
		return 0;
	r = root_read(b->root, rel, BUNDLE_MEMBER_MAX, &buf, &len);
	ret = put_boot_file(b, rel, why, r, buf, len);
	free(buf);
	return ret;
}

/*
 * A file an extlinux.conf line names (@path as written), from where U-Boot's
 * get_relfile() and io/fdtov.c read it: under the root as written, else under
 * boot/ (a /boot partition of its own). It goes in at the path it was read
 * from, so the bundle's tree resolves it the same way; read from neither, the
 * error row names it as written (the first error that is not ENOENT, if any).
 */
static int add_label_file(struct bundle *b, const char *path, const char *why)
{
	char clean[PATH_MAX], rel[2][PATH_MAX + 8], *buf = NULL;
	const char *bad = bundle_path_clean(path + strspn(path, "/"), clean, sizeof(clean));
	size_t len = 0;
	int r = -ENOENT, first = -ENOENT, i, ret;

	if (bad) {	/* a ".." the root door would clamp: no member name says it */
		b->res->unreadable++;
		fprintf(b->manifest, "unreadable\t%s\tnot carried: %s\t%s\troot\n", path, bad, why);
		return 0;
	}
	for (i = 0; i < 2; i++) {
		snprintf(rel[i], sizeof(rel[i]), "%s%s", i ? "boot/" : "", clean);
		if (boot_seen(b, rel[i]))
			return 0;
		r = root_read(b->root, rel[i], BUNDLE_MEMBER_MAX, &buf, &len);
		if (r == 0)
			break;
		if (first == -ENOENT)
			first = r;
	}
	ret = put_boot_file(b, rel[i < 2 ? i : 0], why, i < 2 ? 0 : first, buf, len);
	free(buf);
	return ret;
}

/*
 * extlinux.conf's default label: its FDT file whatever its compatible (the DT
 * U-Boot hands the kernel with no /sys/firmware/fdt to match), and each file of
 * its FDTOVERLAYS (or DEVICETREE-OVERLAY) line, so that the next-boot DT
 * (io/target.c boot_dtb) is the same read from the bundle. A list U-Boot could
 * not load as written carries nothing: the bundle's extlinux.conf says the same.
 */
static int add_label_dts(struct bundle *b)
{
	struct fdtov_label *l = malloc(sizeof(*l));
	char why[96];
	int ret = 0;

	if (!l || fdtov_label(b->root, NULL, l))
		goto out;
	if (!l->is_dir)
		ret = add_label_file(b, l->fdt, "DTB extlinux.conf's default label loads (FDT)");
	snprintf(why, sizeof(why), "DT overlay extlinux.conf's default label applies (%s)",
		 l->ov.keyword ? l->ov.keyword : "FDTOVERLAYS");
	for (int i = 0; !ret && !l->bad[0] && i < l->ov.n; i++)
		ret = add_label_file(b, l->ov.path[i], why);
out:
	free(l);
	return ret;
}

/*
 * The DTBs on disk that the boot chain loads for this board (extlinux's FDT/FDTDIR, the
 * Raspberry Pi firmware's boot/firmware/, boot/dtbs/...), found as `set` finds them: by
 * the collected DT's root compatible and model. At most BOOT_DTBS_MAX bytes in all.
 */
static int add_boot_dtbs(struct bundle *b)
{
	struct cma_dt *dt = calloc(1, sizeof(*dt));
	struct bootcfg_list *l = calloc(1, sizeof(*l));
	char err[160];
	int ret = 0;

	if (!dt || !l || !b->fdt || dt_parse(b->fdt, b->fdtlen, dt, err, sizeof(err)) < 0)
		goto out;
	bootcfg_find_dtb(b->root, dt->compatible, dt->model, l);
	if (l->list_err)	/* the DTBs found are kept; the one it hides is an error row */
		ret = account(b, l->list_dir, "DTB on disk the boot chain loads for this board",
			      -l->list_err, NULL, 0);
	for (int i = 0; !ret && i < l->n; i++)
		ret = add_boot_file(b, l->path[i], "DTB on disk the boot chain loads for this board");
out:
	free(dt);
	free(l);
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
	int ret = 0, e, lr = 0;

	if (!d)
		return account(b, dir, why, -errno, NULL, 0);
	while (!ret && (lr = dir_next(d, &de)) > 0) {
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
	/* a listing that failed part-way: the members read so far stay, and the
	 * directory goes into the error list, as an unreadable file does */
	if (!ret && lr < 0)
		ret = account(b, dir, why, lr, NULL, 0);
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

/*
 * /dev/dma_heap: a bundle holds no device nodes, so each node's type, mode and
 * owner go into the manifest ("node" rows, model/bundlepath.h); status on the
 * bundle reads them back (io/gather.c) and answers as on the board.
 */
static void add_heap_nodes(struct bundle *b)
{
	static const char why[] = "dma-buf heap node (type, mode, uid:gid)";
	char names[CMA_MAX_HEAPS][DMAHEAP_NAME_MAX];
	int n = dmaheap_list(b->root, names, CMA_MAX_HEAPS);

	if (n < 0) {
		/* a listing that failed makes the bundle partial, as an unreadable file does */
		if (n != -ENOENT)
			b->res->unreadable++;
		fprintf(b->manifest, "%s\tdev/dma_heap\t%s\t%s\troot\n",
			n == -ENOENT ? "missing" : "unreadable",
			n == -ENOENT ? "absent on the source" : strerror(-n), why);
		return;
	}
	for (int i = 0; i < n; i++) {
		struct dmaheap_node st;

		if (dmaheap_stat(b->root, names[i], &st) < 0) {
			b->res->unreadable++;
			fprintf(b->manifest, "unreadable\t%s%s\t%s\t%s\troot\n", BUNDLE_NODE_DIR,
				names[i], strerror(st.err), why);
			continue;
		}
		fprintf(b->manifest, "node\t%s%s\t%s %04o %u:%u\t%s\troot\n", BUNDLE_NODE_DIR,
			names[i], st.is_chr ? "chr" : "reg", st.mode, st.uid, st.gid, why);
	}
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
		const char *named = it->opt ? *(const char *const *)((const char *)b->in +
								     it->off) : NULL;

		ret = named ? add_named(b, it, rel, named) :
		      it->kind == IT_AREAS ? add_areas(b, rel, it->why) :
		      it->kind == IT_KLOG ? add_klog(b, rel, it->why) : add_file(b, rel, it->why);
	}
	if (!ret)
		add_heap_nodes(b);
	if (!ret)
		ret = add_boot_dtbs(b);
	return ret ? ret : add_label_dts(b);
}

/* The archive, built in memory, then the manifest as its last member. */
static int build(struct bundle *b, struct mem *m, char *err, size_t errlen)
{
	char *man = NULL;
	size_t manlen = 0;
	int r = -1;

	b->man = &man, b->manlen = &manlen;
	b->manifest = open_memstream(&man, &manlen);
	if (!b->manifest || archive_write_add_filter_gzip(b->a) != ARCHIVE_OK ||
	    archive_write_set_format_pax_restricted(b->a) != ARCHIVE_OK ||
	    archive_write_open(b->a, m, NULL, mem_write, NULL) != ARCHIVE_OK)
		goto out;
	fprintf(b->manifest, "# cmactl %s collect: what status reads, relative to the root.\n"
		"# state\tpath\tsize or reason\twhat it holds\torigin (root, or the option "
		"that named the file)\n", CMACTL_VERSION);
	if (add_items(b) < 0)
		goto out;
	if (fflush(b->manifest) || ferror(b->manifest))
		goto out;
	if (add_member(b, BUNDLE_MANIFEST, man, manlen) < 0 ||
	    archive_write_close(b->a) != ARCHIVE_OK)
		goto out;
	r = 0;
out:
	if (r < 0 && *b->fail)
		snprintf(err, errlen, "%s", b->fail);
	else if (r < 0)
		snprintf(err, errlen, "cannot build the bundle: %s",
			 archive_error_string(b->a) ? archive_error_string(b->a) : strerror(ENOMEM));
	if (b->manifest)
		fclose(b->manifest);
	free(man);
	b->manifest = NULL, b->man = NULL, b->manlen = NULL;	/* they lived in this frame */
	return r;
}

int collect_bundle(const struct cma_root *r, const struct global_opts *in, const char *out,
		   struct collect_result *res, char *err, size_t errlen)
{
	struct bundle b = { .a = archive_write_new(), .root = r, .in = in, .res = res,
			    .now = time(NULL), .boot = calloc(BOOT_FILES_MAX, PATH_MAX) };
	struct mem m = { 0 };
	struct atomic_file af;
	char aerr[PATH_MAX + 128];
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (!b.a || !b.boot) {
		snprintf(err, errlen, "%s: out of memory", out);
		goto out;
	}
	if (build(&b, &m, aerr, sizeof(aerr)) < 0) {
		/* a named file's error names its option; the archive's names the bundle */
		snprintf(err, errlen, "%s%s%s", *b.fail ? "" : out, *b.fail ? "" : ": ", aerr);
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
	free(b.boot);
	free(b.fdt);
	free(m.buf);
	return ret;
}
#endif
