/* sessions.h: practice sessions — start (spends a credit), the session page, typed answers,
 * finishing a round (runs the analysis engine), skipping, transcript import, abandoning. */
#ifndef PREPTALK_PAGES_SESSIONS_H
#define PREPTALK_PAGES_SESSIONS_H

#include "core/req.h"

/* POST /jobs/:id/sessions: 303 to the new session (API: 201 {id, url}); 402 with the
 * no-credits page when no credit is left (nothing spent); 404 for an unknown job. */
int sessions_start(struct req *r);
/* GET /sessions/:id: the session model; another user's session is 404. */
int sessions_show(struct req *r);
/* POST /sessions/:id/answers (question_id, answer): one SQL call saves the answer. 303 back
 * to the session (API: 200 with the next question); 422 with the page and the field error. */
int sessions_answer(struct req *r);
/* POST /sessions/:id/rounds/:n/finish: analyses the round (and the session after its last
 * round), stores everything in one transaction, 303 to the round report. An analysis that
 * cannot run fails the session and refunds its credit (500 with that said). */
int sessions_finish_round(struct req *r);
/* POST /sessions/:id/rounds/:n/skip: skips the current round; 303 to the session. */
int sessions_skip_round(struct req *r);
/* POST /sessions/:id/rounds/:n/transcript (multipart: transcript file .vtt/.srt, speaker):
 * completes the round from the imported transcript; a malformed file is a 422 naming the line. */
int sessions_import(struct req *r);
/* POST /sessions/:id/abandon (confirm=yes): abandons the session; 303 to it. */
int sessions_abandon(struct req *r);

#endif
