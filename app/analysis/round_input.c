/* round_input.c: validates the documented round object, tokenises every text once, and
 * segments the transcript into answers (which candidate messages answer which question). */
#include "analysis/round.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/lexicon.h"

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fputs("analysis: out of memory\n", stderr);
		abort();
	}
	return p;
}

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

static struct json_object *
get(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v = NULL;

	if (json_object_object_get_ex(o, a, &v) && v)
		return v;
	if (b && json_object_object_get_ex(o, b, &v) && v)
		return v;
	return NULL;
}

static const char *
get_str(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v = get(o, a, b);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static void
phrase_init(struct round *r, struct r_phrase *p, const char *text)
{
	r->scratch.n = 0;
	text_tokenize(&r->tx, text, strlen(text), &r->scratch);
	p->text = text;
	p->n = text_content_stems(r->scratch.v, r->scratch.n, p->stems, R_MAX_PHRASE_STEMS);
	/* a phrase made only of common words ("Go") keeps them, or it could never match */
	for (size_t i = 0; p->n == 0 && i < r->scratch.n; i++) {
		size_t k;
		for (k = 0; k < p->n; k++)
			if (p->stems[k] == r->scratch.v[i].stem)
				break;
		if (k == p->n && p->n < R_MAX_PHRASE_STEMS)
			p->stems[p->n++] = r->scratch.v[i].stem;
	}
	p->need = (p->n * 6 + 9) / 10;
	if (p->need == 0 && p->n > 0)
		p->need = 1;
	p->loc.msg = -1;
}

/* a string, or an object with one of the given text keys */
static const char *
item_text(struct json_object *v, const char *k1, const char *k2)
{
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (json_object_is_type(v, json_type_object))
		return get_str(v, k1, k2);
	return NULL;
}

static int
load_phrases(struct round *r, struct json_object *arr, const char *path, const char *k1, const char *k2,
             struct r_phrase **out, size_t *nout, size_t max, char *err, size_t errlen)
{
	size_t n;

	*out = NULL;
	*nout = 0;
	if (!arr)
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return fail(err, errlen, "%s must be an array", path);
	n = json_object_array_length(arr);
	if (n > max)
		return fail(err, errlen, "%s has %zu items; at most %zu are allowed", path, n, max);
	*out = xcalloc(n, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		const char *s = item_text(json_object_array_get_idx(arr, i), k1, k2);
		if (!s)
			return fail(err, errlen, "%s[%zu] must be a string or an object with \"%s\"", path, i,
			            k1);
		phrase_init(r, &(*out)[i], s);
		(*nout)++;
	}
	return 0;
}

static enum r_kind
kind_of(const char *type)
{
	if (!type)
		return Q_OTHER;
	if (!strcasecmp(type, "technical") || !strcasecmp(type, "coding") ||
	    !strcasecmp(type, "system_design") || !strcasecmp(type, "trivia"))
		return Q_TECHNICAL;
	if (!strcasecmp(type, "behavioral") || !strcasecmp(type, "behavioural"))
		return Q_BEHAVIORAL;
	if (!strcasecmp(type, "situational") || !strcasecmp(type, "case"))
		return Q_SITUATIONAL;
	return Q_OTHER;
}

static int
load_questions(struct round *r, struct json_object *arr, char *err, size_t errlen)
{
	size_t n;
	char path[64];

	if (!arr)
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return fail(err, errlen, "questions must be an array");
	n = json_object_array_length(arr);
	if (n > R_MAX_QUESTIONS)
		return fail(err, errlen, "questions has %zu items; at most %d are allowed", n, R_MAX_QUESTIONS);
	r->qs = xcalloc(n, sizeof(*r->qs));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *v;
		struct r_question *q = &r->qs[i];
		if (!o || !json_object_is_type(o, json_type_object))
			return fail(err, errlen, "questions[%zu] must be an object", i);
		r->nqs++;
		q->asked_msg = -1;
		q->answer = -1;
		q->text = get_str(o, "text", "question_text");
		if (!q->text)
			return fail(err, errlen, "questions[%zu].text must be a string", i);
		v = get(o, "id", NULL);
		if (v && json_object_is_type(v, json_type_string))
			q->id = json_object_get_string(v);
		else if (v && json_object_is_type(v, json_type_int)) {
			snprintf(q->idbuf, sizeof(q->idbuf), "%lld", (long long)json_object_get_int64(v));
			q->id = q->idbuf;
		} else if (v)
			return fail(err, errlen, "questions[%zu].id must be a string or an integer", i);
		else {
			snprintf(q->idbuf, sizeof(q->idbuf), "q%zu", i + 1);
			q->id = q->idbuf;
		}
		q->type = get_str(o, "type", "question_type");
		if (!q->type)
			q->type = "other";
		q->kind = kind_of(q->type);
		q->difficulty = get_str(o, "difficulty", NULL);
		q->weight = 1.0;
		if (q->difficulty && !strcasecmp(q->difficulty, "hard"))
			q->weight = 1.2;
		else if (q->difficulty && !strcasecmp(q->difficulty, "easy"))
			q->weight = 0.8;
		v = get(o, "required", "is_required");
		q->required = v && json_object_get_boolean(v);
		if (q->required)
			q->weight *= 1.5;
		phrase_init(r, &q->self, q->text);
		snprintf(path, sizeof(path), "questions[%zu].expected_points", i);
		if (load_phrases(r, get(o, "expected_points", "expected_answer_points"), path, "point", "text",
		                 &q->points, &q->npoints, R_MAX_POINTS, err, errlen) != 0)
			return -1;
		snprintf(path, sizeof(path), "questions[%zu].follow_ups", i);
		if (load_phrases(r, get(o, "follow_ups", "follow_up_questions"), path, "question", "text",
		                 &q->fups, &q->nfups, R_MAX_POINTS, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int
load_messages(struct round *r, struct json_object *arr, char *err, size_t errlen)
{
	size_t n;
	int all_timed = 1;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return fail(err, errlen, "transcript must be an array of messages");
	n = json_object_array_length(arr);
	if (n > R_MAX_MSGS)
		return fail(err, errlen, "transcript has %zu messages; at most %d are allowed", n, R_MAX_MSGS);
	r->msgs = xcalloc(n, sizeof(*r->msgs));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *s, *e;
		struct r_msg *m = &r->msgs[i];
		const char *sp;
		if (!o || !json_object_is_type(o, json_type_object))
			return fail(err, errlen, "transcript[%zu] must be an object", i);
		sp = get_str(o, "speaker", NULL);
		if (!sp || (strcmp(sp, "candidate") && strcmp(sp, "interviewer")))
			return fail(err, errlen, "transcript[%zu].speaker must be \"candidate\" or \"interviewer\"",
			            i);
		m->cand = sp[0] == 'c';
		m->text = get_str(o, "text", NULL);
		if (!m->text)
			return fail(err, errlen, "transcript[%zu].text must be a string", i);
		m->len = strlen(m->text);
		m->answer = -1;
		m->asks = -1;
		s = get(o, "start_s", NULL);
		e = get(o, "end_s", NULL);
		if (s || e) {
			if (!s || !e || !(json_object_is_type(s, json_type_double) || json_object_is_type(s, json_type_int)) ||
			    !(json_object_is_type(e, json_type_double) || json_object_is_type(e, json_type_int)))
				return fail(err, errlen, "transcript[%zu]: start_s and end_s must both be numbers", i);
			m->start = json_object_get_double(s);
			m->end = json_object_get_double(e);
			if (!isfinite(m->start) || !isfinite(m->end) || m->start < 0 || m->end < m->start)
				return fail(err, errlen, "transcript[%zu]: end_s must be >= start_s >= 0", i);
			if (m->end > 360000.0)
				return fail(err, errlen, "transcript[%zu]: end_s is over 100 hours", i);
			m->timed = 1;
		} else {
			all_timed = 0;
		}
		{
			struct json_object *qv = get(o, "question_id", NULL);
			if (qv && json_object_is_type(qv, json_type_string))
				m->qid = json_object_get_string(qv);
			else if (qv && json_object_is_type(qv, json_type_int))
				m->qid = json_object_get_string(qv); /* json-c renders the integer */
		}
		m->tok0 = r->toks.n;
		text_tokenize(&r->tx, m->text, m->len, &r->toks);
		m->ntok = r->toks.n - m->tok0;
	}
	r->nmsgs = n;
	r->m.timed = n > 0 && all_timed;
	return 0;
}

static int
load_criteria(struct round *r, struct json_object *arr, char *err, size_t errlen)
{
	size_t n;

	if (!arr)
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return fail(err, errlen, "evaluation_criteria must be an array");
	n = json_object_array_length(arr);
	if (n > 20)
		return fail(err, errlen, "evaluation_criteria has %zu items; at most 20 are allowed", n);
	r->crit = xcalloc(n, sizeof(*r->crit));
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *w;
		struct r_criterion *c = &r->crit[i];
		if (!o || !json_object_is_type(o, json_type_object))
			return fail(err, errlen, "evaluation_criteria[%zu] must be an object", i);
		c->name = get_str(o, "criterion", "name");
		if (!c->name)
			return fail(err, errlen, "evaluation_criteria[%zu].criterion must be a string", i);
		c->id = get_str(o, "id", NULL);
		w = get(o, "weight", NULL);
		c->weight = 1.0;
		if (w) {
			if (!(json_object_is_type(w, json_type_double) || json_object_is_type(w, json_type_int)) ||
			    !isfinite(json_object_get_double(w)) || json_object_get_double(w) < 0)
				return fail(err, errlen, "evaluation_criteria[%zu].weight must be a number >= 0", i);
			c->weight = json_object_get_double(w);
		}
		c->rubric = get(o, "rubric", "scoring_rubric");
		r->ncrit++;
	}
	return 0;
}

static int
load_topics(struct round *r, struct json_object *in, char *err, size_t errlen)
{
	struct json_object *must = get(in, "must_cover", NULL), *topics = get(in, "topics_to_cover", NULL);
	size_t cap = 0, nmust = 0, ntop = 0;

	if (must && !json_object_is_type(must, json_type_array))
		return fail(err, errlen, "must_cover must be an array of strings");
	if (topics && !json_object_is_type(topics, json_type_array))
		return fail(err, errlen, "topics_to_cover must be an array");
	nmust = must ? json_object_array_length(must) : 0;
	ntop = topics ? json_object_array_length(topics) : 0;
	if (nmust + ntop > 100)
		return fail(err, errlen, "at most 100 must-cover topics are allowed");
	cap = nmust;
	for (size_t i = 0; i < ntop; i++) {
		struct json_object *t = json_object_array_get_idx(topics, i), *sub;
		cap++;
		if (t && json_object_is_type(t, json_type_object) && (sub = get(t, "subtopics", NULL)) &&
		    json_object_is_type(sub, json_type_array))
			cap += json_object_array_length(sub) > 20 ? 20 : json_object_array_length(sub);
	}
	r->topics = xcalloc(cap, sizeof(*r->topics));
	int group = 0;
	for (size_t i = 0; i < nmust; i++) {
		const char *s = item_text(json_object_array_get_idx(must, i), "topic", NULL);
		if (!s)
			return fail(err, errlen, "must_cover[%zu] must be a string", i);
		phrase_init(r, &r->topics[r->ntopics], s);
		r->topics[r->ntopics++].group = group++;
	}
	for (size_t i = 0; i < ntop; i++) {
		struct json_object *t = json_object_array_get_idx(topics, i), *mc, *sub;
		const char *s;
		if (!t || !json_object_is_type(t, json_type_object))
			return fail(err, errlen, "topics_to_cover[%zu] must be an object", i);
		s = get_str(t, "topic", NULL);
		if (!s)
			return fail(err, errlen, "topics_to_cover[%zu].topic must be a string", i);
		mc = get(t, "must_cover", NULL);
		if (!mc || !json_object_get_boolean(mc))
			continue;
		phrase_init(r, &r->topics[r->ntopics], s);
		r->topics[r->ntopics++].group = group;
		sub = get(t, "subtopics", NULL);
		if (sub && json_object_is_type(sub, json_type_array))
			for (size_t k = 0; k < json_object_array_length(sub) && k < 20; k++) {
				const char *ss = item_text(json_object_array_get_idx(sub, k), "topic", NULL);
				if (!ss)
					continue;
				phrase_init(r, &r->topics[r->ntopics], ss);
				r->topics[r->ntopics++].group = group;
			}
		group++;
	}
	return 0;
}

static int
find_question(const struct round *r, const char *qid)
{
	for (size_t i = 0; i < r->nqs; i++)
		if (strcmp(r->qs[i].id, qid) == 0)
			return (int)i;
	return -1;
}

static int
answer_for(struct round *r, int q)
{
	if (r->qs[q].answer < 0) {
		struct r_answer *a = &r->ans[r->nans];
		memset(a, 0, sizeof(*a));
		a->q = q;
		a->first_msg = a->last_msg = -1;
		a->coverage = -1.0;
		r->qs[q].answer = (int)r->nans++;
	}
	return r->qs[q].answer;
}

static int
msg_has_qmark(const struct round *r, const struct r_msg *m)
{
	for (size_t i = 0; i < m->ntok; i++)
		if (r->toks.v[m->tok0 + i].tk & TK_QMARK_AFTER)
			return 1;
	return 0;
}

/* Which question does interviewer message mi ask? Content-stem overlap with each question and
 * its follow-ups: at least half of the question's stems and two of them (one for one-stem
 * questions). Ties go to a question not yet asked, then to the earlier one. */
static int
match_question(struct round *r, size_t mi, int cur)
{
	const struct r_msg *m = &r->msgs[mi];
	uint32_t v = UINT32_MAX - (uint32_t)mi;
	int best = -1, best_new = 0;
	double best_ratio = 0.0;

	for (size_t i = 0; i < m->ntok; i++)
		r->stamp[r->toks.v[m->tok0 + i].stem] = v;
	for (size_t qi = 0; qi < r->nqs; qi++) {
		const struct r_question *q = &r->qs[qi];
		for (size_t f = 0; f <= q->nfups; f++) {
			const struct r_phrase *p = f == 0 ? &q->self : &q->fups[f - 1];
			size_t shared = 0;
			double ratio;
			int is_new;
			if (p->n == 0)
				continue;
			for (size_t k = 0; k < p->n; k++)
				shared += r->stamp[p->stems[k]] == v;
			ratio = (double)shared / (double)p->n;
			if (!(ratio >= 0.5 && (shared >= 2 || p->n == 1)))
				continue;
			if (f > 0 && (int)qi != cur && q->asked_msg < 0)
				ratio -= 0.25; /* a follow-up of a question not asked yet is a weak hint */
			is_new = q->asked_msg < 0;
			if (best < 0 || ratio > best_ratio + 1e-9 ||
			    (fabs(ratio - best_ratio) <= 1e-9 && is_new && !best_new)) {
				best = (int)qi;
				best_ratio = ratio;
				best_new = is_new;
			}
		}
	}
	return best;
}

/* "Do you have any questions for me/us?" closes the questions */
static int
is_closing(const struct round *r, const struct r_msg *m)
{
	for (size_t i = 0; i + 2 < m->ntok; i++) {
		const struct text_tok *t = &r->toks.v[m->tok0 + i];
		const char *a = text_word_str(&r->tx, t[0].word), *b = text_word_str(&r->tx, t[1].word),
		           *c = text_word_str(&r->tx, t[2].word);
		if ((!strcmp(a, "questions") || !strcmp(a, "question")) && !strcmp(b, "for") &&
		    (!strcmp(c, "me") || !strcmp(c, "us")))
			return 1;
	}
	return 0;
}

static int
segment(struct round *r, char *err, size_t errlen)
{
	int cur = -1;

	if (r->nqs == 0) {
		/* no questions given: every interviewer message with a question mark opens one */
		size_t n = 0;
		for (size_t i = 0; i < r->nmsgs; i++)
			n += !r->msgs[i].cand && msg_has_qmark(r, &r->msgs[i]);
		r->qs = xcalloc(n + 1, sizeof(*r->qs));
		for (size_t i = 0; i < r->nmsgs; i++) {
			struct r_question *q;
			if (r->msgs[i].cand || !msg_has_qmark(r, &r->msgs[i]))
				continue;
			q = &r->qs[r->nqs];
			snprintf(q->idbuf, sizeof(q->idbuf), "m%zu", i);
			q->id = q->idbuf;
			q->text = r->msgs[i].text;
			q->type = "other";
			q->kind = Q_OTHER;
			q->weight = 1.0;
			q->implicit = 1;
			q->asked_msg = -1;
			q->answer = -1;
			phrase_init(r, &q->self, q->text);
			r->msgs[i].qid = q->id;
			r->nqs++;
		}
		if (r->nqs == 0) {
			struct r_question *q = &r->qs[0];
			q->id = "all";
			q->text = "";
			q->type = "other";
			q->kind = Q_OTHER;
			q->weight = 1.0;
			q->implicit = 1;
			q->asked_msg = -1;
			q->answer = -1;
			r->nqs = 1;
			cur = 0;
		}
	}
	r->ans = xcalloc(r->nqs, sizeof(*r->ans));
	for (size_t i = 0; i < r->nmsgs; i++) {
		struct r_msg *m = &r->msgs[i];
		int q = -1;
		if (m->qid) {
			q = find_question(r, m->qid);
			if (q < 0)
				return fail(err, errlen, "transcript[%zu].question_id '%s' is not among the questions",
				            i, m->qid);
		}
		if (!m->cand) {
			if (q < 0 && is_closing(r, m)) {
				cur = -1; /* "any questions for me?": what follows is not an answer */
				continue;
			}
			if (q < 0)
				q = match_question(r, i, cur);
			if (q >= 0) {
				m->asks = q;
				if (r->qs[q].asked_msg < 0)
					r->qs[q].asked_msg = (int)i;
				cur = q;
			}
			continue;
		}
		if (q < 0)
			q = cur;
		if (q < 0)
			continue; /* small talk before the first question */
		{
			int a = answer_for(r, q);
			m->answer = a;
			if (r->ans[a].first_msg < 0)
				r->ans[a].first_msg = (int)i;
			r->ans[a].last_msg = (int)i;
			if (r->qs[q].asked_msg < 0 && !m->qid)
				r->qs[q].asked_msg = (int)i;
		}
	}
	/* a question the interviewer asked but the candidate never answered still gets an answer */
	for (size_t q = 0; q < r->nqs; q++)
		if (r->qs[q].asked_msg >= 0)
			answer_for(r, (int)q);
	return 0;
}

int
round_load(struct round *r, struct json_object *in, char *err, size_t errlen)
{
	struct json_object *tr;
	size_t ns;

	memset(r, 0, sizeof(*r));
	text_init(&r->tx);
	if (!in || !json_object_is_type(in, json_type_object))
		return fail(err, errlen, "the round must be a JSON object");
	tr = get(in, "transcript", "messages");
	if (load_messages(r, tr, err, errlen) != 0)
		return -1;
	if (load_questions(r, get(in, "questions", NULL), err, errlen) != 0)
		return -1;
	if (load_phrases(r, get(in, "required_skills", NULL), "required_skills", "skill", "name", &r->skills,
	                 &r->nskills, 100, err, errlen) != 0)
		return -1;
	if (load_topics(r, in, err, errlen) != 0)
		return -1;
	if (load_criteria(r, get(in, "evaluation_criteria", NULL), err, errlen) != 0)
		return -1;
	/* answers can only be segmented once every stem id exists (implicit questions add none
	 * that the messages did not already add) */
	ns = text_nstems(&r->tx) + 1;
	r->stamp = xcalloc(ns, sizeof(*r->stamp));
	r->stamp_loc = xcalloc(ns, sizeof(*r->stamp_loc));
	r->seen = xcalloc(ns, sizeof(*r->seen));
	r->seen_loc = xcalloc(ns, sizeof(*r->seen_loc));
	if (segment(r, err, errlen) != 0)
		return -1;
	return 0;
}

void
round_free(struct round *r)
{
	for (size_t i = 0; i < r->nqs; i++) {
		free(r->qs[i].points);
		free(r->qs[i].fups);
	}
	free(r->qs);
	free(r->msgs);
	free(r->ans);
	free(r->skills);
	free(r->topics);
	free(r->crit);
	free(r->stamp);
	free(r->stamp_loc);
	free(r->seen);
	free(r->seen_loc);
	toks_free(&r->toks);
	toks_free(&r->scratch);
	text_free(&r->tx);
	memset(r, 0, sizeof(*r));
}
