// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stress engine. Each job is a child process (so several "devices" ask
 * at once, and a job that dies frees its buffers with its fds). Jobs send
 * fixed-size records over one pipe (atomic below PIPE_BUF); the parent
 * answers on one command pipe per job: free and go on, free and quit; "stop
 * allocating" is a flag in memory shared with the jobs.
 *
 * The path between two ioctls of a job is kept as lean as a bare loop's (issue
 * 14, BENCHMARKS.md): a system call there (one pipe write per allocation, a read
 * to look for STOP) cost the next ioctl 30-40 % on the 7.2 lab's TCG guest, as
 * the lab's bare-alloc reproduced. So a job batches its records of a round into
 * one write with the round's HELD (a failure is sent at once: the parent stops
 * the other jobs on it), reads the stop flag from memory, and its FREED travels
 * with the next round's records.
 *
 * That leaves one round trip with the parent per round, which a --count 1 run pays
 * before every ioctl (the lab's bare-alloc "trip" mode costs the same). When the
 * parent has nothing to do between rounds (one job, one fixed size, no --hold, the
 * first round complete: its peak snapshot is taken and no later round can hold more),
 * it lets the job run the remaining rounds on its own until --duration's deadline (in
 * the shared memory), a failure, the bound or the stop flag; the job then writes its
 * records only when a batch is full, so the parent wakes once per JOB_BATCH records,
 * not once per round.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"
#include "io/dmaheap.h"
#include "io/kmsg.h"
#include "model/kmsg.h"
#include "model/heaps.h"
#include "model/lines.h"
#include "model/stress.h"
#include "io/stressrun.h"

#define SYSFS "sys/kernel/mm/cma"
#define DEBUGFS "sys/kernel/debug/cma"

enum msg_type { MSG_ALLOC = 1, MSG_HELD, MSG_FREED, MSG_FATAL };
enum { CMD_NEXT = 'N', CMD_RUN = 'R', CMD_QUIT = 'Q' };

struct msg {
	uint32_t type, job;
	uint64_t bytes, ns;
	int32_t err, touch_err;
	uint32_t bound;		/* MSG_HELD: the job stopped at its safety budget */
	uint32_t more;		/* MSG_HELD: running on its own, the job goes on (CMD_RUN) */
};

/* Records a job batches into one write: at most PIPE_BUF bytes keep it atomic. */
#define JOB_BATCH (PIPE_BUF / sizeof(struct msg))

struct job {
	pid_t pid;
	int cmd_fd;		/* parent -> job */
	bool alive;
};

static volatile sig_atomic_t got_signal;

/* Shared with the jobs (MAP_SHARED before fork), written by the parent only. */
struct shared {
	int stop;		/* stop allocating */
	uint64_t deadline_ns;	/* CMD_RUN: no new round at or after this (CLOCK_MONOTONIC) */
};
static struct shared *shared;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* <dir>/<area>/<file>, e.g. sys/kernel/mm/cma/reserved/alloc_pages_fail */
static void area_number(const struct cma_root *r, const char *dir, const char *area,
			const char *file, bool *has, uint64_t *v)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%s/%s/%s", dir, area, file);
	*has = root_read_u64(r, rel, v) == 0;
}

void stress_snapshot_take(const struct cma_root *r, const char *area, struct stress_snapshot *s)
{
	char *buf;
	size_t len;

	memset(s, 0, sizeof(*s));
	if (root_read(r, "proc/meminfo", 1u << 20, &buf, &len) == 0) {
		stress_snapshot_meminfo(buf, len, s);
		free(buf);
	}
	if (root_read(r, "proc/vmstat", 1u << 20, &buf, &len) == 0) {
		stress_snapshot_vmstat(buf, len, s);
		free(buf);
	}
	if (!area || !*area)
		return;
	area_number(r, SYSFS, area, "alloc_pages_success", &s->has_success, &s->success);
	area_number(r, SYSFS, area, "alloc_pages_fail", &s->has_fail, &s->fail);
	area_number(r, DEBUGFS, area, "used", &s->has_used, &s->used);
	area_number(r, DEBUGFS, area, "maxchunk", &s->has_maxchunk, &s->maxchunk);
	area_number(r, DEBUGFS, area, "count", &s->has_count, &s->count);
}

/* ------------------------------------------------------------------ the job (child) */

static void send_msg(int fd, const struct msg *m)
{
	ssize_t r;

	do
		r = write(fd, m, sizeof(*m));
	while (r < 0 && errno == EINTR);
}

