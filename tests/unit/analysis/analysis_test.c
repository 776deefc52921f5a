/* analysis_test.c: the analysis engine on constructed transcripts whose counts are known by
 * hand: fillers, hedges, pace, pauses, STAR markers, coverage per point, segmentation,
 * the stemmer, input validation, determinism and the session aggregation. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "analysis/analysis.h"
#include "analysis/stem.h"

static struct json_object *
analyse(const char *json)
{
	struct json_object *in = json_tokener_parse(json), *out = NULL;
	char err[256] = "";

	if (!in)
		fail_msg("test input is not JSON: %s", json);
	if (analysis_round(in, &out, err, sizeof(err)) != 0)
		fail_msg("analysis_round failed: %s", err);
	json_object_put(in);
	return out;
}

/* "a.b.0.c" path lookup */
static struct json_object *
at(struct json_object *o, const char *path)
{
	char buf[256], *save = NULL, *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = strtok_r(buf, ".", &save); p && o; p = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array))
			o = json_object_array_get_idx(o, (size_t)atoi(p));
		else if (!json_object_object_get_ex(o, p, &o))
			o = NULL;
	}
	if (!o)
		fail_msg("no %s in the output", path);
	return o;
}

static int
ival(struct json_object *o, const char *path)
{
	return json_object_get_int(at(o, path));
}

static double
dval(struct json_object *o, const char *path)
{
	return json_object_get_double(at(o, path));
}

static int
filler(struct json_object *o, const char *word)
{
	struct json_object *arr = at(o, "metrics.filler_words");

	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		if (!strcmp(json_object_get_string(json_object_object_get(e, "word")), word))
			return json_object_get_int(json_object_object_get(e, "count"));
	}
	return 0;
}

static int
hedge(struct json_object *o, const char *phrase)
{
	struct json_object *arr = at(o, "metrics.hedges");

	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);
		if (!strcmp(json_object_get_string(json_object_object_get(e, "phrase")), phrase))
			return json_object_get_int(json_object_object_get(e, "count"));
	}
	return 0;
}

static void
test_fillers(void **state)
{
	/* um x2 (Um, um), uh x1, like x1 ("like," only: "I like Go", "would like", "looks like" are
	 * verbs), basically x1, so x1 ("So," opening a sentence), you know x1 ("Do you know how" is a
	 * question), actually x1, i mean x1 ("I mean," with a comma): 9 in all */
	struct json_object *o = analyse(
		"{\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"Um, I think the, uh, cache was like, basically slow. "
		"So, you know, we, um, fixed it. I like Go and I would like to say it looks like a win. "
		"Do you know how? Actually I mean, it worked.\"}]}");

	(void)state;
	assert_int_equal(ival(o, "metrics.filler_words_count"), 9);
	assert_int_equal(filler(o, "um"), 2);
	assert_int_equal(filler(o, "uh"), 1);
	assert_int_equal(filler(o, "like"), 1);
	assert_int_equal(filler(o, "basically"), 1);
	assert_int_equal(filler(o, "so"), 1);
	assert_int_equal(filler(o, "you know"), 1);
	assert_int_equal(filler(o, "actually"), 1);
	assert_int_equal(filler(o, "i mean"), 1);
	assert_int_equal(ival(o, "metrics.hedges_count"), 1);
	assert_int_equal(hedge(o, "i think"), 1);
	/* 40 words: every token counts, fillers included */
	assert_int_equal(ival(o, "metrics.total_words"), 40);
	json_object_put(o);
}

static void
test_hedges(void **state)
{
	/* maybe, i guess, probably, sort of, not sure, hopefully, perhaps: 7. "what kind of" is a
	 * noun use and "I think about" is not a hedge. */
	struct json_object *o = analyse(
		"{\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"Maybe we could shard it. I guess it probably works, sort of. "
		"What kind of index? I'm not sure. Hopefully it scales. I think about it often. Perhaps.\"}]}");

	(void)state;
	assert_int_equal(ival(o, "metrics.hedges_count"), 7);
	assert_int_equal(hedge(o, "maybe"), 1);
	assert_int_equal(hedge(o, "i guess"), 1);
	assert_int_equal(hedge(o, "probably"), 1);
	assert_int_equal(hedge(o, "sort of"), 1);
	assert_int_equal(hedge(o, "kind of"), 0);
	assert_int_equal(hedge(o, "not sure"), 1);
	assert_int_equal(hedge(o, "hopefully"), 1);
	assert_int_equal(hedge(o, "perhaps"), 1);
	assert_int_equal(hedge(o, "i think"), 0);
	assert_int_equal(ival(o, "metrics.filler_words_count"), 0);
	json_object_put(o);
}

