/* home.h: the landing page for visitors. */
#ifndef PREPTALK_PAGES_HOME_H
#define PREPTALK_PAGES_HOME_H

#include "core/req.h"

int home_show(struct req *r);

#endif
