// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The --svg timeline: plain SVG 1.1 (paths, lines, text; no script, no
 * external font or CSS) so that a bug tracker, a browser or rsvg-convert
 * shows it the same. Names from the kernel are XML-escaped.
 */
#include <inttypes.h>
#include <string.h>
#include "model/size.h"
#include "report/watchsvg.h"

#define SVG_W		960
#define PANEL_H		240
#define TOP		56
#define LEFT		84
#define RIGHT		24
#define PLOT_H		170
#define PLOT_W		(SVG_W - LEFT - RIGHT)

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			/* control bytes are not allowed in XML 1.0 */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		}
	}
}

struct panel {
	const char *title;
	const struct watch_series *s;
	uint64_t size;			/* pages: the y axis top */
	const char *area;		/* failures of this area ("" for all) */
	int y0;				/* top of the panel */
	bool size_known, has_chunk;
};

static double xpos(uint64_t t, uint64_t dur)
{
	return LEFT + (dur ? (double)t * PLOT_W / (double)dur : 0);
}

static double ypos(const struct panel *p, uint64_t pages, uint64_t top)
{
	uint64_t v = pages > top ? top : pages;

	return p->y0 + 30 + PLOT_H - (top ? (double)v * PLOT_H / (double)top : 0);
}

static void axes(FILE *f, const struct panel *p, const struct watch_state *w, uint64_t top,
		 uint64_t dur)
{
	char b[32];
	int yb = p->y0 + 30 + PLOT_H;
	uint64_t tick = p->size_known && p->size ? p->size : top;	/* quarters of the area */

	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
		"stroke=\"#999\"/>\n", LEFT, p->y0 + 30, PLOT_W, PLOT_H);
	for (int i = 0; i <= 4; i++) {
		double y = ypos(p, tick * (uint64_t)i / 4, top);

		size_format(tick * (uint64_t)i / 4 * w->page_size, b, sizeof(b));
		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			LEFT, y, LEFT + PLOT_W, y, LEFT - 6, y + 4, b);
	}
	for (int i = 0; i <= 5; i++) {
		uint64_t t = dur * (uint64_t)i / 5;
		double x = xpos(t, dur);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>\n"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.*f s</text>\n",
			x, yb, x, yb + 4, x, yb + 18, dur < 10000 ? 2 : 0, (double)t / 1000);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">", LEFT, p->y0 + 20);
	xml_text(f, p->title);
	fprintf(f, "</text>\n");
}

static void polyline(FILE *f, const struct panel *p, uint64_t top, uint64_t dur, bool chunk,
		     const char *color)
{
	bool open = false;
	double last_y = 0;

	/* steps: a value holds until the next sample shows another */
	for (unsigned i = 0; i < p->s->n; i++) {
		const struct watch_point *pt = &p->s->p[i];
		bool known = chunk ? pt->chunk_known : pt->used_known;
		double x = xpos(pt->t_ms, dur), y;

		if (!known)
			continue;
		y = ypos(p, chunk ? pt->chunk : pt->used, top);
		if (open)
			fprintf(f, " %.1f,%.1f %.1f,%.1f", x, last_y, x, y);
		else
			fprintf(f, "<polyline fill=\"none\" stroke-width=\"2\" points=\"%.1f,%.1f", x, y);
		open = true;
		last_y = y;
	}
	if (open)
		fprintf(f, " %.1f,%.1f", xpos(dur, dur), last_y);
	if (open)
		fprintf(f, "\" stroke=\"%s\"/>\n", color);
}

static void failures(FILE *f, const struct panel *p, const struct watch_state *w, uint64_t dur)
{
	for (int i = 0; i < w->nfails; i++) {
		const struct watch_fail *fl = &w->fails[i];
		double x = xpos(fl->t_ms, dur);
		char b[32];

		if (*p->area && *fl->area && strcmp(fl->area, p->area))
			continue;
		size_format(fl->pages * w->page_size, b, sizeof(b));
		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d00\" "
			"stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\n"
			"<text x=\"%.1f\" y=\"%d\" fill=\"#d00\" text-anchor=\"middle\">"
			"\u2716 %s request failed</text>\n", x, p->y0 + 30, x, p->y0 + 30 + PLOT_H, x, p->y0 + 28, b);
	}
}

