// SPDX-License-Identifier: GPL-2.0-or-later
/* `cmactl status`: gather every source, resolve, print; with --check, exit 6 on a problem. */
#include <argp.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "cmd/snapshot.h"
#include "io/bundle.h"
#include "io/dmaheap.h"
#include "io/gather.h"
#include "log.h"
#include "model/lines.h"
#include "model/check.h"
#include "opts.h"
#include "report/report.h"

enum { OPT_CHECK = 0x200 };

struct status_opts {
	struct global_opts g;
	bool check;
};

static const struct argp_option status_options[] = {
	{ "check", OPT_CHECK, NULL, 0, "Also list the problems the report shows, one line each, "
	  "and exit 6 when there is one", 0 },
	{ 0 }
};

static error_t parse_status(int key, char *arg, struct argp_state *state)
{
	struct status_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &o->g;
		break;
	case OPT_CHECK:
		o->check = true;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The heaps in <root>/dev/dma_heap, for the default-without-heap check; unknown if unlisted. */
static void list_heaps(const struct cma_root *root, struct check_heaps *h)
{
	char names[CHECK_HEAPS_MAX][DMAHEAP_NAME_MAX];
	int n = dmaheap_list(root, names, CHECK_HEAPS_MAX);

	h->known = n >= 0;
	h->n = n > 0 ? n : 0;
	for (int i = 0; i < h->n; i++)
		str_copy(h->name[i], sizeof(h->name[i]), names[i]);	/* heap names are short */
}

/* --check: the report's problems; exit 6 over 0 or 3 when there is one. */
static int check(const struct cma_root *root, const struct cma_sources *src,
		 const struct cma_report *rep, struct check_result *chk, int ret)
{
	struct check_heaps heaps;

	list_heaps(root, &heaps);
	check_run(src, rep, &heaps, chk);
	return chk->n && ret != EXIT_FAIL ? EXIT_PROBLEM : ret;
}

int cmd_status(int argc, char **argv, const struct global_opts *gin)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp argp = { status_options, parse_status, NULL,
		"Report the effective CMA size, the layer that set it (by the rules of the "
		"running kernel's version), what every layer asks for, the areas and the "
		"allocation failures the kernel logged.\vExit status: 0 success, 1 failure, "
		"2 usage, 3 partial (a source could not be read), 6 --check found a problem.",
		children, NULL, NULL };
	struct status_opts o = { .g = *gin };
	struct cma_sources *src = calloc(1, sizeof(*src));
	struct cma_report *rep = calloc(1, sizeof(*rep));
	struct check_result chk = { 0 };
	struct cma_root root = { .dirfd = -1 };
	int ret = EXIT_FAIL;

	if (!src || !rep)
		goto out;
	opts_parse(&argp, argc, argv, &o);
	ret = cmd_snapshot(&o.g, &root, src, rep);
	if (ret == EXIT_FAIL)
		goto out;
	if (o.check)
		ret = check(&root, src, rep, &chk, ret);
	if (o.g.json) {
		if (report_json_checked(stdout, src, rep, o.check ? &chk : NULL) < 0)
			ret = EXIT_FAIL;
	} else {
		report_text(stdout, src, rep);
		if (o.check)
			report_check_text(stdout, &chk);
	}
out:
	root_close(&root);
	free(src);
	free(rep);
	return ret;
}