static char *
words(const char *w, int n)
{
	size_t len = strlen(w) + 1;
	char *s = malloc(len * (size_t)n + 1);
	size_t k = 0;

	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		memcpy(s + k, w, len - 1);
		k += len - 1;
		s[k++] = ' ';
	}
	s[k ? k - 1 : 0] = '\0';
	return s;
}

static void
test_pace_and_pauses(void **state)
{
	/* interviewer 0-5 s; candidate 7-37, 40-70, 71-101 with 75 words each: 225 words in 90 s
	 * = 150 wpm; one gap over 2.5 s (37 -> 40 = 3 s); response time 2 s; silence 2+3+1 = 6 s */
	char *w = words("data", 75);
	char *json = malloc(4096);
	struct json_object *o;

	(void)state;
	snprintf(json, 4096,
	         "{\"transcript\":[{\"speaker\":\"interviewer\",\"text\":\"Walk me through your pipeline?\",\"start_s\":0,\"end_s\":5},"
	         "{\"speaker\":\"candidate\",\"text\":\"%s\",\"start_s\":7,\"end_s\":37},"
	         "{\"speaker\":\"candidate\",\"text\":\"%s\",\"start_s\":40,\"end_s\":70},"
	         "{\"speaker\":\"candidate\",\"text\":\"%s\",\"start_s\":71,\"end_s\":101}]}",
	         w, w, w);
	o = analyse(json);
	assert_true(fabs(dval(o, "metrics.speaking_pace_wpm") - 150.0) < 0.05);
	assert_int_equal(ival(o, "metrics.long_pauses"), 1);
	assert_true(fabs(dval(o, "metrics.longest_pause_seconds") - 3.0) < 0.05);
	assert_int_equal(ival(o, "metrics.candidate_speaking_time_seconds"), 90);
	assert_int_equal(ival(o, "metrics.interviewer_speaking_time_seconds"), 5);
	assert_int_equal(ival(o, "metrics.silence_time_seconds"), 6);
	assert_int_equal(ival(o, "metrics.duration_seconds"), 101);
	assert_true(fabs(dval(o, "metrics.question_response_time_avg_seconds") - 2.0) < 0.005);
	assert_true(fabs(dval(o, "metrics.talk_ratio") - 90.0 / 95.0) < 0.001);
	assert_string_equal(json_object_get_string(at(o, "metrics.talk_ratio_basis")), "time");
	/* the implicit question ("...pipeline?") collects all three candidate messages */
	assert_int_equal(json_object_array_length(at(o, "answers")), 1);
	assert_int_equal(ival(o, "answers.0.words"), 225);
	json_object_put(o);
	free(json);
	free(w);
}

static void
test_interruptions(void **state)
{
	struct json_object *o = analyse(
		"{\"transcript\":[{\"speaker\":\"interviewer\",\"text\":\"Tell me more?\",\"start_s\":0,\"end_s\":4},"
		"{\"speaker\":\"candidate\",\"text\":\"Sure, so\",\"start_s\":3,\"end_s\":6},"
		"{\"speaker\":\"interviewer\",\"text\":\"Sorry, go on.\",\"start_s\":5.5,\"end_s\":7}]}");

	(void)state;
	assert_int_equal(ival(o, "metrics.interruption_count"), 2);
	assert_int_equal(ival(o, "metrics.overlap_time_seconds"), 2); /* 1 s + 0.5 s, rounded */
	json_object_put(o);
}

