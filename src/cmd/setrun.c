// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The steps of one `cmactl set`/`unset` run (setrun.h): check SIZE
 * (model/setcheck.c), open the file (io/settarget.c), plan the edit (the
 * layer's row in model/layer.c), predict the next boot (model/nextboot.c),
 * report (report/setreport.c) and write.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"
#include "io/bootcfg.h"
#include "io/bundle.h"
#include "io/gather.h"
#include "io/target.h"
#include "log.h"
#include "model/boot/boot.h"
#include "model/cmdline.h"
#include "model/diff.h"
#include "model/dtedit.h"
#include "model/kconfig.h"
#include "model/kver.h"
#include "model/lines.h"
#include "model/nextboot.h"
#include "model/rpiconfig.h"
#include "model/setcheck.h"
#include "cmd/setrun.h"

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
	res = setcheck_size(r->o.size_text, r->o.layer, r->src->page_size, &r->o.req, &sz, err,
			    sizeof(err));
	if (sz.known)
		setreport_size(&r->rep, r->o.size_text, sz.requested, sz.size, sz.align,
			       r->src->page_size);
	if (res)
		return fail(r, res == SETCHECK_USAGE ? EXIT_USAGE : EXIT_FAIL, "%s", err);
	cmareq_arg(&r->o.req, r->arg, sizeof(r->arg));
	return EXIT_OK;
}

/* SIZE against the memory; when its size is unknown, a note says SIZE went unchecked. */
static int check_memory(struct set_run *r, const struct cma_dt *target)
{
	char err[1024];
	enum setcheck_result res;
	bool unknown, foreign;

	if (r->o.unset)
		return EXIT_OK;
	res = setcheck_memory(&r->o.req, r->o.mem, r->o.force, target, r->tsrc, &unknown, &foreign,
			      err, sizeof(err));
	if (res)
		return fail(r, res == SETCHECK_USAGE ? EXIT_USAGE : EXIT_FAIL, "%s", err);
	if (unknown && foreign) {
		snprintf(err, sizeof(err), "memory size unknown: the DTB (\"%s\") has no usable "
			 "/memory (the bootloader fills it in at boot) and is not this system's "
			 "(%s%s%s), whose memory says nothing of that board; SIZE not checked "
			 "against it (give --mem SIZE to check)", target->compatible,
			 r->src->dt_st.present && r->src->dt_booted ? "booted \"" : "no booted DT",
			 r->src->dt_st.present && r->src->dt_booted ? r->src->dt.compatible : "",
			 r->src->dt_st.present && r->src->dt_booted ? "\"" : "");
		setreport_note(&r->rep, err);
	} else if (unknown)
		setreport_note(&r->rep, "memory size unknown (no usable /memory node: the bootloader "
			       "fills it in at boot); SIZE not checked against it (give --mem SIZE "
			       "to check)");
	return EXIT_OK;
}

/*
 * The target system (io/target.c, model/target.c): under --root DIR the
 * root's installed kernel; on the running system, files that are not its
 * own (a board's DTB, a boot file copied elsewhere, a kernel tree's
 * .config) are judged by their own evidence and the options, never by the
 * host's kernel, config, command line or memory (issue 11, Why 2).
 */
static int find_target(struct set_run *r, const struct cma_dt *tdt)
{
	const char *named = r->o.file ? r->o.file : r->o.layer->file == LAYER_FILE_DTB ?
			    r->o.g.dtb : r->o.layer->file == LAYER_FILE_CONFIG ? r->o.g.config : NULL;
	const struct cma_sources *s = r->src;
	bool foreign;

	if (r->o.layer->file == LAYER_FILE_DTB)
		foreign = tdt && !(s->dt_st.present && s->dt_booted &&
				   !strcmp(tdt->compatible, s->dt.compatible));
	else
		foreign = named && !target_named_is_system(named);
	target_gather(&r->root, &r->o.g, s, foreign, r->o.label, &r->facts);
	/* a .config edited is the target's config, and its header names the release */
	if (r->facts.replace && r->o.layer->source == SRC_KCONFIG) {
		struct target_facts *t = &r->facts;

		kconfig_parse(r->t.old, r->t.oldlen, &t->kconfig);
		t->kconfig_known = true;
		snprintf(t->kconfig_from, sizeof(t->kconfig_from), "the file edited, %.250s",
			 r->t.af.shown);
		if (!t->kver.known && t->kconfig.header_release[0] &&
		    !kver_parse(t->kconfig.header_release, &t->kver))
			snprintf(t->kver_from, sizeof(t->kver_from), "the header of the .config "
				 "edited (Linux %s)", t->kconfig.header_release);
	}
	if (!(r->tsrc = malloc(sizeof(*r->tsrc))))
		return fail(r, EXIT_FAIL, "out of memory");
	*r->tsrc = *s;
	target_apply(&r->facts, r->tsrc);
	return EXIT_OK;
}

