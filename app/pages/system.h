/* system.h: operational endpoints — health and metrics. */
#ifndef PREPTALK_PAGES_SYSTEM_H
#define PREPTALK_PAGES_SYSTEM_H

#include "core/req.h"

int system_healthz(struct req *r);
int system_metrics(struct req *r);
int system_openapi(struct req *r);

#endif