/* The parent said stop (a relaxed load: no system call between two ioctls). */
static bool stop_asked(void)
{
	return shared && __atomic_load_n(&shared->stop, __ATOMIC_RELAXED);
}

/* The next command, blocking; EOF (the parent is gone) counts as quit. */
static int wait_cmd(int fd)
{
	char c;
	ssize_t r;

	for (;;) {
		r = read(fd, &c, 1);
		if (r == 1)
			return c;
		if (r == 0 || (r < 0 && errno != EINTR))
			return CMD_QUIT;
	}
}

/* Each buffer is an fd: lift the soft limit so --until-fail measures CMA, not RLIMIT_NOFILE. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

struct job_state {
	const struct stress_plan *p;
	struct dmaheap heap;
	int out, in;
	uint32_t id;
	uint64_t rng;
	struct dmaheap_buf *bufs;
	size_t nbufs, cap;
	bool stop;
	bool on_own;		/* CMD_RUN: rounds without the parent */
	struct msg out_q[JOB_BATCH];	/* records not written yet */
	size_t nq;
};

/* All queued records in one write (atomic: at most PIPE_BUF bytes). */
static void job_flush(struct job_state *js)
{
	ssize_t r;

	if (!js->nq)
		return;
	do
		r = write(js->out, js->out_q, js->nq * sizeof(js->out_q[0]));
	while (r < 0 && errno == EINTR);
	js->nq = 0;
}

static void job_queue(struct job_state *js, const struct msg *m)
{
	if (js->nq == JOB_BATCH)
		job_flush(js);
	js->out_q[js->nq++] = *m;
}

static bool keep_buf(struct job_state *js, const struct dmaheap_buf *b)
{
	struct dmaheap_buf *nb;

	if (js->nbufs == js->cap) {
		js->cap = js->cap ? js->cap * 2 : 64;
		nb = realloc(js->bufs, js->cap * sizeof(*nb));
		if (!nb)
			return false;
		js->bufs = nb;
	}
	js->bufs[js->nbufs++] = *b;
	return true;
}

/*
 * One round: allocate (and touch) until the count, the budget or a failure.
 * Return: true when the job, running on its own, goes on to the next round.
 */
static bool job_round(struct job_state *js)
{
	struct msg m = { .type = MSG_HELD, .job = js->id };
	uint64_t held = 0;
	bool failed = false;

	for (uint64_t i = 0; js->p->until_fail || i < js->p->count; i++) {
		struct msg a = { .type = MSG_ALLOC, .job = js->id };
		struct dmaheap_buf b;
		uint64_t size = stress_next_size(js->p, &js->rng);

		if (got_signal || stop_asked()) {
			js->stop = true;
			break;
		}
		if (held + size > js->p->budget) {
			m.bound = 1;
			break;
		}
		dmaheap_alloc(&js->heap, size, &b);
		a.bytes = size, a.err = b.err, a.ns = b.ns;
		if (!b.err && js->p->touch)
			a.touch_err = -dmaheap_touch(&b);
		job_queue(js, &a);
		if (b.err) {
			failed = true;
			job_flush(js);	/* now: the parent stops the other jobs on it */
		}
		if (!b.err) {
			if (!keep_buf(js, &b))
				dmaheap_free(&b);
			else
				held += size;
		} else if (!js->p->keep_going || js->p->until_fail) {
			break;
		}
	}
	m.bytes = held;
	/* the same checks the parent makes before it sends CMD_NEXT */
	m.more = js->on_own && !js->stop && !failed && !m.bound && !got_signal && !stop_asked() &&
		 dmaheap_now_ns() < shared->deadline_ns;
	job_queue(js, &m);
	if (!m.more)
		job_flush(js);
	return m.more;
}

/* FREED is queued: it goes with the next round's records, or now when the job quits. */
static void job_free_all(struct job_state *js, bool last)
{
	struct msg m = { .type = MSG_FREED, .job = js->id };

	for (size_t i = 0; i < js->nbufs; i++) {
		m.bytes += js->bufs[i].bytes;
		dmaheap_free(&js->bufs[i]);
	}
	js->nbufs = 0;
	job_queue(js, &m);
	if (last)
		job_flush(js);
}

