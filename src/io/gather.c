// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gather(): the only place that knows which file each source lives in.
 * Paths are relative to --root (see FILES in cmactl(8)).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "model/dt.h"
#include "io/bundle.h"
#include "io/dmaheap.h"
#include "io/gather.h"
#include "io/klogsrc.h"
#include "model/lines.h"
#include "log.h"
#include "model/areas.h"
#include "model/bundlepath.h"
#include "model/cmdline.h"
#include "model/kconfig.h"
#include "model/kver.h"
#include "model/meminfo.h"

#define TEXT_MAX (16u << 20)	/* no meminfo, cmdline or .config is near this */
#define DTB_MAX (64u << 20)

struct gstate {
	const struct cma_root *root;
	const struct global_opts *g;
	struct cma_sources *s;
	int ret;
	char *manifest;		/* a bundle's, read once when first asked (board_lost()) */
	size_t manlen;
	bool man_tried;
};

/*
 * @opt: the option that named the file ("--dtb"), NULL for a file under the root,
 * "" for one under the root whose failure is an error all the same (a corrupt config.gz).
 * A named file that fails is an error that names the option: the user typed it.
 */
static void failed(struct gstate *st, struct src_state *ss, const char *what, int err,
		   const char *opt)
{
	ss->err = -err;
	if (err == -ENOENT && !opt)
		return;		/* absent: the kernel simply lacks it */
	if (opt) {
		log_error("%s%s%s: %s", opt, *opt ? " " : "", what, strerror(-err));
		st->ret = EXIT_FAIL;
	} else {
		log_warn("cannot read %s: %s", what, strerror(-err));
		if (st->ret == EXIT_OK)
			st->ret = EXIT_PARTIAL;
	}
}

/*
 * <root>/@rel could be opened but not listed (readdir() failed): the source is
 * no evidence, as for a file that cannot be read, and the warning says so.
 */
static void list_failed(struct gstate *st, struct src_state *ss, const char *rel, int err)
{
	root_describe(st->root, rel, ss->origin, sizeof(ss->origin));
	io_trace(ss->origin, err);
	ss->present = false;
	ss->err = -err;
	log_warn("cannot list %s: %s", ss->origin, strerror(-err));
	if (st->ret == EXIT_OK)
		st->ret = EXIT_PARTIAL;
}

/* The errno whose strerror() is @text (collect wrote it so), else EIO. */
static int errno_named(const char *text)
{
	for (int e = 1; e < 256; e++)
		if (!strcmp(strerror(e), text))
			return e;
	return EIO;
}

/*
 * A bundle: a file or directory the board could not read is no member (or,
 * for a listing cut short, a part of one), and the manifest's "unreadable" row
 * says why. Its source is as unknown here as it was there: warned, exit 3,
 * never "absent" (a log the board refused to a non-root collect is no proof
 * that no allocation failed). Returns -errno when so, else 0.
 */
/* A manifest's text is a stranger's bytes: control characters become '?' for a terminal. */
static void printable(char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t < 0x20 || *t == 0x7f)
			*t = '?';
}

/* A bundle's manifest, read once (board_lost(), heaps_from_manifest()); NULL if none. */
static const char *manifest(struct gstate *st)
{
	if (!st->man_tried && st->root->tree) {
		st->man_tried = true;
		if (root_read(st->root, BUNDLE_MANIFEST, BUNDLE_MEMBER_MAX, &st->manifest,
			      &st->manlen) < 0)
			st->manifest = NULL;
	}
	return st->manifest;
}

static int board_lost(struct gstate *st, struct src_state *ss, const char *rel)
{
	char text[64];

	if (!manifest(st) || !bundle_manifest_unreadable(st->manifest, st->manlen, rel, text,
							   sizeof(text)))
		return 0;
	printable(text);
	root_describe(st->root, rel, ss->origin, sizeof(ss->origin));
	ss->present = false;
	ss->err = errno_named(text);
	log_warn("cannot read %s (when the bundle was made): %s", ss->origin, text);
	if (st->ret == EXIT_OK)
		st->ret = EXIT_PARTIAL;
	return -ss->err;
}

