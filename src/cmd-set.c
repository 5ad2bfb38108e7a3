// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `cmactl set SIZE --via dts|bootargs|cmdline|kconfig` and `cmactl unset`:
 * options, then read the file, plan the edit (model/plan.c, model/dtedit.c),
 * check it, predict the next boot (model/nextboot.c), report (out/setreport.c)
 * and write through io/atomic.c.
 */
#include <argp.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "atomic.h"
#include "bootcfg.h"
#include "cmd.h"
#include "dt.h"
#include "dtedit.h"
#include "gather.h"
#include "log.h"
#include "nextboot.h"
#include "opts.h"
#include "parse.h"
#include "plan.h"
#include "setreport.h"

#define MiB ((uint64_t)1 << 20)
#define FILE_MAX (64u << 20)

enum { OPT_BACKUP = 0x200, OPT_NO_BACKUP, OPT_BASE, OPT_LIMIT, OPT_STATIC, OPT_FORCE,
       OPT_FOLLOW, OPT_LABEL, OPT_MEM, OPT_REMOVE };

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
	struct atomic_file af, outf;
	char *old, *new;		/* the file now, and as planned */
	size_t oldlen, newlen;
	enum bootcfg_kind kind;
	char arg[96];			/* "cma=64M" */
	struct dtedit_result dres;
	struct set_report rep;		/* text as it goes, or the JSON object */
};

