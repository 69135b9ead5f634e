#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "password-scheme.h"
#include "sql-common.h"
#include "strnum.h"

struct sql_keys {
	const struct settings *set;
	const char *prefix;
};

/* The expression of prefix+key, or def when unset. */
static const char *
key(const struct sql_keys *k, const char *name, const char *def)
{
	char *full = xasprintf("%s%s", k->prefix, name);
	const char *v = settings_get(k->set, full);

	free(full);
	return v != NULL && *v != '\0' ? v : def;
}

static int
custom(const struct sql_keys *k, const char *name, enum sql_dialect d,
       char **sql_r, char **error_r)
{
	const char *tmpl = key(k, name, NULL), *err;
	struct abuf out = ABUF_INIT;

	if (tmpl == NULL)
		return 0;
	if (sql_template_expand(tmpl, d, &out, &err) < 0) {
		*error_r = xasprintf("%s%s: %s", k->prefix, name, err);
		abuf_free(&out);
		return -1;
	}
	*sql_r = out.data;
	return 0;
}

static void
defaults(struct sql_queries *q, const struct sql_keys *k, const char *p4)
{
	const char *table = key(k, "USER_TABLE", "passwd");
	const char *login = key(k, "LOGIN_FIELD", "id");
	const char *where = key(k, "WHERE_CLAUSE", NULL);
	const char *clear = key(k, "CLEAR_PWFIELD", NULL);
	char *and_where = where != NULL ? xasprintf(" AND (%s)", where)
					: xstrdup("");

	if (q->select == NULL)
		q->select = xasprintf(
			"SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
			"FROM %s WHERE %s = %s%s", login,
			key(k, "CRYPT_PWFIELD", "''"), clear ? clear : "''",
			key(k, "UID_FIELD", "uid"), key(k, "GID_FIELD", "gid"),
			key(k, "HOME_FIELD", "home"),
			key(k, "MAILDIR_FIELD", "''"),
			key(k, "QUOTA_FIELD", "''"), key(k, "NAME_FIELD", "''"),
			key(k, "AUXOPTIONS_FIELD", "''"), table, login, p4,
			and_where);
	if (q->enumerate == NULL)
		q->enumerate = xasprintf(
			"SELECT %s, %s, %s, %s, %s, %s FROM %s%s%s", login,
			key(k, "UID_FIELD", "uid"), key(k, "GID_FIELD", "gid"),
			key(k, "HOME_FIELD", "home"),
			key(k, "MAILDIR_FIELD", "''"),
			key(k, "AUXOPTIONS_FIELD", "''"), table,
			where != NULL ? " WHERE " : "",
			where != NULL ? where : "");
	if (q->chpass == NULL)
		q->chpass = xasprintf(
			"UPDATE %s SET %s = %c6%s%s%s WHERE %s = %s%s", table,
			key(k, "CRYPT_PWFIELD", "crypt"), p4[0],
			clear != NULL ? ", " : "", clear != NULL ? clear : "",
			clear != NULL ? (p4[0] == '?' ? " = ?5" : " = $5")
				      : "",
			login, p4, and_where);
	free(and_where);
}

int
sql_queries_init(struct sql_queries *q, const struct settings *set,
		 const char *prefix, enum sql_dialect d, char **error_r)
{
	struct sql_keys k = { set, prefix };
	const char *dom = settings_get(set, "DEFAULT_DOMAIN");

	memset(q, 0, sizeof(*q));
	if (custom(&k, "SELECT_CLAUSE", d, &q->select, error_r) < 0 ||
	    custom(&k, "ENUMERATE_CLAUSE", d, &q->enumerate, error_r) < 0 ||
	    custom(&k, "CHPASS_CLAUSE", d, &q->chpass, error_r) < 0) {
		sql_queries_free(q);
		return -1;
	}
	defaults(q, &k, d == SQL_DIALECT_SQLITE ? "?4" : "$4");
	if (dom != NULL && *dom != '\0')
		q->default_domain = xstrdup(dom);
	return 0;
}