static void job_main(const struct stress_run *run, uint32_t id, int out, int in)
{
	struct job_state js = { .p = run->plan, .out = out, .in = in, .id = id };
	struct msg m = { .type = MSG_FATAL, .job = id };
	int r, cmd = CMD_QUIT;

	js.rng = run->plan->seed + id * 0x632be59bd9b4e019ull;
	raise_nofile();
	r = dmaheap_open(run->root, run->target->heap, &js.heap);
	if (r < 0) {
		m.err = -r;
		send_msg(out, &m);
		_exit(1);
	}
	do {
		if (!job_round(&js)) {
			cmd = wait_cmd(in);
			js.on_own = cmd == CMD_RUN;
		}
		job_free_all(&js, cmd != CMD_NEXT && cmd != CMD_RUN);
	} while (cmd == CMD_NEXT || cmd == CMD_RUN);
	dmaheap_close(&js.heap);
	free(js.bufs);
	_exit(0);
}

/* ------------------------------------------------------------------ the parent */

struct parent {
	struct stress_run *run;
	struct job jobs[STRESS_MAX_JOBS];
	unsigned njobs;
	int in;			/* the jobs' report pipe */
	uint64_t held;		/* bytes held by all jobs now */
	bool stopping;		/* shared->stop set */
	bool fatal;
	/* a job's HELD read while waiting for the others' FREED: its FREED came with its
	 * next round's records, and another job's FREED was still on its way */
	bool early_held[STRESS_MAX_JOBS];
};

static void send_cmd(struct parent *pa, char c)
{
	for (unsigned i = 0; i < pa->njobs; i++)
		if (pa->jobs[i].alive && write(pa->jobs[i].cmd_fd, &c, 1) < 0)
			pa->jobs[i].alive = false;
}

static void stop_all(struct parent *pa)
{
	if (!pa->stopping && shared)
		__atomic_store_n(&shared->stop, 1, __ATOMIC_RELAXED);
	pa->stopping = true;
}

/* The allocation in the JSON list, in the order the jobs reported them. */
static void keep_record(struct stress_run *run, const struct msg *m, uint64_t round)
{
	struct stress_alloc *nr;

	if (run->nrecords == STRESS_MAX_RECORDS) {
		run->records_dropped++;
		return;
	}
	if (run->nrecords == run->reccap) {
		size_t cap = run->reccap ? run->reccap * 2 : 64;

		nr = realloc(run->records, cap * sizeof(*nr));
		if (!nr) {
			run->records_dropped++;
			return;
		}
		run->records = nr;
		run->reccap = cap;
	}
	run->records[run->nrecords++] = (struct stress_alloc){ m->job, (uint32_t)round, 0,
		m->bytes, m->err, m->touch_err, m->ns };
}

static void record_alloc(struct parent *pa, const struct msg *m, uint64_t round)
{
	struct stress_run *run = pa->run;
	uint64_t *nl;

	run->attempted++;
	keep_record(run, m, round);
	if (!m->err) {
		run->succeeded++;
		run->touch_failed += m->touch_err != 0;
		pa->held += m->bytes;
		if (pa->held > run->peak_bytes)
			run->peak_bytes = pa->held;
		if (run->nlat == run->latcap) {
			run->latcap = run->latcap ? run->latcap * 2 : 256;
			nl = realloc(run->lat_ns, run->latcap * sizeof(*nl));
			if (!nl)
				return;
			run->lat_ns = nl;
		}
		run->lat_ns[run->nlat++] = m->ns;
		return;
	}
	if (!run->failed++) {
		run->first_err = m->err;
		run->first_fail_bytes = m->bytes;
		run->held_at_fail = pa->held;
	}
	if (run->nfails < STRESS_MAX_FAILS)
		run->fails[run->nfails++] = (struct stress_alloc){ m->job, (uint32_t)round,
			0, m->bytes, m->err, 0, m->ns };
	if (!run->plan->keep_going)
		stop_all(pa);
}

/* Read one record; a signal sends STOP. Return: 1, 0 at EOF (every job gone), -1. */
static int next_msg(struct parent *pa, struct msg *m, int timeout_ms)
{
	struct pollfd p = { .fd = pa->in, .events = POLLIN };
	ssize_t r;

	for (;;) {
		if (got_signal) {
			pa->run->interrupted = true;
			stop_all(pa);
		}
		r = poll(&p, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -1 : 2;	/* 2: timeout */
		r = read(pa->in, m, sizeof(*m));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == (ssize_t)sizeof(*m))
			return 1;
		return r == 0 ? 0 : -1;
	}
}

