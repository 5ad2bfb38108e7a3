// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loop of `cmactl watch` (see io/watchrun.h). Each tick: read the log
 * lines that arrived (so a failure lands between the sample before it and
 * the one after: cma_alloc() logs before it counts, linux-6.1/mm/cma.c),
 * then take the sample. Files are opened per sample rather than kept open,
 * so a fixture tree rewritten by rename is read afresh, as sysfs is.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "io/kmsg.h"
#include "io/watchrun.h"
#include "model/lines.h"
#include "model/meminfo.h"
#include "model/size.h"
#include "model/stress.h"
#include "log.h"

static const char *const area_dirs[] = {
	[WD_SYSFS] = "sys/kernel/mm/cma",
	[WD_DEBUGFS] = "sys/kernel/debug/cma",
};

static volatile sig_atomic_t got_signal, got_winch;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

FILE *watch_record_open(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0644);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		close(fd);
	return f;
}

bool watch_tty_size(int fd, unsigned *rows, unsigned *cols)
{
	struct winsize ws;

	if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) < 0 || !ws.ws_col)
		return false;
	*rows = ws.ws_row ? ws.ws_row : 24;
	*cols = ws.ws_col;
	return true;
}

/*
 * The area names under both directories, in the order found (sysfs first). A
 * listing that fails leaves out the areas it did not reach: said once a run
 * (a watch samples every second), never shown as areas that went away quietly.
 */
static void list_areas(const struct cma_root *r, struct watch_sample *s)
{
	static bool warned;

	for (size_t d = 0; d < sizeof(area_dirs) / sizeof(area_dirs[0]); d++) {
		DIR *dir = root_opendir(r, area_dirs[d]);
		struct dirent *de;
		char where[400];
		int lr;

		if (!dir)
			continue;
		while ((lr = dir_next(dir, &de)) > 0) {
			int i;

			if (de->d_name[0] == '.')
				continue;
			for (i = 0; i < s->n && strcmp(s->area[i].name, de->d_name); i++)
				;
			if (i == s->n && s->n < WATCH_MAX_AREAS)
				str_copy(s->area[s->n++].name, sizeof(s->area[0].name), de->d_name);
		}
		closedir(dir);
		if (lr < 0 && !warned) {
			warned = true;
			root_describe(r, area_dirs[d], where, sizeof(where));
			log_warn("cannot list %s: %s; samples leave out the areas it did not give",
				 where, strerror(-lr));
		}
	}
}

void watch_take_sample(const struct cma_root *r, uint64_t t_ms, struct watch_sample *s)
{
	struct stress_snapshot vm = { 0 };
	struct cma_meminfo m;
	char rel[400], *buf;
	size_t len;

	memset(s, 0, sizeof(*s));
	s->t_ms = t_ms;
	if (root_read(r, "proc/meminfo", 1u << 20, &buf, &len) == 0) {
		meminfo_parse(buf, len, &m);
		free(buf);
		s->has_meminfo = m.has_cma;
		s->cma_total = m.total_bytes;
		s->cma_free = m.free_bytes;
	}
	if (root_read(r, "proc/vmstat", 1u << 20, &buf, &len) == 0) {
		stress_snapshot_vmstat(buf, len, &vm);
		free(buf);
		s->has_vm_success = vm.has_vm_success, s->vm_success = vm.vm_success;
		s->has_vm_fail = vm.has_vm_fail, s->vm_fail = vm.vm_fail;
	}
	list_areas(r, s);
	for (int i = 0; i < s->n; i++) {
		struct watch_area_sample *as = &s->area[i];

		for (int f = 0; f < WF_N; f++) {
			snprintf(rel, sizeof(rel), "%s/%s/%s", area_dirs[watch_fields[f].dir],
				 as->name, watch_fields[f].file);
			if (root_read_u64(r, rel, &as->v[f]) == 0)
				as->has |= 1u << f;
		}
	}
}

struct log_ctx {
	struct watch_state *w;
	const struct watch_hooks *h;
	uint64_t t;
};

static void report_new(struct watch_state *w, const struct watch_hooks *h, int added)
{
	int first = w->nfails - added;

	/* failures past the table are counted in fails_dropped, not shown */
	for (int i = first < 0 ? 0 : first; h->failure && i < w->nfails; i++)
		h->failure(h->ctx, w, &w->fails[i]);
}

static void on_line(void *ctx, const char *line, size_t len)
{
	struct log_ctx *c = ctx;
	int nf = c->w->nfails;
	uint64_t dropped = c->w->fails_dropped;

	watch_add_log_line(c->w, c->t, line, len);
	if (c->w->nfails > nf || c->w->fails_dropped > dropped)
		report_new(c->w, c->h, c->w->nfails - nf);
}

static void follow(struct kmsg_reader *k, struct watch_state *w, const struct watch_hooks *h,
		   uint64_t t)
{
	struct log_ctx c = { w, h, t };
	uint64_t over = k->overruns;

	kmsg_reader_poll(k, on_line, &c);
	if (k->overruns > over)
		watch_add_overruns(w, k->overruns - over);
}

