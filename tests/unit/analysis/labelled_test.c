/* labelled_test.c: the engine against tests/fixtures/answers/, answers labelled strong,
 * middling or weak by reading them. For every pair of answers to the same question with
 * different labels, the better-labelled one must score higher in at least 90% of pairs. */
#include <dirent.h>
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

#define FIXTURES "tests/fixtures/answers"

static int
rank_of(const char *label)
{
	return !strcmp(label, "strong") ? 3 : !strcmp(label, "middling") ? 2 : !strcmp(label, "weak") ? 1 : 0;
}

static double
score_answer(struct json_object *question, const char *text, double *overall)
{
	struct json_object *round = json_object_new_object(), *qs = json_object_new_array(),
	                   *tr = json_object_new_array(), *m, *out = NULL;
	char err[256];
	double s;

	json_object_array_add(qs, json_object_get(question));
	m = json_object_new_object();
	json_object_object_add(m, "speaker", json_object_new_string("interviewer"));
	json_object_object_add(m, "text", json_object_get(json_object_object_get(question, "text")));
	json_object_array_add(tr, m);
	m = json_object_new_object();
	json_object_object_add(m, "speaker", json_object_new_string("candidate"));
	json_object_object_add(m, "text", json_object_new_string(text));
	json_object_array_add(tr, m);
	json_object_object_add(round, "questions", qs);
	json_object_object_add(round, "transcript", tr);
	if (analysis_round(round, &out, err, sizeof(err)) != 0)
		fail_msg("analysis_round: %s", err);
	s = json_object_get_double(json_object_object_get(json_object_array_get_idx(json_object_object_get(out, "answers"), 0), "score"));
	*overall = json_object_get_double(json_object_object_get(out, "overall_score"));
	json_object_put(out);
	json_object_put(round);
	return s;
}

static void
test_labelled_pairs(void **state)
{
	DIR *d = opendir(FIXTURES);
	struct dirent *e;
	unsigned pairs = 0, right = 0, opairs = 0, oright = 0, answers = 0, questions = 0;
	char **names = NULL;
	size_t nnames = 0;

	(void)state;
	if (!d)
		fail_msg("cannot open %s (run from the repository root)", FIXTURES);
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > 5 && !strcmp(e->d_name + n - 5, ".json")) {
			names = realloc(names, (nnames + 1) * sizeof(*names));
			names[nnames++] = strdup(e->d_name);
		}
	}
	closedir(d);
	for (size_t f = 0; f < nnames; f++) {
		char path[512];
		struct json_object *doc, *q, *arr;
		double sc[16], ov[16];
		int rk[16];
		size_t n;

		snprintf(path, sizeof(path), "%s/%s", FIXTURES, names[f]);
		doc = json_object_from_file(path);
		if (!doc)
			fail_msg("%s: not valid JSON", path);
		q = json_object_object_get(doc, "question");
		arr = json_object_object_get(doc, "answers");
		n = json_object_array_length(arr);
		assert_true(n >= 2 && n <= 16);
		questions++;
		for (size_t i = 0; i < n; i++) {
			struct json_object *a = json_object_array_get_idx(arr, i);
			rk[i] = rank_of(json_object_get_string(json_object_object_get(a, "label")));
			assert_true(rk[i] > 0);
			sc[i] = score_answer(q, json_object_get_string(json_object_object_get(a, "text")), &ov[i]);
			answers++;
		}
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < n; j++) {
				if (rk[i] <= rk[j])
					continue;
				pairs++;
				opairs++;
				right += sc[i] > sc[j];
				oright += ov[i] > ov[j];
				if (sc[i] <= sc[j])
					printf("  misordered: %s answer %zu (%.1f) <= answer %zu (%.1f)\n", names[f], i, sc[i], j, sc[j]);
			}
		json_object_put(doc);
		free(names[f]);
	}
	free(names);
	printf("labelled: %u answers to %u questions; better-labelled answer scores higher in %u of %u pairs (%.1f%%); overall score: %u of %u (%.1f%%)\n",
	       answers, questions, right, pairs, pairs ? 100.0 * right / pairs : 0.0, oright, opairs, opairs ? 100.0 * oright / opairs : 0.0);
	assert_true(answers >= 40);
	assert_true(pairs > 0);
	assert_true((double)right >= 0.9 * (double)pairs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labelled_pairs),
	};
	return cmocka_run_group_tests_name("labelled answers", tests, NULL, NULL);
}