/* A named file or <root>/rel; named files are read relative to the cwd. */
static int read_source(struct gstate *st, struct src_state *ss, const char *named,
		       const char *opt, const char *rel, size_t max, char **buf, size_t *len)
{
	int r;

	if (named) {
		str_copy(ss->origin, sizeof(ss->origin), named);
		r = path_read(named, max, buf, len);
	} else {
		root_describe(st->root, rel, ss->origin, sizeof(ss->origin));
		r = root_read(st->root, rel, max, buf, len);
	}
	if (r == -ENOENT && !named) {
		int lost = board_lost(st, ss, rel);

		if (lost)
			return lost;
	}
	if (r < 0)
		failed(st, ss, ss->origin, r, named ? opt : NULL);
	return r;
}

static void gather_meminfo(struct gstate *st)
{
	char *buf;
	size_t len;

	if (read_source(st, &st->s->meminfo_st, NULL, NULL, "proc/meminfo", TEXT_MAX, &buf, &len) < 0)
		return;
	meminfo_parse(buf, len, &st->s->meminfo);
	st->s->meminfo_st.present = true;
	free(buf);
}

static void gather_cmdline(struct gstate *st)
{
	char *buf;
	size_t len;

	if (read_source(st, &st->s->cmdline_st, st->g->cmdline, "--cmdline", "proc/cmdline", TEXT_MAX,
			&buf, &len) < 0)
		return;
	cmdline_parse(buf, len, &st->s->cmdline);
	st->s->cmdline_st.present = true;
	free(buf);
}

static void gather_dt(struct gstate *st)
{
	struct src_state *ss = &st->s->dt_st;
	char *buf, err[160];
	size_t len;

	if (read_source(st, ss, st->g->dtb, "--dtb", "sys/firmware/fdt", DTB_MAX, &buf, &len) < 0)
		return;
	if (dt_parse(buf, len, &st->s->dt, err, sizeof(err)) == 0) {
		ss->present = true;
		st->s->dt_booted = !st->g->dtb && !st->root->dtb_named;
	} else if (st->g->dtb) {
		log_error("--dtb %s: %s", ss->origin, err);
		st->ret = EXIT_FAIL;
	} else {
		log_warn("%s: %s", ss->origin, err);
		if (st->ret == EXIT_OK)
			st->ret = EXIT_PARTIAL;
	}
	free(buf);
}

/*
 * Raspberry Pi config.txt (boot/firmware/, else boot/): its CMA overlay
 * parameter, matched to the board of the DT read. Optional evidence: a
 * file that cannot be read is recorded, not warned about.
 */
static void gather_rpicfg(struct gstate *st)
{
	static const char *const paths[] = { "boot/firmware/config.txt", "boot/config.txt" };
	struct cma_sources *s = st->s;
	char *buf = NULL;
	size_t len = 0;
	int r = -ENOENT;

	for (size_t i = 0; i < ARRAY_SIZE(paths) && r == -ENOENT; i++) {
		r = root_read(st->root, paths[i], TEXT_MAX, &buf, &len);
		root_describe(st->root, paths[i], s->rpicfg_st.origin, sizeof(s->rpicfg_st.origin));
	}
	if (r < 0) {
		s->rpicfg_st.err = -r;
		s->rpicfg_st.origin[0] = '\0';
		return;
	}
	rpi_config_cma(buf, len, s->dt_st.present && s->dt.compatible[0] ? s->dt.compatible : NULL,
		       &s->rpicfg);
	s->rpicfg_st.present = true;
	free(buf);
}

/* Inflate a gzip buffer (/proc/config.gz) into a new one, at most @max bytes. */
static int gunzip(const char *in, size_t inlen, size_t max, char **out, size_t *outlen)
{
	z_stream z = { 0 };
	size_t cap = 1 << 18;
	char *b = malloc(cap + 1), *nb;
	int zr;

	if (!b || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return free(b), -ENOMEM;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)inlen;
	do {
		if (z.total_out == cap) {
			if (cap >= max)
				return inflateEnd(&z), free(b), -EFBIG;
			cap = cap * 2 > max ? max : cap * 2;
			if (!(nb = realloc(b, cap + 1)))
				return inflateEnd(&z), free(b), -ENOMEM;
			b = nb;
		}
		z.next_out = (Bytef *)b + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		zr = inflate(&z, Z_NO_FLUSH);
	} while (zr == Z_OK);
	*outlen = z.total_out;
	inflateEnd(&z);
	if (zr != Z_STREAM_END)
		return free(b), -EBADMSG;	/* truncated or corrupt */
	b[*outlen] = '\0';
	*out = b;
	return 0;
}

