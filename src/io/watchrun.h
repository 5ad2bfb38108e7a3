/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loop of `cmactl watch`: sample the CMA counters under --root every
 * interval, follow <root>/dev/kmsg from the moment it starts, run and reap
 * an optional child, stop on --duration, the child's exit, SIGINT or SIGTERM.
 * What is seen goes into the model (model/watch.c) and out through hooks, so
 * the loop knows nothing of printing.
 */
#ifndef CMACTL_IO_WATCHRUN_H
#define CMACTL_IO_WATCHRUN_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "io/root.h"
#include "model/watch.h"

struct watch_opts {
	uint64_t interval_ms;
	uint64_t duration_ms;		/* 0: until the child exits or a signal */
	char **child_argv;		/* NULL: no child */
};

struct watch_hooks {
	void *ctx;
	/* after each sample; @nfail new failures are w->fails[first..] (some may be dropped) */
	void (*sample)(void *ctx, const struct watch_state *w, const struct watch_sample *s);
	void (*failure)(void *ctx, const struct watch_state *w, const struct watch_fail *f);
	void (*resize)(void *ctx);	/* SIGWINCH */
};

/**
 * watch_run() - run the loop until it stops. The state @w must be
 * initialised. Return: 0, or -errno when the loop could not start.
 */
int watch_run(const struct cma_root *r, const struct watch_opts *o, struct watch_state *w,
	      const struct watch_hooks *h, struct watch_end *res);

/** watch_take_sample() - one sample of every counter under the root, now. */
void watch_take_sample(const struct cma_root *r, uint64_t t_ms, struct watch_sample *s);

/**
 * watch_record_open() - create (or truncate) the --record file @path, a
 * user-named path relative to the cwd. Return: the stream, or NULL with errno.
 */
FILE *watch_record_open(const char *path);

/** watch_tty_size() - rows and columns of terminal @fd; false when it is none. */
bool watch_tty_size(int fd, unsigned *rows, unsigned *cols);
#endif
