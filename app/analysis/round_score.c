/* round_score.c: coverage of expected points, per-answer scores, the five dimension scores,
 * the evaluation criteria and the overall score. Every score is a sum of named contributions
 * (struct r_score) so the report can show where each point came from. */
#include "analysis/round.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static double
clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static double
min1(double v)
{
	return v > 1.0 ? 1.0 : v;
}

static const char *
band_of(const struct r_answer *a, enum r_kind k)
{
	size_t w = a->words;

	if (w == 0)
		return "no_answer";
	if (k == Q_BEHAVIORAL || k == Q_SITUATIONAL) {
		/* 60 s to 2 min at 130-175 words a minute */
		return w < 40 ? "too_short" : w < 100 ? "short" : w <= 320 ? "good" : w <= 450 ? "long" : "too_long";
	}
	return w < 25 ? "too_short" : w < 60 ? "short" : w <= 400 ? "good" : w <= 600 ? "long" : "too_long";
}

static double
length_points(const char *band)
{
	if (!strcmp(band, "good"))
		return 15.0;
	if (!strcmp(band, "short") || !strcmp(band, "long"))
		return 8.0;
	if (!strcmp(band, "too_long"))
		return 4.0;
	return 0.0;
}

/* Relevance when a question has no expected points: its own content words, up to three. */
static double
relevance(const struct r_question *q)
{
	size_t need = q->self.n < 3 ? q->self.n : 3;

	return need ? min1((double)q->self.matched / (double)need) : 0.5;
}

static void
delivery(struct r_answer *a, struct r_score *s)
{
	double words = (double)(a->words ? a->words : 1);
	double wf = (double)a->nfill_strong + 0.6 * (double)(a->nfill - a->nfill_strong);
	double pct = wf / words;
	double fpen = clamp((pct - 0.04) / 0.08 * 6.0, 0.0, 6.0);
	double h = (double)a->nhedge * 100.0 / words;
	double hpen = clamp((h - 1.5) / 3.0 * 4.0, 0.0, 4.0);

	score_add(s, "delivery", 10.0 - fpen - hpen,
	          "%u filler words (%.1f%% of words) and %u hedges in %zu words; no penalty under 4%% fillers and 1.5 hedges per 100 words",
	          a->nfill, pct * 100.0, a->nhedge, a->words);
}

static void
score_answer(struct round *r, struct r_answer *a)
{
	const struct r_question *q = &r->qs[a->q];
	struct r_score *s = &a->score;
	int behav = q->kind == Q_BEHAVIORAL || q->kind == Q_SITUATIONAL;
	double content_max = behav ? 40.0 : 50.0;

	memset(s, 0, sizeof(*s));
	a->band = band_of(a, q->kind);
	if (a->words == 0) {
		score_add(s, "no answer", 0.0, "the question was asked but not answered");
		return;
	}
	if (q->npoints > 0)
		score_add(s, "expected points", content_max * a->coverage,
		          "covered %u of %zu expected points (partial credit for partly matched points)",
		          a->points_covered, q->npoints);
	else
		score_add(s, "relevance", content_max * relevance(q),
		          "no expected points given; used %zu of the question's key words", q->self.matched);
	if (behav) {
		double act = min1((double)a->action_verbs / 3.0);
		score_add(s, "STAR situation", a->situation ? 6.0 : 0.0, a->situation ? "opened with the situation" : "no situation opener (\"when I was...\", \"at my last job...\")");
		score_add(s, "STAR task", a->task ? 3.0 : 0.0, a->task ? "said what the task or goal was" : "no task or goal stated");
		score_add(s, "STAR action", 9.0 * act, "%u first-person past-tense actions (3 or more for full points)", a->action_verbs);
		score_add(s, "STAR result", (a->result ? 6.0 : 0.0) + (a->quantified_result ? 6.0 : 0.0),
		          a->quantified_result ? "ended with a quantified result" : a->result ? "stated a result without a number" : "no result stated");
		{
			unsigned tot = a->n_i + a->n_we + a->n_you;
			double share = tot ? (double)a->n_i / (double)tot : 0.0;
			score_add(s, "ownership", 5.0 * min1(share / 0.5), "said \"I\" %u times, \"we\" %u, \"you\" %u", a->n_i, a->n_we, a->n_you);
		}
	} else {
		double ex = min1(((double)a->examples + (a->sequence >= 2 ? 1.0 : 0.0)) / 2.0);
		score_add(s, "reasoning", 14.0 * min1((double)a->reasons / 4.0),
		          "%u distinct reasoning markers (because, trade-off, complexity, measure...; 4 for full points)", a->reasons);
		score_add(s, "structure", 6.0 * ex, "%u examples, %u sequence markers (first, then, finally)", a->examples, a->sequence);
		score_add(s, "specifics", 5.0 * min1((double)a->quantities / 2.0), "%u numbers or quantities", a->quantities);
	}
	score_add(s, "length", length_points(a->band), "%zu words: %s", a->words, a->band);
	delivery(a, s);
	if (a->negatives)
		score_add(s, "negative talk", -clamp(10.0 * a->negatives, 0, 15), "%u negative words about people or past employers", a->negatives);
	if (a->deflections)
		score_add(s, "deflection", -clamp(8.0 * a->deflections, 0, 16), "said it was not your fault or someone else's fault %u times", a->deflections);
	if (a->dont_know && a->coverage < 0.5)
		score_add(s, "no attempt", -clamp(5.0 * a->dont_know, 0, 10), "said \"I don't know\" or \"no idea\" %u times without working it through", a->dont_know);
	score_clamp(s);
}

