/* credits.h: the credits page — balance, plan and features, the whole ledger. */
#ifndef PREPTALK_PAGES_CREDITS_H
#define PREPTALK_PAGES_CREDITS_H

#include "core/req.h"

/* GET /credits[?after=<ledger row id>]: 25 ledger rows a page, keyset-paginated. */
int credits_show(struct req *r);

#endif
