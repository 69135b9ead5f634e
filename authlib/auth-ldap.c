/*
 * authldap: accounts in an LDAP directory, configured by Courier's
 * authldaprc (see auth-ldap-conf.h and authldaprc(5)). The URIs of
 * LDAP_URI are tried in turn; a connection that fails (server restarted,
 * network gone) is dropped and the request retried once on a new one,
 * after which it is a temporary failure. User input reaches filters only
 * escaped per RFC 4515. With LDAP_AUTHBIND the password is checked by
 * binding as the account's DN on a second connection (never with an empty
 * password: that would be an unauthenticated bind).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <ldap.h>

#include "auth-chain.h"
#include "auth-ldap-conf.h"
#include "ldap-filter.h"
#include "password-scheme.h"
#include "strnum.h"

#define LDAP_MAX_ATTRS (16 + LDAP_CONF_MAX_AUX)

struct ldap_ctx {
	struct ldap_conf c;
	LDAP *ld;
};

/* Result of one search: 1 entry found, 0 none, -1 tempfail. */
struct ldap_hit {
	LDAPMessage *res;
	LDAPMessage *entry;
};

static int
auth_ldap_init(const struct authdaemon_config *cfg, void **ctx_r,
	       char **error_r)
{
	struct ldap_ctx *ctx = xcalloc(1, sizeof(*ctx));

	if (ldap_conf_read(&ctx->c, cfg->authldaprc, error_r) < 0) {
		free(ctx);
		return -1;
	}
	*ctx_r = ctx;
	return 0;
}

static void
auth_ldap_deinit(void *p)
{
	struct ldap_ctx *ctx = p;

	if (ctx->ld != NULL)
		ldap_unbind_ext_s(ctx->ld, NULL, NULL);
	ldap_conf_free(&ctx->c);
	free(ctx);
}

static int
simple_bind(LDAP *ld, const char *dn, const char *pw)
{
	struct berval cred;

	cred.bv_val = (char *)(uintptr_t)pw;
	cred.bv_len = strlen(pw);
	return ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
				NULL);
}

/*
 * A new connection to one of the URIs, StartTLS'd if configured, bound as
 * dn/pw (dn NULL: no bind). *rc_r gets the bind result of the last URI
 * tried (to tell wrong credentials from an unreachable server).
 */
static LDAP *
dir_connect(const struct ldap_conf *c, const char *dn, const char *pw,
	     int *rc_r)
{
	struct timeval tv = { c->timeout, 0 };
	unsigned int i;

	*rc_r = LDAP_SERVER_DOWN;
	for (i = 0; i < c->uri_count; i++) {
		LDAP *ld = NULL;
		int rc;

		if (ldap_initialize(&ld, c->uris[i]) != LDAP_SUCCESS)
			continue;
		ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &c->version);
		ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
		ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
		ldap_set_option(ld, LDAP_OPT_DEREF, &c->deref);
		ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
		rc = c->tls ? ldap_start_tls_s(ld, NULL, NULL) : LDAP_SUCCESS;
		if (rc == LDAP_SUCCESS && dn != NULL)
			rc = simple_bind(ld, dn, pw);
		*rc_r = rc;
		if (rc == LDAP_SUCCESS)
			return ld;
		if (rc != LDAP_INVALID_CREDENTIALS)
			log_warn("authldap: %s: %s", c->uris[i],
				 ldap_err2string(rc));
		ldap_unbind_ext_s(ld, NULL, NULL);
		if (rc == LDAP_INVALID_CREDENTIALS)
			break;	/* the server answered: no other URI */
	}
	return NULL;
}

static bool
connection_lost(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
	       rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE ||
	       rc == LDAP_BUSY || rc == LDAP_OTHER;
}

static void
drop(struct ldap_ctx *ctx)
{
	if (ctx->ld != NULL)
		ldap_unbind_ext_s(ctx->ld, NULL, NULL);
	ctx->ld = NULL;
}

