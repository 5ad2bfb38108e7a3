// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of `--via` layers (layer.h), and per layer how an edit is
 * planned (model/dtedit.c, model/boot/, model/kconfedit.c), read back for
 * the next-boot verdict and described.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "model/cmdline.h"
#include "model/dt.h"
#include "model/dtedit.h"
#include "model/kconfedit.h"
#include "model/kconfig.h"
#include "model/layer.h"
#include "model/lines.h"
#include "model/rpiconfig.h"
#include "model/ubootenv.h"

static void copy_notes(struct layer_plan *p, const char (*notes)[200], int n)
{
	for (int i = 0; i < n && p->nnotes < LAYER_MAX_NOTES; i++)
		str_copy(p->notes[p->nnotes++], sizeof(p->notes[0]), notes[i]);
}

static void take_dt(struct layer_plan *p, struct dtedit_result *res)
{
	p->text = res->blob;
	p->len = res->len;
	str_copy(p->node, sizeof(p->node), res->node);
	copy_notes(p, (const char (*)[200])res->notes, res->nnotes);
}

/* ---- dts: the linux,cma node ---- */

static int plan_dts(const struct layer_edit *e, struct layer_plan *p, char *err, size_t errlen)
{
	struct dtedit_opts o = { e->align, e->force };
	struct dtedit_result res;

	if (dtedit_cma(e->text, e->len, e->req, &o, &res, err, errlen))
		return -1;
	take_dt(p, &res);
	return 0;
}

static int read_dt(const char *text, size_t len, struct cma_sources *next)
{
	char err[160];

	if (dt_parse(text, len, &next->dt, err, sizeof(err)))
		return -1;
	next->dt_st.present = true;
	next->dt_booted = false;
	return 0;
}

/* The DT's /chosen/bootargs as the next boot's command line. */
static void take_bootargs(struct cma_sources *next)
{
	next->cmdline = next->dt.bootargs;
	next->cmdline_st.present = true;
}

static int read_dts(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
		    struct cma_sources *next)
{
	if (read_dt(text, len, next))
		return -1;
	/*
	 * A bootloader with no command line of its own (QEMU without -append,
	 * U-Boot without a bootargs variable) hands the DTB's /chosen/bootargs
	 * to the kernel unchanged, so a cma= there is next boot's cma= (the lab
	 * round trip rt-*-shadowed-by-bootargs48M shows it).
	 */
	if (next->dt.has_bootargs && next->dt.bootargs.has_cma && !next->cmdline.has_cma)
		take_bootargs(next);
	return 0;
}

static void describe_dts(const struct layer_change *c, char *buf, size_t len)
{
	if (c->unset)
		snprintf(buf, len, "%s: remove %s", c->target, c->node ? c->node :
			 "the default CMA node (there is none)");
	else
		snprintf(buf, len, "%s: %s: %s", c->target, c->node, c->arg + 4);
}

/* ---- bootargs: cma= in the DTB's /chosen/bootargs ---- */

static int plan_bootargs(const struct layer_edit *e, struct layer_plan *p, char *err,
			 size_t errlen)
{
	struct dtedit_result res;

	if (dtedit_bootargs(e->text, e->len, e->arg, &res, err, errlen))
		return -1;
	take_dt(p, &res);
	return 0;
}

static int read_bootargs(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
			 struct cma_sources *next)
{
	if (read_dt(text, len, next))
		return -1;
	take_bootargs(next);	/* what the edit was for (see read_dts()) */
	return 0;
}

static void describe_bootargs(const struct layer_change *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s: /chosen/bootargs: %s", c->target, c->unset ? "remove cma=" : c->arg);
}

/* ---- cmdline: the bootloader's file (model/boot/) ---- */

static int plan_cmdline(const struct layer_edit *e, struct layer_plan *p, char *err,
			size_t errlen)
{
	struct boot_notes notes;

	p->kind = boot_kind(e->name, e->text, e->len);
	if (p->kind == BOOTCFG_UNKNOWN) {
		snprintf(err, errlen, "not an extlinux.conf, cmdline.txt or GRUB defaults file");
		return -1;
	}
	if (boot_edit(p->kind, e->text, e->len, e->label, e->arg, &p->text, &p->len, &notes, err,
		      errlen))
		return -1;
	for (int i = 0; i < notes.n && p->nnotes < LAYER_MAX_NOTES; i++)
		str_copy(p->notes[p->nnotes++], sizeof(p->notes[0]), notes.note[i]);
	return 0;
}

static int read_cmdline(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
			struct cma_sources *next)
{
	char err[160], *line;

	if (boot_cmdline(kind, text, len, label, &line, err, sizeof(err)))
		return -1;
	cmdline_parse(line, strlen(line), &next->cmdline);
	next->cmdline_st.present = true;
	free(line);
	return 0;
}

static void describe_cmdline(const struct layer_change *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%s%s%s): %s", c->target, boot_name(c->kind),
		 c->label ? ", label " : "", c->label ? c->label : "",
		 c->unset ? "remove cma=" : c->arg);
}

