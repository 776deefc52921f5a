/* round_metrics.c: one pass over the candidate's tokens counts fillers, hedges, pronouns,
 * action verbs and STAR cues per answer; one pass over the messages gives times, pace,
 * pauses, talk ratio and response times. Every rule is listed in docs/analysis.md. */
#include "analysis/round.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/lexicon.h"

struct cursor {
	const struct round *r;
	const struct text_tok *t; /* the message's tokens */
	size_t n;
};

static const char *
w(const struct cursor *c, size_t i)
{
	return i < c->n ? text_word_str(&c->r->tx, c->t[i].word) : "";
}

static int
is(const struct cursor *c, size_t i, const char *s)
{
	return i < c->n && strcmp(w(c, i), s) == 0;
}

static int
is_any(const struct cursor *c, size_t i, const char *const *set)
{
	const char *s = w(c, i);

	if (i >= c->n)
		return 0;
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

/* i - 1 when it is in the same sentence, else SIZE_MAX */
static size_t
prev_in_sentence(const struct cursor *c, size_t i)
{
	return (i == 0 || (c->t[i].tk & TK_SENT_START)) ? (size_t)-1 : i - 1;
}

static int
filler_kind(const struct cursor *c, size_t i, size_t *skip)
{
	static const char *const like_prev[] = {"and", "but", "so", "or", "was", "is", "were", "it's",
	                                        "that's", "um", "uh", "like", "they're", "he's", "she's",
	                                        NULL};
	static const char *const know_prev[] = {"do", "did", "don't", "didn't", "if", "would", "might",
	                                        "to", "let", "what", NULL};
	static const char *const know_next[] = {"how", "that", "the", "if", "why", "where", "when",
	                                        "whether", "about", "a", "an", "what", "who", "which",
	                                        "this", "it", NULL};
	const struct text_tok *t = &c->t[i];
	const char *s = w(c, i);
	size_t p = prev_in_sentence(c, i);

	*skip = 0;
	if (t->lx & LX_FILLER) {
		if (s[0] == 'u' && s[1] == 'h')
			return 1;
		if (!strcmp(s, "basically"))
			return 5;
		if (!strcmp(s, "actually"))
			return 6;
		if (!strcmp(s, "literally"))
			return 8;
		return 0; /* um, umm, uhm, erm, hmm */
	}
	if (!strcmp(s, "like")) {
		if ((t->tk & TK_SENT_START) || (t->tk & TK_COMMA_AFTER) ||
		    (p != (size_t)-1 && ((c->t[p].tk & TK_COMMA_AFTER) || is_any(c, p, like_prev))))
			return 2;
		return -1;
	}
	if (!strcmp(s, "so")) {
		if (((t->tk & TK_SENT_START) && (t->tk & TK_COMMA_AFTER)) ||
		    (i + 1 < c->n && !(c->t[i + 1].tk & TK_SENT_START) &&
		     (c->t[i + 1].lx & LX_FILLER) && !(t->tk & TK_QMARK_AFTER)))
			return 4;
		return -1;
	}
	if (!strcmp(s, "you") && is(c, i + 1, "know") && !(c->t[i + 1].tk & TK_SENT_START)) {
		if (p != (size_t)-1 && is_any(c, p, know_prev))
			return -1;
		if (!(c->t[i + 1].tk & (TK_COMMA_AFTER | TK_QMARK_AFTER)) && i + 2 < c->n &&
		    !(c->t[i + 2].tk & TK_SENT_START) && is_any(c, i + 2, know_next))
			return -1;
		*skip = 1;
		return 3;
	}
	if (!strcmp(s, "i") && is(c, i + 1, "mean") && !(c->t[i + 1].tk & TK_SENT_START) &&
	    ((t->tk & TK_SENT_START) || (c->t[i + 1].tk & TK_COMMA_AFTER))) {
		*skip = 1;
		return 7;
	}
	return -1;
}

static int
hedge_kind(const struct cursor *c, size_t i, size_t *skip)
{
	static const char *const think_next[] = {"about", "of", "through", NULL};
	const struct text_tok *t = &c->t[i];
	const char *s = w(c, i);
	size_t p = prev_in_sentence(c, i);
	int next_same = i + 1 < c->n && !(c->t[i + 1].tk & TK_SENT_START);

	*skip = 0;
	if (t->lx & LX_HEDGE) {
		static const char *const names[] = {"maybe", "probably", "perhaps", "possibly", "hopefully"};
		for (int k = 0; k < 5; k++)
			if (!strcmp(s, names[k]))
				return k;
		return -1;
	}
	if (!next_same)
		return -1;
	if (!strcmp(s, "i")) {
		if (is(c, i + 1, "think") && !is_any(c, i + 2, think_next)) {
			*skip = 1;
			return 5;
		}
		if (is(c, i + 1, "guess")) {
			*skip = 1;
			return 6;
		}
		if (is(c, i + 1, "suppose")) {
			*skip = 1;
			return 7;
		}
		return -1;
	}
	if ((!strcmp(s, "sort") || !strcmp(s, "kind")) && is(c, i + 1, "of") &&
	    !(p != (size_t)-1 && (c->t[p].lx & LX_DETERMINER))) {
		*skip = 1;
		return s[0] == 's' ? 8 : 9;
	}
	if (!strcmp(s, "not") && is(c, i + 1, "sure")) {
		*skip = 1;
		return 10;
	}
	return -1;
}

static int
situation_at(const struct cursor *c, size_t i)
{
	static const char *const iwe[] = {"i", "we", NULL};
	static const char *const myour[] = {"my", "our", NULL};
	static const char *const prep[] = {"at", "in", "on", "during", NULL};
	static const char *const ctx[] = {"situation", "context", "background", NULL};
	static const char *const was_worked[] = {"was", "worked", NULL};
	static const char *const iwas_next[] = {"working", "at", "as", "on", "a", "an", "the", "leading",
	                                        "running", "managing", NULL};
	static const char *const unit_ago[] = {"ago", NULL};
	const char *s = w(c, i);
	size_t j;

	switch (s[0]) {
	case 'w':
		if ((!strcmp(s, "when") || !strcmp(s, "while")) && is_any(c, i + 1, iwe) && i + 2 < c->n &&
		    ((c->t[i + 2].tk & TK_PAST) || is(c, i + 2, "was") || is(c, i + 2, "were")))
			return 1;
		if (!strcmp(s, "we") && is(c, i + 1, "had") && (is(c, i + 2, "a") || is(c, i + 2, "an")))
			return 1;
		break;
	case 'a': case 'i': case 'o': case 'd':
		if (is_any(c, i, prep) && is_any(c, i + 1, myour)) {
			j = i + 2;
			if (j < c->n && (c->t[j].lx & LX_PREVADJ))
				j++;
			if (j < c->n && (c->t[j].lx & LX_PLACE))
				return 1;
			if (!strcmp(s, "during"))
				return 1;
		}
		if (!strcmp(s, "in") && i + 1 < c->n && (c->t[i + 1].tk & TK_YEAR))
			return 1;
		if (!strcmp(s, "i") && is_any(c, i + 1, was_worked) && is_any(c, i + 2, iwas_next))
			return 1;
		if (!strcmp(s, "one") && is(c, i + 1, "time"))
			return 1;
		if (!strcmp(s, "our") && i + 1 < c->n && (c->t[i + 1].lx & LX_PLACE) &&
		    (is(c, i + 2, "was") || is(c, i + 2, "had")))
			return 1;
		break;
	case 'l':
		if (!strcmp(s, "last") && i + 1 < c->n && (c->t[i + 1].lx & LX_TIMEUNIT))
			return 1;
		break;
	case 'b':
		if (!strcmp(s, "back") && (is(c, i + 1, "in") || is(c, i + 1, "when")))
			return 1;
		break;
	case 't':
		if (!strcmp(s, "there") && is(c, i + 1, "was") && (c->t[i].tk & TK_SENT_START))
			return 1;
		if (!strcmp(s, "the") && is_any(c, i + 1, ctx))
			return 1;
		break;
	default:
		break;
	}
	if ((c->t[i].lx & LX_TIMEUNIT) && is_any(c, i + 1, unit_ago))
		return 1;
	if (!strcmp(s, "my") && i + 1 < c->n && (c->t[i + 1].lx & LX_PLACE) &&
	    (is(c, i + 2, "was") || is(c, i + 2, "had")))
		return 1;
	return 0;
}

static int
task_at(const struct cursor *c, size_t i)
{
	static const char *const tasks[] = {"task", "goal", "job", "responsibility", "role", "assignment",
	                                    "mandate", "challenge", "problem", "objective", NULL};
	static const char *const asked[] = {"asked", "tasked", "responsible", "supposed", "assigned",
	                                    "hired", "charged", NULL};
	static const char *const needhad[] = {"needed", "had", NULL};
	static const char *const owners[] = {"my", "the", "our", NULL};
	const char *s = w(c, i);

	if (is_any(c, i, owners) && is_any(c, i + 1, tasks) && is(c, i + 2, "was"))
		return 1;
	if ((!strcmp(s, "i") || !strcmp(s, "we")) && is(c, i + 1, "was") && is_any(c, i + 2, asked))
		return 1;
	if ((!strcmp(s, "i") || !strcmp(s, "we")) && is_any(c, i + 1, needhad) && is(c, i + 2, "to"))
		return 1;
	return 0;
}

static int
result_phrase(const struct cursor *c, size_t i)
{
	const char *s = w(c, i);

	if (c->t[i].lx & LX_RESULT)
		return 1;
	if (!strcmp(s, "as") && is(c, i + 1, "a") && is(c, i + 2, "result"))
		return 1;
	if (!strcmp(s, "in") && is(c, i + 1, "the") && is(c, i + 2, "end"))
		return 1;
	if (!strcmp(s, "ended") && is(c, i + 1, "up"))
		return 1;
	if (!strcmp(s, "which") && is(c, i + 1, "meant"))
		return 1;
	if (!strcmp(s, "led") && is(c, i + 1, "to"))
		return 1;
	return 0;
}

static int
is_quantity(const struct text_tok *t)
{
	return ((t->tk & TK_NUMBER) && !(t->tk & TK_YEAR)) || (t->lx & LX_NUMWORD);
}

static void
note_loc(struct r_loc *l, int msg, uint32_t off)
{
	if (l->msg < 0) {
		l->msg = msg;
		l->off = off;
	}
}

static void
init_answer(struct r_answer *a)
{
	struct r_loc none = {-1, 0};

	a->filler_loc = a->hedge_loc = a->situation_loc = a->result_loc = a->negative_loc = none;
	a->dontknow_loc = a->action_loc = a->we_loc = a->deflect_loc = none;
}

struct apos {           /* per-answer running state across its messages */
	size_t pos;         /* token index within the answer */
	long last_result, last_qty;
	long first_situation, first_action, first_result;
	long last_qty_any;  /* last quantity that is not a year */
};

static void
count_message(struct round *r, int mi, struct r_answer *a, struct apos *ap)
{
	const struct r_msg *m = &r->msgs[mi];
	struct cursor c = {r, r->toks.v + m->tok0, m->ntok};
	unsigned msg_fill = 0;
	uint32_t first_fill_off = 0;

	for (size_t i = 0; i < c.n; i++, ap->pos++) {
		const struct text_tok *t = &c.t[i];
		size_t skip = 0;
		int k;

		if (t->tk & TK_SENT_START)
			a->sentences++;
		if (t->tk & TK_QMARK_AFTER)
			a->questions_asked++;
		k = filler_kind(&c, i, &skip);
		if (k >= 0) {
			a->fillers[k]++;
			a->nfill++;
			if (k <= 1)
				a->nfill_strong++;
			if (msg_fill++ == 0)
				first_fill_off = t->off;
			a->words += 1 + skip;
			ap->pos += skip;
			i += skip;
			continue;
		}
		k = hedge_kind(&c, i, &skip);
		if (k >= 0) {
			a->hedges[k]++;
			a->nhedge++;
			note_loc(&a->hedge_loc, mi, t->off);
		}
		a->words++;
		if (!(t->lx & LX_STOP))
			a->content_words++;
		if (t->lx & LX_I)
			a->n_i++;
		if (t->lx & LX_WE) {
			a->n_we++;
			note_loc(&a->we_loc, mi, t->off);
		}
		if (t->lx & LX_YOU)
			a->n_you++;
		if (t->lx & LX_ABSOLUTE)
			a->absolutes++;
		if (t->lx & LX_NEGATIVE) {
			a->negatives++;
			note_loc(&a->negative_loc, mi, t->off);
		}
		if (t->lx & LX_ENTHUS)
			a->enthus++;
		if (t->lx & LX_SEQUENCE)
			a->sequence++;
		if ((t->lx & LX_REASON) || (!strcmp(w(&c, i), "so") && is(&c, i + 1, "that"))) {
			unsigned j;
			for (j = 0; j < a->reasons && j < 16; j++)
				if (a->reason_stems[j] == t->stem)
					break;
			if (j == a->reasons && a->reasons < 16)
				a->reason_stems[a->reasons++] = t->stem;
		}
		if (t->lx & LX_COLLAB)
			a->collab++;
		if ((!strcmp(w(&c, i), "for") && (is(&c, i + 1, "example") || is(&c, i + 1, "instance"))) ||
		    !strcmp(w(&c, i), "e.g") || (!strcmp(w(&c, i), "such") && is(&c, i + 1, "as")))
			a->examples++;
		if (((!strcmp(w(&c, i), "don't") || !strcmp(w(&c, i), "dont")) && is(&c, i + 1, "know") &&
		     prev_in_sentence(&c, i) != (size_t)-1 && is(&c, i - 1, "i")) ||
		    (!strcmp(w(&c, i), "no") && is(&c, i + 1, "idea")) ||
		    (!strcmp(w(&c, i), "not") && is(&c, i + 1, "familiar"))) {
			a->dont_know++;
			note_loc(&a->dontknow_loc, mi, t->off);
		}
		/* deflection: "not my fault", "wasn't really my fault", "their fault" */
		if (!strcmp(w(&c, i), "fault") && i > 0) {
			static const char *const neg[] = {"not", "wasn't", "isn't", "never", "their", "his", "her",
			                                  "someone", "somebody", NULL};
			for (size_t j = i; j > 0 && j + 4 > i; j--)
				if (is_any(&c, j - 1, neg)) {
					a->deflections++;
					note_loc(&a->deflect_loc, mi, c.t[j - 1].off);
					break;
				}
		}
		/* STAR */
		if (ap->first_situation < 0 && situation_at(&c, i)) {
			ap->first_situation = (long)ap->pos;
			a->situation_loc = (struct r_loc){mi, t->off};
		}
		if (!a->task && task_at(&c, i))
			a->task = 1;
		if (!strcmp(w(&c, i), "i") || !strcmp(w(&c, i), "we")) {
			int we = w(&c, i)[0] == 'w';
			for (size_t j = i + 1; j < c.n && j <= i + 3 && !(c.t[j].tk & TK_SENT_START); j++) {
				if (c.t[j].tk & TK_PAST) {
					if (!(c.t[j].lx & LX_STATE)) {
						if (we) {
							a->we_actions++;
						} else {
							a->action_verbs++;
							note_loc(&a->action_loc, mi, t->off);
							if (ap->first_action < 0)
								ap->first_action = (long)ap->pos;
						}
					}
					break;
				}
			}
		}
		if (result_phrase(&c, i)) {
			if (ap->first_result < 0 || a->result_loc.msg < 0) {
				if (ap->first_result < 0)
					ap->first_result = (long)ap->pos;
			}
			ap->last_result = (long)ap->pos;
			note_loc(&a->result_loc, mi, t->off);
			if (ap->last_qty >= 0 && (long)ap->pos - ap->last_qty <= 12 && !a->quantified_result) {
				a->quantified_result = 1;
				a->result_loc = (struct r_loc){mi, t->off};
			}
		}
		if (is_quantity(t)) {
			a->quantities++;
			ap->last_qty = (long)ap->pos;
			ap->last_qty_any = (long)ap->pos;
			if (ap->last_result >= 0 && (long)ap->pos - ap->last_result <= 12 && !a->quantified_result) {
				a->quantified_result = 1;
				a->result_loc = (struct r_loc){mi, t->off};
			}
		}
	}
	if (msg_fill > a->filler_loc_count) {
		a->filler_loc_count = msg_fill;
		a->filler_loc = (struct r_loc){mi, first_fill_off};
	}
}

static void
finish_answer(struct r_answer *a, const struct apos *ap)
{
	double words = (double)(a->words ? a->words : 1);

	a->situation = ap->first_situation >= 0 &&
	               (double)ap->first_situation <= (words * 0.3 > 25.0 ? words * 0.3 : 25.0);
	/* a result cue in the opening third is usually context ("we had reduced ..."), not a result */
	a->result = ap->first_result >= 0 && (ap->last_result >= (long)(words * 0.3));
	if (!a->result)
		a->quantified_result = 0;
	/* no result word, but the answer ends on a number ("zero outages in the eight months
	 * since"): a quantified result in the last quarter of the answer */
	if (!a->result && ap->first_action >= 0 && ap->last_qty_any >= (long)(words * 0.75) &&
	    ap->last_qty_any > ap->first_action) {
		a->result = 1;
		a->quantified_result = 1;
	}
	if (ap->first_action >= 0) {
		double res = ap->last_result >= ap->first_action ? (double)ap->last_result : words;
		a->star_split[0] = (double)ap->first_action / words;
		a->star_split[2] = (words - res) / words;
		if (ap->last_result >= ap->first_action) {
			/* result share: from the first result cue after the actions to the end */
			long fr = ap->first_result > ap->first_action ? ap->first_result : ap->last_result;
			a->star_split[2] = (words - (double)fr) / words;
		}
		a->star_split[1] = 1.0 - a->star_split[0] - a->star_split[2];
	}
}

static void
time_metrics(struct round *r)
{
	struct r_metrics *M = &r->m;
	size_t timed_cand_words = 0;
	int prev = -1;
	double first = -1.0, last = 0.0;

	M->longest_pause_loc.msg = -1;
	for (size_t i = 0; i < r->nmsgs; i++) {
		const struct r_msg *m = &r->msgs[i];
		if (!m->timed)
			continue;
		if (first < 0 || m->start < first)
			first = m->start;
		if (m->end > last)
			last = m->end;
		if (m->cand) {
			M->cand_s += m->end - m->start;
			timed_cand_words += m->ntok;
			if (m->answer >= 0)
				r->ans[m->answer].seconds += m->end - m->start;
		} else {
			M->int_s += m->end - m->start;
		}
		if (prev >= 0) {
			const struct r_msg *p = &r->msgs[prev];
			double gap = m->start - p->end;
			if (gap > 0)
				M->silence_s += gap;
			else if (gap < 0) {
				M->overlap_s += -gap;
				if (p->cand != m->cand)
					M->interruptions++;
			}
			if (p->cand && m->cand && gap > R_PAUSE_S) {
				M->long_pauses++;
				if (gap > M->longest_pause_s) {
					M->longest_pause_s = gap;
					M->longest_pause_loc = (struct r_loc){(int)i, 0};
				}
			}
			if (!p->cand && m->cand) {
				double rt = gap > 0 ? gap : 0;
				M->resp_sum += rt;
				M->resp_n++;
				if (rt > M->resp_max)
					M->resp_max = rt;
			}
		}
		prev = (int)i;
	}
	if (first >= 0)
		M->duration_s = last - first;
	if (M->cand_s >= 1.0)
		M->wpm = (double)timed_cand_words / (M->cand_s / 60.0);
	if (M->timed && M->cand_s + M->int_s > 0) {
		M->talk_ratio = M->cand_s / (M->cand_s + M->int_s);
		M->talk_basis = "time";
	} else {
		M->talk_ratio = M->cand_words + M->int_words
		                        ? (double)M->cand_words / (double)(M->cand_words + M->int_words)
		                        : 0.0;
		M->talk_basis = "words";
	}
}

void
round_metrics(struct round *r)
{
	struct r_metrics *M = &r->m;
	struct r_answer small = {0};  /* small talk outside any answer */
	struct apos *aps = calloc(r->nans + 1, sizeof(*aps));
	uint32_t *wseen = calloc(r->tx.nwords + 1, sizeof(*wseen));
	unsigned *stem_count = calloc(text_nstems(&r->tx) + 1, sizeof(*stem_count));
	uint32_t *stem_word = calloc(text_nstems(&r->tx) + 1, sizeof(*stem_word));

	if (!aps || !wseen || !stem_count || !stem_word)
		abort();
	init_answer(&small);
	for (size_t a = 0; a <= r->nans; a++) {
		aps[a].last_result = aps[a].last_qty = -100;
		aps[a].last_qty_any = -1;
		aps[a].first_situation = aps[a].first_action = aps[a].first_result = -1;
		if (a < r->nans)
			init_answer(&r->ans[a]);
	}
	for (size_t i = 0; i < r->nmsgs; i++) {
		const struct r_msg *m = &r->msgs[i];
		if (!m->cand) {
			M->int_words += m->ntok;
			continue;
		}
		M->cand_words += m->ntok;
		if (m->answer >= 0)
			count_message(r, (int)i, &r->ans[m->answer], &aps[m->answer]);
		else
			count_message(r, (int)i, &small, &aps[r->nans]);
		for (size_t k = 0; k < m->ntok; k++) {
			const struct text_tok *t = &r->toks.v[m->tok0 + k];
			if (!wseen[t->word]) {
				wseen[t->word] = 1;
				M->cand_unique++;
			}
			if (!(t->lx & (LX_STOP | LX_FILLER)) && t->len > 2 && !(t->tk & TK_NUMBER)) {
				if (stem_count[t->stem]++ == 0)
					stem_word[t->stem] = t->word;
			}
			if (!r->seen[t->stem]) {
				r->seen[t->stem] = 1;
				r->seen_loc[t->stem] = (struct r_loc){(int)i, t->off};
			}
		}
	}
	for (size_t a = 0; a < r->nans; a++)
		finish_answer(&r->ans[a], &aps[a]);
	for (size_t a = 0; a <= r->nans; a++) {
		const struct r_answer *an = a < r->nans ? &r->ans[a] : &small;
		for (int k = 0; k < R_NFILLER; k++)
			M->fillers[k] += an->fillers[k];
		for (int k = 0; k < R_NHEDGE; k++)
			M->hedges[k] += an->hedges[k];
		M->nfill += an->nfill;
		M->nfill_strong += an->nfill_strong;
		M->nhedge += an->nhedge;
		M->cand_questions += an->questions_asked;
	}
	/* the five most repeated content words (ties: the earlier stem id, i.e. said first) */
	for (size_t s = 0; s < text_nstems(&r->tx); s++) {
		unsigned cnt = stem_count[s];
		size_t pos;
		if (cnt < 2)
			continue;
		for (pos = M->ntop; pos > 0 && M->top[pos - 1].count < cnt; pos--)
			;
		if (pos >= 5)
			continue;
		if (M->ntop < 5)
			M->ntop++;
		memmove(&M->top[pos + 1], &M->top[pos], (M->ntop - 1 - pos) * sizeof(M->top[0]));
		M->top[pos].word = stem_word[s];
		M->top[pos].count = cnt;
	}
	M->total_words = M->cand_words;
	M->unique_words = M->cand_unique;
	time_metrics(r);
	free(aps);
	free(wseen);
	free(stem_count);
	free(stem_word);
}