void
sql_queries_free(struct sql_queries *q)
{
	str_free(&q->select);
	str_free(&q->enumerate);
	str_free(&q->chpass);
	str_free(&q->default_domain);
}

void
sql_params_init(struct sql_params *p, const struct sql_queries *q,
		const char *user, const char *service, const char *newpass,
		const char *newcrypt)
{
	const char *at;

	if (strchr(user, '@') == NULL && q->default_domain != NULL)
		p->user = xasprintf("%s@%s", user, q->default_domain);
	else
		p->user = xstrdup(user);
	at = strrchr(p->user, '@');
	p->local_part = at != NULL ? xstrndup(p->user,
					      (size_t)(at - p->user))
				   : xstrdup(p->user);
	p->values[SQL_PARAM_LOCAL_PART - 1] = p->local_part;
	p->values[SQL_PARAM_DOMAIN - 1] = at != NULL ? at + 1 : "";
	p->values[SQL_PARAM_SERVICE - 1] = service != NULL ? service : "";
	p->values[SQL_PARAM_USER - 1] = p->user;
	p->values[SQL_PARAM_NEWPASS - 1] = newpass != NULL ? newpass : "";
	p->values[SQL_PARAM_NEWPASS_CRYPT - 1] = newcrypt != NULL ? newcrypt
								   : "";
}

void
sql_params_free(struct sql_params *p)
{
	str_free(&p->user);
	str_free(&p->local_part);
	memset(p->values, 0, sizeof(p->values));
}

static char *
text_or_null(const char *v)
{
	return v != NULL && *v != '\0' ? xstrdup(v) : NULL;
}

static int
id(const char *v, unsigned long *id_r)
{
	uint32_t n;

	if (v == NULL || str_to_uint32(v, &n) < 0)
		return -1;
	*id_r = n;
	return 0;
}

enum auth_result
sql_row_to_record(const char *const *cols, const char *user,
		  bool empty_passwords, struct auth_record *rec)
{
	unsigned long uid, gid;

	if (id(cols[3], &uid) < 0 || id(cols[4], &gid) < 0 ||
	    cols[5] == NULL || cols[5][0] == '\0') {
		log_warn("%s: bad uid, gid or home in the database", user);
		return AUTH_RESULT_FAIL;
	}
	rec->uid = (uid_t)uid;
	rec->gid = (gid_t)gid;
	rec->have_uid = true;
	if (empty_passwords) {
		rec->passwd = xstrdup(cols[1] != NULL ? cols[1] : "");
		rec->passwd2 = xstrdup(cols[2] != NULL ? cols[2] : "");
	} else {
		rec->passwd = text_or_null(cols[1]);
		rec->passwd2 = text_or_null(cols[2]);
	}
	rec->home = xstrdup(cols[5]);
	rec->maildir = text_or_null(cols[6]);
	rec->quota = text_or_null(cols[7]);
	rec->name = xstrdup(cols[8] != NULL ? cols[8] : "");
	rec->options = text_or_null(cols[9]);
	rec->address = xstrdup(user);
	return AUTH_RESULT_OK;
}

int
sql_row_to_entry(const char *const *cols, struct auth_enum_entry *e)
{
	unsigned long uid, gid;

	if (cols[0] == NULL || id(cols[1], &uid) < 0 || id(cols[2], &gid) < 0)
		return -1;
	e->name = cols[0];
	e->uid = (uid_t)uid;
	e->gid = (gid_t)gid;
	e->home = cols[3] != NULL ? cols[3] : "";
	e->maildir = cols[4];
	e->options = cols[5];
	return 0;
}

bool
sql_old_password_ok(const struct auth_record *rec, const char *oldpass)
{
	if (rec->passwd != NULL && rec->passwd[0] != '\0')
		return password_verify(oldpass, rec->passwd) == 1;
	return rec->passwd2 != NULL && rec->passwd2[0] != '\0' &&
	       mem_equal_secret(rec->passwd2, strlen(rec->passwd2), oldpass,
				strlen(oldpass));
}
