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

#define SASL_MAX_CHALLENGE 256

enum sasl_mech { MECH_PLAIN, MECH_LOGIN, MECH_CRAM };

static const struct sasl_mech_def {
	const char *name;
	enum sasl_mech mech;
	enum auth_cram_type cram_type;
	const char *authtype;	/* authdaemond's */
	size_t digest_hex_len;	/* CRAM only */
} sasl_mechs[] = {
	{ "PLAIN", MECH_PLAIN, AUTH_CRAM_MD5, "login", 0 },
	{ "LOGIN", MECH_LOGIN, AUTH_CRAM_MD5, "login", 0 },
	{ "CRAM-MD5", MECH_CRAM, AUTH_CRAM_MD5, "cram-md5", 32 },
	{ "CRAM-SHA1", MECH_CRAM, AUTH_CRAM_SHA1, "cram-sha1", 40 },
	{ "CRAM-SHA256", MECH_CRAM, AUTH_CRAM_SHA256, "cram-sha256", 64 },
};

struct authclient_sasl {
	const struct sasl_mech_def *def;
	unsigned int step;
	char *hostname;
	char *user;
	char *pass;		/* LOGIN/PLAIN password or CRAM response */
	char challenge[SASL_MAX_CHALLENGE];
	size_t challenge_len;
	char challenge_b64[AUTHCLIENT_B64_SIZE(SASL_MAX_CHALLENGE)];
};

/* Base64 */

static const char b64_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int
authclient_b64_encode(const void *src, size_t size, char *dst,
		      size_t dst_size)
{
	const unsigned char *s = src;
	size_t i, o = 0;
	unsigned int v;

	if (dst_size < AUTHCLIENT_B64_SIZE(size) || size > INT32_MAX / 2)
		return -1;
	for (i = 0; i + 2 < size; i += 3) {
		v = (unsigned int)s[i] << 16 | (unsigned int)s[i + 1] << 8 |
		    s[i + 2];
		dst[o++] = b64_chars[(v >> 18) & 63];
		dst[o++] = b64_chars[(v >> 12) & 63];
		dst[o++] = b64_chars[(v >> 6) & 63];
		dst[o++] = b64_chars[v & 63];
	}
	if (i < size) {
		v = (unsigned int)s[i] << 16;
		if (i + 1 < size)
			v |= (unsigned int)s[i + 1] << 8;
		dst[o++] = b64_chars[(v >> 18) & 63];
		dst[o++] = b64_chars[(v >> 12) & 63];
		dst[o++] = i + 1 < size ? b64_chars[(v >> 6) & 63] : '=';
		dst[o++] = '=';
	}
	dst[o] = '\0';
	return (int)o;
}

static int
b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
authclient_b64_decode(const char *src, size_t len, unsigned char *dst,
		      size_t dst_size)
{
	size_t i, k, o = 0, pad = 0, out_len;
	unsigned int acc = 0;
	int v, j;

	if (len % 4 != 0 || len / 4 * 3 > INT32_MAX)
		return -1;
	if (len >= 1 && src[len - 1] == '=')
		pad = 1;
	if (len >= 2 && src[len - 2] == '=')
		pad = 2;
	out_len = len / 4 * 3 - pad;
	if (out_len > dst_size)
		return -1;
	for (i = 0; i < len; i += 4) {
		acc = 0;
		for (j = 0; j < 4; j++) {
			k = i + (size_t)j;
			if (k >= len - pad) {
				acc <<= 6; /* a padding position */
				continue;
			}
			if ((v = b64_value(src[k])) < 0)
				return -1;
			acc = acc << 6 | (unsigned int)v;
		}
		for (j = 0; j < 3 && o < out_len; j++)
			dst[o++] = (unsigned char)(acc >> (16 - 8 * j));
	}
	/* The bits a padded group does not use must be zero. */
	if ((pad == 1 && (acc & 0xff) != 0) ||
	    (pad == 2 && (acc & 0xffff) != 0))
		return -1;
	if (o < dst_size)
		dst[o] = '\0';
	return (int)o;
}

/* Mechanisms */

static const struct sasl_mech_def *
sasl_mech_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(sasl_mechs) / sizeof(sasl_mechs[0]); i++) {
		if (strcasecmp(name, sasl_mechs[i].name) == 0)
			return &sasl_mechs[i];
	}
	return NULL;
}

