/* render_cmd.h: `preptalk render TEMPLATE_DIR NAME DATA.json`, the command-line
 * front of the template engine for designing templates and for tests. */
#ifndef PREPTALK_RENDER_CMD_H
#define PREPTALK_RENDER_CMD_H

/* argv[0] is "render" (or anything), argv[1..3] the arguments. Writes the
 * rendering to stdout; errors "name:line:col: msg" to stderr. Returns the exit
 * status: 0, 1 on any error, 2 on bad usage. */
int render_main(int argc, char **argv);

#endif