static bool is_gzip(const char *buf, size_t len)
{
	return len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b;
}

/*
 * --config, else /proc/config.gz (IKCONFIG_PROC), else /boot/config-<release>,
 * else /usr/lib/modules/<release>/config (Debian's 7.2 packages ship it only
 * there, in linux-base-*; DOMAIN.md 7).
 */
static void gather_kconfig(struct gstate *st)
{
	struct src_state *ss = &st->s->kconfig_st;
	char rel[160], *buf, *text;
	size_t len, tlen;
	int r;

	r = read_source(st, ss, st->g->config, "--config", "proc/config.gz", TEXT_MAX, &buf, &len);
	if (r == -ENOENT && !st->g->config && st->s->kver.release[0]) {
		snprintf(rel, sizeof(rel), "boot/config-%s", st->s->kver.release);
		r = read_source(st, ss, NULL, NULL, rel, TEXT_MAX, &buf, &len);
	}
	if (r == -ENOENT && !st->g->config && st->s->kver.release[0]) {
		snprintf(rel, sizeof(rel), "usr/lib/modules/%s/config", st->s->kver.release);
		r = read_source(st, ss, NULL, NULL, rel, TEXT_MAX, &buf, &len);
	}
	if (r < 0)
		return;
	if (is_gzip(buf, len)) {
		r = gunzip(buf, len, TEXT_MAX, &text, &tlen);
		free(buf);
		if (r < 0) {
			failed(st, ss, ss->origin, r, st->g->config ? "--config" : "");
			return;
		}
		buf = text, len = tlen;
	}
	kconfig_parse(buf, len, &st->s->kconfig);
	ss->present = true;
	free(buf);
}

/* --dmesg FILE|-, else the live log on "/", else <root>/var/log/dmesg. */
static void gather_klog(struct gstate *st)
{
	struct src_state *ss = &st->s->klog_st;
	int fd, r;

	klog_init(&st->s->klog);
	if (!st->g->dmesg && st->root->live) {
		str_copy(ss->origin, sizeof(ss->origin), "kernel log (klogctl)");
		r = klogsrc_read_live(st->root, &st->s->klog);
		io_trace("the kernel log (klogctl)", r);
		if (r < 0) {
			failed(st, ss, "the kernel log", r, NULL);
			return;
		}
		ss->present = true;
		return;
	}
	if (st->g->dmesg) {
		str_copy(ss->origin, sizeof(ss->origin), st->g->dmesg);
		fd = strcmp(st->g->dmesg, "-") ? open(st->g->dmesg, O_RDONLY | O_CLOEXEC) : dup(0);
		fd = fd < 0 ? -errno : fd;
		io_trace(st->g->dmesg, fd);
	} else {
		root_describe(st->root, "var/log/dmesg", ss->origin, sizeof(ss->origin));
		fd = root_openat(st->root, "var/log/dmesg");
		if (fd == -ENOENT && board_lost(st, ss, "var/log/dmesg"))
			return;
	}
	if (fd < 0) {
		failed(st, ss, ss->origin, fd, st->g->dmesg ? "--dmesg" : NULL);
		return;
	}
	r = klogsrc_read_fd(fd, &st->s->klog);
	close(fd);
	if (r < 0) {
		failed(st, ss, ss->origin, r, st->g->dmesg ? "--dmesg" : NULL);
		return;
	}
	ss->present = true;
}

/* Every numeric attribute of /sys/kernel/mm/cma/<area>/, whatever the version. */
static void gather_sysfs_area(struct gstate *st, const char *dir, struct cma_area *a)
{
	char rel[512];
	struct dirent *de;
	int r = 0;
	DIR *d;

	snprintf(rel, sizeof(rel), "%s/%s", dir, a->name);
	if (board_lost(st, &st->s->sysfs_st, rel))
		return;		/* its counters, or a part of them, are unknown */
	if (!(d = root_opendir(st->root, rel)))
		return;
	a->in_sysfs = true;
	while (a->nattrs < CMA_MAX_ATTRS && (r = dir_next(d, &de)) > 0) {
		struct cma_area_attr *at = &a->attrs[a->nattrs];

		if (de->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "%s/%s/%s", dir, a->name, de->d_name);
		if (root_read_u64(st->root, rel, &at->value) == 0) {
			str_copy(at->name, sizeof(at->name), de->d_name);
			a->nattrs++;
		}
	}
	closedir(d);
	if (r < 0) {
		/* the counters listed so far are a part, not the whole: none of them is
		 * shown, and the sysfs source says which listing failed */
		a->in_sysfs = false;
		a->nattrs = 0;
		snprintf(rel, sizeof(rel), "%s/%s", dir, a->name);
		list_failed(st, &st->s->sysfs_st, rel, r);
	}
}

