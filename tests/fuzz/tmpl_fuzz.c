/* tmpl_fuzz.c: libFuzzer target over template compile + link + render.
 * Input: template bytes, then a NUL byte, then JSON data (optional). The
 * template is registered as "t" and as partial "p" so recursion is explored. */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "view/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	struct json_object *model = NULL;
	struct tmpl_registry *reg;
	struct tmpl_error err;
	struct buf out;

	if (nul) {
		struct json_tokener *tok = json_tokener_new();

		model = json_tokener_parse_ex(tok, (const char *)nul + 1, (int)(size - tlen - 1));
		json_tokener_free(tok);
	}
	reg = tmpl_registry_new();
	buf_init(&out, 1 << 20);
	if (tmpl_registry_add(reg, "t", src, tlen, &err) == 0 &&
	    tmpl_registry_add(reg, "p", src, tlen, &err) == 0 && tmpl_registry_link(reg, 0, &err) == 0) {
		tmpl_render(reg, "t", model, &out);
		buf_reset(&out);
		tmpl_registry_link(reg, 1, &err);
		tmpl_render(reg, "p", model, &out);
	}
	buf_free(&out);
	tmpl_registry_free(reg);
	json_object_put(model);
	return 0;
}
