/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "Will this change win on the next boot of this kernel?" for `cmactl set`
 * and `unset`: the gathered sources with the planned file in place of the
 * edited layer, decided by cma_resolve(). Pure: no I/O, no printing.
 */
#ifndef CMACTL_MODEL_NEXTBOOT_H
#define CMACTL_MODEL_NEXTBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"
#include "model/layer.h"
#include "model/target.h"

/* The change as planned: the edited file as it will be after the write. */
struct nextboot_change {
	const struct layer *layer;
	bool unset;			/* the layer's setting is taken out */
	const char *text;		/* the file's new content (the old one when unchanged) */
	size_t len;
	enum bootcfg_kind kind;		/* bootloader files: which one */
	const char *label;		/* bootloader files: extlinux label, NULL for the default */
	/*
	 * The command line the bootloader's file passes (read from that file,
	 * not the running /proc/cmdline), for an edit of another layer; NULL:
	 * the gathered one stands.
	 */
	const struct cma_cmdline *chain_cmdline;
	/*
	 * Something after the edited file in the same layer overrides it (a
	 * GRUB drop-in's cma=, a config.txt overlay parameter the firmware
	 * writes into the DTB): the change is shadowed. @shadow_hint says how
	 * to take it out, @shadow_detail what it asks for (NULL: the winning
	 * layer's own detail), @shadow_size its size when known. NULL: none.
	 */
	const char *shadow_hint;
	const char *shadow_detail;
	bool shadow_size_known;
	uint64_t shadow_size;
	/*
	 * The target's kernel, config and memory (model/target.h), for files
	 * that are not the running system's; NULL: the gathered ones stand.
	 */
	const struct target_facts *target;
};

enum nextboot_state {
	NB_UNKNOWN = 0,	/* cannot tell: what decides is unknown (missing says what), out of
			 * memory, or the planned file does not parse */
	NB_NO_CMA,	/* the kernel has no CMA: no layer has any effect */
	NB_NO_AREA,	/* no layer will make a default CMA area */
	NB_EFFECTIVE,	/* set: this change wins */
	NB_SHADOWED,	/* set: another layer wins over this change */
	NB_UNSET,	/* unset: where the default area will come from instead */
};

/* The verdict; strings are copies, so it outlives the sources. */
struct nextboot {
	enum nextboot_state state;
	char rule[200];			/* the precedence rule of the version, "" when none */
	enum cma_source winner;		/* SRC_NONE / SRC_UNKNOWN when no layer wins */
	char detail[160];		/* what the winner asks for, e.g. "cma=32M" */
	bool size_known;
	uint64_t size_bytes;		/* the default area's size on the next boot */
	char evidence[256];		/* NB_NO_CMA: why the kernel has no CMA */
	enum cma_via unset_via;		/* NB_SHADOWED: the layer to unset to let the change win */
	char unset_hint[4200];		/* NB_SHADOWED: "cmactl unset --via cmdline" */
	/*
	 * set: this change wins (NB_EFFECTIVE). unset: the layer taken out no
	 * longer sets the size (another layer or none does); false with no CMA.
	 */
	bool effective;
	/*
	 * What the verdict could not see, "" when nothing: NB_UNKNOWN, the fact
	 * that decides (the target's kernel version when the precedence rule of
	 * 5.6 picks another winner than the rule before it); otherwise what the
	 * promise depends on (whether the target kernel has CMA at all).
	 */
	char missing[400];
};

/**
 * nextboot_sources() - the sources as the next boot will see them: @now
 * (what was gathered) with the edited layer read from @c->text, and without
 * what only the running kernel knows (its log, sysfs and debugfs areas).
 * A DT edit carries the DTB's /chosen/bootargs cma= along when the kernel
 * gets no cma= elsewhere: bootloaders with no command line of their own
 * (QEMU without -append, U-Boot without bootargs) pass it on unchanged.
 * With @c->chain_cmdline, the bootloader file's command line replaces the
 * gathered one (and the DTB's bootargs, which such a bootloader overwrites)
 * for every layer that is not a command line itself. With @c->target, the
 * target's kernel version and config replace the gathered ones first
 * (target_apply()); a kconfig edit without them takes the version from the
 * edited .config's header.
 * @next: filled; may be @now's own copy, never the same object.
 * Return: 0, or -1 when the planned DTB or bootloader file does not parse.
 */
int nextboot_sources(const struct cma_sources *now, const struct nextboot_change *c,
		     struct cma_sources *next);

/**
 * nextboot_predict() - will @c win on the next boot of the target's kernel
 * (@now's, or @c->target's)? cma_resolve() on nextboot_sources() decides, so
 * the answer follows the same precedence rules as `cmactl status`. When the
 * kernel version is unknown and the rules before and from 5.6 pick different
 * winners, the verdict is NB_UNKNOWN with @out->missing saying so; when
 * nothing says whether the kernel has CMA, @out->missing says the promise
 * depends on it.
 * @out: filled; out->state is NB_UNKNOWN on failure.
 * Return: 0, or -1 when out of memory or the planned file does not parse.
 */
int nextboot_predict(const struct cma_sources *now, const struct nextboot_change *c,
		     struct nextboot *out);

/** nextboot_state_name() - "effective", "shadowed", "no-cma", "no-area", "unset", "unknown". */
const char *nextboot_state_name(enum nextboot_state s);

#endif
