#ifndef ESTAFETTE_AUTHDAEMON_CONFIG_H
#define ESTAFETTE_AUTHDAEMON_CONFIG_H

/*
 * authdaemonrc, parsed once into a const struct (Courier's keys, see
 * authdaemonrc(5)):
 *   authmodulelist  modules tried in order (default "authuserdb")
 *   daemons         pre-forked workers (default 5, 1..256)
 *   authdaemonvar   directory holding "socket" and "pid"
 *   DEBUG_LOGIN     0, 1 (debug log), 2 (as 1: passwords are never logged)
 *   DEFAULTOPTIONS  options merged into every account's OPTIONS
 *   LOGGEROPTS      courierlogger options; -name=IDENT is honoured
 * Estafette's additions (absent from Courier's file, defaults shown in
 * etc/authdaemonrc): userdb, authsqliterc, authpgsqlrc, authldaprc (paths),
 * authdaemongroup (group allowed into authdaemonvar), authpipeprog,
 * request_timeout (seconds to receive a request), worker_timeout (seconds a
 * request may take before its worker is replaced), authsystem_passwd (the
 * program authshadow/authpwd run to change a system password, Courier's
 * compiled-in authsystem.passwd).
 */

#include <stdbool.h>

#include "auth-paths.h"

#define AUTHDAEMON_MAX_MODULES 16
#define AUTHDAEMON_MAX_DAEMONS 256

struct authdaemon_config {
	char *path;
	char *modules[AUTHDAEMON_MAX_MODULES];
	unsigned int module_count;
	unsigned int daemons;
	char *authdaemonvar;
	char *socket_path;
	char *pid_path;
	char *group;
	unsigned int debug_login;
	char *default_options;
	char *logger_name;
	char *userdb;
	char *authsqliterc;
	char *authpgsqlrc;
	char *authldaprc;
	char *authpipeprog;
	char *authsystem_passwd;
	unsigned int request_timeout;
	unsigned int worker_timeout;
	/* LDAPTLS_* settings, handed to libldap through the environment
	   (authdaemon_config_export_ldaptls()), as Courier does. */
	char *ldaptls_keys[8];
	char *ldaptls_values[8];
	unsigned int ldaptls_count;
};

/*
 * Reads path (NULL = the compiled-in SYSCONFDIR/authdaemonrc). Returns 0
 * and a new config, or -1 with *error_r (a malloc()ed message the caller
 * frees).
 */
int authdaemon_config_load(const char *path,
			   struct authdaemon_config **cfg_r, char **error_r);
void authdaemon_config_free(struct authdaemon_config **cfg);
/* setenv()s the LDAPTLS_* settings; called by main() before workers. */
void authdaemon_config_export_ldaptls(const struct authdaemon_config *cfg);

#endif
