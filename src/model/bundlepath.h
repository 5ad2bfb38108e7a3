/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The name of a support-bundle member, checked before anything is created for it; and the
 * origin of a member as the bundle's manifest (cmactl-manifest.txt) records it.
 */
#ifndef CMACTL_MODEL_BUNDLEPATH_H
#define CMACTL_MODEL_BUNDLEPATH_H
#include <stdbool.h>
#include <stddef.h>
#include "model/cma.h"

/**
 * bundle_path_clean() - @name as a path that stays under the directory a
 * bundle is unpacked into: "." components and repeated or trailing '/'
 * dropped; an absolute name, a ".." component, a component over NAME_MAX
 * (255) bytes or a result that does not fit @outlen - 1 bytes (room is kept
 * for one '/' more) refused. "./" alone gives "".
 * Return: NULL with @out filled, or the reason it was refused.
 */
const char *bundle_path_clean(const char *name, char *out, size_t outlen);

/**
 * bundle_manifest_origin() - the fifth, tab-separated column ("root", or the option that named
 * the file, e.g. "--dtb board.dtb") of the manifest row "read\t@rel\t..." in @text (@len bytes,
 * not NUL-terminated; a stranger's file: any bytes). The last such row counts.
 * Return: true with @out filled (cut to @outlen - 1 bytes), false when no row has one.
 */
bool bundle_manifest_origin(const char *text, size_t len, const char *rel, char *out,
			    size_t outlen);

/**
 * bundle_manifest_unreadable() - the third column (the error collect met, e.g.
 * "Input/output error") of the manifest row "unreadable\t@rel\t..." in @text (@len
 * bytes, any bytes). The last such row counts.
 * Return: true with @out filled (cut to @outlen - 1 bytes), false when no row has one.
 */
bool bundle_manifest_unreadable(const char *text, size_t len, const char *rel, char *out,
				size_t outlen);

/*
 * A bundle cannot hold device nodes (io/bundle.c refuses them), so collect
 * records each /dev/dma_heap node as a manifest row instead:
 *   "node\tdev/dma_heap/NAME\tchr 0600 0:0\t...\t..."  (type, mode in octal, uid:gid)
 */
#define BUNDLE_NODE_DIR "dev/dma_heap/"

/**
 * bundle_manifest_nodes() - the heap nodes the manifest @text (@len bytes, a stranger's
 * file: any bytes) records, in its order, into @out (room for @max). A row that does
 * not parse is skipped. Return: how many; -1 when no "node" row is there at all (a
 * bundle from before nodes were recorded, or one without /dev/dma_heap).
 */
int bundle_manifest_nodes(const char *text, size_t len, struct cma_heap_node *out, int max);
#endif
