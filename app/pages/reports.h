/* reports.h: the feedback reports of a session and of one round (scores with their
 * contributions, evidence, feedback by priority, metrics, transcript, charts). */
#ifndef PREPTALK_PAGES_REPORTS_H
#define PREPTALK_PAGES_REPORTS_H

#include "core/req.h"

/* GET /sessions/:id/report: 404 until a round of the session has been analysed. */
int reports_session(struct req *r);
/* GET /sessions/:id/rounds/:n/report: 404 unless round n was analysed. */
int reports_round(struct req *r);
/* Adds the dashboard charts (score over time, dimensions) to an HTML model. */
void reports_dashboard_charts(struct req *r);

#endif
