/*
 * authpgsql: accounts in PostgreSQL, configured by Courier's authpgsqlrc
 * (PGSQL_CONNECTION conninfo, PGSQL_DATABASE, or the older PGSQL_HOST,
 * PGSQL_PORT, PGSQL_USERNAME, PGSQL_PASSWORD; PGSQL_CHARACTER_SET; the
 * PGSQL_*_FIELD and PGSQL_*_CLAUSE keys as in authsqlite). Every client
 * value is a bound parameter. The connection is made on first use; when
 * the server restarts, the next request reconnects (a request that finds
 * the server down gets a temporary failure).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "password-scheme.h"
#include "sql-common.h"

#define TEXTOID 25

struct pgsql_ctx {
	char *conninfo;
	char *charset;
	PGconn *conn;
	struct sql_queries q;
};

/* Appends " key='value'" with value quoted as libpq wants. */
static void
conninfo_add(struct abuf *out, const char *key, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	abuf_printf(out, " %s='", key);
	for (; *value != '\0'; value++) {
		if (*value == '\'' || *value == '\\')
			abuf_append(out, "\\", 1);
		abuf_append(out, value, 1);
	}
	abuf_append(out, "'", 1);
}

static char *
make_conninfo(const struct settings *set)
{
	struct abuf out = ABUF_INIT;
	const char *conn = settings_get(set, "PGSQL_CONNECTION");

	abuf_append_str(&out, conn != NULL ? conn : "");
	conninfo_add(&out, "host", settings_get(set, "PGSQL_HOST"));
	conninfo_add(&out, "port", settings_get(set, "PGSQL_PORT"));
	conninfo_add(&out, "user", settings_get(set, "PGSQL_USERNAME"));
	conninfo_add(&out, "password", settings_get(set, "PGSQL_PASSWORD"));
	conninfo_add(&out, "dbname", settings_get(set, "PGSQL_DATABASE"));
	if (strstr(out.data, "connect_timeout") == NULL)
		abuf_append_str(&out, " connect_timeout=5");
	return out.data;
}

static int
pgsql_init(const struct authdaemon_config *cfg, void **ctx_r,
	   char **error_r)
{
	struct pgsql_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct settings *set = settings_new();
	const char *err, *cs;
	int ret = -1;

	if (settings_read_fields(set, cfg->authpgsqlrc, false, &err) < 0) {
		*error_r = xstrdup(err);
		goto out;
	}
	if (sql_queries_init(&ctx->q, set, "PGSQL_", SQL_DIALECT_PGSQL,
			     error_r) < 0)
		goto out;
	ctx->conninfo = make_conninfo(set);
	cs = settings_get(set, "PGSQL_CHARACTER_SET");
	if (cs != NULL && *cs != '\0')
		ctx->charset = xstrdup(cs);
	*ctx_r = ctx;
	ctx = NULL;
	ret = 0;
out:
	settings_free(&set);
	free(ctx);
	return ret;
}

static void
pgsql_deinit(void *p)
{
	struct pgsql_ctx *ctx = p;

	if (ctx->conn != NULL)
		PQfinish(ctx->conn);
	sql_queries_free(&ctx->q);
	str_free_secret(&ctx->conninfo);
	free(ctx->charset);
	free(ctx);
}

static int
db_connect(struct pgsql_ctx *ctx)
{
	if (ctx->conn != NULL && PQstatus(ctx->conn) == CONNECTION_OK)
		return 0;
	if (ctx->conn != NULL)
		PQfinish(ctx->conn);
	ctx->conn = PQconnectdb(ctx->conninfo);
	if (PQstatus(ctx->conn) != CONNECTION_OK) {
		log_error("authpgsql: connect: %s",
			  PQerrorMessage(ctx->conn));
		PQfinish(ctx->conn);
		ctx->conn = NULL;
		return -1;
	}
	if (ctx->charset != NULL &&
	    PQsetClientEncoding(ctx->conn, ctx->charset) != 0)
		log_warn("authpgsql: PGSQL_CHARACTER_SET %s refused",
			 ctx->charset);
	return 0;
}

/*
 * Runs sql with the six parameters (all typed text). A failure on a
 * connection that turns out dead (server restarted) is retried once on a
 * new connection. NULL = temporary failure.
 */
