/* community.h: interview experiences shared by candidates: the form, creation, votes
 * and reports. Moderation itself belongs to the admin pages. */
#ifndef PREPTALK_PAGES_COMMUNITY_H
#define PREPTALK_PAGES_COMMUNITY_H

#include "core/req.h"

/* GET /companies/:id/experiences/new: the blank form. 404 for an unknown company. */
int community_new(struct req *r);
/* POST /companies/:id/experiences: validates every field (422 with the form shown again and
 * each message next to its field), then stores the post pending or published. HTML answers
 * 303 to the company page; the API answers 201 with {id, company_id, moderation_status}. */
int community_create(struct req *r);
/* POST /experiences/:id/vote (value helpful|outdated; the same value again removes the vote).
 * API: 200 {helpful_count, outdated_count, my_vote}. Own post 422; hidden or unknown 404. */
int community_vote(struct req *r);
/* POST /experiences/:id/report (reason, details). One per user and post (409 for a second).
 * Own post 422; hidden or unknown 404. */
int community_report(struct req *r);

#endif