const char *
authclient_sasl_mech_name(const char *mech)
{
	const struct sasl_mech_def *def = sasl_mech_find(mech);

	return def != NULL ? def->name : NULL;
}

struct authclient_sasl *
authclient_sasl_new(const char *mech, const char *hostname)
{
	const struct sasl_mech_def *def = sasl_mech_find(mech);
	struct authclient_sasl *s;

	if (def == NULL)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->def = def;
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

/* A user name authdaemond's protocol can carry. */
static bool
user_ok(const char *in, size_t len)
{
	size_t i;

	if (len == 0 || len > AUTHCLIENT_MAX_USER)
		return false;
	for (i = 0; i < len; i++) {
		if ((unsigned char)in[i] < 0x20 || in[i] == 0x7f)
			return false;
	}
	return true;
}

/* A password (or CRAM response) that fits "user\npass\n". */
static bool
pass_ok(const char *in, size_t len)
{
	return len > 0 && len <= AUTHCLIENT_MAX_PASS &&
	       memchr(in, '\0', len) == NULL &&
	       memchr(in, '\n', len) == NULL && memchr(in, '\r', len) == NULL;
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
	if (!user_ok(nul1 + 1, ulen) || !pass_ok(nul2 + 1, plen))
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
	char text[SASL_MAX_CHALLENGE];

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	/* A long host name is cut: the challenge only has to be unique. */
	snprintf(text, sizeof(text), "<%llu.%lld@%.180s>",
		 (unsigned long long)r, (long long)time(NULL), s->hostname);
	set_challenge(s, text);
}

/* "user hexdigest" with the digest length of the mechanism. */
static enum authclient_sasl_status
cram_parse(struct authclient_sasl *s, const char *in, size_t len,
	   const char **error_r)
{
	const char *sp = len > 0 ? memrchr(in, ' ', len) : NULL;

	if (sp == NULL || !user_ok(in, (size_t)(sp - in)) ||
	    !pass_ok(in, len) ||
	    (size_t)(in + len - sp - 1) != s->def->digest_hex_len) {
		*error_r = "CRAM: malformed response";
		return AUTHCLIENT_SASL_ERROR;
	}
	s->user = xstrndup(in, (size_t)(sp - in));
	s->pass = xstrndup(in, len);
	return AUTHCLIENT_SASL_DONE;
}

static enum authclient_sasl_status
login_step(struct authclient_sasl *s, unsigned int step, bool have_input,
	   const char *in, size_t len)
{
	if (step == 0 && !have_input) {
		set_challenge(s, "Username:");
		return AUTHCLIENT_SASL_CONTINUE;
	}
	if (!have_input)
		return AUTHCLIENT_SASL_ERROR;
	if (s->user == NULL) {
		if (!user_ok(in, len))
			return AUTHCLIENT_SASL_ERROR;
		s->user = xstrndup(in, len);
		set_challenge(s, "Password:");
		return AUTHCLIENT_SASL_CONTINUE;
	}
	if (!pass_ok(in, len))
		return AUTHCLIENT_SASL_ERROR;
	s->pass = xstrndup(in, len);
	return AUTHCLIENT_SASL_DONE;
}

static enum authclient_sasl_status
mech_step(struct authclient_sasl *s, unsigned int step, bool have_input,
	  const char *in, size_t len, const char **error_r)
{
	switch (s->def->mech) {
	case MECH_PLAIN:
		if (!have_input && step == 0) {
			s->challenge_len = 0;
			return AUTHCLIENT_SASL_CONTINUE;
		}
		if (!have_input)
			break;
		return plain_parse(s, in, len, error_r);
	case MECH_LOGIN:
		if (login_step(s, step, have_input, in, len) ==
		    AUTHCLIENT_SASL_CONTINUE)
			return AUTHCLIENT_SASL_CONTINUE;
		if (s->pass != NULL)
			return AUTHCLIENT_SASL_DONE;
		break;
	case MECH_CRAM:
		/* The server speaks first: no initial response. */
		if (step == 0 && !have_input) {
			cram_challenge(s);
			return AUTHCLIENT_SASL_CONTINUE;
		}
		if (step == 1 && have_input)
			return cram_parse(s, in, len, error_r);
		break;
	}
	*error_r = "malformed SASL exchange";
	return AUTHCLIENT_SASL_ERROR;
}

enum authclient_sasl_status
authclient_sasl_step(struct authclient_sasl *s, bool have_input,
		     const void *input, size_t len, const void **challenge_r,
		     size_t *challenge_len_r, const char **error_r)
{
	enum authclient_sasl_status st;

	/* The CRAM challenge stays: the AUTH data needs it. */
	*challenge_r = s->challenge;
	*challenge_len_r = 0;
	if (s->pass != NULL) {
		*error_r = "SASL exchange already complete";
		return AUTHCLIENT_SASL_ERROR;
	}
	if (have_input && len > AUTHCLIENT_SASL_MAX_INPUT) {
		*error_r = "SASL response too long";
		return AUTHCLIENT_SASL_ERROR;
	}
	st = mech_step(s, s->step++, have_input, input, len, error_r);
	if (st == AUTHCLIENT_SASL_CONTINUE)
		*challenge_len_r = s->challenge_len;
	return st;
}

enum authclient_sasl_status
authclient_sasl_step_b64(struct authclient_sasl *s, const char *line,
			 const char **challenge_r, const char **error_r)
{
	unsigned char buf[AUTHCLIENT_SASL_MAX_INPUT + 1];
	enum authclient_sasl_status st;
	const void *chal;
	size_t chal_len, line_len = line != NULL ? strlen(line) : 0;
	int len = 0;

	*challenge_r = "";
	if (line != NULL && strcmp(line, "=") != 0) {
		len = authclient_b64_decode(line, line_len, buf,
					    sizeof(buf) - 1);
		if (len < 0) {
			*error_r = "SASL response is not valid base64";
			return AUTHCLIENT_SASL_ERROR;
		}
	}
	st = authclient_sasl_step(s, line != NULL, buf, (size_t)len, &chal,
				  &chal_len, error_r);
	explicit_bzero(buf, sizeof(buf));
	if (st != AUTHCLIENT_SASL_CONTINUE)
		return st;
	if (authclient_b64_encode(chal, chal_len, s->challenge_b64,
				  sizeof(s->challenge_b64)) < 0) {
		*error_r = "SASL challenge too long";
		return AUTHCLIENT_SASL_ERROR;
	}
	*challenge_r = s->challenge_b64;
	return st;
}

static int
authdata_put(char *buf, size_t size, size_t *pos, const char *part,
	     size_t len)
{
	if (len + 1 > size - *pos)
		return -1;
	memcpy(buf + *pos, part, len);
	buf[*pos + len] = '\n';
	*pos += len + 1;
	return 0;
}

int
authclient_sasl_authdata(const struct authclient_sasl *s,
			 const char **authtype_r, char *buf, size_t size,
			 const char **error_r)
{
	char b64[AUTHCLIENT_B64_SIZE(AUTHCLIENT_SASL_MAX_INPUT)];
	size_t pos = 0;
	int len, ret = -1;

	*error_r = "SASL credentials too long";
	if (s->user == NULL || s->pass == NULL) {
		*error_r = "SASL exchange not complete";
		return -1;
	}
	*authtype_r = s->def->authtype;
	if (s->def->mech != MECH_CRAM) {
		if (authdata_put(buf, size, &pos, s->user, strlen(s->user)) ==
			    0 &&
		    authdata_put(buf, size, &pos, s->pass, strlen(s->pass)) ==
			    0)
			ret = (int)pos;
		return ret;
	}
	len = authclient_b64_encode(s->challenge, s->challenge_len, b64,
				    sizeof(b64));
	if (len < 0 || authdata_put(buf, size, &pos, b64, (size_t)len) < 0)
		goto out;
	len = authclient_b64_encode(s->pass, strlen(s->pass), b64,
				    sizeof(b64));
	if (len < 0 || authdata_put(buf, size, &pos, b64, (size_t)len) < 0)
		goto out;
	ret = (int)pos;
out:
	explicit_bzero(b64, sizeof(b64));
	return ret;
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
	if (s->def->mech == MECH_CRAM)
		return authclient_cram(set, service, s->def->cram_type,
				       s->challenge, s->challenge_len,
				       s->pass, strlen(s->pass), rec, error_r);
	return authclient_login(set, service, s->user, s->pass, rec, error_r);
}