static const char *star_round =
	"{\"questions\":[{\"id\":\"b1\",\"type\":\"behavioral\",\"text\":\"Tell me about a time you improved a process.\"}],"
	"\"transcript\":[{\"speaker\":\"interviewer\",\"text\":\"Tell me about a time you improved a process.\"},"
	"{\"speaker\":\"candidate\",\"text\":\"At my last job our deploys kept failing. My goal was to make them reliable. "
	"I wrote a checklist, I automated the rollback, and I trained two colleagues. We also added alerts. "
	"As a result, failed deploys dropped by 80% in two months.\"}]}";

static void
test_star(void **state)
{
	struct json_object *o = analyse(star_round);

	(void)state;
	assert_string_equal(json_object_get_string(at(o, "answers.0.question_id")), "b1");
	assert_true(json_object_get_boolean(at(o, "answers.0.star.situation")));
	assert_true(json_object_get_boolean(at(o, "answers.0.star.task")));
	assert_int_equal(ival(o, "answers.0.star.action_verbs"), 3);  /* wrote, automated, trained */
	assert_true(json_object_get_boolean(at(o, "answers.0.star.action")));
	assert_true(json_object_get_boolean(at(o, "answers.0.star.result")));
	assert_true(json_object_get_boolean(at(o, "answers.0.star.quantified_result"))); /* 80% near "dropped" */
	assert_int_equal(ival(o, "answers.0.star.markers"), 4);
	assert_int_equal(ival(o, "answers.0.ownership.i"), 5);        /* my, My, I x3 */
	assert_int_equal(ival(o, "answers.0.ownership.we"), 2);       /* our, We */
	assert_int_equal(ival(o, "answers.0.ownership.we_actions"), 1); /* "We also added" */
	json_object_put(o);

	o = analyse("{\"questions\":[{\"id\":\"b1\",\"type\":\"behavioral\",\"text\":\"Tell me about a time you improved a process.\"}],"
	            "\"transcript\":[{\"speaker\":\"interviewer\",\"text\":\"Tell me about a time you improved a process.\"},"
	            "{\"speaker\":\"candidate\",\"text\":\"We just did it and it was fine. You always want processes to be good.\"}]}");
	assert_false(json_object_get_boolean(at(o, "answers.0.star.situation")));
	assert_false(json_object_get_boolean(at(o, "answers.0.star.task")));
	assert_int_equal(ival(o, "answers.0.star.action_verbs"), 0);
	assert_false(json_object_get_boolean(at(o, "answers.0.star.result")));
	assert_int_equal(ival(o, "answers.0.star.markers"), 0);
	assert_string_equal(json_object_get_string(at(o, "answers.0.length_band")), "too_short");
	json_object_put(o);
}

static void
test_coverage(void **state)
{
	/* point 0: hash, function, map, key, bucket (5 terms, 3 needed): "hashes", "maps", "keys",
	 *   "buckets" -> 4 matched, covered.
	 * point 1: collision, handle, chain (3 terms, 2 needed): "collisions", "chained" -> covered.
	 * point 2: average, constant, time, lookup (4 terms, 3 needed): "lookups", "constant",
	 *   "average" -> 3, covered.
	 * point 3: resize, load, factor, grow (4 terms, 3 needed): nothing -> missed.
	 * point 4: "caching results" (2 terms): "cached" (stem) + "results" -> covered.
	 * point 5: verify, thread, safety (3 terms, 2 needed; "describes" is a rubric word and
	 *   ignored): "validated" is a synonym of verify -> 1, partial. */
	struct json_object *o = analyse(
		"{\"questions\":[{\"id\":\"t1\",\"type\":\"technical\",\"text\":\"Explain how a hash table works.\",\"expected_points\":["
		"\"A hash function maps keys to buckets\",\"Collisions are handled by chaining\",\"Average constant time lookup\","
		"\"Resize when the load factor grows\",\"Caching results\",\"Describes how to verify thread safety\"]}],"
		"\"transcript\":[{\"speaker\":\"interviewer\",\"text\":\"Explain how a hash table works.\"},"
		"{\"speaker\":\"candidate\",\"text\":\"It hashes the keys and the function maps them to buckets. Collisions get chained in a list. "
		"Lookups are constant on average, sorry, mostly. We cached results and validated it was correct.\"}]}");

	(void)state;
	assert_int_equal(ival(o, "answers.0.coverage.total"), 6);
	assert_true(json_object_get_boolean(at(o, "answers.0.coverage.points.0.covered")));
	assert_int_equal(ival(o, "answers.0.coverage.points.0.terms"), 5);
	assert_int_equal(ival(o, "answers.0.coverage.points.0.matched"), 5);
	assert_true(json_object_get_boolean(at(o, "answers.0.coverage.points.1.covered")));
	assert_int_equal(ival(o, "answers.0.coverage.points.2.matched"), 3);
	assert_true(json_object_get_boolean(at(o, "answers.0.coverage.points.2.covered")));
	assert_int_equal(ival(o, "answers.0.coverage.points.3.matched"), 0);
	assert_false(json_object_get_boolean(at(o, "answers.0.coverage.points.3.covered")));
	assert_true(json_object_get_boolean(at(o, "answers.0.coverage.points.4.covered")));
	assert_int_equal(ival(o, "answers.0.coverage.points.5.terms"), 3);
	assert_int_equal(ival(o, "answers.0.coverage.points.5.matched"), 1);
	assert_true(json_object_get_boolean(at(o, "answers.0.coverage.points.5.partial")));
	assert_int_equal(ival(o, "answers.0.coverage.covered"), 4);
	assert_int_equal((int)json_object_array_length(at(o, "answers.0.missed_points")), 2);
	json_object_put(o);
}

