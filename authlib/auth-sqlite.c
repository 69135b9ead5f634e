/*
 * authsqlite: accounts in an SQLite database, configured by Courier's
 * authsqliterc (SQLITE_DATABASE, SQLITE_USER_TABLE, SQLITE_*_FIELD,
 * SQLITE_WHERE_CLAUSE, SQLITE_SELECT_CLAUSE, SQLITE_ENUMERATE_CLAUSE,
 * SQLITE_CHPASS_CLAUSE, DEFAULT_DOMAIN). Everything that comes from a
 * client is a bound parameter (sql-common.h, sql-template.h). The
 * database is opened on first use and reopened after an error.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "password-scheme.h"
#include "sql-common.h"

#define SQLITE_BUSY_MS 5000

struct sqlite_ctx {
	char *path;
	sqlite3 *db;
	sqlite3_stmt *select_st;	/* prepared once per connection */
	struct sql_queries q;
};

static int
sqlite_init(const struct authdaemon_config *cfg, void **ctx_r,
	    char **error_r)
{
	struct sqlite_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct settings *set = settings_new();
	const char *err, *path;
	int ret = -1;

	if (settings_read_fields(set, cfg->authsqliterc, false, &err) < 0) {
		*error_r = xstrdup(err);
		goto out;
	}
	path = settings_get(set, "SQLITE_DATABASE");
	if (path == NULL || *path == '\0') {
		*error_r = xasprintf("%s: SQLITE_DATABASE not set",
				     cfg->authsqliterc);
		goto out;
	}
	if (sql_queries_init(&ctx->q, set, "SQLITE_", SQL_DIALECT_SQLITE,
			     error_r) < 0)
		goto out;
	ctx->path = xstrdup(path);
	*ctx_r = ctx;
	ctx = NULL;
	ret = 0;
out:
	settings_free(&set);
	free(ctx);
	return ret;
}

static void
sqlite_deinit(void *p)
{
	struct sqlite_ctx *ctx = p;

	sqlite3_finalize(ctx->select_st);
	sqlite3_close(ctx->db);
	sql_queries_free(&ctx->q);
	free(ctx->path);
	free(ctx);
}

static int
db_open(struct sqlite_ctx *ctx)
{
	if (ctx->db != NULL)
		return 0;
	if (sqlite3_open_v2(ctx->path, &ctx->db, SQLITE_OPEN_READWRITE,
			    NULL) != SQLITE_OK) {
		log_error("authsqlite: %s: %s", ctx->path,
			  ctx->db != NULL ? sqlite3_errmsg(ctx->db)
					  : "cannot open");
		sqlite3_close(ctx->db);
		ctx->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(ctx->db, SQLITE_BUSY_MS);
	return 0;
}

/* After an error the handle is dropped: the next request reopens. */
static void
db_error(struct sqlite_ctx *ctx, const char *what)
{
	log_error("authsqlite: %s: %s", what, sqlite3_errmsg(ctx->db));
	sqlite3_finalize(ctx->select_st);
	ctx->select_st = NULL;
	sqlite3_close(ctx->db);
	ctx->db = NULL;
}

static void
bind_params(sqlite3_stmt *st, const struct sql_params *p)
{
	int i, n = sqlite3_bind_parameter_count(st);

	for (i = 1; i <= n && i <= SQL_PARAM_COUNT; i++)
		sqlite3_bind_text(st, i, p->values[i - 1], -1,
				  SQLITE_TRANSIENT);
}

/* The SELECT, prepared on first use and then reset and rebound. */
static sqlite3_stmt *
select_stmt(struct sqlite_ctx *ctx, const struct sql_params *p)
{
	if (db_open(ctx) < 0)
		return NULL;
	if (ctx->select_st == NULL &&
	    sqlite3_prepare_v2(ctx->db, ctx->q.select, -1, &ctx->select_st,
			       NULL) != SQLITE_OK) {
		db_error(ctx, "prepare");
		return NULL;
	}
	sqlite3_reset(ctx->select_st);
	sqlite3_clear_bindings(ctx->select_st);
	bind_params(ctx->select_st, p);
	return ctx->select_st;
}

/* Prepares sql and binds the parameters it uses. NULL on error. */
static sqlite3_stmt *
prepare(struct sqlite_ctx *ctx, const char *sql, const struct sql_params *p)
{
	sqlite3_stmt *st = NULL;

	if (db_open(ctx) < 0)
		return NULL;
	if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		db_error(ctx, "prepare");
		return NULL;
	}
	bind_params(st, p);
	return st;
}

