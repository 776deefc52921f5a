/* round_feedback.c: turns the counts and scores into observations a person can act on:
 * strengths, weaknesses, missed opportunities, red flags, positive surprises and feedback
 * items. Every observation names observable behaviour and carries a quote and where it was
 * said; none describes a trait. */
#include "analysis/round.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OBS 96

struct obs {
	int kind;               /* 0 strength, 1 weakness, 2 red flag, 3 positive surprise */
	double weight;          /* ranking: larger first */
	const char *area;       /* top_strengths.area / key_weaknesses.area */
	const char *skill;      /* feedback_items.skill_area */
	const char *priority;   /* high | medium | low */
	char title[160];
	char text[640];
	char fix[320];          /* impact (strength) or improvement (weakness) */
	const char *actions[2];
	struct r_loc loc;
	size_t order;
};

struct obs_list {
	struct obs v[MAX_OBS];
	size_t n;
};

static struct obs *
add(struct obs_list *L, int kind, double weight, const char *area, const char *skill, const char *prio,
    struct r_loc loc)
{
	struct obs *o;

	if (L->n >= MAX_OBS)
		return NULL;
	o = &L->v[L->n];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->weight = weight;
	o->area = area;
	o->skill = skill;
	o->priority = prio;
	o->loc = loc;
	o->order = L->n++;
	return o;
}

