/*
 * authuserdb: Courier's userdb, compiled by makeuserdb into userdb.dat
 * (public fields) and userdbshadow.dat (passwords). Each worker keeps both
 * files open and checks with stat() on every request whether makeuserdb
 * has renamed a new file into place (another inode or mtime): then it
 * reopens, so a new database is seen at once. No lock is needed to read.
 */
#include "config.h"

#include <errno.h>
#include <gdbm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "auth-module.h"
#include "password-scheme.h"
#include "strnum.h"
#include "userdb-edit.h"
#include "userdb-format.h"
#include "userdb-make.h"

struct db_cache {
	char *path;
	GDBM_FILE db;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
};

struct userdb_ctx {
	char *userdb;
	struct db_cache dat;
	struct db_cache shadow;
};

static int
userdb_init(const struct authdaemon_config *cfg, void **ctx_r,
	    char **error_r)
{
	struct userdb_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->userdb = xstrdup(cfg->userdb);
	ctx->dat.path = userdb_dat_path(cfg->userdb);
	ctx->shadow.path = userdb_shadow_path(cfg->userdb);
	*ctx_r = ctx;
	return 0;
}

static void
userdb_deinit(void *p)
{
	struct userdb_ctx *ctx = p;

	if (ctx->dat.db != NULL)
		gdbm_close(ctx->dat.db);
	if (ctx->shadow.db != NULL)
		gdbm_close(ctx->shadow.db);
	free(ctx->userdb);
	free(ctx->dat.path);
	free(ctx->shadow.path);
	free(ctx);
}

/* The open database, reopened when the file was replaced; NULL with errno
   ENOENT when it does not exist, other errno on errors. */
static GDBM_FILE
db_get(struct db_cache *c)
{
	struct stat st;

	if (stat(c->path, &st) < 0) {
		if (c->db != NULL)
			gdbm_close(c->db);
		c->db = NULL;
		return NULL;
	}
	if (c->db != NULL && st.st_dev == c->dev && st.st_ino == c->ino &&
	    st.st_mtim.tv_sec == c->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == c->mtime.tv_nsec)
		return c->db;
	if (c->db != NULL)
		gdbm_close(c->db);
	c->db = gdbm_open(c->path, 0, GDBM_READER | GDBM_NOLOCK, 0, NULL);
	if (c->db != NULL) {
		c->dev = st.st_dev;
		c->ino = st.st_ino;
		c->mtime = st.st_mtim;
	} else if (errno == 0) {
		errno = EIO;
	}
	return c->db;
}

/* Fetches key from the database. Returns 1 found (*value_r malloc()ed,
   NUL-terminated), 0 not found, -1 cannot read. */
static int
db_fetch(struct db_cache *c, const char *key, char **value_r)
{
	GDBM_FILE db;
	datum k, v;

	errno = 0;
	db = db_get(c);
	if (db == NULL) {
		if (errno == ENOENT) {
			log_warn("authuserdb: %s does not exist (run "
				 "makeuserdb)", c->path);
			return 0;
		}
		log_error("authuserdb: %s: %s", c->path, strerror(errno));
		return -1;
	}
	k.dptr = (char *)(uintptr_t)key;
	k.dsize = (int)strlen(key);
	v = gdbm_fetch(db, k);
	if (v.dptr == NULL) {
		if (gdbm_errno == GDBM_ITEM_NOT_FOUND)
			return 0;
		log_error("authuserdb: %s: %s", c->path,
			  gdbm_strerror(gdbm_errno));
		gdbm_close(c->db);
		c->db = NULL;
		return -1;
	}
	*value_r = xstrndup(v.dptr, (size_t)v.dsize);
	explicit_bzero(v.dptr, (size_t)v.dsize);
	free(v.dptr);
	return 1;
}

static int
field_id(const char *fields, const char *name, unsigned long *id_r)
{
	char *v = userdb_field_get(fields, strlen(fields), name);
	uint32_t n;
	int ret = -1;

	if (v != NULL && str_to_uint32(v, &n) == 0) {
		*id_r = n;
		ret = 0;
	}
	free(v);
	return ret;
}

/* Fills rec from the public fields; -1 when uid, gid or home is bad. */
static int
record_from_fields(const char *user, const char *fields,
		   struct auth_record *rec)
{
	size_t len = strlen(fields);
	unsigned long uid, gid;

	if (field_id(fields, "uid", &uid) < 0 ||
	    field_id(fields, "gid", &gid) < 0)
		return -1;
	rec->uid = (uid_t)uid;
	rec->have_uid = true;
	rec->gid = (gid_t)gid;
	rec->home = userdb_field_get(fields, len, "home");
	if (rec->home == NULL || rec->home[0] == '\0')
		return -1;
	rec->address = xstrdup(user);
	rec->name = userdb_field_get(fields, len, "gecos");
	rec->maildir = userdb_field_get(fields, len, "mail");
	rec->quota = userdb_field_get(fields, len, "quota");
	rec->options = userdb_field_get(fields, len, "options");
	return 0;
}

/* "<service>pw" when service makes a valid field name, else NULL. */
static char *
service_pw_name(const char *service)
{
	char *name = xasprintf("%spw", service);

	if (!userdb_field_name_valid(name, strlen(name)))
		str_free(&name);
	return name;
}

