/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The target system of `cmactl set` and `recommend`: the kernel the edited
 * files will boot, its config and its memory, each with its evidence, and
 * the limits an area must fit in on it. When the files are another
 * system's (a --root, a board's DTB on a workstation), the host's kernel,
 * config and RAM say nothing of it (issue 11, Why 2). Pure: the candidates
 * are read by io/target.c.
 */
#ifndef CMACTL_MODEL_TARGET_H
#define CMACTL_MODEL_TARGET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/cma.h"
#include "model/request.h"

#define TARGET_MAX_CANDS 16

/* What the target's files say about the kernel it boots (paths as found). */
struct target_kver_in {
	const char *option;		/* --kernel-version, or NULL */
	const char *bootfile;		/* the bootloader file that names a kernel, or NULL */
	const char *boot_kernel;	/* its LINUX/KERNEL path as written */
	int nimages;			/* /boot/vmlinuz-VER and the like */
	const char *images[TARGET_MAX_CANDS];
	int nmods;			/* /usr/lib/modules/VER, /lib/modules/VER */
	const char *mods[TARGET_MAX_CANDS];
	const char *osrelease;		/* the root's captured proc/sys/kernel/osrelease */
};

struct target_facts {
	/*
	 * The next boot's kernel facts replace the gathered ones: the files are
	 * not the running system's, or a root's installed kernel is not the one
	 * that ran when it was captured.
	 */
	bool replace;
	bool foreign;			/* the gathered sources are another system's (the host's) */
	bool ran;			/* the target's kernel is the one the root's counters are of */
	struct kver kver;		/* known == false: unknown */
	char kver_from[300];		/* the evidence, or why it is unknown */
	bool kconfig_known;
	struct cma_kconfig kconfig;
	char kconfig_from[300];		/* the file, or why it is unknown */
	/*
	 * Under a --root without a booted DT: the DTB its bootloader file loads,
	 * so a command-line edit is judged against the board's DT node.
	 */
	bool has_dt;
	struct cma_dt dt;
	char dt_from[300];
	/*
	 * The bootloader file loads a DT that is not known here (an FDTDIR:
	 * U-Boot names the file from its fdtfile variable or soc-board; an FDT
	 * not under the root): why, "" when not so. The verdict cannot tell
	 * when a DT node could decide.
	 */
	char dt_unknown[400];
	int nnotes;
	char notes[2][300];		/* disagreements between the evidence */
};

/**
 * target_kver_from_name() - the release in a kernel image or modules
 * directory name: "/boot/vmlinuz-6.1.0-50-armmp-lpae" -> 6.1.0-50-armmp-lpae
 * (vmlinuz-, vmlinux-, Image-, zImage-, uImage- prefixes, or a bare release).
 * Return: 0, or -1 when the name holds no MAJOR.MINOR release.
 */
int target_kver_from_name(const char *name, struct kver *out);

/**
 * target_grub_kernel() - the kernel image of the entry GRUB boots by
 * default, from grub.cfg (@cfg) as grub-mkconfig writes it: the first
 * `linux` (or linux16/linuxefi) line, which is in the first menuentry, the
 * one GRUB_DEFAULT=0 boots. @grub_default: the value of GRUB_DEFAULT in
 * /etc/default/grub (NULL: not set, which means 0); any other value
 * (saved, a title, a number but 0) makes the entry unknown.
 * Return: 0 with @path set, or -1.
 */
int target_grub_kernel(const char *cfg, size_t len, const char *grub_default, char *path,
		       size_t pathlen);

/**
 * target_pick_kver() - the target's kernel version from @in: --kernel-version
 * when given (the user's word; a note when the files disagree), else the
 * kernel the bootloader file names, else the one installed kernel image,
 * else the one modules directory, else the root's captured osrelease (the
 * kernel that ran last). Several different images or modules directories
 * and no bootloader line: unknown, and kver_from lists them.
 * Fills kver and kver_from of @t (and notes).
 */
void target_pick_kver(const struct target_kver_in *in, struct target_facts *t);

/**
 * target_apply() - @s (gathered) as the next boot of the target will see
 * it: the target's kernel version and config in place of the gathered ones
 * when @t->replace, and then without the counters (meminfo) of a kernel that
 * is not the target's (@t->ran false); without the host's command line and booted DT when @t->foreign;
 * with @t->dt when nothing else gave a DT.
 */
void target_apply(const struct target_facts *t, struct cma_sources *s);

/* The memory and windows an area must fit in on the target. */
struct target_mem {
	bool known;
	uint64_t base, size;		/* RAM: [base, base + size) (base 0 when unknown) */
	bool base_known;
	char from[64];			/* "the DT's /memory", "--mem" */
};

