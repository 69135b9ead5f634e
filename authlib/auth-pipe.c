/*
 * authpipe: Courier's external-program module. The program (authpipeprog
 * in authdaemonrc, Courier's $sysconfdir/authProg) is started once per
 * worker and kept running; each request is written to its standard input
 * in the socket protocol (PRE, AUTH login, PASSWD, ENUMERATE) and its
 * reply read from its standard output. A program that exits, hangs past
 * PIPE_TIMEOUT_MS or answers garbage costs a temporary failure and is
 * restarted on the next request.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth-module.h"
#include "safe-io.h"
#include "strnum.h"

#define PIPE_TIMEOUT_MS 10000
#define PIPE_MAX_REPLY (64 * 1024)
#define PIPE_MAX_ENUM (64 * 1024 * 1024)

struct pipe_ctx {
	char *prog;
	pid_t pid;
	int to_fd;
	int from_fd;
};

enum reply_kind { REPLY_RECORD, REPLY_OKFAIL, REPLY_LIST };

static int
pipe_init(const struct authdaemon_config *cfg, void **ctx_r, char **error_r)
{
	struct pipe_ctx *ctx = xcalloc(1, sizeof(*ctx));

	if (access(cfg->authpipeprog, X_OK) < 0) {
		*error_r = xasprintf("%s: %s", cfg->authpipeprog,
				     strerror(errno));
		free(ctx);
		return -1;
	}
	ctx->prog = xstrdup(cfg->authpipeprog);
	ctx->to_fd = -1;
	ctx->from_fd = -1;
	*ctx_r = ctx;
	return 0;
}

static void
prog_stop(struct pipe_ctx *ctx)
{
	if (ctx->to_fd >= 0)
		close(ctx->to_fd);
	if (ctx->from_fd >= 0)
		close(ctx->from_fd);
	ctx->to_fd = ctx->from_fd = -1;
	if (ctx->pid > 0) {
		kill(ctx->pid, SIGKILL);
		waitpid(ctx->pid, NULL, 0);
	}
	ctx->pid = 0;
}

static void
pipe_deinit(void *p)
{
	struct pipe_ctx *ctx = p;

	prog_stop(ctx);
	free(ctx->prog);
	free(ctx);
}

static int
prog_start(struct pipe_ctx *ctx)
{
	int in[2], out[2];

	if (ctx->pid > 0)
		return 0;
	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	ctx->pid = fork();
	if (ctx->pid == 0) {
		/* A worker killed by its watchdog takes the program along. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], STDIN_FILENO) < 0 ||
		    dup2(out[1], STDOUT_FILENO) < 0)
			_exit(127);
		execl(ctx->prog, ctx->prog, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	ctx->to_fd = in[1];
	ctx->from_fd = out[0];
	if (ctx->pid < 0) {
		ctx->pid = 0;
		prog_stop(ctx);
		return -1;
	}
	return 0;
}

/* True once buf holds a whole reply of the given kind. */
static bool
reply_complete(const struct abuf *buf, enum reply_kind kind)
{
	const char *d = buf->data;

	if (buf->len == 0 || d[buf->len - 1] != '\n')
		return false;
	if (kind == REPLY_OKFAIL)
		return true;
	if (kind == REPLY_RECORD && buf->len == 5 &&
	    memcmp(d, "FAIL\n", 5) == 0)
		return true;
	return (buf->len == 2 && memcmp(d, ".\n", 2) == 0) ||
	       (buf->len >= 3 && memcmp(d + buf->len - 3, "\n.\n", 3) == 0);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sends req and reads the reply into out; -1 = temporary failure (the
   program is stopped). */
static int
exchange(struct pipe_ctx *ctx, const struct abuf *req, enum reply_kind kind,
	 struct abuf *out)
{
	long long deadline = now_ms() + PIPE_TIMEOUT_MS;
	size_t max = kind == REPLY_LIST ? PIPE_MAX_ENUM : PIPE_MAX_REPLY;
	char chunk[4096];

	if (prog_start(ctx) < 0 ||
	    write_full(ctx->to_fd, req->data, req->len) < 0)
		goto fail;
	while (!reply_complete(out, kind)) {
		struct pollfd pfd = { ctx->from_fd, POLLIN, 0 };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			if (left > 0 && errno == EINTR)
				continue;
			log_error("authpipe: %s did not answer", ctx->prog);
			goto fail;
		}
		n = read(ctx->from_fd, chunk, sizeof(chunk));
		if (n <= 0 || out->len + (size_t)n > max) {
			log_error("authpipe: %s: %s", ctx->prog,
				  n == 0 ? "exited" : n < 0 ? strerror(errno)
							    : "reply too long");
			goto fail;
		}
		abuf_append(out, chunk, (size_t)n);
	}
	explicit_bzero(chunk, sizeof(chunk));
	return 0;
fail:
	explicit_bzero(chunk, sizeof(chunk));
	prog_stop(ctx);
	return -1;
}