static enum auth_result
userdb_lookup(void *p, const char *service, const char *user,
	      struct auth_record *rec)
{
	struct userdb_ctx *ctx = p;
	char *fields = NULL, *secret = NULL, *pwname = NULL;
	enum auth_result ret = AUTH_RESULT_FAIL;
	int r;

	if (*user == '\0' || str_has_ctrl(user, strlen(user)))
		return AUTH_RESULT_FAIL;
	r = db_fetch(&ctx->dat, user, &fields);
	if (r <= 0)
		return r < 0 ? AUTH_RESULT_TEMPFAIL : AUTH_RESULT_FAIL;
	if (record_from_fields(user, fields, rec) < 0) {
		log_warn("authuserdb: %s: bad uid, gid or home in %s", user,
			 ctx->dat.path);
		goto out;
	}
	r = db_fetch(&ctx->shadow, user, &secret);
	if (r < 0) {
		ret = AUTH_RESULT_TEMPFAIL;
		goto out;
	}
	if (r > 0) {
		pwname = service_pw_name(service);
		if (pwname != NULL)
			rec->passwd = userdb_field_get(secret, strlen(secret),
						       pwname);
		if (rec->passwd == NULL)
			rec->passwd = userdb_field_get(secret, strlen(secret),
						       "systempw");
		rec->hmac_md5 = userdb_field_get(secret, strlen(secret),
						 "hmac-md5pw");
		rec->hmac_sha1 = userdb_field_get(secret, strlen(secret),
						  "hmac-sha1pw");
	}
	ret = AUTH_RESULT_OK;
out:
	str_free(&fields);
	str_free_secret(&secret);
	str_free(&pwname);
	return ret;
}

static enum auth_result
userdb_passwd(void *p, const char *service, const char *user,
	      const char *oldpass, const char *newpass)
{
	struct userdb_ctx *ctx = p;
	struct auth_record rec = { 0 };
	enum auth_result ret;
	char *hash = NULL, *item = NULL, *pwname = NULL, *err = NULL;
	const char *herr;
	const char *items[1];

	ret = userdb_lookup(ctx, service, user, &rec);
	if (ret != AUTH_RESULT_OK)
		goto out;
	ret = AUTH_RESULT_FAIL;
	if (rec.passwd == NULL || password_verify(oldpass, rec.passwd) != 1)
		goto out;
	pwname = service_pw_name(service);
	if (password_hash(NULL, newpass, &hash, &herr) < 0) {
		log_error("authuserdb: %s", herr);
		goto out;
	}
	/* As Courier: the password of this service is set ("imappw"). */
	item = xasprintf("%s=%s", pwname != NULL ? pwname : "systempw", hash);
	items[0] = item;
	if (userdb_edit(ctx->userdb, NULL, user, USERDB_EDIT_SET, items, 1,
			&err) < 0 ||
	    userdb_make(ctx->userdb, ctx->dat.path, ctx->shadow.path,
			&err) < 0) {
		log_error("authuserdb: password change failed: %s", err);
		goto out;
	}
	ret = AUTH_RESULT_OK;
out:
	auth_record_clear(&rec);
	str_free_secret(&hash);
	str_free_secret(&item);
	str_free(&pwname);
	free(err);
	return ret;
}

static void
enumerate_one(const char *key, const char *fields, auth_enum_callback_t *cb,
	      void *cb_ctx)
{
	struct auth_record rec = { 0 };
	struct auth_enum_entry e;

	if (record_from_fields(key, fields, &rec) == 0) {
		e.name = key;
		e.uid = rec.uid;
		e.gid = rec.gid;
		e.home = rec.home;
		e.maildir = rec.maildir;
		e.options = rec.options;
		cb(&e, cb_ctx);
	}
	auth_record_clear(&rec);
}

static enum auth_result
userdb_enumerate(void *p, auth_enum_callback_t *cb, void *cb_ctx)
{
	struct userdb_ctx *ctx = p;
	GDBM_FILE db;
	datum key, next, val;

	errno = 0;
	db = db_get(&ctx->dat);
	if (db == NULL)
		return errno == ENOENT ? AUTH_RESULT_OK : AUTH_RESULT_TEMPFAIL;
	for (key = gdbm_firstkey(db); key.dptr != NULL; key = next) {
		char *k = xstrndup(key.dptr, (size_t)key.dsize);

		/* "1001=" keys map uids back to names (pw2userdb). */
		if (key.dsize > 0 && k[key.dsize - 1] != '=' &&
		    strlen(k) == (size_t)key.dsize) {
			val = gdbm_fetch(db, key);
			if (val.dptr != NULL) {
				char *v = xstrndup(val.dptr,
						   (size_t)val.dsize);

				enumerate_one(k, v, cb, cb_ctx);
				free(v);
				free(val.dptr);
			}
		}
		next = gdbm_nextkey(db, key);
		free(key.dptr);
		free(k);
	}
	return AUTH_RESULT_OK;
}

/* Courier's authuserdb answers a CRAM login with uid, gid, home,
   address, maildir and options only. */
static void
userdb_cram_reply(struct auth_record *rec)
{
	str_free(&rec->name);
	str_free(&rec->quota);
	str_free_secret(&rec->passwd);
	str_free_secret(&rec->passwd2);
}

const struct auth_module auth_module_userdb = {
	.name = "authuserdb",
	.init = userdb_init,
	.deinit = userdb_deinit,
	.lookup = userdb_lookup,
	.passwd = userdb_passwd,
	.enumerate = userdb_enumerate,
	.cram_reply = userdb_cram_reply,
};
