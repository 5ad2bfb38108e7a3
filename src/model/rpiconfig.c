// SPDX-License-Identifier: GPL-2.0-or-later
/* CMA in Raspberry Pi config.txt (rpiconfig.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/lines.h"
#include "model/rpiconfig.h"
#include "model/sbuf.h"

/*
 * The overlays that carry CMA parameters (raspberrypi/linux
 * arch/arm/boot/dts/overlays/README: "cma", "vc4-kms-v3d", "vc4-fkms-v3d";
 * the latter two include cma-overlay.dts), and the sizes cma-NNN names.
 */
static const char *const cma_overlays[] = { "vc4-kms-v3d", "vc4-fkms-v3d", "cma" };
#define OVL_CMA 2
static const unsigned cma_mib[] = { 512, 448, 384, 320, 256, 192, 128, 96, 64 };

/* cma-size is "in bytes, 4MB aligned" (cma-overlay.dts's __overrides__ comment) */
#define CMA_SIZE_ALIGN (4ull << 20)

#define LINE_MAX_BYTES 4096	/* a bound for hostile input, far above any real line */

const char *rpi_overlay_name(int i)
{
	return i >= 0 && (size_t)i < sizeof(cma_overlays) / sizeof(cma_overlays[0]) ?
	       cma_overlays[i] : "";
}

/*
 * The board's model filters, from its root compatible: the board's own
 * string, the first of the list (the DT reader keeps that one; "brcm,bcm2711"
 * after it is the SoC's, shared by the 4B, 400 and CM4). Only the boards the
 * Raspberry Pi config.txt documentation names for sure, in its model filter
 * table (raspberrypi/documentation,
 * documentation/asciidoc/computers/config_txt/conditional.adoc, commit
 * 010d8151): a board also sees the filters it "also sees" there: [pi3+] and
 * [pi3] on the 3B+/3A+, [pi0w] and [pi0] on the Zero W, [pi400] and [pi4] on
 * the Pi 400, [cm4] or [cm4s] and [pi4] on the Compute Module 4 and 4S,
 * [pi02], [pi0w] and [pi0] on the Zero 2 W. The compatibles are the
 * kernel's (arch/arm/boot/dts/broadcom/bcm2711-rpi-400.dts,
 * bcm2711-rpi-cm4.dts, bcm2711-rpi-cm4s.dts, bcm2710-rpi-zero-2-w.dts in
 * raspberrypi/linux; the 400, CM4 IO and Zero 2 W ones also in Debian 12's
 * linux-image-6.1.0-*-arm64 DTBs). The Pi 5's [pi5] came with an earlier
 * change; that version of the table has no Pi 5 rows. Boards left out (the
 * CM3 and CM3+ share one compatible; the Pi 500 and CM5, whose filters that
 * table does not give, ...) are unknown: their model filters "may apply".
 */
static const struct { const char *compatible, *filters; } boards[] = {
	{ "raspberrypi,5-model-b", "pi5" },
	{ "raspberrypi,4-model-b", "pi4" },
	{ "raspberrypi,400", "pi4 pi400" },
	{ "raspberrypi,4-compute-module", "pi4 cm4" },
	{ "raspberrypi,4-compute-module-s", "pi4 cm4s" },
	{ "raspberrypi,3-model-b-plus", "pi3 pi3+" },
	{ "raspberrypi,3-model-a-plus", "pi3 pi3+" },
	{ "raspberrypi,3-model-b", "pi3" },
	{ "raspberrypi,2-model-b", "pi2" },
	{ "raspberrypi,model-zero-2-w", "pi0 pi0w pi02" },
	{ "raspberrypi,model-zero-w", "pi0 pi0w" },
	{ "raspberrypi,model-zero", "pi0" },
};

/* The model filters (the documentation's table, plus the later boards' names). */
static const char *const model_filters[] = {
	"pi1", "pi2", "pi3", "pi3+", "pi4", "pi400", "pi5", "pi500", "pi0", "pi0w", "pi02",
	"cm1", "cm3", "cm3+", "cm4", "cm4s", "cm5",
};

const char *rpi_board_filters(const char *compatible)
{
	if (!compatible)
		return NULL;
	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++)
		if (!strcmp(compatible, boards[i].compatible))
			return boards[i].filters;
	return NULL;
}

/*
 * The filters in force: [all] resets them; a model filter replaces the
 * model filter before it, other filters ([EDID=...], [gpio4=1], [0x...],
 * [tryboot], ...) add to it (filters of one type replace each other, of
 * different types combine); [none] stops everything until [all].
 */