/* Runs st: rc of the first step, columns of the row in cols. */
static int
step_row(sqlite3_stmt *st, const char **cols, int ncols)
{
	int rc = sqlite3_step(st), i;

	if (rc != SQLITE_ROW)
		return rc;
	if (sqlite3_column_count(st) < ncols)
		return SQLITE_MISMATCH;
	for (i = 0; i < ncols; i++)
		cols[i] = (const char *)sqlite3_column_text(st, i);
	return rc;
}

static enum auth_result
sqlite_lookup(void *p, const char *service, const char *user,
	      struct auth_record *rec)
{
	struct sqlite_ctx *ctx = p;
	struct sql_params params = { 0 };
	enum auth_result ret = AUTH_RESULT_TEMPFAIL;
	const char *cols[10];
	sqlite3_stmt *st;
	int rc;

	sql_params_init(&params, &ctx->q, user, service, NULL, NULL);
	st = select_stmt(ctx, &params);
	if (st != NULL) {
		rc = step_row(st, cols, 10);
		if (rc == SQLITE_ROW)
			ret = sql_row_to_record(cols, params.user, true, rec);
		else if (rc == SQLITE_DONE)
			ret = AUTH_RESULT_FAIL;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			db_error(ctx, "lookup");
		else
			sqlite3_reset(st); /* releases the read lock */
	}
	sql_params_free(&params);
	return ret;
}

static enum auth_result
sqlite_passwd(void *p, const char *service, const char *user,
	      const char *oldpass, const char *newpass)
{
	struct sqlite_ctx *ctx = p;
	struct auth_record rec = { 0 };
	struct sql_params params = { 0 };
	enum auth_result ret;
	sqlite3_stmt *st = NULL;
	char *hash = NULL;
	const char *err;

	ret = sqlite_lookup(ctx, service, user, &rec);
	if (ret != AUTH_RESULT_OK)
		goto out;
	ret = AUTH_RESULT_FAIL;
	if (!sql_old_password_ok(&rec, oldpass))
		goto out;
	if (password_hash(NULL, newpass, &hash, &err) < 0) {
		log_error("authsqlite: %s", err);
		goto out;
	}
	sql_params_init(&params, &ctx->q, user, service, newpass, hash);
	st = prepare(ctx, ctx->q.chpass, &params);
	if (st == NULL || sqlite3_step(st) != SQLITE_DONE) {
		ret = AUTH_RESULT_TEMPFAIL;
		if (st != NULL) {
			sqlite3_finalize(st);
			st = NULL;
			db_error(ctx, "password change");
		}
		goto out;
	}
	ret = sqlite3_changes(ctx->db) > 0 ? AUTH_RESULT_OK : AUTH_RESULT_FAIL;
out:
	sqlite3_finalize(st);
	sql_params_free(&params);
	auth_record_clear(&rec);
	str_free_secret(&hash);
	return ret;
}

static enum auth_result
sqlite_enumerate(void *p, auth_enum_callback_t *cb, void *cb_ctx)
{
	struct sqlite_ctx *ctx = p;
	struct sql_params params = { 0 };
	const char *cols[6];
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	sql_params_init(&params, &ctx->q, "", "", NULL, NULL);
	st = prepare(ctx, ctx->q.enumerate, &params);
	sql_params_free(&params);
	if (st == NULL)
		return AUTH_RESULT_TEMPFAIL;
	while ((rc = step_row(st, cols, 6)) == SQLITE_ROW) {
		struct auth_enum_entry e;

		if (sql_row_to_entry(cols, &e) == 0)
			cb(&e, cb_ctx);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return AUTH_RESULT_OK;
	db_error(ctx, "enumerate");
	return AUTH_RESULT_TEMPFAIL;
}

const struct auth_module auth_module_sqlite = {
	.name = "authsqlite",
	.init = sqlite_init,
	.deinit = sqlite_deinit,
	.lookup = sqlite_lookup,
	.passwd = sqlite_passwd,
	.enumerate = sqlite_enumerate,
};
