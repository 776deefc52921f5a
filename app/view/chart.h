/* chart.h: server-drawn inline SVG charts (score over time, bars per dimension, filler
 * words per answer). No JavaScript, no library: numbers in, escaped markup out. Every chart
 * carries a <title> and a <desc> listing its numbers, its text alternative. */
#ifndef PREPTALK_CHART_H
#define PREPTALK_CHART_H

#include <stddef.h>

#include "core/buf.h"

struct json_object;

#define CHART_MAX_POINTS 64

struct chart_point {
	const char *label; /* shown under or beside the mark; escaped on output */
	double value;
};

/* Appends a line chart of values on a fixed 0..max scale (max <= 0: 100), points in order.
 * id prefixes the ids of <title>/<desc> (letters, digits, '-'). title is the chart's name.
 * With n == 0 appends nothing. Returns 0, or -1 when b refused bytes. */
int chart_line(struct buf *b, const char *id, const char *title, const struct chart_point *pts, size_t n,
               double max);
/* Appends a horizontal bar chart, one bar per point, on 0..max (max <= 0: the largest value,
 * at least 1). unit follows each value in the text alternative ("", " words"). Returns 0 or -1. */
int chart_bars(struct buf *b, const char *id, const char *title, const struct chart_point *pts, size_t n,
               double max, const char *unit);
/* Fills out (at most max items) from a json array of objects, the label and the value read
 * from the keys given; items without a numeric value are skipped. Labels are borrowed from
 * the json. Returns the count. */
size_t chart_points_from_json(struct json_object *arr, const char *label_key, const char *value_key,
                              struct chart_point *out, size_t max);

#endif