/* Runs a subtree search, reconnecting once. Returns the LDAP code. */
static int
search(struct ldap_ctx *ctx, const char *base, const char *filter,
       char **attrs, int sizelimit, LDAPMessage **res_r)
{
	struct timeval tv = { ctx->c.timeout, 0 };
	int attempt, rc = LDAP_SERVER_DOWN;

	*res_r = NULL;
	for (attempt = 0; attempt < 2; attempt++) {
		if (ctx->ld == NULL) {
			ctx->ld = dir_connect(&ctx->c,
					       ctx->c.initbind ? ctx->c.binddn
							       : NULL,
					       ctx->c.bindpw, &rc);
			if (ctx->ld == NULL)
				return rc;
		}
		rc = ldap_search_ext_s(ctx->ld, base, LDAP_SCOPE_SUBTREE,
				       filter, attrs, 0, NULL, NULL, &tv,
				       sizelimit, res_r);
		if (!connection_lost(rc))
			return rc;
		ldap_msgfree(*res_r);
		*res_r = NULL;
		drop(ctx);
	}
	return rc;
}

/* Exactly one entry for filter: 1, none (or several): 0, error: -1. */
static int
find_one(struct ldap_ctx *ctx, const char *base, const char *filter,
	 char **attrs, struct ldap_hit *hit)
{
	int rc = search(ctx, base, filter, attrs, 2, &hit->res);

	hit->entry = NULL;
	if (rc == LDAP_NO_SUCH_OBJECT)
		return 0;
	if (rc == LDAP_SIZELIMIT_EXCEEDED) {
		log_warn("authldap: more than one entry for %s", filter);
		return 0;
	}
	if (rc != LDAP_SUCCESS) {
		log_error("authldap: search %s: %s", filter,
			  ldap_err2string(rc));
		return -1;
	}
	if (ldap_count_entries(ctx->ld, hit->res) != 1)
		return 0;
	hit->entry = ldap_first_entry(ctx->ld, hit->res);
	return hit->entry != NULL ? 1 : 0;
}

/* First value of attr (malloc()ed), or NULL. */
static char *
value(LDAP *ld, LDAPMessage *entry, const char *attr)
{
	struct berval **vals;
	char *ret = NULL;

	if (attr == NULL)
		return NULL;
	vals = ldap_get_values_len(ld, entry, attr);
	if (vals != NULL && vals[0] != NULL &&
	    memchr(vals[0]->bv_val, '\0', vals[0]->bv_len) == NULL)
		ret = xstrndup(vals[0]->bv_val, vals[0]->bv_len);
	ldap_value_free_len(vals);
	return ret;
}

static void
add_attr(char **attrs, unsigned int *n, const char *attr)
{
	if (attr != NULL && *n < LDAP_MAX_ATTRS)
		attrs[(*n)++] = (char *)(uintptr_t)attr;
	attrs[*n] = NULL;
}

static void
record_attrs(const struct ldap_conf *c, char **attrs)
{
	unsigned int n = 0, i;

	add_attr(attrs, &n, c->mail);
	add_attr(attrs, &n, c->homedir);
	add_attr(attrs, &n, c->maildir);
	add_attr(attrs, &n, c->quota);
	add_attr(attrs, &n, c->fullname);
	add_attr(attrs, &n, c->clearpw);
	add_attr(attrs, &n, c->cryptpw);
	add_attr(attrs, &n, c->uid);
	add_attr(attrs, &n, c->gid);
	for (i = 0; i < c->aux_count; i++)
		add_attr(attrs, &n, c->aux[i].attr);
}

static int
entry_id(LDAP *ld, LDAPMessage *e, const char *attr, bool have_glob,
	 unsigned long glob, unsigned long *id_r)
{
	char *v = value(ld, e, attr);
	uint32_t n;
	int ret = -1;

	if (v != NULL && str_to_uint32(v, &n) == 0) {
		*id_r = n;
		ret = 0;
	} else if (v == NULL && have_glob) {
		*id_r = glob;
		ret = 0;
	}
	free(v);
	return ret;
}