static enum auth_result
record_request(struct pipe_ctx *ctx, struct abuf *req,
	       struct auth_record *rec)
{
	struct abuf out = ABUF_INIT;
	enum auth_result r = AUTH_RESULT_TEMPFAIL;
	const char *err;

	if (exchange(ctx, req, REPLY_RECORD, &out) == 0) {
		if (out.len == 5 && memcmp(out.data, "FAIL\n", 5) == 0)
			r = AUTH_RESULT_FAIL;
		else if (auth_record_parse(out.data, out.len, rec, &err) == 0)
			r = AUTH_RESULT_OK;
		else {
			log_error("authpipe: %s", err);
			prog_stop(ctx);
		}
	}
	abuf_free(req);
	abuf_free(&out);
	return r;
}

static enum auth_result
pipe_lookup(void *p, const char *service, const char *user,
	    struct auth_record *rec)
{
	struct abuf req = ABUF_INIT;

	if (*user == '\0' || str_has_ctrl(user, strlen(user)))
		return AUTH_RESULT_FAIL;
	abuf_printf(&req, "PRE . %s %s\n", service, user);
	return record_request(p, &req, rec);
}

static enum auth_result
pipe_login(void *p, const char *service, const char *user, const char *pass,
	   struct auth_record *rec)
{
	struct abuf req = ABUF_INIT;
	size_t n = strlen(service) + strlen(user) + strlen(pass) + 9;

	if (*user == '\0' || str_has_ctrl(user, strlen(user)) ||
	    strchr(pass, '\n') != NULL)
		return AUTH_RESULT_FAIL;
	abuf_printf(&req, "AUTH %zu\n%s\nlogin\n%s\n%s\n", n, service, user,
		    pass);
	return record_request(p, &req, rec);
}

static enum auth_result
pipe_passwd(void *p, const char *service, const char *user,
	    const char *oldpass, const char *newpass)
{
	struct abuf req = ABUF_INIT, out = ABUF_INIT;
	enum auth_result r = AUTH_RESULT_TEMPFAIL;

	abuf_printf(&req, "PASSWD %s\t%s\t%s\t%s\n", service, user, oldpass,
		    newpass);
	if (exchange(p, &req, REPLY_OKFAIL, &out) == 0)
		r = out.len == 3 && memcmp(out.data, "OK\n", 3) == 0
			    ? AUTH_RESULT_OK : AUTH_RESULT_FAIL;
	abuf_free(&req);
	abuf_free(&out);
	return r;
}

/* One "name\tuid\tgid\thome\tmaildir\toptions" line (in place). */
static void
enum_line(char *line, auth_enum_callback_t *cb, void *cb_ctx)
{
	char *f[6] = { NULL, NULL, NULL, NULL, (char *)"", (char *)"" };
	struct auth_enum_entry e;
	uint32_t uid, gid;
	unsigned int i;

	for (i = 0; i < 6 && line != NULL; i++) {
		char *tab = strchr(line, '\t');

		f[i] = line;
		if (tab != NULL)
			*tab = '\0';
		line = tab != NULL ? tab + 1 : NULL;
	}
	if (i < 4 || str_to_uint32(f[1], &uid) < 0 ||
	    str_to_uint32(f[2], &gid) < 0)
		return;
	e.name = f[0];
	e.uid = uid;
	e.gid = gid;
	e.home = f[3];
	e.maildir = f[4];
	e.options = f[5];
	cb(&e, cb_ctx);
}

static enum auth_result
pipe_enumerate(void *p, auth_enum_callback_t *cb, void *cb_ctx)
{
	struct abuf req = ABUF_INIT, out = ABUF_INIT;
	char *line, *save = NULL;

	abuf_append_str(&req, "ENUMERATE\n");
	if (exchange(p, &req, REPLY_LIST, &out) < 0) {
		abuf_free(&req);
		abuf_free(&out);
		return AUTH_RESULT_TEMPFAIL;
	}
	for (line = strtok_r(out.data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] != '#' && strcmp(line, ".") != 0)
			enum_line(line, cb, cb_ctx);
	}
	abuf_free(&req);
	abuf_free(&out);
	return AUTH_RESULT_OK;
}

const struct auth_module auth_module_pipe = {
	.name = "authpipe",
	.init = pipe_init,
	.deinit = pipe_deinit,
	.lookup = pipe_lookup,
	.login = pipe_login,
	.passwd = pipe_passwd,
	.enumerate = pipe_enumerate,
};
