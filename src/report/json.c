// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON output through json-c, which escapes every DT and log string. The keys
 * are an API: add keys, never rename or remove them (cmactl(8), JSON OUTPUT).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/areas.h"
#include "model/check.h"
#include "report/report.h"
#include "report/utf8.h"

const char *errno_name(int ret, char *buf, size_t len)
{
	const char *n = strerrorname_np(ret < 0 ? -ret : ret);

	if (n)
		return n;
	snprintf(buf, len, "E%d", ret < 0 ? -ret : ret);
	return buf;
}

json_object *json_utf8_string(const char *s)
{
	size_t n = strlen(s), out = 0;
	char *buf = malloc(n * 3 + 1);
	json_object *o;

	if (!buf)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)s + i, n - i);

		if (k) {
			memcpy(buf + out, s + i, k);
			out += k, i += k;
		} else {
			static const char fffd[3] = { '\xef', '\xbf', '\xbd' };	/* U+FFFD */

			memcpy(buf + out, fffd, sizeof(fffd));
			out += sizeof(fffd), i++;
		}
	}
	o = json_object_new_string_len(buf, (int)out);
	free(buf);
	return o;
}

void json_put(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

json_object *json_u64_or_null(bool known, uint64_t v)
{
	return known ? json_object_new_uint64(v) : NULL;
}

static json_object *str_or_null(const char *s)
{
	return s && *s ? json_utf8_string(s) : NULL;
}

static json_object *source_state(const struct src_state *ss)
{
	json_object *o = json_object_new_object();

	json_put(o, "path", str_or_null(ss->origin));
	json_put(o, "state", json_object_new_string(ss->present ? "read" : ss->err == ENOENT || !ss->err ?
						"absent" : "error"));
	if (ss->err && ss->err != ENOENT)
		json_put(o, "error", json_object_new_string(strerror(ss->err)));
	return o;
}

static json_object *sources_obj(const struct cma_sources *s)
{
	json_object *o = json_object_new_object();

	json_put(o, "meminfo", source_state(&s->meminfo_st));
	json_put(o, "kconfig", source_state(&s->kconfig_st));
	json_put(o, "cmdline", source_state(&s->cmdline_st));
	json_put(o, "devicetree", source_state(&s->dt_st));
	json_put(o, "kernel_log", source_state(&s->klog_st));
	json_put(o, "sysfs", source_state(&s->sysfs_st));
	json_put(o, "debugfs", source_state(&s->debugfs_st));
	return o;
}

static json_object *layers_arr(const struct cma_report *r)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < LAYER_COUNT; i++) {
		const struct layer_verdict *lv = &r->layers[i];
		json_object *o = json_object_new_object();

		json_put(o, "layer", json_object_new_string(cma_layer_name(lv->layer)));
		json_put(o, "requested_bytes", json_u64_or_null(lv->has_request, lv->requested_bytes));
		json_put(o, "state", json_object_new_string(layer_state_name(lv->state)));
		json_put(o, "detail", str_or_null(lv->detail));
		json_put(o, "reason", str_or_null(lv->reason));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *area_stats(const struct cma_area *st, uint64_t page, json_object *o)
{
	json_object *sys = json_object_new_object(), *dbg = json_object_new_object();
	uint64_t used;

	for (int j = 0; j < st->nattrs; j++)
		json_put(sys, st->attrs[j].name, json_object_new_uint64(st->attrs[j].value));
#define D(n) if (st->has_##n) json_put(dbg, #n, json_object_new_uint64(st->n))
	D(count); D(used); D(maxchunk); D(order_per_bit); D(base_pfn);
#undef D
	json_put(o, "sysfs", st->in_sysfs ? sys : (json_object_put(sys), NULL));
	json_put(o, "debugfs", st->in_debugfs ? dbg : (json_object_put(dbg), NULL));
	if (area_used_pages(st, &used))
		json_put(o, "used_bytes", json_object_new_uint64(used * page));
	if (st->has_maxchunk)
		json_put(o, "maxchunk_bytes", json_object_new_uint64(st->maxchunk * page));
	return o;
}

static json_object *areas_arr(const struct cma_sources *s, const struct cma_report *r)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < r->nareas; i++) {
		const struct report_area *ra = &r->areas[i];
		json_object *o = json_object_new_object();

		json_put(o, "name", str_or_null(ra->name));	/* null: a log line names none */
		json_put(o, "size_bytes", json_u64_or_null(ra->has_size, ra->size_bytes));
		json_put(o, "size_from", str_or_null(ra->size_from));
		json_put(o, "size_strength", str_or_null(fact_strength_name(ra->size_strength)));
		json_put(o, "default", json_object_new_boolean(ra->is_default));
		json_put(o, "origin", str_or_null(ra->origin));
		json_put(o, "free_bytes", json_u64_or_null(ra->has_free, ra->free_bytes));
		json_put(o, "largest_free_run_bytes", json_u64_or_null(ra->has_run,
								      ra->largest_run_bytes));
		json_put(o, "free_from", str_or_null(ra->free_from));
		json_put(o, "free_strength", str_or_null(fact_strength_name(ra->free_strength)));
		if (ra->stats >= 0)
			area_stats(&s->areas.area[ra->stats], s->page_size, o);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *failures_arr(const struct cma_sources *s)
{
	json_object *a = json_object_new_array();
	char eb[16];

	for (int i = 0; i < s->klog.nfails; i++) {
		const struct klog_fail *fl = &s->klog.fails[i];
		json_object *o = json_object_new_object();

		json_put(o, "area", str_or_null(fl->area));
		json_put(o, "pages", json_object_new_uint64(fl->pages));
		json_put(o, "bytes", json_object_new_uint64(fl->pages * s->page_size));
		json_put(o, "error", json_object_new_string(errno_name(fl->ret, eb, sizeof(eb))));
		json_put(o, "ret", json_object_new_int(fl->ret));
		json_put(o, "count", json_object_new_uint64(fl->count));
		json_put(o, "pfns_busy", json_object_new_uint64(fl->busy));
		json_object_array_add(a, o);
	}
	return a;
}

/* "dma_heap": heap -> area -> layer, the nodes, the udev rule (cmactl(8) JSON OUTPUT). */
static json_object *dma_heap_obj(const struct cma_report *r)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	char mode[8];

	json_put(o, "listed", json_object_new_boolean(r->heaps_listed));
	if (r->heaps_error[0])	/* as in "sources": only when it exists and failed */
		json_put(o, "error", json_utf8_string(r->heaps_error));
	json_put(o, "rule", str_or_null(r->heaps_rule));
	json_put(o, "udev_rule", str_or_null(r->heaps_udev));
	for (int i = 0; i < r->nheaps; i++) {
		const struct report_heap *h = &r->heaps[i];
		json_object *e = json_object_new_object(), *nd = NULL;

		json_put(e, "name", json_utf8_string(h->name));
		json_put(e, "area", h->area[0] ? json_utf8_string(h->area) : NULL);
		json_put(e, "role", json_object_new_string(h->role));
		json_put(e, "layer", str_or_null(h->layer));
		json_put(e, "twin", h->twin[0] ? json_utf8_string(h->twin) : NULL);
		json_put(e, "present", r->heaps_error[0] ? NULL :
			 json_object_new_boolean(h->present));
		json_put(e, "expected", json_object_new_boolean(h->expected));
		json_put(e, "stress_default", json_object_new_boolean(h->picked));
		if (h->node_known) {
			nd = json_object_new_object();
			snprintf(mode, sizeof(mode), "%04o", h->mode);
			json_put(nd, "type", json_object_new_string(h->is_chr ? "chr" : "file"));
			json_put(nd, "uid", json_object_new_uint64(h->uid));
			json_put(nd, "gid", json_object_new_uint64(h->gid));
			json_put(nd, "mode", json_object_new_string(mode));
			json_put(nd, "root_only", json_object_new_boolean(h->root_only));
		}
		json_put(e, "node", nd);
		json_object_array_add(a, e);
	}
	json_put(o, "heaps", a);
	return o;
}

