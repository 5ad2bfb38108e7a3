// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-log reader shared by status (--dmesg, the live log), stress and
 * watch: a fixed buffer, complete lines handed to a callback, EPIPE counted.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "io/kmsg.h"

void kmsg_reader_init(struct kmsg_reader *k, int fd)
{
	k->fd = fd;
	k->skip = false;
	k->fill = 0;
	k->overruns = 0;
}

int kmsg_reader_open(struct kmsg_reader *k, const struct cma_root *r, bool from_end)
{
	int fd = root_openat(r, "dev/kmsg");

	if (fd < 0)
		return fd;
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0 || (from_end && lseek(fd, 0, SEEK_END) < 0)) {
		int err = -errno;

		close(fd);
		return err;
	}
	kmsg_reader_init(k, fd);
	return 0;
}

/*
 * Hand the complete lines in buf[0..fill) over and keep the incomplete tail
 * at the front. A full buffer without a newline goes over as a cut line and
 * the rest of that line is dropped.
 */
static void drain(struct kmsg_reader *k, kmsg_line_fn fn, void *ctx)
{
	size_t start = 0;
	const char *nl;

	while ((nl = memchr(k->buf + start, '\n', k->fill - start))) {
		size_t n = (size_t)(nl - (k->buf + start));

		if (!k->skip)
			fn(ctx, k->buf + start, n);
		k->skip = false;
		start += n + 1;
	}
	if (start == 0 && k->fill == sizeof(k->buf)) {
		if (!k->skip)
			fn(ctx, k->buf, k->fill);
		k->skip = true;
		k->fill = 0;
		return;
	}
	memmove(k->buf, k->buf + start, k->fill - start);
	k->fill -= start;
}

int kmsg_reader_poll(struct kmsg_reader *k, kmsg_line_fn fn, void *ctx)
{
	ssize_t r;

	for (;;) {
		r = read(k->fd, k->buf + k->fill, sizeof(k->buf) - k->fill);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EPIPE) {
			k->overruns++;	/* the next read returns the oldest record left */
			continue;
		}
		if (r < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (r == 0)
			return 0;
		k->fill += (size_t)r;
		drain(k, fn, ctx);
	}
}

void kmsg_reader_flush(struct kmsg_reader *k, kmsg_line_fn fn, void *ctx)
{
	if (k->fill && !k->skip)
		fn(ctx, k->buf, k->fill);
	k->fill = 0;
	k->skip = false;
}

void kmsg_reader_close(struct kmsg_reader *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}