static void
answers(struct round *r)
{
	double wsum = 0, ssum = 0;

	for (size_t ai = 0; ai < r->nans; ai++) {
		struct r_answer *a = &r->ans[ai];
		struct r_question *q = &r->qs[a->q];
		uint32_t v = (uint32_t)ai + 1, fv = v | 0x40000000u;

		/* follow-ups answered in the first turn, before anyone asked them */
		if (q->nfups && a->first_msg >= 0) {
			for (int m = a->first_msg; m <= a->last_msg; m++) {
				const struct r_msg *msg = &r->msgs[m];
				if (!msg->cand && m > a->first_msg)
					break;
				if (msg->answer != (int)ai)
					continue;
				for (size_t i = 0; i < msg->ntok; i++) {
					const struct text_tok *t = &r->toks.v[msg->tok0 + i];
					if (r->stamp[t->stem] != fv) {
						r->stamp[t->stem] = fv;
						r->stamp_loc[t->stem] = (struct r_loc){m, t->off};
					}
				}
			}
			/* stricter than coverage: follow-ups are questions full of common words, so
			 * three quarters of their terms and at least two must be in the first turn */
			for (size_t f = 0; f < q->nfups; f++) {
				struct r_phrase *p = &q->fups[f];
				round_match_phrase(p, r->stamp, r->stamp_loc, fv);
				a->fups_anticipated += p->matched >= 2 && p->matched * 4 >= p->n * 3;
			}
		}
		round_stamp_answer(r, ai);
		round_match_phrase(&q->self, r->stamp, r->stamp_loc, v);
		if (q->npoints) {
			double c = 0;
			for (size_t p = 0; p < q->npoints; p++) {
				round_match_phrase(&q->points[p], r->stamp, r->stamp_loc, v);
				c += q->points[p].credit;
				a->points_covered += q->points[p].covered;
			}
			a->coverage = c / (double)q->npoints;
		}
		for (size_t k = 0; k < r->nskills; k++) {
			struct r_phrase tmp = r->skills[k];
			round_match_phrase(&tmp, r->stamp, r->stamp_loc, v);
			a->skills_mentioned += tmp.covered;
		}
		score_answer(r, a);
		ssum += q->weight * a->score.score;
		wsum += q->weight;
	}
	r->answer_mean = wsum > 0 ? ssum / wsum : 0.0;
	for (size_t k = 0; k < r->nskills; k++)
		round_match_phrase(&r->skills[k], r->seen, r->seen_loc, 1);
	for (size_t k = 0; k < r->ntopics; k++)
		round_match_phrase(&r->topics[k], r->seen, r->seen_loc, 1);
}

static double
answer_content(const struct round *r, const struct r_answer *a)
{
	return a->coverage >= 0 ? a->coverage : relevance(&r->qs[a->q]);
}

