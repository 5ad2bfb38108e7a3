// SPDX-License-Identifier: GPL-2.0-or-later
/* `cmactl status`: gather every source, resolve, print. */
#include <argp.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "io/gather.h"
#include "log.h"
#include "opts.h"
#include "report/report.h"

static error_t parse_status(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = state->input;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_status(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { NULL, parse_status, NULL,
		"Report the effective CMA size, the layer that set it (by the rules of the "
		"running kernel's version), what every layer asks for, the areas and the "
		"allocation failures the kernel logged.", children, NULL, NULL };
	struct global_opts g = *gin;
	struct cma_sources *src = calloc(1, sizeof(*src));
	struct cma_report *rep = calloc(1, sizeof(*rep));
	struct cma_root root = { .dirfd = -1 };
	int ret = EXIT_FAIL, r;

	if (!src || !rep)
		goto out;
	opts_parse(&argp, argc, argv, &g);
	if ((r = root_open(&root, g.root)) < 0) {
		log_error("--root %s: %s", g.root, strerror(-r));
		goto out;
	}
	ret = gather(&root, &g, src);
	if (ret == EXIT_FAIL)
		goto out;
	cma_resolve(src, rep);
	if (g.json) {
		if (report_json(stdout, src, rep) < 0)
			ret = EXIT_FAIL;
	} else {
		report_text(stdout, src, rep);
	}
out:
	root_close(&root);
	free(src);
	free(rep);
	return ret;
}
