/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Support bundles (`cmactl collect`): a tar.gz laid out as a --root tree.
 * Reading one unpacks it, through libarchive, into a private directory that
 * io/root.c then opens like any tree; the bundle comes from a stranger, so
 * only plain files and directories inside it are accepted.
 */
#ifndef CMACTL_IO_BUNDLE_H
#define CMACTL_IO_BUNDLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BUNDLE_MEMBER_MAX	((uint64_t)64 << 20)	/* a 32 MiB log fits, twice */
#define BUNDLE_TOTAL_MAX	((uint64_t)256 << 20)	/* all members, unpacked */
#define BUNDLE_MEMBERS_MAX	20000			/* a tar bomb of empty files */
#define BUNDLE_MANIFEST		"cmactl-manifest.txt"

/** bundle_supported() - false when cmactl was built without libarchive. */
bool bundle_supported(void);

/**
 * bundle_extract() - unpack the archive @path (tar, possibly compressed) into
 * a new directory made with mkdtemp() under $TMPDIR (else /tmp). Refused,
 * with nothing left behind: absolute member names, "..", links, devices,
 * FIFOs, a member twice, a member over BUNDLE_MEMBER_MAX, more than
 * BUNDLE_TOTAL_MAX in all or BUNDLE_MEMBERS_MAX members.
 * @dir: receives the directory's path; remove it with bundle_remove().
 * Return: 0, or -1 with @err set (naming the bundle and the member).
 */
int bundle_extract(const char *path, char *dir, size_t dirlen, char *err, size_t errlen);

/** bundle_remove() - delete the tree bundle_extract() made at @dir. */
void bundle_remove(const char *dir);

struct cma_root;

/**
 * root_open_any() - root_open(), except that a regular file at @path is a
 * bundle: unpacked by bundle_extract(), opened, and removed by root_close().
 * Messages then name @path. Return: 0, or -1 with @err set (naming @path).
 */
int root_open_any(struct cma_root *r, const char *path, char *err, size_t errlen);
#endif
