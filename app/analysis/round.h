/* round.h: the engine's internal model of one round, shared by the passes that fill it:
 * round_input.c (validate, tokenise, segment into answers), round_metrics.c (counts),
 * round_score.c (coverage, STAR, scores) and round_feedback.c (observations, feedback). */
#ifndef PREPTALK_ROUND_H
#define PREPTALK_ROUND_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/text.h"

struct json_object;

#define R_MAX_MSGS 20000
#define R_MAX_QUESTIONS 200
#define R_MAX_POINTS 40
#define R_MAX_PHRASE_STEMS 24
#define R_MAX_CONTRIB 24
#define R_PAUSE_S 2.5
#define R_NFILLER 9
#define R_NHEDGE 11

enum r_kind { Q_TECHNICAL, Q_BEHAVIORAL, Q_SITUATIONAL, Q_OTHER };
enum r_dim { D_TECH, D_PROBLEM, D_COMM, D_COLLAB, D_ENTHUS, D_N };

extern const char *const r_filler_names[R_NFILLER]; /* "um", "uh", "like", ... */
extern const char *const r_hedge_names[R_NHEDGE];
extern const char *const r_dim_names[D_N];

struct r_loc {
	int msg;        /* message index, -1: none */
	uint32_t off;   /* byte offset in the message text */
};

struct r_phrase {       /* an expected point, follow-up, skill or topic */
	const char *text;
	uint32_t stems[R_MAX_PHRASE_STEMS];
	size_t n;
	size_t need;        /* stems needed to count as covered: ceil(0.6 n) */
	size_t matched;
	int covered;
	double credit;      /* min(1, matched / need) */
	struct r_loc loc;   /* where the first matched stem was said */
	int group;          /* topics: the must-cover topic a subtopic belongs to */
};

struct r_question {
	const char *id;
	char idbuf[24];
	const char *text;
	const char *type;
	enum r_kind kind;
	const char *difficulty;
	double weight;      /* 1.0, hard 1.2, easy 0.8; required x1.5 */
	int required;
	int implicit;       /* made from an interviewer message (no questions given) */
	struct r_phrase self;
	struct r_phrase *points;
	size_t npoints;
	struct r_phrase *fups;
	size_t nfups;
	int asked_msg;      /* first interviewer message that asked it, -1 */
	int answer;         /* index into round.ans, -1 */
};

struct r_msg {
	int cand;
	const char *text;
	size_t len;
	double start, end;
	int timed;
	const char *qid;
	size_t tok0, ntok;
	int answer;         /* candidate messages: answer index, -1 for small talk */
	int asks;           /* interviewer messages: question index it asks, -1 */
};

struct r_contrib {
	const char *name;
	double points;
	char why[240];
};

struct r_score {
	double score;
	size_t n;
	struct r_contrib c[R_MAX_CONTRIB];
};

struct r_answer {
	int q;
	size_t words, content_words, sentences;
	double seconds;                 /* timed candidate speech */
	int first_msg, last_msg;
	unsigned fillers[R_NFILLER], hedges[R_NHEDGE];
	unsigned nfill, nfill_strong, nhedge;
	unsigned n_i, n_we, n_you, absolutes, negatives, deflections, dont_know, quantities, questions_asked;
	unsigned reasons, collab, enthus, sequence, examples;
	uint32_t reason_stems[16];
	unsigned action_verbs, we_actions;
	int situation, task, result, quantified_result;
	double star_split[3];           /* share of words before the first action, action, from result on */
	unsigned points_covered;
	double coverage;                /* mean credit of the expected points, -1 when none */
	unsigned fups_anticipated;
	unsigned skills_mentioned;
	const char *band;
	struct r_loc filler_loc, hedge_loc, situation_loc, result_loc, negative_loc, dontknow_loc, deflect_loc,
		action_loc, we_loc;
	unsigned filler_loc_count;
	struct r_score score;
};

struct r_criterion {
	const char *name;
	const char *id;
	double weight;
	struct json_object *rubric;
	int dim;            /* enum r_dim, or -1: answer quality */
	double score;
};

struct r_metrics {
	size_t total_words, unique_words, cand_words, int_words;
	double cand_s, int_s, silence_s, overlap_s, duration_s;
	int timed;                      /* every message has start and end */
	unsigned interruptions;
	unsigned fillers[R_NFILLER], nfill, nfill_strong;
	unsigned hedges[R_NHEDGE], nhedge;
	double wpm;                     /* 0 when not timed */
	double talk_ratio;
	const char *talk_basis;
	unsigned long_pauses;
	double longest_pause_s;
	struct r_loc longest_pause_loc;
	double resp_sum;
	unsigned resp_n;
	double resp_max;
	unsigned cand_questions;
	size_t cand_unique;
	struct { uint32_t word; unsigned count; } top[5];
	size_t ntop;
};

struct round {
	struct text tx;
	struct text_toks toks;          /* every message's tokens */
	struct text_toks scratch;       /* questions, points, skills, topics */
	struct r_msg *msgs;
	size_t nmsgs;
	struct r_question *qs;
	size_t nqs;
	struct r_answer *ans;
	size_t nans;
	struct r_phrase *skills;
	size_t nskills;
	struct r_phrase *topics;
	size_t ntopics;
	struct r_criterion *crit;
	size_t ncrit;
	uint32_t *stamp;                /* per stem: answer index + 1 last seen in */
	struct r_loc *stamp_loc;        /* per stem: first place said in that answer */
	uint32_t *seen;                 /* per stem: 1 when the candidate said it anywhere */
	struct r_loc *seen_loc;
	struct r_metrics m;
	struct r_score dims[D_N];
	struct r_score overall;
	double answer_mean;
	double tech_share;
};

/* round_input.c: validates input and fills r (messages tokenised, questions, skills, topics,
 * criteria, answers segmented). Returns 0, or -1 with err set. */
int round_load(struct round *r, struct json_object *in, char *err, size_t errlen);
void round_free(struct round *r);
/* round_metrics.c: fills r->m and the per-answer counts. */
void round_metrics(struct round *r);
/* round_score.c: coverage, STAR, per-answer scores, dimensions, criteria, overall. */
void round_score(struct round *r);
/* round_feedback.c: adds strengths, weaknesses, missed_opportunities, red_flags,
 * positive_surprises and feedback_items to out. */
void round_feedback(struct round *r, struct json_object *out);

/* helpers shared by the passes (round_util in round_input.c) */
void score_add(struct r_score *s, const char *name, double points, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void score_clamp(struct r_score *s);
struct json_object *json_num(double v, int decimals);
struct json_object *json_score(const struct r_score *s);
/* A quote of the sentence around loc (static buffer overwritten by the next call). */
const char *round_quote(const struct round *r, struct r_loc loc);
/* "00:01:23" for a timed message, else NULL (static buffer). */
const char *round_timestamp(const struct round *r, int msg);
/* Mark the answer's content stems: r->stamp[stem] = a + 1. */
void round_stamp_answer(struct round *r, size_t a);
/* Matches a phrase against the stems whose stamp st[] equals v; fills matched, covered,
 * credit and loc (from locs[]). */
void round_match_phrase(struct r_phrase *p, const uint32_t *st, const struct r_loc *locs, uint32_t v);

#endif