static const struct argp_option set_options[] = {
	{ "via", 'V', "LAYER", 0, "Where to make the change: dts, bootargs, cmdline or kconfig", 0 },
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
	case 'V':
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

/* SIZE: non-zero, whole MiB for Kconfig, rounded up to the CMA alignment. */
static int check_size(struct set_run *r)
{
	struct set_opts *o = &r->o;
	uint64_t align = plan_cma_align(r->src->page_size), v, size;
	char err[160], a[32];

	if (o->unset)
		return EXIT_OK;
	if (size_parse(o->size_text, r->src->page_size, &v, err, sizeof(err)) < 0)
		return fail(r, EXIT_USAGE, "%s", err);
	if (!v)
		return fail(r, EXIT_FAIL, "size 0: a CMA area cannot be empty (to take a layer's "
			    "setting out, use 'cmactl unset --via %s')", cma_via_name(o->via));
	if (o->via == VIA_KCONFIG && v % MiB)
		return fail(r, EXIT_FAIL, "%s is not a whole number of MiB: CONFIG_CMA_SIZE_MBYTES "
			    "cannot hold it", o->size_text);
	size = v % align ? v / align * align + align : v;
	if (size < v)
		return fail(r, EXIT_FAIL, "%s: size too large", o->size_text);
	setreport_size(&r->rep, o->size_text, v, size, align, r->src->page_size);
	size_format(align, a, sizeof(a));
	if (o->req.has_base && o->req.base % align)
		return fail(r, EXIT_FAIL, "--base 0x%" PRIx64 " is not aligned to %s (the kernel "
			    "rejects a misaligned CMA region)", o->req.base, a);
	o->req.size = size;
	plan_cma_arg(&o->req, r->arg, sizeof(r->arg));
	return EXIT_OK;
}

/* SIZE against memory: --mem, the edited DT's /memory, the booted DT's, MemTotal. */
static int check_memory(struct set_run *r, const struct cma_dt *target)
{
	const struct cma_sources *s = r->src;
	uint64_t mem = r->o.mem;
	const char *from = "--mem";
	char a[32], b[32];

	if (r->o.unset)
		return EXIT_OK;
	if (!mem && target && target->memory_bytes)
		mem = target->memory_bytes, from = "the DT's /memory";
	else if (!mem && s->dt_st.present && s->dt.memory_bytes)
		mem = s->dt.memory_bytes, from = "the booted DT's /memory";
	else if (!mem && s->meminfo.has_memtotal)
		mem = s->meminfo.memtotal_bytes, from = "MemTotal";
	if (!mem) {
		setreport_note(&r->rep, "memory size unknown (no usable /memory node: the bootloader "
			       "fills it in at boot); SIZE not checked against it (give --mem SIZE "
			       "to check)");
		return EXIT_OK;
	}
	size_format(r->o.req.size, a, sizeof(a));
	size_format(mem, b, sizeof(b));
	if (r->o.req.size >= mem && !r->o.force)
		return fail(r, EXIT_FAIL, "%s is not smaller than the memory (%s, from %s); --force "
			    "to write it anyway", a, b, from);
	if (r->o.req.has_limit && r->o.req.limit <= r->o.req.base)
		return fail(r, EXIT_FAIL, "--limit must be above --base");
	return EXIT_OK;
}

/* No single file to edit: say so, then list the candidates (stderr, and JSON). */
static int fail_ambiguous(struct set_run *r, const struct bootcfg_list *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_ambiguous(struct set_run *r, const struct bootcfg_list *l, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fail(r, EXIT_FAIL, "%s", msg);
	for (int i = 0; i < l->n; i++) {
		fprintf(stderr, "  %s\n", l->path[i]);
		setreport_candidate(&r->rep, l->path[i]);
	}
	return EXIT_FAIL;
}

/* With no --dtb: the file under /boot whose root compatible and model the booted FDT has. */
static int find_dtb(struct set_run *r, char *rel, size_t len)
{
	const struct cma_dt *live = &r->src->dt;
	struct bootcfg_list l;

	if (!r->src->dt_st.present || !r->src->dt_booted)
		return fail(r, EXIT_FAIL, "no --dtb FILE given, and no booted device tree "
			    "(%s/sys/firmware/fdt) to find it by", r->o.g.root);
	bootcfg_find_dtb(&r->root, live->compatible, live->model, &l);
	if (l.n == 1) {
		snprintf(rel, len, "%s", l.path[0]);
		return EXIT_OK;
	}
	if (!l.n)
		return fail(r, EXIT_FAIL, "no DTB under /boot matches the booted board (compatible "
			    "\"%s\", model \"%s\"): name it with --dtb FILE", live->compatible,
			    live->model);
	return fail_ambiguous(r, &l, "%d DTBs match the booted board \"%s\"; name one with "
			      "--dtb FILE:", l.n, live->model);
}

static int find_cmdline_file(struct set_run *r, char *rel, size_t len)
{
	struct bootcfg_list l;

	bootcfg_find_cmdline(&r->root, &l);
	if (l.n == 1) {
		snprintf(rel, len, "%s", l.path[0]);
		return EXIT_OK;
	}
	if (!l.n)
		return fail(r, EXIT_FAIL, "no boot command-line file under %s "
			    "(boot/extlinux/extlinux.conf, boot/firmware/cmdline.txt, "
			    "etc/default/grub): name it with --file", r->o.g.root);
	return fail_ambiguous(r, &l, "%d boot command-line files found; name the one the "
			      "bootloader reads with --file:", l.n);
}

/* The file to edit: named (relative to the cwd) or found under --root. */
static int open_target(struct set_run *r)
{
	const char *named = r->o.file;
	char rel[PATH_MAX], shown[PATH_MAX], err[PATH_MAX + 200];
	int ret;

	if (!named && (r->o.via == VIA_DTS || r->o.via == VIA_BOOTARGS))
		named = r->o.g.dtb;
	if (!named && r->o.via == VIA_KCONFIG)
		named = r->o.g.config;
	if (named) {
		ret = atomic_open(AT_FDCWD, false, "", named, r->o.follow, false, &r->af, err,
				  sizeof(err));
	} else if (r->o.via == VIA_KCONFIG) {
		return fail(r, EXIT_USAGE, "--via kconfig needs the .config or defconfig to edit: "
			    "--file FILE");
	} else {
		ret = r->o.via == VIA_CMDLINE ? find_cmdline_file(r, rel, sizeof(rel)) :
						find_dtb(r, rel, sizeof(rel));
		if (ret)
			return ret;
		root_describe(&r->root, "", shown, sizeof(shown));
		ret = atomic_open(r->root.dirfd, true, shown, rel, r->o.follow, false, &r->af, err,
				  sizeof(err));
	}
	if (!ret)
		setreport_target(&r->rep, r->af.shown);
	if (ret || (r->o.out && atomic_open(AT_FDCWD, false, "", r->o.out, r->o.follow, true,
					     &r->outf, err, sizeof(err))))
		return fail(r, EXIT_FAIL, "%s", err);
	if ((ret = atomic_read(&r->af, FILE_MAX, &r->old, &r->oldlen)) < 0)
		return fail(r, EXIT_FAIL, "%s: %s", r->af.shown, strerror(-ret));
	return EXIT_OK;
}

static int plan_dt(struct set_run *r, char *err, size_t errlen)
{
	struct dtedit_opts dopt = { plan_cma_align(r->src->page_size), r->o.force };
	const char *arg = r->o.unset ? NULL : r->arg;
	int ret;

	if (r->o.via == VIA_DTS)
		ret = dtedit_cma(r->old, r->oldlen, &r->o.req, &dopt, &r->dres, err, errlen);
	else
		ret = dtedit_bootargs(r->old, r->oldlen, arg, &r->dres, err, errlen);
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
		r->kind = plan_bootcfg_kind(r->af.name, r->old, r->oldlen);
		if (r->kind == BOOTCFG_UNKNOWN) {
			snprintf(err, sizeof(err), "not an extlinux.conf, cmdline.txt or GRUB "
				 "defaults file");
			ret = -1;
			break;
		}
		ret = plan_bootcfg_edit(r->kind, r->old, r->oldlen, r->o.label, arg, &r->new,
					&r->newlen, &notes, err, sizeof(err));
		for (int i = 0; !ret && i < notes.n; i++)
			setreport_note(&r->rep, notes.note[i]);
		break;
	default:
		ret = plan_kconfig_edit(r->old, r->oldlen, r->o.req.size / MiB, r->o.unset, &r->new,
					&r->newlen);
		snprintf(err, sizeof(err), "out of memory");
	}
	if (ret)
		return fail(r, EXIT_FAIL, "%s: %s (nothing written)", r->af.shown, err);
	return EXIT_OK;
}

static bool same(const void *a, size_t alen, const void *b, size_t blen)
{
	return a && b && alen == blen && !memcmp(a, b, alen);
}

/*
 * Already what was asked? In place, a DTB counts as unchanged when the edit
 * equals the original once packed, since packing alone is no reason to write.
 * With -o, the output file is compared instead.
 */
static bool unchanged(struct set_run *r)
{
	char *cur = NULL, err[160];
	size_t curlen = 0;
	void *packed;
	size_t plen;
	bool eq;

	if (!r->new)
		return true;	/* unset found nothing to take out */
	if (r->o.out) {
		if (!r->outf.exists || atomic_read(&r->outf, FILE_MAX, &cur, &curlen) < 0)
			return false;
		eq = same(cur, curlen, r->new, r->newlen);
		free(cur);
		return eq;
	}
	if (r->o.via != VIA_DTS && r->o.via != VIA_BOOTARGS)
		return same(r->old, r->oldlen, r->new, r->newlen);
	if (dtedit_pack(r->old, r->oldlen, &packed, &plen, err, sizeof(err)))
		return false;
	eq = same(packed, plen, r->new, r->newlen);
	free(packed);
	return eq;
}

/* --dry-run: a unified diff; for a DTB, of its DTS rendering (dt_text()). */
static int show_diff(struct set_run *r)
{
	const char *a = r->old, *b = r->new ? r->new : r->old;
	size_t alen = r->oldlen, blen = r->new ? r->newlen : r->oldlen;
	char *ta = NULL, *tb = NULL, *d = NULL, na[PATH_MAX + 8], nb[PATH_MAX + 8];
	size_t dlen;
	int ret = EXIT_FAIL;

	if (r->o.via == VIA_DTS || r->o.via == VIA_BOOTARGS) {
		if (dt_text(a, alen, &ta, &alen) || dt_text(b, blen, &tb, &blen))
			goto out;
		a = ta, b = tb;
	}
	snprintf(na, sizeof(na), "%s", r->af.shown);
	snprintf(nb, sizeof(nb), "%s", r->o.out ? r->outf.shown : r->af.shown);
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
		.text = r->new ? r->new : r->old, .len = r->new ? r->newlen : r->oldlen,
	};
	struct nextboot nb;

	nextboot_predict(r->src, &c, &nb);
	setreport_nextboot(&r->rep, &nb);
}

