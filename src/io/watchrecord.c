// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a watch record: one JSON object per line (report/watchreport.c
 * writes them). The file is untrusted: lines are capped, every field is
 * type-checked, names are cut to fit, unknown keys and types are ignored.
 * Memory stays bounded: one line at a time.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/watchrecord.h"
#include "model/lines.h"

#define RECORD_LINE_MAX (1u << 20)	/* a sample of 8 areas is about 2 KiB */

static bool get_u64(json_object *o, const char *key, bool *has, uint64_t *v)
{
	json_object *x;

	*has = false;
	if (!json_object_object_get_ex(o, key, &x) || json_object_is_type(x, json_type_null))
		return true;
	if (!json_object_is_type(x, json_type_int))
		return false;
	errno = 0;
	if (json_object_get_int64(x) < 0)
		return false;
	*v = json_object_get_uint64(x);
	*has = true;
	return true;
}

static bool sample_area(json_object *ao, struct watch_area_sample *as)
{
	json_object *name, *dir[2];
	static const char *const dirs[2] = { [WD_SYSFS] = "sysfs", [WD_DEBUGFS] = "debugfs" };

	if (!json_object_is_type(ao, json_type_object) ||
	    !json_object_object_get_ex(ao, "name", &name) ||
	    !json_object_is_type(name, json_type_string))
		return false;
	str_copy(as->name, sizeof(as->name), json_object_get_string(name));
	for (int d = 0; d < 2; d++) {
		dir[d] = NULL;
		if (json_object_object_get_ex(ao, dirs[d], &dir[d]) &&
		    !json_object_is_type(dir[d], json_type_object))
			return false;
	}
	for (int f = 0; f < WF_N; f++) {
		bool has = false;

		if (dir[watch_fields[f].dir] &&
		    !get_u64(dir[watch_fields[f].dir], watch_fields[f].file, &has, &as->v[f]))
			return false;
		if (dir[watch_fields[f].dir] && has)
			as->has |= 1u << f;
	}
	return true;
}

static bool sample(json_object *o, struct watch_sample *s)
{
	json_object *areas;
	bool has_total, has_free;
	size_t n;

	memset(s, 0, sizeof(*s));
	if (!get_u64(o, "t_ms", &has_total, &s->t_ms) || !has_total ||
	    !get_u64(o, "cma_total_bytes", &has_total, &s->cma_total) ||
	    !get_u64(o, "cma_free_bytes", &has_free, &s->cma_free) ||
	    !get_u64(o, "vmstat_cma_alloc_success", &s->has_vm_success, &s->vm_success) ||
	    !get_u64(o, "vmstat_cma_alloc_fail", &s->has_vm_fail, &s->vm_fail))
		return false;
	s->has_meminfo = has_total && has_free;
	if (!json_object_object_get_ex(o, "areas", &areas))
		return true;
	if (!json_object_is_type(areas, json_type_array))
		return false;
	n = json_object_array_length(areas);
	for (size_t i = 0; i < n && s->n < WATCH_MAX_AREAS; i++)
		if (!sample_area(json_object_array_get_idx(areas, i), &s->area[s->n++]))
			return false;
	return true;
}

static bool failure(json_object *o, struct watch_fail *f)
{
	json_object *x, *b;
	bool has = false;
	uint64_t v = 0;

	memset(f, 0, sizeof(*f));
	if (!get_u64(o, "t_ms", &has, &f->t_ms) || !has || !get_u64(o, "pages", &has, &f->pages) ||
	    !has)
		return false;
	f->origin = json_object_object_get_ex(o, "source", &x) &&
		    json_object_is_type(x, json_type_string) &&
		    !strcmp(json_object_get_string(x), "kernel_log") ? WFO_LOG : WFO_COUNTER;
	if (json_object_object_get_ex(o, "area", &x) && json_object_is_type(x, json_type_string))
		str_copy(f->area, sizeof(f->area), json_object_get_string(x));
	if (json_object_object_get_ex(o, "ret", &x) && json_object_is_type(x, json_type_int))
		f->ret = json_object_get_int(x);
	if (!json_object_object_get_ex(o, "before", &b) || !json_object_is_type(b, json_type_object))
		return true;
	f->has_before = get_u64(b, "t_ms", &has, &v) && has;
	f->before_t_ms = v;
	return get_u64(b, "used_pages", &f->before_used_known, &f->before_used) &&
	       get_u64(b, "maxchunk_pages", &f->before_chunk_known, &f->before_chunk) &&
	       get_u64(b, "cma_free_bytes", &f->before_free_known, &f->before_free);
}

static int one_line(const char *line, struct watch_state *w, struct watch_sample *s,
		    bool *started, const char **what)
{
	json_object *o = json_tokener_parse(line), *type;
	struct watch_fail f;
	const char *t;
	uint64_t ps;
	bool has;
	int ret = 0;

	*what = "not a JSON object";
	if (!o || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "type", &type) ||
	    !json_object_is_type(type, json_type_string)) {
		json_object_put(o);
		return -1;
	}
	t = json_object_get_string(type);
	if (!strcmp(t, "start")) {
		*what = "page_size is not a power of two from 4096 to 65536";
		if (!get_u64(o, "page_size", &has, &ps) || !has || ps < 4096 || ps > 65536 ||
		    (ps & (ps - 1)))
			ret = -1;
		else
			watch_init(w, ps);
		w->replay = true;
		*started = true;
	} else if (!strcmp(t, "sample")) {
		*what = "a sample field has the wrong type";
		if (!*started)
			watch_init(w, 4096), w->replay = true, *started = true;
		if (sample(o, s))
			watch_add_sample(w, s);
		else
			ret = -1;
	} else if (!strcmp(t, "failure")) {
		*what = "a failure field has the wrong type";
		if (!*started)
			watch_init(w, 4096), w->replay = true, *started = true;
		if (failure(o, &f))
			watch_add_recorded_failure(w, &f);
		else
			ret = -1;
	}
	json_object_put(o);
	return ret;
}

int watch_record_replay(const char *path, struct watch_state *w, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	struct watch_sample *s = malloc(sizeof(*s));
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	bool started = false;
	const char *what = "";
	ssize_t n;
	int ret = 0;

	if (!f || !s) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(s);
		if (f && f != stdin)
			fclose(f);
		return -1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		lineno++;
		if ((size_t)n > RECORD_LINE_MAX) {
			snprintf(err, errlen, "%s:%zu: line longer than %u bytes", path, lineno,
				 RECORD_LINE_MAX);
			ret = -1;
			break;
		}
		if (n == 1 && line[0] == '\n')
			continue;
		if (memchr(line, '\0', (size_t)n) || one_line(line, w, s, &started, &what) < 0) {
			snprintf(err, errlen, "%s:%zu: %s", path, lineno,
				 memchr(line, '\0', (size_t)n) ? "a NUL byte" : what);
			ret = -1;
			break;
		}
	}
	if (!ret && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		ret = -1;
	}
	if (!ret && !w->samples) {
		snprintf(err, errlen, "%s: no sample in it (not a cmactl watch --record file?)",
			 path);
		ret = -1;
	}
	free(line);
	free(s);
	if (f != stdin)
		fclose(f);
	return ret;
}
