#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth-request.h"
#include "authdaemon-session.h"
#include "safe-io.h"

#define ENUM_FLUSH_SIZE 16384

struct session {
	const struct authdaemon_config *cfg;
	struct auth_chain *chain;
	int fd;
	struct abuf out;
	bool write_failed;
	char buf[AUTH_REQUEST_MAX];
};

/* A client string made safe for the log (no control bytes, truncated). */
struct log_str {
	char text[128];
};

static const char *
log_str(struct log_str *buf, const char *str)
{
	if (str == NULL)
		return "(none)";
	return log_sanitize(buf->text, sizeof(buf->text), str, strlen(str));
}

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 +
	     (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms;
}

/* Returns 1 with a request, 0 when the connection is to be dropped. */
static int
session_read(struct session *s, struct auth_request *req)
{
	struct timespec deadline;
	struct pollfd pfd = { s->fd, POLLIN, 0 };
	size_t len = 0;
	const char *err = NULL;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += s->cfg->request_timeout;
	for (;;) {
		ssize_t n;
		int r;

		r = poll(&pfd, 1, (int)ms_left(&deadline));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			log_warn("request %s", r == 0 ? "timed out"
						       : strerror(errno));
			return 0;
		}
		n = read(s->fd, s->buf + len, sizeof(s->buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0; /* client went away mid-request */
		len += (size_t)n;
		r = auth_request_parse(s->buf, len, req, &err);
		if (r != 0) {
			explicit_bzero(s->buf, len);
			if (r < 0)
				log_warn("dropped request: %s", err);
			return r > 0;
		}
	}
}

static void
session_flush(struct session *s)
{
	if (!s->write_failed && s->out.len > 0 &&
	    write_full(s->fd, s->out.data, s->out.len) < 0)
		s->write_failed = true;
	abuf_reset(&s->out);
}

static void
reply_result(struct session *s, enum auth_result r,
	     const struct auth_record *rec)
{
	if (r == AUTH_RESULT_TEMPFAIL)
		return;	/* no reply: the client sees a temporary failure */
	if (r == AUTH_RESULT_OK)
		auth_record_format(rec, s->cfg->default_options, &s->out);
	else
		abuf_append_str(&s->out, "FAIL\n");
}

static enum auth_result
do_login(struct session *s, const struct auth_request *req,
	 struct auth_record *rec)
{
	const char *data = req->authdata, *nl;
	char *user = NULL, *pass = NULL;
	struct log_str lu;
	size_t len = req->authdata_len, plen;
	enum auth_result r = AUTH_RESULT_FAIL;

	nl = memchr(data, '\n', len);
	if (nl == NULL || nl == data)
		return AUTH_RESULT_FAIL;
	plen = len - (size_t)(nl - data) - 1;
	if (plen > 0 && nl[plen] == '\n')
		plen--;
	if (plen == 0 || memchr(data, '\0', len) != NULL ||
	    memchr(nl + 1, '\n', plen) != NULL)
		return AUTH_RESULT_FAIL;
	user = xstrndup(data, (size_t)(nl - data));
	pass = xstrndup(nl + 1, plen);
	r = auth_chain_login(s->chain, req->service, user, pass, rec);
	if (s->cfg->debug_login > 0)
		log_debug("AUTH login service=%s user=%s: %s", req->service,
			  log_str(&lu, user), r == AUTH_RESULT_OK ? "ok"
				: r == AUTH_RESULT_FAIL ? "failed"
							: "temporary failure");
	str_free(&user);
	str_free_secret(&pass);
	return r;
}

static enum auth_result
do_cram(struct session *s, const struct auth_request *req,
	enum auth_cram_type type, struct auth_record *rec)
{
	struct auth_cram *cram = xcalloc(1, sizeof(*cram));
	enum auth_result r = AUTH_RESULT_FAIL;
	const char *err;

	if (auth_cram_parse(type, req->authdata, req->authdata_len, cram,
			    &err) < 0)
		log_debug("AUTH %s: %s", req->authtype, err);
	else
		r = auth_chain_cram(s->chain, req->service, cram, rec);
	if (s->cfg->debug_login > 0)
		log_debug("AUTH %s service=%s: %s", req->authtype,
			  req->service, r == AUTH_RESULT_OK ? "ok" : "failed");
	auth_cram_wipe(cram);
	free(cram);
	return r;
}

static void
do_auth(struct session *s, const struct auth_request *req)
{
	struct auth_record rec = { 0 };
	enum auth_cram_type type;
	enum auth_result r = AUTH_RESULT_FAIL;

	if (strcmp(req->authtype, "login") == 0)
		r = do_login(s, req, &rec);
	else if (auth_cram_type_parse(req->authtype, &type) == 0)
		r = do_cram(s, req, type, &rec);
	reply_result(s, r, &rec);
	auth_record_clear(&rec);
}

static void
do_pre(struct session *s, const struct auth_request *req)
{
	struct auth_record rec = { 0 };
	struct log_str lu;
	enum auth_result r;

	r = auth_chain_lookup(s->chain, req->module, req->service, req->user,
			      &rec);
	if (s->cfg->debug_login > 0)
		log_debug("PRE %s service=%s user=%s: %d", req->module,
			  req->service, log_str(&lu, req->user), (int)r);
	reply_result(s, r, &rec);
	auth_record_clear(&rec);
}

static void
do_passwd(struct session *s, const struct auth_request *req)
{
	enum auth_result r = AUTH_RESULT_FAIL;
	struct log_str ls, lu;

	if (!req->passwd_invalid && req->newpass[0] != '\0')
		r = auth_chain_passwd(s->chain, req->service, req->user,
				      req->oldpass, req->newpass);
	if (r != AUTH_RESULT_TEMPFAIL)
		abuf_append_str(&s->out, r == AUTH_RESULT_OK ? "OK\n"
							     : "FAIL\n");
	log_info("password change service=%s user=%s: %s",
		 log_str(&ls, req->service), log_str(&lu, req->user),
		 r == AUTH_RESULT_OK ? "ok" : "failed");
}

static void
enum_header(const char *module, void *context)
{
	struct session *s = context;

	abuf_printf(&s->out, "# %s\n\n", module);
}

/* As Courier: options merged with DEFAULTOPTIONS, as in a PRE reply. */
static void
enum_entry(const struct auth_enum_entry *e, void *context)
{
	struct session *s = context;
	char *options = auth_options_merge(e->options,
					   s->cfg->default_options);

	abuf_printf(&s->out, "%s\t%lu\t%lu\t%s\t%s\t%s\n", e->name,
		    (unsigned long)e->uid, (unsigned long)e->gid, e->home,
		    e->maildir != NULL ? e->maildir : "", options);
	free(options);
	if (s->out.len >= ENUM_FLUSH_SIZE)
		session_flush(s);
}

static void
do_enumerate(struct session *s)
{
	if (auth_chain_enumerate(s->chain, enum_header, enum_entry, s) ==
	    AUTH_RESULT_OK)
		abuf_append_str(&s->out, ".\n");
	else
		s->write_failed = true; /* drop: the client sees tempfail */
}

void
authdaemon_session(const struct authdaemon_config *cfg,
		   struct auth_chain *chain, int fd)
{
	struct session *s = xcalloc(1, sizeof(*s));
	struct auth_request *req = xmalloc(sizeof(*req));

	s->cfg = cfg;
	s->chain = chain;
	s->fd = fd;
	if (session_read(s, req) == 1) {
		switch (req->type) {
		case AUTH_REQUEST_PRE:
			do_pre(s, req);
			break;
		case AUTH_REQUEST_AUTH:
			do_auth(s, req);
			break;
		case AUTH_REQUEST_PASSWD:
			do_passwd(s, req);
			break;
		case AUTH_REQUEST_ENUMERATE:
			do_enumerate(s);
			break;
		}
		session_flush(s);
		auth_request_wipe(req);
	}
	abuf_free(&s->out);
	explicit_bzero(s->buf, sizeof(s->buf));
	free(req);
	free(s);
}
