#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server-auth.h"

void
server_account_clear(struct server_account *account)
{
	free(account->address);
	free(account->sysuser);
	free(account->home);
	free(account->maildir);
	free(account->quota);
	free(account->options);
	memset(account, 0, sizeof(*account));
}

bool
server_account_option(const struct server_account *account, const char *key)
{
	const char *p = account->options;
	size_t key_len = strlen(key), len;
	const char *end, *value;

	while (p != NULL && *p != '\0') {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len >= key_len && strncmp(p, key, key_len) == 0 &&
		    (len == key_len || p[key_len] == '=')) {
			if (len == key_len)
				return true;
			value = p + key_len + 1;
			len -= key_len + 1;
			return !(len == 0 || (len == 1 && value[0] == '0'));
		}
		p = end != NULL ? end + 1 : NULL;
	}
	return false;
}
