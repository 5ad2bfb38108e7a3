// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The report of `cmactl set`/`unset`: text as the run goes, or one JSON
 * object (keys in cmactl(8), JSON OUTPUT; add keys, never rename them).
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdlib.h>
#include "common.h"
#include "model/size.h"
#include "report/report.h"
#include "report/setreport.h"
#include "report/wrap.h"


static json_object *str_or_null(const char *s)
{
	return s ? json_utf8_string(s) : NULL;
}

int setreport_begin(struct set_report *r, FILE *f, bool json, bool unset, const struct layer *l,
		    bool dry_run)
{
	*r = (struct set_report){ .f = f, .json = json };
	if (!json)
		return 0;
	r->obj = json_object_new_object();
	r->notes = json_object_new_array();
	if (!r->obj || !r->notes) {
		json_object_put(r->obj);
		json_object_put(r->notes);
		r->obj = r->notes = NULL;
		return -1;
	}
	json_put(r->obj, "command", json_object_new_string(unset ? "unset" : "set"));
	json_put(r->obj, "via", json_object_new_string(l ? l->name : ""));
	json_put(r->obj, "target", NULL);
	json_put(r->obj, "node", NULL);
	json_put(r->obj, "label", NULL);
	json_put(r->obj, "requested_bytes", NULL);
	json_put(r->obj, "written_bytes", NULL);
	json_put(r->obj, "rounded", json_object_new_boolean(false));
	json_put(r->obj, "dry_run", json_object_new_boolean(dry_run));
	json_put(r->obj, "changed", json_object_new_boolean(false));
	json_put(r->obj, "written", NULL);
	json_put(r->obj, "backup", NULL);
	json_put(r->obj, "notes", json_object_get(r->notes));
	json_put(r->obj, "next_boot", NULL);
	return 0;
}

void setreport_target(struct set_report *r, const char *shown)
{
	if (r->json)
		json_put(r->obj, "target", json_utf8_string(shown));
}

void setreport_note(struct set_report *r, const char *text)
{
	if (r->json)
		json_object_array_add(r->notes, json_utf8_string(text));
	else
		text_printf(r->f, "note: %s\n", text);
}

void setreport_target_facts(struct set_report *r, const struct target_facts *t)
{
	json_object *o;

	if (!r->json) {
		text_printf(r->f, "target: %s kernel %s (%s)\n", t->foreign ? "another system's" :
			"the root's", t->kver.known ? t->kver.release : "unknown", t->kver_from);
		text_printf(r->f, "target: kernel config %s (%s)\n", t->kconfig_known ? "read" :
			"unknown", t->kconfig_from);
		if (t->has_dt)
			text_printf(r->f, "target: device tree %s (the DTB the bootloader file loads)\n",
				t->dt_from);
		for (int i = 0; i < t->nnotes; i++)
			text_printf(r->f, "note: %s\n", t->notes[i]);
		return;
	}
	o = json_object_new_object();
	json_put(o, "foreign", json_object_new_boolean(t->foreign));
	json_put(o, "kernel_version", t->kver.known ? json_utf8_string(t->kver.release) : NULL);
	json_put(o, "kernel_version_from", json_utf8_string(t->kver_from));
	json_put(o, "kernel_config", json_object_new_boolean(t->kconfig_known));
	json_put(o, "kernel_config_from", json_utf8_string(t->kconfig_from));
	json_put(o, "device_tree", t->has_dt ? json_utf8_string(t->dt_from) : NULL);
	json_put(r->obj, "target_system", o);
	for (int i = 0; i < t->nnotes; i++)
		json_object_array_add(r->notes, json_utf8_string(t->notes[i]));
}

void setreport_size(struct set_report *r, const char *text, uint64_t requested, uint64_t size,
		    uint64_t align, uint64_t page_size)
{
	char a[32], b[32], note[256];

	if (r->json) {
		json_put(r->obj, "requested_bytes", json_object_new_uint64(requested));
		json_put(r->obj, "written_bytes", json_object_new_uint64(size));
		json_put(r->obj, "rounded", json_object_new_boolean(size != requested));
	}
	if (size == requested)
		return;
	size_format(align, a, sizeof(a));
	size_format(size, b, sizeof(b));
	snprintf(note, sizeof(note), "%s rounded up to %s: CMA areas are whole pageblocks (%s with "
		 "%" PRIu64 "K pages; linux-6.1 CMA_MIN_ALIGNMENT_BYTES)", text, b, a, page_size / 1024);
	setreport_note(r, note);
}

static void describe_json(struct set_report *r, const struct layer *l,
			  const struct layer_change *c)
{
	const char *node = l->node_edited ? c->node : l->node;

	json_put(r->obj, "target", json_utf8_string(c->target));
	json_put(r->obj, "node", str_or_null(node));
	json_put(r->obj, "label", str_or_null(l->labels ? c->label : NULL));
	json_put(r->obj, "changed", json_object_new_boolean(true));
}

void setreport_describe(struct set_report *r, const struct layer *l, const struct layer_change *c)
{
	char line[PATH_MAX + 400];

	if (r->json)
		return describe_json(r, l, c);
	l->describe(c, line, sizeof(line));
	text_printf(r->f, "%s\n", line);
}

void setreport_unchanged(struct set_report *r, const char *shown)
{
	if (r->json)
		json_put(r->obj, "changed", json_object_new_boolean(false));
	else
		text_printf(r->f, "%s: already so; nothing to write\n", shown);
}

