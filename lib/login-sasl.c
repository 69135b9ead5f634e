#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "login-base64.h"
#include "login-sasl.h"

static const char *const sasl_names[] = {
	[LOGIN_SASL_PLAIN] = "PLAIN",
	[LOGIN_SASL_LOGIN] = "LOGIN",
	[LOGIN_SASL_CRAM_MD5] = "CRAM-MD5",
};

int
login_sasl_mech_parse(const char *name, enum login_sasl_mech *mech_r)
{
	size_t i;

	for (i = 0; i < sizeof(sasl_names) / sizeof(sasl_names[0]); i++) {
		if (strcasecmp(name, sasl_names[i]) == 0) {
			*mech_r = (enum login_sasl_mech)i;
			return 0;
		}
	}
	return -1;
}

const char *
login_sasl_mech_name(enum login_sasl_mech mech)
{
	return sasl_names[mech];
}

/* Decodes a response; "=" is the empty one. Returns the length or -1. */
static int
sasl_decode(const char *b64, unsigned char *out, size_t size)
{
	if (strcmp(b64, "=") == 0) {
		out[0] = '\0';
		return 0;
	}
	return base64_decode(b64, strlen(b64), out, size);
}

static bool
sasl_text_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	}
	return true;
}

/* authdata "user\npass\n" for authtype login. */
static enum login_sasl_result
sasl_set_login(struct login_sasl *sasl, const char *user, size_t user_len,
	       const char *pass, size_t pass_len)
{
	if (user_len == 0 || user_len > SERVER_CREDS_MAX_USER ||
	    !sasl_text_ok(user, user_len) || !sasl_text_ok(pass, pass_len) ||
	    user_len + pass_len + 2 > sizeof(sasl->authdata))
		return LOGIN_SASL_ERROR;
	memcpy(sasl->user, user, user_len);
	sasl->user[user_len] = '\0';
	memcpy(sasl->authdata, user, user_len);
	sasl->authdata[user_len] = '\n';
	memcpy(sasl->authdata + user_len + 1, pass, pass_len);
	sasl->authdata[user_len + 1 + pass_len] = '\n';
	sasl->authdata_len = user_len + pass_len + 2;
	sasl->authtype = "login";
	return LOGIN_SASL_DONE;
}

