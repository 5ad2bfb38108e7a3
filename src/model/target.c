// SPDX-License-Identifier: GPL-2.0-or-later
/* The target system's kernel, config, memory and limits (target.h). Pure. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "model/kver.h"
#include "model/lines.h"
#include "model/size.h"
#include "model/target.h"

/* Kernel image names as Debian, Armbian and kernel `make install` write them. */
static const char *const image_prefixes[] = { "vmlinuz-", "vmlinux-", "Image-", "zImage-",
					      "uImage-" };

int target_kver_from_name(const char *name, struct kver *out)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	for (size_t i = 0; i < ARRAY_SIZE(image_prefixes); i++) {
		size_t n = strlen(image_prefixes[i]);

		if (!strncmp(base, image_prefixes[i], n)) {
			base += n;
			break;
		}
	}
	memset(out, 0, sizeof(*out));
	return kver_parse(base, out);
}

int target_grub_kernel(const char *cfg, size_t len, const char *grub_default, char *path,
		       size_t pathlen)
{
	static const char *const kws[] = { "linux", "linux16", "linuxefi" };
	struct line_iter it = { cfg, cfg + len };
	const char *line;
	size_t n;

	if (grub_default && strcmp(grub_default, "0") && strcmp(grub_default, "\"0\"") &&
	    strcmp(grub_default, "'0'"))
		return -1;
	while (line_next(&it, &line, &n)) {
		size_t i = 0, w, v;

		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		for (w = i; w < n && line[w] != ' ' && line[w] != '\t'; w++)
			;
		for (size_t k = 0; k < ARRAY_SIZE(kws); k++) {
			if (w - i != strlen(kws[k]) || memcmp(line + i, kws[k], w - i))
				continue;
			while (w < n && (line[w] == ' ' || line[w] == '\t'))
				w++;
			for (v = w; v < n && line[v] != ' ' && line[v] != '\t' && line[v]; v++)
				;
			if (v == w || v - w >= pathlen)
				return -1;
			memcpy(path, line + w, v - w);
			path[v - w] = '\0';
			return 0;
		}
	}
	return -1;
}

static bool same_release(const struct kver *a, const struct kver *b)
{
	return !strcmp(a->release, b->release);
}

/*
 * The one release all @names agree on; -1 when none parses, -2 when they
 * disagree (then @list names them).
 */
static int one_release(const char *const *names, int n, struct kver *out, char *list, size_t len)
{
	struct kver v;
	int found = 0, ret = -1;

	list[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (target_kver_from_name(names[i], &v))
			continue;
		if (found++ && !same_release(&v, out))
			ret = -2;
		else if (found == 1)
			*out = v, ret = 0;
		if (strlen(list) + strlen(names[i]) + 3 < len)
			snprintf(list + strlen(list), len - strlen(list), "%s%s", found > 1 ? ", " : "",
				 names[i]);
	}
	return ret;
}

/* Where the files say it, before the option's fallback. */
static void from_files(const struct target_kver_in *in, struct target_facts *t)
{
	char list[200], many[260] = "";
	struct kver v;
	int r;

	if (in->boot_kernel && !target_kver_from_name(in->boot_kernel, &v)) {
		t->kver = v;
		snprintf(t->kver_from, sizeof(t->kver_from), "%s boots %s", in->bootfile,
			 in->boot_kernel);
		return;
	}
	if (!(r = one_release(in->images, in->nimages, &v, list, sizeof(list)))) {
		t->kver = v;
		snprintf(t->kver_from, sizeof(t->kver_from), "the one kernel installed: %s", list);
		return;
	}
	if (r == -2)
		snprintf(many, sizeof(many), "several kernels installed (%.150s) and no bootloader "
			 "file names one", list);
	else if (!(r = one_release(in->mods, in->nmods, &v, list, sizeof(list)))) {
		t->kver = v;
		snprintf(t->kver_from, sizeof(t->kver_from), "the one modules directory: %s", list);
		return;
	} else if (r == -2)
		snprintf(many, sizeof(many), "several modules directories (%.150s) and no kernel "
			 "image", list);
	if (!many[0] && in->osrelease && !kver_parse(in->osrelease, &v)) {
		t->kver = v;
		snprintf(t->kver_from, sizeof(t->kver_from), "the root's proc/sys/kernel/osrelease "
			 "(the kernel that ran when it was captured)");
		return;
	}
	snprintf(t->kver_from, sizeof(t->kver_from), "%s", many[0] ? many :
		 "no bootloader kernel line, kernel image, modules directory or osrelease");
}