static void
fmt(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void
fmt(char *dst, size_t n, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(dst, n, f, ap);
	va_end(ap);
}

/* the question, cut to about 60 bytes on a UTF-8 boundary */
static const char *
qshort(const struct r_question *q, char *buf, size_t n)
{
	size_t len = strlen(q->text);

	if (len == 0) {
		snprintf(buf, n, "the interview");
		return buf;
	}
	if (len <= 60 || n < 70) {
		snprintf(buf, n, "%s", q->text);
		return buf;
	}
	len = 57;
	while (len > 0 && ((unsigned char)q->text[len] & 0xC0) == 0x80)
		len--;
	snprintf(buf, n, "%.*s\xe2\x80\xa6", (int)len, q->text);
	return buf;
}

/* The answer's first sentence of five words or more, so a quote is never just "Sure." */
static struct r_loc
answer_start(const struct round *r, const struct r_answer *a)
{
	struct r_loc l = {a->first_msg, 0};
	const struct r_msg *m;

	if (a->first_msg < 0)
		return l;
	m = &r->msgs[a->first_msg];
	for (size_t i = 0; i < m->ntok; i++) {
		const struct text_tok *t = &r->toks.v[m->tok0 + i];
		size_t j = i + 1;
		if (!(t->tk & TK_SENT_START))
			continue;
		while (j < m->ntok && !(r->toks.v[m->tok0 + j].tk & TK_SENT_START))
			j++;
		if (j - i >= 5) {
			l.off = t->off;
			break;
		}
	}
	return l;
}

static void
delivery_obs(struct round *r, struct obs_list *L)
{
	const struct r_metrics *M = &r->m;
	double words = (double)(M->cand_words ? M->cand_words : 1);
	int timed = M->wpm > 0 && M->cand_s >= 30;
	double minutes = M->cand_s / 60.0;
	double per_min = timed ? (double)M->nfill / minutes : 0;
	double pct = (double)M->nfill / words;
	int top = 0;
	struct r_loc floc = {-1, 0};
	unsigned best = 0;
	struct obs *o;

	for (int k = 1; k < R_NFILLER; k++)
		if (M->fillers[k] > M->fillers[top])
			top = k;
	for (size_t i = 0; i < r->nans; i++)
		if (r->ans[i].filler_loc_count > best) {
			best = r->ans[i].filler_loc_count;
			floc = r->ans[i].filler_loc;
		}
	if (M->nfill > 0 && ((timed && per_min > 5.0) || (!timed && pct > 0.04))) {
		int high = timed ? per_min >= 9.0 : pct >= 0.08;
		o = add(L, 1, high ? 90 : 60, "Delivery", "communication", high ? "high" : "medium", floc);
		if (o) {
			fmt(o->title, sizeof(o->title), "Filler words: '%s' %u times", r_filler_names[top], M->fillers[top]);
			if (timed)
				fmt(o->text, sizeof(o->text),
				    "You said '%s' %u times and used %u filler words in all in %.1f minutes of speaking (%.1f a minute). Listeners stop noticing below about 5 a minute.",
				    r_filler_names[top], M->fillers[top], M->nfill, minutes, per_min);
			else
				fmt(o->text, sizeof(o->text),
				    "You said '%s' %u times and used %u filler words in %zu words (%.1f%%). Below about 4%% they go unnoticed.",
				    r_filler_names[top], M->fillers[top], M->nfill, M->cand_words, pct * 100.0);
			fmt(o->fix, sizeof(o->fix), "Pause silently for a second where you would say '%s'.", r_filler_names[top]);
			o->actions[0] = "Record one 2-minute answer, count the fillers, and repeat until it is under 10";
			o->actions[1] = "Replace each filler with a one-second silent pause";
		}
	} else if (M->cand_words >= 150) {
		o = add(L, 0, 40, "Delivery", "communication", "low", (struct r_loc){-1, 0});
		if (o) {
			fmt(o->title, sizeof(o->title), "Few filler words: %u in %zu words", M->nfill, M->cand_words);
			fmt(o->text, sizeof(o->text), "You used %u filler words in %zu words (%.1f%%), well inside the band where listeners do not notice them.",
			    M->nfill, M->cand_words, pct * 100.0);
			fmt(o->fix, sizeof(o->fix), "Answers sound prepared and easy to follow.");
		}
	}
	{
		double h = (double)M->nhedge * 100.0 / words;
		if (M->nhedge >= 3 && h > 1.5) {
			int th = 0;
			struct r_loc hl = {-1, 0};
			for (int k = 1; k < R_NHEDGE; k++)
				if (M->hedges[k] > M->hedges[th])
					th = k;
			for (size_t i = 0; i < r->nans && hl.msg < 0; i++)
				hl = r->ans[i].hedge_loc;
			o = add(L, 1, h > 3.0 ? 70 : 45, "Delivery", "communication", h > 3.0 ? "medium" : "low", hl);
			if (o) {
				fmt(o->title, sizeof(o->title), "Hedging: '%s' %u times", r_hedge_names[th], M->hedges[th]);
				fmt(o->text, sizeof(o->text), "You hedged %u times (%.1f per 100 words), most often with '%s' (%u times). Hedges make a correct answer sound unsure.",
				    M->nhedge, h, r_hedge_names[th], M->hedges[th]);
				fmt(o->fix, sizeof(o->fix), "State the answer first, then name the one real uncertainty.");
				o->actions[0] = "Rewrite two answers from this round without 'I think', 'maybe' or 'probably'";
			}
		}
	}
	if (timed) {
		if (M->wpm < 110 || M->wpm > 190) {
			o = add(L, 1, 65, "Delivery", "communication", "medium", (struct r_loc){-1, 0});
			if (o) {
				fmt(o->title, sizeof(o->title), "Pace: %.0f words a minute", M->wpm);
				fmt(o->text, sizeof(o->text), "You spoke at %.0f words a minute over %.1f minutes; %s. The comfortable band is 130 to 175.",
				    M->wpm, minutes, M->wpm < 110 ? "below 110 listeners lose the thread" : "above 190 listeners cannot keep up");
				fmt(o->fix, sizeof(o->fix), "%s", M->wpm < 110 ? "Prepare the first sentence of each answer so you start without searching." : "Pause at each full stop and slow down on numbers.");
				o->actions[0] = "Read a 150-word answer aloud against a 60-second timer";
			}
		} else if (M->wpm >= 130 && M->wpm <= 175) {
			o = add(L, 0, 35, "Delivery", "communication", "low", (struct r_loc){-1, 0});
			if (o) {
				fmt(o->title, sizeof(o->title), "Steady pace: %.0f words a minute", M->wpm);
				fmt(o->text, sizeof(o->text), "You spoke at %.0f words a minute, inside the 130 to 175 band.", M->wpm);
				fmt(o->fix, sizeof(o->fix), "Easy to follow and take notes on.");
			}
		}
		if (M->long_pauses >= 2) {
			const char *ts = round_timestamp(r, M->longest_pause_loc.msg);
			o = add(L, 1, 30 + 5.0 * M->long_pauses, "Delivery", "communication", M->long_pauses >= 5 ? "medium" : "low", M->longest_pause_loc);
			if (o) {
				fmt(o->title, sizeof(o->title), "%u pauses longer than %.1f s", M->long_pauses, R_PAUSE_S);
				fmt(o->text, sizeof(o->text), "You paused for more than %.1f s %u times inside your answers; the longest was %.1f s%s%s.",
				    R_PAUSE_S, M->long_pauses, M->longest_pause_s, ts ? " at " : "", ts ? ts : "");
				fmt(o->fix, sizeof(o->fix), "Say what you are thinking about (\"let me check the edge cases\") instead of going silent.");
				o->actions[0] = "Practise thinking aloud on one technical question a day";
			}
		}
	}
	if (r->m.int_words > 0 && (r->m.talk_ratio < 0.4 || r->m.talk_ratio > 0.85) && r->m.cand_words > 0) {
		o = add(L, 1, 25, "Conversation", "communication", "low", (struct r_loc){-1, 0});
		if (o) {
			fmt(o->title, sizeof(o->title), "Talk ratio: %.0f%%", r->m.talk_ratio * 100.0);
			fmt(o->text, sizeof(o->text), "You spoke %.0f%% of the %s; candidates usually speak 50 to 70%%.",
			    r->m.talk_ratio * 100.0, strcmp(r->m.talk_basis, "time") ? "words" : "time");
			fmt(o->fix, sizeof(o->fix), "%s", r->m.talk_ratio < 0.4 ? "Give fuller answers with an example each." : "Stop after the result and let the interviewer steer.");
		}
	}
}

static void
answer_obs(struct round *r, struct obs_list *L)
{
	for (size_t i = 0; i < r->nans; i++) {
		struct r_answer *a = &r->ans[i];
		struct r_question *q = &r->qs[a->q];
		int behav = q->kind == Q_BEHAVIORAL || q->kind == Q_SITUATIONAL;
		char qs[96];
		struct obs *o;

		qshort(q, qs, sizeof(qs));
		if (a->words == 0) {
			o = add(L, q->required ? 2 : 1, q->required ? 95 : 60, "Answers", "content", "high", (struct r_loc){q->asked_msg, 0});
			if (o) {
				fmt(o->title, sizeof(o->title), "No answer to '%s'", qs);
				fmt(o->text, sizeof(o->text), "The question '%s' was asked but the transcript has no answer to it.", qs);
				fmt(o->fix, sizeof(o->fix), "Even a partial answer that says how you would find out scores better than none.");
			}
			continue;
		}
		if (q->npoints > 0 && a->coverage < 0.6) {
			char missing[400] = "";
			size_t mlen = 0;
			for (size_t p = 0; p < q->npoints; p++)
				if (!q->points[p].covered && mlen + strlen(q->points[p].text) + 4 < sizeof(missing)) {
					mlen += (size_t)snprintf(missing + mlen, sizeof(missing) - mlen, "%s%s", mlen ? "; " : "", q->points[p].text);
				}
			o = add(L, 1, 80 + 10.0 * (1.0 - a->coverage) + (q->required ? 10 : 0), behav ? "Answer content" : "Technical depth",
			        behav ? "content" : "technical", (q->required || a->coverage < 0.3) ? "high" : "medium", answer_start(r, a));
			if (o) {
				unsigned partly = 0;
				for (size_t p = 0; p < q->npoints; p++)
					partly += !q->points[p].covered && q->points[p].matched > 0;
				fmt(o->title, sizeof(o->title), "%u of %zu expected points fully covered in '%s'", a->points_covered, q->npoints, qs);
				fmt(o->text, sizeof(o->text), "In your answer to '%s' you fully covered %u of %zu expected points and touched on %u more. Not fully covered: %s.",
				    qs, a->points_covered, q->npoints, partly, missing);
				fmt(o->fix, sizeof(o->fix), "Cover: %s.", missing);
				o->actions[0] = "Write a one-line answer for each missed point and say it aloud twice";
			}
		} else if (q->npoints > 0 && a->coverage >= 0.75) {
			o = add(L, 0, 70 + 20.0 * a->coverage, behav ? "Answer content" : "Technical depth", behav ? "content" : "technical", "low",
			        q->points[0].loc.msg >= 0 ? q->points[0].loc : answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Covered %u of %zu expected points in '%s'", a->points_covered, q->npoints, qs);
				fmt(o->text, sizeof(o->text), "Your answer to '%s' covered %u of the %zu points an interviewer listens for.", qs, a->points_covered, q->npoints);
				fmt(o->fix, sizeof(o->fix), "A complete answer to the question as asked.");
			}
		}
		if (!strcmp(a->band, "too_short") || !strcmp(a->band, "short")) {
			o = add(L, 1, !strcmp(a->band, "too_short") ? 72 : 50, "Answer length", "communication", !strcmp(a->band, "too_short") ? "medium" : "low", answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Short answer to '%s': %zu words", qs, a->words);
				fmt(o->text, sizeof(o->text), "Your answer to '%s' was %zu words. %s", qs, a->words,
				    behav ? "Behavioural answers usually run 150 to 300 words (60 s to 2 minutes)." : "Technical answers usually need 60 words or more to show the reasoning.");
				fmt(o->fix, sizeof(o->fix), "%s", behav ? "Add the situation, what you did, and the result." : "Add why, the trade-off, and an example.");
			}
		} else if (!strcmp(a->band, "too_long")) {
			o = add(L, 1, 40, "Answer length", "communication", "low", answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Long answer to '%s': %zu words", qs, a->words);
				fmt(o->text, sizeof(o->text), "Your answer to '%s' ran %zu words (about %.0f minutes at 150 words a minute).", qs, a->words, (double)a->words / 150.0);
				fmt(o->fix, sizeof(o->fix), "Stop after the result; offer more detail if asked.");
			}
		}
		if (behav) {
			if (!a->result) {
				o = add(L, 1, 66, "Structure (STAR)", "behavioral", "medium", a->action_loc.msg >= 0 ? a->action_loc : answer_start(r, a));
				if (o) {
					fmt(o->title, sizeof(o->title), "No result in '%s'", qs);
					fmt(o->text, sizeof(o->text), "Your answer to '%s' described %u actions but did not say how it turned out.", qs, a->action_verbs);
					fmt(o->fix, sizeof(o->fix), "Finish with the outcome and a number: time saved, errors cut, users gained.");
					o->actions[0] = "Add a one-sentence measurable result to each story in your story bank";
				}
			} else if (!a->quantified_result) {
				o = add(L, 1, 48, "Structure (STAR)", "behavioral", "low", a->result_loc);
				if (o) {
					fmt(o->title, sizeof(o->title), "Result without a number in '%s'", qs);
					fmt(o->text, sizeof(o->text), "Your answer to '%s' gave a result but no number to show its size.", qs);
					fmt(o->fix, sizeof(o->fix), "Put a number on the result (percent, hours, users, money).");
				}
			} else {
				o = add(L, 0, 75, "Impact", "behavioral", "low", a->result_loc);
				if (o) {
					fmt(o->title, sizeof(o->title), "Measurable result in '%s'", qs);
					fmt(o->text, sizeof(o->text), "Your answer to '%s' ended with a measurable result.", qs);
					fmt(o->fix, sizeof(o->fix), "Shows the size of your impact.");
				}
			}
			if (a->n_we + a->n_you > 2 * a->n_i + 2 && a->n_we + a->n_you >= 5) {
				o = add(L, 1, 62, "Ownership", "behavioral", "medium", a->we_loc.msg >= 0 ? a->we_loc : answer_start(r, a));
				if (o) {
					fmt(o->title, sizeof(o->title), "'we' %u times, 'I' %u times in '%s'", a->n_we, a->n_i, qs);
					fmt(o->text, sizeof(o->text), "In your answer to '%s' you said 'we' %u times, 'you' %u times and 'I' %u times; interviewers cannot tell what you did yourself.",
					    qs, a->n_we, a->n_you, a->n_i);
					fmt(o->fix, sizeof(o->fix), "Say 'I' for your own actions and name the team for the rest.");
					o->actions[0] = "Retell this story with one sentence per action starting with 'I'";
				}
			} else if (a->action_verbs >= 3 && a->n_i >= a->n_we) {
				o = add(L, 0, 60, "Ownership", "behavioral", "low", a->action_loc);
				if (o) {
					fmt(o->title, sizeof(o->title), "Owned the actions in '%s'", qs);
					fmt(o->text, sizeof(o->text), "In your answer to '%s' you described %u of your own actions in the past tense.", qs, a->action_verbs);
					fmt(o->fix, sizeof(o->fix), "Makes your own contribution clear.");
				}
			}
			if (!a->situation && a->words >= 40) {
				o = add(L, 1, 35, "Structure (STAR)", "behavioral", "low", answer_start(r, a));
				if (o) {
					fmt(o->title, sizeof(o->title), "No situation set in '%s'", qs);
					fmt(o->text, sizeof(o->text), "Your answer to '%s' did not open with when and where it happened.", qs);
					fmt(o->fix, sizeof(o->fix), "Open with one sentence of context: \"At my last job, ...\".");
				}
			}
		} else if (a->reasons >= 4 && a->words >= 40) {
			o = add(L, 0, 55, "Reasoning", "problem_solving", "low", answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Explained the why in '%s'", qs);
				fmt(o->text, sizeof(o->text), "Your answer to '%s' used %u distinct reasoning markers (because, trade-off, complexity, measure...).", qs, a->reasons);
				fmt(o->fix, sizeof(o->fix), "Shows how you think, not only what you know.");
			}
		} else if (a->reasons <= 1 && a->words >= 25 && q->kind == Q_TECHNICAL) {
			o = add(L, 1, 50, "Reasoning", "problem_solving", "medium", answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Little reasoning in '%s'", qs);
				fmt(o->text, sizeof(o->text), "Your answer to '%s' stated what to do with %u reasoning markers (because, trade-off, complexity).", qs, a->reasons);
				fmt(o->fix, sizeof(o->fix), "Say why, and name one alternative you rejected.");
			}
		}
		if (a->negatives) {
			o = add(L, 2, 85, "Professionalism", "communication", "high", a->negative_loc);
			if (o) {
				fmt(o->title, sizeof(o->title), "Negative words about others in '%s'", qs);
				fmt(o->text, sizeof(o->text), "In your answer to '%s' you used %u negative words about people or a past employer.", qs, a->negatives);
				fmt(o->fix, sizeof(o->fix), "Describe what happened and what you did, not the people.");
			}
		}
		if (a->deflections) {
			o = add(L, 2, 80, "Ownership", "behavioral", "high", a->deflect_loc);
			if (o) {
				fmt(o->title, sizeof(o->title), "Placed the blame elsewhere in '%s'", qs);
				fmt(o->text, sizeof(o->text), "In your answer to '%s' you said %u times that it was not your fault or was someone else's.", qs, a->deflections);
				fmt(o->fix, sizeof(o->fix), "Say what part was yours and what you changed because of it.");
			}
		}
		if (a->dont_know && q->kind == Q_TECHNICAL && a->coverage >= 0 && a->coverage < 0.3) {
			o = add(L, 2, 70, "Technical depth", "technical", "high", a->dontknow_loc);
			if (o) {
				fmt(o->title, sizeof(o->title), "Gave up on '%s'", qs);
				fmt(o->text, sizeof(o->text), "In your answer to '%s' you said you did not know and covered %u of %zu expected points.", qs, a->points_covered, q->npoints);
				fmt(o->fix, sizeof(o->fix), "Reason aloud from what you do know before saying you do not know.");
			}
		}
		if (a->fups_anticipated) {
			o = add(L, 3, 50, "Depth", "problem_solving", "low", answer_start(r, a));
			if (o) {
				fmt(o->title, sizeof(o->title), "Anticipated a follow-up in '%s'", qs);
				fmt(o->text, sizeof(o->text), "Your first answer to '%s' already covered %u of the follow-up questions the interviewer had planned.", qs, a->fups_anticipated);
				fmt(o->fix, sizeof(o->fix), "Shows depth beyond the question.");
			}
		}
	}
}

static void
round_obs(struct round *r, struct obs_list *L)
{
	struct obs *o;

	if (r->m.cand_questions >= 2) {
		o = add(L, 3, 40, "Engagement", "enthusiasm", "low", (struct r_loc){-1, 0});
		if (o) {
			fmt(o->title, sizeof(o->title), "Asked the interviewer %u questions", r->m.cand_questions);
			fmt(o->text, sizeof(o->text), "You asked %u questions of your own during the round.", r->m.cand_questions);
			fmt(o->fix, sizeof(o->fix), "Shows interest in the role.");
		}
	}
	if (r->nskills) {
		size_t hit = 0;
		for (size_t k = 0; k < r->nskills; k++)
			hit += r->skills[k].covered;
		if (hit == r->nskills && r->nskills >= 2) {
			o = add(L, 0, 50, "Job fit", "technical", "low", r->skills[0].loc);
			if (o) {
				fmt(o->title, sizeof(o->title), "Mentioned all %zu required skills", r->nskills);
				fmt(o->text, sizeof(o->text), "You mentioned every one of the %zu skills the job asks for.", r->nskills);
				fmt(o->fix, sizeof(o->fix), "Connects your answers to the job.");
			}
		}
	}
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct obs *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static struct json_object *
evidence(const struct round *r, struct r_loc loc)
{
	struct json_object *arr = json_object_new_array(), *e;
	const char *ts;

	if (loc.msg < 0 || (size_t)loc.msg >= r->nmsgs)
		return arr;
	e = json_object_new_object();
	ts = round_timestamp(r, loc.msg);
	json_object_object_add(e, "timestamp", ts ? json_object_new_string(ts) : NULL);
	json_object_object_add(e, "speaker", json_object_new_string(r->msgs[loc.msg].cand ? "candidate" : "interviewer"));
	json_object_object_add(e, "text", json_object_new_string(round_quote(r, loc)));
	json_object_object_add(e, "message_index", json_object_new_int(loc.msg));
	json_object_array_add(arr, e);
	return arr;
}

static void
put_where(struct json_object *o, const struct round *r, struct r_loc loc)
{
	const char *ts = round_timestamp(r, loc.msg);

	json_object_object_add(o, "evidence", json_object_new_string(round_quote(r, loc)));
	json_object_object_add(o, "message_index", loc.msg >= 0 ? json_object_new_int(loc.msg) : NULL);
	json_object_object_add(o, "timestamp", ts ? json_object_new_string(ts) : NULL);
}

static struct json_object *
obs_json(const struct round *r, const struct obs *o)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "area", json_object_new_string(o->area));
	json_object_object_add(j, "title", json_object_new_string(o->title));
	json_object_object_add(j, o->kind == 1 ? "issue" : "detail", json_object_new_string(o->text));
	put_where(j, r, o->loc);
	json_object_object_add(j, o->kind == 0 || o->kind == 3 ? "impact" : "improvement", json_object_new_string(o->fix));
	return j;
}