static void tick_sample(const struct cma_root *r, struct watch_state *w,
			const struct watch_hooks *h, uint64_t t)
{
	struct watch_sample *s = malloc(sizeof(*s));
	int nf = w->nfails;

	if (!s)
		return;
	watch_take_sample(r, t, s);
	watch_add_sample(w, s);
	report_new(w, h, w->nfails - nf);
	if (h->sample)
		h->sample(h->ctx, w, s);
	free(s);
}

static int spawn(char **argv, pid_t *pid, char *err, size_t errlen)
{
	int p[2];
	ssize_t n;
	int e;

	/* the exec error comes back through a close-on-exec pipe */
	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	*pid = fork();
	if (*pid < 0) {
		e = errno;
		close(p[0]);
		close(p[1]);
		snprintf(err, errlen, "fork: %s", strerror(e));
		return -e;
	}
	if (*pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGWINCH, SIG_DFL);
		execvp(argv[0], argv);
		e = errno;
		n = write(p[1], &e, sizeof(e));
		(void)n;
		_exit(127);
	}
	close(p[1]);
	do
		n = read(p[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(p[0]);
	if (n == (ssize_t)sizeof(e)) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(e));
		return -e;
	}
	return 0;
}

static void signals(bool on, struct sigaction old[3])
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: sleeps wake */
	struct sigaction wi = { .sa_handler = on_winch };

	if (on) {
		got_signal = 0, got_winch = 0;
		sigemptyset(&sa.sa_mask);
		sigemptyset(&wi.sa_mask);
		sigaction(SIGINT, &sa, &old[0]);
		sigaction(SIGTERM, &sa, &old[1]);
		sigaction(SIGWINCH, &wi, &old[2]);
	} else {
		sigaction(SIGINT, &old[0], NULL);
		sigaction(SIGTERM, &old[1], NULL);
		sigaction(SIGWINCH, &old[2], NULL);
	}
}

static bool child_done(pid_t pid, struct watch_end *res, bool block)
{
	int st;
	pid_t p;

	do
		p = waitpid(pid, &st, block ? 0 : WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p != pid)
		return p < 0;	/* ECHILD: nothing left to wait for */
	res->child_exit = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return true;
}

/* Sleep until @deadline (monotonic ms) or a signal. */
static void sleep_until(uint64_t deadline)
{
	uint64_t now = now_ms();
	struct timespec ts;

	if (now >= deadline)
		return;
	ts.tv_sec = (time_t)((deadline - now) / 1000u);
	ts.tv_nsec = (long)((deadline - now) % 1000u) * 1000000L;
	nanosleep(&ts, NULL);	/* EINTR: a signal; the loop looks at it */
}

int watch_run(const struct cma_root *r, const struct watch_opts *o, struct watch_state *w,
	      const struct watch_hooks *h, struct watch_end *res)
{
	struct kmsg_reader *k = malloc(sizeof(*k));
	struct sigaction old[3];
	uint64_t t0, t, next;
	pid_t pid = -1;
	bool done = false;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!k)
		return -ENOMEM;
	ret = kmsg_reader_open(k, r, true);
	res->log_followed = ret == 0;
	if (ret < 0)
		snprintf(res->log_why, sizeof(res->log_why), "%s: %s",
			 r->live ? "/dev/kmsg" : "dev/kmsg under --root", strerror(-ret));
	signals(true, old);
	t0 = now_ms();
	tick_sample(r, w, h, 0);	/* the state before the child starts */
	if (o->child_argv) {
		fflush(NULL);
		ret = spawn(o->child_argv, &pid, res->child_error, sizeof(res->child_error));
		if (ret < 0) {
			res->child_errno = -ret;
			pid = -1;
			done = true;
		} else {
			res->child_ran = true;
		}
	}
	next = t0 + o->interval_ms;
	while (!done) {
		sleep_until(next);
		t = now_ms() - t0;
		if (got_winch && h->resize) {
			got_winch = 0;
			h->resize(h->ctx);
		}
		if (got_signal) {
			res->signal = got_signal;
			if (pid > 0)	/* a terminal's ^C reached the child too; SIGTERM did not */
				kill(pid, got_signal);
			break;
		}
		if (now_ms() < next)
			continue;	/* woken early by SIGWINCH or SIGCHLD */
		if (res->log_followed)
			follow(k, w, h, t);
		tick_sample(r, w, h, t);
		next += o->interval_ms;
		if (next < now_ms())
			next = now_ms() + o->interval_ms;	/* fell behind: do not burst */
		if (pid > 0 && child_done(pid, res, false)) {
			pid = -1;
			done = true;
		}
		if (o->duration_ms && t >= o->duration_ms)
			done = true;
	}
	if (pid > 0 && child_done(pid, res, true))
		pid = -1;
	t = now_ms() - t0;
	if (res->log_followed) {
		follow(k, w, h, t);
		kmsg_reader_close(k);
	}
	if (w->t_last < t || !w->samples)
		tick_sample(r, w, h, t);	/* the state at the end */
	res->duration_ms = t;
	signals(false, old);
	free(k);
	return 0;
}
