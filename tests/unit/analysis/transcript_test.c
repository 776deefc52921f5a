/* transcript_test.c: WebVTT and SubRip import: speakers from voice tags and "Name:" prefixes,
 * times, text clean-up, and every malformed case the importer refuses (with the line named). */
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

static const char *
mstr(struct json_object *arr, size_t i, const char *key)
{
	return json_object_get_string(json_object_object_get(json_object_array_get_idx(arr, i), key));
}

static double
mnum(struct json_object *arr, size_t i, const char *key)
{
	return json_object_get_double(json_object_object_get(json_object_array_get_idx(arr, i), key));
}

static void
test_vtt_voice_tags(void **state)
{
	const char *vtt = "\xEF\xBB\xBFWEBVTT - interview\r\nKind: captions\r\n\r\n"
	                  "NOTE exported by a call tool\r\nsecond note line\r\n\r\n"
	                  "STYLE\r\n::cue { color: red }\r\n\r\n"
	                  "1\r\n00:00:01.000 --> 00:00:04.500 align:start position:10%\r\n"
	                  "<v Alex Chen>Tell me about a time you <i>failed</i>.</v>\r\n\r\n"
	                  "2\r\n00:00:05.000 --> 00:00:09.250\r\n<v.loud Sam Lee>At my last job &amp; in 2021,\r\n"
	                  "I broke the build &lt;twice&gt;.\r\n\r\n"
	                  "00:00:09.250 --> 00:01:02.000\r\nthen I fixed it.\r\n\r\n"
	                  "01:00:00.000 --> 01:00:01.000\r\n<v Alex Chen>Thanks!\r\n";
	struct json_object *m = NULL;
	char err[256] = "";

	(void)state;
	assert_int_equal(transcript_parse_vtt(vtt, strlen(vtt), "sam lee", &m, err, sizeof(err)), 0);
	assert_int_equal(json_object_array_length(m), 4);
	assert_string_equal(mstr(m, 0, "speaker"), "interviewer");
	assert_string_equal(mstr(m, 0, "name"), "Alex Chen");
	assert_string_equal(mstr(m, 0, "text"), "Tell me about a time you failed.");
	assert_true(mnum(m, 0, "start_s") == 1.0 && mnum(m, 0, "end_s") == 4.5);
	assert_string_equal(mstr(m, 1, "speaker"), "candidate");
	assert_string_equal(mstr(m, 1, "name"), "Sam Lee");
	assert_string_equal(mstr(m, 1, "text"), "At my last job & in 2021, I broke the build <twice>.");
	assert_true(mnum(m, 1, "end_s") == 9.25);
	/* no speaker: continues the previous cue's speaker */
	assert_string_equal(mstr(m, 2, "speaker"), "candidate");
	assert_true(mnum(m, 2, "end_s") == 62.0);
	assert_true(mnum(m, 3, "start_s") == 3600.0);
	assert_string_equal(mstr(m, 3, "speaker"), "interviewer");
	json_object_put(m);
}

static void
test_vtt_name_prefix_and_short_times(void **state)
{
	const char *vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nInterviewer: Why this company?\n\n"
	                  "00:03.500 --> 00:10.000\nJo: Because I use your product daily: it is great.\n";
	struct json_object *m = NULL, *names = NULL;
	char err[256] = "";

	(void)state;
	assert_int_equal(transcript_parse_vtt(vtt, strlen(vtt), "Jo", &m, err, sizeof(err)), 0);
	assert_int_equal(json_object_array_length(m), 2);
	assert_string_equal(mstr(m, 1, "speaker"), "candidate");
	assert_string_equal(mstr(m, 1, "text"), "Because I use your product daily: it is great.");
	assert_true(mnum(m, 1, "start_s") == 3.5);
	json_object_put(m);
	assert_int_equal(transcript_speakers(vtt, strlen(vtt), &names, err, sizeof(err)), 0);
	assert_int_equal(json_object_array_length(names), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(names, 0)), "Interviewer");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(names, 1)), "Jo");
	json_object_put(names);
	/* NULL candidate: every message is "unknown" */
	assert_int_equal(transcript_parse(vtt, strlen(vtt), NULL, &m, err, sizeof(err)), 0);
	assert_string_equal(mstr(m, 0, "speaker"), "unknown");
	json_object_put(m);
}

