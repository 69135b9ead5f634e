#ifndef ESTAFETTE_AUTH_PASSWD_COMMON_H
#define ESTAFETTE_AUTH_PASSWD_COMMON_H

/*
 * What authpwd, authshadow and authpam share: a system account from
 * getpwnam() as Courier reports it (USERNAME, GID, HOME, ADDRESS, NAME =
 * GECOS up to the first comma), and ENUMERATE over getpwent().
 */

#include <pwd.h>

#include "auth-module.h"

/* Looks up user; fills rec (without password). *pw_r (may be NULL) gets
   the passwd entry, valid until the next getpw* call. */
enum auth_result auth_passwd_record(const char *user, struct auth_record *rec,
				    struct passwd **pw_r);

/* Sets rec->passwd from getspnam(rec->username) when there is one. */
void auth_passwd_shadow(struct auth_record *rec);
/* As Courier's authshadow: rec->passwd from the shadow entry; no entry,
   an expired account or an expired password is AUTH_RESULT_FAIL. */
enum auth_result auth_passwd_shadow_strict(struct auth_record *rec);

/* getpwent() accounts with uid >= 100, as Courier's authpwd/authshadow/
   authpam list them. */
enum auth_result auth_passwd_enumerate(auth_enum_callback_t *cb,
				       void *cb_ctx);

/* For modules without state. */
int auth_passwd_init_none(const struct authdaemon_config *cfg, void **ctx_r,
			  char **error_r);

#endif
