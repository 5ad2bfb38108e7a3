// SPDX-License-Identifier: GPL-2.0-or-later
/* The CMA options of a kernel .config (linux-6.1/mm/Kconfig, kernel/dma/Kconfig). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include "model/lines.h"
#include "model/kconfig.h"

struct kc_tri_opt { const char *name; size_t off; };

#define TRI(n, f) { n, offsetof(struct cma_kconfig, f) }
static const struct kc_tri_opt tri_opts[] = {
	TRI("CMA", cma), TRI("DMA_CMA", dma_cma), TRI("CMA_SYSFS", cma_sysfs),
	TRI("CMA_DEBUGFS", cma_debugfs), TRI("DMABUF_HEAPS", dmabuf_heaps),
	TRI("DMABUF_HEAPS_CMA", heaps_cma),
	TRI("DMABUF_HEAPS_CMA_LEGACY", heaps_cma_legacy),	/* 6.17+ */
	TRI("DMA_PERNUMA_CMA", dma_pernuma_cma), TRI("DMA_NUMA_CMA", dma_numa_cma),
	TRI("ARM", arm), TRI("ARM64", arm64), TRI("HIGHMEM", highmem),
	TRI("VMSPLIT_3G", vmsplit_3g), TRI("VMSPLIT_2G", vmsplit_2g), TRI("VMSPLIT_1G", vmsplit_1g),
};

static const struct { const char *name; enum kc_size_sel sel; } sel_opts[] = {
	{ "CMA_SIZE_SEL_MBYTES", KC_SEL_MBYTES }, { "CMA_SIZE_SEL_PERCENTAGE", KC_SEL_PERCENTAGE },
	{ "CMA_SIZE_SEL_MIN", KC_SEL_MIN }, { "CMA_SIZE_SEL_MAX", KC_SEL_MAX },
};

static bool name_is(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && !memcmp(s, name, len);
}

static bool number(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (!len)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) ||
		    __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(s[i] - '0'), &v))
			return false;
	}
	*out = v;
	return true;
}

static void set_option(struct cma_kconfig *k, const char *name, size_t nlen,
		       const char *val, size_t vlen)
{
	enum kc_tristate t = KC_UNKNOWN;

	if (vlen == 1 && *val == 'y')
		t = KC_YES;
	else if (vlen == 1 && *val == 'm')
		t = KC_MODULE;
	else if (vlen == 1 && *val == 'n')
		t = KC_NO;
	for (size_t i = 0; i < sizeof(tri_opts) / sizeof(tri_opts[0]); i++)
		if (name_is(name, nlen, tri_opts[i].name))
			*(enum kc_tristate *)((char *)k + tri_opts[i].off) = t;
	for (size_t i = 0; i < sizeof(sel_opts) / sizeof(sel_opts[0]); i++)
		if (name_is(name, nlen, sel_opts[i].name) && t == KC_YES)
			k->size_sel = sel_opts[i].sel;
	if (name_is(name, nlen, "CMA_SIZE_MBYTES"))
		k->has_size_mbytes = number(val, vlen, &k->size_mbytes);
	else if (name_is(name, nlen, "CMA_SIZE_PERCENTAGE"))
		k->has_size_percentage = number(val, vlen, &k->size_percentage);
	else if (name_is(name, nlen, "CMA_ALIGNMENT"))
		k->has_alignment = number(val, vlen, &k->alignment);
	else if (name_is(name, nlen, "CMA_AREAS"))
		k->has_areas = number(val, vlen, &k->areas);
}

static void parse_line(struct cma_kconfig *k, const char *line, size_t n)
{
	const char *eq;

	if (n && line[n - 1] == '\r')
		n--;
	/* "# Linux/arm64 7.2.13 Kernel Configuration" (make *config header) */
	if (line_starts(line, n, "# Linux/") && !k->header_release[0]) {
		const char *sp = memchr(line + 8, ' ', n - 8), *end;

		end = sp ? memchr(sp + 1, ' ', (size_t)(line + n - sp - 1)) : NULL;
		if (end && end - sp - 1 < (long)sizeof(k->header_release) &&
		    line_starts(end, (size_t)(line + n - end), " Kernel Configuration")) {
			memcpy(k->header_release, sp + 1, (size_t)(end - sp - 1));
			k->header_release[end - sp - 1] = '\0';
		}
		return;
	}
	if (line_starts(line, n, "# CONFIG_") && n > 13 &&
	    !memcmp(line + n - 11, " is not set", 11)) {
		set_option(k, line + 9, n - 9 - 11, "n", 1);
		return;
	}
	if (!line_starts(line, n, "CONFIG_"))
		return;
	eq = memchr(line, '=', n);
	if (eq)
		set_option(k, line + 7, (size_t)(eq - line - 7), eq + 1, (size_t)(line + n - eq - 1));
}

void kconfig_parse(const char *buf, size_t len, struct cma_kconfig *out)
{
	struct line_iter it = { buf, buf + len };
	const char *line;
	size_t n;

	memset(out, 0, sizeof(*out));
	while (line_next(&it, &line, &n))
		parse_line(out, line, n);
	/* An unset CMA means every dependent option is off too. */
	if (out->cma == KC_UNKNOWN)
		out->cma = KC_NO;
	if (out->dma_cma == KC_UNKNOWN)
		out->dma_cma = KC_NO;
}

/* "NAME" of CONFIG_NAME: letters, digits and '_' (scripts/kconfig's symbols). */
static bool symbol(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static bool option_line(const char *line, size_t n)
{
	const char *eq;

	if (n && line[n - 1] == '\r')
		n--;
	if (line_starts(line, n, "# Automatically generated file"))
		return true;
	if (line_starts(line, n, "# CONFIG_") && n > 20 &&
	    !memcmp(line + n - 11, " is not set", 11))
		return symbol(line + 9, n - 9 - 11);
	if (!line_starts(line, n, "CONFIG_") || !(eq = memchr(line, '=', n)))
		return false;
	return symbol(line + 7, (size_t)(eq - line - 7));
}

bool kconfig_is_config(const char *buf, size_t len)
{
	struct line_iter it = { buf, buf + len };
	const char *line;
	size_t n;

	while (line_next(&it, &line, &n))
		if (option_line(line, n))
			return true;
	return false;
}

const char *kconfig_line(const char *name, enum kc_tristate t, char *buf, size_t len)
{
	switch (t) {
	case KC_YES: snprintf(buf, len, "CONFIG_%s=y", name); break;
	case KC_MODULE: snprintf(buf, len, "CONFIG_%s=m", name); break;
	case KC_NO: snprintf(buf, len, "# CONFIG_%s is not set", name); break;
	default: snprintf(buf, len, "no CONFIG_%s line", name); break;
	}
	return buf;
}
