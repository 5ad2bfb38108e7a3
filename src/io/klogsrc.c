// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Feeding the kernel-log parser: a file descriptor streamed through a fixed
 * buffer, or the running kernel's log (klogctl, else /dev/kmsg).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#include "model/klog.h"
#include "io/klogsrc.h"

#define KLOGSRC_BUF	65536			/* longest line kept (the rest is cut); big reads */
#define KLOGSRC_LIVE_MAX (64u << 20)		/* cap on the kernel's log_buf_len */

/* syslog(2) actions; glibc's <sys/klog.h> declares klogctl() but no names. */
enum { KLOG_READ_ALL = 3, KLOG_SIZE_BUFFER = 10 };

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

static ssize_t read_retry(int fd, char *buf, size_t len)
{
	ssize_t r;

	do
		r = read(fd, buf, len);
	while (r < 0 && errno == EINTR);
	return r;
}

/*
 * Hand the complete lines in buf[0..*fill) to the parser and keep the
 * incomplete tail at the front. A full buffer without a newline is fed as a
 * cut line and *skip is set, so the rest of that line is dropped.
 */
static void drain(struct cma_klog *k, char *buf, size_t *fill, bool *skip)
{
	size_t start = 0;
	const char *nl;

	while ((nl = memchr(buf + start, '\n', *fill - start))) {
		size_t n = (size_t)(nl - (buf + start));

		if (!*skip)
			klog_feed_line(k, buf + start, n);
		*skip = false;
		start += n + 1;
	}
	if (start == 0 && *fill == KLOGSRC_BUF) {
		if (!*skip)
			klog_feed_line(k, buf, *fill);
		*skip = true;
		*fill = 0;
		return;
	}
	memmove(buf, buf + start, *fill - start);
	*fill -= start;
}

int klogsrc_read_fd(int fd, struct cma_klog *k)
{
	char buf[KLOGSRC_BUF];
	size_t fill = 0;
	bool skip = false;
	ssize_t r;

	for (;;) {
		r = read_retry(fd, buf + fill, sizeof(buf) - fill);
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		fill += (size_t)r;
		drain(k, buf, &fill, &skip);
	}
	if (fill && !skip)
		klog_feed_line(k, buf, fill);	/* last line without a newline */
	return 0;
}

/* The whole ring buffer ("<N>[ts] msg" lines) through syslog(2); needs CAP_SYSLOG under
 * dmesg_restrict. */
static int klogctl_text(char **out, size_t *outlen)
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
	*out = buf;
	*outlen = (size_t)n;
	return 0;
}

/*
 * /dev/kmsg: one record per read(), "pri,seq,usec,flags;msg\n" plus " KEY=v"
 * lines, each handed to @sink. EPIPE means records were overwritten while
 * reading; go on.
 */
static int read_kmsg(void (*sink)(void *ctx, const char *buf, size_t len), void *ctx)
{
	char buf[KLOGSRC_BUF];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	int ret = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	for (;;) {
		r = read_retry(fd, buf, sizeof(buf));
		if (r > 0) {
			sink(ctx, buf, (size_t)r);
			continue;
		}
		if (r < 0 && errno == EPIPE)
			continue;
		if (r < 0 && errno != EAGAIN)
			ret = -errno;
		break;
	}
	close(fd);
	return ret;
}

static void sink_feed(void *ctx, const char *buf, size_t len)
{
	feed_lines(ctx, buf, len);
}

struct text { char *buf; size_t len, cap; bool failed; };

static void sink_append(void *ctx, const char *buf, size_t len)
{
	struct text *t = ctx;
	char *nb;

	if (t->failed || t->len + len > KLOGSRC_LIVE_MAX) {
		t->failed = true;
		return;
	}
	if (t->len + len > t->cap) {
		t->cap = (t->len + len) * 2;
		nb = realloc(t->buf, t->cap);
		if (!nb) {
			t->failed = true;
			return;
		}
		t->buf = nb;
	}
	memcpy(t->buf + t->len, buf, len);
	t->len += len;
}

int klogsrc_dump_live(char **buf, size_t *len)
{
	struct text t = { 0 };
	int r = klogctl_text(buf, len);

	if (r == 0)
		return 0;
	r = read_kmsg(sink_append, &t);
	if (!r && t.failed)
		r = -ENOMEM;
	if (r) {
		free(t.buf);
		return r;
	}
	*buf = t.buf;
	*len = t.len;
	return 0;
}

int klogsrc_read_live(struct cma_klog *k)
{
	char *buf = NULL;
	size_t len = 0;

	if (klogctl_text(&buf, &len) == 0) {
		feed_lines(k, buf, len);
		free(buf);
		return 0;
	}
	return read_kmsg(sink_feed, k);
}
