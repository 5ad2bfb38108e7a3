// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sizes: the one parser every command uses for user input, the kernel's own
 * memparse() for command lines, and a formatter for reports.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <stdbool.h>
#include "model/size.h"

static int mul_overflows(uint64_t a, uint64_t b, uint64_t *out)
{
	return __builtin_mul_overflow(a, b, out);
}

/* Digits in @base from @s; -1 on overflow, 0 when no digit was read. */
static int read_digits(const char *s, unsigned base, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p; p++) {
		unsigned d;

		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (mul_overflows(v, base, &v) || __builtin_add_overflow(v, d, &v))
			return -1;
	}
	*end = p;
	*out = v;
	return p != s;
}

struct unit { const char *suffix; unsigned shift; bool pages; };

/* "KB" means KiB here, as in the kernel's own documentation of cma=. */
static const struct unit units[] = {
	{ "", 0, false }, { "B", 0, false },
	{ "K", 10, false }, { "KB", 10, false }, { "KiB", 10, false }, { "Ki", 10, false },
	{ "M", 20, false }, { "MB", 20, false }, { "MiB", 20, false }, { "Mi", 20, false },
	{ "G", 30, false }, { "GB", 30, false }, { "GiB", 30, false }, { "Gi", 30, false },
	{ "T", 40, false }, { "TB", 40, false }, { "TiB", 40, false }, { "Ti", 40, false },
	{ "p", 0, true }, { "pg", 0, true }, { "page", 0, true }, { "pages", 0, true },
};

static const struct unit *find_unit(const char *s)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		const char *u = units[i].suffix;

		/* k/m/g/t in lower case are accepted like the kernel does */
		if (!strcmp(s, u) || (strlen(u) && !units[i].pages && !strcasecmp(s, u)))
			return &units[i];
	}
	return NULL;
}

int size_parse(const char *text, uint64_t page_size, uint64_t *out, char *err, size_t errlen)
{
	const char *p = text, *end;
	unsigned base = 10;
	const struct unit *u;
	uint64_t v, mult;
	int r;

	if (!text || !*text)
		return snprintf(err, errlen, "empty size"), -1;
	if (*p == '-')
		return snprintf(err, errlen, "'%s': a size cannot be negative", text), -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2, base = 16;
	r = read_digits(p, base, &v, &end);
	if (r < 0)
		return snprintf(err, errlen, "'%s': number too large", text), -1;
	if (r == 0)
		return snprintf(err, errlen, "'%s': not a size (expected e.g. 256M, 0x10000000, 4097p)",
				text), -1;
	if (*end == '.')
		return snprintf(err, errlen, "'%s': fractions are not supported (write 1536M, not 1.5G)",
				text), -1;
	u = find_unit(end);
	if (!u)
		return snprintf(err, errlen, "'%s': unknown unit '%s' (use K, M, G, T or p for pages)",
				text, end), -1;
	mult = u->pages ? page_size : (uint64_t)1 << u->shift;
	if (mul_overflows(v, mult, out))
		return snprintf(err, errlen, "'%s': size too large", text), -1;
	return 0;
}

void size_format(uint64_t bytes, char *buf, size_t len)
{
	static const char *const names[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned i = 0;
	uint64_t unit = 1024;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " B", bytes);
		return;
	}
	while (i + 1 < 6 && bytes / unit >= 1024)
		unit *= 1024, i++;
	if (bytes % unit == 0)
		snprintf(buf, len, "%" PRIu64 " %s", bytes / unit, names[i]);
	else
		snprintf(buf, len, "%.1f %s", (double)bytes / (double)unit, names[i]);
}

int kernel_memparse(const char *s, const char **end, uint64_t *out)
{
	unsigned base = 10, shift = 0;
	const char *p = s;
	uint64_t v;
	int r;

	/* simple_strtoull(s, &e, 0): 0x is hex, a leading 0 is octal */
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]))
		p += 2, base = 16;
	else if (p[0] == '0')
		base = 8;
	r = read_digits(p, base, &v, end);
	if (r <= 0)
		return *out = 0, *end = s, -1;
	switch (**end) {
	case 'E': case 'e': shift += 10; /* fall through */
	case 'P': case 'p': shift += 10; /* fall through */
	case 'T': case 't': shift += 10; /* fall through */
	case 'G': case 'g': shift += 10; /* fall through */
	case 'M': case 'm': shift += 10; /* fall through */
	case 'K': case 'k': shift += 10; (*end)++; break;
	default: break;
	}
	if (shift && (v >> (64 - shift)))
		return *out = 0, -1;
	*out = v << shift;
	return 0;
}
