/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one kernel-log reader: lines from a file descriptor (a --dmesg file,
 * stdin) or from /dev/kmsg, followed from its end or read from its start.
 * One read() of /dev/kmsg returns one record; a file returns any chunk; both
 * are split into lines here, so the parsers see the same thing either way.
 */
#ifndef CMACTL_IO_KMSG_H
#define CMACTL_IO_KMSG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "io/root.h"

#define KMSG_READER_BUF 65536	/* longest line kept (the rest is cut) */

struct kmsg_reader {
	int fd;
	bool skip;		/* dropping the rest of a cut line */
	size_t fill;
	uint64_t overruns;	/* EPIPE: the kernel overwrote records before we read them */
	char buf[KMSG_READER_BUF];
};

typedef void (*kmsg_line_fn)(void *ctx, const char *line, size_t len);

/** kmsg_reader_init() - read lines from @fd (not closed by the reader). */
void kmsg_reader_init(struct kmsg_reader *k, int fd);

/**
 * kmsg_reader_open() - <root>/dev/kmsg, non-blocking; at its end when
 * @from_end (only what is logged from now on), else from its oldest record.
 * Under a --root fixture dev/kmsg may be a plain file a test appends to.
 * Return: 0, or -errno.
 */
int kmsg_reader_open(struct kmsg_reader *k, const struct cma_root *r, bool from_end);

/**
 * kmsg_reader_poll() - read what is there now (to EAGAIN or EOF) and call
 * @fn for every complete line, without its '\n'. EPIPE (records lost) is
 * counted in ->overruns and reading goes on. Return: 0, or -errno.
 */
int kmsg_reader_poll(struct kmsg_reader *k, kmsg_line_fn fn, void *ctx);

/** kmsg_reader_flush() - hand over a last line that has no '\n'. */
void kmsg_reader_flush(struct kmsg_reader *k, kmsg_line_fn fn, void *ctx);

/** kmsg_reader_close() - close the fd kmsg_reader_open() opened. */
void kmsg_reader_close(struct kmsg_reader *k);
#endif
