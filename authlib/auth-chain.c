#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "auth-chain.h"
#include "log.h"
#include "password-scheme.h"

struct auth_chain_entry {
	const struct auth_module *module;
	void *ctx;
};

struct auth_chain {
	const struct authdaemon_config *cfg;
	struct auth_chain_entry entries[AUTHDAEMON_MAX_MODULES];
	unsigned int count;
};

struct auth_chain *
auth_chain_new(const struct authdaemon_config *cfg, char **error_r)
{
	struct auth_chain *chain = xcalloc(1, sizeof(*chain));
	unsigned int i;

	chain->cfg = cfg;
	for (i = 0; i < cfg->module_count; i++) {
		const struct auth_module *m = auth_module_find(cfg->modules[i]);
		struct auth_chain_entry *e = &chain->entries[chain->count];
		char *err = NULL;

		if (m == NULL) {
			*error_r = xasprintf("unknown or not built-in module "
					     "%s in authmodulelist",
					     cfg->modules[i]);
			auth_chain_free(&chain);
			return NULL;
		}
		e->module = m;
		if (m->init(cfg, &e->ctx, &err) < 0) {
			*error_r = xasprintf("%s: %s", m->name, err);
			free(err);
			auth_chain_free(&chain);
			return NULL;
		}
		chain->count++;
	}
	return chain;
}

void
auth_chain_free(struct auth_chain **chainp)
{
	struct auth_chain *chain = *chainp;
	unsigned int i;

	if (chain == NULL)
		return;
	for (i = 0; i < chain->count; i++) {
		if (chain->entries[i].module->deinit != NULL)
			chain->entries[i].module->deinit(chain->entries[i].ctx);
	}
	free(chain);
	*chainp = NULL;
}

int
auth_chain_check(const struct authdaemon_config *cfg, char **error_r)
{
	struct auth_chain *chain = auth_chain_new(cfg, error_r);

	if (chain == NULL)
		return -1;
	auth_chain_free(&chain);
	return 0;
}

enum auth_result
auth_chain_lookup(struct auth_chain *chain, const char *module,
		  const char *service, const char *user,
		  struct auth_record *rec)
{
	unsigned int i;

	for (i = 0; i < chain->count; i++) {
		struct auth_chain_entry *e = &chain->entries[i];
		enum auth_result r;

		if (strcmp(module, ".") != 0 &&
		    strcmp(module, e->module->name) != 0)
			continue;
		r = e->module->lookup(e->ctx, service, user, rec);
		if (r != AUTH_RESULT_FAIL)
			return r;
		auth_record_clear(rec);
	}
	return AUTH_RESULT_FAIL;
}

bool
auth_record_password_ok(const struct auth_record *rec, const char *pass)
{
	if (rec->passwd != NULL && rec->passwd[0] != '\0')
		return password_verify(pass, rec->passwd) == 1;
	if (rec->passwd2 != NULL && rec->passwd2[0] != '\0')
		return mem_equal_secret(pass, strlen(pass), rec->passwd2,
					strlen(rec->passwd2));
	return false;
}

static enum auth_result
module_login(struct auth_chain_entry *e, const char *service,
	     const char *user, const char *pass, struct auth_record *rec)
{
	enum auth_result r;

	if (e->module->login != NULL)
		return e->module->login(e->ctx, service, user, pass, rec);
	r = e->module->lookup(e->ctx, service, user, rec);
	if (r != AUTH_RESULT_OK)
		return r;
	return auth_record_password_ok(rec, pass) ? AUTH_RESULT_OK
					     : AUTH_RESULT_FAIL;
}

enum auth_result
auth_chain_login(struct auth_chain *chain, const char *service,
		 const char *user, const char *pass, struct auth_record *rec)
{
	unsigned int i;

	for (i = 0; i < chain->count; i++) {
		enum auth_result r = module_login(&chain->entries[i], service,
						  user, pass, rec);

		if (r == AUTH_RESULT_OK)
			auth_record_set(&rec->passwd2, pass);
		if (r != AUTH_RESULT_FAIL)
			return r;
		auth_record_clear(rec);
	}
	return AUTH_RESULT_FAIL;
}

/* The clear password if the backend has one, else a precomputed secret
   of the matching hash (userdb's hmac-md5pw / hmac-sha1pw). */
static bool
cram_secret_ok(const struct auth_cram *cram, const struct auth_record *rec)
{
	if (rec->passwd2 != NULL && rec->passwd2[0] != '\0')
		return auth_cram_verify(cram, rec->passwd2);
	if (cram->type == AUTH_CRAM_MD5)
		return auth_cram_verify_state(cram, rec->hmac_md5);
	if (cram->type == AUTH_CRAM_SHA1)
		return auth_cram_verify_state(cram, rec->hmac_sha1);
	return false;
}

enum auth_result
auth_chain_cram(struct auth_chain *chain, const char *service,
		const struct auth_cram *cram, struct auth_record *rec)
{
	unsigned int i;

	for (i = 0; i < chain->count; i++) {
		struct auth_chain_entry *e = &chain->entries[i];
		enum auth_result r;

		r = e->module->lookup(e->ctx, service, cram->user, rec);
		if (r == AUTH_RESULT_TEMPFAIL)
			return r;
		if (r == AUTH_RESULT_OK && cram_secret_ok(cram, rec)) {
			if (e->module->cram_reply != NULL)
				e->module->cram_reply(rec);
			return AUTH_RESULT_OK;
		}
		auth_record_clear(rec);
	}
	return AUTH_RESULT_FAIL;
}

enum auth_result
auth_chain_passwd(struct auth_chain *chain, const char *service,
		  const char *user, const char *oldpass, const char *newpass)
{
	unsigned int i;

	for (i = 0; i < chain->count; i++) {
		struct auth_chain_entry *e = &chain->entries[i];
		enum auth_result r;

		if (e->module->passwd == NULL)
			continue;
		r = e->module->passwd(e->ctx, service, user, oldpass, newpass);
		if (r != AUTH_RESULT_FAIL)
			return r;
	}
	return AUTH_RESULT_FAIL;
}

enum auth_result
auth_chain_enumerate(struct auth_chain *chain,
		     void (*header)(const char *module, void *context),
		     auth_enum_callback_t *cb, void *context)
{
	unsigned int i;

	for (i = 0; i < chain->count; i++) {
		struct auth_chain_entry *e = &chain->entries[i];

		if (e->module->enumerate == NULL)
			continue;
		header(e->module->name, context);
		if (e->module->enumerate(e->ctx, cb, context) !=
		    AUTH_RESULT_OK)
			return AUTH_RESULT_TEMPFAIL;
	}
	return AUTH_RESULT_OK;
}
