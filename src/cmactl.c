// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmactl: show and tune the Linux Contiguous Memory Allocator.
 * main(): global options, the command table, dispatch, and the stdout check.
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd.h"
#include "log.h"
#include "opts.h"
#include "model/suggest.h"

const char *argp_program_version = "cmactl " CMACTL_VERSION;
const char *argp_program_bug_address = "the project's issue tracker";

static const struct cmd commands[] = {
	{ "status", cmd_status, "Report the CMA size, which layer set it, areas and failures" },
	{ "set", cmd_set, "Set the CMA size in the DT, bootargs, boot command line or .config" },
	{ "unset", cmd_unset, "Take a layer's CMA setting out again" },
	{ "stress", cmd_stress, "Allocate through /dev/dma_heap and report what the kernel did" },
	{ "export", cmd_export, "Print the status as Prometheus/OpenMetrics metrics (or write a .prom file)" },
	{ "collect", cmd_collect, "Write a support bundle (tar.gz) that --root reads back" },
	{ "watch", cmd_watch, "Sample CMA and the kernel log during a workload; peaks and failures" },
	{ "recommend", cmd_recommend, "The CMA size to set, from a watch record, the log or streams" },
};

struct top { struct global_opts g; int cmd_index; };

static error_t parse_top(int key, char *arg, struct argp_state *state)
{
	struct top *t = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &t->g;
		break;
	case ARGP_KEY_ARG:
		/* the command: stop here, the rest belongs to it */
		t->cmd_index = state->next - 1;
		state->next = state->argc;
		break;
	case ARGP_KEY_END:
		if (t->cmd_index < 0)
			argp_error(state, "no command given");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* "Commands:" for --help, made from the table so the two cannot disagree. */
static char *make_doc(void)
{
	static char doc[2048];
	size_t n = (size_t)snprintf(doc, sizeof(doc),
		"Show and tune the Linux Contiguous Memory Allocator (CMA).\v"
		"Commands:\n");

	for (size_t i = 0; i < ARRAY_SIZE(commands) && n < sizeof(doc); i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "  %-9s  %s\n",
				      commands[i].name, commands[i].summary);
	if (n < sizeof(doc))
		snprintf(doc + n, sizeof(doc) - n, "\nRun 'cmactl COMMAND --help' for a command's "
			 "options. See cmactl(8).");
	return doc;
}

/* A full disk or closed pipe must not pass for success (git.c does the same). */
static int close_stdout(int ret)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (errno != EPIPE)
			log_error("write error on standard output: %s", strerror(errno));
		return ret ? ret : EXIT_FAIL;
	}
	return ret;
}

/* A mistyped command: name the one meant when it is a typo or two away. */
static int unknown_command(const char *name)
{
	const char *names[ARRAY_SIZE(commands)], *best;

	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		names[i] = commands[i].name;
	best = suggest_closest(name, names, ARRAY_SIZE(names));
	if (best)
		log_error("unknown command '%s'; did you mean '%s'? (see 'cmactl --help')", name,
			  best);
	else
		log_error("unknown command '%s' (see 'cmactl --help')", name);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	struct argp top_argp = { NULL, parse_top, "COMMAND [OPTION...]", make_doc(), children,
				 NULL, NULL };
	struct top t = { .g = { .root = "/" }, .cmd_index = -1 };
	static char prog[64];
	const char *name;

	argp_err_exit_status = EXIT_USAGE;
	opts_suggest(&top_argp, argc, argv, true);
	argp_parse(&top_argp, argc, argv, ARGP_IN_ORDER | ARGP_NO_HELP, NULL, &t);
	name = argv[t.cmd_index];
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(name, commands[i].name))
			continue;
		/* argp names the program after argv[0]: "Try `cmactl set --help'" */
		snprintf(prog, sizeof(prog), "cmactl %s", name);
		argv[t.cmd_index] = prog;
		return close_stdout(commands[i].fn(argc - t.cmd_index, argv + t.cmd_index, &t.g));
	}
	return unknown_command(name);
}