void setreport_diff(struct set_report *r, const char *diff, size_t len)
{
	if (r->json)
		json_put(r->obj, "diff", json_utf8_string(diff));
	else
		fwrite(diff, 1, len, r->f);
}

/*
 * Folded to 80 columns, except the command that undoes a shadowing layer: on a line of its
 * own, whole, so that it can be pasted.
 */
static void nextboot_text(FILE *f, const struct nextboot *nb)
{
	char sz[32];

	if (nb->state == NB_UNKNOWN) {
		if (nb->missing[0])
			text_printf(f, "next boot: cannot tell: unknown: %s\n", nb->missing);
		else
			text_printf(f, "next boot: cannot tell (out of memory or unreadable result)\n");
		return;
	}
	size_format(nb->size_bytes, sz, sizeof(sz));
	if (nb->rule[0])
		text_printf(f, "next boot: %s\n", nb->rule);
	switch (nb->state) {
	case NB_NO_CMA:
		text_printf(f, "next boot: this kernel has no CMA (%s): no layer has any effect\n",
			    nb->evidence);
		break;
	case NB_NO_AREA:
		text_printf(f, "next boot: no layer will make a default CMA area\n");
		break;
	case NB_EFFECTIVE:
		text_printf(f, "next boot: effective: the default CMA area will be %s, from %s (%s)\n",
			    sz, cma_source_name(nb->winner), nb->detail);
		break;
	case NB_SHADOWED:
		text_printf(f, "next boot: SHADOWED: %s (%s) wins over this change; remove it with:\n",
			    cma_source_name(nb->winner), nb->detail);
		fprintf(f, "    %s\n", nb->unset_hint);
		break;
	default:
		text_printf(f, "next boot: the default CMA area will come from %s (%s%s%s)\n",
			    cma_source_name(nb->winner), nb->detail, nb->size_known ? ", " : "",
			    nb->size_known ? sz : "");
	}
	if (nb->missing[0])
		text_printf(f, "next boot: not promised; unknown: %s\n", nb->missing);
}

static json_object *nextboot_json(const struct nextboot *nb)
{
	json_object *o = json_object_new_object(), *sh = NULL;
	bool layer = nb->state >= NB_EFFECTIVE;

	json_put(o, "state", json_object_new_string(nextboot_state_name(nb->state)));
	json_put(o, "rule", nb->rule[0] ? json_utf8_string(nb->rule) : NULL);
	json_put(o, "winner", layer ? json_object_new_string(cma_source_name(nb->winner)) : NULL);
	json_put(o, "detail", layer ? json_utf8_string(nb->detail) : NULL);
	json_put(o, "effective", json_object_new_boolean(nb->effective));
	if (nb->state == NB_SHADOWED) {
		sh = json_object_new_object();
		json_put(sh, "layer", json_object_new_string(cma_source_name(nb->winner)));
		json_put(sh, "detail", json_utf8_string(nb->detail));
		json_put(sh, "unset_hint", json_utf8_string(nb->unset_hint));
	}
	json_put(o, "shadowed_by", sh);
	json_put(o, "size_bytes", json_u64_or_null(layer && nb->size_known, nb->size_bytes));
	json_put(o, "evidence", nb->state == NB_NO_CMA ? json_utf8_string(nb->evidence) : NULL);
	json_put(o, "missing", nb->missing[0] ? json_utf8_string(nb->missing) : NULL);
	return o;
}

void setreport_nextboot(struct set_report *r, const struct nextboot *nb)
{
	if (r->json)
		json_put(r->obj, "next_boot", nextboot_json(nb));
	else
		nextboot_text(r->f, nb);
}

void setreport_dry_run(struct set_report *r)
{
	if (!r->json)
		fprintf(r->f, "dry run: nothing written\n");
}

void setreport_written(struct set_report *r, const char *path, const char *backup,
		       const char *kept, const char *hint)
{
	if (!r->json) {
		if (backup && kept)
			text_printf(r->f, "written: %s (the file as it was is in %s; the older "
				    "backup %s is kept)\n", path, backup, kept);
		else if (backup)
			text_printf(r->f, "written: %s (the original is in %s)\n", path, backup);
		else
			text_printf(r->f, "written: %s\n", path);
		if (hint)
			text_printf(r->f, "%s\n", hint);
		return;
	}
	json_put(r->obj, "written", json_utf8_string(path));
	if (backup)
		json_put(r->obj, "backup", json_utf8_string(backup));
	if (kept)
		json_put(r->obj, "backup_kept", json_utf8_string(kept));
	if (hint)
		json_object_array_add(r->notes, json_utf8_string(hint));
}

void setreport_error(struct set_report *r, const char *msg)
{
	if (r->json)
		json_put(r->obj, "error", json_utf8_string(msg));
}

void setreport_candidate(struct set_report *r, const char *path)
{
	if (!r->json)
		return;
	if (!r->candidates) {
		r->candidates = json_object_new_array();
		json_put(r->obj, "candidates", r->candidates);
	}
	json_object_array_add(r->candidates, json_utf8_string(path));
}

int setreport_end(struct set_report *r)
{
	int ret = 0;

	if (r->json && r->obj)
		ret = fprintf(r->f, "%s\n", json_object_to_json_string_ext(r->obj,
			      JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)) < 0 ? -1 : 0;
	json_object_put(r->obj);
	json_object_put(r->notes);
	*r = (struct set_report){ .f = r->f };
	return ret;
}
