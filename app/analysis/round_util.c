/* round_util.c: small helpers shared by the round passes: score contributions, JSON numbers,
 * quotes and timestamps for evidence, stamping an answer's stems and matching phrases. */
#include "analysis/round.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const r_filler_names[R_NFILLER] = {"um", "uh", "like", "you know", "so", "basically",
                                               "actually", "i mean", "literally"};
const char *const r_hedge_names[R_NHEDGE] = {"maybe", "probably", "perhaps", "possibly", "hopefully",
                                             "i think", "i guess", "i suppose", "sort of", "kind of",
                                             "not sure"};
const char *const r_dim_names[D_N] = {"technical_accuracy", "problem_solving", "communication_clarity",
                                      "collaboration", "enthusiasm"};

void
score_add(struct r_score *s, const char *name, double points, const char *fmt, ...)
{
	va_list ap;
	struct r_contrib *c;

	if (s->n >= R_MAX_CONTRIB)
		return;
	c = &s->c[s->n++];
	c->name = name;
	c->points = points;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	s->score += points;
}

void
score_clamp(struct r_score *s)
{
	if (s->score > 100.0)
		score_add(s, "cap", 100.0 - s->score, "scores are capped at 100");
	else if (s->score < 0.0)
		score_add(s, "floor", -s->score, "scores do not go below 0");
}

struct json_object *
json_num(double v, int decimals)
{
	char num[48];

	if (!isfinite(v))
		v = 0.0;
	snprintf(num, sizeof(num), "%.*f", decimals, v);
	if (strcmp(num, "-0") == 0 || strcmp(num, "-0.0") == 0 || strcmp(num, "-0.00") == 0)
		snprintf(num, sizeof(num), "%.*f", decimals, 0.0);
	return json_object_new_double_s(strtod(num, NULL), num);
}

struct json_object *
json_score(const struct r_score *s)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();

	json_object_object_add(o, "score", json_num(s->score, 1));
	for (size_t i = 0; i < s->n; i++) {
		struct json_object *c = json_object_new_object();
		json_object_object_add(c, "name", json_object_new_string(s->c[i].name));
		json_object_object_add(c, "points", json_num(s->c[i].points, 1));
		json_object_object_add(c, "why", json_object_new_string(s->c[i].why));
		json_object_array_add(arr, c);
	}
	json_object_object_add(o, "contributions", arr);
	return o;
}

const char *
round_quote(const struct round *r, struct r_loc loc)
{
	static char q[256];

	if (loc.msg < 0 || (size_t)loc.msg >= r->nmsgs)
		return "";
	return text_quote(r->msgs[loc.msg].text, r->msgs[loc.msg].len, loc.off, q, sizeof(q));
}

const char *
round_timestamp(const struct round *r, int msg)
{
	static char ts[32];
	long s;

	if (msg < 0 || (size_t)msg >= r->nmsgs || !r->msgs[msg].timed)
		return NULL;
	s = (long)r->msgs[msg].start;
	snprintf(ts, sizeof(ts), "%02ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	return ts;
}

void
round_stamp_answer(struct round *r, size_t a)
{
	const struct r_answer *an = &r->ans[a];
	uint32_t v = (uint32_t)a + 1;

	if (an->first_msg < 0)
		return;
	for (int m = an->first_msg; m <= an->last_msg; m++) {
		const struct r_msg *msg = &r->msgs[m];
		if (!msg->cand || msg->answer != (int)a)
			continue;
		for (size_t i = 0; i < msg->ntok; i++) {
			const struct text_tok *t = &r->toks.v[msg->tok0 + i];
			if (r->stamp[t->stem] != v) {
				r->stamp[t->stem] = v;
				r->stamp_loc[t->stem] = (struct r_loc){m, t->off};
			}
		}
	}
}

void
round_match_phrase(struct r_phrase *p, const uint32_t *st, const struct r_loc *locs, uint32_t v)
{
	p->matched = 0;
	p->loc.msg = -1;
	p->loc.off = 0;
	for (size_t i = 0; i < p->n; i++)
		if (st[p->stems[i]] == v) {
			if (p->matched == 0 || locs[p->stems[i]].msg < p->loc.msg ||
			    (locs[p->stems[i]].msg == p->loc.msg && locs[p->stems[i]].off < p->loc.off))
				p->loc = locs[p->stems[i]];
			p->matched++;
		}
	p->covered = p->n > 0 && p->matched >= p->need;
	p->credit = p->need ? (double)p->matched / (double)p->need : 0.0;
	if (p->credit > 1.0)
		p->credit = 1.0;
}
