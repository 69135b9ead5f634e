#include "config.h"

#include <crypt.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "auth-str.h"
#include "password-scheme.h"

#define MAX_DIGEST 64

enum encoding { ENC_BASE64, ENC_HEX };

struct digest_scheme {
	const char *name;	/* authpasswd's name */
	const char *prefix;
	gnutls_digest_algorithm_t algo;
	size_t salt_len;	/* for new hashes; 0 = unsalted */
	enum encoding enc;
};

static const struct digest_scheme digest_schemes[] = {
	{ "md5", "{MD5}", GNUTLS_DIG_MD5, 0, ENC_BASE64 },
	{ "md5raw", "{MD5RAW}", GNUTLS_DIG_MD5, 0, ENC_HEX },
	{ "sha1", "{SHA}", GNUTLS_DIG_SHA1, 0, ENC_BASE64 },
	/* Courier reads {SSHA} with a 4-byte salt only. */
	{ "ssha", "{SSHA}", GNUTLS_DIG_SHA1, 4, ENC_BASE64 },
	{ "sha256", "{SHA256}", GNUTLS_DIG_SHA256, 0, ENC_BASE64 },
	{ "ssha256", "{SSHA256}", GNUTLS_DIG_SHA256, 8, ENC_BASE64 },
	{ "sha512", "{SHA512}", GNUTLS_DIG_SHA512, 0, ENC_BASE64 },
	{ "ssha512", "{SSHA512}", GNUTLS_DIG_SHA512, 8, ENC_BASE64 },
};

struct crypt_scheme {
	const char *name;
	const char *prefix;	/* for crypt_gensalt_rn() */
};

static const struct crypt_scheme crypt_schemes[] = {
	{ "yescrypt", "$y$" },
	{ "sha512crypt", "$6$" },
	{ "sha256crypt", "$5$" },
	{ "bcrypt", "$2b$" },
	{ "md5crypt", "$1$" },
	{ "crypt", "" },	/* traditional DES */
};

const char *const password_scheme_names[] = {
	"yescrypt", "sha512crypt", "sha256crypt", "bcrypt", "md5crypt",
	"crypt", "md5", "md5raw", "sha1", "ssha", "sha256", "sha512",
	"ssha256", "ssha512", NULL
};

static bool
has_prefix_nocase(const char *str, const char *prefix)
{
	return strncasecmp(str, prefix, strlen(prefix)) == 0;
}

static int
crypt_verify(const char *plain, const char *hashed)
{
	struct crypt_data *data = xcalloc(1, sizeof(*data));
	const char *out;
	int ret = -1;

	if (*hashed == '\0' || *hashed == '*' || *hashed == '!')
		goto out;
	out = crypt_rn(plain, hashed, data, (int)sizeof(*data));
	if (out == NULL || out[0] == '*')
		goto out;
	ret = mem_equal_secret(out, strlen(out), hashed, strlen(hashed)) ? 1
									  : 0;
out:
	explicit_bzero(data, sizeof(*data));
	free(data);
	return ret;
}

static void
hex_encode(const unsigned char *data, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[i * 2] = hex[data[i] >> 4];
		out[i * 2 + 1] = hex[data[i] & 15];
	}
	out[len * 2] = '\0';
}

/* digest of plain followed by salt; returns the digest length or -1. */
static int
digest_salted(gnutls_digest_algorithm_t algo, const char *plain,
	      const unsigned char *salt, size_t salt_len,
	      unsigned char *out)
{
	gnutls_hash_hd_t hd;

	if (gnutls_hash_init(&hd, algo) < 0)
		return -1;
	if (gnutls_hash(hd, plain, strlen(plain)) < 0 ||
	    (salt_len > 0 && gnutls_hash(hd, salt, salt_len) < 0)) {
		gnutls_hash_deinit(hd, NULL);
		return -1;
	}
	gnutls_hash_deinit(hd, out);
	return (int)gnutls_hash_get_len(algo);
}

static int
digest_verify(const struct digest_scheme *s, const char *plain,
	      const char *encoded)
{
	unsigned char want[MAX_DIGEST + 256], got[MAX_DIGEST];
	char hex[MAX_DIGEST * 2 + 1];
	gnutls_datum_t in, raw = { NULL, 0 };
	int dlen, ret = -1;

	dlen = (int)gnutls_hash_get_len(s->algo);
	if (s->enc == ENC_HEX) {
		size_t i, len = strlen(encoded);
		char lower[MAX_DIGEST * 2 + 1];

		if (len != (size_t)dlen * 2 ||
		    digest_salted(s->algo, plain, NULL, 0, got) < 0)
			return len != (size_t)dlen * 2 ? -1 : 0;
		for (i = 0; i < len; i++)
			lower[i] = (char)tolower((unsigned char)encoded[i]);
		hex_encode(got, (size_t)dlen, hex);
		ret = mem_equal_secret(hex, len, lower, len) ? 1 : 0;
		explicit_bzero(hex, sizeof(hex));
		explicit_bzero(got, sizeof(got));
		return ret;
	}
	in.data = (unsigned char *)(uintptr_t)encoded;
	in.size = (unsigned int)strlen(encoded);
	if (gnutls_base64_decode2(&in, &raw) < 0)
		return -1;
	if (raw.size < (unsigned int)dlen ||
	    raw.size > sizeof(want) ||
	    (s->salt_len == 0 && raw.size != (unsigned int)dlen))
		goto out;
	memcpy(want, raw.data, raw.size);
	if (digest_salted(s->algo, plain, want + dlen, raw.size - dlen,
			  got) < 0)
		goto out;
	ret = mem_equal_secret(got, (size_t)dlen, want, (size_t)dlen) ? 1 : 0;
out:
	explicit_bzero(got, sizeof(got));
	gnutls_free(raw.data);
	return ret;
}