static void describe(struct set_run *r)
{
	struct set_change c = {
		.via = r->o.via, .unset = r->o.unset, .target = r->af.shown, .arg = r->arg,
		.node = r->o.unset && !r->new ? NULL : r->dres.node, .label = r->o.label,
		.bootcfg = plan_bootcfg_name(r->kind), .size = r->o.req.size,
	};

	setreport_describe(&r->rep, &c);
}

static int apply(struct set_run *r)
{
	const struct atomic_file *dst = r->o.out ? &r->outf : &r->af;
	const char *backup = r->o.out ? NULL : r->o.backup, *hint = NULL;
	char err[PATH_MAX * 2];

	if (atomic_replace(dst, r->new, r->newlen, r->old, r->oldlen, backup, &r->af.st, err,
			   sizeof(err)))
		return fail(r, EXIT_FAIL, "%s", err);
	/* the file alone changes nothing for these two: say what must follow */
	if (r->o.via == VIA_CMDLINE && r->kind == BOOTCFG_GRUB)
		hint = "now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg): GRUB reads "
		       "this file only then";
	else if (r->o.via == VIA_KCONFIG)
		hint = "now rebuild the kernel (make olddefconfig, then make) for it to count";
	setreport_written(&r->rep, dst->shown, r->af.shown, backup, hint);
	return EXIT_OK;
}

