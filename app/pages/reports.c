/* reports.c: feedback reports of a session and of a round, and the charts of the dashboard.
 * The model comes whole from SQL; for HTML this file adds what only C draws: the SVG charts
 * and the transcript with its evidence in <mark> (escaped first, marked after).
 * Statements: ST_ROUND_REPORT, ST_SESSION_REPORT. Templates: reports/. */
#include "pages/reports.h"

#include "db/db.h"
#include "pages/form.h"
#include "view/chart.h"
#include "view/html.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MARKS 32

struct span {
	size_t from, to;
};

static int
by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* Appends text as HTML with every occurrence of the quotes wrapped in <mark>: the spans are
 * found on the raw text, merged, and each piece is escaped on its own. */
static void
mark_text(struct buf *b, const char *text, struct json_object *quotes)
{
	struct span spans[MAX_MARKS] = {{0, 0}};
	size_t n = 0, len = strlen(text), at = 0, nq;

	nq = quotes && json_object_is_type(quotes, json_type_array) ? json_object_array_length(quotes) : 0;
	for (size_t i = 0; i < nq && n < MAX_MARKS; i++) {
		const char *q = json_object_get_string(json_object_array_get_idx(quotes, i)), *p = text;
		size_t ql = q ? strlen(q) : 0;

		if (ql == 0)
			continue;
		while (n < MAX_MARKS && (p = strstr(p, q)) != NULL) {
			spans[n].from = (size_t)(p - text);
			spans[n].to = spans[n].from + ql;
			n++;
			p += ql;
		}
	}
	qsort(spans, n, sizeof(spans[0]), by_start);
	for (size_t i = 0; i < n; i++) {
		size_t from = spans[i].from, to = spans[i].to;

		while (i + 1 < n && spans[i + 1].from <= to) { /* merge overlapping quotes */
			i++;
			if (spans[i].to > to)
				to = spans[i].to;
		}
		if (from < at)
			from = at;
		if (from > at)
			html_text(b, text + at, from - at);
		buf_puts(b, "<mark>");
		html_text(b, text + from, to - from);
		buf_puts(b, "</mark>");
		at = to;
	}
	if (at < len)
		html_text(b, text + at, len - at);
}

/* transcript[].html for the template: the text escaped, evidence marked. */
static void
add_transcript_html(struct req *r, struct json_object *m)
{
	struct json_object *t, *msg, *text, *hl;
	struct buf b;

	if (!json_object_object_get_ex(m, "transcript", &t) || !json_object_is_type(t, json_type_array))
		return;
	buf_init(&b, 0);
	for (size_t i = 0; i < json_object_array_length(t); i++) {
		msg = json_object_array_get_idx(t, i);
		if (!json_object_object_get_ex(msg, "text", &text) || !json_object_is_type(text, json_type_string))
			continue;
		buf_reset(&b);
		hl = NULL;
		json_object_object_get_ex(msg, "highlights", &hl);
		mark_text(&b, json_object_get_string(text), hl);
		json_object_object_add(msg, "html", json_object_new_string_len(b.data ? b.data : "", (int)b.len));
	}
	buf_free(&b);
	(void)r;
}

/* model.charts.<name> = an SVG drawn from model.<key> (a list of objects). */
static void
add_chart(struct json_object *m, const char *name, const char *key, const char *label_key, const char *value_key,
          const char *title, int line, double max, const char *unit)
{
	struct chart_point pts[CHART_MAX_POINTS];
	struct json_object *arr, *charts;
	struct buf b;
	size_t n;

	if (!json_object_object_get_ex(m, key, &arr))
		return;
	n = chart_points_from_json(arr, label_key, value_key, pts, CHART_MAX_POINTS);
	if (n == 0)
		return;
	if (!json_object_object_get_ex(m, "charts", &charts)) {
		charts = json_object_new_object();
		json_object_object_add(m, "charts", charts);
	}
	buf_init(&b, 0);
	if (line)
		chart_line(&b, name, title, pts, n, max);
	else
		chart_bars(&b, name, title, pts, n, max, unit);
	json_object_object_add(charts, name, json_object_new_string_len(b.data ? b.data : "", (int)b.len));
	buf_free(&b);
}

static const char *
round_param(struct req *r)
{
	const char *n = req_param(r, "n");
	size_t len = n ? strlen(n) : 0;

	if (len == 0 || len > 2 || strspn(n, "0123456789") != len || n[0] == '0' || atoi(n) > 20)
		return NULL;
	return n;
}

int
reports_round(struct req *r)
{
	const char *id, *n;
	struct json_object *m;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0 || !(n = round_param(r))) {
		r->error_detail = "There is no report at this address.";
		return 404;
	}
	rc = db_model(r, ST_ROUND_REPORT, id, n);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "This round has no report: it was not analysed, or the session is not yours.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api)
		return 200;
	m = req_model(r);
	add_chart(m, "dimensions-chart", "dimensions", "label", "score", "Scores per dimension (0 to 100)", 0, 100, "");
	add_chart(m, "fillers-chart", "fillers_per_answer", "label", "value", "Filler words per answer", 0, 0, " filler words");
	add_transcript_html(r, m);
	return 200;
}

int
reports_session(struct req *r)
{
	const char *id;
	struct json_object *m;
	int rc;

	if (req_path_uuid(r, "id", &id) != 0) {
		r->error_detail = "There is no report at this address.";
		return 404;
	}
	rc = db_model(r, ST_SESSION_REPORT, id);
	if (rc == ERR_DB_NOTFOUND)
		r->error_detail = "This session has no report yet: finish a round first.";
	if (rc)
		return db_status(r, rc);
	if (r->is_api)
		return 200;
	m = req_model(r);
	add_chart(m, "dimensions-chart", "dimensions", "label", "score", "Scores per dimension, averaged over the rounds (0 to 100)", 0, 100, "");
	add_chart(m, "rounds-chart", "rounds", "title", "score", "Overall score of each round (0 to 100)", 0, 100, "");
	return 200;
}

void
reports_dashboard_charts(struct req *r)
{
	struct json_object *m = req_model(r);

	add_chart(m, "score-chart", "score_series", "label", "value", "Overall score of your completed sessions over time (0 to 100)", 1, 100, "");
	add_chart(m, "dims-chart", "dimensions", "label", "value", "Average score per dimension in your last five sessions (0 to 100)", 0, 100, "");
}