static void
test_srt(void **state)
{
	const char *srt = "1\r\n00:00:01,000 --> 00:00:02,500\r\nRecruiter: Hi, can you hear me?\r\n\r\n"
	                  "2\r\n00:00:03,000 --> 00:00:05,000\r\nMaria: Yes, <b>loud</b> and clear.\r\n"
	                  "Thanks for having me.\r\n\r\n\r\n"
	                  "3\r\n00:00:05,000 --> 00:00:06,000\r\nRecruiter: Great.\r\n";
	struct json_object *m = NULL;
	char err[256] = "";

	(void)state;
	assert_int_equal(transcript_parse_srt(srt, strlen(srt), "maria", &m, err, sizeof(err)), 0);
	assert_int_equal(json_object_array_length(m), 3);
	assert_string_equal(mstr(m, 1, "text"), "Yes, loud and clear. Thanks for having me.");
	assert_string_equal(mstr(m, 1, "speaker"), "candidate");
	assert_string_equal(mstr(m, 2, "speaker"), "interviewer");
	assert_true(mnum(m, 1, "start_s") == 3.0 && mnum(m, 2, "end_s") == 6.0);
	json_object_put(m);
	/* detection: no WEBVTT header means SRT */
	assert_int_equal(transcript_parse(srt, strlen(srt), "Maria", &m, err, sizeof(err)), 0);
	json_object_put(m);
}

struct bad {
	int vtt;
	const char *data;
	const char *err;   /* exact message */
};