/* The edited DTB's own view, for the memory check; NULL for text files. */
static int target_dt(struct set_run *r, struct cma_dt **dt)
{
	char err[160];

	*dt = NULL;
	if (r->o.via != VIA_DTS && r->o.via != VIA_BOOTARGS)
		return EXIT_OK;
	if (!(*dt = calloc(1, sizeof(**dt))))
		return fail(r, EXIT_FAIL, "out of memory");
	if (dt_parse(r->old, r->oldlen, *dt, err, sizeof(err)))
		return fail(r, EXIT_FAIL, "%s: %s (nothing written)", r->af.shown, err);
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
	if ((ret = check_size(r)) || (ret = open_target(r)) || (ret = target_dt(r, &tdt)) ||
	    (ret = check_memory(r, tdt)) || (ret = plan_file(r)))
		goto out;
	describe(r);
	if (unchanged(r)) {
		setreport_unchanged(&r->rep, r->o.out ? r->outf.shown : r->af.shown);
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
	r.af.dirfd = r.outf.dirfd = -1;
	argp_parse(unset ? &unset_argp : &set_argp, argc, argv, 0, NULL, &r.o);
	if (setreport_begin(&r.rep, stdout, r.o.g.json, r.o.unset, r.o.via, r.o.dry_run) < 0) {
		log_error("out of memory");
		ret = EXIT_FAIL;
	} else {
		ret = run(&r);
	}
	if (setreport_end(&r.rep) < 0 && !ret)
		ret = EXIT_FAIL;
	atomic_close(&r.af);
	atomic_close(&r.outf);
	root_close(&r.root);
	free(r.src);
	free(r.old);
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
