#include "config.h"

#include <stdint.h>
#include <string.h>

#include "auth-str.h"
#include "hmac-state.h"

#define BLOCK 64

struct hstate {
	enum auth_cram_type type;
	uint32_t h[5];
	uint64_t total;		/* bytes hashed */
	unsigned char buf[BLOCK];
	size_t used;
};

static uint32_t
rol(uint32_t x, unsigned int n)
{
	return (x << n) | (x >> (32 - n));
}

static void
md5_block(uint32_t h[4], const unsigned char *p)
{
	static const unsigned char s[64] = {
		7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
		5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
		4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
		6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
	};
	static const uint32_t k[64] = {
		0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf,
		0x4787c62a, 0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af,
		0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e,
		0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
		0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6,
		0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
		0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
		0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
		0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039,
		0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244, 0x432aff97,
		0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d,
		0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
		0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
	};
	uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3];
	unsigned int i;

	for (i = 0; i < 16; i++)
		m[i] = (uint32_t)p[i * 4] | (uint32_t)p[i * 4 + 1] << 8 |
		       (uint32_t)p[i * 4 + 2] << 16 |
		       (uint32_t)p[i * 4 + 3] << 24;
	for (i = 0; i < 64; i++) {
		uint32_t f, t;
		unsigned int g;

		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		t = d;
		d = c;
		c = b;
		b = b + rol(a + f + k[i] + m[g], s[i]);
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	explicit_bzero(m, sizeof(m));
}

