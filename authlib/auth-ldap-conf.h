#ifndef ESTAFETTE_AUTH_LDAP_CONF_H
#define ESTAFETTE_AUTH_LDAP_CONF_H

/*
 * authldaprc (Courier's keys), parsed once per worker into a struct; see
 * authldaprc(5). Attribute names and filters come from the administrator;
 * only values from clients are escaped (ldap-filter.h).
 */

#include <stdbool.h>
#include <sys/types.h>

#define LDAP_CONF_MAX_URIS 8
#define LDAP_CONF_MAX_AUX 16

struct ldap_aux_option {
	char *attr;
	char *name;
};

struct ldap_conf {
	char *uris[LDAP_CONF_MAX_URIS];
	unsigned int uri_count;
	int version;
	char *basedn;
	char *binddn;
	char *bindpw;
	int timeout;		/* seconds */
	bool authbind;
	bool initbind;
	bool tls;
	int deref;
	char *mail;
	char *filter;
	char *enumerate_filter;
	char *domain;
	char *homedir;
	char *mailroot;
	char *maildir;
	char *quota;
	char *fullname;
	char *clearpw;
	char *cryptpw;
	char *uid;
	char *gid;
	bool have_glob_uid, have_glob_gid;
	uid_t glob_uid;
	gid_t glob_gid;
	char *emailmap;
	char *emailmap_basedn;
	char *emailmap_attribute;
	char *emailmap_mail;
	struct ldap_aux_option aux[LDAP_CONF_MAX_AUX];
	unsigned int aux_count;
};

/* Reads path. Returns 0, or -1 with a malloc()ed *error_r. */
int ldap_conf_read(struct ldap_conf *conf, const char *path, char **error_r);
void ldap_conf_free(struct ldap_conf *conf);

#endif