static char *
aux_options(const struct ldap_conf *c, LDAP *ld, LDAPMessage *e)
{
	struct abuf out = ABUF_INIT;
	unsigned int i;

	for (i = 0; i < c->aux_count; i++) {
		char *v = value(ld, e, c->aux[i].attr);

		if (v != NULL)
			abuf_printf(&out, "%s%s=%s", out.len > 0 ? "," : "",
				    c->aux[i].name, v);
		free(v);
	}
	return out.data;
}

/* As Courier's authldap: LDAP_MAILROOT (mailroot, NULL in ENUMERATE)
   is put before every home directory, even an absolute one. */
static enum auth_result
entry_to_record(const struct ldap_conf *c, LDAP *ld, LDAPMessage *e,
		const char *login, const char *mailroot,
		struct auth_record *rec)
{
	unsigned long uid, gid;
	char *home;

	if (entry_id(ld, e, c->uid, c->have_glob_uid, c->glob_uid, &uid) < 0 ||
	    entry_id(ld, e, c->gid, c->have_glob_gid, c->glob_gid, &gid) < 0) {
		log_warn("authldap: %s: no usable uid/gid", login);
		return AUTH_RESULT_FAIL;
	}
	home = value(ld, e, c->homedir);
	if (home == NULL || *home == '\0') {
		log_warn("authldap: %s: no %s", login, c->homedir);
		free(home);
		return AUTH_RESULT_FAIL;
	}
	if (mailroot != NULL && *mailroot != '\0') {
		rec->home = xasprintf("%s/%s", mailroot, home);
		free(home);
	} else {
		rec->home = home;
	}
	rec->uid = (uid_t)uid;
	rec->gid = (gid_t)gid;
	rec->have_uid = true;
	rec->address = xstrdup(login);
	rec->name = value(ld, e, c->fullname);
	rec->maildir = value(ld, e, c->maildir);
	rec->quota = value(ld, e, c->quota);
	rec->passwd = value(ld, e, c->cryptpw);
	rec->passwd2 = value(ld, e, c->clearpw);
	rec->options = aux_options(c, ld, e);
	return AUTH_RESULT_OK;
}

/*
 * The login to search for: LDAP_DOMAIN appended to a bare name, or the
 * handle found by LDAP_EMAILMAP. *attr_r is the attribute to match.
 * Returns 1, 0 (no such address) or -1 (tempfail).
 */
static int
resolve_login(struct ldap_ctx *ctx, const char *user, char **login_r,
	      const char **attr_r)
{
	const struct ldap_conf *c = &ctx->c;
	const char *at = strrchr(user, '@');
	struct abuf filter = ABUF_INIT;
	struct ldap_hit hit;
	char *attrs[2] = { c->emailmap_attribute, NULL }, *local;
	int r;

	*attr_r = c->mail;
	if (c->emailmap == NULL || at == NULL) {
		*login_r = at == NULL && c->domain != NULL
				   ? xasprintf("%s@%s", user, c->domain)
				   : xstrdup(user);
		return 1;
	}
	local = xstrndup(user, (size_t)(at - user));
	ldap_filter_emailmap(&filter, c->emailmap, local, at + 1);
	free(local);
	r = find_one(ctx, c->emailmap_basedn, filter.data, attrs, &hit);
	if (r == 1) {
		*login_r = value(ctx->ld, hit.entry, c->emailmap_attribute);
		*attr_r = c->emailmap_mail;
		r = *login_r != NULL ? 1 : 0;
	}
	ldap_msgfree(hit.res);
	abuf_free(&filter);
	return r;
}

