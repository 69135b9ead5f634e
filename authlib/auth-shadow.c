/*
 * authshadow and authpwd: system accounts from getpwnam(), passwords from
 * getspnam() (authshadow) or the passwd entry itself (authpwd), checked
 * with crypt(3). Neither changes passwords (as in Courier).
 */
#include "config.h"

#include <string.h>

#include "auth-passwd-common.h"

static enum auth_result
shadow_lookup(void *ctx, const char *service, const char *user,
	      struct auth_record *rec)
{
	enum auth_result r = auth_passwd_record(user, rec, NULL);

	if (r == AUTH_RESULT_OK)
		auth_passwd_shadow(rec);
	return r;
}

static enum auth_result
pwd_lookup(void *ctx, const char *service, const char *user,
	   struct auth_record *rec)
{
	struct passwd *pw = NULL;
	enum auth_result r = auth_passwd_record(user, rec, &pw);

	if (r == AUTH_RESULT_OK && pw->pw_passwd != NULL &&
	    strcmp(pw->pw_passwd, "x") != 0)
		rec->passwd = xstrdup(pw->pw_passwd);
	return r;
}

static enum auth_result
passwd_enumerate(void *ctx, auth_enum_callback_t *cb, void *cb_ctx)
{
	return auth_passwd_enumerate(cb, cb_ctx);
}

const struct auth_module auth_module_shadow = {
	.name = "authshadow",
	.init = auth_passwd_init_none,
	.lookup = shadow_lookup,
	.enumerate = passwd_enumerate,
};

const struct auth_module auth_module_pwd = {
	.name = "authpwd",
	.init = auth_passwd_init_none,
	.lookup = pwd_lookup,
	.enumerate = passwd_enumerate,
};