/* ---- kconfig: a kernel .config ---- */

/* `set --via kconfig --file /etc/hostname` once appended CONFIG_ lines to it */
static int accepts_kconfig(const char *text, size_t len, char *err, size_t errlen)
{
	if (kconfig_is_config(text, len))
		return 0;
	snprintf(err, errlen, "not a kernel .config or defconfig (no CONFIG_ option line and no "
		 "\"# Automatically generated file\" header)");
	return -1;
}

static int plan_kconfig(const struct layer_edit *e, struct layer_plan *p, char *err,
			size_t errlen)
{
	if (!kconfig_edit(e->text, e->len, e->req->size / MiB, e->req->remove, &p->text, &p->len))
		return 0;
	snprintf(err, errlen, "out of memory");
	return -1;
}

static int read_kconfig(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
			struct cma_sources *next)
{
	kconfig_parse(text, len, &next->kconfig);
	next->kconfig_st.present = true;
	return 0;
}

static void describe_kconfig(const struct layer_change *c, char *buf, size_t len)
{
	if (c->unset)
		snprintf(buf, len, "%s: remove CONFIG_CMA_SIZE_MBYTES and CONFIG_CMA_SIZE_SEL_* "
			 "(back to the Kconfig defaults)", c->target);
	else
		snprintf(buf, len, "%s: CONFIG_CMA_SIZE_MBYTES=%" PRIu64, c->target, c->size / MiB);
}

/* ---- ubootenv: U-Boot's environment (model/ubootenv.c) ---- */

static int plan_ubootenv(const struct layer_edit *e, struct layer_plan *p, char *err,
			 size_t errlen)
{
	struct ubootenv_where w;

	if (ubootenv_edit(e->text, e->len, e->arg, &p->text, &p->len, &w, err, errlen))
		return -1;
	str_copy(p->node, sizeof(p->node), w.var);
	if (w.ref[0] && p->nnotes < LAYER_MAX_NOTES)
		snprintf(p->notes[p->nnotes++], sizeof(p->notes[0]), "%s passes cma=${cma} to the "
			 "kernel (as on NXP and Boundary Devices boards): the variable cma is edited",
			 w.ref);
	return 0;
}

static int read_ubootenv(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
			 struct cma_sources *next)
{
	char *line;

	if (ubootenv_cmdline(text, len, &line))
		return -1;
	cmdline_parse(line, strlen(line), &next->cmdline);
	next->cmdline_st.present = true;
	free(line);
	return 0;
}

static void describe_ubootenv(const struct layer_change *c, char *buf, size_t len)
{
	const char *var = c->node && c->node[0] ? c->node : "bootargs";

	if (!strcmp(var, "cma"))
		snprintf(buf, len, "%s (U-Boot environment): cma=%s", c->target, c->arg + 4);
	else
		snprintf(buf, len, "%s (U-Boot environment): bootargs: %s", c->target,
			 c->unset ? "remove cma=" : c->arg);
}

/* ---- overlay: Raspberry Pi config.txt (model/rpiconfig.c) ---- */

static int accepts_overlay(const char *text, size_t len, char *err, size_t errlen)
{
	return rpi_config_accepts(text, len, err, errlen);
}

static int plan_overlay(const struct layer_edit *e, struct layer_plan *p, char *err,
			size_t errlen)
{
	struct rpi_notes notes;
	struct rpi_cma rc;

	if (rpi_config_edit(e->text, e->len, e->board, e->req->size, e->req->remove, &p->text,
			    &p->len, &notes, err, errlen))
		return -1;
	for (int i = 0; i < notes.n && p->nnotes < LAYER_MAX_NOTES; i++)
		str_copy(p->notes[p->nnotes++], sizeof(p->notes[0]), notes.note[i]);
	rpi_config_cma(p->text ? p->text : e->text, p->text ? p->len : e->len, e->board, &rc);
	if (rc.found && !rc.is_default)
		snprintf(p->node, sizeof(p->node), "%s", rc.param);
	/* a vc4 overlay left without a parameter: its .dtbo's own default, not in any file here */
	if (!rc.found && rc.ovl_found)
		snprintf(p->unknown, sizeof(p->unknown), "the size the %s overlay sets without a CMA "
			 "parameter (its .dtbo on the board decides; config.txt line %zu loads it)",
			 rpi_overlay_name(rc.ovl), rc.ovl_line);
	return 0;
}

/*
 * The firmware applies the overlay to the DTB before the kernel starts: the
 * parameter's size lands in the linux,cma node (cma-overlay.dts targets
 * <&cma>), and cma-default takes the node's size out. A cma= on the
 * command line still beats the node from 5.6 (DOMAIN.md 1.1), as for any
 * DT default; the resolver decides that.
 */
static int read_overlay(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
			struct cma_sources *next)
{
	struct rpi_cma rc;
	struct cma_dt_pool *def = NULL;

