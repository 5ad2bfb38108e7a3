// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Feeding the kernel-log parser: a file descriptor streamed through a fixed
 * buffer, or the running kernel's log (klogctl, else /dev/kmsg).
 */
#include <errno.h>
#include <stdbool.h>
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

/* The whole ring buffer ("<N>[ts] msg" lines) through syslog(2); needs CAP_SYSLOG under
 * dmesg_restrict. Return: 0 with a new buffer in *@out, or -errno. */
static int klogctl_text(char **out, size_t *outlen)
{
	int size = klogctl(KLOG_SIZE_BUFFER, NULL, 0);
	char *buf;
	int n;

	*out = NULL;
	*outlen = 0;
	if (size < 0)
		return errno ? -errno : -EIO;
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

static int read_klogctl(struct cma_klog *k)
{
	char *buf = NULL;
	size_t len = 0;
	int r = klogctl_text(&buf, &len);

	if (r)
		return r;
	feed_lines(k, buf, len);
	free(buf);
	return 0;
}

/* /dev/kmsg from its oldest record; EPIPE (records overwritten meanwhile) is not an error. */
static int read_kmsg(const struct cma_root *r, kmsg_line_fn fn, void *ctx)
{
	struct kmsg_reader *rd = malloc(sizeof(*rd));
	int ret;

	if (!rd)
		return -ENOMEM;
	ret = kmsg_reader_open(rd, r, false);
	if (ret == 0) {
		ret = kmsg_reader_poll(rd, fn, ctx);
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
	return read_kmsg(r, feed, k);
}

/* The lines of a live log, kept as text for a support bundle (bounded). */
struct text { char *buf; size_t len, cap; bool failed; };

static void append_line(void *ctx, const char *line, size_t len)
{
	struct text *t = ctx;
	char *nb;

	if (t->failed || t->len + len + 1 > KLOGSRC_LIVE_MAX) {
		t->failed = true;
		return;
	}
	if (t->len + len + 1 > t->cap) {
		t->cap = (t->len + len + 1) * 2;
		nb = realloc(t->buf, t->cap);
		if (!nb) {
			t->failed = true;
			return;
		}
		t->buf = nb;
	}
	memcpy(t->buf + t->len, line, len);
	t->len += len;
	t->buf[t->len++] = '\n';
}

int klogsrc_dump_live(const struct cma_root *r, char **buf, size_t *len)
{
	struct text t = { 0 };
	int ret = klogctl_text(buf, len);

	if (ret == 0)
		return 0;
	ret = read_kmsg(r, append_line, &t);
	if (!ret && t.failed)
		ret = -ENOMEM;
	if (ret) {
		free(t.buf);
		return ret;
	}
	*buf = t.buf;
	*len = t.len;
	return 0;
}
