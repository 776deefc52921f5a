/* chart.c: inline SVG charts (see chart.h). Geometry is fixed in a viewBox so the browser
 * scales the chart to its box; labels go through html_text, numbers through printf only. */
#include "view/chart.h"

#include "view/html.h"

#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A number as short text: 72, 72.5 (one decimal, none when whole). */
static void
num(char *out, size_t n, double v)
{
	double r = round(v * 10.0) / 10.0;

	if (!isfinite(r))
		r = 0;
	if (fabs(r - round(r)) < 1e-9)
		snprintf(out, n, "%.0f", r);
	else
		snprintf(out, n, "%.1f", r);
}

static double
clamp(double v, double lo, double hi)
{
	if (!isfinite(v) || v < lo)
		return lo;
	return v > hi ? hi : v;
}

static void
text(struct buf *b, const char *s)
{
	if (s)
		html_text(b, s, strlen(s));
}

/* <svg> with its title and desc; the desc lists "label: value unit" for every point. */
static void
open_svg(struct buf *b, const char *id, const char *title, int w, int h, const struct chart_point *pts, size_t n,
         const char *unit)
{
	char v[32];

	buf_printf(b, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" focusable=\"false\" "
	              "aria-labelledby=\"",
	           w, h);
	html_attr(b, id, strlen(id));
	buf_puts(b, "-t ");
	html_attr(b, id, strlen(id));
	buf_puts(b, "-d\"><title id=\"");
	html_attr(b, id, strlen(id));
	buf_puts(b, "-t\">");
	text(b, title);
	buf_puts(b, "</title><desc id=\"");
	html_attr(b, id, strlen(id));
	buf_puts(b, "-d\">");
	for (size_t i = 0; i < n; i++) {
		num(v, sizeof(v), pts[i].value);
		if (i)
			buf_puts(b, "; ");
		text(b, pts[i].label);
		buf_printf(b, ": %s", v);
		text(b, unit);
	}
	buf_puts(b, ".</desc>");
}

int
chart_line(struct buf *b, const char *id, const char *title, const struct chart_point *pts, size_t n, double max)
{
	const int w = 600, h = 240, left = 36, right = 16, top = 16, bottom = 36;
	const double pw = w - left - right, ph = h - top - bottom;
	size_t every;
	char v[32];

	if (n == 0)
		return b->overflow ? -1 : 0;
	if (max <= 0)
		max = 100;
	open_svg(b, id, title, w, h, pts, n, "");
	/* grid lines and their values */
	for (int g = 0; g <= 4; g++) {
		double y = top + ph - ph * g / 4.0;

		num(v, sizeof(v), max * g / 4.0);
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9dee5\" stroke-width=\"1\"/>",
		           left, y, w - right, y);
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 6, y + 4, v);
	}
	/* the line */
	buf_puts(b, "<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2.5\" points=\"");
	for (size_t i = 0; i < n; i++) {
		double x = n == 1 ? left + pw / 2 : left + pw * (double)i / (double)(n - 1);
		double y = top + ph - ph * clamp(pts[i].value, 0, max) / max;

		buf_printf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	buf_puts(b, "\"/>");
	/* points with their value; x labels thinned so they do not overlap */
	every = n > 8 ? (n + 7) / 8 : 1;
	for (size_t i = 0; i < n; i++) {
		double x = n == 1 ? left + pw / 2 : left + pw * (double)i / (double)(n - 1);
		double y = top + ph - ph * clamp(pts[i].value, 0, max) / max;

		num(v, sizeof(v), pts[i].value);
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f5fbf\"/>", x, y);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, y - 8 < 10 ? 10 : y - 8, v);
		if (i % every == 0 || i == n - 1) {
			buf_printf(b, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x, h - 12);
			text(b, pts[i].label);
			buf_puts(b, "</text>");
		}
	}
	buf_puts(b, "</svg>");
	return b->overflow ? -1 : 0;
}

int
chart_bars(struct buf *b, const char *id, const char *title, const struct chart_point *pts, size_t n, double max,
           const char *unit)
{
	const int w = 600, row = 30, label_w = 190, value_w = 50;
	const double bar_w = w - label_w - value_w;
	char v[32];

	if (n == 0)
		return b->overflow ? -1 : 0;
	if (max <= 0) {
		max = 1;
		for (size_t i = 0; i < n; i++)
			if (isfinite(pts[i].value) && pts[i].value > max)
				max = pts[i].value;
	}
	open_svg(b, id, title, w, (int)n * row + 8, pts, n, unit);
	for (size_t i = 0; i < n; i++) {
		double y = 4 + (double)i * row, len = bar_w * clamp(pts[i].value, 0, max) / max;
		const char *fill = "#1f5fbf";

		num(v, sizeof(v), pts[i].value);
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", label_w - 8, y + 17);
		text(b, pts[i].label);
		buf_puts(b, "</text>");
		buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"#e7ecf3\"/>", label_w, y + 4,
		           bar_w, row - 10);
		buf_printf(b, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"3\" fill=\"%s\"/>", label_w, y + 4,
		           len, row - 10, fill);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">%s</text>", label_w + bar_w + 6, y + 17, v);
	}
	buf_puts(b, "</svg>");
	return b->overflow ? -1 : 0;
}

size_t
chart_points_from_json(struct json_object *arr, const char *label_key, const char *value_key,
                       struct chart_point *out, size_t max)
{
	size_t n = 0, len;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return 0;
	len = json_object_array_length(arr);
	for (size_t i = 0; i < len && n < max; i++) {
		struct json_object *it = json_object_array_get_idx(arr, i), *l, *v;

		if (!json_object_is_type(it, json_type_object) || !json_object_object_get_ex(it, value_key, &v) ||
		    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
			continue;
		out[n].label = json_object_object_get_ex(it, label_key, &l) ? json_object_get_string(l) : "";
		out[n].value = json_object_get_double(v);
		n++;
	}
	return n;
}
