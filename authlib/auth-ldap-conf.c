#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "auth-ldap-conf.h"
#include "auth-str.h"
#include "settings.h"
#include "strnum.h"

static char *
opt(const struct settings *set, const char *key, const char *def)
{
	const char *v = settings_get(set, key);

	if (v != NULL && *v != '\0')
		return xstrdup(v);
	return def != NULL ? xstrdup(def) : NULL;
}

static int
parse_uris(struct ldap_conf *c, const char *list, char **error_r)
{
	const char *p = list;

	while (*p != '\0') {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == 0)
			break;
		if (c->uri_count == LDAP_CONF_MAX_URIS) {
			*error_r = xstrdup("LDAP_URI: too many URIs");
			return -1;
		}
		c->uris[c->uri_count++] = xstrndup(p, len);
		p += len;
	}
	if (c->uri_count == 0) {
		*error_r = xstrdup("LDAP_URI is not set");
		return -1;
	}
	return 0;
}

/* "attr=name,attr2=name2" (LDAP_AUXOPTIONS) */
static int
parse_aux(struct ldap_conf *c, const char *list, char **error_r)
{
	char *copy = xstrdup(list), *save = NULL, *item;
	int ret = 0;

	for (item = strtok_r(copy, ",", &save); item != NULL;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (eq == NULL || eq == item || eq[1] == '\0' ||
		    c->aux_count == LDAP_CONF_MAX_AUX) {
			*error_r = xasprintf("LDAP_AUXOPTIONS: bad item %s",
					     item);
			ret = -1;
			break;
		}
		*eq = '\0';
		c->aux[c->aux_count].attr = xstrdup(item);
		c->aux[c->aux_count].name = xstrdup(eq + 1);
		c->aux_count++;
	}
	free(copy);
	return ret;
}

/* LDAP_GLOB_UID / LDAP_GLOB_GID: a number or a user/group name. */
static int
parse_glob(const struct settings *set, struct ldap_conf *c, char **error_r)
{
	const char *u = settings_get(set, "LDAP_GLOB_UID");
	const char *g = settings_get(set, "LDAP_GLOB_GID");
	uint32_t n;

	if (u != NULL && *u != '\0') {
		struct passwd *pw = getpwnam(u);

		if (str_to_uint32(u, &n) == 0)
			c->glob_uid = (uid_t)n;
		else if (pw != NULL)
			c->glob_uid = pw->pw_uid;
		else {
			*error_r = xasprintf("LDAP_GLOB_UID: no user %s", u);
			return -1;
		}
		c->have_glob_uid = true;
	}
	if (g != NULL && *g != '\0') {
		struct group *gr = getgrnam(g);

		if (str_to_uint32(g, &n) == 0)
			c->glob_gid = (gid_t)n;
		else if (gr != NULL)
			c->glob_gid = gr->gr_gid;
		else {
			*error_r = xasprintf("LDAP_GLOB_GID: no group %s", g);
			return -1;
		}
		c->have_glob_gid = true;
	}
	return 0;
}

static int
parse_deref(const char *v, int *deref_r)
{
	if (v == NULL || *v == '\0' || strcasecmp(v, "never") == 0)
		*deref_r = LDAP_DEREF_NEVER;
	else if (strcasecmp(v, "searching") == 0)
		*deref_r = LDAP_DEREF_SEARCHING;
	else if (strcasecmp(v, "finding") == 0)
		*deref_r = LDAP_DEREF_FINDING;
	else if (strcasecmp(v, "always") == 0)
		*deref_r = LDAP_DEREF_ALWAYS;
	else
		return -1;
	return 0;
}

static int
read_numbers(const struct settings *set, struct ldap_conf *c,
	     char **error_r)
{
	const char *err = NULL;
	uint64_t v;
	bool b;

	if (settings_get_uint(set, "LDAP_PROTOCOL_VERSION", 3, &v, &err) < 0 ||
	    (v != 2 && v != 3))
		goto bad;
	c->version = (int)v;
	if (settings_get_uint(set, "LDAP_TIMEOUT", 5, &v, &err) < 0 ||
	    v == 0 || v > 600)
		goto bad;
	c->timeout = (int)v;
	if (settings_get_bool(set, "LDAP_AUTHBIND", false, &b, &err) < 0)
		goto bad;
	c->authbind = b;
	if (settings_get_bool(set, "LDAP_TLS", false, &b, &err) < 0)
		goto bad;
	c->tls = b;
	if (settings_get_bool(set, "LDAP_INITBIND", c->binddn != NULL, &b,
			      &err) < 0)
		goto bad;
	c->initbind = b && c->binddn != NULL;
	if (parse_deref(settings_get(set, "LDAP_DEREF"), &c->deref) < 0) {
		err = "LDAP_DEREF: never, searching, finding or always";
		goto bad;
	}
	return 0;
bad:
	*error_r = xasprintf("bad number or boolean: %s",
			     err != NULL ? err : "LDAP_PROTOCOL_VERSION/"
						 "LDAP_TIMEOUT");
	return -1;
}

