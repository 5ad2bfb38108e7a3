// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl watch`: options; the loop (io/watchrun.c) with the model
 * (model/watch.c); the live view, NDJSON, the record and the summary
 * (report/watchreport.c) hooked to it; the child's exit status passed on.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "io/atomic.h"
#include "io/watchrun.h"
#include "log.h"
#include "opts.h"
#include "report/watchreport.h"
#include "report/watchsvg.h"

enum { OPT_INTERVAL = 0x300, OPT_DURATION, OPT_RECORD, OPT_SVG };

#define WATCH_MIN_INTERVAL_MS 10	/* below this the sampling itself is the load */

struct watch_args {
	struct global_opts g;
	struct watch_opts o;
	const char *record, *svg;
};

static const struct argp_option options[] = {
	{ "interval", OPT_INTERVAL, "TIME", 0, "Time between samples: 100ms, 0.5s, 2 (default 1s)",
	  0 },
	{ "duration", OPT_DURATION, "TIME", 0, "Stop after this long (default: when COMMAND "
	  "exits, or at Ctrl-C)", 0 },
	{ "record", OPT_RECORD, "FILE", 0, "Write the NDJSON stream to FILE (for recommend "
	  "--from) while showing the live view", 0 },
	{ "svg", OPT_SVG, "FILE", 0, "At the end, write a timeline picture of the run to FILE", 0 },
	{ 0 }
};

static uint64_t duration(struct argp_state *state, const char *opt, const char *arg)
{
	uint64_t ms;

	if (watch_duration_parse(arg, &ms) < 0 || ms == 0)
		argp_error(state, "%s: '%s' is not a time (100ms, 0.5s, 2, 10m)", opt, arg);
	return ms;
}

