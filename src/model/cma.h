/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data model of cmactl: what each source said (struct cma_sources) and
 * what the resolver concluded from it (struct cma_report). Pure data.
 */
#ifndef CMACTL_MODEL_CMA_H
#define CMACTL_MODEL_CMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/rpiconfig.h"

#define CMA_NAME_MAX	64	/* area / DT node names; longer ones are cut */
#define CMA_MAX_AREAS	32	/* CONFIG_CMA_AREAS tops out far below this */
#define CMA_MAX_POOLS	32	/* shared-dma-pool children of /reserved-memory */
#define CMA_MAX_ATTRS	16	/* sysfs attributes kept per area */
#define CMA_MAX_FAILS	32	/* distinct (area, pages, ret) failure groups kept */
#define CMA_MAX_RESV	16	/* reservation events kept from the log */

/* Why a source could not be read; ENOENT is "absent", not an error. */
struct src_state {
	bool present;		/* read and parsed */
	int err;		/* errno of the failed read, 0 if none */
	char origin[128];	/* path or description of where it came from */
};

/* A kernel version; known == false when no source told it. */
struct kver {
	bool known;
	unsigned major, minor, patch;
	char release[96];	/* uname -r style string, as seen */
};

/* /proc/meminfo */
struct cma_meminfo {
	bool has_cma;		/* CmaTotal line present: kernel built with CMA */
	bool has_memtotal;
	uint64_t total_bytes, free_bytes, memtotal_bytes;
};

enum kc_tristate { KC_UNKNOWN = 0, KC_NO, KC_YES, KC_MODULE };

enum kc_size_sel {
	KC_SEL_UNKNOWN = 0, KC_SEL_MBYTES, KC_SEL_PERCENTAGE, KC_SEL_MIN, KC_SEL_MAX,
};

/* The CMA part of a kernel .config */
struct cma_kconfig {
	enum kc_tristate cma, dma_cma, cma_sysfs, cma_debugfs, dmabuf_heaps, heaps_cma,
			 heaps_cma_legacy, dma_pernuma_cma, dma_numa_cma;
	/* the architecture and its memory split, for 32-bit ARM's lowmem (model/target.c) */
	enum kc_tristate arm, arm64, highmem, vmsplit_3g, vmsplit_2g, vmsplit_1g;
	enum kc_size_sel size_sel;
	bool has_size_mbytes, has_size_percentage, has_alignment, has_areas;
	uint64_t size_mbytes, size_percentage, alignment, areas;
	char header_release[64];	/* "# Linux/arm64 7.2.13 Kernel Configuration", "" if none */
};

/* cma= and friends from a kernel command line (the last occurrence wins) */
struct cma_cmdline {
	bool has_cma;		/* a cma= argument was given (cma=0 included) */
	bool cma_valid;		/* it parsed */
	uint64_t size;		/* bytes */
	bool has_base, has_limit;
	uint64_t base, limit;	/* limit is base + size when no -limit (fixed) */
	bool has_pernuma;
	uint64_t pernuma;
	bool has_numa_cma;
	char numa_cma[128];
	char cma_text[64];	/* the value as written, for messages */
};

/* One reusable shared-dma-pool child of /reserved-memory */
struct cma_dt_pool {
	char name[CMA_NAME_MAX];	/* full node name, unit address included */
	bool is_default;		/* linux,cma-default */
	bool reusable, no_map, shared_dma_pool;
	bool has_size, has_reg, has_alloc_ranges, has_alignment;
	uint64_t size;
	uint64_t reg_base, reg_size;
	uint64_t ar_base, ar_size;	/* first alloc-ranges entry */
	uint64_t alignment;
};

/*
 * The bytes the kernel reserves for a pool: a reg fixes the region and then
 * size is ignored (Linux 6.1 __fdt_scan_reserved_mem looks at size only when
 * __reserved_mem_reserve_reg() finds no reg).
 */
static inline uint64_t cma_dt_pool_bytes(const struct cma_dt_pool *p)
{
	return p->has_reg ? p->reg_size : p->size;
}

#define CMA_MAX_MEM_RUNS 8