static void
dim_technical(struct round *r)
{
	struct r_score *s = &r->dims[D_TECH];
	double cw = 0, cs = 0, qty = 0;
	size_t n = 0, skills = 0;
	unsigned dk = 0;
	int pass;

	for (pass = 0; pass < 3 && n == 0; pass++)
		for (size_t i = 0; i < r->nans; i++) {
			const struct r_answer *a = &r->ans[i];
			const struct r_question *q = &r->qs[a->q];
			if ((pass == 0 && q->kind != Q_TECHNICAL) || (pass == 1 && q->npoints == 0))
				continue;
			cs += q->weight * answer_content(r, a);
			cw += q->weight;
			qty += a->quantities + a->reasons;
			dk += a->dont_know;
			n++;
		}
	for (size_t k = 0; k < r->nskills; k++)
		skills += r->skills[k].covered;
	{
		double cov = cw > 0 ? cs / cw : 0;
		double wcov = r->nskills ? 70.0 : 90.0;
		score_add(s, "expected points", wcov * cov, "%.0f%% of the expected points covered across %zu %s answers",
		          cov * 100.0, n, pass == 1 ? "technical" : "scored");
	}
	if (r->nskills)
		score_add(s, "required skills", 20.0 * (double)skills / (double)r->nskills,
		          "mentioned %zu of the %zu required skills", skills, r->nskills);
	score_add(s, "specifics", 10.0 * min1(n ? qty / (3.0 * (double)n) : 0),
	          "%.0f numbers, complexity terms and reasoning markers in %zu answers", qty, n);
	if (dk)
		score_add(s, "no attempt", -clamp(5.0 * dk, 0, 20), "said \"I don't know\" or \"no idea\" %u times", dk);
	score_clamp(s);
}

static void
dim_problem(struct round *r)
{
	struct r_score *s = &r->dims[D_PROBLEM];
	double reason = 0, star = 0, cov = 0, ex = 0;
	size_t n = 0, nb = 0, withf = 0, antic = 0;

	for (size_t i = 0; i < r->nans; i++) {
		const struct r_answer *a = &r->ans[i];
		const struct r_question *q = &r->qs[a->q];
		if (a->words == 0) {
			n++;
			continue;
		}
		reason += min1((double)a->reasons / 4.0);
		cov += answer_content(r, a);
		ex += min1(((double)a->examples + (a->sequence >= 2 ? 1.0 : 0.0)) / 2.0);
		if (q->kind == Q_BEHAVIORAL || q->kind == Q_SITUATIONAL) {
			star += 0.5 * min1((double)a->action_verbs / 3.0) + 0.25 * a->result + 0.25 * a->quantified_result;
			nb++;
		}
		if (q->nfups) {
			withf++;
			antic += a->fups_anticipated > 0;
		}
		n++;
	}
	if (n == 0) {
		score_add(s, "no answers", 0, "nothing to score");
		return;
	}
	score_add(s, "reasoning", 40.0 * reason / (double)n, "reasoning markers (because, trade-off, measure, ...) averaged over %zu answers", n);
	if (nb)
		score_add(s, "actions and results", 30.0 * star / (double)nb, "first-person actions and measurable results in %zu behavioural answers", nb);
	else
		score_add(s, "structured explanation", 30.0 * ex / (double)n, "examples and step-by-step markers across %zu answers", n);
	score_add(s, "coverage", (withf ? 20.0 : 30.0) * cov / (double)n, "expected points covered, averaged over %zu answers", n);
	if (withf)
		score_add(s, "anticipated follow-ups", 10.0 * (double)antic / (double)withf,
		          "answered a planned follow-up before it was asked in %zu of %zu answers", antic, withf);
	score_clamp(s);
}

