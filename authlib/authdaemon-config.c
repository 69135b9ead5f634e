#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-str.h"
#include "authdaemon-config.h"
#include "settings.h"

static const char *const known_keys[] = {
	"authmodulelist", "authmodulelistorig", "daemons", "authdaemonvar",
	"DEBUG_LOGIN", "DEFAULTOPTIONS", "LOGGEROPTS", "userdb",
	"authsqliterc", "authpgsqlrc", "authldaprc", "authpipeprog",
	"authdaemongroup", "request_timeout", "worker_timeout",
	"authsystem_passwd", NULL
};
static const char *const known_prefixes[] = { "LDAPTLS_", NULL };

static int
parse_modules(struct authdaemon_config *cfg, const char *list,
	      char **error_r)
{
	const char *p = list;

	while (*p != '\0') {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		len = strcspn(p, " \t,");
		if (len == 0)
			break;
		if (cfg->module_count == AUTHDAEMON_MAX_MODULES) {
			*error_r = xasprintf("%s: authmodulelist: more than "
					     "%d modules", cfg->path,
					     AUTHDAEMON_MAX_MODULES);
			return -1;
		}
		cfg->modules[cfg->module_count++] = xstrndup(p, len);
		p += len;
	}
	if (cfg->module_count == 0) {
		*error_r = xasprintf("%s: authmodulelist is empty", cfg->path);
		return -1;
	}
	return 0;
}

/* LOGGEROPTS holds courierlogger flags; only -name= means something to
   us (the syslog ident). Others are accepted and ignored. */
static void
parse_loggeropts(struct authdaemon_config *cfg, const char *opts)
{
	const char *p = strstr(opts, "-name=");
	size_t len;

	if (p == NULL)
		return;
	p += 6;
	len = strcspn(p, " \t");
	if (len > 0)
		cfg->logger_name = xstrndup(p, len);
}

static int
get_uint(const struct settings *set, struct authdaemon_config *cfg,
	 const char *key, unsigned int def, unsigned int min,
	 unsigned int max, unsigned int *value_r, char **error_r)
{
	const char *err;
	uint64_t v;

	if (settings_get_uint(set, key, def, &v, &err) < 0) {
		*error_r = xasprintf("%s: %s", cfg->path, err);
		return -1;
	}
	if (v < min || v > max) {
		*error_r = xasprintf("%s: %s must be %u..%u", cfg->path, key,
				     min, max);
		return -1;
	}
	*value_r = (unsigned int)v;
	return 0;
}

static char *
get_path(const struct settings *set, const char *key, const char *def)
{
	const char *v = settings_get(set, key);

	return xstrdup(v != NULL && *v != '\0' ? v : def);
}

static int
config_from_settings(struct authdaemon_config *cfg,
		     const struct settings *set, char **error_r)
{
	const char *v;

	if (parse_modules(cfg, settings_get_str(set, "authmodulelist",
						"authuserdb"),
			  error_r) < 0 ||
	    get_uint(set, cfg, "daemons", 5, 1, AUTHDAEMON_MAX_DAEMONS,
		     &cfg->daemons, error_r) < 0 ||
	    get_uint(set, cfg, "DEBUG_LOGIN", 0, 0, 2, &cfg->debug_login,
		     error_r) < 0 ||
	    get_uint(set, cfg, "request_timeout", 10, 1, 3600,
		     &cfg->request_timeout, error_r) < 0 ||
	    get_uint(set, cfg, "worker_timeout", 60, 1, 3600,
		     &cfg->worker_timeout, error_r) < 0)
		return -1;
	cfg->authdaemonvar = get_path(set, "authdaemonvar",
				      AUTHDAEMONVAR_DEFAULT);
	cfg->socket_path = xasprintf("%s/socket", cfg->authdaemonvar);
	cfg->pid_path = xasprintf("%s/pid", cfg->authdaemonvar);
	cfg->group = get_path(set, "authdaemongroup",
			      AUTHDAEMON_GROUP_DEFAULT);
	cfg->default_options = xstrdup(settings_get_str(set, "DEFAULTOPTIONS",
							""));
	v = settings_get(set, "LOGGEROPTS");
	if (v != NULL)
		parse_loggeropts(cfg, v);
	cfg->userdb = get_path(set, "userdb", USERDB_PATH_DEFAULT);
	cfg->authsqliterc = get_path(set, "authsqliterc", AUTHSQLITERC_PATH);
	cfg->authpgsqlrc = get_path(set, "authpgsqlrc", AUTHPGSQLRC_PATH);
	cfg->authldaprc = get_path(set, "authldaprc", AUTHLDAPRC_PATH);
	cfg->authpipeprog = get_path(set, "authpipeprog", AUTHPIPEPROG_PATH);
	cfg->authsystem_passwd = get_path(set, "authsystem_passwd",
					  AUTHSYSTEM_PASSWD_PATH);
	return 0;
}

static void
collect_ldaptls(const char *key, const char *value, void *context)
{
	struct authdaemon_config *cfg = context;

	if (strncmp(key, "LDAPTLS_", 8) != 0 || cfg->ldaptls_count == 8)
		return;
	cfg->ldaptls_keys[cfg->ldaptls_count] = xstrdup(key);
	cfg->ldaptls_values[cfg->ldaptls_count] = xstrdup(value);
	cfg->ldaptls_count++;
}

void
authdaemon_config_export_ldaptls(const struct authdaemon_config *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->ldaptls_count; i++)
		setenv(cfg->ldaptls_keys[i], cfg->ldaptls_values[i], 1);
}

int
authdaemon_config_load(const char *path, struct authdaemon_config **cfg_r,
		       char **error_r)
{
	struct authdaemon_config *cfg = xcalloc(1, sizeof(*cfg));
	struct settings *set = settings_new();
	const char *err;
	int ret = -1;

	cfg->path = xstrdup(path != NULL ? path : AUTHDAEMONRC_PATH);
	if (settings_read_shell(set, cfg->path, false, &err) < 0) {
		*error_r = xstrdup(err);
		goto out;
	}
	settings_warn_unknown(set, known_keys, known_prefixes);
	if (config_from_settings(cfg, set, error_r) < 0)
		goto out;
	settings_foreach(set, collect_ldaptls, cfg);
	*cfg_r = cfg;
	cfg = NULL;
	ret = 0;
out:
	settings_free(&set);
	authdaemon_config_free(&cfg);
	return ret;
}

void
authdaemon_config_free(struct authdaemon_config **cfgp)
{
	struct authdaemon_config *cfg = *cfgp;
	unsigned int i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->module_count; i++)
		free(cfg->modules[i]);
	free(cfg->path);
	free(cfg->authdaemonvar);
	free(cfg->socket_path);
	free(cfg->pid_path);
	free(cfg->group);
	free(cfg->default_options);
	free(cfg->logger_name);
	free(cfg->userdb);
	free(cfg->authsqliterc);
	free(cfg->authpgsqlrc);
	free(cfg->authldaprc);
	free(cfg->authpipeprog);
	free(cfg->authsystem_passwd);
	for (i = 0; i < cfg->ldaptls_count; i++) {
		free(cfg->ldaptls_keys[i]);
		free(cfg->ldaptls_values[i]);
	}
	free(cfg);
	*cfgp = NULL;
}
