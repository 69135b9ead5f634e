#include "config.h"

#include <string.h>

#include "server-creds.h"

static bool
authtype_valid(const uint8_t *p, size_t len)
{
	size_t i;

	if (len == 0 || len > SERVER_CREDS_MAX_AUTHTYPE)
		return false;
	for (i = 0; i < len; i++) {
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		      (p[i] >= '0' && p[i] <= '9') || p[i] == '-'))
			return false;
	}
	return true;
}

static bool
user_valid(const uint8_t *p, size_t len)
{
	size_t i;

	if (len > SERVER_CREDS_MAX_USER)
		return false;
	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
	}
	return true;
}

int
server_creds_parse(const uint8_t *data, size_t size,
		   struct server_creds *creds, size_t *used_r,
		   const char **error_r)
{
	size_t type_len, user_len, auth_len, left_len, total;
	const uint8_t *p;

	if (size < SERVER_CREDS_HEADER) {
		if (memcmp(data, SERVER_CREDS_MAGIC, size < 4 ? size : 4) != 0)
			goto bad_magic;
		return 0;
	}
	if (memcmp(data, SERVER_CREDS_MAGIC, 4) != 0)
		goto bad_magic;
	if ((data[4] & ~SERVER_CREDS_TLS) != 0) {
		*error_r = "unknown flags";
		return -1;
	}
	type_len = data[5];
	user_len = data[6];
	auth_len = ((size_t)data[7] << 8) | data[8];
	left_len = ((size_t)data[9] << 8) | data[10];
	if (type_len == 0 || type_len > SERVER_CREDS_MAX_AUTHTYPE ||
	    auth_len == 0 || auth_len > SERVER_CREDS_MAX_AUTHDATA ||
	    left_len > SERVER_CREDS_MAX_LEFTOVER) {
		*error_r = "field length out of range";
		return -1;
	}
	total = SERVER_CREDS_HEADER + type_len + user_len + auth_len + left_len;
	if (size < total)
		return 0;
	p = data + SERVER_CREDS_HEADER;
	if (!authtype_valid(p, type_len) ||
	    !user_valid(p + type_len, user_len)) {
		*error_r = "invalid authtype or user";
		return -1;
	}
	creds->tls = (data[4] & SERVER_CREDS_TLS) != 0;
	memcpy(creds->authtype, p, type_len);
	creds->authtype[type_len] = '\0';
	p += type_len;
	memcpy(creds->user, p, user_len);
	creds->user[user_len] = '\0';
	p += user_len;
	memcpy(creds->authdata, p, auth_len);
	creds->authdata[auth_len] = '\0';
	creds->authdata_len = auth_len;
	p += auth_len;
	memcpy(creds->leftover, p, left_len);
	creds->leftover[left_len] = '\0';
	creds->leftover_len = left_len;
	*used_r = total;
	return 1;
bad_magic:
	*error_r = "bad magic";
	return -1;
}

int
server_creds_build(uint8_t *out, bool tls, const char *authtype,
		   const char *user, const void *authdata, size_t authdata_len,
		   const void *leftover, size_t leftover_len)
{
	size_t type_len = strlen(authtype), user_len = strlen(user);
	uint8_t *p = out;

	if (!authtype_valid((const uint8_t *)authtype, type_len))
		return -1;
	if (user_len > SERVER_CREDS_MAX_USER ||
	    !user_valid((const uint8_t *)user, user_len))
		return -1;
	if (authdata_len == 0 || authdata_len > SERVER_CREDS_MAX_AUTHDATA ||
	    leftover_len > SERVER_CREDS_MAX_LEFTOVER)
		return -1;
	memcpy(p, SERVER_CREDS_MAGIC, 4);
	p[4] = tls ? SERVER_CREDS_TLS : 0;
	p[5] = (uint8_t)type_len;
	p[6] = (uint8_t)user_len;
	p[7] = (uint8_t)(authdata_len >> 8);
	p[8] = (uint8_t)authdata_len;
	p[9] = (uint8_t)(leftover_len >> 8);
	p[10] = (uint8_t)leftover_len;
	p += SERVER_CREDS_HEADER;
	memcpy(p, authtype, type_len);
	p += type_len;
	memcpy(p, user, user_len);
	p += user_len;
	memcpy(p, authdata, authdata_len);
	p += authdata_len;
	if (leftover_len > 0)
		memcpy(p, leftover, leftover_len);
	p += leftover_len;
	return (int)(p - out);
}

void
server_creds_wipe(struct server_creds *creds)
{
	explicit_bzero(creds->authdata, sizeof(creds->authdata));
	explicit_bzero(creds->leftover, sizeof(creds->leftover));
	creds->authdata_len = 0;
	creds->leftover_len = 0;
}
