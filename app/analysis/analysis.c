/* analysis.c: analysis_round, the engine's entry point: load and segment the round, count,
 * score, then write the report object (metrics, answers, scores, criteria, feedback). */
#include "analysis/analysis.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "analysis/round.h"

static struct json_object *
metrics_json(const struct round *r)
{
	const struct r_metrics *M = &r->m;
	struct json_object *o = json_object_new_object(), *fw = json_object_new_array(),
	                   *hw = json_object_new_array(), *top = json_object_new_array();
	int order[R_NFILLER];

	/* filler words by count, then in the documented order */
	for (int k = 0; k < R_NFILLER; k++)
		order[k] = k;
	for (int i = 1; i < R_NFILLER; i++)
		for (int j = i; j > 0 && M->fillers[order[j]] > M->fillers[order[j - 1]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (int i = 0; i < R_NFILLER; i++) {
		int k = order[i];
		struct json_object *e;
		if (!M->fillers[k])
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "word", json_object_new_string(r_filler_names[k]));
		json_object_object_add(e, "count", json_object_new_int((int)M->fillers[k]));
		json_object_array_add(fw, e);
	}
	for (int k = 0; k < R_NHEDGE; k++) {
		struct json_object *e;
		if (!M->hedges[k])
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "phrase", json_object_new_string(r_hedge_names[k]));
		json_object_object_add(e, "count", json_object_new_int((int)M->hedges[k]));
		json_object_array_add(hw, e);
	}
	for (size_t i = 0; i < M->ntop; i++) {
		struct json_object *e = json_object_new_object();
		json_object_object_add(e, "word", json_object_new_string(text_word_str(&r->tx, M->top[i].word)));
		json_object_object_add(e, "count", json_object_new_int((int)M->top[i].count));
		json_object_array_add(top, e);
	}
	json_object_object_add(o, "total_words", json_object_new_int64((int64_t)M->total_words));
	json_object_object_add(o, "unique_words", json_object_new_int64((int64_t)M->unique_words));
	json_object_object_add(o, "interviewer_words", json_object_new_int64((int64_t)M->int_words));
	json_object_object_add(o, "timed", json_object_new_boolean(M->timed));
	json_object_object_add(o, "candidate_speaking_time_seconds", M->timed ? json_object_new_int((int)(M->cand_s + 0.5)) : NULL);
	json_object_object_add(o, "interviewer_speaking_time_seconds", M->timed ? json_object_new_int((int)(M->int_s + 0.5)) : NULL);
	json_object_object_add(o, "silence_time_seconds", M->timed ? json_object_new_int((int)(M->silence_s + 0.5)) : NULL);
	json_object_object_add(o, "overlap_time_seconds", M->timed ? json_object_new_int((int)(M->overlap_s + 0.5)) : NULL);
	json_object_object_add(o, "duration_seconds", M->timed ? json_object_new_int((int)(M->duration_s + 0.5)) : NULL);
	json_object_object_add(o, "filler_words_count", json_object_new_int((int)M->nfill));
	json_object_object_add(o, "filler_words", fw);
	json_object_object_add(o, "filler_words_per_minute", M->wpm > 0 ? json_num((double)M->nfill / (M->cand_s / 60.0), 1) : NULL);
	json_object_object_add(o, "filler_words_percent", json_num(M->cand_words ? 100.0 * (double)M->nfill / (double)M->cand_words : 0.0, 1));
	json_object_object_add(o, "hedges_count", json_object_new_int((int)M->nhedge));
	json_object_object_add(o, "hedges", hw);
	json_object_object_add(o, "speaking_pace_wpm", M->wpm > 0 ? json_num(M->wpm, 1) : NULL);
	json_object_object_add(o, "long_pauses", json_object_new_int((int)M->long_pauses));
	json_object_object_add(o, "longest_pause_seconds", M->timed ? json_num(M->longest_pause_s, 1) : NULL);
	json_object_object_add(o, "talk_ratio", json_num(M->talk_ratio, 3));
	json_object_object_add(o, "talk_ratio_basis", json_object_new_string(M->talk_basis));
	json_object_object_add(o, "interruption_count", json_object_new_int((int)M->interruptions));
	json_object_object_add(o, "question_response_time_avg_seconds", M->resp_n ? json_num(M->resp_sum / M->resp_n, 2) : NULL);
	json_object_object_add(o, "question_response_time_max_seconds", M->resp_n ? json_num(M->resp_max, 2) : NULL);
	json_object_object_add(o, "candidate_questions", json_object_new_int((int)M->cand_questions));
	json_object_object_add(o, "top_words", top);
	return o;
}