static PGresult *
run(struct pgsql_ctx *ctx, const char *sql, const struct sql_params *p,
    ExecStatusType want)
{
	static const Oid types[SQL_PARAM_COUNT] = { TEXTOID, TEXTOID, TEXTOID,
						    TEXTOID, TEXTOID,
						    TEXTOID };
	int attempt;

	for (attempt = 0; attempt < 2; attempt++) {
		PGresult *res;

		if (db_connect(ctx) < 0)
			return NULL;
		res = PQexecParams(ctx->conn, sql, SQL_PARAM_COUNT, types,
				   p->values, NULL, NULL, 0);
		if (res != NULL && PQresultStatus(res) == want)
			return res;
		log_error("authpgsql: %s", PQerrorMessage(ctx->conn));
		PQclear(res);
		if (PQstatus(ctx->conn) == CONNECTION_OK)
			return NULL;	/* the query is wrong: no retry */
	}
	return NULL;
}

static void
row_cols(PGresult *res, int row, const char **cols, int n)
{
	int i;

	for (i = 0; i < n; i++)
		cols[i] = PQgetisnull(res, row, i) ? NULL
						    : PQgetvalue(res, row, i);
}

static enum auth_result
pgsql_lookup(void *p, const char *service, const char *user,
	     struct auth_record *rec)
{
	struct pgsql_ctx *ctx = p;
	struct sql_params params = { 0 };
	enum auth_result ret = AUTH_RESULT_TEMPFAIL;
	const char *cols[10];
	PGresult *res;

	sql_params_init(&params, &ctx->q, user, service, NULL, NULL);
	res = run(ctx, ctx->q.select, &params, PGRES_TUPLES_OK);
	if (res != NULL) {
		if (PQntuples(res) == 0) {
			ret = AUTH_RESULT_FAIL;
		} else if (PQnfields(res) < 10) {
			log_error("authpgsql: SELECT returns %d columns, "
				  "not 10", PQnfields(res));
		} else {
			row_cols(res, 0, cols, 10);
			ret = sql_row_to_record(cols, params.user, false, rec);
		}
		PQclear(res);
	}
	sql_params_free(&params);
	return ret;
}

static enum auth_result
pgsql_passwd(void *p, const char *service, const char *user,
	     const char *oldpass, const char *newpass)
{
	struct pgsql_ctx *ctx = p;
	struct auth_record rec = { 0 };
	struct sql_params params = { 0 };
	enum auth_result ret;
	PGresult *res = NULL;
	char *hash = NULL;
	const char *err;

	ret = pgsql_lookup(ctx, service, user, &rec);
	if (ret != AUTH_RESULT_OK)
		goto out;
	ret = AUTH_RESULT_FAIL;
	if (!sql_old_password_ok(&rec, oldpass))
		goto out;
	if (password_hash(NULL, newpass, &hash, &err) < 0) {
		log_error("authpgsql: %s", err);
		goto out;
	}
	sql_params_init(&params, &ctx->q, user, service, newpass, hash);
	res = run(ctx, ctx->q.chpass, &params, PGRES_COMMAND_OK);
	if (res == NULL)
		ret = AUTH_RESULT_TEMPFAIL;
	else if (strcmp(PQcmdTuples(res), "0") != 0)
		ret = AUTH_RESULT_OK;
out:
	PQclear(res);
	sql_params_free(&params);
	auth_record_clear(&rec);
	str_free_secret(&hash);
	return ret;
}

static enum auth_result
pgsql_enumerate(void *p, auth_enum_callback_t *cb, void *cb_ctx)
{
	struct pgsql_ctx *ctx = p;
	struct sql_params params = { 0 };
	const char *cols[6];
	PGresult *res;
	int i;

	sql_params_init(&params, &ctx->q, "", "", NULL, NULL);
	res = run(ctx, ctx->q.enumerate, &params, PGRES_TUPLES_OK);
	sql_params_free(&params);
	if (res == NULL)
		return AUTH_RESULT_TEMPFAIL;
	if (PQnfields(res) < 6) {
		log_error("authpgsql: ENUMERATE returns %d columns, not 6",
			  PQnfields(res));
		PQclear(res);
		return AUTH_RESULT_TEMPFAIL;
	}
	for (i = 0; i < PQntuples(res); i++) {
		struct auth_enum_entry e;

		row_cols(res, i, cols, 6);
		if (sql_row_to_entry(cols, &e) == 0)
			cb(&e, cb_ctx);
	}
	PQclear(res);
	return AUTH_RESULT_OK;
}

const struct auth_module auth_module_pgsql = {
	.name = "authpgsql",
	.init = pgsql_init,
	.deinit = pgsql_deinit,
	.lookup = pgsql_lookup,
	.passwd = pgsql_passwd,
	.enumerate = pgsql_enumerate,
};