/* PLAIN: [authzid] NUL authcid NUL passwd; authzid empty or = authcid. */
static enum login_sasl_result
sasl_plain(struct login_sasl *sasl, const char *b64)
{
	unsigned char buf[SERVER_CREDS_MAX_AUTHDATA];
	const char *authz, *authc, *pass, *end;
	enum login_sasl_result ret = LOGIN_SASL_ERROR;
	int len;

	len = sasl_decode(b64, buf, sizeof(buf) - 1);
	if (len < 0)
		goto out;
	buf[len] = '\0';
	authz = (const char *)buf;
	end = authz + len;
	authc = memchr(authz, '\0', (size_t)len);
	if (authc == NULL || ++authc >= end)
		goto out;
	pass = memchr(authc, '\0', (size_t)(end - authc));
	if (pass == NULL)
		goto out;
	pass++;
	if (memchr(pass, '\0', (size_t)(end - pass)) != NULL)
		goto out;
	if (*authz != '\0' && strcmp(authz, authc) != 0)
		goto out;
	ret = sasl_set_login(sasl, authc, strlen(authc), pass,
			     (size_t)(end - pass));
out:
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

static enum login_sasl_result
sasl_login_step(struct login_sasl *sasl, const char *b64,
		const char **challenge_r)
{
	unsigned char buf[SERVER_CREDS_MAX_AUTHDATA];
	enum login_sasl_result ret = LOGIN_SASL_ERROR;
	int len;

	len = sasl_decode(b64, buf, sizeof(buf) - 1);
	if (len < 0 || memchr(buf, '\0', (size_t)len) != NULL)
		goto out;
	buf[len] = '\0';
	if (sasl->step == 0) {
		if (len == 0 || (size_t)len > SERVER_CREDS_MAX_USER ||
		    !sasl_text_ok((const char *)buf, (size_t)len))
			goto out;
		memcpy(sasl->user, buf, (size_t)len + 1);
		sasl->step = 1;
		*challenge_r = "UGFzc3dvcmQ6"; /* "Password:" */
		ret = LOGIN_SASL_CONTINUE;
		goto out;
	}
	ret = sasl_set_login(sasl, sasl->user, strlen(sasl->user),
			     (const char *)buf, (size_t)len);
out:
	explicit_bzero(buf, sizeof(buf));
	return ret;
}

static void
sasl_cram_challenge(struct login_sasl *sasl)
{
	char host[64] = "localhost";
	unsigned int rnd = 0;

	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (unsigned int)getpid() ^ (unsigned int)clock();
	(void)gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	snprintf(sasl->challenge, sizeof(sasl->challenge), "<%u.%lld@%s>", rnd,
		 (long long)time(NULL), host);
	(void)base64_encode(sasl->challenge, strlen(sasl->challenge),
			    sasl->challenge_b64, sizeof(sasl->challenge_b64));
}

/* CRAM-MD5: response "user hexdigest"; authdaemond gets both in base64. */
static enum login_sasl_result
sasl_cram_response(struct login_sasl *sasl, const char *b64)
{
	unsigned char buf[SERVER_CREDS_MAX_USER + 64];
	size_t b64_len = strlen(b64), ch_len = strlen(sasl->challenge_b64);
	const char *space;
	int len;

	len = base64_decode(b64, b64_len, buf, sizeof(buf) - 1);
	if (len <= 0 || !sasl_text_ok((const char *)buf, (size_t)len))
		return LOGIN_SASL_ERROR;
	buf[len] = '\0';
	space = strrchr((const char *)buf, ' ');
	if (space == NULL || space == (const char *)buf ||
	    strlen(space + 1) != 32)
		return LOGIN_SASL_ERROR;
	memcpy(sasl->user, buf, (size_t)(space - (const char *)buf));
	sasl->user[space - (const char *)buf] = '\0';
	if (ch_len + b64_len + 2 > sizeof(sasl->authdata))
		return LOGIN_SASL_ERROR;
	memcpy(sasl->authdata, sasl->challenge_b64, ch_len);
	sasl->authdata[ch_len] = '\n';
	memcpy(sasl->authdata + ch_len + 1, b64, b64_len);
	sasl->authdata[ch_len + 1 + b64_len] = '\n';
	sasl->authdata_len = ch_len + b64_len + 2;
	sasl->authtype = "cram-md5";
	return LOGIN_SASL_DONE;
}

enum login_sasl_result
login_sasl_start(struct login_sasl *sasl, enum login_sasl_mech mech,
		 const char *initial, const char **challenge_r)
{
	memset(sasl, 0, sizeof(*sasl));
	sasl->mech = mech;
	switch (mech) {
	case LOGIN_SASL_PLAIN:
		if (initial != NULL)
			return sasl_plain(sasl, initial);
		*challenge_r = "";
		return LOGIN_SASL_CONTINUE;
	case LOGIN_SASL_LOGIN:
		if (initial != NULL)
			return sasl_login_step(sasl, initial, challenge_r);
		*challenge_r = "VXNlcm5hbWU6"; /* "Username:" */
		return LOGIN_SASL_CONTINUE;
	case LOGIN_SASL_CRAM_MD5:
		/* The server speaks first: no initial response possible. */
		if (initial != NULL)
			return LOGIN_SASL_ERROR;
		sasl_cram_challenge(sasl);
		*challenge_r = sasl->challenge_b64;
		return LOGIN_SASL_CONTINUE;
	}
	return LOGIN_SASL_ERROR;
}

enum login_sasl_result
login_sasl_continue(struct login_sasl *sasl, const char *response,
		    const char **challenge_r)
{
	switch (sasl->mech) {
	case LOGIN_SASL_PLAIN:
		return sasl_plain(sasl, response);
	case LOGIN_SASL_LOGIN:
		return sasl_login_step(sasl, response, challenge_r);
	case LOGIN_SASL_CRAM_MD5:
		return sasl_cram_response(sasl, response);
	}
	return LOGIN_SASL_ERROR;
}

void
login_sasl_wipe(struct login_sasl *sasl)
{
	explicit_bzero(sasl, sizeof(*sasl));
}
