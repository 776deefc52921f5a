/* analysis_bench.c: analysis_round on a generated 60-minute interview: 40 questions with
 * expected points and follow-ups, about 10,000 candidate words in timed messages. Prints the
 * median (and 95th percentile) of many runs on one core; the target is under 5 ms. */
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/analysis.h"
#include "core/buf.h"

#define QUESTIONS 40
#define RUNS 300

static uint32_t rng = 2463534242u;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static const char *const vocab[] = {
	"the", "service", "database", "we", "I", "built", "a", "cache", "because", "latency", "was", "too",
	"high", "so", "measured", "it", "and", "then", "added", "an", "index", "on", "orders", "table",
	"team", "deploy", "pipeline", "reduced", "errors", "by", "40%", "in", "two", "weeks", "users",
	"requests", "per", "second", "queue", "worker", "retry", "timeout", "trade-off", "consistency",
	"replica", "partition", "customer", "manager", "deadline", "scope", "tested", "rolled", "back",
	"monitoring", "alert", "incident", "postmortem", "learned", "improved", "design", "review",
	"um", "like", "you", "know", "basically", "maybe", "I think", "of", "to", "with", "for",
	"Kubernetes", "Postgres", "Redis", "Go", "API", "endpoint", "throughput", "memory", "thread",
};

static void
sentence(struct buf *b, int words)
{
	for (int i = 0; i < words; i++) {
		const char *w = vocab[next() % (sizeof(vocab) / sizeof(vocab[0]))];
		buf_printf(b, "%s%s", i ? " " : "", w);
		if (i + 1 < words && next() % 9 == 0)
			buf_putc(b, ',');
	}
	buf_puts(b, next() % 7 == 0 ? "? " : ". ");
}

static struct json_object *
generate(size_t *cand_words)
{
	struct json_object *round = json_object_new_object(), *qs = json_object_new_array(),
	                   *tr = json_object_new_array(), *skills = json_object_new_array();
	double t = 0.0;
	struct buf b;

	buf_init(&b, 0);
	*cand_words = 0;
	for (int q = 0; q < QUESTIONS; q++) {
		struct json_object *qo = json_object_new_object(), *pts = json_object_new_array(),
		                   *fu = json_object_new_array(), *m;
		char text[160], id[16];
		snprintf(id, sizeof(id), "q%d", q + 1);
		snprintf(text, sizeof(text), "Question %d: how would you design the %s for %s traffic?", q + 1,
		         vocab[next() % 60], vocab[next() % 60]);
		json_object_object_add(qo, "id", json_object_new_string(id));
		json_object_object_add(qo, "text", json_object_new_string(text));
		json_object_object_add(qo, "type", json_object_new_string(q % 2 ? "behavioral" : "technical"));
		for (int p = 0; p < 4; p++) {
			buf_reset(&b);
			sentence(&b, 5);
			json_object_array_add(pts, json_object_new_string(b.data));
		}
		json_object_array_add(fu, json_object_new_string("What would you change at ten times the load?"));
		json_object_object_add(qo, "expected_points", pts);
		json_object_object_add(qo, "follow_ups", fu);
		json_object_array_add(qs, qo);
		m = json_object_new_object();
		json_object_object_add(m, "speaker", json_object_new_string("interviewer"));
		json_object_object_add(m, "text", json_object_new_string(text));
		json_object_object_add(m, "start_s", json_object_new_double(t));
		json_object_object_add(m, "end_s", json_object_new_double(t + 6.0));
		json_object_object_add(m, "question_id", json_object_new_string(id));
		json_object_array_add(tr, m);
		t += 8.0;
		/* three candidate messages of ~83 words each: 250 words per answer, 10,000 in all;
		 * 40 x (8 s + 3 x 27.7 s) = 60 minutes */
		for (int k = 0; k < 3; k++) {
			int words = k == 2 ? 84 : 83;
			buf_reset(&b);
			for (int done = 0; done < words;) {
				int n = 8 + (int)(next() % 10);
				if (done + n > words)
					n = words - done;
				sentence(&b, n);
				done += n;
			}
			m = json_object_new_object();
			json_object_object_add(m, "speaker", json_object_new_string("candidate"));
			json_object_object_add(m, "text", json_object_new_string(b.data));
			json_object_object_add(m, "start_s", json_object_new_double(t));
			json_object_object_add(m, "end_s", json_object_new_double(t + 26.0));
			json_object_array_add(tr, m);
			t += 27.33;
			*cand_words += (size_t)words;
		}
	}
	json_object_array_add(skills, json_object_new_string("PostgreSQL"));
	json_object_array_add(skills, json_object_new_string("Kubernetes"));
	json_object_array_add(skills, json_object_new_string("system design"));
	json_object_object_add(round, "questions", qs);
	json_object_object_add(round, "transcript", tr);
	json_object_object_add(round, "required_skills", skills);
	buf_free(&b);
	return round;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int
main(void)
{
	size_t words;
	struct json_object *round = generate(&words), *out = NULL;
	double ms[RUNS];
	char err[256];
	int answers = 0;

	for (int i = 0; i < RUNS + 10; i++) {
		double t0 = now_ms();
		if (analysis_round(round, &out, err, sizeof(err)) != 0) {
			fprintf(stderr, "analysis_bench: %s\n", err);
			return 1;
		}
		answers = (int)json_object_array_length(json_object_object_get(out, "answers"));
		json_object_put(out);
		if (i >= 10)
			ms[i - 10] = now_ms() - t0;
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp_double);
	printf("analysis: %zu candidate words, %d questions answered, 60 min transcript: median %.2f ms, p95 %.2f ms over %d runs (target < 5 ms)\n",
	       words, answers, ms[RUNS / 2], ms[RUNS * 95 / 100], RUNS);
	json_object_put(round);
	return ms[RUNS / 2] < 5.0 ? 0 : 1;
}