struct section {
	bool none;
	char model[16];		/* "" when no model filter */
	char other[40];		/* the other filters, as written */
};

static bool is_model(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(model_filters) / sizeof(model_filters[0]); i++)
		if (strlen(model_filters[i]) == n && !memcmp(s, model_filters[i], n))
			return true;
	return false;
}

static void section_enter(struct section *s, const char *name, size_t n)
{
	if (n == 3 && !memcmp(name, "all", 3)) {
		memset(s, 0, sizeof(*s));
	} else if (n == 4 && !memcmp(name, "none", 4)) {
		s->none = true;
	} else if (is_model(name, n)) {
		snprintf(s->model, sizeof(s->model), "%.*s", (int)n, name);
	} else {
		size_t used = strlen(s->other);

		snprintf(s->other + used, sizeof(s->other) - used, "[%.*s]",
			 (int)(n < 30 ? n : 30), name);
	}
}

static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ' ');
		size_t k = e ? (size_t)(e - p) : strlen(p);

		if (k == n && !memcmp(p, word, n))
			return true;
		p = e ? e + 1 : p + k;
	}
	return false;
}

static enum rpi_applies section_applies(const struct section *s, const char *filters)
{
	if (s->none)
		return RPI_NOT;
	if (s->model[0] && filters && !in_list(filters, s->model))
		return RPI_NOT;
	if ((s->model[0] && !filters) || s->other[0])
		return RPI_MAYBE;
	return RPI_APPLIES;
}

static void section_text(const struct section *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s", s->none ? "[none]" : "", s->model[0] ? "[" : "",
		 s->model, s->model[0] ? "]" : "", s->other);
}

