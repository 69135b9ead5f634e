/* The table of built-in modules (authmodulelist names). */
#include "config.h"

#include <string.h>

#include "auth-module.h"
#include "auth-str.h"

static const struct auth_module *const modules[] = {
	&auth_module_userdb,
	&auth_module_shadow,
	&auth_module_pwd,
	&auth_module_pipe,
#ifdef HAVE_PAM
	&auth_module_pam,
#endif
#ifdef HAVE_SQLITE
	&auth_module_sqlite,
#endif
#ifdef HAVE_PGSQL
	&auth_module_pgsql,
#endif
#ifdef HAVE_LDAP
	&auth_module_ldap,
#endif
};

const struct auth_module *
auth_module_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		if (strcmp(modules[i]->name, name) == 0)
			return modules[i];
	}
	return NULL;
}

int
auth_modules_check(const struct authdaemon_config *cfg, char **error_r)
{
	unsigned int i;

	for (i = 0; i < cfg->module_count; i++) {
		if (auth_module_find(cfg->modules[i]) == NULL) {
			*error_r = xasprintf("%s: authmodulelist: unknown or "
					     "not built-in module %s",
					     cfg->path, cfg->modules[i]);
			return -1;
		}
	}
	return 0;
}
