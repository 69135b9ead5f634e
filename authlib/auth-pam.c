/*
 * authpam: passwords checked by PAM with the service name of the request
 * ("imap", "pop3", "login"), accounts from getpwnam(). Password changes go
 * through pam_chauthtok() after the old password has been checked.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <security/pam_appl.h>

#include "auth-passwd-common.h"

struct pam_secrets {
	const char *oldpass;
	const char *newpass;	/* NULL while authenticating */
};

/* Answers every hidden prompt with the password; when changing it, a
   prompt that asks for the current/old password gets the old one. */
static const char *
pam_answer_for(const struct pam_secrets *s, const char *prompt)
{
	if (s->newpass == NULL)
		return s->oldpass;
	if (prompt != NULL && (strcasestr(prompt, "current") != NULL ||
			       strcasestr(prompt, "old") != NULL))
		return s->oldpass;
	return s->newpass;
}

static int
pam_conv_fn(int n, const struct pam_message **msg,
	    struct pam_response **resp_r, void *appdata)
{
	const struct pam_secrets *s = appdata;
	struct pam_response *resp;
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	resp = calloc((size_t)n, sizeof(*resp));
	if (resp == NULL)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
		case PAM_PROMPT_ECHO_ON:
			resp[i].resp = strdup(pam_answer_for(s,
							     msg[i]->msg));
			if (resp[i].resp == NULL)
				goto fail;
			break;
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			break;
		default:
			goto fail;
		}
	}
	*resp_r = resp;
	return PAM_SUCCESS;
fail:
	for (i = 0; i < n; i++) {
		if (resp[i].resp != NULL) {
			explicit_bzero(resp[i].resp, strlen(resp[i].resp));
			free(resp[i].resp);
		}
	}
	free(resp);
	return PAM_CONV_ERR;
}

static enum auth_result
pam_result(int rc, const char *what, pam_handle_t *pamh)
{
	switch (rc) {
	case PAM_SUCCESS:
		return AUTH_RESULT_OK;
	case PAM_AUTHINFO_UNAVAIL:
	case PAM_BUF_ERR:
	case PAM_SYSTEM_ERR:
	case PAM_TRY_AGAIN:
		log_warn("authpam: %s: %s", what, pam_strerror(pamh, rc));
		return AUTH_RESULT_TEMPFAIL;
	default:
		return AUTH_RESULT_FAIL;
	}
}

/* Runs authenticate + acct_mgmt (+ chauthtok when s->newpass is set). */
static enum auth_result
pam_run(const char *service, const char *user, struct pam_secrets *s)
{
	struct pam_conv conv = { pam_conv_fn, s };
	pam_handle_t *pamh = NULL;
	enum auth_result r;
	const char *newpass = s->newpass;
	int rc;

	rc = pam_start(service, user, &conv, &pamh);
	if (rc != PAM_SUCCESS)
		return pam_result(rc, "pam_start", pamh);
	s->newpass = NULL;
	rc = pam_authenticate(pamh, PAM_SILENT);
	r = pam_result(rc, "pam_authenticate", pamh);
	if (r == AUTH_RESULT_OK) {
		rc = pam_acct_mgmt(pamh, PAM_SILENT);
		r = pam_result(rc, "pam_acct_mgmt", pamh);
	}
	if (r == AUTH_RESULT_OK && newpass != NULL) {
		s->newpass = newpass;
		rc = pam_chauthtok(pamh, PAM_SILENT);
		r = pam_result(rc, "pam_chauthtok", pamh);
	}
	pam_end(pamh, rc);
	return r;
}

/* As Courier's authpam: the record carries the passwd entry's password,
   or the shadow hash when there is one (PASSWD=), though PAM decides. */
static enum auth_result
pam_lookup(void *ctx, const char *service, const char *user,
	   struct auth_record *rec)
{
	struct passwd *pw = NULL;
	enum auth_result r = auth_passwd_record(user, rec, &pw);

	if (r == AUTH_RESULT_OK) {
		if (pw->pw_passwd != NULL)
			rec->passwd = xstrdup(pw->pw_passwd);
		auth_passwd_shadow(rec);
	}
	return r;
}

static enum auth_result
pam_login(void *ctx, const char *service, const char *user,
	  const char *pass, struct auth_record *rec)
{
	struct pam_secrets s = { pass, NULL };
	enum auth_result r;

	r = pam_lookup(ctx, service, user, rec);
	if (r != AUTH_RESULT_OK)
		return r;
	/* PAM gets the system name, as getpwnam() spelled it. */
	return pam_run(service, rec->username, &s);
}

static enum auth_result
pam_passwd(void *ctx, const char *service, const char *user,
	   const char *oldpass, const char *newpass)
{
	struct auth_record rec = { 0 };
	struct pam_secrets s = { oldpass, newpass };
	enum auth_result r;

	r = auth_passwd_record(user, &rec, NULL);
	if (r == AUTH_RESULT_OK)
		r = pam_run(service, rec.username, &s);
	auth_record_clear(&rec);
	return r;
}

static enum auth_result
pam_enumerate(void *ctx, auth_enum_callback_t *cb, void *cb_ctx)
{
	return auth_passwd_enumerate(cb, cb_ctx);
}

const struct auth_module auth_module_pam = {
	.name = "authpam",
	.init = auth_passwd_init_none,
	.lookup = pam_lookup,
	.login = pam_login,
	.passwd = pam_passwd,
	.enumerate = pam_enumerate,
};
