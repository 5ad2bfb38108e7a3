// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The recommend report. It never writes anything but standard output: the
 * `cmactl set` line is for the user to run. JSON keys are an API.
 */
#include <json-c/json.h>
#include <string.h>
#include "model/size.h"
#include "report/recommendreport.h"
#include "report/report.h"

static void command(const struct rec_report *r, char *buf, size_t len)
{
	char sz[32];

	rec_size_arg(r->res->size, sz, sizeof(sz));
	snprintf(buf, len, "cmactl set %s --via %s", sz, r->plan->via);
}

/* The other areas: their size, what sets it, or why none fits. */
static void others_text(FILE *f, const struct rec_report *r)
{
	char a[32], n[32];

	for (int i = 0; i < r->nothers; i++) {
		const struct rec_other *o = &r->others[i];

		size_format(o->res.size, a, sizeof(a));
		size_format(o->in.current, n, sizeof(n));
		fprintf(f, "other area %s: %s%s%s%s\n", o->area, a, o->in.current_known ? " (now " : "",
			o->in.current_known ? n : "", o->in.current_known ? ")" : "");
		for (int j = 0; j < o->res.nlines; j++)
			fprintf(f, "  %s\n", o->res.lines[j]);
		if (*o->refused)
			fprintf(f, "  no size: %s\n", o->refused);
		else if (!o->res.change)
			fprintf(f, "  the area already has this size: nothing to change\n");
		else
			fprintf(f, "  set by %s\n", o->how);
	}
}

static void main_text(FILE *f, const struct rec_report *r);

void rec_report_text(FILE *f, const struct rec_report *r)
{
	main_text(f, r);
	others_text(f, r);
}

static void main_text(FILE *f, const struct rec_report *r)
{
	char cmd[128], a[32];

	fprintf(f, "area:   %s\n", *r->plan->area ? r->plan->area : "(unknown)");
	fprintf(f, "layer:  %s (%s)\n", r->plan->via, r->plan->via_why);
	if (r->from)
		fprintf(f, "from:   %s\n", r->from);
	for (int i = 0; i < r->res->nlines; i++)
		fprintf(f, "  %s\n", r->res->lines[i]);
	if (r->plan->has_window) {
		size_format(r->plan->window, a, sizeof(a));
		fprintf(f, "  DMA window (%s): %s\n", r->plan->window_what, a);
	}
	if (r->note)
		fprintf(f, "note:   %s\n", r->note);
	if (!r->res->nlines)
		return;		/* nothing was sized: the note says why */
	if (r->refused) {
		fprintf(f, "no command: %s\n", r->refused);
		return;
	}
	if (!r->res->change) {
		fprintf(f, "the area already has this size: nothing to change\n");
		return;
	}
	command(r, cmd, sizeof(cmd));
	fprintf(f, "run:\n  %s\n", cmd);
}

static json_object *others_json(const struct rec_report *r)
{
	json_object *arr = json_object_new_array();

	for (int i = 0; i < r->nothers; i++) {
		const struct rec_other *x = &r->others[i];
		json_object *o = json_object_new_object(), *lines = json_object_new_array();

		json_put(o, "area", json_utf8_string(x->area));
		json_put(o, "set_by", json_utf8_string(x->how));
		json_put(o, "current_bytes", json_u64_or_null(x->in.current_known, x->in.current));
		json_put(o, "peak_used_bytes", json_u64_or_null(x->in.peak_known, x->in.peak_used));
		json_put(o, "failures", json_object_new_uint64(x->in.fails));
		json_put(o, "need_bytes", json_object_new_uint64(x->res.need));
		json_put(o, "size_bytes", json_object_new_uint64(x->res.size));
		json_put(o, "change", json_object_new_boolean(x->res.change));
		json_put(o, "refused", *x->refused ? json_utf8_string(x->refused) : NULL);
		for (int j = 0; j < x->res.nlines; j++)
			json_object_array_add(lines, json_object_new_string(x->res.lines[j]));
		json_put(o, "derivation", lines);
		json_object_array_add(arr, o);
	}
	return arr;
}

int rec_report_json(FILE *f, const struct rec_report *r)
{
	json_object *o = json_object_new_object(), *lines = json_object_new_array();
	char cmd[128];
	int ret;

	json_put(o, "area", *r->plan->area ? json_utf8_string(r->plan->area) : NULL);
	json_put(o, "via", json_object_new_string(r->plan->via));
	json_put(o, "via_reason", json_object_new_string(r->plan->via_why));
	json_put(o, "from", r->from ? json_utf8_string(r->from) : NULL);
	json_put(o, "current_bytes", json_u64_or_null(r->plan->current_known, r->plan->current));
	json_put(o, "peak_used_bytes", json_u64_or_null(r->in->seen, r->in->peak_used));
	json_put(o, "failures", json_object_new_uint64(r->in->fails));
	json_put(o, "largest_failed_bytes", json_u64_or_null(r->in->fails != 0,
							     r->in->largest_fail));
	json_put(o, "need_bytes", json_object_new_uint64(r->res->need));
	json_put(o, "headroom_bytes", json_object_new_uint64(r->res->headroom));
	json_put(o, "size_bytes", json_object_new_uint64(r->res->size));
	json_put(o, "window_bytes", json_u64_or_null(r->plan->has_window, r->plan->window));
	json_put(o, "change", json_object_new_boolean(r->res->change));
	command(r, cmd, sizeof(cmd));
	json_put(o, "command", !r->refused && r->res->change ? json_object_new_string(cmd) : NULL);
	json_put(o, "refused", r->refused ? json_utf8_string(r->refused) : NULL);
	json_put(o, "note", r->note ? json_utf8_string(r->note) : NULL);
	for (int i = 0; i < r->res->nlines; i++)
		json_object_array_add(lines, json_object_new_string(r->res->lines[i]));
	json_put(o, "derivation", lines);
	json_put(o, "other_areas", others_json(r));
	ret = fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return ret < 0 ? -1 : 0;
}