int
password_verify(const char *plain, const char *hashed)
{
	size_t i;

	if (hashed == NULL || plain == NULL || *hashed == '\0')
		return -1;
	if (has_prefix_nocase(hashed, "{CRYPT}"))
		return crypt_verify(plain, hashed + 7);
	if (has_prefix_nocase(hashed, "{CLEAR}") ||
	    has_prefix_nocase(hashed, "{PLAIN}"))
		return mem_equal_secret(plain, strlen(plain), hashed + 7,
					strlen(hashed + 7)) ? 1 : 0;
	for (i = 0; i < sizeof(digest_schemes) / sizeof(digest_schemes[0]);
	     i++) {
		const struct digest_scheme *s = &digest_schemes[i];

		if (has_prefix_nocase(hashed, s->prefix))
			return digest_verify(s, plain,
					     hashed + strlen(s->prefix));
	}
	if (hashed[0] == '{')
		return -1;
	return crypt_verify(plain, hashed);
}

static int
random_bytes(unsigned char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = getrandom(buf + done, len - done, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		done += (size_t)n;
	}
	return 0;
}

static int
crypt_hash(const struct crypt_scheme *s, const char *plain, char **hash_r,
	   const char **error_r)
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *data = xcalloc(1, sizeof(*data));
	const char *out;
	int ret = -1;

	if (crypt_gensalt_rn(s->prefix[0] == '\0' ? "" : s->prefix, 0, NULL,
			     0, setting, (int)sizeof(setting)) == NULL) {
		*error_r = "libcrypt does not support this scheme";
		goto out;
	}
	out = crypt_rn(plain, setting, data, (int)sizeof(*data));
	if (out == NULL || out[0] == '*') {
		*error_r = "crypt(3) failed";
		goto out;
	}
	*hash_r = xstrdup(out);
	ret = 0;
out:
	explicit_bzero(data, sizeof(*data));
	free(data);
	return ret;
}

static int
digest_hash(const struct digest_scheme *s, const char *plain, char **hash_r,
	    const char **error_r)
{
	unsigned char raw[MAX_DIGEST + 16];
	char hex[MAX_DIGEST * 2 + 1];
	gnutls_datum_t in, out = { NULL, 0 };
	size_t salt_len = s->salt_len;
	int dlen;

	dlen = (int)gnutls_hash_get_len(s->algo);
	if (salt_len > 0 && random_bytes(raw + dlen, salt_len) < 0) {
		*error_r = "getrandom() failed";
		return -1;
	}
	if (digest_salted(s->algo, plain, raw + dlen, salt_len, raw) < 0) {
		*error_r = "hash failed";
		return -1;
	}
	if (s->enc == ENC_HEX) {
		hex_encode(raw, (size_t)dlen, hex);
		*hash_r = xasprintf("%s%s", s->prefix, hex);
		return 0;
	}
	in.data = raw;
	in.size = (unsigned int)(dlen + (int)salt_len);
	if (gnutls_base64_encode2(&in, &out) < 0) {
		*error_r = "base64 failed";
		return -1;
	}
	*hash_r = xasprintf("%s%.*s", s->prefix, (int)out.size,
			    (const char *)out.data);
	gnutls_free(out.data);
	return 0;
}

int
password_hash(const char *scheme, const char *plain, char **hash_r,
	      const char **error_r)
{
	size_t i;

	if (scheme == NULL)
		scheme = "yescrypt";
	for (i = 0; i < sizeof(crypt_schemes) / sizeof(crypt_schemes[0]); i++) {
		if (strcasecmp(scheme, crypt_schemes[i].name) == 0)
			return crypt_hash(&crypt_schemes[i], plain, hash_r,
					  error_r);
	}
	for (i = 0; i < sizeof(digest_schemes) / sizeof(digest_schemes[0]);
	     i++) {
		if (strcasecmp(scheme, digest_schemes[i].name) == 0)
			return digest_hash(&digest_schemes[i], plain, hash_r,
					   error_r);
	}
	*error_r = "unknown password scheme";
	return -1;
}
