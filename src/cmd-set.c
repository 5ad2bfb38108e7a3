// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl set SIZE --via LAYER` and `cmactl unset`: the options, checked
 * against the layer's row (model/layer.c); the run itself is setrun.c.
 */
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>
#include "cmd.h"
#include "log.h"
#include "model/size.h"
#include "opts.h"
#include "cmd/setrun.h"

enum { OPT_BACKUP = 0x200, OPT_NO_BACKUP, OPT_BASE, OPT_LIMIT, OPT_STATIC, OPT_FORCE,
       OPT_FOLLOW, OPT_LABEL, OPT_MEM, OPT_REMOVE, OPT_VIA };

static const struct argp_option set_options[] = {
	{ "via", OPT_VIA, "LAYER", 0, "Where to make the change: dts, bootargs, cmdline, kconfig, "
	  "ubootenv or overlay", 0 },
	{ "file", 'f', "FILE", 0, "The file to edit (a DTB for dts/bootargs; extlinux.conf, "
	  "cmdline.txt, /etc/default/grub or grub.d/*.cfg, /etc/default/u-boot or armbianEnv.txt "
	  "for cmdline; a .config for kconfig; an fw_env.config for ubootenv; a Raspberry Pi "
	  "config.txt for overlay)", 0 },
	{ "output", 'o', "FILE", 0, "Write the result to FILE and leave the original alone", 0 },
	{ "dry-run", 'n', NULL, 0, "Show the change as a unified diff and write nothing", 0 },
	{ "backup", OPT_BACKUP, "SUFFIX", OPTION_ARG_OPTIONAL, "Keep the original as "
	  "FILE" ATOMIC_BACKUP_SUFFIX " (or FILE+SUFFIX); the default", 0 },
	{ "no-backup", OPT_NO_BACKUP, NULL, 0, "Keep no backup of the original", 0 },
	{ "base", OPT_BASE, "ADDR", 0, "Lowest address of the area (alloc-ranges, or reg with "
	  "--static; cma=SIZE@ADDR)", 0 },
	{ "limit", OPT_LIMIT, "ADDR", 0, "End of the window the area must lie in", 0 },
	{ "static", OPT_STATIC, NULL, 0, "dts: a fixed reg at --base instead of size", 0 },
	{ "label", OPT_LABEL, "NAME", 0, "cmdline: the extlinux LABEL to edit (default: DEFAULT)", 0 },
	{ "mem", OPT_MEM, "SIZE", 0, "The target system's memory size, to check SIZE against when "
	  "the DT has none", 0 },
	{ "force", OPT_FORCE, NULL, 0, "Write even when the memory or window checks fail", 0 },
	{ "follow-symlinks", OPT_FOLLOW, NULL, 0, "Replace a symlink's target instead of refusing", 0 },
	{ "remove", OPT_REMOVE, NULL, 0, "Take the layer's CMA setting out (same as unset)", 0 },
	{ 0 }
};

static uint64_t parse_addr(struct argp_state *state, const char *opt, const char *arg)
{
	char err[160];
	uint64_t v;

	if (size_parse(arg, 4096, &v, err, sizeof(err)) < 0)
		argp_error(state, "%s: %s", opt, err);
	return v;
}

