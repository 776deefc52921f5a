/* analysis.h: the answer-analysis engine (pure functions over text and numbers, no I/O)
 * and WebVTT / SubRip transcript import. The same input always gives the same output;
 * every score carries the named contributions it was built from. Format: docs/analysis.md. */
#ifndef PREPTALK_ANALYSIS_H
#define PREPTALK_ANALYSIS_H

#include <stddef.h>

struct json_object;

#define ANALYSIS_MODEL "preptalk-rules"
#define ANALYSIS_VERSION "1"
#define TRANSCRIPT_MAX_BYTES (2u * 1024u * 1024u)

/* Analyses one round (the documented round object: transcript, questions, evaluation_criteria,
 * required_skills, must_cover). Returns 0 and *out = a new json object (caller puts it) with
 * metrics, answers, scores, criteria_scores, overall_score, strengths, weaknesses,
 * missed_opportunities, red_flags, positive_surprises and feedback_items. On invalid input
 * returns -1, *out = NULL, and err holds a message naming the offending field. */
int analysis_round(struct json_object *input, struct json_object **out, char *err, size_t errlen);

/* Aggregates round analyses into the session level. rounds: json array whose items are either an
 * analysis_round output or {"analysis": <output>, "weight": w}. Returns 0 and *out = new object
 * (caller puts it): overall_score, readiness_assessment, strengths, weaknesses, key_improvements,
 * recommended_focus_areas. -1 and err on invalid input. */
int analysis_session(struct json_object *rounds, struct json_object **out, char *err, size_t errlen);

/* Parse a WebVTT / SubRip transcript of at most TRANSCRIPT_MAX_BYTES. candidate_speaker names the
 * speaker who is the candidate (case-insensitive; NULL: every message gets speaker "unknown").
 * On success returns 0 and *messages = new json array (caller puts it) of
 * {speaker:"candidate"|"interviewer", name, text, start_s, end_s}. On failure returns -1,
 * *messages = NULL and err names the line: "line 12: bad timestamp '00:00:6,000'". */
int transcript_parse_vtt(const char *data, size_t len, const char *candidate_speaker,
                         struct json_object **messages, char *err, size_t errlen);
int transcript_parse_srt(const char *data, size_t len, const char *candidate_speaker,
                         struct json_object **messages, char *err, size_t errlen);
/* Picks the parser by content (a "WEBVTT" header means VTT, anything else SRT). */
int transcript_parse(const char *data, size_t len, const char *candidate_speaker,
                     struct json_object **messages, char *err, size_t errlen);
/* Lists the distinct speaker names of a VTT or SRT transcript in order of first appearance.
 * Returns 0 and *names = new json array of strings (caller puts it), or -1 and err. */
int transcript_speakers(const char *data, size_t len, struct json_object **names, char *err,
                        size_t errlen);

/* `preptalk analyze [--transcript FILE.vtt|.srt --candidate NAME] ROUND.json`: prints
 * analysis_round's output as pretty JSON on stdout. Returns the exit status (0, or 1 on bad
 * input with the message on stderr). argv[0] may be "analyze" or the program name. */
int analyze_main(int argc, char **argv);

#endif
