#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "auth-str.h"
#include "server-auth-apop.h"

bool
server_apop_stamp_valid(const char *stamp, size_t len)
{
	size_t i;

	if (len < 3 || len > SERVER_APOP_MAX_STAMP || stamp[0] != '<' ||
	    stamp[len - 1] != '>')
		return false;
	for (i = 1; i + 1 < len; i++) {
		unsigned char c = (unsigned char)stamp[i];

		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
			return false;
	}
	return true;
}

static int
hex_lower(char c)
{
	if (c >= '0' && c <= '9')
		return c;
	if (c >= 'a' && c <= 'f')
		return c;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 'a';
	return -1;
}

int
server_apop_parse(const char *authdata, size_t len,
		  struct server_apop *apop_r, const char **error_r)
{
	const char *nl = memchr(authdata, '\n', len), *digest;
	size_t stamp_len, i;
	int c;

	memset(apop_r, 0, sizeof(*apop_r));
	*error_r = "malformed APOP data";
	if (nl == NULL)
		return -1;
	stamp_len = (size_t)(nl - authdata);
	digest = nl + 1;
	if (!server_apop_stamp_valid(authdata, stamp_len) ||
	    len - stamp_len - 1 != SERVER_APOP_DIGEST_LEN + 1 ||
	    digest[SERVER_APOP_DIGEST_LEN] != '\n')
		return -1;
	for (i = 0; i < SERVER_APOP_DIGEST_LEN; i++) {
		if ((c = hex_lower(digest[i])) < 0) {
			server_apop_wipe(apop_r);
			return -1;
		}
		apop_r->digest[i] = (char)c;
	}
	memcpy(apop_r->stamp, authdata, stamp_len);
	return 0;
}

bool
server_apop_verify(const struct server_apop *apop, const char *secret)
{
	static const char hex[] = "0123456789abcdef";
	gnutls_hash_hd_t hd;
	unsigned char md[16];
	char want[SERVER_APOP_DIGEST_LEN];
	size_t i;
	bool ret;

	if (secret == NULL || *secret == '\0' ||
	    gnutls_hash_init(&hd, GNUTLS_DIG_MD5) < 0)
		return false;
	(void)gnutls_hash(hd, apop->stamp, strlen(apop->stamp));
	(void)gnutls_hash(hd, secret, strlen(secret));
	gnutls_hash_deinit(hd, md);
	for (i = 0; i < sizeof(md); i++) {
		want[2 * i] = hex[md[i] >> 4];
		want[2 * i + 1] = hex[md[i] & 15];
	}
	ret = mem_equal_secret(want, sizeof(want), apop->digest,
			       SERVER_APOP_DIGEST_LEN);
	explicit_bzero(md, sizeof(md));
	explicit_bzero(want, sizeof(want));
	return ret;
}

void
server_apop_wipe(struct server_apop *apop)
{
	explicit_bzero(apop, sizeof(*apop));
}