static struct json_object *
feedback_json(const struct round *r, const struct obs *o)
{
	static const char *const cat[] = {"strength", "improvement", "warning", "encouragement"};
	struct json_object *j = json_object_new_object(), *acts = json_object_new_array();

	json_object_object_add(j, "category", json_object_new_string(cat[o->kind]));
	json_object_object_add(j, "skill_area", json_object_new_string(o->skill));
	json_object_object_add(j, "priority", json_object_new_string(o->priority));
	json_object_object_add(j, "title", json_object_new_string(o->title));
	json_object_object_add(j, "text", json_object_new_string(o->text));
	json_object_object_add(j, "evidence", evidence(r, o->loc));
	for (int k = 0; k < 2; k++)
		if (o->actions[k]) {
			struct json_object *a = json_object_new_object();
			json_object_object_add(a, "action", json_object_new_string(o->actions[k]));
			json_object_object_add(a, "timeframe", json_object_new_string("before the next interview"));
			json_object_array_add(acts, a);
		}
	if (o->kind == 1 && json_object_array_length(acts) == 0) {
		struct json_object *a = json_object_new_object();
		json_object_object_add(a, "action", json_object_new_string(o->fix));
		json_object_object_add(a, "timeframe", json_object_new_string("next practice session"));
		json_object_array_add(acts, a);
	}
	json_object_object_add(j, "action_items", acts);
	return j;
}