static void
test_malformed(void **state)
{
	static const struct bad cases[] = {
		{1, "WEBVT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n", "line 1: a WebVTT file must start with 'WEBVTT'"},
		{1, "WEBVTT\n\n00:00:01.000 --> 00:00:6,000\nA: hi\n", "line 3: bad timestamp '00:00:6,000' (expected HH:MM:SS.mmm)"},
		{1, "WEBVTT\n\n00:00:01,000 --> 00:00:02.000\nA: hi\n", "line 3: bad timestamp '00:00:01,000' (expected HH:MM:SS.mmm)"},
		{1, "WEBVTT\n\n00:61:01.000 --> 00:62:02.000\nA: hi\n", "line 3: bad timestamp '00:61:01.000' (expected HH:MM:SS.mmm)"},
		{1, "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nA: hi\n", "line 3: the cue ends (00:00:04.000) before it starts (00:00:05.000)"},
		{1, "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nA: hi\n\n00:00:04.000 --> 00:00:06.000\nB: no\n",
		 "line 6: the cue starting at 00:00:04.000 overlaps the previous cue, which ends at 00:00:05.000"},
		{1, "WEBVTT\n\n00:00:01.000 00:00:05.000 -->\nA: hi\n", "line 3: expected '-->' between the start and end times"},
		{1, "WEBVTT\n\ncue-id\nA: hi there\n", "line 4: expected a timing line 'HH:MM:SS.mmm --> HH:MM:SS.mmm'"},
		{1, "WEBVTT\n\n", "no cues found: expected blocks like '00:00:01.000 --> 00:00:04.000' followed by text"},
		{1, "WEBVTT\n\nNOTE only a note\n", "no cues found: expected blocks like '00:00:01.000 --> 00:00:04.000' followed by text"},
		{1, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:04.000\n", "the transcript has 2 cues but none has any text"},
		{1, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n00:00:03.000 --> 00:00:04.000\nB: yo\n",
		 "line 5: a timing line inside a cue; separate cues with a blank line"},
		{1, "WEBVTT\n00:00:01.000 --> 00:00:02.000\nA: hi\n", "line 2: a blank line must separate the header from the first cue"},
		{0, "1\n00:00:01.000 --> 00:00:02\nA: hi\n", "line 2: bad timestamp '00:00:02' (expected HH:MM:SS,mmm)"},
		{0, "1\n100:00:01,000 --> 100:00:02,000\nA: hi\n", "line 2: bad timestamp '100:00:01,000' (expected HH:MM:SS,mmm)"},
		{0, "one\n00:00:01,000 --> 00:00:02,000\nA: hi\n", "line 1: expected a cue number or a timing line, found 'one'"},
		{0, "1\nA: hi\n", "line 2: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"},
		{0, "1\n00:00:01,000 -> 00:00:02,000\nA: hi\n", "line 2: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"},
		{0, "1\n00:00:01,000 00:00:02,000\nA: hi\n", "line 2: expected a timing line 'HH:MM:SS,mmm --> HH:MM:SS,mmm'"},
		{0, "", "no cues found: expected blocks like '1, then 00:00:01,000 --> 00:00:04,000' followed by text"},
		{0, "1\n00:00:01,000 --> 00:00:02,000\nA: caf\xc3\n", "line 3: invalid UTF-8 (binary data?); upload a text .vtt or .srt file"},
		{0, "1\n00:00:01,000 --> 00:00:02,000\nA: \xc0\xaf\n", "line 3: invalid UTF-8 (binary data?); upload a text .vtt or .srt file"},
		{0, "1\n00:00:01,000 --> 00:00:02,000\nA: \xed\xa0\x80\n", "line 3: invalid UTF-8 (binary data?); upload a text .vtt or .srt file"},
		{0, "\x89PNG\r\n\x1a\n", "line 1: invalid UTF-8 (binary data?); upload a text .vtt or .srt file"},
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *m = (struct json_object *)1;
		int rc;
		err[0] = '\0';
		rc = cases[i].vtt ? transcript_parse_vtt(cases[i].data, strlen(cases[i].data), "A", &m, err, sizeof(err))
		                  : transcript_parse_srt(cases[i].data, strlen(cases[i].data), "A", &m, err, sizeof(err));
		if (rc != -1 || strcmp(err, cases[i].err) != 0)
			fail_msg("case %zu: rc %d, err \"%s\", want \"%s\"", i, rc, err, cases[i].err);
		assert_null(m);
	}
}

static void
test_nul_and_size(void **state)
{
	static const char nul[] = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: h\0i\n";
	char err[256];
	struct json_object *m = NULL;
	size_t big = TRANSCRIPT_MAX_BYTES + 1;
	char *data = malloc(big);

	(void)state;
	assert_int_equal(transcript_parse_vtt(nul, sizeof(nul) - 1, "A", &m, err, sizeof(err)), -1);
	assert_string_equal(err, "line 4: binary data (a NUL byte); upload a text .vtt or .srt file");
	assert_non_null(data);
	memset(data, 'a', big);
	assert_int_equal(transcript_parse_srt(data, big, "A", &m, err, sizeof(err)), -1);
	assert_string_equal(err, "the transcript is 2097153 bytes; the limit is 2 MB");
	free(data);
}

static void
test_candidate_missing(void **state)
{
	const char *vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>Hello.\n\n00:00:02.000 --> 00:00:03.000\n<v Bo>Hi.\n";
	struct json_object *m = NULL;
	char err[256];

	(void)state;
	assert_int_equal(transcript_parse_vtt(vtt, strlen(vtt), "Cy", &m, err, sizeof(err)), -1);
	assert_string_equal(err, "speaker 'Cy' does not speak in this transcript (speakers: 'Ann', 'Bo')");
	assert_null(m);
}

static void
test_fixture_files(void **state)
{
	static const char *const files[][2] = {
		{"tests/fixtures/transcripts/zoom.vtt", "Priya Raman"},
		{"tests/fixtures/transcripts/teams.vtt", "Daniel Okafor"},
		{"tests/fixtures/transcripts/mock.srt", "Candidate"},
	};
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		FILE *f = fopen(files[i][0], "rb");
		char buf[65536], err[256];
		size_t n;
		struct json_object *m = NULL;
		if (!f)
			fail_msg("cannot open %s (run from the repository root)", files[i][0]);
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (transcript_parse(buf, n, files[i][1], &m, err, sizeof(err)) != 0)
			fail_msg("%s: %s", files[i][0], err);
		assert_true(json_object_array_length(m) >= 6);
		json_object_put(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtt_voice_tags),
		cmocka_unit_test(test_vtt_name_prefix_and_short_times),
		cmocka_unit_test(test_srt),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_nul_and_size),
		cmocka_unit_test(test_candidate_missing),
		cmocka_unit_test(test_fixture_files),
	};
	return cmocka_run_group_tests_name("transcript", tests, NULL, NULL);
}