static bool is_cma_overlay(const char *s, size_t n, int *which)
{
	/* "vc4-kms-v3d-pi4" and the like are the same overlay for a board */
	for (size_t i = 0; i < sizeof(cma_overlays) / sizeof(cma_overlays[0]); i++) {
		size_t k = strlen(cma_overlays[i]);

		if (n >= k && !memcmp(s, cma_overlays[i], k) && (n == k || s[k] == '-') &&
		    (i < OVL_CMA || n == k)) {
			*which = (int)i;
			return true;
		}
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

/* One parameter "name[=value]": a CMA one? Then @is_default and @size say what it asks. */
static bool param(const char *s, size_t n, bool *is_default, uint64_t *size)
{
	uint64_t v;

	*is_default = false;
	*size = 0;
	if (n == 11 && !memcmp(s, "cma-default", 11)) {
		*is_default = true;
		return true;
	}
	if (n > 9 && !memcmp(s, "cma-size=", 9) && number(s + 9, n - 9, &v)) {
		*size = v;
		return true;
	}
	for (size_t i = 0; i < sizeof(cma_mib) / sizeof(cma_mib[0]); i++) {
		char name[16];

		snprintf(name, sizeof(name), "cma-%u", cma_mib[i]);
		if (strlen(name) == n && !memcmp(s, name, n)) {
			*size = (uint64_t)cma_mib[i] << 20;
			return true;
		}
	}
	return false;
}

/* The walk over config.txt: where a line's parameters go, and whether they apply. */
struct walk {
	struct section sec;
	const char *filters;	/* the board's, or NULL */
	int cur;		/* the CMA overlay loaded last, -1: none (or another overlay) */
	enum rpi_applies cur_applies;
};

/* One line as the walk sees it. */
struct wline {
	const char *line;
	size_t n;		/* without the trailing blanks and \r */
	bool overlay;		/* a dtoverlay= line (else dtparam=) */
	const char *p, *e;	/* its CMA overlay's parameters */
	int ovl;
	enum rpi_applies applies;
};

/* @n without the line's trailing blanks and \r (a CRLF file, "os_prefix=next/ "). */
static size_t trimmed(const char *line, size_t n)
{
	while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	return n;
}

/* Step over one line: true when it holds parameters of a CMA overlay (@l filled). */
static bool walk_line(struct walk *w, const char *line, size_t n, struct wline *l)
{
	enum rpi_applies a;

	n = trimmed(line, n);
	if (n >= 2 && line[0] == '[' && memchr(line, ']', n)) {
		const char *close = memchr(line, ']', n);

		section_enter(&w->sec, line + 1, (size_t)(close - line - 1));
		return false;
	}
	a = section_applies(&w->sec, w->filters);
	l->line = line, l->n = n;
	l->e = line + n;
	if (a == RPI_NOT)
		return false;	/* the firmware skips the line */
	if (line_starts(line, n, "dtoverlay=")) {
		const char *p = line + 10, *c = memchr(p, ',', (size_t)(l->e - p));
		size_t k = (size_t)((c ? c : l->e) - p);

		/* "dtoverlay=" alone ends the overlay's parameters; a new one starts */
		w->cur = -1;
		if (k && is_cma_overlay(p, k, &w->cur))
			w->cur_applies = a;
		l->overlay = true;
		l->p = c ? c + 1 : l->e;
	} else if (line_starts(line, n, "dtparam=")) {
		l->overlay = false;
		l->p = line + 8;
	} else {
		return false;
	}
	if (w->cur < 0)
		return false;
	l->ovl = w->cur;
	l->applies = a > w->cur_applies ? a : w->cur_applies;
	return true;
}

void rpi_config_cma(const char *text, size_t len, const char *board, struct rpi_cma *out)
{
	struct walk w = { .filters = rpi_board_filters(board), .cur = -1 };
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, no = 0;

	memset(out, 0, sizeof(*out));
	while (line_next(&it, &line, &n)) {
		struct wline l;

		no++;
		if (!walk_line(&w, line, n, &l))
			continue;
		if (l.overlay) {
			out->ovl_found = true;
			out->ovl = l.ovl;
			out->ovl_line = no;
			out->ovl_end = (size_t)(l.e - text);
			out->ovl_applies = l.applies;
		}
		for (const char *p = l.p; p < l.e;) {
			const char *c = memchr(p, ',', (size_t)(l.e - p));
			size_t k = (size_t)((c ? c : l.e) - p);
			bool def;
			uint64_t size;

			if (param(p, k, &def, &size)) {
				out->found = true;
				out->is_default = def;
				out->size = size;
				out->line = no;
				out->off = (size_t)(p - text);
				out->plen = k;
				out->overlay = l.ovl;
				out->applies = l.applies;
				snprintf(out->param, sizeof(out->param), "%.*s", (int)(k < 40 ? k : 40),
					 p);
				snprintf(out->text, sizeof(out->text), "%.*s",
					 (int)(l.n < 150 ? l.n : 150), line);
				section_text(&w.sec, out->section, sizeof(out->section));
				if (l.applies == RPI_APPLIES)
					out->section[0] = '\0';
			}
			p = c ? c + 1 : l.e;
		}
	}
	out->end_filtered = w.sec.none || w.sec.model[0] || w.sec.other[0];
}

void rpi_config_dtb(const char *text, size_t len, const char *board, struct rpi_dtb *out)
{
	struct walk w = { .filters = rpi_board_filters(board), .cur = -1 };
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, no = 0;

	memset(out, 0, sizeof(*out));
	while (line_next(&it, &line, &n)) {
		struct wline l;
		enum rpi_applies a;
		bool prefix;
		size_t k;

		no++;
		walk_line(&w, line, n, &l);	/* sections */
		a = section_applies(&w.sec, w.filters);
		if (a == RPI_NOT || (n && line[0] == '['))
			continue;
		n = trimmed(line, n);
		if (!(prefix = line_starts(line, n, "os_prefix=")) &&
		    !line_starts(line, n, "device_tree="))
			continue;
		k = prefix ? 10 : 12;
		if (n - k >= sizeof(out->os_prefix))
			continue;	/* no real path is that long */
		if (prefix) {
			snprintf(out->os_prefix, sizeof(out->os_prefix), "%.*s", (int)(n - k), line + k);
			out->prefix_line = no;
		} else {
			snprintf(out->device_tree, sizeof(out->device_tree), "%.*s", (int)(n - k),
				 line + k);
			out->dt_line = no;
		}
		out->maybe = out->maybe || a == RPI_MAYBE;
	}
}

int rpi_config_accepts(const char *text, size_t len, char *err, size_t errlen)
{
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, no = 0;

	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "not a config.txt: it holds a NUL byte (a binary file?)");
		return -1;
	}
	while (line_next(&it, &line, &n)) {
		size_t k = 0;

		no++;
		if (n > LINE_MAX_BYTES) {
			snprintf(err, errlen, "not a config.txt: line %zu is %zu bytes long", no, n);
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 && line[i] != '\t' && line[i] != '\r') {
				snprintf(err, errlen, "not a config.txt: line %zu holds a control "
					 "character (0x%02x)", no, (unsigned char)line[i]);
				return -1;
			}
		while (k < n && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
			k++;
		if (k == n || line[k] == '#' || line[k] == '[')
			continue;
		/* NAME=VALUE, or "initramfs FILE followkernel": a name first */
		while (k < n && (line[k] == '_' || line[k] == '-' || (line[k] >= '0' && line[k] <= '9') ||
				 ((line[k] | 0x20) >= 'a' && (line[k] | 0x20) <= 'z')))
			k++;
		if (k == 0 || k == n || (line[k] != '=' && line[k] != ' ' && line[k] != '\t')) {
			snprintf(err, errlen, "not a config.txt: line %zu is not NAME=VALUE, a "
				 "[filter] or a # comment", no);
			return -1;
		}
	}
	return 0;
}

/* The parameter for @size on overlay @ovl; -1 when the overlay cannot say it. */
static int param_for(int ovl, uint64_t size, char *buf, size_t len, struct rpi_notes *notes,
		     char *err, size_t errlen)
{
	size_t nsz = sizeof(cma_mib) / sizeof(cma_mib[0]);
	uint64_t bytes;

	if (ovl == OVL_CMA) {
		bytes = (size + CMA_SIZE_ALIGN - 1) / CMA_SIZE_ALIGN * CMA_SIZE_ALIGN;
		snprintf(buf, len, "cma-size=0x%" PRIx64, bytes);
		if (bytes != size && notes->n < RPI_MAX_NOTES)
			snprintf(notes->note[notes->n++], sizeof(notes->note[0]), "the cma overlay's "
				 "cma-size is in bytes, 4MB aligned (cma-overlay.dts): %" PRIu64
				 " bytes rounded up to %" PRIu64 " (%" PRIu64 " MiB)", size, bytes,
				 bytes >> 20);
		return 0;
	}
	if (size > (uint64_t)cma_mib[0] << 20) {
		bytes = (size + CMA_SIZE_ALIGN - 1) / CMA_SIZE_ALIGN * CMA_SIZE_ALIGN;
		snprintf(err, errlen, "%" PRIu64 " MiB is over the largest size the %s overlay "
			 "offers (cma-512, 512 MiB); the cma overlay takes any size: put "
			 "\"dtoverlay=cma,cma-size=0x%" PRIx64 "\" after that line instead",
			 size >> 20, cma_overlays[ovl], bytes);
		return -1;
	}
	for (size_t i = nsz; i-- > 0;)
		if ((uint64_t)cma_mib[i] << 20 >= size) {
			snprintf(buf, len, "cma-%u", cma_mib[i]);
			if ((uint64_t)cma_mib[i] << 20 != size && notes->n < RPI_MAX_NOTES)
				snprintf(notes->note[notes->n++], sizeof(notes->note[0]), "the %s "
					 "overlay offers cma-512, -448, -384, -320, -256, -192, -128, "
					 "-96 and -64 (MiB): cma-%u is the nearest at or above the %"
					 PRIu64 " MiB asked", cma_overlays[ovl], cma_mib[i],
					 (size + (1u << 20) - 1) >> 20);
			return 0;
		}
	return -1;	/* not reached: size <= 512 MiB */
}

static void note_section(const struct rpi_cma *rc, bool maybe, const char *section, size_t line,
			 struct rpi_notes *notes)
{
	if (maybe && notes->n < RPI_MAX_NOTES)
		snprintf(notes->note[notes->n++], sizeof(notes->note[0]), "line %zu is under %s: "
			 "the change applies only where that filter matches (the board is %s)", line,
			 section[0] ? section : "a filter", rc ? "not known for sure" : "unknown");
}

static int set_size(const char *text, size_t len, const struct rpi_cma *rc, uint64_t size,
		    struct sbuf *b, struct rpi_notes *notes, char *err, size_t errlen)
{
	char p[48];

	if (!size) {
		snprintf(err, errlen, "a size of 0: take the CMA parameter out with unset "
			 "--via overlay instead");
		return -1;
	}
	if (rc->found) {	/* the parameter that counts, replaced in place */
		if (param_for(rc->overlay, size, p, sizeof(p), notes, err, errlen))
			return -1;
		sbuf_add(b, text, rc->off);
		sbuf_str(b, p);
		sbuf_add(b, text + rc->off + rc->plen, len - rc->off - rc->plen);
		note_section(rc, rc->applies == RPI_MAYBE, rc->section, rc->line, notes);
		return 0;
	}
	if (rc->ovl_found) {	/* the overlay loaded: it takes the parameter */
		if (param_for(rc->ovl, size, p, sizeof(p), notes, err, errlen))
			return -1;
		sbuf_add(b, text, rc->ovl_end);
		sbuf_str(b, ",");
		sbuf_str(b, p);
		sbuf_add(b, text + rc->ovl_end, len - rc->ovl_end);
		note_section(rc, rc->ovl_applies == RPI_MAYBE, "", rc->ovl_line, notes);
		return 0;
	}
	/* none: the cma overlay, in [all] so that no filter before it swallows the line */
	param_for(OVL_CMA, size, p, sizeof(p), notes, err, errlen);
	sbuf_add(b, text, len);
	if (len && text[len - 1] != '\n')
		sbuf_str(b, "\n");
	if (rc->end_filtered)
		sbuf_str(b, "[all]\n");
	sbuf_str(b, "dtoverlay=cma,");
	sbuf_str(b, p);
	sbuf_str(b, "\n");
	return 0;
}

/* unset: every CMA parameter that applies or may apply leaves its line. */
static bool remove_params(const char *text, size_t len, const char *board, struct sbuf *b,
			  struct rpi_notes *notes)
{
	struct walk w = { .filters = rpi_board_filters(board), .cur = -1 };
	struct line_iter it = { text, text + len };
	const char *line;
	size_t n, all_at = 0;
	bool changed = false, kept_vc4 = false;
	int all = 0;	/* 1: an "[all]" set may have added is last so far; 2: and its line went */

	while (line_next(&it, &line, &n)) {
		const char *next = it.p;
		struct wline l;
		size_t start = b->n, kept = 0;
		bool hit = false, filtered = w.sec.none || w.sec.model[0] || w.sec.other[0];

		if (!walk_line(&w, line, n, &l)) {
			sbuf_add(b, line, (size_t)(next - line));
			/* set's own "[all]\n", after a filter in force (set_size()) */
			if (filtered && next - line == 6 && !memcmp(line, "[all]\n", 6))
				all = 1, all_at = start;
			else if (b->n > start)
				all = 0;
			continue;
		}
		sbuf_add(b, line, (size_t)(l.p - line));
		for (const char *p = l.p; p < l.e;) {
			const char *c = memchr(p, ',', (size_t)(l.e - p));
			size_t k = (size_t)((c ? c : l.e) - p);
			bool def;
			uint64_t size;

			if (param(p, k, &def, &size)) {
				hit = true;
			} else {
				if (kept++)
					sbuf_str(b, ",");
				sbuf_add(b, p, k);
			}
			p = c ? c + 1 : l.e;
		}
		/* the cma overlay does nothing but CMA: its line goes whole */
		if (l.overlay && l.ovl == OVL_CMA) {
			hit = true;
			kept = 0;
		}
		if (!hit) {	/* the line as it was */
			b->n = start;
			sbuf_add(b, line, (size_t)(next - line));
			all = 0;
			continue;
		}
		changed = true;
		/* "dtoverlay=cma," -> "dtoverlay=cma"; "dtparam=" and the bare cma overlay go */
		if (!kept && b->n > start && b->p[b->n - 1] == ',')
			b->n--;
		if (!kept && (!l.overlay || l.ovl == OVL_CMA))
			b->n = start;
		else
			sbuf_add(b, l.e, (size_t)(next - l.e));
		/* set's "[all]" followed at once by its line, which went whole */
		all = all == 1 && b->n == start && b->n == all_at + 6 ? 2 : 0;
		if (b->p)
			b->p[b->n] = '\0';
		kept_vc4 = kept_vc4 || l.ovl != OVL_CMA;
	}
	/* left last with nothing after it: it goes too, and set then unset gives the file back */
	if (all == 2 && b->n == all_at + 6) {
		b->n = all_at;
		if (b->p)
			b->p[b->n] = '\0';
		if (notes->n < RPI_MAX_NOTES)
			snprintf(notes->note[notes->n++], sizeof(notes->note[0]), "the [all] line "
				 "before it goes too: nothing follows it, as when set added the two");
	}
	if (kept_vc4 && notes->n < RPI_MAX_NOTES)
		snprintf(notes->note[notes->n++], sizeof(notes->note[0]), "the vc4 overlay stays (it "
			 "is the display driver); with no CMA parameter the overlay's own default size "
			 "applies, which its .dtbo file on the board sets, not config.txt");
	return changed;
}

int rpi_config_edit(const char *text, size_t len, const char *board, uint64_t size, bool remove,
		    char **out, size_t *outlen, struct rpi_notes *notes, char *err, size_t errlen)
{
	struct sbuf b = { 0 };
	struct rpi_cma rc;

	*out = NULL;
	*outlen = 0;
	notes->n = 0;
	if (remove) {
		if (!remove_params(text, len, board, &b, notes)) {
			free(b.p);
			return 0;
		}
	} else {
		rpi_config_cma(text, len, board, &rc);
		if (set_size(text, len, &rc, size, &b, notes, err, errlen)) {
			free(b.p);
			return -1;
		}
	}
	if (sbuf_finish(&b, out, outlen)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