struct cma_dt {
	int npools;
	struct cma_dt_pool pools[CMA_MAX_POOLS];
	int ndisabled;			/* CMA-looking pools the kernel skips (status) */
	char disabled[4][CMA_NAME_MAX];	/* the first of them */
	bool has_bootargs;
	struct cma_cmdline bootargs;	/* cma= inside /chosen/bootargs */
	uint64_t memory_bytes;		/* sum of /memory reg sizes; 0 if none */
	bool memory_one_run;		/* the /memory ranges make one run without holes */
	uint64_t memory_base;		/* its lowest address (when memory_one_run) */
	uint64_t memory_largest_run;	/* the largest run without a hole (banks side by side
					 * are one run): the most one CMA area can span */
	int memory_runs;		/* how many runs the /memory ranges make */
	int memory_nrun;		/* the first of them, by address (all when == runs) */
	struct cma_mem_run { uint64_t base, end; } memory_run[CMA_MAX_MEM_RUNS];
	char model[128];
	char compatible[128];		/* first root compatible string */
};

/* One CMA area as sysfs/debugfs show it */
struct cma_area_attr {
	char name[32];
	uint64_t value;
};

struct cma_area {
	char name[CMA_NAME_MAX];
	int nattrs;			/* /sys/kernel/mm/cma/<name>/ */
	struct cma_area_attr attrs[CMA_MAX_ATTRS];
	bool in_sysfs, in_debugfs;
	bool has_count, has_used, has_maxchunk, has_order_per_bit, has_base_pfn;
	uint64_t count, used, maxchunk, order_per_bit, base_pfn;  /* debugfs, pages */
};

struct cma_areas {
	int n;
	struct cma_area area[CMA_MAX_AREAS];
};

#include "model/klog.h"

/* Everything gathered, before any decision. */
#define CMA_MAX_HEAPS	32	/* /dev/dma_heap entries kept */

/* One /dev/dma_heap entry as lstat saw it (a fixture tree: a plain file's mode). */
struct cma_heap_node {
	char name[CMA_NAME_MAX];
	bool stat_ok;			/* else err */
	int err;
	bool is_chr;			/* a character device, as on a real system */
	unsigned uid, gid, mode;	/* mode: permission bits */
};

struct cma_sources {
	struct kver kver;		/* from --kernel-version, osrelease or log */
	char kver_origin[32];		/* "option", "osrelease", "kernel log" */
	uint64_t page_size;		/* bytes; 4096 unless told otherwise */
	struct src_state meminfo_st, kconfig_st, cmdline_st, dt_st, klog_st, sysfs_st, debugfs_st;
	struct cma_meminfo meminfo;
	struct cma_kconfig kconfig;
	struct cma_cmdline cmdline;
	struct cma_dt dt;
	bool dt_booted;			/* dt is /sys/firmware/fdt, not a file on disk */
	/*
	 * Raspberry Pi config.txt under the root: its CMA overlay parameter, a
	 * request the firmware writes into the DT at boot (rpicfg_st.origin: the file).
	 */
	struct src_state rpicfg_st;
	struct rpi_cma rpicfg;
	struct cma_klog klog;
	struct cma_areas areas;
	bool heap_dir_read;		/* <root>/dev/dma_heap was listed: */
	int nheap_nodes;		/* its entries */
	int heap_dir_err;		/* else its errno (ENOENT: no such directory), 0: not tried */
	char heap_dir_error[64];	/* a listing that failed (not ENOENT), as text: strerror, or
					 * what a bundle's manifest recorded on the board; else "" */
	struct cma_heap_node heap_nodes[CMA_MAX_HEAPS];
};

enum cma_source { SRC_NONE = 0, SRC_KCONFIG, SRC_CMDLINE, SRC_DEVICETREE, SRC_UNKNOWN };
enum cma_layer { LAYER_KCONFIG = 0, LAYER_CMDLINE, LAYER_DEVICETREE, LAYER_COUNT };
/*
 * Three states, never two: a layer is known (effective, shadowed, or failed:
 * it won but the kernel could not reserve it), known-absent (read, not set),
 * or unknown (its source could not be read; the reason says why).
 */
enum layer_state { LS_ABSENT = 0, LS_EFFECTIVE, LS_SHADOWED, LS_FAILED, LS_UNKNOWN };

struct layer_verdict {
	enum cma_layer layer;
	enum layer_state state;
	bool has_request;
	uint64_t requested_bytes;
	char detail[160];		/* what was asked, e.g. "cma=32M" */
	char reason[256];		/* why shadowed / absent */
};

