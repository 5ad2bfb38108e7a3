// SPDX-License-Identifier: GPL-2.0-or-later
/* The dma-heap client: list, open, allocate, touch, free. */
#include <errno.h>
#include <fcntl.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "io/dmaheap.h"
#include "model/areas.h"

#define HEAP_DIR "dev/dma_heap"

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

int dmaheap_list(const struct cma_root *r, char (*names)[DMAHEAP_NAME_MAX], int max)
{
	DIR *d = root_opendir(r, HEAP_DIR);
	struct dirent *de;
	int n = 0, lr = 0;

	if (!d)
		return -errno;
	while (n < max && (lr = dir_next(d, &de)) > 0) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= DMAHEAP_NAME_MAX)
			continue;
		strcpy(names[n++], de->d_name);
	}
	closedir(d);
	if (lr < 0)
		return lr;	/* the heaps listed so far are not "the heaps" */
	qsort(names, (size_t)n, sizeof(*names), cmp_name);
	return n;
}

static void area_dir(const struct cma_root *r, const char *rel, struct cma_areas *a)
{
	DIR *d = root_opendir(r, rel);
	struct dirent *de;
	int had = a->n, lr;

	if (!d)
		return;
	while ((lr = dir_next(d, &de)) > 0)
		if (de->d_name[0] != '.' && strlen(de->d_name) < CMA_NAME_MAX)
			areas_get(a, de->d_name);
	closedir(d);
	/* a listing cut short adds none: heaps_pick() reads a non-empty list as all
	 * the areas (a heap named by none is no CMA heap), an empty one as unknown */
	if (lr < 0)
		a->n = had;
}

void dmaheap_area_names(const struct cma_root *r, struct cma_areas *a)
{
	area_dir(r, "sys/kernel/mm/cma", a);
	area_dir(r, "sys/kernel/debug/cma", a);
}

int dmaheap_stat(const struct cma_root *r, const char *name, struct dmaheap_node *n)
{
	DIR *d;
	struct stat st;

	memset(n, 0, sizeof(*n));
	if (strlen(name) >= sizeof(n->name) || strchr(name, '/') || name[0] == '.')
		return -(n->err = EINVAL);
	strcpy(n->name, name);
	d = root_opendir(r, HEAP_DIR);
	if (!d)
		return -(n->err = errno);
	if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		n->err = errno;
		closedir(d);
		return -n->err;
	}
	closedir(d);
	n->ok = true;
	n->is_chr = S_ISCHR(st.st_mode);
	n->uid = st.st_uid;
	n->gid = st.st_gid;
	n->mode = st.st_mode & 07777;
	return 0;
}

int dmaheap_open(const struct cma_root *r, const char *name, struct dmaheap *h)
{
	DIR *d;
	struct stat st;
	int fd, err;

	h->fd = -1;
	if (strlen(name) >= sizeof(h->name) || strchr(name, '/') || name[0] == '.')
		return -EINVAL;
	d = root_opendir(r, HEAP_DIR);
	if (!d)
		return -errno;
	fd = openat(dirfd(d), name, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	err = fd < 0 ? -errno : 0;
	closedir(d);
	if (err)
		return err;
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode)) {
		close(fd);
		return -ENOTTY;
	}
	h->fd = fd;
	strcpy(h->name, name);
	return 0;
}

void dmaheap_close(struct dmaheap *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

uint64_t dmaheap_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int dmaheap_alloc(const struct dmaheap *h, uint64_t bytes, struct dmaheap_buf *b)
{
	struct dma_heap_allocation_data data = {
		.len = bytes, .fd_flags = O_RDWR | O_CLOEXEC, .heap_flags = 0,
	};
	uint64_t t0;
	int r;

	b->bytes = bytes;
	b->fd = -1;
	t0 = dmaheap_now_ns();
	/* No EINTR retry: an interrupted allocation is a result worth reporting. */
	r = ioctl(h->fd, DMA_HEAP_IOCTL_ALLOC, &data);
	b->ns = dmaheap_now_ns() - t0;
	b->err = r < 0 ? errno : 0;
	if (!b->err)
		b->fd = (int)data.fd;
	return -b->err;
}

static int buf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags | DMA_BUF_SYNC_WRITE };
	int r;

	do
		r = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	while (r < 0 && (errno == EINTR || errno == EAGAIN));
	return r < 0 ? -errno : 0;
}

int dmaheap_touch(const struct dmaheap_buf *b)
{
	void *p;
	int r;

	if (b->fd < 0 || !b->bytes)
		return -EBADF;
	p = mmap(NULL, b->bytes, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r = buf_sync(b->fd, DMA_BUF_SYNC_START);
	if (!r) {
		memset(p, 0xa5, b->bytes);
		r = buf_sync(b->fd, DMA_BUF_SYNC_END);
	}
	munmap(p, b->bytes);
	return r;
}

void dmaheap_free(struct dmaheap_buf *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
}