/**
 * target_check_range() - can the kernel place an area of @req->size inside
 * the window of a cma=SIZE@BASE-LIMIT (@req->has_base/has_limit) on memory
 * @m? As mm/cma.c cma_declare_contiguous_nid() (3.17 - 6.14; the 6.15
 * multi-range rework keeps these checks): a LIMIT above the end of memory
 * is taken as the end of memory; BASE + SIZE above that limit is refused
 * with "Size (...) of region at ... exceeds limit (...)". A BASE outside
 * the memory cannot hold the area.
 * Return: 0, or -1 with @err set (the reason, with the numbers).
 */
int target_check_range(const struct cma_req *req, const struct target_mem *m, char *err,
		       size_t errlen);

/*
 * 32-bit ARM (CONFIG_ARM with CONFIG_HIGHMEM): where lowmem ends. mm/cma.c
 * refuses a fixed region (cma=SIZE@BASE, a DT reg) that crosses it ("Region
 * at ... defined on low/high memory boundary"), while a region that is not
 * fixed may be placed in HighMem (tried first when the window crosses the
 * boundary; the lab's armmp-lpae 6.1 put the default area there,
 * test/vm/README.md), which arm's DMA code maps like any other page.
 */
struct target_lowmem {
	bool known;
	uint64_t end;			/* physical address where HighMem starts */
	char why[200];			/* how it was computed, or why it is unknown */
};

/**
 * target_lowmem() - the end of lowmem on a 32-bit ARM target with
 * CONFIG_HIGHMEM: RAM base + the linear map's size, which is the space
 * between PAGE_OFFSET (CONFIG_VMSPLIT_3G/2G/1G: 0xC0000000/0x80000000/
 * 0x40000000) and arch/arm's default vmalloc floor, VMALLOC_END
 * (0xff800000) - 240 MiB - VMALLOC_OFFSET (8 MiB) = 0xf0000000
 * (arch/arm/mm/mmu.c; 768 MiB with VMSPLIT_3G, as the lab's 6.1 armmp-lpae
 * showed: "HighMem [mem 0x70000000-...]" with RAM at 0x40000000). A
 * vmalloc= on the command line moves it: then unknown.
 * Return: false when the target is not 32-bit ARM with HighMem (or that is
 * unknown): no boundary to check.
 */
bool target_lowmem(const struct cma_kconfig *k, bool kconfig_known, const struct target_mem *m,
		   bool cmdline_vmalloc, struct target_lowmem *out);

/**
 * target_check_lowmem() - a fixed region [@base, @base + @size) against the
 * boundary @lm (see target_lowmem()). Return: 0, or -1 with @err set.
 */
int target_check_lowmem(uint64_t base, uint64_t size, const struct target_lowmem *lm, char *err,
			size_t errlen);

/**
 * target_check_dma32() - arm64: the default area (cma= on the command line,
 * or the Kconfig size) is reserved below arm64_dma_phys_limit
 * (arch/arm64/mm/init.c, bootmem_init(): dma_contiguous_reserve(
 * arm64_dma_phys_limit), 5.10-7.2), the end of ZONE_DMA, which is at most
 * 4 GiB when memory starts below 4 GiB (6.1 max_zone_phys() with
 * zone_dma_bits <= 32; 7.2 dma_limits_init(): min(zone_dma_limit,
 * U32_MAX)); kernel/dma/contiguous.c takes min_not_zero() of it and a
 * cma=...-LIMIT, and refuses a fixed region past it. The DT's dma-ranges can
 * lower it further (not read here: 4 GiB is a bound it never exceeds, so a
 * refusal is certain). @dt: the target's /memory runs.
 * Return: 0 (fits, or not known), or -1 with @err set.
 */
int target_check_dma32(const struct cma_req *req, const struct cma_dt *dt, char *err,
		       size_t errlen);

/**
 * target_dma32_room() - the largest run of memory below 4 GiB inside @req's
 * window (see target_check_dma32()). Return: bytes, or UINT64_MAX when
 * memory starts above 4 GiB or its runs are not all known.
 */
uint64_t target_dma32_room(const struct cma_req *req, const struct cma_dt *dt);

/**
 * target_check_area() - can the kernel place an area of @req on the target,
 * one model for `set` and `recommend`: its window (target_check_range(),
 * when @req has one) and, on 32-bit ARM with HighMem (@lm from
 * target_lowmem(), NULL or unknown: not checked), a fixed region must not
 * cross the end of lowmem (target_check_lowmem()), and one that is not fixed
 * must fit in the lowmem or the HighMem part of its window (the whole
 * memory when it has none): mm/cma.c cma_declare_contiguous_nid() takes
 * all of an area from one zone, trying HighMem first, then lowmem (3.17 -
 * 6.14 and after).
 * Return: 0, or -1 with @err set.
 */
int target_check_area(const struct cma_req *req, const struct target_mem *m,
		      const struct target_lowmem *lm, char *err, size_t errlen);
#endif