static void
dim_communication(struct round *r)
{
	struct r_score *s = &r->dims[D_COMM];
	const struct r_metrics *M = &r->m;
	double words = (double)(M->cand_words ? M->cand_words : 1);
	double wf = (double)M->nfill_strong + 0.6 * (double)(M->nfill - M->nfill_strong);
	size_t out_band = 0, scored = 0, sentences = 0;

	score_add(s, "baseline", 100.0, "clear delivery unless the evidence below says otherwise");
	if (M->wpm > 0 && M->cand_s >= 30) {
		double per_min = wf / (M->cand_s / 60.0);
		score_add(s, "filler words", -clamp((per_min - 5.0) / 7.0 * 25.0, 0, 35),
		          "%u filler words in %.1f minutes of speech (%.1f a minute, weighted: um/uh count 1, others 0.6); no penalty at 5 or fewer a minute",
		          M->nfill, M->cand_s / 60.0, per_min);
	} else {
		double pct = wf / words;
		score_add(s, "filler words", -clamp((pct - 0.04) / 0.08 * 25.0, 0, 35),
		          "%u filler words in %zu words (%.1f%%, weighted); no penalty under 4%%", M->nfill, M->cand_words, pct * 100.0);
	}
	{
		double h = (double)M->nhedge * 100.0 / words;
		score_add(s, "hedges", -clamp((h - 1.5) / 3.0 * 10.0, 0, 15), "%u hedges (%.1f per 100 words); no penalty up to 1.5", M->nhedge, h);
	}
	if (M->wpm > 0 && M->cand_s >= 30) {
		double pen = 0;
		if (M->wpm < 110)
			pen = clamp((110 - M->wpm) / 20.0 * 10.0 + 5.0, 0, 15);
		else if (M->wpm > 190)
			pen = clamp((M->wpm - 190) / 20.0 * 10.0 + 5.0, 0, 15);
		else if (M->wpm < 130 || M->wpm > 175)
			pen = 3;
		score_add(s, "pace", -pen, "%.0f words a minute (130-175 is the comfortable band)", M->wpm);
		score_add(s, "long pauses", -clamp(3.0 * M->long_pauses, 0, 12), "%u pauses over %.1f s inside your answers", M->long_pauses, R_PAUSE_S);
	}
	for (size_t i = 0; i < r->nans; i++) {
		const struct r_answer *a = &r->ans[i];
		if (!a->band)
			continue;
		scored++;
		sentences += a->sentences;
		out_band += strcmp(a->band, "good") != 0;
	}
	if (scored)
		score_add(s, "answer length", -20.0 * (double)out_band / (double)scored, "%zu of %zu answers outside the usual length", out_band, scored);
	if (sentences) {
		double avg = words / (double)sentences;
		if (avg > 30)
			score_add(s, "long sentences", -clamp((avg - 30.0) / 2.0, 0, 10), "%.0f words per sentence on average", avg);
	}
	score_clamp(s);
}

static void
dim_collaboration(struct round *r)
{
	struct r_score *s = &r->dims[D_COLLAB];
	unsigned collab = 0, n_i = 0, n_we = 0, neg = 0;
	double tr = r->m.talk_ratio;

	for (size_t i = 0; i < r->nans; i++) {
		collab += r->ans[i].collab;
		n_i += r->ans[i].n_i;
		n_we += r->ans[i].n_we;
		neg += r->ans[i].negatives;
	}
	score_add(s, "baseline", 40.0, "starting point");
	score_add(s, "teamwork words", clamp(5.0 * collab, 0, 25), "%u mentions of the team, colleagues, stakeholders, feedback", collab);
	if (n_we > 0)
		score_add(s, "credit and ownership", n_i * 2 >= n_we ? 15.0 : 7.0, "\"we\" %u times and \"I\" %u times", n_we, n_i);
	else
		score_add(s, "credit and ownership", 0.0, "never said \"we\"");
	if (r->m.cand_words + r->m.int_words > 0 && r->m.int_words > 0)
		score_add(s, "talk ratio", tr >= 0.5 && tr <= 0.7 ? 15.0 : tr >= 0.4 && tr <= 0.8 ? 8.0 : 0.0,
		          "you spoke %.0f%% of the %s (50-70%% is the usual band)", tr * 100.0, !strcmp(r->m.talk_basis, "time") ? "time" : "words");
	score_add(s, "questions asked", r->m.cand_questions ? 5.0 : 0.0, "asked the interviewer %u questions", r->m.cand_questions);
	if (neg)
		score_add(s, "negative talk", -clamp(10.0 * neg, 0, 30), "%u negative words about people or past employers", neg);
	score_clamp(s);
}

static void
dim_enthusiasm(struct round *r)
{
	struct r_score *s = &r->dims[D_ENTHUS];
	unsigned en = 0, neg = 0;
	size_t full = 0, n = 0;

	for (size_t i = 0; i < r->nans; i++) {
		const struct r_answer *a = &r->ans[i];
		en += a->enthus;
		neg += a->negatives;
		if (a->band) {
			n++;
			full += !strcmp(a->band, "good") || !strcmp(a->band, "long");
		}
	}
	score_add(s, "baseline", 40.0, "starting point");
	score_add(s, "enthusiasm words", clamp(8.0 * en, 0, 25), "%u words like excited, enjoyed, curious, proud", en);
	score_add(s, "questions asked", clamp(8.0 * r->m.cand_questions, 0, 15), "asked the interviewer %u questions", r->m.cand_questions);
	score_add(s, "full answers", n ? 20.0 * (double)full / (double)n : 0.0, "%zu of %zu answers of a full length", full, n);
	if (neg)
		score_add(s, "negative talk", -clamp(5.0 * neg, 0, 15), "%u negative words", neg);
	score_clamp(s);
}