	rpi_config_cma(text, len, next->dt_st.present && next->dt.compatible[0] ?
		       next->dt.compatible : NULL, &rc);
	if (!rc.found || !next->dt_st.present)
		return 0;
	for (int i = 0; i < next->dt.npools && !def; i++)
		if (next->dt.pools[i].is_default)
			def = &next->dt.pools[i];
	if (!def)
		return 0;	/* no linux,cma node: the overlay has nothing to write into */
	next->dt_booted = false;
	if (rc.is_default) {
		def->has_size = false;
		def->size = 0;
		def->is_default = false;
		return 0;
	}
	def->has_size = true;
	def->size = rc.size;
	return 0;
}

static void describe_overlay(const struct layer_change *c, char *buf, size_t len)
{
	if (c->unset)
		snprintf(buf, len, "%s (Raspberry Pi config.txt): remove the CMA overlay parameter",
			 c->target);
	else
		snprintf(buf, len, "%s (Raspberry Pi config.txt): %s", c->target,
			 c->node && c->node[0] ? c->node : "unchanged");
}

/* ---- the table ---- */

static const struct layer layers[] = {
	{ .via = VIA_DTS, .name = "dts", .source = SRC_DEVICETREE, .owner = true,
	  .file = LAYER_FILE_DTB, .ranges = true, .base_needs_limit = true, .statics = true,
	  .node_edited = true, .after = "now reboot for it to count (the bootloader loads the DTB "
	  "at boot)",
	  .plan = plan_dts, .read = read_dts, .describe = describe_dts },
	{ .via = VIA_BOOTARGS, .name = "bootargs", .source = SRC_CMDLINE,
	  .file = LAYER_FILE_DTB, .ranges = true, .node = "/chosen",
	  .after = "now reboot for it to count (the bootloader loads the DTB at boot)",
	  .plan = plan_bootargs, .read = read_bootargs, .describe = describe_bootargs },
	{ .via = VIA_CMDLINE, .name = "cmdline", .source = SRC_CMDLINE, .owner = true,
	  .file = LAYER_FILE_BOOTCFG, .ranges = true, .labels = true,
	  .plan = plan_cmdline, .read = read_cmdline, .describe = describe_cmdline },
	{ .via = VIA_KCONFIG, .name = "kconfig", .source = SRC_KCONFIG, .owner = true,
	  .file = LAYER_FILE_CONFIG, .whole_mib = true,
	  .after = "now rebuild the kernel (make olddefconfig, then make) for it to count",
	  .accepts = accepts_kconfig, .plan = plan_kconfig, .read = read_kconfig,
	  .describe = describe_kconfig },
	{ .via = VIA_UBOOTENV, .name = "ubootenv", .source = SRC_CMDLINE,
	  .file = LAYER_FILE_UBOOTENV, .ranges = true, .no_output = true,
	  .after = "now reboot for it to count (U-Boot reads its environment at every boot; "
	  "a boot script or extlinux.conf APPEND that sets bootargs replaces it)",
	  .plan = plan_ubootenv, .read = read_ubootenv, .describe = describe_ubootenv },
	{ .via = VIA_OVERLAY, .name = "overlay", .source = SRC_DEVICETREE,
	  .file = LAYER_FILE_RPICONFIG, .dtb_base = true,
	  .after = "now reboot for it to count (the firmware applies config.txt at boot)",
	  .accepts = accepts_overlay, .plan = plan_overlay, .read = read_overlay,
	  .describe = describe_overlay },
};

const struct layer *layer_get(enum cma_via via)
{
	for (size_t i = 0; i < ARRAY_SIZE(layers); i++)
		if (layers[i].via == via)
			return &layers[i];
	return NULL;
}

const struct layer *layer_parse(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(layers); i++)
		if (!strcmp(name, layers[i].name))
			return &layers[i];
	return NULL;
}

const struct layer *layer_owner(enum cma_source src)
{
	for (size_t i = 0; i < ARRAY_SIZE(layers); i++)
		if (layers[i].owner && layers[i].source == src)
			return &layers[i];
	return NULL;
}

const char *layer_names(void)
{
	static char buf[160];

	if (!buf[0])
		for (size_t i = 0, used = 0; i < ARRAY_SIZE(layers); i++) {
			snprintf(buf + used, sizeof(buf) - used, "%s%s",
				 !i ? "" : i + 1 < ARRAY_SIZE(layers) ? ", " : " or ", layers[i].name);
			used = strlen(buf);
		}
	return buf;
}

const char *layer_after(const struct layer *l, enum bootcfg_kind kind)
{
	if (l->after)
		return l->after;
	return l->file == LAYER_FILE_BOOTCFG ? boot_after(kind) : NULL;
}

void layer_plan_free(struct layer_plan *p)
{
	free(p->text);
	p->text = NULL;
}

const char *cma_via_name(enum cma_via v)
{
	const struct layer *l = layer_get(v);

	return l ? l->name : "";
}

enum cma_via cma_via_parse(const char *name)
{
	const struct layer *l = layer_parse(name);

	return l ? l->via : VIA_NONE;
}