/* The target's RAM, with its base when a DT tells it: the edited DTB's, else the root's. */
static void target_memory(struct set_run *r, const struct cma_dt *tdt, struct target_mem *m)
{
	const struct cma_dt *dt = tdt && tdt->memory_bytes ? tdt :
				  r->tsrc->dt_st.present && r->tsrc->dt.memory_bytes ? &r->tsrc->dt :
				  NULL;

	memset(m, 0, sizeof(*m));
	if (dt) {
		m->known = true;
		m->size = dt->memory_bytes;
		m->base_known = dt->memory_one_run;
		m->base = dt->memory_base;
		str_copy(m->from, sizeof(m->from), dt == tdt ? "the DT's /memory" :
			 "the booted DT's /memory");
	}
	if (r->o.mem) {	/* the user's word on the size; a DT's base still holds */
		m->known = true;
		m->size = r->o.mem;
		m->base_known = m->base_known && dt;
		str_copy(m->from, sizeof(m->from), "--mem");
	}
}

/*
 * Can the kernel place the area where it is asked to (model/target.c)? A
 * cma=SIZE@BASE-LIMIT, an alloc-ranges window or a reg must hold SIZE inside
 * the memory; on 32-bit ARM with HighMem a fixed region must not cross the
 * end of lowmem. A refusal is exit 1 unless --force, as the memory check.
 */
/*
 * The default area on arm64 lies below 4 GiB (model/target.c): refused when
 * the target's config says arm64, a note when its architecture is unknown.
 * A DT pool is not bound so (of_reserved_mem allocates it anywhere).
 */
static int check_dma32(struct set_run *r, const struct cma_dt *tdt)
{
	const struct cma_dt *dt = tdt && tdt->memory_bytes ? tdt :
				  r->tsrc->dt_st.present ? &r->tsrc->dt : NULL;
	bool known = r->tsrc->kconfig_st.present;
	enum kc_tristate arm64 = known ? r->tsrc->kconfig.arm64 : KC_UNKNOWN;
	char err[1024], note[1200];

	if (r->o.layer->source != SRC_CMDLINE && r->o.layer->source != SRC_KCONFIG)
		return EXIT_OK;
	if (arm64 == KC_NO || (known && r->tsrc->kconfig.arm == KC_YES) ||
	    !target_check_dma32(&r->o.req, dt, err, sizeof(err)))
		return EXIT_OK;
	if (arm64 == KC_YES && !r->o.force)
		return fail(r, EXIT_FAIL, "%s; --force to write it anyway (nothing written)", err);
	if (arm64 != KC_YES) {
		snprintf(note, sizeof(note), "if the target kernel is arm64 (its config is not "
			 "known): %s", err);
		setreport_note(&r->rep, note);
	}
	return EXIT_OK;
}

static int check_window(struct set_run *r, const struct cma_dt *tdt)
{
	struct cma_req q = r->o.req;
	struct target_lowmem lm;
	struct target_mem m;
	char err[1024];
	bool arm32;
	int ret = 0;

	if (r->o.unset)
		return EXIT_OK;
	target_memory(r, tdt, &m);
	/* vmalloc= moves the end of lowmem: a file that mentions it leaves it unknown */
	arm32 = target_lowmem(&r->tsrc->kconfig, r->tsrc->kconfig_st.present, &m,
			      memmem(r->t.old, r->t.oldlen, "vmalloc=", 8) != NULL, &lm);
	/*
	 * dts: the DT editor checks alloc-ranges and reg against /memory itself
	 * (model/dtedit.c); here only the zone rules of 32-bit ARM, over all of
	 * the memory for a node that is not fixed.
	 */
	if (r->o.layer->statics && q.is_static)
		ret = arm32 ? target_check_lowmem(q.base, q.size, &lm, err, sizeof(err)) : 0;
	else if (r->o.layer->statics)
		q.has_base = q.has_limit = false;
	if (!(r->o.layer->statics && q.is_static))
		ret = target_check_area(&q, &m, arm32 ? &lm : NULL, err, sizeof(err));
	if (ret && !r->o.force)
		return fail(r, EXIT_FAIL, "%s; --force to write it anyway (nothing written)", err);
	if (arm32 && !lm.known) {
		snprintf(err, sizeof(err), "32-bit ARM with HighMem: where lowmem ends is unknown "
			 "(%s), so the area was not checked against it (the kernel takes an area "
			 "from one zone, and refuses a fixed one that crosses it)", lm.why);
		setreport_note(&r->rep, err);
	}
	return check_dma32(r, tdt);
}

