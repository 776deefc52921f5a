/* render_cmd.c: `preptalk render TEMPLATE_DIR NAME DATA.json` (see render_cmd.h).
 * Loads and links every template strictly, as a worker would, then renders one. */
#include "view/render_cmd.h"

#include <json-c/json.h>
#include <stdio.h>

#include "view/tmpl.h"

int
render_main(int argc, char **argv)
{
	struct tmpl_registry *reg;
	struct tmpl_error err;
	struct json_object *data = NULL;
	struct buf out;
	int status = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: preptalk render TEMPLATE_DIR NAME DATA.json\n");
		return 2;
	}
	buf_init(&out, 0);
	reg = tmpl_registry_new();
	if (tmpl_registry_load_dir(reg, argv[1], &err) != 0 || tmpl_registry_link(reg, 1, &err) != 0) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.name, err.line, err.col, err.msg);
		goto out;
	}
	if (!tmpl_exists(reg, argv[2])) {
		fprintf(stderr, "%s: no such template under %s\n", argv[2], argv[1]);
		goto out;
	}
	data = json_object_from_file(argv[3]);
	if (!data) {
		fprintf(stderr, "%s: %s\n", argv[3], json_util_get_last_err());
		goto out;
	}
	if (tmpl_render(reg, argv[2], data, &out) != 0) {
		fprintf(stderr, "%s: render failed (recursion too deep or output too large)\n", argv[2]);
		goto out;
	}
	if (fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		perror("stdout");
		goto out;
	}
	status = 0;
out:
	json_object_put(data);
	buf_free(&out);
	tmpl_registry_free(reg);
	return status;
}
