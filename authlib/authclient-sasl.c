#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "auth-str.h"
#include "authclient-sasl.h"

#define SASL_MAX_INPUT (AUTHCLIENT_MAX_USER + AUTHCLIENT_MAX_PASS + 2)

enum sasl_mech { MECH_PLAIN, MECH_LOGIN, MECH_CRAM };

struct authclient_sasl {
	enum sasl_mech mech;
	enum auth_cram_type cram_type;
	unsigned int step;
	char *hostname;
	char *user;
	char *pass;		/* LOGIN/PLAIN password or CRAM response */
	char challenge[256];
	size_t challenge_len;
};

struct authclient_sasl *
authclient_sasl_new(const char *mech, const char *hostname)
{
	struct authclient_sasl *s = xcalloc(1, sizeof(*s));

	if (strcasecmp(mech, "PLAIN") == 0)
		s->mech = MECH_PLAIN;
	else if (strcasecmp(mech, "LOGIN") == 0)
		s->mech = MECH_LOGIN;
	else if (strncasecmp(mech, "CRAM-", 5) == 0 &&
		 auth_cram_type_parse(mech, &s->cram_type) == 0)
		s->mech = MECH_CRAM;
	else {
		free(s);
		return NULL;
	}
	s->hostname = xstrdup(hostname != NULL && *hostname != '\0'
				      ? hostname : "localhost");
	return s;
}

void
authclient_sasl_free(struct authclient_sasl **sp)
{
	struct authclient_sasl *s = *sp;

	if (s == NULL)
		return;
	str_free(&s->hostname);
	str_free(&s->user);
	str_free_secret(&s->pass);
	explicit_bzero(s, sizeof(*s));
	free(s);
	*sp = NULL;
}

const char *
authclient_sasl_user(const struct authclient_sasl *s)
{
	return s->user;
}

/* "authzid\0authcid\0passwd" */
static enum authclient_sasl_status
plain_parse(struct authclient_sasl *s, const char *in, size_t len,
	    const char **error_r)
{
	const char *nul1 = memchr(in, '\0', len), *nul2;
	size_t zlen, ulen, plen;

	if (nul1 == NULL)
		goto bad;
	zlen = (size_t)(nul1 - in);
	nul2 = memchr(nul1 + 1, '\0', len - zlen - 1);
	if (nul2 == NULL)
		goto bad;
	ulen = (size_t)(nul2 - nul1 - 1);
	plen = len - zlen - ulen - 2;
	if (ulen == 0 || plen == 0 || memchr(nul2 + 1, '\0', plen) != NULL)
		goto bad;
	if (zlen > 0 && (zlen != ulen || memcmp(in, nul1 + 1, ulen) != 0)) {
		*error_r = "PLAIN: authorization identity not allowed";
		return AUTHCLIENT_SASL_ERROR;
	}
	s->user = xstrndup(nul1 + 1, ulen);
	s->pass = xstrndup(nul2 + 1, plen);
	return AUTHCLIENT_SASL_DONE;
bad:
	*error_r = "PLAIN: malformed response";
	return AUTHCLIENT_SASL_ERROR;
}

static void
set_challenge(struct authclient_sasl *s, const char *text)
{
	size_t len = strlen(text);

	if (len >= sizeof(s->challenge))
		len = sizeof(s->challenge) - 1;
	memcpy(s->challenge, text, len);
	s->challenge[len] = '\0';
	s->challenge_len = len;
}

static void
cram_challenge(struct authclient_sasl *s)
{
	uint64_t r = 0;
	char text[256];

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	snprintf(text, sizeof(text), "<%llu.%lld@%s>",
		 (unsigned long long)r, (long long)time(NULL), s->hostname);
	set_challenge(s, text);
}

static bool
text_ok(const char *in, size_t len)
{
	return len > 0 && memchr(in, '\0', len) == NULL;
}

enum authclient_sasl_status
authclient_sasl_step(struct authclient_sasl *s, bool have_input,
		     const void *input, size_t len, const void **challenge_r,
		     size_t *challenge_len_r, const char **error_r)
{
	const char *in = input;
	unsigned int step = s->step++;

	/* The CRAM challenge stays: authclient_sasl_auth() needs it. */
	*challenge_r = s->challenge;
	*challenge_len_r = 0;
	if (have_input && len > SASL_MAX_INPUT) {
		*error_r = "SASL response too long";
		return AUTHCLIENT_SASL_ERROR;
	}
	switch (s->mech) {
	case MECH_PLAIN:
		if (!have_input && step == 0)
			return AUTHCLIENT_SASL_CONTINUE;
		if (!have_input)
			break;
		return plain_parse(s, in, len, error_r);
	case MECH_LOGIN:
		if (step == 0 && !have_input) {
			set_challenge(s, "Username:");
		} else if (s->user == NULL && have_input && text_ok(in, len)) {
			s->user = xstrndup(in, len);
			set_challenge(s, "Password:");
		} else if (s->user != NULL && have_input && text_ok(in, len)) {
			s->pass = xstrndup(in, len);
			return AUTHCLIENT_SASL_DONE;
		} else {
			break;
		}
		*challenge_len_r = s->challenge_len;
		return AUTHCLIENT_SASL_CONTINUE;
	case MECH_CRAM:
		if (step == 0 && !have_input) {
			cram_challenge(s);
			*challenge_len_r = s->challenge_len;
			return AUTHCLIENT_SASL_CONTINUE;
		}
		if (step == 1 && have_input && text_ok(in, len) &&
		    memchr(in, ' ', len) != NULL) {
			const char *sp = memrchr(in, ' ', len);

			s->user = xstrndup(in, (size_t)(sp - in));
			s->pass = xstrndup(in, len);
			return AUTHCLIENT_SASL_DONE;
		}
		break;
	}
	*error_r = "malformed SASL exchange";
	return AUTHCLIENT_SASL_ERROR;
}

enum authclient_result
authclient_sasl_auth(const struct authclient_settings *set,
		     struct authclient_sasl *s, const char *service,
		     struct auth_record *rec, const char **error_r)
{
	if (s->user == NULL || s->pass == NULL) {
		*error_r = "SASL exchange not complete";
		return AUTHCLIENT_FAIL;
	}
	if (s->mech == MECH_CRAM)
		return authclient_cram(set, service, s->cram_type,
				       s->challenge, s->challenge_len,
				       s->pass, strlen(s->pass), rec, error_r);
	return authclient_login(set, service, s->user, s->pass, rec, error_r);
}