static struct json_object *
phrase_json(const struct round *r, const struct r_phrase *p, const char *key)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, key, json_object_new_string(p->text));
	json_object_object_add(o, "covered", json_object_new_boolean(p->covered));
	json_object_object_add(o, "partial", json_object_new_boolean(!p->covered && p->matched > 0));
	json_object_object_add(o, "credit", json_num(p->credit, 2));
	json_object_object_add(o, "matched", json_object_new_int((int)p->matched));
	json_object_object_add(o, "needed", json_object_new_int((int)p->need));
	json_object_object_add(o, "terms", json_object_new_int((int)p->n));
	json_object_object_add(o, "message_index", p->loc.msg >= 0 ? json_object_new_int(p->loc.msg) : NULL);
	if (p->loc.msg >= 0)
		json_object_object_add(o, "evidence", json_object_new_string(round_quote(r, p->loc)));
	return o;
}

static struct json_object *
answer_json(const struct round *r, const struct r_answer *a)
{
	const struct r_question *q = &r->qs[a->q];
	struct json_object *o = json_object_new_object(), *pts = json_object_new_array(),
	                   *missed = json_object_new_array(),
	                   *fw = json_object_new_object(), *msgs = json_object_new_array(), *sc;
	int behav = q->kind == Q_BEHAVIORAL || q->kind == Q_SITUATIONAL;
	unsigned tot = a->n_i + a->n_we + a->n_you;

	json_object_object_add(o, "question_id", json_object_new_string(q->id));
	json_object_object_add(o, "question", json_object_new_string(q->text));
	json_object_object_add(o, "type", json_object_new_string(q->type));
	json_object_object_add(o, "required", json_object_new_boolean(q->required));
	if (a->first_msg >= 0)
		for (int m = a->first_msg; m <= a->last_msg; m++)
			if (r->msgs[m].cand && r->msgs[m].answer == (int)(a - r->ans))
				json_object_array_add(msgs, json_object_new_int(m));
	json_object_object_add(o, "message_indexes", msgs);
	sc = json_score(&a->score);
	json_object_object_add(o, "score", json_num(a->score.score, 1));
	json_object_object_add(o, "contributions", json_object_get(json_object_object_get(sc, "contributions")));
	json_object_put(sc);
	json_object_object_add(o, "words", json_object_new_int64((int64_t)a->words));
	json_object_object_add(o, "seconds", r->m.timed ? json_num(a->seconds, 1) : NULL);
	json_object_object_add(o, "length_band", json_object_new_string(a->band ? a->band : "no_answer"));
	for (size_t p = 0; p < q->npoints; p++) {
		json_object_array_add(pts, phrase_json(r, &q->points[p], "point"));
		if (!q->points[p].covered)
			json_object_array_add(missed, json_object_new_string(q->points[p].text));
	}
	{
		struct json_object *cov = json_object_new_object();
		json_object_object_add(cov, "points", pts);
		json_object_object_add(cov, "covered", json_object_new_int((int)a->points_covered));
		json_object_object_add(cov, "total", json_object_new_int((int)q->npoints));
		json_object_object_add(cov, "share", a->coverage >= 0 ? json_num(a->coverage, 2) : NULL);
		json_object_object_add(o, "coverage", cov);
	}
	json_object_object_add(o, "missed_points", missed);
	if (behav) {
		struct json_object *star = json_object_new_object(), *split = json_object_new_object();
		json_object_object_add(star, "situation", json_object_new_boolean(a->situation));
		json_object_object_add(star, "task", json_object_new_boolean(a->task));
		json_object_object_add(star, "action_verbs", json_object_new_int((int)a->action_verbs));
		json_object_object_add(star, "action", json_object_new_boolean(a->action_verbs >= 3));
		json_object_object_add(star, "result", json_object_new_boolean(a->result));
		json_object_object_add(star, "quantified_result", json_object_new_boolean(a->quantified_result));
		json_object_object_add(star, "markers", json_object_new_int(a->situation + a->task + (a->action_verbs >= 3) + a->result));
		json_object_object_add(split, "situation_task", json_num(a->star_split[0], 2));
		json_object_object_add(split, "action", json_num(a->star_split[1], 2));
		json_object_object_add(split, "result", json_num(a->star_split[2], 2));
		json_object_object_add(star, "time_split", split);
		if (a->result_loc.msg >= 0)
			json_object_object_add(star, "result_evidence", json_object_new_string(round_quote(r, a->result_loc)));
		json_object_object_add(o, "star", star);
	}
	{
		struct json_object *own = json_object_new_object();
		json_object_object_add(own, "i", json_object_new_int((int)a->n_i));
		json_object_object_add(own, "we", json_object_new_int((int)a->n_we));
		json_object_object_add(own, "you", json_object_new_int((int)a->n_you));
		json_object_object_add(own, "i_share", json_num(tot ? (double)a->n_i / tot : 0.0, 2));
		json_object_object_add(own, "we_actions", json_object_new_int((int)a->we_actions));
		json_object_object_add(o, "ownership", own);
	}
	for (int k = 0; k < R_NFILLER; k++)
		if (a->fillers[k])
			json_object_object_add(fw, r_filler_names[k], json_object_new_int((int)a->fillers[k]));
	json_object_object_add(o, "filler_words_count", json_object_new_int((int)a->nfill));
	json_object_object_add(o, "filler_words", fw);
	json_object_object_add(o, "hedges_count", json_object_new_int((int)a->nhedge));
	{
		struct json_object *rs = json_object_new_array();
		for (unsigned k = 0; k < a->reasons && k < 16; k++)
			json_object_array_add(rs, json_object_new_string(text_stem_str(&r->tx, a->reason_stems[k])));
		json_object_object_add(o, "reasoning_markers", rs);
	}
	json_object_object_add(o, "quantities", json_object_new_int((int)a->quantities));
	json_object_object_add(o, "skills_mentioned_count", json_object_new_int((int)a->skills_mentioned));
	json_object_object_add(o, "follow_ups_anticipated", json_object_new_int((int)a->fups_anticipated));
	return o;
}