/* config.txt's CMA overlay parameter (text.c rpi_config_line()): a request, not a result. */
static json_object *rpi_config_obj(const struct cma_sources *s)
{
	const struct rpi_cma *c = &s->rpicfg;
	json_object *o = json_object_new_object();

	json_put(o, "file", json_utf8_string(s->rpicfg_st.origin));
	json_put(o, "line", json_object_new_uint64(c->line));
	json_put(o, "text", json_utf8_string(c->text));
	json_put(o, "param", json_utf8_string(c->param));
	json_put(o, "overlay", json_object_new_string(rpi_overlay_name(c->overlay)));
	json_put(o, "requested_bytes", json_u64_or_null(!c->is_default, c->size));
	json_put(o, "applies", json_object_new_string(c->applies == RPI_MAYBE ? "maybe" : "yes"));
	json_put(o, "section", str_or_null(c->applies == RPI_MAYBE ? c->section : NULL));
	return o;
}

static json_object *effective_obj(const struct cma_report *r)
{
	json_object *o = json_object_new_object();

	json_put(o, "size_bytes", json_u64_or_null(r->effective.known, r->effective.size_bytes));
	json_put(o, "source", json_object_new_string(cma_source_name(r->effective.source)));
	json_put(o, "area", str_or_null(r->effective.area));
	json_put(o, "evidence", str_or_null(r->effective.evidence));
	json_put(o, "strength", str_or_null(fact_strength_name(r->effective.strength)));
	json_put(o, "failed", json_object_new_boolean(r->effective.failed));
	json_put(o, "from_bootargs", json_object_new_boolean(r->effective.from_bootargs));
	return o;
}