static void panel(FILE *f, const struct panel *p, const struct watch_state *w, uint64_t dur)
{
	uint64_t top = p->size_known ? p->size : 0;

	for (unsigned i = 0; i < p->s->n; i++) {	/* an area of unknown size: the data's top */
		if (p->s->p[i].used_known && p->s->p[i].used > top)
			top = p->s->p[i].used;
		if (p->s->p[i].chunk_known && p->s->p[i].chunk > top)
			top = p->s->p[i].chunk;
	}
	if (!top)
		top = 1;
	top += top / 20;	/* room above the size line */
	axes(f, p, w, top, dur);
	if (p->size_known) {
		double y = ypos(p, p->size, top);

		fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\" "
			"stroke-dasharray=\"8 4\"/>\n", LEFT, y, LEFT + PLOT_W, y);
	}
	polyline(f, p, top, dur, false, "#1f5fbf");
	if (p->has_chunk)
		polyline(f, p, top, dur, true, "#2a9d3a");
	failures(f, p, w, dur);
}

int watch_svg(FILE *f, const struct watch_setup *su, const struct watch_state *w,
	      const struct watch_end *e)
{
	struct panel ps[WATCH_MAX_AREAS];
	char title[160], b[32], verdict[400];
	int n = 0, h;
	uint64_t dur = e->duration_ms ? e->duration_ms : w->t_last;

	for (int i = 0; i < w->n; i++) {
		const struct watch_area *a = &w->a[i];

		if (!a->used_known && !a->chunk_known)
			continue;
		ps[n] = (struct panel){ .s = &a->series, .size = a->size, .size_known = a->size_known,
					.has_chunk = a->chunk_known, .area = a->name };
		n++;
	}
	if (!n && w->has_meminfo)
		ps[n++] = (struct panel){ .s = &w->mem_series, .size = w->cma_total / w->page_size,
					  .size_known = true, .area = "",
					  .title = "CmaTotal - CmaFree (approximate: no per-area "
						   "counters)" };
	h = TOP + (n ? n : 1) * PANEL_H + 40;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" "
		"font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		SVG_W, h, SVG_W, h);
	fprintf(f, "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">cmactl watch: "
		"%" PRIu64 " samples over %" PRIu64 ".%01" PRIu64 " s", LEFT, w->samples,
		dur / 1000, dur % 1000 / 100);
	if (su->command) {
		char cmd[48];

		/* the title stays on the picture: a long command line is cut */
		snprintf(cmd, sizeof(cmd), "%s", su->command);
		if (strlen(su->command) >= sizeof(cmd))
			memcpy(cmd + sizeof(cmd) - 4, "...", 4);
		fprintf(f, ", ");
		xml_text(f, cmd);
	}
	fprintf(f, "</text>\n<text x=\"%d\" y=\"44\">", LEFT);
	watch_verdict(w, verdict, sizeof(verdict));
	xml_text(f, verdict);
	fprintf(f, "</text>\n");
	for (int i = 0; i < n; i++) {
		ps[i].y0 = TOP + i * PANEL_H;
		if (!ps[i].title) {
			size_format(ps[i].size * w->page_size, b, sizeof(b));
			snprintf(title, sizeof(title), "area %.64s%s%s", ps[i].area,
				 ps[i].size_known ? ", size " : "", ps[i].size_known ? b : "");
			ps[i].title = title;
		}
		panel(f, &ps[i], w, dur);
		ps[i].title = NULL;
	}
	if (!n)
		fprintf(f, "<text x=\"%d\" y=\"%d\">This kernel shows no CMA counters.</text>\n",
			LEFT, TOP + 40);
	/* legend */
	fprintf(f, "<g transform=\"translate(%d,%d)\">\n"
		"<line x1=\"0\" y1=\"0\" x2=\"24\" y2=\"0\" stroke=\"#1f5fbf\" stroke-width=\"2\"/>"
		"<text x=\"30\" y=\"4\">used</text>\n"
		"<line x1=\"90\" y1=\"0\" x2=\"114\" y2=\"0\" stroke=\"#2a9d3a\" stroke-width=\"2\"/>"
		"<text x=\"120\" y=\"4\">largest free run (maxchunk)</text>\n"
		"<line x1=\"310\" y1=\"0\" x2=\"334\" y2=\"0\" stroke=\"#333\" "
		"stroke-dasharray=\"8 4\"/><text x=\"340\" y=\"4\">area size</text>\n"
		"<line x1=\"430\" y1=\"-8\" x2=\"430\" y2=\"8\" stroke=\"#d00\" stroke-width=\"2\" "
		"stroke-dasharray=\"4 3\"/><text x=\"438\" y=\"4\">allocation failure (size)</text>\n"
		"</g>\n</svg>\n", LEFT, h - 16);
	return ferror(f) ? -1 : 0;
}
