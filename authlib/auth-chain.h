#ifndef ESTAFETTE_AUTH_CHAIN_H
#define ESTAFETTE_AUTH_CHAIN_H

/*
 * The modules of authmodulelist, tried in order as Courier does: the first
 * module that succeeds answers; FAIL goes on to the next module; TEMPFAIL
 * stops the chain (the daemon then closes without a reply).
 */

#include "auth-cram.h"
#include "auth-module.h"

struct auth_chain;

/* Initialises every module of cfg (borrowed; must outlive the chain).
   Returns NULL with a malloc()ed *error_r on failure. */
struct auth_chain *auth_chain_new(const struct authdaemon_config *cfg,
				  char **error_r);
void auth_chain_free(struct auth_chain **chain);
/* Creates and frees a chain: catches module settings errors at start,
   before workers are forked. */
int auth_chain_check(const struct authdaemon_config *cfg, char **error_r);

/* Checks pass against rec->passwd (any scheme), or rec->passwd2 when
   there is no crypted password; constant time. */
bool auth_record_password_ok(const struct auth_record *rec, const char *pass);

/* PRE: module is "." (any) or one module name. */
enum auth_result auth_chain_lookup(struct auth_chain *chain,
				   const char *module, const char *service,
				   const char *user, struct auth_record *rec);
/* AUTH login. On success rec->passwd2 holds pass, as Courier replies. */
enum auth_result auth_chain_login(struct auth_chain *chain,
				  const char *service, const char *user,
				  const char *pass, struct auth_record *rec);
/* AUTH cram-*: needs a clear-text password from the backend. */
enum auth_result auth_chain_cram(struct auth_chain *chain,
				 const char *service,
				 const struct auth_cram *cram,
				 struct auth_record *rec);
enum auth_result auth_chain_passwd(struct auth_chain *chain,
				   const char *service, const char *user,
				   const char *oldpass, const char *newpass);

/*
 * ENUMERATE: for each module calls header(name) then cb for each account.
 * Stops at the first TEMPFAIL.
 */
enum auth_result auth_chain_enumerate(struct auth_chain *chain,
				      void (*header)(const char *module,
						     void *context),
				      auth_enum_callback_t *cb,
				      void *context);

#endif