static json_object *checks_arr(const struct check_result *chk)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < chk->n; i++) {
		json_object *o = json_object_new_object();

		json_put(o, "id", json_object_new_string(chk->f[i].id));
		json_put(o, "text", json_utf8_string(chk->f[i].text));
		json_object_array_add(a, o);
	}
	return a;
}

int report_json(FILE *f, const struct cma_sources *s, const struct cma_report *r)
{
	return report_json_checked(f, s, r, NULL);
}

int report_json_checked(FILE *f, const struct cma_sources *s, const struct cma_report *r,
			const struct check_result *chk)
{
	json_object *root = json_object_new_object(), *k = json_object_new_object();
	json_object *mi = json_object_new_object(), *notes = json_object_new_array();
	int ret;

	json_put(root, "schema_version", json_object_new_int(1));
	json_put(k, "release", str_or_null(s->kver.known ? s->kver.release : NULL));
	json_put(k, "release_from", str_or_null(s->kver_origin));
	json_put(k, "rule", str_or_null(r->rule));
	json_put(k, "implied", str_or_null(r->kver_implied));
	json_put(k, "strength", str_or_null(fact_strength_name(r->kver_strength)));
	json_put(k, "page_size", json_object_new_uint64(s->page_size));
	json_put(root, "kernel", k);
	json_put(root, "cma_enabled", r->cma_unknown ? NULL : json_object_new_boolean(r->cma_enabled));
	json_put(root, "effective", effective_obj(r));
	json_put(mi, "total_bytes", json_u64_or_null(s->meminfo.has_cma, s->meminfo.total_bytes));
	json_put(mi, "free_bytes", json_u64_or_null(s->meminfo.has_cma, s->meminfo.free_bytes));
	json_put(root, "meminfo", mi);
	json_put(root, "layers", layers_arr(r));
	if (s->rpicfg_st.present && s->rpicfg.found)
		json_put(root, "rpi_config", rpi_config_obj(s));
	json_put(root, "areas", areas_arr(s, r));
	json_put(root, "dma_heap", dma_heap_obj(r));
	json_put(root, "failures", failures_arr(s));
	json_put(root, "failures_total", json_object_new_uint64(s->klog.fails_total));
	for (int i = 0; i < r->nnotes; i++)
		json_object_array_add(notes, json_utf8_string(r->notes[i]));
	json_put(root, "notes", notes);
	json_put(root, "advice", str_or_null(r->advice));
	json_put(root, "sources", sources_obj(s));
	if (chk)
		json_put(root, "checks", checks_arr(chk));
	ret = fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
		      JSON_C_TO_STRING_NOSLASHESCAPE)) < 0 ? -1 : 0;
	json_object_put(root);
	return ret;
}