/* Looks user up; *dn_r (may be NULL) gets the entry's DN. */
static enum auth_result
lookup_dn(struct ldap_ctx *ctx, const char *user, struct auth_record *rec,
	  char **dn_r)
{
	char *attrs[LDAP_MAX_ATTRS + 1], *login = NULL;
	struct abuf filter = ABUF_INIT;
	struct ldap_hit hit = { NULL, NULL };
	enum auth_result ret = AUTH_RESULT_FAIL;
	const char *attr;
	int r;

	if (*user == '\0' || str_has_ctrl(user, strlen(user)))
		return AUTH_RESULT_FAIL;
	r = resolve_login(ctx, user, &login, &attr);
	if (r <= 0)
		return r < 0 ? AUTH_RESULT_TEMPFAIL : AUTH_RESULT_FAIL;
	ldap_filter_match(&filter, attr, login, ctx->c.filter);
	record_attrs(&ctx->c, attrs);
	r = find_one(ctx, ctx->c.basedn, filter.data, attrs, &hit);
	if (r < 0)
		ret = AUTH_RESULT_TEMPFAIL;
	else if (r > 0)
		ret = entry_to_record(&ctx->c, ctx->ld, hit.entry, login,
				      ctx->c.mailroot, rec);
	/* Courier: ADDRESS is the name as given (without LDAP_DOMAIN);
	   with LDAP_EMAILMAP it is the handle found. */
	if (ret == AUTH_RESULT_OK && ctx->c.emailmap == NULL)
		auth_record_set(&rec->address, user);
	if (ret == AUTH_RESULT_OK && dn_r != NULL) {
		char *dn = ldap_get_dn(ctx->ld, hit.entry);

		*dn_r = dn != NULL ? xstrdup(dn) : NULL;
		ldap_memfree(dn);
		if (*dn_r == NULL)
			ret = AUTH_RESULT_TEMPFAIL;
	}
	ldap_msgfree(hit.res);
	abuf_free(&filter);
	free(login);
	return ret;
}

static enum auth_result
auth_ldap_lookup(void *p, const char *service, const char *user,
		 struct auth_record *rec)
{
	return lookup_dn(p, user, rec, NULL);
}

/* LDAP_AUTHBIND: is pass the password of dn? */
static enum auth_result
bind_check(struct ldap_ctx *ctx, const char *dn, const char *pass)
{
	LDAP *ld;
	int rc;

	if (*pass == '\0')
		return AUTH_RESULT_FAIL;
	ld = dir_connect(&ctx->c, dn, pass, &rc);
	if (ld != NULL) {
		ldap_unbind_ext_s(ld, NULL, NULL);
		return AUTH_RESULT_OK;
	}
	return rc == LDAP_INVALID_CREDENTIALS ? AUTH_RESULT_FAIL
					       : AUTH_RESULT_TEMPFAIL;
}

static enum auth_result
auth_ldap_login(void *p, const char *service, const char *user,
		const char *pass, struct auth_record *rec)
{
	struct ldap_ctx *ctx = p;
	char *dn = NULL;
	enum auth_result r;

	r = lookup_dn(ctx, user, rec, &dn);
	if (r == AUTH_RESULT_OK) {
		if (ctx->c.authbind)
			r = bind_check(ctx, dn, pass);
		else if (!auth_record_password_ok(rec, pass))
			r = AUTH_RESULT_FAIL;
	}
	free(dn);
	return r;
}

static int
modify_passwords(struct ldap_ctx *ctx, const char *dn, const char *hash,
		 const char *newpass)
{
	char *crypted = xasprintf("{CRYPT}%s", hash);
	char *cvals[2] = { crypted, NULL }, *pvals[2] = { NULL, NULL };
	LDAPMod cmod, pmod, *mods[3] = { NULL, NULL, NULL };
	unsigned int n = 0;
	int rc = LDAP_SUCCESS;

	pvals[0] = (char *)(uintptr_t)newpass;
	if (ctx->c.cryptpw != NULL) {
		cmod.mod_op = LDAP_MOD_REPLACE;
		cmod.mod_type = ctx->c.cryptpw;
		cmod.mod_values = cvals;
		mods[n++] = &cmod;
	}
	if (ctx->c.clearpw != NULL) {
		pmod.mod_op = LDAP_MOD_REPLACE;
		pmod.mod_type = ctx->c.clearpw;
		pmod.mod_values = pvals;
		mods[n++] = &pmod;
	}
	if (n > 0)
		rc = ldap_modify_ext_s(ctx->ld, dn, mods, NULL, NULL);
	if (rc != LDAP_SUCCESS)
		log_error("authldap: modify %s: %s", dn, ldap_err2string(rc));
	str_free_secret(&crypted);
	return n > 0 && rc == LDAP_SUCCESS ? 0 : -1;
}