static void
sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[i * 4] << 24 | (uint32_t)p[i * 4 + 1] << 16 |
		       (uint32_t)p[i * 4 + 2] << 8 | (uint32_t)p[i * 4 + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (i = 0; i < 80; i++) {
		uint32_t f, k, t;

		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	explicit_bzero(w, sizeof(w));
}

static size_t
state_words(enum auth_cram_type type)
{
	return type == AUTH_CRAM_MD5 ? 4 : 5;
}

static void
hstate_init(struct hstate *s, enum auth_cram_type type)
{
	static const uint32_t iv[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
					0x10325476, 0xc3d2e1f0 };

	memset(s, 0, sizeof(*s));
	s->type = type;
	memcpy(s->h, iv, sizeof(iv));
}

static void
hstate_block(struct hstate *s, const unsigned char *p)
{
	if (s->type == AUTH_CRAM_MD5)
		md5_block(s->h, p);
	else
		sha1_block(s->h, p);
}

static void
hstate_update(struct hstate *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->total += len;
	while (len > 0) {
		size_t n = BLOCK - s->used < len ? BLOCK - s->used : len;

		memcpy(s->buf + s->used, p, n);
		s->used += n;
		p += n;
		len -= n;
		if (s->used == BLOCK) {
			hstate_block(s, s->buf);
			s->used = 0;
		}
	}
}

/* Writes the state words as bytes: MD5 little-endian, SHA-1 big. */
static void
hstate_bytes(const struct hstate *s, unsigned char *out)
{
	size_t i;

	for (i = 0; i < state_words(s->type); i++) {
		uint32_t v = s->h[i];

		if (s->type == AUTH_CRAM_MD5) {
			out[i * 4] = (unsigned char)v;
			out[i * 4 + 1] = (unsigned char)(v >> 8);
			out[i * 4 + 2] = (unsigned char)(v >> 16);
			out[i * 4 + 3] = (unsigned char)(v >> 24);
		} else {
			out[i * 4] = (unsigned char)(v >> 24);
			out[i * 4 + 1] = (unsigned char)(v >> 16);
			out[i * 4 + 2] = (unsigned char)(v >> 8);
			out[i * 4 + 3] = (unsigned char)v;
		}
	}
}

static void
hstate_from_bytes(struct hstate *s, const unsigned char *in)
{
	size_t i;

	for (i = 0; i < state_words(s->type); i++) {
		const unsigned char *b = in + i * 4;

		uint32_t le = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			      (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		uint32_t be = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
			      (uint32_t)b[2] << 8 | (uint32_t)b[3];

		s->h[i] = s->type == AUTH_CRAM_MD5 ? le : be;
	}
	s->total = BLOCK;	/* the key block is already in */
}

/* Pads and writes the digest (the state bytes) into out. */
static void
hstate_final(struct hstate *s, unsigned char *out)
{
	uint64_t bits = s->total * 8;
	unsigned char pad[BLOCK + 8] = { 0x80 };
	size_t padlen = (s->used < 56 ? 56 : 120) - s->used, i;

	/* MD5 appends the bit count little-endian, SHA-1 big-endian. */
	for (i = 0; i < 8; i++) {
		unsigned int shift = s->type == AUTH_CRAM_MD5
					     ? (unsigned int)(8 * i)
					     : (unsigned int)(56 - 8 * i);

		pad[padlen + i] = (unsigned char)(bits >> shift);
	}
	hstate_update(s, pad, padlen + 8);
	hstate_bytes(s, out);
}

static void
to_hex(const unsigned char *in, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[i * 2] = hex[in[i] >> 4];
		out[i * 2 + 1] = hex[in[i] & 15];
	}
	out[len * 2] = '\0';
}

static int
from_hex(const char *in, size_t len, unsigned char *out)
{
	size_t i;

	for (i = 0; i < len * 2; i++) {
		char ch = in[i];
		int v = ch >= '0' && ch <= '9'	 ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
						 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return 0;
}

bool
hmac_state_supported(enum auth_cram_type type)
{
	return type == AUTH_CRAM_MD5 || type == AUTH_CRAM_SHA1;
}

int
hmac_state_from_key(enum auth_cram_type type, const char *key, char *hex_r)
{
	unsigned char k[BLOCK], pad[BLOCK], out[40];
	struct hstate s;
	size_t klen = strlen(key), i, n;

	if (!hmac_state_supported(type))
		return -1;
	n = state_words(type) * 4;
	memset(k, 0, sizeof(k));
	if (klen > BLOCK) {	/* long keys are hashed first (RFC 2104) */
		hstate_init(&s, type);
		hstate_update(&s, key, klen);
		hstate_final(&s, k);
	} else {
		memcpy(k, key, klen);
	}
	for (i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x5c;
	hstate_init(&s, type);
	hstate_block(&s, pad);
	hstate_bytes(&s, out);
	for (i = 0; i < BLOCK; i++)
		pad[i] = k[i] ^ 0x36;
	hstate_init(&s, type);
	hstate_block(&s, pad);
	hstate_bytes(&s, out + n);
	to_hex(out, n * 2, hex_r);
	explicit_bzero(k, sizeof(k));
	explicit_bzero(pad, sizeof(pad));
	explicit_bzero(out, sizeof(out));
	explicit_bzero(&s, sizeof(s));
	return 0;
}

int
hmac_state_digest(enum auth_cram_type type, const char *state_hex,
		  const void *msg, size_t len, char *hex_r)
{
	unsigned char st[40], inner[20], mac[20];
	struct hstate s;
	size_t n;

	if (!hmac_state_supported(type))
		return -1;
	n = state_words(type) * 4;
	if (strlen(state_hex) != n * 4 || from_hex(state_hex, n * 2, st) < 0)
		return -1;
	hstate_init(&s, type);
	hstate_from_bytes(&s, st + n);		/* inner: key ^ ipad */
	hstate_update(&s, msg, len);
	hstate_final(&s, inner);
	hstate_init(&s, type);
	hstate_from_bytes(&s, st);		/* outer: key ^ opad */
	hstate_update(&s, inner, n);
	hstate_final(&s, mac);
	to_hex(mac, n, hex_r);
	explicit_bzero(st, sizeof(st));
	explicit_bzero(inner, sizeof(inner));
	explicit_bzero(mac, sizeof(mac));
	explicit_bzero(&s, sizeof(s));
	return 0;
}
