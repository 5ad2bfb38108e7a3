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

static const struct argp_option collect_options[] = {
	{ "output", 'o', "FILE", 0, "Write the bundle to FILE (default cmactl-bundle.tar.gz), "
	  "replacing it atomically", 0 },
	{ 0 }
};

int cmd_collect(int argc, char **argv, const struct global_opts *gin)
{
	struct file_cmd_opts o = { .g = *gin, .output = "cmactl-bundle.tar.gz" };
	struct cma_root root = { .dirfd = -1 };
	struct collect_result res;
	char err[PATH_MAX + 256];
	int ret = EXIT_FAIL;

	opts_parse_file_cmd(collect_options, "Write a support bundle: every file status reads "
			    "(under --root, or named by --dmesg, --dtb, --config, --cmdline), as a "
			    "tar.gz laid out as a --root tree, with a manifest (" BUNDLE_MANIFEST
			    "). Read it back with 'cmactl --root FILE status'.", argc, argv, &o);
	if (o.g.kernel_version || o.g.page_size) {
		log_error("collect: --kernel-version and --page-size do not apply: they change how "
			  "a bundle is read, so give them to the command that reads it");
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
	if (collect_bundle(&root, &o.g, o.output, &res, err, sizeof(err)) < 0) {
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
