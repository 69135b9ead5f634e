#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-str.h"
#include "authclient.h"
#include "server-auth-apop.h"
#include "server-auth-authdaemond.h"
#include "xalloc.h"

static char authd_error[256];

static enum server_auth_status
authd_status(enum authclient_result r)
{
	switch (r) {
	case AUTHCLIENT_OK:
		return SERVER_AUTH_OK;
	case AUTHCLIENT_FAIL:
		return SERVER_AUTH_FAILED;
	case AUTHCLIENT_TEMPFAIL:
		break;
	}
	return SERVER_AUTH_TEMPFAIL;
}

/* "user\npass\n" -> AUTH login. */
static enum authclient_result
authd_login(const struct authclient_settings *set, const char *service,
	    const struct server_creds *creds, struct auth_record *rec,
	    const char **error_r)
{
	char data[SERVER_CREDS_MAX_AUTHDATA + 1];
	char *nl, *pass, *end;
	enum authclient_result r = AUTHCLIENT_FAIL;

	memcpy(data, creds->authdata, creds->authdata_len);
	data[creds->authdata_len] = '\0';
	*error_r = "malformed login data";
	nl = memchr(data, '\n', creds->authdata_len);
	if (nl == NULL)
		goto out;
	*nl = '\0';
	pass = nl + 1;
	end = data + creds->authdata_len;
	if (end == pass || end[-1] != '\n' ||
	    memchr(pass, '\n', (size_t)(end - pass) - 1) != NULL)
		goto out;
	end[-1] = '\0';
	r = authclient_login(set, service, data, pass, rec, error_r);
out:
	explicit_bzero(data, sizeof(data));
	return r;
}

/* "b64challenge\nb64response\n" -> AUTH cram-*. */
static enum authclient_result
authd_cram(const struct authclient_settings *set, const char *service,
	   const struct server_creds *creds, struct auth_record *rec,
	   const char **error_r)
{
	struct auth_cram cram;
	enum auth_cram_type type;
	char response[2 * AUTH_CRAM_MAX_FIELD + 2];
	enum authclient_result r = AUTHCLIENT_FAIL;
	int len;

	if (auth_cram_type_parse(creds->authtype, &type) < 0) {
		*error_r = "unknown authtype";
		return AUTHCLIENT_FAIL;
	}
	if (auth_cram_parse(type, creds->authdata, creds->authdata_len, &cram,
			    error_r) < 0)
		return AUTHCLIENT_FAIL;
	len = snprintf(response, sizeof(response), "%s %s", cram.user,
		       cram.digest);
	if (len > 0 && (size_t)len < sizeof(response))
		r = authclient_cram(set, service, type, cram.challenge,
				    cram.challenge_len, response, (size_t)len,
				    rec, error_r);
	auth_cram_wipe(&cram);
	explicit_bzero(response, sizeof(response));
	return r;
}

/* "stamp\ndigest\n" -> PRE lookup, digest checked against PASSWD2. */
static enum authclient_result
authd_apop(const struct authclient_settings *set, const char *service,
	   const struct server_creds *creds, struct auth_record *rec,
	   const char **error_r)
{
	struct server_apop apop;
	enum authclient_result r;

	if (server_apop_parse(creds->authdata, creds->authdata_len, &apop,
			      error_r) < 0)
		return AUTHCLIENT_FAIL;
	r = authclient_lookup(set, NULL, service, creds->user, rec, error_r);
	if (r == AUTHCLIENT_OK && !server_apop_verify(&apop, rec->passwd2)) {
		*error_r = rec->passwd2 == NULL || *rec->passwd2 == '\0'
				   ? "APOP: account has no clear-text secret"
				   : "APOP: wrong digest";
		r = AUTHCLIENT_FAIL;
	}
	/* The secret leaves this process only as the comparison's result. */
	str_free_secret(&rec->passwd2);
	server_apop_wipe(&apop);
	return r;
}

static int
authd_account(struct auth_record *rec, struct server_account *account,
	      const char **error_r)
{
	struct passwd *pw;

	memset(account, 0, sizeof(*account));
	if (rec->have_uid) {
		account->uid = rec->uid;
	} else if (rec->username != NULL &&
		   (pw = getpwnam(rec->username)) != NULL) {
		account->uid = pw->pw_uid;
		account->sysuser = xstrdup(rec->username);
	} else {
		snprintf(authd_error, sizeof(authd_error),
			 "account has neither UID nor a known USERNAME");
		*error_r = authd_error;
		return -1;
	}
	account->gid = rec->gid;
	account->address = rec->address != NULL ? xstrdup(rec->address) : NULL;
	account->home = rec->home != NULL ? xstrdup(rec->home) : NULL;
	account->maildir = rec->maildir != NULL && *rec->maildir != '\0'
				   ? xstrdup(rec->maildir)
				   : NULL;
	account->quota = rec->quota != NULL ? xstrdup(rec->quota) : NULL;
	account->options = rec->options != NULL ? xstrdup(rec->options) : NULL;
	return 0;
}

enum server_auth_status
server_auth_authdaemond(void *context, const char *service,
			const struct server_creds *creds,
			const char *remote_ip,
			struct server_account *account_r,
			const char **error_r)
{
	const struct server_authdaemond *ad = context;
	struct authclient_settings set;
	struct auth_record rec;
	enum authclient_result r;

	memset(&set, 0, sizeof(set));
	memset(&rec, 0, sizeof(rec));
	set.socket_path = ad != NULL ? ad->socket_path : NULL;
	set.remote_ip = remote_ip;
	if (strcmp(creds->authtype, "login") == 0)
		r = authd_login(&set, service, creds, &rec, error_r);
	else if (strcmp(creds->authtype, "apop") == 0)
		r = authd_apop(&set, service, creds, &rec, error_r);
	else
		r = authd_cram(&set, service, creds, &rec, error_r);
	if (r == AUTHCLIENT_OK && authd_account(&rec, account_r, error_r) < 0)
		r = AUTHCLIENT_TEMPFAIL;
	if (r == AUTHCLIENT_OK && account_r->address == NULL)
		account_r->address = xstrdup(creds->user);
	auth_record_clear(&rec);
	return authd_status(r);
}
