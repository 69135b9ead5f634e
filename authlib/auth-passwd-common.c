#include "config.h"

#include <errno.h>
#include <shadow.h>
#include <string.h>
#include <time.h>

#include "auth-passwd-common.h"

enum auth_result
auth_passwd_record(const char *user, struct auth_record *rec,
		   struct passwd **pw_r)
{
	struct passwd *pw;
	const char *comma;

	if (*user == '\0' || str_has_ctrl(user, strlen(user)))
		return AUTH_RESULT_FAIL;
	errno = 0;
	pw = getpwnam(user);
	if (pw == NULL) {
		/* ENOENT, ESRCH, EBADF, EPERM mean "no such user". */
		if (errno == 0 || errno == ENOENT || errno == ESRCH ||
		    errno == EBADF || errno == EPERM)
			return AUTH_RESULT_FAIL;
		log_error("getpwnam(): %s", strerror(errno));
		return AUTH_RESULT_TEMPFAIL;
	}
	rec->username = xstrdup(pw->pw_name);
	rec->uid = pw->pw_uid;
	rec->have_uid = true;
	rec->gid = pw->pw_gid;
	rec->home = xstrdup(pw->pw_dir);
	rec->address = xstrdup(user);
	comma = strchr(pw->pw_gecos != NULL ? pw->pw_gecos : "", ',');
	rec->name = comma != NULL
			    ? xstrndup(pw->pw_gecos,
				       (size_t)(comma - pw->pw_gecos))
			    : xstrdup(pw->pw_gecos != NULL ? pw->pw_gecos
							   : "");
	if (pw_r != NULL)
		*pw_r = pw;
	return AUTH_RESULT_OK;
}

void
auth_passwd_shadow(struct auth_record *rec)
{
	struct spwd *sp = getspnam(rec->username);

	if (sp != NULL && sp->sp_pwdp != NULL)
		auth_record_set(&rec->passwd, sp->sp_pwdp);
}

enum auth_result
auth_passwd_shadow_strict(struct auth_record *rec)
{
	long today = (long)(time(NULL) / (24L * 60 * 60));
	struct spwd *sp;

	errno = 0;
	sp = getspnam(rec->username);
	if (sp == NULL || sp->sp_pwdp == NULL) {
		if (errno == ENOMEM) {
			log_error("getspnam(): %s", strerror(errno));
			return AUTH_RESULT_TEMPFAIL;
		}
		return AUTH_RESULT_FAIL;
	}
	if (sp->sp_expire > 0 && today > sp->sp_expire) {
		log_info("authshadow: %s: account expired", rec->username);
		return AUTH_RESULT_FAIL;
	}
	if (sp->sp_lstchg != -1 && sp->sp_max != -1 &&
	    sp->sp_lstchg + sp->sp_max < today) {
		log_info("authshadow: %s: password expired", rec->username);
		return AUTH_RESULT_FAIL;
	}
	auth_record_set(&rec->passwd, sp->sp_pwdp);
	return AUTH_RESULT_OK;
}

enum auth_result
auth_passwd_enumerate(auth_enum_callback_t *cb, void *cb_ctx)
{
	struct passwd *pw;
	struct auth_enum_entry e;

	setpwent();
	while ((pw = getpwent()) != NULL) {
		/* As Courier: system accounts (uid < 100) are not listed. */
		if (pw->pw_uid < 100)
			continue;
		e.name = pw->pw_name;
		e.uid = pw->pw_uid;
		e.gid = pw->pw_gid;
		e.home = pw->pw_dir;
		e.maildir = NULL;
		e.options = NULL;
		cb(&e, cb_ctx);
	}
	endpwent();
	return AUTH_RESULT_OK;
}

int
auth_passwd_init_none(const struct authdaemon_config *cfg, void **ctx_r,
		      char **error_r)
{
	*ctx_r = NULL;
	return 0;
}