/* debugfs cma/<area>/: count, used, maxchunk, order_per_bit, base_pfn (pages). */
static void gather_debugfs_area(struct gstate *st, const char *dir, struct cma_area *a)
{
	static const struct { const char *file; size_t has, val; } files[] = {
#define F(n) { #n, offsetof(struct cma_area, has_##n), offsetof(struct cma_area, n) }
		F(count), F(used), F(maxchunk), F(order_per_bit), F(base_pfn),
#undef F
	};
	char rel[512];

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(rel, sizeof(rel), "%s/%s/%s", dir, a->name, files[i].file);
		if (root_read_u64(st->root, rel, (uint64_t *)((char *)a + files[i].val)) == 0)
			*(bool *)((char *)a + files[i].has) = a->in_debugfs = true;
	}
	/* 6.15+ multi-range areas: base_pfn is a symlink into ranges/0/; a copy
	 * of the tree without links still has the range directory. */
	if (!a->has_base_pfn) {
		snprintf(rel, sizeof(rel), "%s/%s/ranges/0/base_pfn", dir, a->name);
		if (root_read_u64(st->root, rel, &a->base_pfn) == 0)
			a->has_base_pfn = a->in_debugfs = true;
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Areas in name order, not readdir order: readdir order is the filesystem's (sysfs
 * gives creation order, a support bundle unpacked on the host another), and the
 * same system must give the same answer live and from its bundle (seen in the lab:
 * `reserved, mycma` live, `mycma, reserved` from the bundle). Names beyond
 * 2 * CMA_MAX_AREAS entries are left out, as areas_get() drops those anyway.
 */
static void gather_areas(struct gstate *st, struct src_state *ss, const char *dir,
			 void (*one)(struct gstate *, const char *, struct cma_area *))
{
	char *names[2 * CMA_MAX_AREAS];
	size_t n = 0;
	struct dirent *de;
	int r = 0;
	DIR *d;

	/* a part of the board's list is no list of areas, whatever the bundle holds */
	if (board_lost(st, ss, dir))
		return;
	root_describe(st->root, dir, ss->origin, sizeof(ss->origin));
	if (!(d = root_opendir(st->root, dir))) {
		failed(st, ss, ss->origin, -errno, NULL);
		return;
	}
	ss->present = true;
	while (n < ARRAY_SIZE(names) && (r = dir_next(d, &de)) > 0) {
		if (de->d_name[0] == '.')
			continue;
		if (!(names[n] = strdup(de->d_name)))
			break;
		n++;
	}
	closedir(d);
	if (r < 0) {
		/* a listing cut short is no list of areas: none is taken from it */
		while (n)
			free(names[--n]);
		list_failed(st, ss, dir, r);
		return;
	}
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct cma_area *a = areas_get(&st->s->areas, names[i]);

		if (a)
			one(st, dir, a);
		free(names[i]);
	}
}

/* --kernel-version, else <root>/proc/sys/kernel/osrelease (set later from the log). */
static void gather_kver(struct gstate *st)
{
	char *buf;
	size_t len;

	if (st->g->kernel_version) {
		kver_parse(st->g->kernel_version, &st->s->kver);
		str_copy(st->s->kver_origin, sizeof(st->s->kver_origin), "option");
		return;
	}
	if (root_read(st->root, "proc/sys/kernel/osrelease", 4096, &buf, &len) < 0)
		return;
	if (kver_parse(buf, &st->s->kver) == 0)
		str_copy(st->s->kver_origin, sizeof(st->s->kver_origin), "osrelease");
	free(buf);
}

static void kver_from_log(struct cma_sources *s)
{
	if (s->kver.known || !s->klog.has_version)
		return;
	if (kver_parse(s->klog.version_release, &s->kver) == 0)
		str_copy(s->kver_origin, sizeof(s->kver_origin), "kernel log");
}

