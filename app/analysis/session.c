/* session.c: analysis_session, the session-level view over several round analyses:
 * weighted overall score, readiness with the thresholds documented in docs/analysis.md,
 * and the strengths, weaknesses and improvements that recur across rounds. */
#include "analysis/analysis.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/round.h"

#define S_MAX_GROUPS 64

struct group {
	const char *area;
	unsigned count;
	double weight;
	struct json_object *first; /* borrowed: the first observation of this area */
};

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static double
num(struct json_object *o, const char *k, int *ok)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || !v ||
	    !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
		*ok = 0;
		return 0;
	}
	*ok = 1;
	return json_object_get_double(v);
}

static void
group_add(struct group *g, size_t *ng, struct json_object *item, double w)
{
	struct json_object *a;
	const char *area;
	size_t i;

	if (!json_object_object_get_ex(item, "area", &a) || !json_object_is_type(a, json_type_string))
		return;
	area = json_object_get_string(a);
	for (i = 0; i < *ng; i++)
		if (!strcmp(g[i].area, area))
			break;
	if (i == *ng) {
		if (*ng >= S_MAX_GROUPS)
			return;
		g[i].area = area;
		g[i].count = 0;
		g[i].weight = 0;
		g[i].first = item;
		(*ng)++;
	}
	g[i].count++;
	g[i].weight += w;
}

static struct json_object *
groups_json(struct group *g, size_t ng, size_t max)
{
	struct json_object *arr = json_object_new_array();

	/* stable selection by count, then weight, then first appearance */
	for (size_t k = 0; k < max && k < ng; k++) {
		size_t best = ng;
		for (size_t i = 0; i < ng; i++) {
			if (g[i].count == 0)
				continue;
			if (best == ng || g[i].count > g[best].count ||
			    (g[i].count == g[best].count && g[i].weight > g[best].weight + 1e-9))
				best = i;
		}
		if (best == ng)
			break;
		{
			struct json_object *o = json_object_new_object(), *v;
			json_object_object_add(o, "area", json_object_new_string(g[best].area));
			json_object_object_add(o, "rounds", json_object_new_int((int)g[best].count));
			if (json_object_object_get_ex(g[best].first, "title", &v))
				json_object_object_add(o, "example", json_object_get(v));
			if (json_object_object_get_ex(g[best].first, "evidence", &v))
				json_object_object_add(o, "evidence", json_object_get(v));
			json_object_array_add(arr, o);
		}
		g[best].count = 0;
	}
	return arr;
}

static int
prio_rank(const char *p)
{
	return !strcmp(p, "critical") ? 0 : !strcmp(p, "high") ? 1 : !strcmp(p, "medium") ? 2 : 3;
}