static enum auth_result
auth_ldap_passwd(void *p, const char *service, const char *user,
		 const char *oldpass, const char *newpass)
{
	struct ldap_ctx *ctx = p;
	struct auth_record rec = { 0 };
	char *dn = NULL, *hash = NULL;
	enum auth_result r;
	const char *err;

	r = lookup_dn(ctx, user, &rec, &dn);
	if (r == AUTH_RESULT_OK)
		r = ctx->c.authbind ? bind_check(ctx, dn, oldpass)
		    : auth_record_password_ok(&rec, oldpass) ? AUTH_RESULT_OK
							     : AUTH_RESULT_FAIL;
	if (r == AUTH_RESULT_OK) {
		if (password_hash(NULL, newpass, &hash, &err) < 0 ||
		    modify_passwords(ctx, dn, hash, newpass) < 0)
			r = AUTH_RESULT_FAIL;
	}
	auth_record_clear(&rec);
	str_free_secret(&hash);
	free(dn);
	return r;
}

static enum auth_result
auth_ldap_enumerate(void *p, auth_enum_callback_t *cb, void *cb_ctx)
{
	struct ldap_ctx *ctx = p;
	char *attrs[LDAP_MAX_ATTRS + 1];
	struct abuf filter = ABUF_INIT;
	LDAPMessage *res = NULL, *e;
	int rc;

	if (ctx->c.enumerate_filter != NULL)
		abuf_append_str(&filter, ctx->c.enumerate_filter);
	else if (ctx->c.filter != NULL)
		abuf_printf(&filter, "(&(%s=*)%s)", ctx->c.mail,
			    ctx->c.filter);
	else
		abuf_printf(&filter, "(%s=*)", ctx->c.mail);
	record_attrs(&ctx->c, attrs);
	rc = search(ctx, ctx->c.basedn, filter.data, attrs, 0, &res);
	abuf_free(&filter);
	if (rc != LDAP_SUCCESS) {
		log_error("authldap: enumerate: %s", ldap_err2string(rc));
		ldap_msgfree(res);
		return AUTH_RESULT_TEMPFAIL;
	}
	for (e = ldap_first_entry(ctx->ld, res); e != NULL;
	     e = ldap_next_entry(ctx->ld, e)) {
		struct auth_record rec = { 0 };
		char *name = value(ctx->ld, e, ctx->c.mail);
		struct auth_enum_entry ent;

		if (name != NULL && entry_to_record(&ctx->c, ctx->ld, e, name,
						    NULL, &rec) ==
					    AUTH_RESULT_OK) {
			ent.name = name;
			ent.uid = rec.uid;
			ent.gid = rec.gid;
			ent.home = rec.home;
			ent.maildir = rec.maildir;
			ent.options = rec.options;
			cb(&ent, cb_ctx);
		}
		auth_record_clear(&rec);
		free(name);
	}
	ldap_msgfree(res);
	return AUTH_RESULT_OK;
}

const struct auth_module auth_module_ldap = {
	.name = "authldap",
	.init = auth_ldap_init,
	.deinit = auth_ldap_deinit,
	.lookup = auth_ldap_lookup,
	.login = auth_ldap_login,
	.passwd = auth_ldap_passwd,
	.enumerate = auth_ldap_enumerate,
};
