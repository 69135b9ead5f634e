#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "auth-paths.h"
#include "auth-str.h"
#include "authclient.h"
#include "strnum.h"

#define DEFAULT_CONNECT_MS 10000
#define DEFAULT_TIMEOUT_MS 30000

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline; 1 ready, 0 timeout, -1 error. */
static int
wait_fd(int fd, short events, long long deadline)
{
	struct pollfd pfd = { fd, events, 0 };

	for (;;) {
		long long left = deadline - now_ms();
		int r;

		if (left <= 0)
			return 0;
		r = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int
connect_daemon(const struct authclient_settings *set, const char **error_r)
{
	const char *path = set->socket_path != NULL
				   ? set->socket_path
				   : AUTHDAEMON_SOCKET_DEFAULT;
	unsigned int ms = set->connect_timeout_ms != 0
				  ? set->connect_timeout_ms
				  : DEFAULT_CONNECT_MS;
	long long deadline = now_ms() + ms;
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		*error_r = "authdaemond socket path too long";
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		*error_r = "socket() failed";
		return -1;
	}
	/* A full backlog gives EAGAIN on a Unix socket: retry until the
	   connect deadline. */
	while (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		if ((errno != EAGAIN && errno != EINTR) ||
		    now_ms() >= deadline) {
			*error_r = "cannot connect to authdaemond (is it "
				   "running?)";
			close(fd);
			return -1;
		}
		usleep(10000);
	}
	return fd;
}

static int
send_all(int fd, const char *data, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n > 0) {
			data += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			if (wait_fd(fd, POLLOUT, deadline) <= 0)
				return -1;
		} else if (n < 0 && errno != EINTR) {
			return -1;
		}
	}
	return 0;
}

enum authclient_result
authclient_raw(const struct authclient_settings *set, const void *request,
	       size_t request_len, size_t max_reply, char **reply_r,
	       size_t *reply_len_r, const char **error_r)
{
	unsigned int ms = set->timeout_ms != 0 ? set->timeout_ms
					       : DEFAULT_TIMEOUT_MS;
	long long deadline = now_ms() + ms;
	struct abuf reply = ABUF_INIT;
	char chunk[4096];
	enum authclient_result ret = AUTHCLIENT_TEMPFAIL;
	int fd;

	fd = connect_daemon(set, error_r);
	if (fd < 0)
		return AUTHCLIENT_TEMPFAIL;
	if (send_all(fd, request, request_len, deadline) < 0) {
		*error_r = "cannot write to authdaemond";
		goto out;
	}
	for (;;) {
		ssize_t n = recv(fd, chunk, sizeof(chunk), 0);

		if (n == 0)
			break;
		if (n < 0 && errno == EAGAIN) {
			if (wait_fd(fd, POLLIN, deadline) <= 0) {
				*error_r = "authdaemond timed out";
				goto out;
			}
			continue;
		}
		if (n < 0 && errno != EINTR) {
			*error_r = "cannot read from authdaemond";
			goto out;
		}
		if (n > 0) {
			if (reply.len + (size_t)n > max_reply) {
				*error_r = "authdaemond reply too long";
				goto out;
			}
			abuf_append(&reply, chunk, (size_t)n);
		}
	}
	*reply_len_r = reply.len;
	*reply_r = reply.data != NULL ? reply.data : xstrdup("");
	reply.data = NULL;
	ret = AUTHCLIENT_OK;
out:
	explicit_bzero(chunk, sizeof(chunk));
	abuf_free(&reply);
	close(fd);
	return ret;
}

/* Sends request; interprets a PRE/AUTH reply. */
static enum authclient_result
request_record(const struct authclient_settings *set, struct abuf *req,
	       struct auth_record *rec, const char **error_r)
{
	enum authclient_result r;
	char *reply = NULL;
	size_t len = 0;

	r = authclient_raw(set, req->data, req->len, AUTHCLIENT_MAX_REPLY,
			   &reply, &len, error_r);
	abuf_free(req);
	if (r != AUTHCLIENT_OK)
		return r;
	if (len == 0) {
		*error_r = "authdaemond closed without a reply (temporary "
			   "failure)";
		r = AUTHCLIENT_TEMPFAIL;
	} else if (len == 5 && memcmp(reply, "FAIL\n", 5) == 0) {
		*error_r = "authentication failed";
		r = AUTHCLIENT_FAIL;
	} else if (auth_record_parse(reply, len, rec, error_r) < 0) {
		r = AUTHCLIENT_TEMPFAIL;
	}
	explicit_bzero(reply, len);
	free(reply);
	return r;
}

static bool
valid_word(const char *s, size_t max)
{
	size_t len = strlen(s);

	return len > 0 && len <= max && strchr(s, ' ') == NULL &&
	       strchr(s, '\t') == NULL && !str_has_ctrl(s, len);
}

static bool
valid_user(const char *user)
{
	size_t len = strlen(user);

	return len > 0 && len <= AUTHCLIENT_MAX_USER &&
	       !str_has_ctrl(user, len);
}

static void
add_meta(const struct authclient_settings *set, struct abuf *req)
{
	if (set->remote_ip != NULL && valid_word(set->remote_ip, 64))
		abuf_printf(req, "TCPREMOTEIP=%s\n", set->remote_ip);
}