/* The .config header names the release it was made for: the weakest evidence. */
static void kver_from_config(struct cma_sources *s)
{
	if (s->kver.known || !s->kconfig_st.present || !s->kconfig.header_release[0])
		return;
	if (kver_parse(s->kconfig.header_release, &s->kver) == 0)
		str_copy(s->kver_origin, sizeof(s->kver_origin), "kernel config header");
}

/*
 * A bundle (io/bundle.c made the tree): its manifest's "node" rows stand for the
 * board's /dev/dma_heap, which a tarball cannot carry. False when it has none.
 */
static bool heaps_from_manifest(struct gstate *st)
{
	const struct cma_root *r = st->root;
	struct cma_sources *s = st->s;
	const char *text = manifest(st);
	char where[PATH_MAX];
	int n;

	if (!text)
		return false;
	n = bundle_manifest_nodes(text, st->manlen, s->heap_nodes, CMA_MAX_HEAPS);
	/* the board's listing failed: its heaps are as unknown here as they were there */
	if (n < 0 && bundle_manifest_unreadable(text, st->manlen, "dev/dma_heap", s->heap_dir_error,
						 sizeof(s->heap_dir_error))) {
		printable(s->heap_dir_error);
		root_describe(r, "dev/dma_heap", where, sizeof(where));
		log_warn("cannot list %s (when the bundle was made): %s", where, s->heap_dir_error);
		s->heap_dir_read = false;
		s->heap_dir_err = EIO;	/* nominal: the manifest keeps only the text */
		if (st->ret == EXIT_OK)
			st->ret = EXIT_PARTIAL;
		return true;
	}
	if (n < 0)
		return false;
	io_trace("dev/dma_heap (the bundle's manifest)", 0);
	s->heap_dir_read = true;
	s->heap_dir_err = 0;
	s->nheap_nodes = n;
	return true;
}

/*
 * <root>/dev/dma_heap: each node's owner, group and mode (never opened here). A
 * directory that exists but cannot be listed (or fails part-way) leaves the heaps
 * unknown: warned, and the answer is partial, as for any source (exit 3).
 */
static void gather_heaps(struct gstate *st)
{
	const struct cma_root *r = st->root;
	struct cma_sources *s = st->s;
	char names[CMA_MAX_HEAPS][DMAHEAP_NAME_MAX];
	char where[PATH_MAX];
	int n;

	if (r->tree && heaps_from_manifest(st))
		return;
	n = dmaheap_list(r, names, CMA_MAX_HEAPS);
	root_describe(r, "dev/dma_heap", where, sizeof(where));
	s->heap_dir_read = n >= 0;
	s->heap_dir_err = n < 0 ? -n : 0;
	s->nheap_nodes = 0;
	if (n < 0 && n != -ENOENT) {
		str_copy(s->heap_dir_error, sizeof(s->heap_dir_error), strerror(-n));
		log_warn("cannot list %s: %s", where, strerror(-n));
		if (st->ret == EXIT_OK)
			st->ret = EXIT_PARTIAL;
	}
	for (int i = 0; i < n; i++) {
		struct cma_heap_node *h = &s->heap_nodes[s->nheap_nodes++];
		struct dmaheap_node nd;

		memset(h, 0, sizeof(*h));
		str_copy(h->name, sizeof(h->name), names[i]);
		if (dmaheap_stat(r, names[i], &nd) < 0) {
			h->err = nd.err;
			continue;
		}
		h->stat_ok = true, h->is_chr = nd.is_chr;
		h->uid = nd.uid, h->gid = nd.gid, h->mode = nd.mode;
	}
}

int gather(const struct cma_root *r, const struct global_opts *g, struct cma_sources *s)
{
	struct gstate st = { .root = r, .g = g, .s = s, .ret = EXIT_OK };
	long ps = sysconf(_SC_PAGESIZE);

	memset(s, 0, sizeof(*s));
	s->page_size = g->page_size ? g->page_size : r->live && ps > 0 ? (uint64_t)ps : 4096;
	gather_kver(&st);
	gather_meminfo(&st);
	gather_cmdline(&st);
	gather_dt(&st);
	gather_rpicfg(&st);
	gather_klog(&st);
	kver_from_log(s);
	gather_kconfig(&st);
	kver_from_config(s);
	gather_areas(&st, &s->sysfs_st, "sys/kernel/mm/cma", gather_sysfs_area);
	gather_areas(&st, &s->debugfs_st, "sys/kernel/debug/cma", gather_debugfs_area);
	gather_heaps(&st);
	free(st.manifest);
	return st.ret;
}
