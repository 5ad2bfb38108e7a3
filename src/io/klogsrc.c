// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Feeding the kernel-log parser: a file descriptor streamed through a fixed
 * buffer, or the running kernel's log (klogctl, else /dev/kmsg).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "model/klog.h"
#include "io/klogsrc.h"
#include "io/kmsg.h"

#define KLOGSRC_LIVE_MAX (64u << 20)		/* cap on the kernel's log_buf_len */

/* syslog(2) actions; glibc's <sys/klog.h> declares klogctl() but no names. */
enum { KLOG_READ_ALL = 3, KLOG_SIZE_BUFFER = 10 };

static void feed(void *ctx, const char *line, size_t len)
{
	klog_feed_line(ctx, line, len);
}

/* Feed every '\n'-separated line of @buf; a last line without '\n' counts too. */
static void feed_lines(struct cma_klog *k, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;

		klog_feed_line(k, buf, n);
		if (!nl)
			break;
		buf += n + 1;
		len -= n + 1;
	}
}

int klogsrc_read_fd(int fd, struct cma_klog *k)
{
	struct kmsg_reader *rd = malloc(sizeof(*rd));
	int ret;

	if (!rd)
		return -ENOMEM;
	kmsg_reader_init(rd, fd);
	ret = kmsg_reader_poll(rd, feed, k);
	if (ret == 0)
		kmsg_reader_flush(rd, feed, k);	/* last line without a newline */
	free(rd);
	return ret;
}

/* The whole ring buffer through syslog(2); needs CAP_SYSLOG under dmesg_restrict. */
static int read_klogctl(struct cma_klog *k)
{
	int size = klogctl(KLOG_SIZE_BUFFER, NULL, 0);
	char *buf;
	int n;

	if (size < 0)
		return -errno;
	if (size == 0)
		return -ENODATA;
	if ((unsigned)size > KLOGSRC_LIVE_MAX)
		size = (int)KLOGSRC_LIVE_MAX;
	buf = malloc((size_t)size);
	if (!buf)
		return -ENOMEM;
	n = klogctl(KLOG_READ_ALL, buf, size);
	if (n < 0) {
		n = -errno;
		free(buf);
		return n;
	}
	feed_lines(k, buf, (size_t)n);
	free(buf);
	return 0;
}

/* /dev/kmsg from its oldest record; EPIPE (records overwritten meanwhile) is not an error. */
static int read_kmsg(const struct cma_root *r, struct cma_klog *k)
{
	struct kmsg_reader *rd = malloc(sizeof(*rd));
	int ret;

	if (!rd)
		return -ENOMEM;
	ret = kmsg_reader_open(rd, r, false);
	if (ret == 0) {
		ret = kmsg_reader_poll(rd, feed, k);
		kmsg_reader_close(rd);
	}
	free(rd);
	return ret;
}

int klogsrc_read_live(const struct cma_root *r, struct cma_klog *k)
{
	int ret = read_klogctl(k);

	if (ret == 0)
		return 0;
	return read_kmsg(r, k);
}
