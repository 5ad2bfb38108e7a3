/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one door to the filesystem: every kernel interface is read relative to
 * --root (default "/") through a directory fd, so a tree captured from a
 * board reads exactly like the board.
 */
#ifndef CMACTL_IO_ROOT_H
#define CMACTL_IO_ROOT_H
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cma_root {
	int dirfd;
	const char *path;	/* as given, for messages */
	bool live;		/* "/" : the running system */
	/* a bundle whose sys/firmware/fdt came from `collect --dtb FILE`: a file, not booted */
	bool dtb_named;
	/* set by whoever made the tree (io/bundle.c unpacks one); root_close() calls it */
	void (*cleanup)(struct cma_root *r);
	char *tree;		/* the made tree's directory, for cleanup */
};

/** root_open() - open @path as the root. Return: 0 or -errno. */
int root_open(struct cma_root *r, const char *path);
void root_close(struct cma_root *r);

/**
 * read_whole_fd() - read @fd to its end into a new NUL-terminated buffer.
 * Return: 0, -EFBIG past @max bytes, or -errno; *buf must be freed.
 */
int read_whole_fd(int fd, size_t max, char **buf, size_t *len);

/** root_read() - read <root>/@rel (no leading '/') whole; see read_whole_fd(). */
int root_read(const struct cma_root *r, const char *rel, size_t max, char **buf, size_t *len);

/** path_read() - read a user-named file (relative to the cwd, not the root); "-" is stdin. */
int path_read(const char *path, size_t max, char **buf, size_t *len);

/**
 * root_read_u64() - a sysfs/debugfs number file under the root ("96\n").
 * Return: 0, -EINVAL when it does not hold one number, or -errno.
 */
int root_read_u64(const struct cma_root *r, const char *rel, uint64_t *v);

/** root_openat() - open <root>/@rel read-only. Return: fd or -errno. */
int root_openat(const struct cma_root *r, const char *rel);

/** root_opendir() - opendir <root>/@rel; NULL with errno set on failure. */
DIR *root_opendir(const struct cma_root *r, const char *rel);

/**
 * dir_next() - the next entry of @d. readdir() returns NULL both at the end and
 * when the listing fails (EIO from a flaky disk or a sysfs/debugfs file that
 * errs); only errno, cleared before the call, tells them apart, and a failed
 * listing must never read as a short or empty directory.
 * Return: 1 with *de set, 0 at the end, -errno when the listing failed.
 */
int dir_next(DIR *d, struct dirent **de);

/** io_trace() - with -v, say on stderr that @path was read, or why not (@err < 0: -errno). */
void io_trace(const char *path, int err);

/** root_describe() - "<root>/rel" for messages. */
void root_describe(const struct cma_root *r, const char *rel, char *buf, size_t len);
#endif