int
ldap_conf_read(struct ldap_conf *c, const char *path, char **error_r)
{
	struct settings *set = settings_new();
	const char *err, *v;
	char *e = NULL;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (settings_read_fields(set, path, false, &err) < 0) {
		e = xstrdup(err);
		goto out;
	}
	v = settings_get(set, "LDAP_URI");
	c->basedn = opt(set, "LDAP_BASEDN", NULL);
	c->binddn = opt(set, "LDAP_BINDDN", NULL);
	c->bindpw = opt(set, "LDAP_BINDPW", "");
	if (parse_uris(c, v != NULL ? v : "", &e) < 0 ||
	    read_numbers(set, c, &e) < 0 || parse_glob(set, c, &e) < 0 ||
	    parse_aux(c, settings_get_str(set, "LDAP_AUXOPTIONS", ""), &e) < 0)
		goto out;
	if (c->basedn == NULL) {
		e = xstrdup("LDAP_BASEDN is not set");
		goto out;
	}
	c->mail = opt(set, "LDAP_MAIL", "mail");
	c->filter = opt(set, "LDAP_FILTER", NULL);
	c->enumerate_filter = opt(set, "LDAP_ENUMERATE_FILTER", NULL);
	c->domain = opt(set, "LDAP_DOMAIN", NULL);
	c->homedir = opt(set, "LDAP_HOMEDIR", "homeDirectory");
	c->mailroot = opt(set, "LDAP_MAILROOT", NULL);
	c->maildir = opt(set, "LDAP_MAILDIR", NULL);
	c->quota = opt(set, "LDAP_MAILDIRQUOTA", NULL);
	c->fullname = opt(set, "LDAP_FULLNAME", NULL);
	c->clearpw = opt(set, "LDAP_CLEARPW", NULL);
	c->cryptpw = opt(set, "LDAP_CRYPTPW", NULL);
	c->uid = opt(set, "LDAP_UID", NULL);
	c->gid = opt(set, "LDAP_GID", NULL);
	c->emailmap = opt(set, "LDAP_EMAILMAP", NULL);
	c->emailmap_basedn = opt(set, "LDAP_EMAILMAP_BASEDN", c->basedn);
	c->emailmap_attribute = opt(set, "LDAP_EMAILMAP_ATTRIBUTE", "handle");
	c->emailmap_mail = opt(set, "LDAP_EMAILMAP_MAIL", c->mail);
	if ((c->uid == NULL && !c->have_glob_uid) ||
	    (c->gid == NULL && !c->have_glob_gid)) {
		e = xstrdup("set LDAP_UID/LDAP_GID or LDAP_GLOB_UID/"
			    "LDAP_GLOB_GID");
		goto out;
	}
	ret = 0;
out:
	if (ret < 0) {
		*error_r = xasprintf("%s: %s", path, e);
		ldap_conf_free(c);
	}
	free(e);
	settings_free(&set);
	return ret;
}

void
ldap_conf_free(struct ldap_conf *c)
{
	char **strs[] = {
		&c->basedn, &c->binddn, &c->mail, &c->filter,
		&c->enumerate_filter, &c->domain, &c->homedir, &c->mailroot,
		&c->maildir, &c->quota, &c->fullname, &c->clearpw, &c->cryptpw,
		&c->uid, &c->gid, &c->emailmap, &c->emailmap_basedn,
		&c->emailmap_attribute, &c->emailmap_mail,
	};
	unsigned int i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		str_free(strs[i]);
	str_free_secret(&c->bindpw);
	for (i = 0; i < c->uri_count; i++)
		str_free(&c->uris[i]);
	for (i = 0; i < c->aux_count; i++) {
		str_free(&c->aux[i].attr);
		str_free(&c->aux[i].name);
	}
	c->uri_count = 0;
	c->aux_count = 0;
}
