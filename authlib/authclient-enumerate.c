/* ENUMERATE on the client side: "# module" headers, one tab-separated
   line per account, "." at the end. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-str.h"
#include "authclient.h"
#include "strnum.h"

#define ENUMERATE_MAX_REPLY (512UL * 1024 * 1024)

/* Splits line into 5 or 6 tab-separated fields (options may be
   missing); -1 when malformed. */
static int
parse_entry(char *line, struct authclient_enum_entry *e)
{
	char *f[6] = { NULL, NULL, NULL, NULL, NULL, (char *)"" };
	unsigned int i, n = 0;
	uint32_t uid, gid;

	for (i = 0; i < 6 && line != NULL; i++) {
		char *tab = strchr(line, '\t');

		f[i] = line;
		n++;
		if (tab != NULL)
			*tab = '\0';
		line = tab != NULL ? tab + 1 : NULL;
	}
	if (n < 5 || line != NULL || str_to_uint32(f[1], &uid) < 0 ||
	    str_to_uint32(f[2], &gid) < 0)
		return -1;
	e->name = f[0];
	e->uid = uid;
	e->gid = gid;
	e->home = f[3];
	e->maildir = f[4];
	e->options = f[5];
	return 0;
}

enum authclient_result
authclient_enumerate(const struct authclient_settings *set,
		     void (*cb)(const struct authclient_enum_entry *entry,
				void *context),
		     void *context, const char **error_r)
{
	enum authclient_result r;
	char *reply = NULL, *module = NULL;
	size_t len = 0, pos = 0;

	r = authclient_raw(set, "ENUMERATE\n", 10, ENUMERATE_MAX_REPLY, &reply,
			   &len, error_r);
	if (r != AUTHCLIENT_OK)
		return r;
	r = AUTHCLIENT_TEMPFAIL;
	*error_r = "ENUMERATE reply does not end with \".\"";
	while (pos < len) {
		char *line = reply + pos, *nl = memchr(line, '\n', len - pos);
		struct authclient_enum_entry e;

		if (nl == NULL)
			break;
		*nl = '\0';
		pos += (size_t)(nl - line) + 1;
		if (strcmp(line, ".") == 0) {
			r = AUTHCLIENT_OK;
			break;
		}
		if (line[0] == '\0')
			continue;
		if (line[0] == '#') {
			free(module);
			module = xstrdup(line[1] == ' ' ? line + 2 : line + 1);
			continue;
		}
		if (parse_entry(line, &e) < 0) {
			*error_r = "malformed ENUMERATE line";
			break;
		}
		e.module = module != NULL ? module : "";
		cb(&e, context);
	}
	free(module);
	free(reply);
	return r;
}