/* Until every live job reports HELD (or FREED for @want == MSG_FREED). */
static int collect(struct parent *pa, uint32_t want, uint64_t round)
{
	unsigned pending = 0;
	struct msg m;
	bool seen[STRESS_MAX_JOBS] = { false };

	for (unsigned i = 0; i < pa->njobs; i++) {
		if (want == MSG_HELD && pa->early_held[i]) {
			seen[i] = true;
			pa->early_held[i] = false;
			continue;
		}
		pending += pa->jobs[i].alive;
	}
	while (pending) {
		int r = next_msg(pa, &m, -1);

		/* 1 is a message; 0, -1 (end, error) and 2 (time-out) leave m unfilled */
		if (r != 1 || m.job >= pa->njobs)
			return -1;
		if (m.type == MSG_ALLOC) {
			record_alloc(pa, &m, round);
		} else if (m.type == MSG_FATAL) {
			pa->fatal = true;
			pa->jobs[m.job].alive = false;
			snprintf(pa->run->error, sizeof(pa->run->error), "%s", strerror(m.err));
			pa->run->first_err = m.err;
			pending--;
		} else if (m.type == MSG_HELD && want == MSG_FREED) {
			pa->early_held[m.job] = true;
			pa->run->bound_reached |= m.bound != 0;
		} else if (m.type == want && !seen[m.job]) {
			seen[m.job] = true;
			pending--;
			if (m.type == MSG_HELD)
				pa->run->bound_reached |= m.bound != 0;
			else
				pa->held -= m.bytes < pa->held ? m.bytes : pa->held;
		}
	}
	return 0;
}

/*
 * The records of a job running on its own, up to its last HELD (more == 0), which
 * is left for collect() as an early HELD: from there on the round ends as any other.
 */
static int collect_on_own(struct parent *pa)
{
	struct stress_run *run = pa->run;
	struct msg m;

	for (;;) {
		if (next_msg(pa, &m, -1) != 1 || m.job >= pa->njobs || m.type == MSG_FATAL)
			return -1;
		if (m.type == MSG_ALLOC) {
			record_alloc(pa, &m, run->rounds);
		} else if (m.type == MSG_FREED) {
			pa->held -= m.bytes < pa->held ? m.bytes : pa->held;
		} else if (m.type == MSG_HELD) {
			run->bound_reached |= m.bound != 0;
			if (!m.more) {
				pa->early_held[m.job] = true;
				return 0;
			}
			run->rounds++;
		}
	}
}

/*
 * Whether the job may run its next rounds on its own: nothing the parent does
 * between rounds can change then. One job (the rounds of several are in step, so
 * that their buffers are held at once), one fixed size, no --hold, and a complete
 * round just held: its peak was snapshot, and no later round holds more.
 */
static bool may_run_on_own(const struct parent *pa)
{
	const struct stress_plan *p = pa->run->plan;

	return pa->njobs == 1 && p->size_min == p->size_max && !p->hold_ms && !p->until_fail &&
	       !p->impossible_by_size && p->count && p->count <= UINT64_MAX / p->size_min &&
	       pa->held == p->count * p->size_min;
}

/* Hold the buffers for --hold; a signal cuts it short. */
static void hold(struct parent *pa, uint64_t ms)
{
	uint64_t end = dmaheap_now_ns() + ms * 1000000u, now;
	struct pollfd p = { .fd = -1 };

	while (!got_signal && (now = dmaheap_now_ns()) < end)
		poll(&p, 0, (int)((end - now) / 1000000u) + 1);
	if (got_signal)
		pa->run->interrupted = true;
}

static int spawn(struct parent *pa, int report[2])
{
	for (unsigned i = 0; i < pa->run->plan->jobs && i < STRESS_MAX_JOBS; i++) {
		int cmd[2];
		pid_t pid;

		if (pipe2(cmd, O_CLOEXEC) < 0)
			return -errno;
		pid = fork();
		if (pid < 0) {
			close(cmd[0]);
			close(cmd[1]);
			return -errno;
		}
		if (pid == 0) {
			close(report[0]);
			close(cmd[1]);
			for (unsigned j = 0; j < i; j++)
				close(pa->jobs[j].cmd_fd);
			job_main(pa->run, i, report[1], cmd[0]);
		}
		close(cmd[0]);
		pa->jobs[i] = (struct job){ pid, cmd[1], true };
		pa->njobs++;
	}
	return 0;
}

