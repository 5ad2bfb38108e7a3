/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dma-heap client: the kernel's user-space path to CMA (/dev/dma_heap).
 * Shared by `cmactl stress` and the dmaheap-alloc program. Heaps are found
 * under <root>/dev/dma_heap through the --root door (io/root.c).
 */
#ifndef CMACTL_IO_DMAHEAP_H
#define CMACTL_IO_DMAHEAP_H
#include <stdbool.h>
#include <stdint.h>
#include "io/root.h"
#include "model/cma.h"

#define DMAHEAP_NAME_MAX 64

struct dmaheap {
	int fd;
	char name[DMAHEAP_NAME_MAX];
};

/* One allocation: what was asked, what happened and how long the kernel took. */
struct dmaheap_buf {
	int fd;			/* the dma-buf, -1 when the allocation failed or was freed */
	uint64_t bytes;		/* requested length */
	int err;		/* 0, or the errno of DMA_HEAP_IOCTL_ALLOC */
	uint64_t ns;		/* latency of the ioctl, CLOCK_MONOTONIC */
};

/**
 * dmaheap_list() - the heap names in <root>/dev/dma_heap, sorted.
 * @names: room for @max names. Return: how many, or -errno (-ENOENT: no such directory).
 */
int dmaheap_list(const struct cma_root *r, char (*names)[DMAHEAP_NAME_MAX], int max);

/**
 * dmaheap_area_names() - add to @a the CMA areas <root>/sys/kernel/mm/cma and
 * <root>/sys/kernel/debug/cma list (names only): what `stress` and
 * dmaheap-alloc both read, so the heap rule (model/heaps.c) picks the same heap.
 */
void dmaheap_area_names(const struct cma_root *r, struct cma_areas *a);

/* A /dev/dma_heap node's owner, group and mode (fixture trees: a plain file's). */
struct dmaheap_node {
	char name[DMAHEAP_NAME_MAX];
	bool ok;			/* stat worked */
	int err;			/* its errno otherwise */
	bool is_chr;			/* a character device (real systems) */
	unsigned uid, gid, mode;	/* mode: permission bits only */
};

/**
 * dmaheap_stat() - stat <root>/dev/dma_heap/@name without following links.
 * Return: 0 or -errno (also in n->err).
 */
int dmaheap_stat(const struct cma_root *r, const char *name, struct dmaheap_node *n);

/**
 * dmaheap_open() - open <root>/dev/dma_heap/@name read-write (the ioctl
 * needs no more). Refuses anything that is not a character device, so a
 * --root tree cannot make cmactl "allocate" from a plain file.
 * Return: 0, -ENOENT, -ENOTTY (not a character device) or another -errno.
 */
int dmaheap_open(const struct cma_root *r, const char *name, struct dmaheap *h);

/** dmaheap_close() - close the heap; buffers already allocated stay valid. */
void dmaheap_close(struct dmaheap *h);

/**
 * dmaheap_alloc() - DMA_HEAP_IOCTL_ALLOC of @bytes with fd_flags
 * O_RDWR|O_CLOEXEC and heap_flags 0 (the only valid values, linux-6.1
 * include/uapi/linux/dma-heap.h). Fills @b: fd or err, and the latency.
 * Return: 0 or -errno (also in b->err).
 */
int dmaheap_alloc(const struct dmaheap *h, uint64_t bytes, struct dmaheap_buf *b);

/**
 * dmaheap_touch() - mmap the buffer and write every byte between
 * DMA_BUF_IOCTL_SYNC START and END, to prove the memory is usable.
 * Return: 0 or -errno.
 */
int dmaheap_touch(const struct dmaheap_buf *b);

/** dmaheap_free() - close the dma-buf: the heap gets the memory back. */
void dmaheap_free(struct dmaheap_buf *b);

/** dmaheap_now_ns() - CLOCK_MONOTONIC in nanoseconds. */
uint64_t dmaheap_now_ns(void);
#endif
