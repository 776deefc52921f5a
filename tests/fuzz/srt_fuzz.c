/* srt_fuzz.c: libFuzzer target for the SubRip importer: any bytes must give either
 * messages or an error naming the problem, never a crash, a leak or an unterminated message.
 * The candidate is the first speaker's name when the data names one, so both paths run;
 * parsed messages then go through analysis_round, which fuzzes the tokeniser as well. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "analysis/analysis.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *m = NULL, *names = NULL;
	char err[256];
	const char *cand = "Candidate";
	char first[128] = "";

	err[0] = '\0';
	if (transcript_speakers((const char *)data, size, &names, err, sizeof(err)) == 0) {
		if (json_object_array_length(names) > 0) {
			const char *s = json_object_get_string(json_object_array_get_idx(names, 0));
			strncpy(first, s, sizeof(first) - 1);
			cand = first;
		}
		json_object_put(names);
	} else if (err[0] == '\0' || strlen(err) >= sizeof(err)) {
		__builtin_trap();
	}
	err[0] = '\0';
	if (transcript_parse_srt((const char *)data, size, cand, &m, err, sizeof(err)) == 0) {
		if (!m || json_object_array_length(m) == 0)
			__builtin_trap();
		/* the whole engine on the imported text: tokeniser, counts, scores, feedback */
		{
			struct json_object *round = json_object_new_object(), *out = NULL;
			json_object_object_add(round, "transcript", m);
			if (analysis_round(round, &out, err, sizeof(err)) != 0) {
				/* speaker "unknown" is refused; every other parse must analyse */
				if (strcmp(cand, "Candidate") != 0 || strstr(err, "speaker") == NULL)
					__builtin_trap();
			} else {
				(void)json_object_to_json_string(out);
				json_object_put(out);
			}
			json_object_put(round);
		}
	} else if (m != NULL || err[0] == '\0') {
		__builtin_trap();
	}
	return 0;
}
