/* lexicon.h: the engine's word lists (stop words, fillers, hedges, pronouns, verbs, cues)
 * and its small synonym table, in one read-only hash built once per process. */
#ifndef PREPTALK_LEXICON_H
#define PREPTALK_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum {
	LX_STOP = 1u << 0,       /* ignored for coverage */
	LX_FILLER = 1u << 1,     /* um, uh, basically, actually, literally (always fillers) */
	LX_HEDGE = 1u << 2,      /* maybe, probably, perhaps, possibly, hopefully */
	LX_I = 1u << 3,          /* i, me, my, mine, myself, i'm, i've, i'd, i'll */
	LX_WE = 1u << 4,         /* we, us, our, ... */
	LX_YOU = 1u << 5,        /* you, your, ... */
	LX_PAST = 1u << 6,       /* irregular past tense (regular -ed is detected by suffix) */
	LX_NOTPAST = 1u << 7,    /* ends in -ed but is not a past tense (need, speed, ...) */
	LX_STATE = 1u << 8,      /* past-tense state verbs that are not actions (was, had, felt) */
	LX_RESULT = 1u << 9,     /* result cues: reduced, improved, outcome, ... */
	LX_ENTHUS = 1u << 10,    /* excited, enjoy, curious, ... */
	LX_COLLAB = 1u << 11,    /* team, together, stakeholder, ... */
	LX_REASON = 1u << 12,    /* because, tradeoff, complexity, benchmark, ... */
	LX_NUMWORD = 1u << 13,   /* two, twenty, hundred, half, doubled, percent, ... */
	LX_ABSOLUTE = 1u << 14,  /* always, never, everyone, ... */
	LX_NEGATIVE = 1u << 15,  /* negative talk: hated, stupid, incompetent, ... */
	LX_DETERMINER = 1u << 16,/* what/this/that/any/the/a (turn "kind of" into a noun use) */
	LX_LIKEVERB = 1u << 17,  /* words after which "like" is a verb or comparison, not a filler */
	LX_PREVADJ = 1u << 18,   /* last, previous, current, former, ... */
	LX_PLACE = 1u << 19,     /* job, role, company, team, ... */
	LX_TIMEUNIT = 1u << 20,  /* year(s), month(s), quarter, summer, ... */
	LX_SEQUENCE = 1u << 21,  /* first, second, then, next, finally (structure markers) */
	LX_META = 1u << 22,      /* rubric words in expected points: describes, explains, mentions */
};

/* Returns the flags of a lowercase word (0 when unknown) and, through *canon, the canonical
 * word its synonym group maps to, or NULL (static). Thread-safe; the table is built once. */
uint32_t lexicon_lookup(const char *word, size_t len, const char **canon);

#endif
