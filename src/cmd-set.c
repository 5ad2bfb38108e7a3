// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl set SIZE --via dts|bootargs|cmdline|kconfig` and `cmactl unset`:
 * options, then read the file, plan the edit (model/plan.c, model/dtedit.c),
 * check it, predict the next boot (model/nextboot.c), report (out/setreport.c)
 * and write through io/atomic.c.
 */
#include <argp.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "model/dt.h"
#include "model/dtedit.h"
#include "io/gather.h"
#include "log.h"
#include "model/nextboot.h"
#include "opts.h"
#include "model/size.h"
#include "model/plan.h"
#include "model/setcheck.h"
#include "report/setreport.h"
#include "io/settarget.h"


enum { OPT_BACKUP = 0x200, OPT_NO_BACKUP, OPT_BASE, OPT_LIMIT, OPT_STATIC, OPT_FORCE,
       OPT_FOLLOW, OPT_LABEL, OPT_MEM, OPT_REMOVE, OPT_VIA };

struct set_opts {
	struct global_opts g;
	enum cma_via via;
	bool unset, dry_run, force, follow;
	const char *size_text, *file, *out, *label, *backup;	/* backup NULL: --no-backup */
	struct cma_req req;
	uint64_t mem;
};

/* Everything one run holds; released in one place. */
struct set_run {
	struct set_opts o;
	struct cma_root root;
	struct cma_sources *src;
	struct set_target t;		/* the file, and its content now */
	char *new;			/* the content as planned */
	size_t newlen;
	enum bootcfg_kind kind;
	char arg[96];			/* "cma=64M" */
	struct dtedit_result dres;
	struct set_report rep;		/* text as it goes, or the JSON object */
};