static void
missed(struct round *r, struct json_object *out)
{
	struct json_object *arr = json_object_new_array();
	int groups = 0;

	for (size_t k = 0; k < r->ntopics; k++)
		if (r->topics[k].group + 1 > groups)
			groups = r->topics[k].group + 1;
	for (int g = 0; g < groups; g++) {
		const struct r_phrase *head = NULL;
		int hit = 0;
		for (size_t k = 0; k < r->ntopics; k++)
			if (r->topics[k].group == g) {
				if (!head)
					head = &r->topics[k];
				hit |= r->topics[k].covered;
			}
		if (head && !hit) {
			struct json_object *o = json_object_new_object();
			char t[300];
			json_object_object_add(o, "kind", json_object_new_string("must_cover_topic"));
			json_object_object_add(o, "topic", json_object_new_string(head->text));
			fmt(t, sizeof(t), "The round never reached '%s'; it is a must-cover topic for this round.", head->text);
			json_object_object_add(o, "text", json_object_new_string(t));
			json_object_array_add(arr, o);
		}
	}
	for (size_t k = 0; k < r->nskills; k++)
		if (!r->skills[k].covered) {
			struct json_object *o = json_object_new_object();
			char t[300];
			json_object_object_add(o, "kind", json_object_new_string("required_skill"));
			json_object_object_add(o, "topic", json_object_new_string(r->skills[k].text));
			fmt(t, sizeof(t), "You never mentioned '%s', a skill the job asks for.", r->skills[k].text);
			json_object_object_add(o, "text", json_object_new_string(t));
			json_object_array_add(arr, o);
		}
	for (size_t q = 0; q < r->nqs; q++)
		if (r->qs[q].required && r->qs[q].answer < 0 && !r->qs[q].implicit) {
			struct json_object *o = json_object_new_object();
			char t[300], qs[96];
			json_object_object_add(o, "kind", json_object_new_string("required_question"));
			json_object_object_add(o, "topic", json_object_new_string(r->qs[q].text));
			fmt(t, sizeof(t), "The required question '%s' was not reached.", qshort(&r->qs[q], qs, sizeof(qs)));
			json_object_object_add(o, "text", json_object_new_string(t));
			json_object_array_add(arr, o);
		}
	json_object_object_add(out, "missed_opportunities", arr);
}