#define CMA_MAX_NOTES 12

/*
 * How strong a fact's evidence is (issue 10): the running kernel's own account
 * (a counter in /proc or /sys, osrelease) beats a kernel log line (it may be
 * from another boot, or cut), which beats a file that only asks (the kernel
 * config, the command line, the device tree, an option). When two disagree,
 * the stronger wins and a note says so.
 */
enum fact_strength { FS_NONE = 0, FS_ASKS, FS_LOG, FS_KERNEL };

/** fact_strength_name() - stable JSON name: "kernel", "log", "request", or NULL for none. */
const char *fact_strength_name(enum fact_strength s);

/** fact_strength_label() - the text report's words: "kernel's own", "log line", "request only". */
const char *fact_strength_label(enum fact_strength s);

/* One CMA area of the report, merged from sysfs, debugfs, the log and the DT. */
struct report_area {
	char name[CMA_NAME_MAX];
	bool is_default;
	bool has_size;
	uint64_t size_bytes;
	char size_from[16];		/* "debugfs", "sysfs", "log", "log dump", "devicetree" */
	enum fact_strength size_strength, free_strength;
	bool size_disputed;		/* a weaker source gave another size (said in a note) */
	char origin[16];		/* "kconfig", "cmdline", "devicetree", "pernuma", "" */
	int stats;			/* index into cma_sources.areas, -1 if none */
	bool has_free, has_run;		/* free pages and the largest free run */
	uint64_t free_bytes, largest_run_bytes;
	char free_from[24];		/* "sysfs", "debugfs", "log dump", "meminfo" */
};

/* A dma-buf heap: the area it allocates from, the layer that sized it, its node. */
struct report_heap {
	char name[CMA_NAME_MAX];
	char area[CMA_NAME_MAX];	/* "" when not a CMA heap or unknown */
	char role[24];			/* heap_role_name(): "default_cma_region", "default-area", ... */
	char layer[16];			/* the area's origin: "kconfig", "cmdline", "devicetree", ... */
	char twin[CMA_NAME_MAX];	/* the other heap of the same area (6.17+), "" */
	bool present, expected;		/* in /dev/dma_heap; the rule says the kernel makes it */
	bool picked;			/* stress and dmaheap-alloc use it */
	bool node_known;		/* lstat worked: */
	bool is_chr;
	unsigned uid, gid, mode;
	bool root_only;			/* no group or other access, owned by root */
};

struct cma_report {
	bool cma_enabled;		/* false: kernel has no CMA at all */
	bool cma_unknown;		/* nothing told us either way */
	struct {
		bool known;
		bool failed;		/* the kernel could not reserve it: size is 0 */
		uint64_t size_bytes;
		enum cma_source source;
		char area[CMA_NAME_MAX];
		char evidence[256];	/* which lines/files prove it */
		enum fact_strength strength;	/* of that evidence */
		bool from_bootargs;	/* cmdline layer came from DT /chosen/bootargs */
	} effective;
	char rule[200];			/* the precedence rule applied, with version */
	/* The kernel version when no release string says it: what a log line
	 * proves (at least implied_major.implied_minor, and before before_*). */
	char kver_implied[160];
	enum fact_strength kver_strength;	/* of the version used (release or implied) */
	struct layer_verdict layers[LAYER_COUNT];
	int nnotes;
	char notes[CMA_MAX_NOTES][256];	/* evidence-based explanations */
	int nareas;
	struct report_area areas[CMA_MAX_AREAS];
	char advice[320];
	int nheaps;
	struct report_heap heaps[CMA_MAX_HEAPS];
	bool heaps_listed;		/* /dev/dma_heap was read */
	char heaps_error[64];		/* else why, when it exists (not ENOENT): the heaps are unknown */
	char heaps_rule[200];		/* the naming rule applied, with the version */
	char heaps_udev[240];		/* the udev rule users add when the CMA heap is root-only */
};

/**
 * cma_resolve() - decide, from everything gathered, the effective default CMA
 * area, the state of each layer and the advice. Pure: no I/O.
 */
void cma_resolve(const struct cma_sources *src, struct cma_report *rep);

const char *cma_source_name(enum cma_source s);
const char *cma_layer_name(enum cma_layer l);
const char *layer_state_name(enum layer_state s);

#endif
