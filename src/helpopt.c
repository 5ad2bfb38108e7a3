// SPDX-License-Identifier: GPL-2.0-or-later
/* -h/--help, --usage, -V/--version: the same meaning in every command (opts.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "opts.h"
#include "model/suggest.h"

enum { OPT_USAGE = 0x300 };

static const struct argp_option help_options[] = {
	{ "help", 'h', NULL, 0, "Give this help list", -1 },
	{ "usage", OPT_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", 'V', NULL, 0, "Print the program version (alone)", -1 },
	{ 0 }
};

static error_t parse_help(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case OPT_USAGE:
		argp_state_help(state, stdout, ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		break;
	case 'V':
		/*
		 * Alone only: -V used to be set's --via, and `set 64M -V dts` must not
		 * print a version and exit 0 with nothing written.
		 */
		if (state->argc > 2)
			argp_error(state, "-V/--version takes no other arguments (--via has no "
				   "short option)");
		printf("%s\n", argp_program_version);
		exit(EXIT_SUCCESS);
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp help_argp = { help_options, parse_help, NULL, NULL, NULL, NULL, NULL };

/* Every option an argp and its children know: for the did-you-mean check. */
struct known { const char *names[128]; const struct argp_option *opts[128]; size_t n; };

static void collect(const struct argp *argp, struct known *k)
{
	for (const struct argp_option *o = argp->options; o && (o->name || o->key || o->doc); o++)
		if (o->name && k->n < ARRAY_SIZE(k->names))
			k->names[k->n] = o->name, k->opts[k->n++] = o;
	for (const struct argp_child *c = argp->children; c && c->argp; c++)
		collect(c->argp, k);
}

static const struct argp_option *find_short(const struct argp *argp, int key)
{
	const struct argp_option *o;

	for (o = argp->options; o && (o->name || o->key || o->doc); o++)
		if (o->key == key)
			return o;
	for (const struct argp_child *c = argp->children; c && c->argp; c++)
		if ((o = find_short(c->argp, key)))
			return o;
	return NULL;
}

static bool takes_arg(const struct argp_option *o)
{
	return o && o->arg && !(o->flags & OPTION_ARG_OPTIONAL);
}

/* The long option @name (up to '=') or any it abbreviates, as getopt_long accepts it. */
static const struct argp_option *find_long(const struct known *k, const char *name, size_t len)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strncmp(k->names[i], name, len))
			return k->opts[i];
	return NULL;
}

/* Skips a cluster of short options; returns how many following words it takes. */
static int short_cluster(const struct argp *argp, const char *a)
{
	for (const char *p = a + 1; *p; p++)
		if (takes_arg(find_short(argp, *p)))
			return p[1] ? 0 : 1;
	return 0;
}

static const char *prog(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	return slash ? slash + 1 : argv0;
}

void opts_suggest(const struct argp *argp, int argc, char **argv, bool stop_at_arg)
{
	struct known k = { .n = 0 };

	collect(argp, &k);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *best;
		const struct argp_option *o;
		char name[64];
		size_t len;

		if (!strcmp(a, "--"))
			return;
		if (a[0] != '-' || !a[1]) {
			if (stop_at_arg)
				return;
			continue;
		}
		if (a[1] != '-') {
			i += short_cluster(argp, a);
			continue;
		}
		len = strcspn(a + 2, "=");
		if ((o = find_long(&k, a + 2, len))) {
			i += takes_arg(o) && !a[2 + len];
			continue;
		}
		snprintf(name, sizeof(name), "%.*s", (int)len, a + 2);
		if (!(best = suggest_closest(name, k.names, k.n)))
			continue;	/* argp says it is unknown */
		fprintf(stderr, "%s: unrecognized option '--%s'; did you mean '--%s'?\n"
			"Try '%s --help' for more information.\n", prog(argv[0]), name, best,
			prog(argv[0]));
		exit(EXIT_USAGE);
	}
}
