// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl export`: the status model as Prometheus or OpenMetrics metrics, on
 * stdout or replaced atomically in a file for node_exporter's textfile collector.
 */
#include <argp.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "cmd/snapshot.h"
#include "io/atomic.h"
#include "io/bundle.h"
#include "io/gather.h"
#include "log.h"
#include "opts.h"
#include "report/prom.h"

struct export_opts {
	struct file_cmd_opts f;	/* first: opts.c's parser hands this struct to parse_export */
	enum prom_format fmt;
};

enum { OPT_FORMAT = 0x100 };

static const struct argp_option export_options[] = {
	{ "format", OPT_FORMAT, "FORMAT", 0, "prometheus (text format 0.0.4, the default) or "
	  "openmetrics", 0 },
	{ "output", 'o', "FILE", 0, "Replace FILE atomically (temp file, fsync, rename) instead "
	  "of writing to standard output, e.g. DIR/cmactl.prom for node_exporter", 0 },
	{ 0 }
};

static error_t parse_export(int key, char *arg, struct argp_state *state)
{
	struct export_opts *o = state->input;

	if (key != OPT_FORMAT)
		return ARGP_ERR_UNKNOWN;
	if (prom_format_parse(arg, &o->fmt) < 0)
		argp_error(state, "--format '%s': expected prometheus or openmetrics", arg);
	return 0;
}

/* The whole exposition in memory first, so that the file is replaced in one step. */
static int write_output(const char *path, const struct cma_sources *s,
			const struct cma_report *r, enum prom_format fmt)
{
	struct atomic_file af;
	char *buf = NULL, err[PATH_MAX + 128];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ret = -1;

	if (!m) {
		log_error("--output %s: out of memory", path);
		return -1;
	}
	if (report_prom(m, s, r, fmt) < 0 || fclose(m)) {
		log_error("--output %s: out of memory", path);
		goto out;
	}
	if (atomic_open(AT_FDCWD, false, "", path, false, true, &af, err, sizeof(err)) < 0) {
		log_error("--output %s", err);
		goto out;
	}
	ret = atomic_replace(&af, buf, len, NULL, 0, NULL, NULL, NULL, 0, err, sizeof(err));
	if (ret < 0)
		log_error("--output %s", err);
	atomic_close(&af);
out:
	free(buf);
	return ret;
}

int cmd_export(int argc, char **argv, const struct global_opts *gin)
{
	struct export_opts o = { .f = { .g = *gin, .own = parse_export }, .fmt = PROM_TEXT };
	struct cma_sources *src = calloc(1, sizeof(*src));
	struct cma_report *rep = calloc(1, sizeof(*rep));
	struct cma_root root = { .dirfd = -1 };
	int ret = EXIT_FAIL;

	if (!src || !rep)
		goto out;
	opts_parse_file_cmd(export_options, "Print the status as metrics for Prometheus (metric "
			    "list in cmactl(8), METRICS).", argc, argv, &o.f);
	if (o.f.g.json) {
		log_error("export: --json does not apply: the output is Prometheus text "
			  "(--format openmetrics for OpenMetrics)");
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cmd_snapshot(&o.f.g, &root, src, rep);
	if (ret == EXIT_FAIL)
		goto out;
	if (o.f.output ? write_output(o.f.output, src, rep, o.fmt) < 0 :
	    report_prom(stdout, src, rep, o.fmt) < 0)
		ret = EXIT_FAIL;
out:
	root_close(&root);
	free(src);
	free(rep);
	return ret;
}
