/* analyze_cmd.c: `preptalk analyze [--transcript FILE --candidate NAME] ROUND.json`, the command
 * line face of analysis_round: reads the round (and optionally a .vtt/.srt transcript that
 * replaces its transcript), prints the analysis as pretty JSON. The only file I/O of the engine. */
#include "analysis/analysis.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *
slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char *d = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;
		if (n == cap) {
			char *nd;
			cap = cap ? cap * 2 : 65536;
			if (cap > max + 1)
				cap = max + 1;
			nd = realloc(d, cap + 1);
			if (!nd)
				break;
			d = nd;
		}
		got = fread(d + n, 1, cap - n, f);
		n += got;
		if (got == 0 || n > max)
			break;
	}
	if (f != stdin)
		fclose(f);
	if (d)
		d[n] = '\0';
	*len = n;
	return d;
}

static int
usage(void)
{
	fputs("usage: preptalk analyze [--transcript FILE.vtt|FILE.srt --candidate NAME] ROUND.json\n"
	      "       preptalk analyze --speakers FILE.vtt|FILE.srt\n", stderr);
	return 1;
}

int
analyze_main(int argc, char **argv)
{
	const char *round_path = NULL, *tr_path = NULL, *cand = NULL, *spk_path = NULL;
	char err[512] = "";
	int i = 1, rc = 1;
	struct json_object *in = NULL, *out = NULL, *msgs = NULL;
	char *data = NULL;
	size_t len = 0;

	if (argc > 1 && !strcmp(argv[1], "analyze"))
		i = 2;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--transcript") && i + 1 < argc)
			tr_path = argv[++i];
		else if (!strcmp(argv[i], "--candidate") && i + 1 < argc)
			cand = argv[++i];
		else if (!strcmp(argv[i], "--speakers") && i + 1 < argc)
			spk_path = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return usage();
		else if (!round_path)
			round_path = argv[i];
		else
			return usage();
	}
	if (spk_path) {
		data = slurp(spk_path, TRANSCRIPT_MAX_BYTES, &len);
		if (!data) {
			fprintf(stderr, "preptalk analyze: cannot read %s\n", spk_path);
			return 1;
		}
		if (transcript_speakers(data, len, &out, err, sizeof(err)) != 0) {
			fprintf(stderr, "preptalk analyze: %s: %s\n", spk_path, err);
			goto done;
		}
		puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		rc = 0;
		goto done;
	}
	if (!round_path || (tr_path && !cand))
		return usage();
	data = slurp(round_path, 16u * 1024u * 1024u, &len);
	if (!data) {
		fprintf(stderr, "preptalk analyze: cannot read %s\n", round_path);
		return 1;
	}
	{
		struct json_tokener *tok = json_tokener_new();
		in = json_tokener_parse_ex(tok, data, (int)len);
		if (!in || json_tokener_get_error(tok) != json_tokener_success) {
			fprintf(stderr, "preptalk analyze: %s: not valid JSON (%s)\n", round_path,
			        json_tokener_error_desc(json_tokener_get_error(tok)));
			json_tokener_free(tok);
			goto done;
		}
		json_tokener_free(tok);
	}
	if (tr_path) {
		char *td;
		size_t tl = 0;
		if (!json_object_is_type(in, json_type_object)) {
			fprintf(stderr, "preptalk analyze: %s: the round must be a JSON object\n", round_path);
			goto done;
		}
		td = slurp(tr_path, TRANSCRIPT_MAX_BYTES, &tl);
		if (!td) {
			fprintf(stderr, "preptalk analyze: cannot read %s\n", tr_path);
			goto done;
		}
		if (transcript_parse(td, tl, cand, &msgs, err, sizeof(err)) != 0) {
			fprintf(stderr, "preptalk analyze: %s: %s\n", tr_path, err);
			free(td);
			goto done;
		}
		free(td);
		json_object_object_add(in, "transcript", msgs);
	}
	if (analysis_round(in, &out, err, sizeof(err)) != 0) {
		fprintf(stderr, "preptalk analyze: %s: %s\n", round_path, err);
		goto done;
	}
	puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	rc = 0;
done:
	json_object_put(out);
	json_object_put(in);
	free(data);
	return rc;
}
