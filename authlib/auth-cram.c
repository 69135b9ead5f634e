#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "auth-cram.h"
#include "auth-str.h"
#include "hmac-state.h"

static gnutls_mac_algorithm_t
cram_mac(enum auth_cram_type type)
{
	switch (type) {
	case AUTH_CRAM_MD5:
		return GNUTLS_MAC_MD5;
	case AUTH_CRAM_SHA1:
		return GNUTLS_MAC_SHA1;
	case AUTH_CRAM_SHA256:
		break;
	}
	return GNUTLS_MAC_SHA256;
}

int
auth_cram_type_parse(const char *authtype, enum auth_cram_type *type_r)
{
	if (strcasecmp(authtype, "cram-md5") == 0)
		*type_r = AUTH_CRAM_MD5;
	else if (strcasecmp(authtype, "cram-sha1") == 0)
		*type_r = AUTH_CRAM_SHA1;
	else if (strcasecmp(authtype, "cram-sha256") == 0)
		*type_r = AUTH_CRAM_SHA256;
	else
		return -1;
	return 0;
}

/* Decodes base64 text[0..len) into out (at most AUTH_CRAM_MAX_FIELD). */
static int
b64_field(const char *text, size_t len, char *out, size_t *out_len_r)
{
	gnutls_datum_t in, raw = { NULL, 0 };
	int ret = -1;

	if (len == 0 || len > AUTH_CRAM_MAX_FIELD * 2)
		return -1;
	in.data = (unsigned char *)(uintptr_t)text;
	in.size = (unsigned int)len;
	if (gnutls_base64_decode2(&in, &raw) < 0)
		return -1;
	if (raw.size <= AUTH_CRAM_MAX_FIELD) {
		memcpy(out, raw.data, raw.size);
		out[raw.size] = '\0';
		*out_len_r = raw.size;
		ret = 0;
	}
	if (raw.data != NULL) {
		explicit_bzero(raw.data, raw.size);
		gnutls_free(raw.data);
	}
	return ret;
}

int
auth_cram_parse(enum auth_cram_type type, const char *authdata, size_t len,
		struct auth_cram *cram, const char **error_r)
{
	char resp[AUTH_CRAM_MAX_FIELD + 1];
	const char *nl, *end = authdata + len, *sp;
	size_t resp_len, ulen;
	int ret = -1;

	memset(cram, 0, sizeof(*cram));
	cram->type = type;
	if (len > 0 && end[-1] == '\n')
		end--;
	nl = memchr(authdata, '\n', (size_t)(end - authdata));
	if (nl == NULL ||
	    b64_field(authdata, (size_t)(nl - authdata), cram->challenge,
		      &cram->challenge_len) < 0 ||
	    b64_field(nl + 1, (size_t)(end - nl - 1), resp, &resp_len) < 0) {
		*error_r = "malformed CRAM data";
		goto out;
	}
	sp = memrchr(resp, ' ', resp_len);
	if (sp == NULL || sp == resp || str_has_ctrl(resp, resp_len)) {
		*error_r = "malformed CRAM response";
		goto out;
	}
	ulen = (size_t)(sp - resp);
	memcpy(cram->user, resp, ulen);
	cram->user[ulen] = '\0';
	memcpy(cram->digest, sp + 1, resp_len - ulen - 1);
	cram->digest[resp_len - ulen - 1] = '\0';
	ret = 0;
out:
	explicit_bzero(resp, sizeof(resp));
	if (ret < 0)
		auth_cram_wipe(cram);
	return ret;
}

int
auth_cram_digest(enum auth_cram_type type, const char *secret,
		 const void *challenge, size_t challenge_len, char *hex_r)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char mac[64];
	gnutls_mac_algorithm_t algo = cram_mac(type);
	size_t i, len = gnutls_hmac_get_len(algo);

	if (gnutls_hmac_fast(algo, secret, strlen(secret), challenge,
			     challenge_len, mac) < 0)
		return -1;
	for (i = 0; i < len; i++) {
		hex_r[i * 2] = hex[mac[i] >> 4];
		hex_r[i * 2 + 1] = hex[mac[i] & 15];
	}
	hex_r[len * 2] = '\0';
	explicit_bzero(mac, sizeof(mac));
	return 0;
}

/* Compares the client's hex digest with want (lower case), wiping both
   copies. */
static bool
digest_equal(const struct auth_cram *cram, char *want)
{
	char got[AUTH_CRAM_MAX_FIELD + 1];
	size_t i, len = strlen(cram->digest);
	bool ret;

	for (i = 0; i < len; i++)
		got[i] = (char)tolower((unsigned char)cram->digest[i]);
	ret = mem_equal_secret(want, strlen(want), got, len);
	explicit_bzero(want, strlen(want));
	explicit_bzero(got, sizeof(got));
	return ret;
}

bool
auth_cram_verify(const struct auth_cram *cram, const char *secret)
{
	char want[129];

	if (secret == NULL ||
	    auth_cram_digest(cram->type, secret, cram->challenge,
			     cram->challenge_len, want) < 0)
		return false;
	return digest_equal(cram, want);
}

bool
auth_cram_verify_state(const struct auth_cram *cram, const char *state_hex)
{
	char want[129];

	if (state_hex == NULL ||
	    hmac_state_digest(cram->type, state_hex, cram->challenge,
			      cram->challenge_len, want) < 0)
		return false;
	return digest_equal(cram, want);
}

void
auth_cram_wipe(struct auth_cram *cram)
{
	explicit_bzero(cram, sizeof(*cram));
}