/* Rounds: allocate, snapshot at the peak, hold, free; again while --duration lasts. */
static void rounds(struct parent *pa)
{
	struct stress_run *run = pa->run;
	const struct stress_plan *p = run->plan;
	uint64_t t0 = dmaheap_now_ns(), peak_seen = 0;
	char cmd = CMD_NEXT;

	do {
		if (cmd == CMD_RUN && collect_on_own(pa) < 0)
			break;
		if (collect(pa, MSG_HELD, run->rounds) < 0 || pa->fatal)
			break;
		run->rounds++;
		/* once per new peak, not every round of a --duration run: a snapshot reads
		 * meminfo, vmstat, sysfs and debugfs (maxchunk walks the area's bitmap under
		 * its lock) between the jobs' allocations (the lab's bench72.sh) */
		if (pa->held > peak_seen || run->rounds == 1) {
			peak_seen = pa->held;
			stress_snapshot_take(run->root, run->target->area, &run->at_peak);
		}
		hold(pa, p->hold_ms);
		run->elapsed_ms = (dmaheap_now_ns() - t0) / 1000000u;
		cmd = !pa->stopping && !got_signal && run->elapsed_ms < p->duration_ms ?
			CMD_NEXT : CMD_QUIT;
		if (cmd == CMD_NEXT && may_run_on_own(pa)) {
			/* saturated: --duration may be as long as a uint64_t of ms allows */
			uint64_t d = p->duration_ms > (UINT64_MAX - t0) / 1000000u ?
				UINT64_MAX : t0 + p->duration_ms * 1000000u;

			/* a plain store: the job reads it only after CMD_RUN, which the
			 * pipe's write and read order after it */
			shared->deadline_ns = d;
			cmd = CMD_RUN;
		}
		send_cmd(pa, cmd);
		if (collect(pa, MSG_FREED, run->rounds) < 0)
			break;
	} while (cmd != CMD_QUIT);
	run->elapsed_ms = (dmaheap_now_ns() - t0) / 1000000u;
}

/* /dev/kmsg positioned at its end, so only what the run causes is read later. */
static bool kmsg_start(struct stress_run *run, struct kmsg_reader *rd)
{
	int ret;

	if (!run->root->live) {
		snprintf(run->log_why, sizeof(run->log_why), "--root is not the running system");
		return false;
	}
	ret = kmsg_reader_open(rd, run->root, true);
	if (ret < 0) {
		snprintf(run->log_why, sizeof(run->log_why), "/dev/kmsg: %s", strerror(-ret));
		return false;
	}
	run->log_watched = true;
	return true;
}

/* One line of a record: into the log summary; a CMA or heap message is kept as dmesg prints it. */
static void kmsg_line(void *ctx, const char *text, size_t len)
{
	struct stress_run *run = ctx;
	struct kmsg_record rec;
	char line[256];

	klog_feed_line(&run->klog, text, len);
	if (!kmsg_parse(text, len, &rec))
		return;
	kmsg_format_dmesg(&rec, line, sizeof(line));
	if (!stress_log_relevant(line))
		return;
	if (run->nlog < STRESS_MAX_LOGLINES)
		str_copy(run->log[run->nlog++], sizeof(run->log[0]), line);
	else
		run->log_dropped++;
}

static void signals(bool on, struct sigaction old[3])
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: EINTR wakes */
	struct sigaction ign = { .sa_handler = SIG_IGN };

	if (on) {
		got_signal = 0;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old[0]);
		sigaction(SIGTERM, &sa, &old[1]);
		sigaction(SIGPIPE, &ign, &old[2]);	/* a dead job's command pipe */
	} else {
		sigaction(SIGINT, &old[0], NULL);
		sigaction(SIGTERM, &old[1], NULL);
		sigaction(SIGPIPE, &old[2], NULL);
	}
}

