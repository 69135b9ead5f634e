#include "config.h"

#include <string.h>

#include "auth-request.h"
#include "auth-str.h"
#include "strnum.h"

struct req_copy {
	struct auth_request *req;
	size_t used;
};

/* Copies data[0..len) plus a NUL into the request's storage. The pieces
   of one request never add up to more than the request plus a few NULs,
   which storage has room for. */
static const char *
req_store(struct req_copy *c, const char *data, size_t len)
{
	char *dst = c->req->storage + c->used;

	if (len + 1 > sizeof(c->req->storage) - c->used)
		return NULL;
	memcpy(dst, data, len);
	dst[len] = '\0';
	c->used += len + 1;
	return dst;
}

static bool
is_meta_line(const char *line, size_t len)
{
	size_t i;

	if (len == 0 ||
	    !((line[0] >= 'A' && line[0] <= 'Z') ||
	      (line[0] >= 'a' && line[0] <= 'z') || line[0] == '_'))
		return false;
	for (i = 1; i < len; i++) {
		char ch = line[i];

		if (ch == '=')
			return true;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return false;
	}
	return false;
}

/* Splits "word rest" at the first space; both parts must be non-empty. */
static int
split_word(const char *s, size_t len, size_t *word_len_r)
{
	const char *sp = memchr(s, ' ', len);

	if (sp == NULL || sp == s || (size_t)(sp - s) + 1 >= len)
		return -1;
	*word_len_r = (size_t)(sp - s);
	return 0;
}

static int
parse_pre(struct req_copy *c, const char *args, size_t len,
	  const char **error_r)
{
	struct auth_request *req = c->req;
	size_t mlen, slen;

	if (str_has_ctrl(args, len) || split_word(args, len, &mlen) < 0 ||
	    split_word(args + mlen + 1, len - mlen - 1, &slen) < 0) {
		*error_r = "malformed PRE";
		return -1;
	}
	req->type = AUTH_REQUEST_PRE;
	req->module = req_store(c, args, mlen);
	req->service = req_store(c, args + mlen + 1, slen);
	req->user = req_store(c, args + mlen + 1 + slen + 1,
			      len - mlen - 1 - slen - 1);
	return 0;
}

static int
parse_passwd(struct req_copy *c, const char *args, size_t len)
{
	struct auth_request *req = c->req;
	const char *field[4];
	size_t flen[4];
	const char *p = args, *end = args + len;
	unsigned int i;

	req->type = AUTH_REQUEST_PASSWD;
	for (i = 0; i < 4; i++) {
		const char *tab = i < 3 ? memchr(p, '\t', (size_t)(end - p))
					: NULL;

		field[i] = p;
		flen[i] = tab != NULL ? (size_t)(tab - p) : (size_t)(end - p);
		if (i < 3 && tab == NULL) {
			req->passwd_invalid = true;
			return 0;
		}
		p = tab != NULL ? tab + 1 : end;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)args[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			req->passwd_invalid = true;
	}
	if (flen[0] == 0 || flen[1] == 0)
		req->passwd_invalid = true;
	req->service = req_store(c, field[0], flen[0]);
	req->user = req_store(c, field[1], flen[1]);
	req->oldpass = req_store(c, field[2], flen[2]);
	req->newpass = req_store(c, field[3], flen[3]);
	return 0;
}

/* body[0..len) = "<service>\n<authtype>\n<authdata>" */
static int
parse_auth_body(struct req_copy *c, const char *body, size_t len,
		const char **error_r)
{
	struct auth_request *req = c->req;
	const char *nl1, *nl2;
	size_t slen, tlen;

	nl1 = memchr(body, '\n', len);
	if (nl1 == NULL)
		goto bad;
	slen = (size_t)(nl1 - body);
	nl2 = memchr(nl1 + 1, '\n', len - slen - 1);
	if (nl2 == NULL)
		goto bad;
	tlen = (size_t)(nl2 - nl1 - 1);
	if (slen == 0 || tlen == 0 || str_has_ctrl(body, slen) ||
	    str_has_ctrl(nl1 + 1, tlen))
		goto bad;
	req->type = AUTH_REQUEST_AUTH;
	req->service = req_store(c, body, slen);
	req->authtype = req_store(c, nl1 + 1, tlen);
	req->authdata_len = len - slen - tlen - 2;
	req->authdata = req_store(c, nl2 + 1, req->authdata_len);
	return 0;
bad:
	*error_r = "malformed AUTH body";
	return -1;
}

static void
store_meta(struct req_copy *c, const char *line, size_t len)
{
	static const char key[] = "TCPREMOTEIP=";
	size_t klen = sizeof(key) - 1;

	if (len < klen || memcmp(line, key, klen) != 0)
		return;
	if (len - klen > AUTH_REQUEST_MAX_IP ||
	    str_has_ctrl(line + klen, len - klen))
		return;
	c->req->remote_ip = req_store(c, line + klen, len - klen);
}

static int
parse_command(struct req_copy *c, const char *data, size_t size,
	      size_t pos, size_t line_len, const char **error_r)
{
	const char *line = data + pos;
	uint32_t n;

	if (line_len == 9 && memcmp(line, "ENUMERATE", 9) == 0) {
		c->req->type = AUTH_REQUEST_ENUMERATE;
		return 1;
	}
	if (line_len > 4 && memcmp(line, "PRE ", 4) == 0)
		return parse_pre(c, line + 4, line_len - 4, error_r) < 0 ? -1
									 : 1;
	if (line_len > 7 && memcmp(line, "PASSWD ", 7) == 0)
		return parse_passwd(c, line + 7, line_len - 7) < 0 ? -1 : 1;
	if (line_len > 5 && memcmp(line, "AUTH ", 5) == 0) {
		size_t body = pos + line_len + 1;

		if (str_to_uint32_n(line + 5, line_len - 5, &n) < 0 ||
		    n > AUTH_REQUEST_MAX || body + n > AUTH_REQUEST_MAX) {
			*error_r = "bad AUTH length";
			return -1;
		}
		if (size - body < n)
			return 0;
		return parse_auth_body(c, data + body, n, error_r) < 0 ? -1
									: 1;
	}
	*error_r = "unknown command";
	return -1;
}

int
auth_request_parse(const char *data, size_t size, struct auth_request *req,
		   const char **error_r)
{
	static struct auth_request empty;
	struct req_copy c;
	unsigned int meta = 0;
	size_t pos = 0, line_len;
	int ret;

	*req = empty;
	c.req = req;
	c.used = 0;
	for (;;) {
		const char *nl = memchr(data + pos, '\n', size - pos);

		if (nl == NULL) {
			if (size >= AUTH_REQUEST_MAX) {
				*error_r = "request too long";
				return -1;
			}
			return 0;
		}
		line_len = (size_t)(nl - (data + pos));
		if (pos + line_len + 1 > AUTH_REQUEST_MAX) {
			*error_r = "request too long";
			return -1;
		}
		if (memchr(data + pos, '\0', line_len) != NULL) {
			*error_r = "NUL byte in request line";
			return -1;
		}
		if (!is_meta_line(data + pos, line_len))
			break;
		if (++meta > AUTH_REQUEST_MAX_META) {
			*error_r = "too many meta lines";
			return -1;
		}
		store_meta(&c, data + pos, line_len);
		pos += line_len + 1;
	}
	ret = parse_command(&c, data, size, pos, line_len, error_r);
	if (ret <= 0)
		auth_request_wipe(req);
	return ret;
}

void
auth_request_wipe(struct auth_request *req)
{
	explicit_bzero(req->storage, sizeof(req->storage));
}
