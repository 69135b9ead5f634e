#ifndef ESTAFETTE_AUTH_MODULE_H
#define ESTAFETTE_AUTH_MODULE_H

/*
 * The interface every backend (authuserdb, authshadow, authpwd, authpam,
 * authsqlite, ...) implements, one file each. A module instance lives in
 * one authdaemond worker; its functions are never called concurrently.
 *
 * Results, as Courier's modules return them:
 *   AUTH_RESULT_OK        found (and, for login, password right)
 *   AUTH_RESULT_FAIL      unknown user or wrong password: try the next module
 *   AUTH_RESULT_TEMPFAIL  the backend cannot answer now: stop, no reply
 */

#include <sys/types.h>

#include "auth-record.h"
#include "authdaemon-config.h"

enum auth_result {
	AUTH_RESULT_OK = 0,
	AUTH_RESULT_FAIL = -1,
	AUTH_RESULT_TEMPFAIL = 1,
};

/* One ENUMERATE entry; every string may be NULL except name and home. */
struct auth_enum_entry {
	const char *name;
	uid_t uid;
	gid_t gid;
	const char *home;
	const char *maildir;
	const char *options;
};

typedef void auth_enum_callback_t(const struct auth_enum_entry *entry,
				  void *context);

struct auth_module {
	const char *name;
	/* Creates an instance. Returns 0, or -1 with a malloc()ed *error_r. */
	int (*init)(const struct authdaemon_config *cfg, void **ctx_r,
		    char **error_r);
	void (*deinit)(void *ctx);
	/*
	 * Looks up user for service without a password. Fills rec (empty on
	 * entry); rec->passwd / rec->passwd2 carry the crypted / clear
	 * password for service when the backend has one.
	 */
	enum auth_result (*lookup)(void *ctx, const char *service,
				   const char *user, struct auth_record *rec);
	/* Optional: checks the password itself (PAM). When NULL the chain
	   uses lookup() and password_verify(). */
	enum auth_result (*login)(void *ctx, const char *service,
				  const char *user, const char *pass,
				  struct auth_record *rec);
	/* Optional: changes the password. */
	enum auth_result (*passwd)(void *ctx, const char *service,
				   const char *user, const char *oldpass,
				   const char *newpass);
	/* Optional: lists every account. Returns OK or TEMPFAIL. */
	enum auth_result (*enumerate)(void *ctx, auth_enum_callback_t *cb,
				      void *cb_ctx);
	/* Optional: trims the record answered after a CRAM login to what
	   Courier's module answers. */
	void (*cram_reply)(struct auth_record *rec);
};

/* The built-in modules, one file each. */
extern const struct auth_module auth_module_userdb;
extern const struct auth_module auth_module_shadow;
extern const struct auth_module auth_module_pwd;
extern const struct auth_module auth_module_pipe;
#ifdef HAVE_PAM
extern const struct auth_module auth_module_pam;
#endif
#ifdef HAVE_SQLITE
extern const struct auth_module auth_module_sqlite;
#endif
#ifdef HAVE_PGSQL
extern const struct auth_module auth_module_pgsql;
#endif
#ifdef HAVE_LDAP
extern const struct auth_module auth_module_ldap;
#endif

/* The module called name, or NULL when it is unknown or not built in. */
const struct auth_module *auth_module_find(const char *name);
/* Checks that every module of cfg is built in; -1 with a malloc()ed
   *error_r naming the first that is not. */
int auth_modules_check(const struct authdaemon_config *cfg, char **error_r);

#endif