void
round_feedback(struct round *r, struct json_object *out)
{
	struct obs_list *L = calloc(1, sizeof(*L));
	struct json_object *st = json_object_new_array(), *wk = json_object_new_array(),
	                   *rf = json_object_new_array(), *ps = json_object_new_array(),
	                   *fb = json_object_new_array();
	size_t nst = 0, nwk = 0;

	if (!L)
		abort();
	answer_obs(r, L);
	delivery_obs(r, L);
	round_obs(r, L);
	qsort(L->v, L->n, sizeof(L->v[0]), cmp_obs);
	for (size_t i = 0; i < L->n; i++) {
		const struct obs *o = &L->v[i];
		switch (o->kind) {
		case 0:
			if (nst++ < 5)
				json_object_array_add(st, obs_json(r, o));
			break;
		case 1:
			if (nwk++ < 5)
				json_object_array_add(wk, obs_json(r, o));
			break;
		case 2:
			json_object_array_add(rf, obs_json(r, o));
			break;
		default:
			json_object_array_add(ps, obs_json(r, o));
			break;
		}
	}
	/* feedback items: warnings and improvements first (ranked), then strengths */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < L->n; i++) {
			const struct obs *o = &L->v[i];
			int first = o->kind == 1 || o->kind == 2;
			if ((pass == 0) == first)
				json_object_array_add(fb, feedback_json(r, o));
		}
	json_object_object_add(out, "strengths", st);
	json_object_object_add(out, "weaknesses", wk);
	missed(r, out);
	json_object_object_add(out, "red_flags", rf);
	json_object_object_add(out, "positive_surprises", ps);
	json_object_object_add(out, "feedback_items", fb);
	free(L);
}