int
analysis_session(struct json_object *rounds, struct json_object **out, char *err, size_t errlen)
{
	struct group gs[S_MAX_GROUPS], gw[S_MAX_GROUPS];
	size_t ngs = 0, ngw = 0, n;
	double wsum = 0, ssum = 0, minround = 100, dims[D_N] = {0}, dimw[D_N] = {0}, speak = 0;
	unsigned red = 0;
	struct json_object *o, *imp, *focus, *sc;
	const char *readiness, *why;
	char whybuf[256];

	*out = NULL;
	if (!rounds || !json_object_is_type(rounds, json_type_array))
		return fail(err, errlen, "rounds must be an array of round analyses");
	n = json_object_array_length(rounds);
	if (n == 0)
		return fail(err, errlen, "rounds is empty: there is nothing to aggregate");
	if (n > 50)
		return fail(err, errlen, "at most 50 rounds can be aggregated");
	for (size_t i = 0; i < n; i++) {
		struct json_object *it = json_object_array_get_idx(rounds, i), *a = it, *v;
		double w = 1.0, s;
		int ok;
		if (!it || !json_object_is_type(it, json_type_object))
			return fail(err, errlen, "rounds[%zu] must be an object", i);
		if (json_object_object_get_ex(it, "analysis", &v)) {
			if (!v || !json_object_is_type(v, json_type_object))
				return fail(err, errlen, "rounds[%zu].analysis must be an object", i);
			a = v;
			w = num(it, "weight", &ok);
			if (!ok) {
				if (json_object_object_get_ex(it, "weight", NULL))
					return fail(err, errlen, "rounds[%zu].weight must be a number", i);
				w = 1.0;
			}
			if (!isfinite(w) || w < 0)
				return fail(err, errlen, "rounds[%zu].weight must be >= 0", i);
		}
		s = num(a, "overall_score", &ok);
		if (!ok || !isfinite(s) || s < 0 || s > 100)
			return fail(err, errlen, "rounds[%zu].overall_score must be a number from 0 to 100", i);
		ssum += w * s;
		wsum += w;
		if (w > 0 && s < minround)
			minround = s;
		if (json_object_object_get_ex(a, "red_flags", &v) && json_object_is_type(v, json_type_array))
			red += (unsigned)json_object_array_length(v);
		if (json_object_object_get_ex(a, "strengths", &v) && json_object_is_type(v, json_type_array))
			for (size_t k = 0; k < json_object_array_length(v); k++)
				group_add(gs, &ngs, json_object_array_get_idx(v, k), w);
		if (json_object_object_get_ex(a, "weaknesses", &v) && json_object_is_type(v, json_type_array))
			for (size_t k = 0; k < json_object_array_length(v); k++)
				group_add(gw, &ngw, json_object_array_get_idx(v, k), w);
		if (json_object_object_get_ex(a, "scores", &v) && json_object_is_type(v, json_type_object))
			for (int d = 0; d < D_N; d++) {
				struct json_object *dv;
				if (json_object_object_get_ex(v, r_dim_names[d], &dv) && dv) {
					double x = num(dv, "score", &ok);
					if (ok && isfinite(x)) {
						dims[d] += w * x;
						dimw[d] += w;
					}
				}
			}
		if (json_object_object_get_ex(a, "metrics", &v) && v) {
			double x = num(v, "candidate_speaking_time_seconds", &ok);
			if (ok && isfinite(x))
				speak += x;
		}
	}
	if (wsum <= 0)
		return fail(err, errlen, "the round weights add up to 0");
	o = json_object_new_object();
	ssum /= wsum;
	if (ssum >= 75 && minround >= 60 && red == 0) {
		readiness = "ready";
		why = "overall 75 or more, every round 60 or more, no red flags";
	} else if (ssum >= 60) {
		readiness = "almost_ready";
		snprintf(whybuf, sizeof(whybuf), "overall %.1f (60 or more)%s%s", ssum,
		         minround < 60 ? "; a round scored under 60" : "", red ? "; red flags present" : "");
		why = whybuf;
	} else if (ssum >= 40) {
		readiness = "needs_practice";
		why = "overall from 40 to under 60";
	} else {
		readiness = "significant_gaps";
		why = "overall under 40";
	}
	json_object_object_add(o, "overall_score", json_num(ssum, 1));
	json_object_object_add(o, "readiness_assessment", json_object_new_string(readiness));
	json_object_object_add(o, "readiness_reason", json_object_new_string(why));
	json_object_object_add(o, "rounds", json_object_new_int((int)n));
	json_object_object_add(o, "lowest_round_score", json_num(minround, 1));
	json_object_object_add(o, "red_flags_count", json_object_new_int((int)red));
	json_object_object_add(o, "total_speaking_time_seconds", json_object_new_int((int)(speak + 0.5)));
	json_object_object_add(o, "strengths", groups_json(gs, ngs, 5));
	json_object_object_add(o, "weaknesses", groups_json(gw, ngw, 5));
	sc = json_object_new_object();
	focus = json_object_new_array();
	for (int d = 0; d < D_N; d++)
		json_object_object_add(sc, r_dim_names[d], dimw[d] > 0 ? json_num(dims[d] / dimw[d], 1) : NULL);
	for (int k = 0; k < 2; k++) {
		int best = -1;
		for (int d = 0; d < D_N; d++) {
			int used = 0;
			for (size_t j = 0; j < json_object_array_length(focus); j++)
				used |= !strcmp(json_object_get_string(json_object_object_get(json_object_array_get_idx(focus, j), "area")), r_dim_names[d]);
			if (used || dimw[d] <= 0 || dims[d] / dimw[d] >= 70)
				continue;
			if (best < 0 || dims[d] / dimw[d] < dims[best] / dimw[best])
				best = d;
		}
		if (best >= 0) {
			struct json_object *f = json_object_new_object();
			json_object_object_add(f, "area", json_object_new_string(r_dim_names[best]));
			json_object_object_add(f, "score", json_num(dims[best] / dimw[best], 1));
			json_object_array_add(focus, f);
		}
	}
	json_object_object_add(o, "scores", sc);
	json_object_object_add(o, "recommended_focus_areas", focus);
	/* key improvements: improvement and warning items across rounds, by priority, distinct titles */
	imp = json_object_new_array();
	for (int pr = 0; pr <= 3 && json_object_array_length(imp) < 5; pr++)
		for (size_t i = 0; i < n && json_object_array_length(imp) < 5; i++) {
			struct json_object *it = json_object_array_get_idx(rounds, i), *a = it, *fb, *v;
			if (json_object_object_get_ex(it, "analysis", &v))
				a = v;
			if (!json_object_object_get_ex(a, "feedback_items", &fb) || !json_object_is_type(fb, json_type_array))
				continue;
			for (size_t k = 0; k < json_object_array_length(fb) && json_object_array_length(imp) < 5; k++) {
				struct json_object *f = json_object_array_get_idx(fb, k), *c, *p, *t;
				int dup = 0;
				if (!json_object_object_get_ex(f, "category", &c) || !json_object_object_get_ex(f, "priority", &p) ||
				    !json_object_object_get_ex(f, "title", &t) || !json_object_is_type(t, json_type_string) ||
				    !json_object_is_type(p, json_type_string) || !json_object_is_type(c, json_type_string))
					continue;
				if (strcmp(json_object_get_string(c), "improvement") && strcmp(json_object_get_string(c), "warning"))
					continue;
				if (prio_rank(json_object_get_string(p)) != pr)
					continue;
				for (size_t j = 0; j < json_object_array_length(imp); j++)
					dup |= !strcmp(json_object_get_string(json_object_object_get(json_object_array_get_idx(imp, j), "title")),
					               json_object_get_string(t));
				if (!dup)
					json_object_array_add(imp, json_object_get(f));
			}
		}
	json_object_object_add(o, "key_improvements", imp);
	*out = o;
	return 0;
}
