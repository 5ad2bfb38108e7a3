// SPDX-License-Identifier: GPL-2.0-or-later
/* `cmactl collect`: a support bundle of every source status reads (io/collect.c). */
#include <argp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "io/bundle.h"
#include "io/collect.h"
#include "log.h"
#include "opts.h"

struct collect_opts {
	struct global_opts g;
	const char *output;
};

static const struct argp_option collect_options[] = {
	{ "output", 'o', "FILE", 0, "Write the bundle to FILE (default cmactl-bundle.tar.gz), "
	  "replacing it atomically", 0 },
	{ 0 }
};

static error_t parse_collect(int key, char *arg, struct argp_state *state)
{
	struct collect_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &o->g;
		break;
	case 'o':
		if (!*arg)
			argp_error(state, "--output: empty file name");
		o->output = arg;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_collect(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { collect_options, parse_collect, NULL,
		"Write a support bundle: every file status reads (under --root), as a tar.gz "
		"laid out as a --root tree, with a manifest (" BUNDLE_MANIFEST "). Read it back "
		"with 'cmactl --root FILE status'.", children, NULL, NULL };
	struct collect_opts o = { .g = *gin, .output = "cmactl-bundle.tar.gz" };
	struct cma_root root = { .dirfd = -1 };
	struct collect_result res;
	char err[PATH_MAX + 256];
	int ret = EXIT_FAIL;

	opts_parse(&argp, argc, argv, &o);
	if (o.g.dmesg || o.g.dtb || o.g.config || o.g.cmdline) {
		log_error("collect: --dmesg, --dtb, --config and --cmdline do not apply: a bundle "
			  "holds what is under --root");
		return EXIT_USAGE;
	}
	if (o.g.json) {
		log_error("collect: --json does not apply: the bundle's manifest is "
			  BUNDLE_MANIFEST);
		return EXIT_USAGE;
	}
	if (root_open_any(&root, o.g.root, err, sizeof(err)) < 0) {
		log_error("--root %s", err);
		return EXIT_FAIL;
	}
	if (collect_bundle(&root, o.output, &res, err, sizeof(err)) < 0) {
		log_error("collect: %s", err);
		goto out;
	}
	printf("%s: %d files, %d missing, %d unreadable (listed in %s)\n", o.output, res.read,
	       res.missing, res.unreadable, BUNDLE_MANIFEST);
	if (res.unreadable)
		log_warn("collect: %d sources could not be read (run as root for debugfs and the "
			 "kernel log)", res.unreadable);
	ret = res.unreadable ? EXIT_PARTIAL : EXIT_OK;
out:
	root_close(&root);
	return ret;
}