static const struct argp_option set_options[] = {
	{ "via", OPT_VIA, "LAYER", 0, "Where to make the change: dts, bootargs, cmdline or kconfig", 0 },
	{ "file", 'f', "FILE", 0, "The file to edit (a DTB for dts/bootargs, extlinux.conf, "
	  "cmdline.txt or /etc/default/grub for cmdline, a .config for kconfig)", 0 },
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
	{ "mem", OPT_MEM, "SIZE", 0, "Memory size to check SIZE against when the DT has none", 0 },
	{ "force", OPT_FORCE, NULL, 0, "Write even when the memory checks fail or cannot be made", 0 },
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
		if (!(o->via = cma_via_parse(arg)))
			argp_error(state, "--via %s: expected dts, bootargs, cmdline or kconfig", arg);
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
		if (!o->via)
			argp_error(state, "--via is required (dts, bootargs, cmdline or kconfig)");
		if (!o->unset && !o->size_text)
			argp_error(state, "SIZE is required (e.g. 256M)");
		if (o->req.is_static && !o->req.has_base)
			argp_error(state, "--static needs --base");
		if (o->req.has_base && !o->req.has_limit && !o->req.is_static && o->via == VIA_DTS)
			argp_error(state, "--base needs --limit (alloc-ranges) or --static (reg)");
		if ((o->req.has_base || o->req.has_limit) && o->via == VIA_KCONFIG)
			argp_error(state, "--base/--limit cannot be expressed in Kconfig");
		if (o->req.is_static && o->via != VIA_DTS)
			argp_error(state, "--static applies to --via dts only");
		if (o->label && o->via != VIA_CMDLINE)
			argp_error(state, "--label applies to --via cmdline only");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/*
 * The one way a run fails after option parsing: the message goes to stderr in
 * both modes (as for status and stress), and into the JSON object too.
 */
static int fail(struct set_run *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct set_run *r, int code, const char *fmt, ...)
{
	char msg[1024];		/* log_error()'s own limit */
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_error("%s", msg);
	setreport_error(&r->rep, msg);
	return code;
}

/* SIZE: parsed, checked and rounded (model/setcheck.c); the size is reported once known. */
static int check_size(struct set_run *r)
{
	struct setcheck_size sz;
	char err[1024];
	enum setcheck_result res;

	if (r->o.unset)
		return EXIT_OK;
	res = setcheck_size(r->o.size_text, r->o.via, r->src->page_size, &r->o.req, &sz, err,
			    sizeof(err));
	if (sz.known)
		setreport_size(&r->rep, r->o.size_text, sz.requested, sz.size, sz.align,
			       r->src->page_size);
	if (res)
		return fail(r, res == SETCHECK_USAGE ? EXIT_USAGE : EXIT_FAIL, "%s", err);
	plan_cma_arg(&r->o.req, r->arg, sizeof(r->arg));
	return EXIT_OK;
}

/* SIZE against the memory; when its size is unknown, a note says SIZE went unchecked. */
static int check_memory(struct set_run *r, const struct cma_dt *target)
{
	char err[1024];
	enum setcheck_result res;
	bool unknown;

	if (r->o.unset)
		return EXIT_OK;
	res = setcheck_memory(&r->o.req, r->o.mem, r->o.force, target, r->src, &unknown, err,
			      sizeof(err));
	if (res)
		return fail(r, res == SETCHECK_USAGE ? EXIT_USAGE : EXIT_FAIL, "%s", err);
	if (unknown)
		setreport_note(&r->rep, "memory size unknown (no usable /memory node: the bootloader "
			       "fills it in at boot); SIZE not checked against it (give --mem SIZE "
			       "to check)");
	return EXIT_OK;
}

static const char *opt_of(const struct set_opts *o, const char *named)
{
	if (named == o->file)
		return "--file";
	return named == o->g.dtb ? "--dtb" : "--config";
}

/* The file to edit (io/settarget.c); when several could be meant, list them. */
static int open_target(struct set_run *r, struct cma_dt **tdt)
{
	const char *named = r->o.file;
	struct set_where w = { r->o.via, NULL, r->o.out, r->o.follow, r->o.g.root };
	char err[PATH_MAX * 2];
	int ret;

	if (!named && (r->o.via == VIA_DTS || r->o.via == VIA_BOOTARGS))
		named = r->o.g.dtb;
	if (!named && r->o.via == VIA_KCONFIG)
		named = r->o.g.config;
	w.named = named;
	ret = settarget_open(&r->root, &w, r->src, &r->t, err, sizeof(err));
	if (r->t.opened)
		setreport_target(&r->rep, r->t.af.shown);
	if (!ret)
		ret = settarget_dt(&r->t, r->o.via, tdt, err, sizeof(err));
	if (!ret)
		return EXIT_OK;
	/* a file the user named: say with which option ("--dtb board.dts: ...") */
	if (named && !strncmp(err, named, strlen(named)))
		fail(r, ret, "%s %s", opt_of(&r->o, named), err);
	else
		fail(r, ret, "%s", err);
	for (int i = 0; r->t.cands.n > 1 && i < r->t.cands.n; i++) {
		char shown[PATH_MAX + 64];

		/* as a path from the cwd (under --root), so it can be pasted into --file */
		root_describe(&r->root, r->t.cands.path[i], shown, sizeof(shown));
		fprintf(stderr, "  %s\n", shown);
		setreport_candidate(&r->rep, r->t.cands.path[i]);
	}
	return ret;
}

static int plan_dt(struct set_run *r, char *err, size_t errlen)
{
	struct dtedit_opts dopt = { plan_cma_align(r->src->page_size), r->o.force };
	const char *arg = r->o.unset ? NULL : r->arg;
	int ret;

	if (r->o.via == VIA_DTS)
		ret = dtedit_cma(r->t.old, r->t.oldlen, &r->o.req, &dopt, &r->dres, err, errlen);
	else
		ret = dtedit_bootargs(r->t.old, r->t.oldlen, arg, &r->dres, err, errlen);
	if (ret)
		return -1;
	r->new = r->dres.blob;
	r->newlen = r->dres.len;
	r->dres.blob = NULL;
	for (int i = 0; i < r->dres.nnotes; i++)
		setreport_note(&r->rep, r->dres.notes[i]);
	return 0;
}

/* The new content of the file, computed from the old; nothing is written here. */
static int plan_file(struct set_run *r)
{
	const char *arg = r->o.unset ? NULL : r->arg;
	char err[PATH_MAX + 200];
	struct plan_notes notes;
	int ret = 0;

	switch (r->o.via) {
	case VIA_DTS:
	case VIA_BOOTARGS:
		ret = plan_dt(r, err, sizeof(err));
		break;
	case VIA_CMDLINE:
		r->kind = plan_bootcfg_kind(r->t.af.name, r->t.old, r->t.oldlen);
		if (r->kind == BOOTCFG_UNKNOWN) {
			snprintf(err, sizeof(err), "not an extlinux.conf, cmdline.txt or GRUB "
				 "defaults file");
			ret = -1;
			break;
		}
		ret = plan_bootcfg_edit(r->kind, r->t.old, r->t.oldlen, r->o.label, arg, &r->new,
					&r->newlen, &notes, err, sizeof(err));
		for (int i = 0; !ret && i < notes.n; i++)
			setreport_note(&r->rep, notes.note[i]);
		break;
	default:
		ret = plan_kconfig_edit(r->t.old, r->t.oldlen, r->o.req.size / MiB, r->o.unset, &r->new,
					&r->newlen);
		snprintf(err, sizeof(err), "out of memory");
	}
	if (ret)
		return fail(r, EXIT_FAIL, "%s: %s (nothing written)", r->t.af.shown, err);
	return EXIT_OK;
}

/* --dry-run: a unified diff; for a DTB, of its DTS rendering (dt_text()). */
static int show_diff(struct set_run *r)
{
	const char *a = r->t.old, *b = r->new ? r->new : r->t.old;
	size_t alen = r->t.oldlen, blen = r->new ? r->newlen : r->t.oldlen;
	char *ta = NULL, *tb = NULL, *d = NULL, na[PATH_MAX + 8], nb[PATH_MAX + 8];
	size_t dlen;
	int ret = EXIT_FAIL;

	if (r->o.via == VIA_DTS || r->o.via == VIA_BOOTARGS) {
		if (dt_text(a, alen, &ta, &alen) || dt_text(b, blen, &tb, &blen))
			goto out;
		a = ta, b = tb;
	}
	snprintf(na, sizeof(na), "%s", r->t.af.shown);
	snprintf(nb, sizeof(nb), "%s", r->o.out ? r->t.outf.shown : r->t.af.shown);
	if (plan_diff(a, alen, b, blen, na, nb, &d, &dlen))
		goto out;
	setreport_diff(&r->rep, d, dlen);
	ret = EXIT_OK;
out:
	if (ret)
		fail(r, ret, "out of memory while making the diff");
	free(ta), free(tb), free(d);
	return ret;
}

/* Will the change win on the next boot? Unknown ("cannot tell") is reported, not an error. */
static void next_boot(struct set_run *r)
{
	struct nextboot_change c = {
		.via = r->o.via, .unset = r->o.unset, .kind = r->kind, .label = r->o.label,
		.text = r->new ? r->new : r->t.old, .len = r->new ? r->newlen : r->t.oldlen,
	};
	struct nextboot nb;

	nextboot_predict(r->src, &c, &nb);
	setreport_nextboot(&r->rep, &nb);
}

static void describe(struct set_run *r)
{
	struct set_change c = {
		.via = r->o.via, .unset = r->o.unset, .target = r->t.af.shown, .arg = r->arg,
		.node = r->o.unset && !r->new ? NULL : r->dres.node, .label = r->o.label,
		.bootcfg = plan_bootcfg_name(r->kind), .size = r->o.req.size,
	};

	setreport_describe(&r->rep, &c);
}

/* Write, then say what was written and what must follow for it to count. */
static int apply(struct set_run *r)
{
	const char *backup = r->o.out ? NULL : r->o.backup, *hint = NULL;
	char err[PATH_MAX * 2];

	if (settarget_write(&r->t, r->new, r->newlen, backup, err, sizeof(err)))
		return fail(r, EXIT_FAIL, "%s", err);
	/* the file alone changes nothing for these two */
	if (r->o.via == VIA_CMDLINE && r->kind == BOOTCFG_GRUB)
		hint = "now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg): GRUB reads "
		       "this file only then";
	else if (r->o.via == VIA_KCONFIG)
		hint = "now rebuild the kernel (make olddefconfig, then make) for it to count";
	setreport_written(&r->rep, settarget_dest(&r->t)->shown, r->t.af.shown, backup, hint);
	return EXIT_OK;
}

/* read -> check -> plan -> report -> write; the first failure ends it. */
static int run(struct set_run *r)
{
	struct global_opts g = r->o.g;
	struct cma_dt *tdt = NULL;
	int ret;

	if ((ret = root_open(&r->root, g.root)) < 0)
		return fail(r, EXIT_FAIL, "--root %s: %s", g.root, strerror(-ret));
	/* the live DT, for precedence and discovery; the edited file is read apart */
	g.dtb = NULL;
	if (r->o.via == VIA_KCONFIG && !r->o.file)
		g.config = NULL;
	if (!(r->src = calloc(1, sizeof(*r->src))))
		return fail(r, EXIT_FAIL, "out of memory");
	if (gather(&r->root, &g, r->src) == EXIT_FAIL) {
		/* gather() has said which file on stderr */
		setreport_error(&r->rep, "a file named with --cmdline, --config or --dmesg "
				"cannot be read");
		return EXIT_FAIL;
	}
	if ((ret = check_size(r)) || (ret = open_target(r, &tdt)) ||
	    (ret = check_memory(r, tdt)) || (ret = plan_file(r)))
		goto out;
	describe(r);
	if (settarget_unchanged(&r->t, r->o.via, r->new, r->newlen)) {
		setreport_unchanged(&r->rep, r->o.out ? r->t.outf.shown : r->t.af.shown);
		next_boot(r);
		goto out;
	}
	if (r->o.dry_run) {
		if ((ret = show_diff(r)) == EXIT_OK) {
			next_boot(r);
			setreport_dry_run(&r->rep);
		}
		goto out;
	}
	next_boot(r);
	ret = apply(r);
out:
	free(tdt);
	return ret;
}

static int set_main(int argc, char **argv, const struct global_opts *gin, bool unset)
{
	static const struct argp_child children[] = { { &global_argp, 0, NULL, 0 }, { 0 } };
	static const struct argp set_argp = { set_options, parse_set, "SIZE",
		"Set the default CMA size in one layer: the device tree's linux,cma node (dts), "
		"cma= in the DTB's /chosen/bootargs (bootargs), the bootloader's command line "
		"(cmdline) or a kernel .config (kconfig). Validates before writing, writes "
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
	if (setreport_begin(&r.rep, stdout, r.o.g.json, r.o.unset, r.o.via, r.o.dry_run) < 0) {
		log_error("out of memory");
		ret = EXIT_FAIL;
	} else {
		ret = run(&r);
	}
	if (setreport_end(&r.rep) < 0 && !ret)
		ret = EXIT_FAIL;
	settarget_close(&r.t);
	root_close(&r.root);
	free(r.src);
	free(r.new);
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