static int
criterion_dim(const char *name)
{
	static const char *const keys[D_N][12] = {
		{"technical", "accuracy", "knowledge", "coding", "code", "correct", "system design", "architecture", "expertise", "domain", NULL},
		{"problem", "analytic", "reasoning", "approach", "algorithm", "debug", "logic", "critical", "decision", NULL},
		{"communicat", "clarity", "clear", "articulat", "present", "concise", "explain", NULL},
		{"collaborat", "teamwork", "team", "culture", "interpersonal", "stakeholder", "leadership", "conflict", NULL},
		{"enthusias", "motivation", "passion", "interest", "energy", "curiosity", "drive", NULL},
	};
	int best = -1, besthits = 0;

	for (int d = 0; d < D_N; d++) {
		int hits = 0;
		for (int k = 0; keys[d][k]; k++)
			hits += strcasestr(name, keys[d][k]) != NULL;
		if (hits > besthits) {
			best = d;
			besthits = hits;
		}
	}
	return best;
}

static void
overall(struct round *r)
{
	struct r_score *s = &r->overall;
	double wsum = 0;
	size_t scored = 0;

	for (size_t i = 0; i < r->nans; i++)
		scored += r->ans[i].band != NULL;
	score_add(s, "answers", 0.6 * r->answer_mean, "60%% of the weighted mean of %zu answer scores (%.1f)", scored, r->answer_mean);
	for (size_t c = 0; c < r->ncrit; c++)
		wsum += r->crit[c].weight;
	if (r->ncrit && wsum > 0) {
		for (size_t c = 0; c < r->ncrit; c++) {
			struct r_criterion *cr = &r->crit[c];
			cr->dim = criterion_dim(cr->name);
			cr->score = cr->dim >= 0 ? r->dims[cr->dim].score : r->answer_mean;
			score_add(s, cr->name, 0.4 * cr->score * cr->weight / wsum, "criterion weight %.2f of %.2f, scored %.1f from %s",
			          cr->weight, wsum, cr->score, cr->dim >= 0 ? r_dim_names[cr->dim] : "answer quality");
		}
	} else {
		double t = r->tech_share;
		double w[D_N] = {0.10 + 0.25 * t, 0.25, 0.20, 0.10 + 0.15 * (1 - t), 0.20 - 0.10 * t};
		for (size_t c = 0; c < r->ncrit; c++) {
			r->crit[c].dim = criterion_dim(r->crit[c].name);
			r->crit[c].score = r->crit[c].dim >= 0 ? r->dims[r->crit[c].dim].score : r->answer_mean;
		}
		for (int d = 0; d < D_N; d++)
			score_add(s, r_dim_names[d], 0.4 * w[d] * r->dims[d].score, "dimension weight %.3f (technical share of questions %.0f%%), scored %.1f",
			          w[d], t * 100.0, r->dims[d].score);
	}
	score_clamp(s);
}

void
round_score(struct round *r)
{
	size_t tech = 0, asked = 0;

	answers(r);
	for (size_t i = 0; i < r->nans; i++) {
		asked++;
		tech += r->qs[r->ans[i].q].kind == Q_TECHNICAL;
	}
	r->tech_share = asked ? (double)tech / (double)asked : 0.5;
	if (r->m.cand_words == 0) {
		/* nothing said: nothing to credit, and no baseline either */
		for (int d = 0; d < D_N; d++)
			score_add(&r->dims[d], "no answers", 0.0, "the candidate said nothing in this round");
		for (size_t c = 0; c < r->ncrit; c++)
			r->crit[c].dim = criterion_dim(r->crit[c].name);
		score_add(&r->overall, "no answers", 0.0, "the candidate said nothing in this round");
		return;
	}
	dim_technical(r);
	dim_problem(r);
	dim_communication(r);
	dim_collaboration(r);
	dim_enthusiasm(r);
	overall(r);
}