void target_pick_kver(const struct target_kver_in *in, struct target_facts *t)
{
	struct kver opt;

	memset(&t->kver, 0, sizeof(t->kver));
	from_files(in, t);
	if (!in->option || kver_parse(in->option, &opt))
		return;
	if (t->kver.known && (t->kver.major != opt.major || t->kver.minor != opt.minor) &&
	    t->nnotes < (int)ARRAY_SIZE(t->notes))
		snprintf(t->notes[t->nnotes++], sizeof(t->notes[0]), "--kernel-version %s is "
			 "used, but the target's files say %.40s (%.150s)", in->option, t->kver.release,
			 t->kver_from);
	t->kver = opt;
	snprintf(t->kver_from, sizeof(t->kver_from), "--kernel-version %s", in->option);
}

void target_apply(const struct target_facts *t, struct cma_sources *s)
{
	if (t->foreign) {
		/* the host's: its booted DT and command line are not the target's */
		memset(&s->dt, 0, sizeof(s->dt));
		memset(&s->dt_st, 0, sizeof(s->dt_st));
		s->dt_booted = false;
		memset(&s->cmdline, 0, sizeof(s->cmdline));
		memset(&s->cmdline_st, 0, sizeof(s->cmdline_st));
	}
	if (t->has_dt && !s->dt_st.present) {
		s->dt = t->dt;
		s->dt_st.present = true;
		str_copy(s->dt_st.origin, sizeof(s->dt_st.origin), t->dt_from);
		s->dt_booted = false;
	}
	if (!t->replace)
		return;
	s->kver = t->kver;
	str_copy(s->kver_origin, sizeof(s->kver_origin), t->kver.known ? "target" : "");
	s->kconfig_st.present = t->kconfig_known;
	if (t->kconfig_known)
		s->kconfig = t->kconfig;
	else
		memset(&s->kconfig, 0, sizeof(s->kconfig));
	if (t->ran)
		return;
	/*
	 * The CMA counters of a kernel that is not the one that will boot say
	 * nothing of it; the root's MemTotal is still its RAM (not the host's).
	 */
	s->meminfo.has_cma = false;
	s->meminfo.total_bytes = s->meminfo.free_bytes = 0;
	memset(&s->meminfo_st, 0, sizeof(s->meminfo_st));
	if (t->foreign)
		memset(&s->meminfo, 0, sizeof(s->meminfo));
}

int target_check_range(const struct cma_req *req, const struct target_mem *m, char *err,
		       size_t errlen)
{
	uint64_t base = req->has_base ? req->base : 0, limit, end;
	char a[32], b[32], c[32];

	if (!req->has_base && !req->has_limit)
		return 0;
	limit = req->has_limit ? req->limit : base + req->size;
	size_format(req->size, a, sizeof(a));
	if (limit <= base || limit - base < req->size) {
		size_format(limit > base ? limit - base : 0, b, sizeof(b));
		snprintf(err, errlen, "%s does not fit between base 0x%" PRIx64 " and limit 0x%"
			 PRIx64 " (%s): the kernel refuses it (\"Size ... of region at ... exceeds "
			 "limit\", mm/cma.c)", a, base, limit, b);
		return -1;
	}
	if (!m->known || !m->base_known)
		return 0;
	end = m->base + m->size;
	size_format(m->size, c, sizeof(c));
	if (base && (base < m->base || base >= end)) {
		snprintf(err, errlen, "base 0x%" PRIx64 " lies outside the memory (0x%" PRIx64
			 "-0x%" PRIx64 ", %s, from %s): no area can be placed there", base, m->base,
			 end, c, m->from);
		return -1;
	}
	/* a limit above the memory is the end of the memory (mm/cma.c) */
	if (limit > end)
		limit = end;
	if (limit < req->size || (base ? base : m->base) > limit - req->size) {
		snprintf(err, errlen, "%s does not fit in the memory between 0x%" PRIx64 " and 0x%"
			 PRIx64 " (memory 0x%" PRIx64 "-0x%" PRIx64 ", %s, from %s): the kernel "
			 "refuses it (\"Size ... exceeds limit\", mm/cma.c)", a,
			 base ? base : m->base, limit, m->base, end, c, m->from);
		return -1;
	}
	return 0;
}

/* arch/arm/mm/mmu.c: VMALLOC_END 0xff800000, default vmalloc 240 MiB, VMALLOC_OFFSET 8 MiB */
#define ARM_VMALLOC_FLOOR	(0xff800000ULL - 240 * MiB - 8 * MiB)

