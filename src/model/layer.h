/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The layers `cmactl set --via` edits, as one table: a row says which file
 * the layer lives in, which resolver source it feeds, what it can express,
 * and how to plan, read back and describe an edit. A new layer is one row
 * (and the file that does its edit). Pure: no I/O, no printing.
 */
#ifndef CMACTL_MODEL_LAYER_H
#define CMACTL_MODEL_LAYER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/boot/boot.h"
#include "model/cma.h"
#include "model/request.h"

/* The layer a `set` edits: the DT node, the DTB's /chosen/bootargs, the bootloader, .config. */
enum cma_via { VIA_NONE = 0, VIA_DTS, VIA_BOOTARGS, VIA_CMDLINE, VIA_KCONFIG, VIA_UBOOTENV,
	       VIA_OVERLAY };

/* The kind of file a layer lives in: where io/settarget.c looks for it. */
enum layer_file { LAYER_FILE_DTB, LAYER_FILE_BOOTCFG, LAYER_FILE_CONFIG,
		  LAYER_FILE_UBOOTENV /* an fw_env.config: the environment it names (io/ubootenv.c) */,
		  LAYER_FILE_RPICONFIG /* Raspberry Pi config.txt (boot/firmware/, else boot/) */ };

/* One edit, as asked. */
struct layer_edit {
	const char *text;		/* the file now */
	size_t len;
	const char *name;		/* its path (a bootloader file's kind may follow its name) */
	const struct cma_req *req;
	const char *arg;		/* "cma=64M@...", NULL to take the setting out */
	const char *label;		/* --label, or NULL */
	uint64_t align;			/* cmareq_align() */
	bool force;
	const char *board;		/* the board's root compatible (its DT), or NULL */
};

#define LAYER_MAX_NOTES 6

/* One edit, as planned. */
struct layer_plan {
	char *text;			/* the new content (malloc'd); NULL: nothing to change */
	size_t len;
	enum bootcfg_kind kind;		/* bootloader files: which one */
	char node[128];			/* DT layers: the node edited */
	int nnotes;			/* what the edit did beyond the asked change */
	char notes[LAYER_MAX_NOTES][240];
	char unknown[240];		/* why the next boot's size cannot be told from the files, or "" */
};

/* The edit, as the one describing line words it. */
struct layer_change {
	bool unset;
	const char *target;		/* the edited file, as shown */
	const char *node;		/* dts: the CMA node's path; NULL when unset found none */
	const char *arg;		/* the kernel argument, "cma=64M@0x40000000" */
	enum bootcfg_kind kind;		/* bootloader files: which one */
	const char *label;		/* --label, or NULL */
	uint64_t size;			/* bytes, as written (rounded) */
};

struct layer {
	const char *name;		/* --via NAME */
	const char *node;		/* JSON "node" when fixed ("/chosen"); else NULL */
	const char *after;		/* what must follow a write for it to count, or NULL */
	/*
	 * is the file one this layer edits at all? (NULL: the plan decides).
	 * A file of another kind is a usage error (exit 2), left unchanged.
	 * Return: 0, or -1 with @err saying what the file lacks
	 */
	int (*accepts)(const char *text, size_t len, char *err, size_t errlen);
	/* plan the edit: the new content from the old. Return: 0, or -1 with @err */
	int (*plan)(const struct layer_edit *e, struct layer_plan *p, char *err, size_t errlen);
	/* read the planned file into the sources of the next boot. Return: 0 or -1 */
	int (*read)(const char *text, size_t len, enum bootcfg_kind kind, const char *label,
		    struct cma_sources *next);
	/* the one line that says what is changed where (no newline) */
	void (*describe)(const struct layer_change *c, char *buf, size_t len);
	enum cma_via via;
	enum cma_source source;		/* the resolver's source the edit lands in */
	enum layer_file file;
	bool owner;			/* the layer `unset` names when its source wins */
	bool whole_mib;			/* SIZE must be whole MiB (CONFIG_CMA_SIZE_MBYTES) */
	bool ranges;			/* --base/--limit can be expressed */
	bool base_needs_limit;		/* --base alone is refused (alloc-ranges need both) */
	bool statics;			/* --static (a fixed reg) applies */
	bool labels;			/* --label applies */
	bool node_edited;		/* JSON "node": the node the edit touched */
	bool no_output;			/* -o cannot apply (the environment is written in place) */
	bool dtb_base;			/* --dtb names the DTB the edit applies to (it is not edited) */
};

/** layer_get() - the row of @via; NULL for VIA_NONE or out of range. */
const struct layer *layer_get(enum cma_via via);

/** layer_parse() - the row named @name, or NULL. */
const struct layer *layer_parse(const char *name);

/** layer_owner() - the row `unset` names when @src wins (dts, cmdline, kconfig), or NULL. */
const struct layer *layer_owner(enum cma_source src);

/** layer_names() - "dts, bootargs, cmdline or kconfig", for messages. */
const char *layer_names(void);

/** layer_after() - what must follow a write of @l (with a bootloader file of @kind), or NULL. */
const char *layer_after(const struct layer *l, enum bootcfg_kind kind);

/** layer_plan_free() - release what a plan holds. */
void layer_plan_free(struct layer_plan *p);

/** cma_via_name() - "dts", "bootargs", "cmdline", "kconfig"; "" for VIA_NONE. */
const char *cma_via_name(enum cma_via v);

/** cma_via_parse() - the layer named @name, or VIA_NONE when there is none. */
enum cma_via cma_via_parse(const char *name);
#endif