static void
test_stemmer(void **state)
{
	static const char *const cases[][2] = {
		{"caching", "cach"}, {"cached", "cach"}, {"caches", "cach"}, {"scaled", "scale"},
		{"scales", "scale"}, {"running", "run"}, {"relational", "relat"}, {"agreed", "agre"},
		{"happiness", "happi"}, {"hopping", "hop"}, {"status", "status"}, {"go", "go"},
		{"generalization", "gener"}, {"conditional", "condit"}, {"c++", "c++"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char w[64];
		size_t n;
		snprintf(w, sizeof(w), "%s", cases[i][0]);
		n = stem_word(w, strlen(w));
		w[n] = '\0';
		if (strcmp(w, cases[i][1]))
			fail_msg("stem(%s) = %s, want %s", cases[i][0], w, cases[i][1]);
	}
}

static void
test_segmentation(void **state)
{
	/* the interviewer paraphrases q2 and asks a follow-up of q1 later; q3 is never asked */
	struct json_object *o = analyse(
		"{\"questions\":[{\"id\":\"q1\",\"text\":\"Why do you want to work at Acme?\",\"follow_ups\":[\"What do you know about our product?\"]},"
		"{\"id\":\"q2\",\"type\":\"technical\",\"text\":\"How does garbage collection work in Java?\"},"
		"{\"id\":\"q3\",\"text\":\"Where do you see yourself in five years?\",\"required\":true}],"
		"\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"Hi, nice to meet you.\"},"
		"{\"speaker\":\"interviewer\",\"text\":\"So, why do you want to work at Acme?\"},"
		"{\"speaker\":\"candidate\",\"text\":\"I love your payments product.\"},"
		"{\"speaker\":\"interviewer\",\"text\":\"Tell me how garbage collection works in Java.\"},"
		"{\"speaker\":\"candidate\",\"text\":\"The JVM marks reachable objects and sweeps the rest.\"},"
		"{\"speaker\":\"interviewer\",\"text\":\"Going back: what do you know about our product?\"},"
		"{\"speaker\":\"candidate\",\"text\":\"It settles card payments for small shops.\"}]}");
	struct json_object *miss;

	(void)state;
	assert_int_equal(json_object_array_length(at(o, "answers")), 2);
	assert_string_equal(json_object_get_string(at(o, "answers.0.question_id")), "q1");
	assert_int_equal(ival(o, "answers.0.message_indexes.0"), 2);
	assert_int_equal(ival(o, "answers.0.message_indexes.1"), 6);
	assert_string_equal(json_object_get_string(at(o, "answers.1.question_id")), "q2");
	assert_int_equal(ival(o, "answers.1.message_indexes.0"), 4);
	miss = at(o, "missed_opportunities");
	assert_int_equal(json_object_array_length(miss), 1);
	assert_string_equal(json_object_get_string(at(o, "missed_opportunities.0.kind")), "required_question");
	json_object_put(o);
}

static double
contrib_sum(struct json_object *s)
{
	struct json_object *c = json_object_object_get(s, "contributions");
	double sum = 0;

	for (size_t i = 0; i < json_object_array_length(c); i++)
		sum += json_object_get_double(json_object_object_get(json_object_array_get_idx(c, i), "points"));
	return sum;
}

static void
test_scores_explained_and_deterministic(void **state)
{
	struct json_object *a = analyse(star_round), *b = analyse(star_round), *scores;
	const char *dims[] = {"technical_accuracy", "problem_solving", "communication_clarity", "collaboration", "enthusiasm"};

	(void)state;
	assert_string_equal(json_object_to_json_string(a), json_object_to_json_string(b));
	scores = at(a, "scores");
	for (int d = 0; d < 5; d++) {
		struct json_object *s = json_object_object_get(scores, dims[d]);
		double v = json_object_get_double(json_object_object_get(s, "score"));
		assert_true(v >= 0 && v <= 100);
		/* each contribution is rounded to 0.1 */
		if (fabs(contrib_sum(s) - v) > 0.1 * json_object_array_length(json_object_object_get(s, "contributions")))
			fail_msg("%s: contributions add to %.2f, score %.2f", dims[d], contrib_sum(s), v);
	}
	assert_true(dval(a, "overall_score") > 0 && dval(a, "overall_score") <= 100);
	assert_true(json_object_array_length(at(a, "feedback_items")) > 0);
	assert_string_equal(json_object_get_string(at(a, "feedback_items.0.category")), "improvement");
	json_object_put(a);
	json_object_put(b);
}

static void
test_invalid(void **state)
{
	static const char *const cases[][2] = {
		{"[]", "the round must be a JSON object"},
		{"{}", "transcript must be an array of messages"},
		{"{\"transcript\":[{\"speaker\":\"coach\",\"text\":\"x\"}]}", "transcript[0].speaker must be \"candidate\" or \"interviewer\""},
		{"{\"transcript\":[{\"speaker\":\"candidate\"}]}", "transcript[0].text must be a string"},
		{"{\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"x\",\"start_s\":1}]}", "transcript[0]: start_s and end_s must both be numbers"},
		{"{\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"x\",\"start_s\":5,\"end_s\":1}]}", "transcript[0]: end_s must be >= start_s >= 0"},
		{"{\"transcript\":[],\"questions\":[{\"type\":\"technical\"}]}", "questions[0].text must be a string"},
		{"{\"transcript\":[],\"questions\":[{\"text\":\"q\",\"expected_points\":[1]}]}", "questions[0].expected_points[0] must be a string or an object with \"point\""},
		{"{\"transcript\":[],\"evaluation_criteria\":[{\"criterion\":\"x\",\"weight\":-1}]}", "evaluation_criteria[0].weight must be a number >= 0"},
		{"{\"transcript\":[{\"speaker\":\"candidate\",\"text\":\"x\",\"question_id\":\"nope\"}]}", "transcript[0].question_id 'nope' is not among the questions"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *in = json_tokener_parse(cases[i][0]), *out = (struct json_object *)1;
		char err[256] = "";
		if (analysis_round(in, &out, err, sizeof(err)) != -1 || strcmp(err, cases[i][1]))
			fail_msg("case %zu: err \"%s\", want \"%s\"", i, err, cases[i][1]);
		assert_null(out);
		json_object_put(in);
	}
}

static struct json_object *
session_of(const char *json)
{
	struct json_object *in = json_tokener_parse(json), *out = NULL;
	char err[256] = "";

	if (analysis_session(in, &out, err, sizeof(err)) != 0)
		fail_msg("analysis_session: %s", err);
	json_object_put(in);
	return out;
}

static void
test_session(void **state)
{
	struct json_object *o;
	char err[256];

	(void)state;
	o = session_of("[{\"overall_score\":80},{\"overall_score\":76}]");
	assert_string_equal(json_object_get_string(at(o, "readiness_assessment")), "ready");
	assert_true(fabs(dval(o, "overall_score") - 78.0) < 0.01);
	json_object_put(o);
	/* weights: (80*3 + 50*1) / 4 = 72.5, but a round under 60 keeps it from "ready" */
	o = session_of("[{\"analysis\":{\"overall_score\":80},\"weight\":3},{\"analysis\":{\"overall_score\":50},\"weight\":1}]");
	assert_true(fabs(dval(o, "overall_score") - 72.5) < 0.01);
	assert_string_equal(json_object_get_string(at(o, "readiness_assessment")), "almost_ready");
	json_object_put(o);
	o = session_of("[{\"overall_score\":90,\"red_flags\":[{\"area\":\"x\"}]}]");
	assert_string_equal(json_object_get_string(at(o, "readiness_assessment")), "almost_ready");
	json_object_put(o);
	o = session_of("[{\"overall_score\":45}]");
	assert_string_equal(json_object_get_string(at(o, "readiness_assessment")), "needs_practice");
	json_object_put(o);
	o = session_of("[{\"overall_score\":39.9}]");
	assert_string_equal(json_object_get_string(at(o, "readiness_assessment")), "significant_gaps");
	json_object_put(o);
	{
		struct json_object *in = json_tokener_parse("[{\"overall_score\":120}]"), *out = NULL;
		assert_int_equal(analysis_session(in, &out, err, sizeof(err)), -1);
		assert_string_equal(err, "rounds[0].overall_score must be a number from 0 to 100");
		json_object_put(in);
	}
	/* a real round analysis aggregates its weaknesses and improvements */
	{
		struct json_object *r1 = analyse(star_round), *arr = json_object_new_array(), *out = NULL;
		json_object_array_add(arr, r1);
		assert_int_equal(analysis_session(arr, &out, err, sizeof(err)), 0);
		assert_true(json_object_array_length(at(out, "key_improvements")) >= 1);
		assert_true(json_object_array_length(at(out, "weaknesses")) >= 1);
		json_object_put(out);
		json_object_put(arr);
	}
}

/* a .vtt export end to end: the round file plus the parsed transcript */
static void
test_vtt_round(void **state)
{
	FILE *f = fopen("tests/fixtures/transcripts/zoom.vtt", "rb");
	char buf[16384], err[256];
	size_t n;
	struct json_object *round = json_object_from_file("tests/fixtures/transcripts/zoom_round.json"), *msgs = NULL, *o = NULL;

	(void)state;
	if (!f || !round)
		fail_msg("fixtures missing (run from the repository root)");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(transcript_parse_vtt(buf, n, "Priya Raman", &msgs, err, sizeof(err)), 0);
	json_object_object_add(round, "transcript", msgs);
	assert_int_equal(analysis_round(round, &o, err, sizeof(err)), 0);
	assert_true(json_object_get_boolean(at(o, "metrics.timed")));
	/* cues 2-5 answer q1, cues 7-8 answer q2, cue 10 is a question back */
	assert_int_equal(json_object_array_length(at(o, "answers")), 2);
	assert_int_equal(json_object_array_length(at(o, "answers.0.message_indexes")), 4);
	assert_int_equal(json_object_array_length(at(o, "answers.1.message_indexes")), 2);
	/* the only gap over 2.5 s between candidate cues: 00:00:34.200 -> 00:00:37.400 */
	assert_int_equal(ival(o, "metrics.long_pauses"), 1);
	assert_true(fabs(dval(o, "metrics.longest_pause_seconds") - 3.2) < 0.05);
	assert_int_equal(ival(o, "metrics.candidate_questions"), 1);
	assert_int_equal(ival(o, "metrics.filler_words_count"), 2); /* "Um," and "was, like," */
	assert_true(json_object_get_boolean(at(o, "answers.0.star.quantified_result")));
	assert_int_equal(ival(o, "answers.0.star.action_verbs"), 5); /* disagreed, listened, wrote, proposed, scheduled */
	json_object_put(o);
	json_object_put(round);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fillers),
		cmocka_unit_test(test_hedges),
		cmocka_unit_test(test_pace_and_pauses),
		cmocka_unit_test(test_interruptions),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_stemmer),
		cmocka_unit_test(test_segmentation),
		cmocka_unit_test(test_scores_explained_and_deterministic),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_vtt_round),
	};
	return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