bool target_lowmem(const struct cma_kconfig *k, bool kconfig_known, const struct target_mem *m,
		   bool cmdline_vmalloc, struct target_lowmem *out)
{
	uint64_t page_offset;

	memset(out, 0, sizeof(*out));
	if (!kconfig_known || k->arm != KC_YES || k->arm64 == KC_YES || k->highmem != KC_YES)
		return false;
	page_offset = k->vmsplit_1g == KC_YES ? 0x40000000ULL : k->vmsplit_2g == KC_YES ?
		      0x80000000ULL : k->vmsplit_3g == KC_YES ? 0xC0000000ULL : 0;
	if (!page_offset)
		str_copy(out->why, sizeof(out->why), "no CONFIG_VMSPLIT_* line in the config");
	else if (cmdline_vmalloc)
		str_copy(out->why, sizeof(out->why), "vmalloc= on the command line moves it");
	else if (!m->known || !m->base_known)
		str_copy(out->why, sizeof(out->why), "the memory's base address is unknown");
	else {
		out->known = true;
		out->end = m->base + (ARM_VMALLOC_FLOOR - page_offset);
		snprintf(out->why, sizeof(out->why), "RAM base 0x%" PRIx64 " + %" PRIu64 " MiB of "
			 "linear map (CONFIG_VMSPLIT_%s, default vmalloc size)", m->base,
			 (uint64_t)((ARM_VMALLOC_FLOOR - page_offset) / MiB), page_offset == 0xC0000000ULL ?
			 "3G" : page_offset == 0x80000000ULL ? "2G" : "1G");
	}
	return true;
}

int target_check_lowmem(uint64_t base, uint64_t size, const struct target_lowmem *lm, char *err,
			size_t errlen)
{
	if (!lm->known || base >= lm->end || base + size <= lm->end)
		return 0;
	snprintf(err, errlen, "the region 0x%" PRIx64 "-0x%" PRIx64 " crosses the end of lowmem "
		 "at 0x%" PRIx64 " (%s): a 32-bit ARM kernel refuses a fixed region there "
		 "(\"Region at ... defined on low/high memory boundary\", mm/cma.c); move --base "
		 "or give a --limit window", base, base + size, lm->end, lm->why);
	return -1;
}

uint64_t target_dma32_room(const struct cma_req *req, const struct cma_dt *dt)
{
	const uint64_t four_g = (uint64_t)4 << 30;
	uint64_t wb = req->has_base ? req->base : 0, wl = four_g, best = 0;

	if (!dt || !dt->memory_nrun || dt->memory_nrun != dt->memory_runs ||
	    dt->memory_run[0].base >= four_g)
		return UINT64_MAX;	/* runs not all known, or memory starts above 4 GiB */
	if (req->has_limit && req->limit < wl)
		wl = req->limit;
	for (int i = 0; i < dt->memory_nrun; i++) {
		uint64_t lo = dt->memory_run[i].base > wb ? dt->memory_run[i].base : wb;
		uint64_t hi = dt->memory_run[i].end < wl ? dt->memory_run[i].end : wl;

		if (hi > lo && hi - lo > best)
			best = hi - lo;
	}
	return best;
}

int target_check_dma32(const struct cma_req *req, const struct cma_dt *dt, char *err,
		       size_t errlen)
{
	uint64_t best = target_dma32_room(req, dt);
	char a[32], b[32];

	if (req->size <= best)
		return 0;
	size_format(req->size, a, sizeof(a));
	size_format(best, b, sizeof(b));
	snprintf(err, errlen, "%s does not fit below 4 GiB%s, where arm64 reserves the default "
		 "area (below the end of ZONE_DMA, at most 4 GiB when memory starts below it: "
		 "arch/arm64/mm/init.c); the largest run of memory there is %s, and the kernel "
		 "would print \"cma: Failed to reserve\"", a, req->has_base || req->has_limit ?
		 " inside the cma= window" : "", b);
	return -1;
}

int target_check_area(const struct cma_req *req, const struct target_mem *m,
		      const struct target_lowmem *lm, char *err, size_t errlen)
{
	uint64_t wb, wl, low, high;
	char a[32], b[32], c[32];

	if (target_check_range(req, m, err, errlen))
		return -1;
	if (!lm || !lm->known)
		return 0;
	if (req->has_base && (req->is_static || !req->has_limit))
		return target_check_lowmem(req->base, req->size, lm, err, errlen);
	if (!m->known || !m->base_known)
		return 0;
	wb = req->has_base && req->base > m->base ? req->base : m->base;
	wl = req->has_limit && req->limit < m->base + m->size ? req->limit : m->base + m->size;
	if (wl <= wb)
		return 0;	/* target_check_range() has said what it could */
	low = wb < lm->end ? (wl < lm->end ? wl : lm->end) - wb : 0;
	high = wl > lm->end ? wl - (wb > lm->end ? wb : lm->end) : 0;
	if (req->size <= low || req->size <= high)
		return 0;
	size_format(req->size, a, sizeof(a));
	size_format(low, b, sizeof(b));
	size_format(high, c, sizeof(c));
	snprintf(err, errlen, "%s fits in neither the lowmem part (%s) nor the HighMem part (%s) "
		 "of the window 0x%" PRIx64 "-0x%" PRIx64 ": on 32-bit ARM an area comes whole "
		 "from one zone (mm/cma.c; lowmem ends at 0x%" PRIx64 ": %s)", a, b, c, wb, wl,
		 lm->end, lm->why);
	return -1;
}
