/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `cmactl set`/`unset` tells the user, one call per step. Text goes out
 * as each step finishes (so it interleaves with errors on stderr as before);
 * JSON is gathered and printed as one object by setreport_end().
 */
#ifndef CMACTL_OUT_SETREPORT_H
#define CMACTL_OUT_SETREPORT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "model/layer.h"
#include "model/nextboot.h"
#include "model/target.h"

struct json_object;

struct set_report {
	FILE *f;
	bool json;
	struct json_object *obj, *notes, *candidates;	/* JSON mode only */
};

/**
 * setreport_begin() - start the report of one run on @f.
 * Return: 0, or -1 when out of memory (JSON mode).
 */
int setreport_begin(struct set_report *r, FILE *f, bool json, bool unset, const struct layer *l,
		    bool dry_run);

/**
 * setreport_target_facts() - the target system's kernel version and config,
 * each with its evidence (text lines "target: ...", JSON "target_system").
 */
void setreport_target_facts(struct set_report *r, const struct target_facts *t);

/** setreport_target() - the file being edited, once it is known (@shown: as named). */
void setreport_target(struct set_report *r, const char *shown);

/**
 * setreport_size() - SIZE as asked (@text, @requested bytes) and as it will be
 * written (@size); when rounded up to @align, a note says why (@page_size).
 */
void setreport_size(struct set_report *r, const char *text, uint64_t requested, uint64_t size,
		    uint64_t align, uint64_t page_size);

/** setreport_note() - "note: @text". */
void setreport_note(struct set_report *r, const char *text);

/** setreport_describe() - the one line that says what is changed where (@l words it). */
void setreport_describe(struct set_report *r, const struct layer *l, const struct layer_change *c);

/** setreport_unchanged() - the file (@shown) already says so: nothing to write. */
void setreport_unchanged(struct set_report *r, const char *shown);

/** setreport_diff() - --dry-run: the unified diff of the change. */
void setreport_diff(struct set_report *r, const char *diff, size_t len);

/** setreport_nextboot() - the "next boot:" lines: does the change win? */
void setreport_nextboot(struct set_report *r, const struct nextboot *nb);

/** setreport_dry_run() - "dry run: nothing written". */
void setreport_dry_run(struct set_report *r);

/**
 * setreport_written() - the file @path was replaced; the file as it was is
 * in @backup (NULL: no backup); @kept: an older backup left alone, when
 * @backup had to be a numbered one (else NULL). @hint: what the user must do
 * next for it to count (NULL: nothing).
 */
void setreport_written(struct set_report *r, const char *path, const char *backup,
		       const char *kept, const char *hint);

/** setreport_error() - the message that ended the run (stderr is the caller's). */
void setreport_error(struct set_report *r, const char *msg);

/** setreport_candidate() - one of several files that could be meant (JSON only). */
void setreport_candidate(struct set_report *r, const char *path);

/**
 * setreport_end() - print the JSON object (JSON mode) and free the report.
 * Return: 0, or -1 when it could not be written.
 */
int setreport_end(struct set_report *r);
#endif