/* The file to edit (io/settarget.c); when several could be meant, list them. */
static int open_target(struct set_run *r, struct cma_dt **tdt)
{
	const char *named = r->o.file;
	struct set_where w = { r->o.layer, NULL, r->o.out, r->o.follow, r->o.g.root };
	char err[PATH_MAX * 2];
	int ret;

	if (!named && r->o.layer->file == LAYER_FILE_DTB)
		named = r->o.g.dtb;
	if (!named && r->o.layer->file == LAYER_FILE_CONFIG)
		named = r->o.g.config;
	w.named = named;
	ret = settarget_open(&r->root, &w, r->src, &r->t, err, sizeof(err));
	if (r->t.opened)
		setreport_target(&r->rep, r->t.af.shown);
	if (r->t.note[0])
		setreport_note(&r->rep, r->t.note);
	if (!ret)
		ret = settarget_dt(&r->t, r->o.layer, tdt, err, sizeof(err));
	if (!ret)
		return EXIT_OK;
	/* a file the user named: say with which option ("--dtb board.dts: ...") */
	if (named && !strncmp(err, named, strlen(named)))
		fail(r, ret, "%s %s", named == r->o.file ? "--file" : named == r->o.g.dtb ? "--dtb" :
		     "--config", err);
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

/* The new content of the file, computed from the old by the layer; nothing is written here. */
static int plan_file(struct set_run *r)
{
	struct layer_edit e = {
		.text = r->t.old, .len = r->t.oldlen, .name = r->t.af.shown, .req = &r->o.req,
		.arg = r->o.unset ? NULL : r->arg, .label = r->o.label,
		.align = cmareq_align(r->src->page_size), .force = r->o.force,
		.board = r->board[0] ? r->board : NULL,
	};
	char err[PATH_MAX + 200];

	if (r->o.layer->accepts && r->o.layer->accepts(e.text, e.len, err, sizeof(err)))
		return fail(r, EXIT_USAGE, "%s: %s (nothing written)", r->t.af.shown, err);
	if (r->o.layer->plan(&e, &r->plan, err, sizeof(err)))
		return fail(r, EXIT_FAIL, "%s: %s (nothing written)", r->t.af.shown, err);
	for (int i = 0; i < r->plan.nnotes; i++)
		setreport_note(&r->rep, r->plan.notes[i]);
	return EXIT_OK;
}

/* --dry-run: a unified diff; for a DTB, of its DTS rendering (dt_text()). */
static int show_diff(struct set_run *r)
{
	const char *a = r->t.old, *b = r->plan.text ? r->plan.text : r->t.old;
	size_t alen = r->t.oldlen, blen = r->plan.text ? r->plan.len : r->t.oldlen;
	char *ta = NULL, *tb = NULL, *d = NULL, na[PATH_MAX + 8], nb[PATH_MAX + 8];
	size_t dlen;
	int ret = EXIT_FAIL;

	if (r->o.layer->file == LAYER_FILE_DTB) {
		if (dt_text(a, alen, &ta, &alen) || dt_text(b, blen, &tb, &blen))
			goto out;
		a = ta, b = tb;
	}
	snprintf(na, sizeof(na), "%s", r->t.af.shown);
	snprintf(nb, sizeof(nb), "%s", r->o.out ? r->t.outf.shown : r->t.af.shown);
	if (diff_unified(a, alen, b, blen, na, nb, &d, &dlen))
		goto out;
	setreport_diff(&r->rep, d, dlen);
	ret = EXIT_OK;
out:
	if (ret)
		fail(r, ret, "out of memory while making the diff");
	free(ta), free(tb), free(d);
	return ret;
}

/* @path's GRUB chain under the root, joined, in place of *@text (left alone on failure). */
static void grub_join_found(struct set_run *r, const char *path, char **text, size_t *len)
{
	struct bootcfg_grub *g = malloc(sizeof(*g));
	char *joined;
	size_t jlen;

	if (g && !bootcfg_grub_chain(&r->root, path, g) && g->n > 1 &&
	    !boot_grub_join((const char *const *)g->text, g->len, (size_t)g->n, &joined, &jlen)) {
		free(*text);
		*text = joined, *len = jlen;
	}
	if (g)
		bootcfg_grub_free(g);
	free(g);
}

/* Will the change win on the next boot? Unknown ("cannot tell") is reported, not an error. */
/*
 * The command line of the next boot, for an edit of another layer: the one
 * the bootloader's file under the root passes (its default label), when
 * there is exactly one such file; the running /proc/cmdline says only how
 * this boot was started (issue 11, Why 1). Return: true with @out filled.
 */
static bool chain_cmdline(struct set_run *r, struct cma_cmdline *out)
{
	struct bootcfg_list *l = malloc(sizeof(*l));
	char *text = NULL, *line = NULL, err[160], shown[PATH_MAX + 32], note[PATH_MAX * 2];
	const struct cma_cmdline *now = &r->src->cmdline;
	enum bootcfg_kind kind;
	bool ok = false;
	size_t len;

	if (!l || r->o.layer->source == SRC_CMDLINE || r->o.g.cmdline || r->facts.foreign) {
		free(l);
		return false;	/* the edit is the command line, --cmdline names it, or the
				 * root's bootloader files are the host's, not the target's */
	}
	bootcfg_find_cmdline(&r->root, l);
	/* U-Boot reads extlinux.conf, made from /etc/default/u-boot when u-boot-update runs */
	if (l->n == 1 && !strcmp(l->path[0], "etc/default/u-boot"))
		snprintf(l->path[0], sizeof(l->path[0]), "boot/extlinux/extlinux.conf");
	if (l->n == 1 && root_read(&r->root, l->path[0], 1u << 20, &text, &len) == 0) {
		kind = boot_kind(l->path[0], text, len);
		if (kind == BOOTCFG_GRUB)	/* with the drop-ins sourced after it */
			grub_join_found(r, l->path[0], &text, &len);
		ok = kind != BOOTCFG_UNKNOWN &&
		     !boot_cmdline(kind, text, len, NULL, &line, err, sizeof(err)) &&
		     (line[0] || kind != BOOTCFG_EXTLINUX);	/* no APPEND: U-Boot's own bootargs */
	}
	if (ok) {
		cmdline_parse(line, strlen(line), out);
		root_describe(&r->root, l->path[0], shown, sizeof(shown));
		snprintf(note, sizeof(note), "next boot: the command line is the one %s passes (%s%s); "
			 "the running kernel's /proc/cmdline is only a hint", shown,
			 out->has_cma ? "cma=" : "no cma=", out->has_cma ? out->cma_text : "");
		setreport_note(&r->rep, note);
		if (r->src->cmdline_st.present && (now->has_cma != out->has_cma ||
						   strcmp(now->cma_text, out->cma_text))) {
			snprintf(note, sizeof(note), "this boot was started with %s%s (/proc/cmdline): "
				 "what the last boot had, not what the next will", now->has_cma ?
				 "cma=" : "no cma=", now->has_cma ? now->cma_text : "");
			setreport_note(&r->rep, note);
		}
	}
	free(text), free(line), free(l);
	return ok;
}

/*
 * A GRUB file's chain (/etc/default/grub and grub.d/NAME.cfg, sourced in
 * turn): @c's text becomes all of them with the planned file in place, and
 * a later file that holds the cma= the kernel takes shadows the change.
 * Return: the joined text to free, or NULL when there is no chain.
 */
static char *grub_chain(struct set_run *r, struct nextboot_change *c, char *shadow, size_t len,
			char *hint, size_t hintlen)
{
	struct bootcfg_grub *g = malloc(sizeof(*g));
	const char *text[BOOTCFG_MAX], *name[BOOTCFG_MAX];
	size_t tlen[BOOTCFG_MAX];
	struct boot_grub_chain ch;
	char err[PATH_MAX + 200], note[PATH_MAX * 2], *joined = NULL;
	size_t jlen;
	int ret;

	if (!g)
		return NULL;
	ret = r->o.file ? bootcfg_grub_chain(NULL, r->o.file, g) :
			  bootcfg_grub_chain(&r->root, r->t.cands.path[0], g);
	if (ret || g->n < 2)
		goto out;
	for (int i = 0; i < g->n; i++) {
		text[i] = i == g->edited ? c->text : g->text[i];
		tlen[i] = i == g->edited ? c->len : g->len[i];
		name[i] = g->path[i];
	}
	if (boot_grub_chain(text, tlen, name, (size_t)g->n, &ch, err, sizeof(err)) ||
	    boot_grub_join(text, tlen, (size_t)g->n, &joined, &jlen))
		goto out;
	c->text = joined, c->len = jlen, c->kind = BOOTCFG_GRUB;
	if (ch.cma_file < 0 || ch.cma_file == g->edited)
		goto out;
	if (r->o.file)
		snprintf(shadow, len, "%s", g->path[ch.cma_file]);
	else
		root_describe(&r->root, g->path[ch.cma_file], shadow, len);
	snprintf(note, sizeof(note), "%s is sourced by grub-mkconfig %s this file, and its %s "
		 "(line %zu) holds the cma= the kernel will take", shadow,
		 ch.cma_file > g->edited ? "after" : "before", ch.cma_var, ch.cma_line);
	setreport_note(&r->rep, note);
	/* normal entries pass LINUX then DEFAULT: an earlier file's DEFAULT wins too */
	if (!r->o.unset) {
		snprintf(hint, hintlen, "cmactl unset --via cmdline --file %s", shadow);
		c->shadow_hint = hint;
	}
out:
	bootcfg_grub_free(g);
	free(g);
	return joined;
}

/*
 * A Raspberry Pi's config.txt under the root (boot/firmware/, else boot/):
 * a CMA parameter of its dtoverlay= lines is written into the DTB's
 * linux,cma node by the firmware before the kernel starts, over what a DT
 * edit put there (issue 11, Why 3).
 */
static void rpi_overlay(struct set_run *r, struct nextboot_change *c, char *hint, size_t hintlen,
			char *detail, size_t detlen)
{
	static const char *const paths[] = { "boot/firmware/config.txt", "boot/config.txt" };
	char *text = NULL, shown[PATH_MAX + 64], note[PATH_MAX + 600];
	struct rpi_cma rc;
	size_t len;

	for (size_t i = 0; i < ARRAY_SIZE(paths) && !text; i++) {
		if (root_read(&r->root, paths[i], 1u << 20, &text, &len) < 0)
			continue;
		root_describe(&r->root, paths[i], shown, sizeof(shown));
	}
	if (!text)
		return;
	rpi_config_cma(text, len, r->board[0] ? r->board : NULL, &rc);
	free(text);
	if (!rc.found)
		return;
	if (rc.applies == RPI_MAYBE) {	/* a filter that may not match: said, not asserted */
		snprintf(note, sizeof(note), "%s line %zu (%s) applies only on %s: if it does, the "
			 "firmware applies the overlay to the DTB at boot and its %s wins over this "
			 "edit", shown, rc.line, rc.text, rc.section, rc.param);
		setreport_note(&r->rep, note);
		return;
	}
	if (rc.is_default)
		snprintf(note, sizeof(note), "%s line %zu (%s): the firmware applies the overlay "
			 "to the DTB at boot, and cma-default drops the linux,cma node's size, so "
			 "the kernel's default (Kconfig) applies", shown, rc.line, rc.text);
	else
		snprintf(note, sizeof(note), "%s line %zu (%s): the firmware applies the overlay "
			 "to the DTB at boot and sets the linux,cma node's size to %" PRIu64 " MiB "
			 "over this edit", shown, rc.line, rc.text, rc.size >> 20);
	setreport_note(&r->rep, note);
	if (r->o.unset)
		return;
	snprintf(hint, hintlen, "take %s out of line %zu of %s", rc.param, rc.line, shown);
	snprintf(detail, detlen, "config.txt %s", rc.param);
	c->shadow_hint = hint;
	c->shadow_detail = detail;
	c->shadow_size_known = !rc.is_default;
	c->shadow_size = rc.size;
}

static void next_boot(struct set_run *r)
{
	struct nextboot_change c = {
		.layer = r->o.layer, .unset = r->o.unset, .kind = r->plan.kind, .label = r->o.label,
		.text = r->plan.text ? r->plan.text : r->t.old,
		.len = r->plan.text ? r->plan.len : r->t.oldlen,
	};
	struct cma_cmdline chain;
	struct nextboot nb;
	char shadow[PATH_MAX + 64], hint[PATH_MAX + 400], detail[200], *joined = NULL;

	if (chain_cmdline(r, &chain))
		c.chain_cmdline = &chain;
	if (c.kind == BOOTCFG_GRUB || c.kind == BOOTCFG_GRUB_DROPIN)
		joined = grub_chain(r, &c, shadow, sizeof(shadow), hint, sizeof(hint));
	/* a DT edit; --via overlay is config.txt itself, read back by its layer row */
	if (r->o.layer->source == SRC_DEVICETREE && r->o.layer->file == LAYER_FILE_DTB)
		rpi_overlay(r, &c, hint, sizeof(hint), detail, sizeof(detail));
	c.target = r->facts.replace ? &r->facts : NULL;
	if (c.target)
		setreport_target_facts(&r->rep, c.target);
	nextboot_predict(r->src, &c, &nb);
	/* config.txt with no DT to apply it to: whether a linux,cma node takes the size is unknown */
	if (r->o.layer->dtb_base && !r->src->dt_st.present && !r->plan.unknown[0] &&
	    nb.state == NB_NO_AREA)
		str_copy(r->plan.unknown, sizeof(r->plan.unknown), "the DTB the firmware applies "
			 "config.txt to (none found under the root; give --dtb FILE)");
	if (r->plan.unknown[0] && nb.state != NB_NO_CMA) {	/* no file here tells the size */
		nb.state = NB_UNKNOWN;
		nb.size_known = false;
		str_copy(nb.missing, sizeof(nb.missing), r->plan.unknown);
	}
	setreport_nextboot(&r->rep, &nb);
	free(joined);
}

static void describe(struct set_run *r)
{
	struct layer_change c = {
		.unset = r->o.unset, .target = r->t.af.shown, .arg = r->arg,
		.node = r->o.unset && !r->plan.text ? NULL : r->plan.node, .label = r->o.label,
		.kind = r->plan.kind, .size = r->o.req.size,
	};

	setreport_describe(&r->rep, r->o.layer, &c);
}

/* What must follow the write for it to count: the layer's step, or copying -o's file in place. */
static const char *next_step(struct set_run *r, char *buf, size_t len)
{
	const char *after = layer_after(r->o.layer, r->plan.kind);

	if (!r->o.out)
		return after;
	snprintf(buf, len, "the change is in %s only: copy it over %s for it to count%s%s",
		 r->t.outf.shown, r->t.af.shown, after ? "; then " : "",
		 after ? after + (strncmp(after, "now ", 4) ? 0 : 4) : "");
	return buf;
}

/*
 * Write; only then say what the next boot will do (a failed write promises
 * nothing), what was written, and what must follow for it to count.
 */
static int apply(struct set_run *r)
{
	const char *backup = r->o.out ? NULL : r->o.backup;
	char err[PATH_MAX * 2], saved[PATH_MAX + 64], kept[PATH_MAX + 64], step[PATH_MAX * 2 + 200];
	int ret;

	ret = settarget_write(&r->t, r->plan.text, r->plan.len, backup, saved, sizeof(saved), err,
			      sizeof(err));
	if (ret) {
		fail(r, EXIT_FAIL, "%s", err);
		if ((ret == -EACCES || ret == -EPERM) && geteuid() != 0)
			log_error("%s: not allowed for this user; boot files usually belong to root: "
				  "run the command as root (sudo)", settarget_dest(&r->t)->shown);
		return EXIT_FAIL;
	}
	next_boot(r);
	/* a numbered backup: the plain one is an older run's, the real original */
	snprintf(kept, sizeof(kept), "%s%s", r->t.af.shown, r->t.env ? ".env" ATOMIC_BACKUP_SUFFIX :
		 backup ? backup : "");
	setreport_written(&r->rep, settarget_dest(&r->t)->shown, saved[0] ? saved : NULL,
			  saved[0] && strcmp(saved, kept) ? kept : NULL,
			  next_step(r, step, sizeof(step)));
	return EXIT_OK;
}

/*
 * --via overlay without --dtb: the firmware applies config.txt to the DTB it
 * loads from the boot partition, not to the booted DT (which holds the
 * overlay applied at the last boot). That DTB, found as --via dts finds it
 * (io/bootcfg.c: config.txt's os_prefix/device_tree, else the files whose
 * board is the booted one), is the base of the verdict when there is one.
 */
static void dtb_base(struct set_run *r)
{
	struct bootcfg_list *l;
	struct cma_dt *dt;
	char *buf = NULL, err[160], shown[PATH_MAX + 64], note[PATH_MAX * 2 + 400];
	size_t len;

	if (!r->o.layer->dtb_base || r->o.g.dtb || !r->src->dt_st.present || !r->src->dt_booted)
		return;
	l = malloc(sizeof(*l));
	dt = calloc(1, sizeof(*dt));
	if (l && dt) {
		bootcfg_find_dtb(&r->root, r->src->dt.compatible, r->src->dt.model, l);
		if (l->n == 1 && !l->list_err &&
		    root_read(&r->root, l->path[0], 64u << 20, &buf, &len) == 0 &&
		    !dt_parse(buf, len, dt, err, sizeof(err))) {
			r->src->dt = *dt;
			r->src->dt_booted = false;
			root_describe(&r->root, l->path[0], shown, sizeof(shown));
			snprintf(note, sizeof(note), "next boot: the firmware applies config.txt to %.*s%s"
				 "%.*s%s, not to the booted DT", PATH_MAX, shown, l->why[0] ? " (" : "",
				 PATH_MAX, l->why, l->why[0] ? ")" : "");
			setreport_note(&r->rep, note);
		}
	}
	free(buf), free(dt), free(l);
}

/*
 * --root: a directory, or with --dry-run a support bundle (`collect`): its files are
 * the board's (boot files, the DTB and overlays extlinux.conf loads), so the
 * next-boot prediction is the board's; a bundle is never written to.
 */
static int open_root(struct set_run *r, const char *root)
{
	char err[PATH_MAX + 256];
	struct stat st;
	int e;

	if (stat(root, &st) == 0 && S_ISREG(st.st_mode)) {
		if (!r->o.dry_run)
			return fail(r, EXIT_FAIL, "--root %s: a support bundle is read only: add "
				    "--dry-run to see the change and the next boot it gives", root);
		if (root_open_any(&r->root, root, err, sizeof(err)) < 0)
			return fail(r, EXIT_FAIL, "--root %s", err);
		return EXIT_OK;
	}
	if ((e = root_open(&r->root, root)) < 0)
		return fail(r, EXIT_FAIL, "--root %s: %s", root, strerror(-e));
	return EXIT_OK;
}

/* read -> check -> plan -> report -> write; the first failure ends it. */
int setrun(struct set_run *r)
{
	struct global_opts g = r->o.g;
	struct cma_dt *tdt = NULL;
	int ret;

	if ((ret = open_root(r, g.root)))
		return ret;
	/* the live DT, for precedence and discovery; the edited file is read apart */
	if (!r->o.layer->dtb_base)
		g.dtb = NULL;
	if (r->o.layer->file == LAYER_FILE_CONFIG && !r->o.file)
		g.config = NULL;
	if (!(r->src = calloc(1, sizeof(*r->src))))
		return fail(r, EXIT_FAIL, "out of memory");
	if (gather(&r->root, &g, r->src) == EXIT_FAIL) {
		/* gather() has said which file on stderr */
		setreport_error(&r->rep, "a file named with --cmdline, --config or --dmesg "
				"cannot be read");
		return EXIT_FAIL;
	}
	dtb_base(r);
	if ((ret = check_size(r)) || (ret = open_target(r, &tdt)))
		goto out;
	/* the board, for config.txt's [pi4]-like filters: the edited DTB's, else the DT read */
	str_copy(r->board, sizeof(r->board), tdt ? tdt->compatible : r->src->dt_st.present ?
		 r->src->dt.compatible : "");
	if ((ret = find_target(r, tdt)) ||
	    (ret = check_memory(r, tdt)) || (ret = check_window(r, tdt)) || (ret = plan_file(r)))
		goto out;
	if (r->o.layer->source == SRC_DEVICETREE && r->o.layer->file == LAYER_FILE_DTB &&
	    !r->o.layer->dtb_base) {
		char err[2048];

		if ((ret = setrun_fdtoverlays(r, err, sizeof(err)))) {
			fail(r, ret, "%s", err);
			goto out;
		}
	}
	describe(r);
	if (settarget_unchanged(&r->t, r->o.layer, r->plan.text, r->plan.len)) {
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
	ret = apply(r);
out:
	free(tdt);
	return ret;
}