static error_t parse_set(int key, char *arg, struct argp_state *state)
{
	struct set_opts *o = state->input;

	switch (key) {
	case ARGP_KEY_INIT: state->child_inputs[0] = &o->g; break;
	case OPT_VIA:
		if (!(o->layer = layer_parse(arg)))
			argp_error(state, "--via %s: expected %s", arg, layer_names());
		break;
	case 'f': o->file = arg; break;
	case 'o': o->out = arg; break;
	case 'n': o->dry_run = true; break;
	case OPT_BACKUP: o->backup = arg ? arg : ATOMIC_BACKUP_SUFFIX; break;
	case OPT_NO_BACKUP: o->backup = NULL; break;
	case OPT_BASE: o->req.has_base = true, o->req.base = parse_addr(state, "--base", arg); break;
	case OPT_LIMIT: o->req.has_limit = true, o->req.limit = parse_addr(state, "--limit", arg); break;
	case OPT_STATIC: o->req.is_static = true; break;
	case OPT_LABEL: o->label = arg; break;
	case OPT_MEM: o->mem = parse_addr(state, "--mem", arg); break;
	case OPT_FORCE: o->force = true; break;
	case OPT_FOLLOW: o->follow = true; break;
	case OPT_REMOVE: o->unset = true; break;
	case ARGP_KEY_ARG:
		if (o->unset || o->size_text)
			argp_error(state, "unexpected argument '%s'", arg);
		o->size_text = arg;
		break;
	case ARGP_KEY_END:
		o->req.remove = o->unset;
		if (!o->layer) {
			argp_error(state, "--via is required (%s)", layer_names());
			break;	/* argp_error() exits; the analyzer cannot tell */
		}
		if (!o->unset && !o->size_text)
			argp_error(state, "SIZE is required (e.g. 256M)");
		if (o->req.is_static && !o->req.has_base)
			argp_error(state, "--static needs --base");
		if (o->req.has_base && !o->req.has_limit && !o->req.is_static &&
		    o->layer->base_needs_limit)
			argp_error(state, "--base needs --limit (alloc-ranges) or --static (reg)");
		if ((o->req.has_base || o->req.has_limit) && !o->layer->ranges)
			argp_error(state, "--base/--limit cannot be expressed in --via %s (it "
				   "sets a size only)", o->layer->name);
		if (o->req.is_static && !o->layer->statics)
			argp_error(state, "--static applies to --via dts only");
		if (o->out && o->layer->no_output)
			argp_error(state, "-o does not apply to --via %s (the environment is written "
				   "in place; --dry-run shows the change)", o->layer->name);
		if (o->label && !o->layer->labels)
			argp_error(state, "--label applies to --via cmdline only");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int set_main(int argc, char **argv, const struct global_opts *gin, bool unset)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp set_argp = { set_options, parse_set, "SIZE",
		"Set the default CMA size in one layer: the device tree's linux,cma node (dts), "
		"cma= in the DTB's /chosen/bootargs (bootargs), the bootloader's command line "
		"(cmdline), a kernel .config (kconfig), U-Boot's environment (ubootenv) or the CMA "
		"parameter of a Raspberry Pi config.txt overlay line (overlay). "
		"Validates before writing, writes "
		"atomically with a backup, and says whether the change wins on the next boot.",
		children, NULL, NULL };
	static const struct argp unset_argp = { set_options, parse_set, NULL,
		"Take one layer's CMA setting out (the same options as set).", children, NULL, NULL };
	struct set_run r = { .root = { .dirfd = -1 } };
	int ret;

	r.o.g = *gin;
	r.o.unset = unset;
	r.o.backup = ATOMIC_BACKUP_SUFFIX;
	settarget_init(&r.t);
	opts_parse(unset ? &unset_argp : &set_argp, argc, argv, &r.o);
	if (setreport_begin(&r.rep, stdout, r.o.g.json, r.o.unset, r.o.layer, r.o.dry_run) < 0) {
		log_error("out of memory");
		ret = EXIT_FAIL;
	} else {
		ret = setrun(&r);
	}
	if (setreport_end(&r.rep) < 0 && !ret)
		ret = EXIT_FAIL;
	settarget_close(&r.t);
	root_close(&r.root);
	free(r.src);
	free(r.tsrc);
	layer_plan_free(&r.plan);
	return ret;
}

int cmd_set(int argc, char **argv, const struct global_opts *g)
{
	return set_main(argc, argv, g, false);
}

int cmd_unset(int argc, char **argv, const struct global_opts *g)
{
	return set_main(argc, argv, g, true);
}
