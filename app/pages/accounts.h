/* accounts.h: sign-up, log-in, log-out, profile and password pages, and the API token. */
#ifndef PREPTALK_PAGES_ACCOUNTS_H
#define PREPTALK_PAGES_ACCOUNTS_H

#include "core/req.h"

int accounts_signup_form(struct req *r);
int accounts_signup(struct req *r);
int accounts_login_form(struct req *r);
int accounts_login(struct req *r);
int accounts_logout(struct req *r);
int accounts_token(struct req *r);
int accounts_profile(struct req *r);
int accounts_profile_update(struct req *r);
int accounts_password(struct req *r);

#endif
