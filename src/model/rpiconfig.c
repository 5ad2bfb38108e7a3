// SPDX-License-Identifier: GPL-2.0-or-later
/* CMA in Raspberry Pi config.txt (rpiconfig.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/lines.h"
#include "model/rpiconfig.h"

/*
 * The overlays that carry CMA parameters (raspberrypi/linux
 * arch/arm/boot/dts/overlays/README: "cma", "vc4-kms-v3d", "vc4-fkms-v3d";
 * the latter two include cma-overlay.dts), and the sizes cma-NNN names.
 */
static const char *const cma_overlays[] = { "vc4-kms-v3d", "vc4-fkms-v3d", "cma" };
static const unsigned cma_mib[] = { 512, 448, 384, 320, 256, 192, 128, 96, 64 };

static bool is_cma_overlay(const char *s, size_t n)
{
	/* "vc4-kms-v3d-pi4" and the like are the same overlay for a board */
	for (size_t i = 0; i < sizeof(cma_overlays) / sizeof(cma_overlays[0]); i++) {
		size_t k = strlen(cma_overlays[i]);

		if (n >= k && !memcmp(s, cma_overlays[i], k) && (n == k || s[k] == '-'))
			return i < 2 || n == k;
	}
	return false;
}

/* A decimal or 0x number, whole: dtparam's integers. */
static bool number(const char *s, size_t n, uint64_t *v)
{
	char buf[32], *end;

	if (!n || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*v = strtoull(buf, &end, 0);
	return *end == '\0' && buf[0] >= '0' && buf[0] <= '9';
}

/* One parameter "name[=value]"; true when it is a CMA one (then @out is set). */
static bool param(const char *s, size_t n, struct rpi_cma *out)
{
	uint64_t v;

	if (n == 11 && !memcmp(s, "cma-default", 11)) {
		out->is_default = true;
		out->size = 0;
	} else if (n > 9 && !memcmp(s, "cma-size=", 9) && number(s + 9, n - 9, &v)) {
		out->is_default = false;
		out->size = v;
	} else {
		bool hit = false;

		for (size_t i = 0; i < sizeof(cma_mib) / sizeof(cma_mib[0]) && !hit; i++) {
			char name[16];

			snprintf(name, sizeof(name), "cma-%u", cma_mib[i]);
			if (strlen(name) == n && !memcmp(s, name, n)) {
				out->is_default = false;
				out->size = (uint64_t)cma_mib[i] << 20;
				hit = true;
			}
		}
		if (!hit)
			return false;
	}
	out->found = true;
	snprintf(out->param, sizeof(out->param), "%.*s", (int)(n < 40 ? n : 40), s);
	return true;
}

void rpi_config_cma(const char *text, size_t len, struct rpi_cma *out)
{
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, no = 0;
	bool cur = false;	/* the overlay loaded last carries CMA parameters */

	memset(out, 0, sizeof(*out));
	while (line_next(&it, &line, &n)) {
		const char *p, *e;
		bool overlay;

		no++;
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		if (line_starts(line, n, "dtoverlay="))
			p = line + 10, overlay = true;
		else if (line_starts(line, n, "dtparam="))
			p = line + 8, overlay = false;
		else
			continue;
		e = line + n;
		if (overlay) {
			const char *c = memchr(p, ',', (size_t)(e - p));
			size_t k = (size_t)((c ? c : e) - p);

			/* "dtoverlay=" alone ends the overlay's parameters; a new one starts */
			cur = k && is_cma_overlay(p, k);
			p = c ? c + 1 : e;
		}
		while (cur && p < e) {
			const char *c = memchr(p, ',', (size_t)(e - p));
			size_t k = (size_t)((c ? c : e) - p);

			if (param(p, k, out)) {
				out->line = no;
				snprintf(out->text, sizeof(out->text), "%.*s", (int)(n < 150 ? n : 150),
					 line);
			}
			p = c ? c + 1 : e;
		}
	}
}
