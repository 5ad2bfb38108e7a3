// SPDX-License-Identifier: GPL-2.0-or-later
/* The global options, shared by the top level and every subcommand's argp. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "opts.h"
#include "model/kver.h"
#include "model/size.h"

enum { OPT_DMESG = 0x100, OPT_DTB, OPT_CONFIG, OPT_CMDLINE, OPT_KVER, OPT_PAGE_SIZE };

static const struct argp_option global_options[] = {
	{ NULL, 0, NULL, 0, "Where to read the kernel's state from:", 1 },
	{ "root", 'r', "DIR", 0, "Read every kernel interface (/proc, /sys, /boot, the log) "
	  "under DIR instead of /", 1 },
	{ "dmesg", OPT_DMESG, "FILE", 0, "Kernel log from FILE ('-' for stdin): dmesg, "
	  "journalctl -k or /dev/kmsg form", 1 },
	{ "dtb", OPT_DTB, "FILE", 0, "Device tree blob instead of /sys/firmware/fdt", 1 },
	{ "config", OPT_CONFIG, "FILE", 0, "Kernel .config (plain or gzip) instead of "
	  "/proc/config.gz, /boot/config-RELEASE or /usr/lib/modules/RELEASE/config", 1 },
	{ "cmdline", OPT_CMDLINE, "FILE", 0, "Kernel command line instead of /proc/cmdline", 1 },
	{ "kernel-version", OPT_KVER, "X.Y.Z", 0, "Apply the precedence rules of this kernel "
	  "version", 1 },
	{ "page-size", OPT_PAGE_SIZE, "SIZE", 0, "Page size of the target (default: the live "
	  "system's, else 4K)", 1 },
	{ NULL, 0, NULL, 0, "Output:", 2 },
	{ "json", 'j', NULL, 0, "Machine-readable JSON output (schema in cmactl(8))", 2 },
	{ "verbose", 'v', NULL, 0, "Say which files are read", 2 },
	{ 0 }
};

static error_t parse_global(int key, char *arg, struct argp_state *state)
{
	struct global_opts *g = state->input;
	char err[160];

	switch (key) {
	case 'r': g->root = arg; break;
	case 'j': g->json = true; break;
	case 'v': log_verbose++; break;
	case OPT_DMESG: g->dmesg = arg; break;
	case OPT_DTB: g->dtb = arg; break;
	case OPT_CONFIG: g->config = arg; break;
	case OPT_CMDLINE: g->cmdline = arg; break;
	case OPT_KVER: {
		struct kver v;

		if (kver_parse(arg, &v) < 0)
			argp_error(state, "--kernel-version '%s': expected X.Y or X.Y.Z", arg);
		g->kernel_version = arg;
		break;
	}
	case OPT_PAGE_SIZE:
		if (size_parse(arg, 4096, &g->page_size, err, sizeof(err)) < 0)
			argp_error(state, "--page-size: %s", err);
		if (g->page_size < 1024 || (g->page_size & (g->page_size - 1)))
			argp_error(state, "--page-size: %s is not a power of two >= 1K", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp_child global_children[] = { { &help_argp, 0, NULL, -1 }, { 0 } };

const struct argp global_argp = { global_options, parse_global, NULL, NULL, global_children,
				  NULL, NULL };

void opts_parse_flags(const struct argp *argp, int argc, char **argv, unsigned flags, void *input)
{
	/* ARGP_IN_ORDER: what follows the first word (watch's COMMAND) is not ours to judge */
	opts_suggest(argp, argc, argv, flags & ARGP_IN_ORDER);
	argp_parse(argp, argc, argv, flags | ARGP_NO_HELP, NULL, input);
}

void opts_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	opts_parse_flags(argp, argc, argv, 0, input);
}

static error_t parse_file_cmd(int key, char *arg, struct argp_state *state)
{
	struct file_cmd_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &o->g;
		return 0;
	case 'o':
		if (!*arg)
			argp_error(state, "--output: empty file name");
		o->output = arg;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return 0;
	default:
		return o->own ? o->own(key, arg, state) : ARGP_ERR_UNKNOWN;
	}
}

void opts_parse_file_cmd(const struct argp_option *options, const char *doc, int argc,
			 char **argv, struct file_cmd_opts *o)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	const struct argp argp = { options, parse_file_cmd, NULL, doc, children, NULL, NULL };

	opts_parse(&argp, argc, argv, o);
}
