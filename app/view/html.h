/* html.h: escaping helpers for hand-written HTML in C, one per output context.
 * All append to a struct buf and return 0, or -1 when its limit refused bytes. */
#ifndef PREPTALK_HTML_H
#define PREPTALK_HTML_H

#include <stddef.h>

#include "core/buf.h"

/* Appends s (n bytes) as HTML text: & < > " ' become entities (' as &#39;). */
int html_text(struct buf *b, const char *s, size_t n);
/* Appends s as a double- or single-quoted attribute value: as html_text, and
 * also escapes ` and = so an unquoted mistake cannot break out. */
int html_attr(struct buf *b, const char *s, size_t n);
/* Appends s percent-encoded for a URL path segment or query value: every byte
 * but ALPHA DIGIT - . _ ~ becomes %XX (upper-case hex). */
int html_url_arg(struct buf *b, const char *s, size_t n);

#endif
