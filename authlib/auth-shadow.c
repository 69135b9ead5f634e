/*
 * authshadow and authpwd: system accounts from getpwnam(), passwords from
 * getspnam() (authshadow) or the passwd entry itself (authpwd), checked
 * with crypt(3). PASSWD runs the authsystem_passwd helper as the account
 * (Courier's authsystem.passwd), as Courier's modules do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-passwd-common.h"
#include "auth-syspasswd.h"
#include "authdaemon-config.h"
#include "password-scheme.h"

/* The module context is the helper's path. */
static int
sys_init(const struct authdaemon_config *cfg, void **ctx_r, char **error_r)
{
	*ctx_r = xstrdup(cfg->authsystem_passwd);
	return 0;
}

static void
sys_deinit(void *ctx)
{
	free(ctx);
}

typedef enum auth_result sys_lookup_t(void *ctx, const char *service,
				      const char *user,
				      struct auth_record *rec);

/* The old password is checked here first (Courier leaves that to the
   helper's passwd(1)), so a helper that does not check it is safe too. */
static enum auth_result
sys_passwd(sys_lookup_t *lookup, void *ctx, const char *service,
	   const char *user, const char *oldpass, const char *newpass)
{
	struct auth_record rec = { 0 };
	enum auth_result r = lookup(ctx, service, user, &rec);

	if (r == AUTH_RESULT_OK &&
	    (rec.passwd == NULL || password_verify(oldpass, rec.passwd) != 1))
		r = AUTH_RESULT_FAIL;
	if (r == AUTH_RESULT_OK)
		r = auth_syspasswd(ctx, rec.username, oldpass, newpass);
	auth_record_clear(&rec);
	return r;
}

static enum auth_result
shadow_lookup(void *ctx, const char *service, const char *user,
	      struct auth_record *rec)
{
	enum auth_result r = auth_passwd_record(user, rec, NULL);

	if (r == AUTH_RESULT_OK)
		r = auth_passwd_shadow_strict(rec);
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
shadow_passwd(void *ctx, const char *service, const char *user,
	      const char *oldpass, const char *newpass)
{
	return sys_passwd(shadow_lookup, ctx, service, user, oldpass, newpass);
}

static enum auth_result
pwd_passwd(void *ctx, const char *service, const char *user,
	   const char *oldpass, const char *newpass)
{
	return sys_passwd(pwd_lookup, ctx, service, user, oldpass, newpass);
}

static enum auth_result
passwd_enumerate(void *ctx, auth_enum_callback_t *cb, void *cb_ctx)
{
	return auth_passwd_enumerate(cb, cb_ctx);
}

const struct auth_module auth_module_shadow = {
	.name = "authshadow",
	.init = sys_init,
	.deinit = sys_deinit,
	.passwd = shadow_passwd,
	.lookup = shadow_lookup,
	.enumerate = passwd_enumerate,
};

const struct auth_module auth_module_pwd = {
	.name = "authpwd",
	.init = sys_init,
	.deinit = sys_deinit,
	.passwd = pwd_passwd,
	.lookup = pwd_lookup,
	.enumerate = passwd_enumerate,
};
