// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel-log parser: strips the prefixes of the usual log forms (dmesg,
 * dmesg -T, journalctl -k, syslog, /dev/kmsg records) and accounts the CMA
 * lines. Input is a byte span: it may hold NULs and is never NUL-terminated.
 */
#include <limits.h>
#include <string.h>

#include "model/klog.h"
#include "model/kmsg.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A read cursor over the line; every helper below advances it on success. */
struct span {
	const char *p;
	size_t n;
};

static bool sp_lit(struct span *s, const char *lit)
{
	size_t l = strlen(lit);

	if (s->n < l || memcmp(s->p, lit, l))
		return false;
	s->p += l;
	s->n -= l;
	return true;
}

/* Offset of @lit in @s, or -1. */
static long sp_find(const struct span *s, const char *lit)
{
	const char *hit = memmem(s->p, s->n, lit, strlen(lit));

	return hit ? (long)(hit - s->p) : -1;
}

static void sp_skip(struct span *s, size_t k)
{
	if (k > s->n)
		k = s->n;
	s->p += k;
	s->n -= k;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_val(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decimal u64; false on no digits or overflow (the cursor is then undefined). */
static bool sp_u64(struct span *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	for (; i < s->n && is_digit(s->p[i]); i++) {
		unsigned d = (unsigned)(s->p[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (!i)
		return false;
	sp_skip(s, i);
	*out = v;
	return true;
}

/* Hex u64 with optional 0x: %pa prints "0x%016llx", old %08lx has no 0x. */
static bool sp_hex(struct span *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int d;

	if (s->n >= 2 && s->p[0] == '0' && (s->p[1] == 'x' || s->p[1] == 'X'))
		sp_skip(s, 2);
	for (; i < s->n && (d = hex_val(s->p[i])) >= 0; i++) {
		if (v >> 60)
			return false;
		v = (v << 4) | (unsigned)d;
	}
	if (!i)
		return false;
	sp_skip(s, i);
	*out = v;
	return true;
}

/* Signed int within INT_MIN+1..INT_MAX ("ret: -12", "on node -1"). */
static bool sp_int(struct span *s, int *out)
{
	bool neg = sp_lit(s, "-");
	uint64_t v;

	if (!sp_u64(s, &v) || v > INT_MAX)
		return false;
	*out = neg ? -(int)v : (int)v;
	return true;
}

static bool mul_ok(uint64_t v, unsigned shift, uint64_t *out)
{
	if (v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	return true;
}

/* "N MiB" -> bytes, refusing values that would not fit. */
static bool sp_mib(struct span *s, uint64_t *bytes)
{
	uint64_t v;

	return sp_u64(s, &v) && sp_lit(s, " MiB") && mul_ok(v, 20, bytes);
}

/*
 * Copy at most @len bytes into a C string of @size, stopping at a NUL and
 * replacing control bytes, so a hostile log cannot smuggle terminal escapes
 * into cmactl's output.
 */
static void copy_text(char *dst, size_t size, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < size && src[i]; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[i] = (c < 0x20 && c != '\t') || c == 0x7f ? '?' : (char)c;
	}
	dst[i] = '\0';
}

void klog_init(struct cma_klog *k)
{
	memset(k, 0, sizeof(*k));
	k->dump_open = -1;
}

/* Remember the newest kernel version a line proves, and the line's kind. */
static void implies(struct cma_klog *k, unsigned major, unsigned minor, const char *by)
{
	if (major < k->implied_major || (major == k->implied_major && minor <= k->implied_minor))
		return;
	k->implied_major = major;
	k->implied_minor = minor;
	copy_text(k->implied_by, sizeof(k->implied_by), by, strlen(by));
}

/* Remember the oldest "older than" bound a line proves. */
static void implies_before(struct cma_klog *k, unsigned major, unsigned minor, const char *by)
{
	if (k->before_major && (major > k->before_major ||
				(major == k->before_major && minor >= k->before_minor)))
		return;
	k->before_major = major;
	k->before_minor = minor;
	copy_text(k->before_by, sizeof(k->before_by), by, strlen(by));
}

/* Keep the bare message of a line that proves something, to quote it. */
static void quote(const struct cma_klog *k, char *dst, size_t size)
{
	copy_text(dst, size, k->msg ? k->msg : "", k->msg ? k->msg_len : 0);
}

/* ---- prefixes ---------------------------------------------------------- */

/* /dev/kmsg record "pri,seq,usec,flags[,more];msg" (3.5+ format): model/kmsg.c. */
static void strip_kmsg(struct span *s)
{
	struct kmsg_record r;

	if (kmsg_parse(s->p, s->n, &r)) {
		s->n -= (size_t)(r.msg - s->p);
		s->p = r.msg;
	}
}

/* syslog priority "<6>" (klogctl READ_ALL, old /proc/kmsg, some syslogs). */
static void strip_prio(struct span *s)
{
	struct span t = *s;
	uint64_t v;

	if (sp_lit(&t, "<") && sp_u64(&t, &v) && v < 1024 && sp_lit(&t, ">"))
		*s = t;
}

/* Skip one run of non-space bytes, then the spaces after it; false if none. */
static bool skip_word(struct span *s)
{
	size_t i = 0;

	while (i < s->n && s->p[i] != ' ')
		i++;
	if (!i || i == s->n)
		return false;
	while (i < s->n && s->p[i] == ' ')
		i++;
	sp_skip(s, i);
	return true;
}

/* "Nov 25 12:00:00" (syslog, journalctl short) or "2026-11-25T12:00:00..." (ISO). */
static bool skip_date(struct span *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct span t = *s;
	int i;

	if (t.n >= 11 && is_digit(t.p[0]) && is_digit(t.p[3]) && t.p[4] == '-' &&
	    t.p[7] == '-' && t.p[10] == 'T')
		return skip_word(s);
	if (t.n < 16 || t.p[3] != ' ')
		return false;
	for (i = 0; i < 12; i++)
		if (!memcmp(t.p, months + 3 * i, 3))
			break;
	if (i == 12)
		return false;
	sp_skip(&t, 4);
	while (t.n && t.p[0] == ' ')		/* "Nov  5": day padded to two columns */
		sp_skip(&t, 1);
	if (!skip_word(&t) || !skip_word(&t))		/* day, then hh:mm:ss */
		return false;
	*s = t;
	return true;
}

/*
 * journalctl -k / syslog: "<date> host kernel: msg". dmesg --time-format=iso
 * has the date but no host, so the host part is optional.
 */
static void strip_journal(struct span *s)
{
	struct span t = *s;

	if (!skip_date(&t))
		return;
	*s = t;
	if (skip_word(&t) && sp_lit(&t, "kernel: "))
		*s = t;
}

/* dmesg -x "kern  :info  : " facility/level columns (util-linux). */
static void strip_dmesg_x(struct span *s)
{
	struct span t = *s;
	long c;

	if (!sp_lit(&t, "kern ") && !sp_lit(&t, "kern:"))
		return;
	c = sp_find(&t, ": ");
	if (c < 0 || c > 12)
		return;
	sp_skip(&t, (size_t)c + 2);
	*s = t;
}

/* What a stamp may hold besides digits (letters for dmesg -T and "[ T1]"). */
static const bool stamp_char[256] = {
	[' '] = true, ['.'] = true, [':'] = true, [','] = true, ['+'] = true, ['-'] = true,
	['A' ... 'Z'] = true, ['a' ... 'z'] = true,
};

/*
 * "[    0.000000] " stamps, dmesg -T "[Wed Nov 25 12:00:00 2026] " and the
 * CONFIG_PRINTK_CALLER "[    T1] " column. A bracket must hold a digit, so
 * message tags such as "[drm] " are left alone.
 */
static bool strip_bracket(struct span *s)
{
	const char *end;
	bool digit = false;

	if (!s->n || s->p[0] != '[')
		return false;
	end = memchr(s->p + 1, ']', s->n - 1 < 47 ? s->n - 1 : 47);
	if (!end)
		return false;
	for (const char *c = s->p + 1; c < end; c++) {
		if (is_digit(*c))
			digit = true;
		else if (!stamp_char[(unsigned char)*c])
			return false;
	}
	if (!digit)
		return false;
	sp_skip(s, (size_t)(end - s->p) + 1);
	sp_lit(s, " ");
	return true;
}

/* Reduce @s to the bare printk message. */
static void strip_prefixes(struct span *s)
{
	strip_kmsg(s);
	strip_prio(s);
	strip_journal(s);
	strip_prio(s);
	strip_dmesg_x(s);
	if (strip_bracket(s))
		strip_bracket(s);
}

/* kmsg dictionary continuation: " KEY=value" (3.5+ /dev/kmsg). */
static bool is_kmsg_continuation(const struct span *s)
{
	size_t i = 1;

	if (!s->n || s->p[0] != ' ')
		return false;
	while (i < s->n && ((s->p[i] >= 'A' && s->p[i] <= 'Z') || s->p[i] == '_' ||
			    is_digit(s->p[i])))
		i++;
	return i > 1 && i < s->n && s->p[i] == '=';
}

/* ---- version and command line ------------------------------------------ */

/* "Linux version 6.1.0-56-arm64 (...)" (all versions). */
static void on_version(struct cma_klog *k, struct span s)
{
	uint64_t lines = k->lines;
	struct span r = s;
	uint64_t maj, min, pat = 0;
	size_t n = 0;

	while (n < s.n && s.p[n] != ' ')
		n++;
	/* A new boot banner starts a new boot: forget the previous one, so a
	 * syslog spanning reboots or a console with a dmesg dump in it does
	 * not double-count. */
	klog_init(k);
	k->lines = lines;
	copy_text(k->version_release, sizeof(k->version_release), s.p, n);
	if (!sp_u64(&r, &maj) || !sp_lit(&r, ".") || !sp_u64(&r, &min))
		return;
	if (sp_lit(&r, ".") && !sp_u64(&r, &pat))
		pat = 0;
	if (maj > UINT_MAX || min > UINT_MAX || pat > UINT_MAX)
		return;
	k->has_version = true;
	k->vmajor = (unsigned)maj;
	k->vminor = (unsigned)min;
	k->vpatch = (unsigned)pat;
}

/* "Kernel command line: ..." (all versions; empty when none was given). */
static void on_cmdline(struct cma_klog *k, struct span s)
{
	sp_lit(&s, " ");
	k->has_cmdline = true;
	copy_text(k->cmdline, sizeof(k->cmdline), s.p, s.n);
}

/* ---- reservations ------------------------------------------------------- */

static struct klog_resv *resv_by_base(struct cma_klog *k, enum klog_resv_kind kind,
				      uint64_t base)
{
	int i;

	for (i = 0; i < k->nresv; i++)
		if (k->resv[i].kind == kind && k->resv[i].has_base && k->resv[i].base == base)
			return &k->resv[i];
	return NULL;
}

static struct klog_resv *resv_add(struct cma_klog *k, enum klog_resv_kind kind,
				  uint64_t size, bool has_base, uint64_t base)
{
	struct klog_resv *r;

	/* 6.15+ prints the requested base, 0 for every non-fixed area, so only
	 * a non-zero base identifies an area seen before. */
	if (has_base && base && resv_by_base(k, kind, base))
		return NULL;
	if (k->nresv >= (int)ARRAY_LEN(k->resv))
		return NULL;
	r = &k->resv[k->nresv++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->size_bytes = size;
	r->has_base = has_base;
	r->base = base;
	r->node = -1;
	return r;
}

static struct klog_resv_fail *resv_fail(struct cma_klog *k, uint64_t bytes, bool dt)
{
	struct klog_resv_fail *f;

	if (k->nresv_fail >= (int)ARRAY_LEN(k->resv_fails))
		return NULL;
	f = &k->resv_fails[k->nresv_fail++];
	memset(f, 0, sizeof(*f));
	f->dt = dt;
	f->size_bytes = bytes;
	f->node = -1;
	quote(k, f->line, sizeof(f->line));
	/* mm/cma.c prints its reason first, then "Failed to reserve" (goto err
	 * through 6.14; 6.15+ the cma_declare_contiguous_nid() wrapper). */
	if (!dt && k->resv_why[0]) {
		memcpy(f->why, k->resv_why, sizeof(f->why));
		k->resv_why[0] = '\0';
	}
	return f;
}

/*
 * After "Reserved N MiB": " at BASE[ on node N]" (4.x-6.14; "on node" is
 * 6.6-6.14, 6.15+ prints the requested base) or " in K range(s)" (6.15+).
 */
static void on_reserved(struct cma_klog *k, struct span s)
{
	struct klog_resv *r;
	uint64_t size, base, ranges;
	int node;

	if (!sp_mib(&s, &size))
		return;
	if (sp_lit(&s, " in ")) {
		if (sp_u64(&s, &ranges) && sp_lit(&s, " range"))
			resv_add(k, KRESV_RANGES, size, false, 0);
		return;
	}
	if (!sp_lit(&s, " at ") || !sp_hex(&s, &base))
		return;
	r = resv_add(k, KRESV_CMDLINE_KCONFIG, size, true, base);
	if (sp_lit(&s, " on node ") && sp_int(&s, &node)) {
		implies(k, 6, 6, "'cma: Reserved ... on node N' (6.6-6.14)");
		implies_before(k, 6, 15, "'cma: Reserved ... on node N' (6.6-6.14)");
		if (r)
			r->node = node;
	}
}

/* "Failed to reserve N MiB[ on node N]" (4.x-6.14) / "failed to reserve" (3.5-3.16). */
static void on_reserve_failed(struct cma_klog *k, struct span s)
{
	struct klog_resv_fail *f;
	uint64_t size;
	int node;

	if (!sp_mib(&s, &size))
		return;
	f = resv_fail(k, size, false);
	if (sp_lit(&s, " on node ") && sp_int(&s, &node)) {
		implies(k, 6, 6, "'cma: Failed to reserve ... on node N' (6.6-6.14)");
		implies_before(k, 6, 15, "'cma: Failed to reserve ... on node N' (6.6-6.14)");
		if (f)
			f->node = node;
	}
}

/* "Reserved memory: created CMA memory pool at X, size N MiB" (3.16?-6.18). */
static void on_dt_pool(struct cma_klog *k, struct span s)
{
	uint64_t base, size;

	if (sp_hex(&s, &base) && sp_lit(&s, ", size ") && sp_mib(&s, &size))
		resv_add(k, KRESV_DT_POOL, size, true, base);
}

/* The unit address of "name@60000000", when it has one. */
static bool unit_address(const char *name, uint64_t *addr)
{
	const char *at = strrchr(name, '@');
	struct span s;

	if (!at)
		return false;
	s.p = at + 1;
	s.n = strlen(s.p);
	return sp_hex(&s, addr) && s.n == 0;
}

/* The most recent DT pool that no "initialized node" line has named yet. */
static struct klog_resv *last_unnamed_pool(struct cma_klog *k)
{
	int i;

	for (i = k->nresv - 1; i >= 0; i--)
		if (k->resv[i].kind == KRESV_DT_POOL)
			return k->resv[i].name[0] ? NULL : &k->resv[i];
	return NULL;
}

/*
 * "OF: reserved mem: initialized node NAME, compatible id shared-dma-pool"
 * (all versions with DT CMA): the kernel prints it right after the pool it
 * just created, so it names the latest unnamed DT pool.
 */
static void on_dt_initialized(struct cma_klog *k, struct span s)
{
	struct klog_resv *r = last_unnamed_pool(k);
	char name[KLOG_NAME_MAX];
	long c = sp_find(&s, ", compatible id ");
	uint64_t addr;

	if (c < 0)
		return;
	copy_text(name, sizeof(name), s.p, (size_t)c);
	sp_skip(&s, (size_t)c + strlen(", compatible id "));
	if (!sp_lit(&s, "shared-dma-pool"))
		return;
	/* Also a non-reusable DMA pool prints this; only a name that says CMA
	 * or a pool line just before it makes it a CMA node. */
	if ((r || strstr(name, "cma")) && k->ndt_init < (int)ARRAY_LEN(k->dt_init))
		memcpy(k->dt_init[k->ndt_init++], name, sizeof(name));
	if (!r)
		return;
	/* A unit address must agree with the pool's base, else this line is
	 * about another node (e.g. a non-reusable DMA pool). */
	if (unit_address(name, &addr) && r->has_base && addr != r->base)
		return;
	memcpy(r->name, name, sizeof(name));
}

/*
 * 6.3+ summary "OF: reserved mem: 0xB..0xE (N KiB) map reusable NAME": only
 * reusable regions can be CMA. Names a pool the "created" line made, or adds
 * it when that line is missing or comes later (then resv_add dedups by base).
 */
static void on_dt_summary(struct cma_klog *k, struct span s)
{
	struct klog_resv *r;
	uint64_t base, end, kib, size;

	if (!sp_hex(&s, &base) || !sp_lit(&s, "..") || !sp_hex(&s, &end) ||
	    !sp_lit(&s, " ("))
		return;
	while (sp_lit(&s, " "))
		;
	if (!sp_u64(&s, &kib) || !sp_lit(&s, " KiB) ") || !mul_ok(kib, 10, &size))
		return;
	if (!sp_lit(&s, "map ") && !sp_lit(&s, "nomap "))
		return;
	if (!sp_lit(&s, "reusable "))
		return;
	r = resv_by_base(k, KRESV_DT_POOL, base);
	if (!r)
		r = resv_add(k, KRESV_DT_POOL, size, true, base);
	if (r && !r->name[0])
		copy_text(r->name, sizeof(r->name), s.p, s.n);
}

/* "OF: reserved mem: failed to allocate memory for node 'X'[: size N MiB]" (6.1; older: no size). */
static void on_of_alloc_failed(struct cma_klog *k, struct span s)
{
	struct span line = s;
	long q = sp_find(&s, "'");
	long c = sp_find(&s, "': size ");
	struct klog_resv_fail *f;
	uint64_t size = 0;

	if (c >= 0) {
		sp_skip(&s, (size_t)c + strlen("': size "));
		if (!sp_mib(&s, &size))
			size = 0;
	}
	f = resv_fail(k, size, true);
	if (f && q >= 0)
		copy_text(f->name, sizeof(f->name), line.p, (size_t)q);
}

/* "Reserved memory: failed to reserve memory for node 'X': base B, size N MiB" (6.1 fdt.c). */
static void on_fdt_reserve_failed(struct cma_klog *k, struct span s)
{
	struct span line = s;
	long q = sp_find(&s, "'");
	long c = sp_find(&s, ", size ");
	struct klog_resv_fail *f;
	uint64_t size = 0;

	if (c >= 0) {
		sp_skip(&s, (size_t)c + strlen(", size "));
		if (!sp_mib(&s, &size))
			size = 0;
	}
	f = resv_fail(k, size, true);
	if (f && q >= 0)
		copy_text(f->name, sizeof(f->name), line.p, (size_t)q);
}

/* "Reserved memory: bypass NODE node, using cmdline CMA params instead" (5.6+). */
static void on_bypass(struct cma_klog *k, struct span s)
{
	long c = sp_find(&s, " node, using cmdline CMA params instead");

	if (c < 0)
		return;
	k->bypass = true;
	copy_text(k->bypass_node, sizeof(k->bypass_node), s.p, (size_t)c);
	quote(k, k->bypass_line, sizeof(k->bypass_line));
	implies(k, 5, 6, "the cmdline-beats-DT bypass line (5.6+)");
}

/* "Memory: 98324K/1048576K available (... 65536K cma-reserved[, NK highmem])" (~3.19+). */
static void on_memory(struct cma_klog *k, struct span s)
{
	long c = sp_find(&s, "K cma-reserved");
	size_t start;
	uint64_t kib, bytes;
	struct span d;

	if (c <= 0)
		return;
	start = (size_t)c;
	while (start > 0 && is_digit(s.p[start - 1]))
		start--;
	d.p = s.p + start;
	d.n = (size_t)c - start;
	if (!sp_u64(&d, &kib) || d.n || !mul_ok(kib, 10, &bytes))
		return;
	k->has_memory_line = true;
	k->memory_cma_reserved_bytes = bytes;
}

/* ---- allocation failures ------------------------------------------------ */

static void fail_add(struct cma_klog *k, const char *area, size_t alen, uint64_t pages, int ret)
{
	char name[KLOG_NAME_MAX];
	uint64_t busy;
	int i;

	copy_text(name, sizeof(name), area, alen);
	k->fails_total++;
	/* cma_alloc() retries alloc_contig_range() on the next run after each
	 * busy one and prints its failure line last, so busy lines belong to
	 * the failure that follows them. */
	busy = k->busy_pending;
	k->busy_pending = 0;
	if (pages > k->largest_fail_pages)
		k->largest_fail_pages = pages;
	for (i = 0; i < k->nfails; i++) {
		struct klog_fail *f = &k->fails[i];

		if (f->pages == pages && f->ret == ret && !strcmp(f->area, name)) {
			f->count++;
			f->busy += busy;
			return;
		}
	}
	if (k->nfails >= (int)ARRAY_LEN(k->fails)) {
		k->fails_dropped++;
		return;
	}
	memcpy(k->fails[k->nfails].area, name, sizeof(name));
	k->fails[k->nfails].pages = pages;
	k->fails[k->nfails].ret = ret;
	k->fails[k->nfails].count = 1;
	k->fails[k->nfails].busy = busy;
	k->nfails++;
}

/*
 * After "cma: cma_alloc: ", "cma: __cma_alloc: " (6.12, 6.18) or
 * "cma: __cma_alloc_frozen: " (Debian's 7.2):
 *   "alloc failed, req-size: N pages, ret: R"        4.11-5.11 (no area)
 *   "AREA: alloc failed, req-size: N pages, ret: R"  5.12+ (cma_alloc), 6.11+? (__cma_alloc)
 * AREA may hold ',' and '@' ("linux,cma@60000000"). Malformed or cut lines
 * are not counted: a group with a guessed size would mislead.
 */
static void on_alloc_failed(struct cma_klog *k, struct span s)
{
	static const char tail[] = "alloc failed, req-size: ";
	const char *area = s.p;
	size_t alen = 0;
	uint64_t pages;
	int ret;

	if (!sp_lit(&s, tail)) {
		long c = sp_find(&s, ": alloc failed, req-size: ");

		if (c <= 0)
			return;
		alen = (size_t)c;
		sp_skip(&s, alen + 2 + strlen(tail));
	}
	if (!sp_u64(&s, &pages) || !sp_lit(&s, " pages, ret: ") || !sp_int(&s, &ret))
		return;
	fail_add(k, area, alen, pages, ret);
	copy_text(k->fail_area, sizeof(k->fail_area), area, alen);
	quote(k, k->last_fail_line, sizeof(k->last_fail_line));
	k->dump_open = -1;
	if (alen)
		implies(k, 5, 12, "a failure line that names its area (5.12+)");
	else
		implies_before(k, 5, 12, "a failure line that names no area (4.11-5.11)");
}

/*
 * "alloc_contig_range: [%lx, %lx) PFNs busy" (mm/page_alloc.c; pr_info,
 * ratelimited from 2017; dropped by "mm/page_alloc: drop
 * pr_info_ratelimited() in alloc_contig_range()", David Hildenbrand,
 * 2021-03, so only kernels before 5.13 print it). The pages of that range
 * could not be isolated or migrated: pinned or busy. Gigantic huge pages
 * and memory hot-unplug use alloc_contig_range() too, so the line alone
 * does not prove CMA; it is attributed to the CMA failure that follows.
 */
static void on_pfns_busy(struct cma_klog *k, struct span s)
{
	uint64_t a, b;

	if (!sp_hex(&s, &a) || !sp_lit(&s, ", ") || !sp_hex(&s, &b) ||
	    !sp_lit(&s, ") PFNs busy") || a >= b)
		return;
	k->busy_total++;
	k->busy_pending++;
	quote(k, k->busy_line, sizeof(k->busy_line));
	implies_before(k, 5, 13, "'alloc_contig_range: ... PFNs busy' (before 5.13)");
}

/*
 * Why mm/cma.c refused a cma= / Kconfig reservation, printed just before
 * its "Failed to reserve N MiB" line:
 *   "Region at %pa must be aligned to %pa bytes"           (cma=SIZE@BASE)
 *   "Size (%pa) of region at %pa exceeds limit (%pa)"       (cma=SIZE@BASE-LIMIT)
 *     both from c633324e3112 "mm/cma.c: fail if fixed declaration can't
 *     be honored" (5.3, backported to 4.4+ stable, so no version bound)
 *   "Region at %pa defined on low/high memory boundary (%pa)"  (3.18+)
 *   "Not enough slots for CMA reserved regions!"  (3.17+, MAX_CMA_AREAS)
 * The same texts in 6.15+'s __cma_declare_contiguous_nid().
 */
static void on_resv_why(struct cma_klog *k, struct span s)
{
	static const char *const says[] = {
		" must be aligned to ", " exceeds limit (", " defined on low/high memory boundary (",
		"for CMA reserved regions!",
	};
	bool ok = false;

	for (size_t i = 0; i < ARRAY_LEN(says); i++)
		if (sp_find(&s, says[i]) >= 0)
			ok = true;
	if (!ok)
		return;
	k->resv_why_total++;
	quote(k, k->resv_why, sizeof(k->resv_why));
}

/* ---- free-page dump ----------------------------------------------------- */

const struct klog_dump *klog_dump_for(const struct cma_klog *k, const char *area)
{
	for (int i = k->ndumps - 1; i >= 0; i--)
		if (k->dumps[i].complete && !strcmp(k->dumps[i].area, area))
			return &k->dumps[i];
	return NULL;
}

/* Pieces "F@I" joined by "+" (a leading "+" from 6.15): the largest F. */
static void dump_pieces(struct klog_dump *d, struct span *s)
{
	uint64_t f, idx;

	for (;;) {
		sp_lit(s, "+");
		if (!sp_u64(s, &f) || !sp_lit(s, "@") || !sp_u64(s, &idx))
			return;
		if (f > d->largest_run)
			d->largest_run = f;
	}
}

/* "=> F free of T total pages" closes the dump (its own line, or the tail). */
static void dump_close(struct cma_klog *k, struct span s)
{
	struct klog_dump *d;
	uint64_t f, t;

	if (k->dump_open < 0)
		return;
	d = &k->dumps[k->dump_open];
	if (!sp_u64(&s, &f) || !sp_lit(&s, " free of ") || !sp_u64(&s, &t) ||
	    !sp_lit(&s, " total pages") || f > t)
		return;
	d->free_pages = f;
	d->total_pages = t;
	d->complete = true;
	k->dump_open = -1;
}

static void on_dump_start(struct cma_klog *k, struct span s)
{
	struct klog_dump *d;
	int i;

	/* one slot per area: a newer dump of the same area replaces the older */
	for (i = 0; i < k->ndumps; i++)
		if (!strcmp(k->dumps[i].area, k->fail_area))
			break;
	if (i == k->ndumps) {
		if (k->ndumps >= (int)ARRAY_LEN(k->dumps))
			return;
		k->ndumps++;
	}
	d = &k->dumps[i];
	memset(d, 0, sizeof(*d));
	memcpy(d->area, k->fail_area, sizeof(d->area));
	k->dump_open = i;
	/* before 6.15 the pieces and the total follow on the same line */
	dump_pieces(d, &s);
	if (sp_lit(&s, "=> "))
		dump_close(k, s);
}

/* "cma: range N: +F@I+..." (6.15+, one per range). */
static void on_dump_range(struct cma_klog *k, struct span s)
{
	uint64_t n;

	if (k->dump_open < 0 || !sp_u64(&s, &n) || !sp_lit(&s, ": "))
		return;
	k->dumps[k->dump_open].nranges++;
	implies(k, 6, 15, "the free-page dump's 'range N:' lines (6.15+)");
	dump_pieces(&k->dumps[k->dump_open], &s);
	if (sp_lit(&s, "=> "))
		dump_close(k, s);
}

/* "=> F free of T total pages": pr_cont after a newline prints it bare (7.2). */
static void on_dump_total(struct cma_klog *k, struct span s)
{
	dump_close(k, s);
}

/* ---- heaps --------------------------------------------------------------- */

/* "ion_device_add_heap: NAME id=N type=T" (Android ION, before dma-buf heaps). */
static void on_ion_heap(struct cma_klog *k, struct span s)
{
	long c = sp_find(&s, " id=");

	if (c <= 0 || k->nheaps >= (int)ARRAY_LEN(k->heaps))
		return;
	copy_text(k->heaps[k->nheaps++], KLOG_NAME_MAX, s.p, (size_t)c);
}

bool klog_proves_cma(const struct cma_klog *k)
{
	return k->nresv > 0 || k->nresv_fail > 0 || k->fails_total > 0 || k->ndumps > 0 ||
	       k->bypass || k->ndt_init > 0 || k->memory_cma_reserved_bytes > 0 ||
	       k->resv_why_total > 0 || k->dt_alignment_error || k->dt_setup_error;
}

/* ---- dispatch ------------------------------------------------------------ */

typedef void (*klog_handler)(struct cma_klog *k, struct span rest);

static void set_dt_alignment(struct cma_klog *k, struct span s)
{
	(void)s;
	k->dt_alignment_error = true;
}

static void set_dt_setup(struct cma_klog *k, struct span s)
{
	(void)s;
	k->dt_setup_error = true;
}

/*
 * 6.19 and 6.18.y: "OF: reserved mem: Skipping dt linux,cma-default for
 * \"cma=\" kernel param." (commit 0fd17e598333); Debian's 7.2 prints
 * "Skipping dt linux,cma-default node in favor for \"cma=\" kernel param."
 * with no prefix (DOMAIN.md 7). No node name in either.
 */
static void set_bypass_of(struct cma_klog *k, struct span s)
{
	k->bypass = true;
	quote(k, k->bypass_line, sizeof(k->bypass_line));
	implies(k, 6, 18, "'OF: reserved mem: Skipping dt linux,cma-default' (6.18.y, 6.19+)");
}

static void set_bypass_bare(struct cma_klog *k, struct span s)
{
	k->bypass = true;
	quote(k, k->bypass_line, sizeof(k->bypass_line));
	implies(k, 6, 18, "'Skipping dt linux,cma-default node in favor for \"cma=\"' (seen on 7.2)");
}

/*
 * Message starts, matched at the start of the bare message only, so a line
 * that merely mentions cma (e.g. the command line itself) never matches.
 */
#define H(lit, fn) { lit, sizeof(lit) - 1, fn }
static const struct {
	const char *start;
	size_t len;
	klog_handler fn;
} handlers[] = {
	H("Linux version ",					on_version),
	H("Kernel command line:",				on_cmdline),
	H("cma: Reserved ",					on_reserved),	/* 4.x+ */
	H("cma: CMA: reserved ",				on_reserved),	/* 3.17-era mm/cma.c */
	H("CMA: reserved ",					on_reserved),	/* 3.5-3.16 */
	H("cma: Failed to reserve ",				on_reserve_failed),
	H("cma: Region at ",					on_resv_why),	/* 3.18+ */
	H("cma: Size (",					on_resv_why),	/* 5.3+ */
	H("cma: Not enough slots ",				on_resv_why),	/* 3.17+ */
	H("cma: CMA: failed to reserve ",			on_reserve_failed),
	H("CMA: failed to reserve ",				on_reserve_failed),
	H("Reserved memory: created CMA memory pool at ",	on_dt_pool),
	H("OF: reserved mem: initialized node ",		on_dt_initialized),
	H("Reserved memory: initialized node ",			on_dt_initialized),	/* 3.x-4.x pr_fmt */
	H("OF: reserved mem: 0x",				on_dt_summary),	/* 6.3+ */
	H("OF: reserved mem: failed to allocate memory for node '", on_of_alloc_failed),
	H("Reserved memory: failed to allocate memory for node '", on_of_alloc_failed),
	H("Reserved memory: failed to reserve memory for node '", on_fdt_reserve_failed),
	H("Reserved memory: bypass ",				on_bypass),	/* 5.6+ */
	H("OF: reserved mem: Skipping dt linux,cma-default ",	set_bypass_of),	/* 6.18.y, 6.19+ */
	H("Skipping dt linux,cma-default ",			set_bypass_bare),	/* 7.2 */
	H("Reserved memory: incorrect alignment of CMA region",	set_dt_alignment),
	H("Reserved memory: unable to setup CMA region",	set_dt_setup),
	H("Memory: ",						on_memory),
	H("cma: cma_alloc: ",					on_alloc_failed),	/* 4.11+ */
	H("cma: __cma_alloc: ",					on_alloc_failed),	/* 6.12, 6.18 */
	H("cma: __cma_alloc_frozen: ",				on_alloc_failed),	/* 7.2 */
	H("cma: number of available pages: ",			on_dump_start),
	H("cma: range ",					on_dump_range),	/* 6.15+ */
	H("cma: => ",						on_dump_total),
	H("=> ",						on_dump_total),	/* 7.2: bare */
	H("ion_device_add_heap: ",				on_ion_heap),
	H("alloc_contig_range: [",				on_pfns_busy),	/* before 5.13 */
};
#undef H

/* The first letters of every handlers[] start; keep in step with the table. */
static bool may_start_handler(char c)
{
	return c == 'L' || c == 'K' || c == 'c' || c == 'C' || c == 'R' || c == 'O' || c == 'M' ||
	       c == 'S' || c == '=' || c == 'i' || c == 'a';
}

/*
 * Fast path for plain dmesg ("[ts] msg"), most of any log: when the byte after
 * the first "] " can start no handler (nor a second bracket), whether that
 * bracket is a stamp or not, the line cannot match. Saves the full strip.
 */
static bool stamped_noise(const struct span *s)
{
	const char *end, *msg;

	if (s->n < 4 || s->p[0] != '[')
		return false;
	end = memchr(s->p + 1, ']', s->n - 1 < 47 ? s->n - 1 : 47);
	if (!end || end + 2 >= s->p + s->n)
		return false;
	msg = end[1] == ' ' ? end + 2 : end + 1;
	return *msg != '[' && !may_start_handler(*msg);
}

void klog_feed_line(struct cma_klog *k, const char *line, size_t len)
{
	struct span s = { line, line ? len : 0 };
	size_t i;

	k->lines++;
	if (s.n && s.p[s.n - 1] == '\r')
		s.n--;
	if (is_kmsg_continuation(&s) || stamped_noise(&s))
		return;
	strip_prefixes(&s);
	if (!s.n || !may_start_handler(s.p[0]))
		return;		/* most of a log: one byte settles it */
	for (i = 0; i < ARRAY_LEN(handlers); i++) {
		if (s.n >= handlers[i].len && !memcmp(s.p, handlers[i].start, handlers[i].len)) {
			struct span rest = { s.p + handlers[i].len, s.n - handlers[i].len };

			k->msg = s.p;
			k->msg_len = s.n;
			handlers[i].fn(k, rest);
			k->msg = NULL;
			k->msg_len = 0;
			return;
		}
	}
}