static void reap(struct parent *pa)
{
	for (unsigned i = 0; i < pa->njobs; i++) {
		close(pa->jobs[i].cmd_fd);	/* EOF: a job still waiting quits and frees */
		while (waitpid(pa->jobs[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

int stress_run(struct stress_run *run)
{
	struct parent pa = { .run = run };
	struct sigaction old[3];
	/* not malloc'd: the jobs fork from here and exit without freeing it */
	static struct kmsg_reader reader;
	struct kmsg_reader *rd = &reader;
	bool kmsg_on = false;
	int report[2], ret;

	klog_init(&run->klog);
	stress_snapshot_take(run->root, run->target->area, &run->before);
	shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		      -1, 0);
	if (shared == MAP_FAILED) {
		ret = -errno;
		shared = NULL;
		snprintf(run->error, sizeof(run->error), "mmap: %s", strerror(-ret));
		return ret;
	}
	*shared = (struct shared){ 0 };
	if (pipe2(report, O_CLOEXEC) < 0) {
		ret = -errno;
		snprintf(run->error, sizeof(run->error), "pipe: %s", strerror(-ret));
		munmap(shared, sizeof(*shared));
		shared = NULL;
		return ret;
	}
	pa.in = report[0];
	kmsg_on = kmsg_start(run, rd);
	fflush(NULL);	/* nothing buffered may be written twice by a job */
	signals(true, old);
	ret = spawn(&pa, report);
	close(report[1]);
	if (ret < 0)
		snprintf(run->error, sizeof(run->error), "fork: %s", strerror(-ret));
	else
		rounds(&pa);
	reap(&pa);
	close(report[0]);
	munmap(shared, sizeof(*shared));
	shared = NULL;
	signals(false, old);
	stress_snapshot_take(run->root, run->target->area, &run->after);
	if (kmsg_on) {
		kmsg_reader_poll(rd, kmsg_line, run);
		kmsg_reader_close(rd);
	}
	if (pa.fatal && !run->attempted)
		return -(run->first_err ? run->first_err : EIO);
	return ret;
}

void stress_run_free(struct stress_run *run)
{
	free(run->lat_ns);
	run->lat_ns = NULL;
	free(run->records);
	run->records = NULL;
}

int stress_pick_heap(const struct cma_root *r, const char *want, const char *default_area,
		     const struct cma_areas *areas, struct stress_target *t, struct heap_diag *d)
{
	char names[STRESS_MAX_HEAPS][DMAHEAP_NAME_MAX];
	const char *ptr[STRESS_MAX_HEAPS];
	struct heap_area ha[CMA_MAX_AREAS + 1];
	struct heaps_in in = { .names = ptr, .stats = areas, .areas = ha };
	struct heaps_map m;
	const struct heap_info *h = NULL;
	size_t len = 0;
	int n;

	root_describe(r, "dev/dma_heap", d->dir, sizeof(d->dir));
	n = dmaheap_list(r, names, STRESS_MAX_HEAPS);
	d->dir_exists = n >= 0;
	d->heaps[0] = '\0';
	for (int i = 0; i < n && len + 2 < sizeof(d->heaps); i++)
		len += (size_t)snprintf(d->heaps + len, sizeof(d->heaps) - len, "%s%s",
					i ? ", " : "", names[i]);
	for (int i = 0; i < n; i++)
		ptr[i] = names[i];
	in.n = n;
	/* the default area (from the resolver) names the heaps; the pick uses only
	 * what dmaheap-alloc reads too (model/heaps.c) */
	if (default_area && *default_area)
		ha[in.nareas++] = (struct heap_area){ .name = default_area, .is_default = true };
	for (int i = 0; i < areas->n && in.nareas < (int)ARRAY_SIZE(ha); i++)
		ha[in.nareas++] = (struct heap_area){ .name = areas->area[i].name };
	heaps_map(&in, &m);
	d->several = !want && m.ambiguous;
	if (want)
		h = heaps_find(&m, want);
	else if (m.pick >= 0)
		h = &m.h[m.pick];
	if (!h || !h->present)
		return -ENOENT;
	str_copy(t->heap, sizeof(t->heap), h->name);
	str_copy(t->twin, sizeof(t->twin), h->twin >= 0 && m.h[h->twin].present ?
		 m.h[h->twin].name : "");
	t->is_cma = h->role == HEAP_ROLE_FIXED || h->role == HEAP_ROLE_DEFAULT ||
		    h->role == HEAP_ROLE_REGION;
	str_copy(t->area, sizeof(t->area), h->area[0] ? h->area : t->is_cma ? h->name : "");
	return 0;
}

void stress_run_outcome(const struct stress_run *run, struct stress_outcome *o)
{
	*o = (struct stress_outcome){ .target = run->target, .plan = run->plan,
				      .page_size = run->plan->page_size };
	o->attempted = run->attempted, o->succeeded = run->succeeded, o->failed = run->failed;
	o->first_err = run->first_err, o->first_fail_bytes = run->first_fail_bytes;
	o->held_at_fail = run->held_at_fail;
	o->before = run->before, o->at_peak = run->at_peak;
	o->log_watched = run->log_watched, o->log_has_fail = run->klog.fails_total > 0;
	o->bound_reached = run->bound_reached, o->interrupted = run->interrupted;
}
