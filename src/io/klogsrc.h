/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Feeding the kernel-log parser from a file descriptor or the live kernel. */
#ifndef CMACTL_IO_KLOGSRC_H
#define CMACTL_IO_KLOGSRC_H
#include <stddef.h>
#include "model/klog.h"

/**
 * klogsrc_read_fd() - stream a log in any supported text form from @fd into
 * @k, line by line through a fixed buffer (over-long lines are cut, not
 * grown). Return: 0, or -errno on a read error.
 */
int klogsrc_read_fd(int fd, struct cma_klog *k);

/**
 * klogsrc_read_live() - the running kernel's log: klogctl(SYSLOG_ACTION_READ_ALL),
 * else /dev/kmsg read non-blocking to its end. Return: 0, or -errno.
 */
int klogsrc_read_live(struct cma_klog *k);

/**
 * klogsrc_dump_live() - the running kernel's log as text, as klogsrc_read_live()
 * would read it (klogctl, else /dev/kmsg records), for a support bundle.
 * Return: 0 with a new buffer in *@buf (free it), or -errno.
 */
int klogsrc_dump_live(char **buf, size_t *len);
#endif