static enum authclient_result
auth_request(const struct authclient_settings *set, const char *service,
	     const char *authtype, const char *data, size_t data_len,
	     struct auth_record *rec, const char **error_r)
{
	struct abuf req = ABUF_INIT;

	add_meta(set, &req);
	abuf_printf(&req, "AUTH %zu\n%s\n%s\n",
		    strlen(service) + strlen(authtype) + 2 + data_len, service,
		    authtype);
	abuf_append(&req, data, data_len);
	return request_record(set, &req, rec, error_r);
}

enum authclient_result
authclient_login(const struct authclient_settings *set, const char *service,
		 const char *user, const char *pass, struct auth_record *rec,
		 const char **error_r)
{
	struct abuf data = ABUF_INIT;
	enum authclient_result r;
	size_t plen = strlen(pass);

	if (!valid_word(service, 64)) {
		*error_r = "invalid service name";
		return AUTHCLIENT_FAIL;
	}
	if (!valid_user(user) || plen == 0 || plen > AUTHCLIENT_MAX_PASS ||
	    strchr(pass, '\n') != NULL) {
		*error_r = "invalid user name or password";
		return AUTHCLIENT_FAIL;
	}
	abuf_printf(&data, "%s\n%s\n", user, pass);
	r = auth_request(set, service, "login", data.data, data.len, rec,
			 error_r);
	abuf_free(&data);
	return r;
}

enum authclient_result
authclient_lookup(const struct authclient_settings *set, const char *module,
		  const char *service, const char *user,
		  struct auth_record *rec, const char **error_r)
{
	struct abuf req = ABUF_INIT;

	if (module == NULL)
		module = ".";
	if (!valid_word(service, 64) || !valid_word(module, 64) ||
	    !valid_user(user)) {
		*error_r = "invalid service, module or user name";
		return AUTHCLIENT_FAIL;
	}
	add_meta(set, &req);
	abuf_printf(&req, "PRE %s %s %s\n", module, service, user);
	return request_record(set, &req, rec, error_r);
}

static char *
b64(const void *data, size_t len)
{
	gnutls_datum_t in, out = { NULL, 0 };
	char *s;

	in.data = (unsigned char *)(uintptr_t)data;
	in.size = (unsigned int)len;
	if (len == 0 || gnutls_base64_encode2(&in, &out) < 0)
		return xstrdup("");
	s = xstrndup((const char *)out.data, out.size);
	gnutls_free(out.data);
	return s;
}

enum authclient_result
authclient_cram(const struct authclient_settings *set, const char *service,
		enum auth_cram_type type, const void *challenge,
		size_t challenge_len, const void *response,
		size_t response_len, struct auth_record *rec,
		const char **error_r)
{
	static const char *const names[] = { "cram-md5", "cram-sha1",
					      "cram-sha256" };
	char *c64, *r64, *data;
	enum authclient_result r;

	if (!valid_word(service, 64) || challenge_len == 0 ||
	    challenge_len > AUTH_CRAM_MAX_FIELD || response_len == 0 ||
	    response_len > AUTH_CRAM_MAX_FIELD ||
	    str_has_ctrl(response, response_len)) {
		*error_r = "invalid CRAM exchange";
		return AUTHCLIENT_FAIL;
	}
	c64 = b64(challenge, challenge_len);
	r64 = b64(response, response_len);
	data = xasprintf("%s\n%s\n", c64, r64);
	r = auth_request(set, service, names[type], data, strlen(data), rec,
			 error_r);
	free(c64);
	free(r64);
	free(data);
	return r;
}

enum authclient_result
authclient_passwd(const struct authclient_settings *set, const char *service,
		  const char *user, const char *oldpass, const char *newpass,
		  const char **error_r)
{
	struct abuf req = ABUF_INIT;
	enum authclient_result r;
	char *reply = NULL;
	size_t len = 0;

	if (!valid_word(service, 64) || !valid_user(user) ||
	    strchr(user, '\t') != NULL ||
	    str_has_ctrl(oldpass, strlen(oldpass)) ||
	    str_has_ctrl(newpass, strlen(newpass)) || *newpass == '\0' ||
	    strlen(oldpass) > AUTHCLIENT_MAX_PASS ||
	    strlen(newpass) > AUTHCLIENT_MAX_PASS) {
		*error_r = "invalid user name or password";
		return AUTHCLIENT_FAIL;
	}
	abuf_printf(&req, "PASSWD %s\t%s\t%s\t%s\n", service, user, oldpass,
		    newpass);
	r = authclient_raw(set, req.data, req.len, 64, &reply, &len, error_r);
	abuf_free(&req);
	if (r != AUTHCLIENT_OK)
		return r;
	if (len == 3 && memcmp(reply, "OK\n", 3) == 0) {
		r = AUTHCLIENT_OK;
	} else if (len == 5 && memcmp(reply, "FAIL\n", 5) == 0) {
		*error_r = "password change failed";
		r = AUTHCLIENT_FAIL;
	} else {
		*error_r = "no valid reply from authdaemond";
		r = AUTHCLIENT_TEMPFAIL;
	}
	free(reply);
	return r;
}