static struct json_object *
criteria_json(const struct round *r)
{
	struct json_object *o = json_object_new_object();

	for (size_t c = 0; c < r->ncrit; c++) {
		const struct r_criterion *cr = &r->crit[c];
		struct json_object *e = json_object_new_object(), *ex = json_object_new_array(), *rb = NULL;
		const char *level = cr->score >= 80 ? "excellent" : cr->score >= 60 ? "good" : "needs_improvement";
		char fb[300];

		json_object_object_add(e, "criterion", json_object_new_string(cr->name));
		json_object_object_add(e, "score", json_num(cr->score, 1));
		json_object_object_add(e, "weight", json_num(cr->weight, 3));
		json_object_object_add(e, "based_on", json_object_new_string(cr->dim >= 0 ? r_dim_names[cr->dim] : "answer_quality"));
		json_object_object_add(e, "level", json_object_new_string(level));
		if (cr->rubric && json_object_is_type(cr->rubric, json_type_object))
			json_object_object_get_ex(cr->rubric, level, &rb);
		else if (cr->rubric && json_object_is_type(cr->rubric, json_type_string))
			rb = cr->rubric;
		if (rb && json_object_is_type(rb, json_type_string))
			snprintf(fb, sizeof(fb), "%s: %s", level, json_object_get_string(rb));
		else
			snprintf(fb, sizeof(fb), "%s (%.0f of 100, from %s)", level, cr->score, cr->dim >= 0 ? r_dim_names[cr->dim] : "the answer scores");
		json_object_object_add(e, "feedback", json_object_new_string(fb));
		if (cr->dim >= 0 && r->dims[cr->dim].n > 0) {
			for (size_t k = 0; k < r->dims[cr->dim].n && json_object_array_length(ex) < 3; k++)
				if (r->dims[cr->dim].c[k].points != 0 && strcmp(r->dims[cr->dim].c[k].name, "baseline"))
					json_object_array_add(ex, json_object_new_string(r->dims[cr->dim].c[k].why));
		}
		json_object_object_add(e, "examples", ex);
		json_object_object_add(o, cr->id ? cr->id : cr->name, e);
	}
	return o;
}

int
analysis_round(struct json_object *input, struct json_object **out, char *err, size_t errlen)
{
	struct round r;
	struct json_object *o, *ans, *scores;

	*out = NULL;
	if (round_load(&r, input, err, errlen) != 0) {
		round_free(&r);
		return -1;
	}
	round_metrics(&r);
	round_score(&r);
	o = json_object_new_object();
	json_object_object_add(o, "analysis_model", json_object_new_string(ANALYSIS_MODEL));
	json_object_object_add(o, "analysis_prompt_version", json_object_new_string(ANALYSIS_VERSION));
	json_object_object_add(o, "metrics", metrics_json(&r));
	ans = json_object_new_array();
	for (size_t i = 0; i < r.nans; i++)
		json_object_array_add(ans, answer_json(&r, &r.ans[i]));
	json_object_object_add(o, "answers", ans);
	scores = json_object_new_object();
	for (int d = 0; d < D_N; d++)
		json_object_object_add(scores, r_dim_names[d], json_score(&r.dims[d]));
	json_object_object_add(o, "scores", scores);
	json_object_object_add(o, "criteria_scores", criteria_json(&r));
	json_object_object_add(o, "overall_score", json_num(r.overall.score, 1));
	{
		struct json_object *sc = json_score(&r.overall);
		json_object_object_add(o, "overall_contributions", json_object_get(json_object_object_get(sc, "contributions")));
		json_object_put(sc);
	}
	{
		/* confidence grows with the amount of candidate speech: full at 300 words */
		double c = (double)r.m.cand_words / 300.0;
		json_object_object_add(o, "confidence_score", json_num(c > 1.0 ? 1.0 : c, 2));
	}
	round_feedback(&r, o);
	round_free(&r);
	*out = o;
	return 0;
}