static error_t parse_watch(int key, char *arg, struct argp_state *state)
{
	struct watch_args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &a->g; break;
	case OPT_INTERVAL:
		a->o.interval_ms = duration(state, "--interval", arg);
		if (a->o.interval_ms < WATCH_MIN_INTERVAL_MS)
			argp_error(state, "--interval: '%s' is below %d ms", arg,
				   WATCH_MIN_INTERVAL_MS);
		break;
	case OPT_DURATION: a->o.duration_ms = duration(state, "--duration", arg); break;
	case OPT_RECORD: a->record = arg; break;
	case OPT_SVG: a->svg = arg; break;
	case ARGP_KEY_ARG:
		/* COMMAND: the rest of the line is its own (ARGP_IN_ORDER) */
		a->o.child_argv = &state->argv[state->next - 1];
		state->next = state->argc;
		break;
	default: return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

struct watch_ctx {
	struct watch_setup su;
	FILE *json, *record;		/* NDJSON to stdout (--json), to the record */
	bool view_on;
	struct watch_view view;
	bool write_failed;
};

static void on_sample(void *p, const struct watch_state *w, const struct watch_sample *s)
{
	struct watch_ctx *c = p;

	if (w->samples == 1) {
		if (c->json && watch_json_start(c->json, &c->su, w) < 0)
			c->write_failed = true;
		if (c->record && watch_json_start(c->record, &c->su, w) < 0)
			c->write_failed = true;
	}
	if (c->json && watch_json_sample(c->json, w, s) < 0)
		c->write_failed = true;
	if (c->record && watch_json_sample(c->record, w, s) < 0)
		c->write_failed = true;
	if (c->view_on)
		watch_view_draw(&c->view, stdout, &c->su, w);
}

static void on_failure(void *p, const struct watch_state *w, const struct watch_fail *f)
{
	struct watch_ctx *c = p;

	if (c->json && watch_json_failure(c->json, w, f) < 0)
		c->write_failed = true;
	if (c->record && watch_json_failure(c->record, w, f) < 0)
		c->write_failed = true;
	if (c->view_on)
		watch_view_failure(&c->view, w, f);
}

static void on_resize(void *p)
{
	struct watch_ctx *c = p;

	if (c->view_on && watch_tty_size(STDOUT_FILENO, &c->view.rows, &c->view.cols))
		c->view.clear = true;
}

/* "cmd arg1 arg2" for messages and the JSON. */
static char *join(char **argv)
{
	size_t n = 1;
	char *s;

	for (char **a = argv; *a; a++)
		n += strlen(*a) + 1;
	s = calloc(1, n);
	for (char **a = argv; s && *a; a++) {
		if (a != argv)
			strcat(s, " ");
		strcat(s, *a);
	}
	return s;
}

/* The picture is made in memory and replaces FILE atomically: never half an SVG. */
static bool write_svg(struct atomic_file *af, const struct watch_setup *su,
		      const struct watch_state *w, const struct watch_end *e)
{
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	bool ok;

	if (!m) {
		log_error("watch: --svg %s: %s", af->shown, strerror(errno));
		return false;
	}
	ok = watch_svg(m, su, w, e) == 0;
	ok = !fclose(m) && ok;
	if (ok && atomic_replace(af, buf, len, NULL, 0, NULL, NULL, NULL, 0, err, sizeof(err)) < 0) {
		log_error("watch: --svg %s", err);
		ok = false;
	}
	free(buf);
	return ok;
}

static int exit_code(const struct watch_args *a, const struct watch_end *e, bool failed)
{
	if (a->o.child_argv && e->child_ran)
		return e->child_exit;			/* passed through */
	if (a->o.child_argv)
		/* as a shell says it: found but not runnable 126, not found 127 */
		return e->child_errno == EACCES || e->child_errno == ENOEXEC ? 126 : 127;
	return failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_watch(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { options, parse_watch, "[-- COMMAND [ARG...]]",
		"Sample the CMA counters (meminfo, per-area sysfs and debugfs, vmstat) and follow "
		"the kernel log for allocation failures, during COMMAND's lifetime, for "
		"--duration, or until Ctrl-C; then summarise peaks, fragmentation and failures.",
		children, NULL, NULL };
	struct watch_args a = { .g = *gin, .o = { .interval_ms = 1000 } };
	struct watch_ctx c = { 0 };
	struct cma_root root = { .dirfd = -1 };
	struct atomic_file svg = { .dirfd = -1 };
	char err[256];
	struct watch_state *w = calloc(1, sizeof(*w));
	struct watch_end e;
	char *cmdline = NULL;
	long ps;
	int ret = EXIT_FAIL, r;

	if (!w) {
		log_error("watch: out of memory");
		return EXIT_FAIL;
	}
	opts_parse_flags(&argp, argc, argv, ARGP_IN_ORDER, &a);
	if ((r = root_open(&root, a.g.root)) < 0) {
		log_error("--root %s: %s", a.g.root, strerror(-r));
		goto out;
	}
	if (a.record && !(c.record = watch_record_open(a.record))) {
		log_error("watch: --record %s: %s", a.record, strerror(errno));
		goto out;
	}
	if (a.svg && atomic_open(AT_FDCWD, false, "", a.svg, false, true, &svg, err,
				 sizeof(err)) < 0) {
		log_error("watch: --svg %s", err);
		goto out;
	}
	if (a.o.child_argv)
		cmdline = join(a.o.child_argv);
	ps = sysconf(_SC_PAGESIZE);
	watch_init(w, a.g.page_size ? a.g.page_size : root.live && ps > 0 ? (uint64_t)ps : 4096);
	c.su = (struct watch_setup){ a.o.interval_ms, a.o.duration_ms, cmdline, a.g.root };
	c.json = a.g.json ? stdout : NULL;
	c.view_on = !a.g.json && watch_tty_size(STDOUT_FILENO, &c.view.rows, &c.view.cols);
	if (c.view_on) {
		const char *nc = getenv("NO_COLOR");	/* https://no-color.org: set and not empty */

		setlocale(LC_CTYPE, "");
		c.view.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
		c.view.color = !(nc && *nc);
		watch_view_begin(&c.view, stdout);
	}
	r = watch_run(&root, &a.o, w, &(struct watch_hooks){ &c, on_sample, on_failure,
							     on_resize }, &e);
	if (c.view_on)
		watch_view_end(&c.view, stdout);
	if (r < 0) {
		log_error("watch: %s", strerror(-r));
		goto out;
	}
	if (*e.child_error)
		log_error("watch: %s", e.child_error);
	if (c.record && watch_json_summary(c.record, &c.su, w, &e) < 0)
		c.write_failed = true;
	if (c.json) {
		if (watch_json_summary(c.json, &c.su, w, &e) < 0)
			c.write_failed = true;
	} else {
		if (c.view_on)
			fputc('\n', stdout);
		watch_text_summary(stdout, &c.su, w, &e);
	}
	if (a.svg && !write_svg(&svg, &c.su, w, &e))
		c.write_failed = true;
	if (c.record && (fflush(c.record) || ferror(c.record))) {
		log_error("watch: --record %s: %s", a.record, strerror(errno));
		c.write_failed = true;
	}
	ret = exit_code(&a, &e, c.write_failed);
out:
	if (svg.dirfd >= 0)
		atomic_close(&svg);
	if (c.record)
		fclose(c.record);
	root_close(&root);
	free(cmdline);
	free(w);
	return ret;
}
