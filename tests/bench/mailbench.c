/*
 * mailbench: a small, fast POP3/IMAP load generator for the benchmarks in
 * tests/bench. It forks one process per simulated client (so that the
 * client side scales over cores like the servers do), each speaking plain
 * TCP to 127.0.0.1, and prints one summary line of key=value pairs.
 *
 *   mailbench pop3-retr  -p PORT [-c CLIENTS] [-u USERS] [-n ROUNDS]
 *   mailbench pop3-login -p PORT [-c CLIENTS] [-u USERS] [-t SECONDS]
 *   mailbench imap-fetch -p PORT [-c CLIENTS] [-u USERS] [-n ROUNDS]
 *   mailbench imap-mixed -p PORT [-c CLIENTS] [-u USERS] [-t SECONDS]
 *   mailbench lmtp       -p PORT [-c CLIENTS] [-u USERS] [-n MESSAGES]
 *
 * Users are "<prefix><i>" (default prefix "bench", i = client % USERS) with
 * password -w (default "bench"). The client CPU time is reported next to
 * the wall time so a run can show that the server, not the client, was
 * the limit.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "strnum.h"

struct options {
	const char *mode;
	const char *prefix;
	const char *password;
	uint32_t port;
	uint32_t clients;
	uint32_t users;
	uint32_t rounds;
	uint32_t seconds;
	uint32_t window; /* pipelined commands in flight */
};

struct result {
	uint64_t ops;	/* messages retrieved, or logins */
	uint64_t bytes; /* bytes received */
	uint64_t errors;
};

struct conn {
	int fd;
	char buf[65536];
	size_t start;
	size_t end;
	uint64_t bytes;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
conn_open(struct conn *c, uint32_t port)
{
	struct sockaddr_in sin;
	int one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	c->start = c->end = 0;
	c->bytes = 0;
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

static void
conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static int
conn_fill(struct conn *c)
{
	ssize_t n;

	if (c->start == c->end)
		c->start = c->end = 0;
	else if (c->end == sizeof(c->buf)) {
		memmove(c->buf, c->buf + c->start, c->end - c->start);
		c->end -= c->start;
		c->start = 0;
	}
	do {
		n = read(c->fd, c->buf + c->end, sizeof(c->buf) - c->end);
	} while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -1;
	c->end += (size_t)n;
	c->bytes += (uint64_t)n;
	return 0;
}

/* Reads one line (without CRLF) into line (cut to size-1). */
static int
conn_line(struct conn *c, char *line, size_t size)
{
	size_t n = 0;

	for (;;) {
		while (c->start < c->end) {
			char ch = c->buf[c->start++];

			if (ch == '\n') {
				if (n > 0 && line[n - 1] == '\r')
					n--;
				line[n] = '\0';
				return 0;
			}
			if (n + 1 < size)
				line[n++] = ch;
		}
		if (conn_fill(c) < 0)
			return -1;
	}
}

/* Skips a POP3 multi-line body up to and including "\r\n.\r\n"; the
   status line has been read. */
static int
conn_skip_dot(struct conn *c)
{
	/* state: 0 mid-line, 1 at line start, 2 saw ".", 3 saw ".\r" */
	int state = 1;

	for (;;) {
		while (c->start < c->end) {
			char ch = c->buf[c->start++];

			if (state == 3 && ch == '\n')
				return 0;
			if (ch == '\n')
				state = 1;
			else if (state == 1 && ch == '.')
				state = 2;
			else if (state == 2 && ch == '\r')
				state = 3;
			else
				state = 0;
		}
		if (conn_fill(c) < 0)
			return -1;
	}
}

/* Skips n bytes (an IMAP literal). */
static int
conn_skip(struct conn *c, uint64_t n)
{
	while (n > 0) {
		size_t avail = c->end - c->start;

		if (avail == 0) {
			if (conn_fill(c) < 0)
				return -1;
			continue;
		}
		if (avail > n)
			avail = (size_t)n;
		c->start += avail;
		n -= avail;
	}
	return 0;
}

static int
conn_send(struct conn *c, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(c->fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
conn_printf(struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int
conn_printf(struct conn *c, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	return conn_send(c, buf, (size_t)n);
}

static int
pop3_ok(struct conn *c)
{
	char line[1024];

	if (conn_line(c, line, sizeof(line)) < 0)
		return -1;
	return strncmp(line, "+OK", 3) == 0 ? 0 : -1;
}

static int
pop3_login(struct conn *c, const struct options *o, uint32_t id)
{
	if (conn_open(c, o->port) < 0 || pop3_ok(c) < 0)
		return -1;
	if (conn_printf(c, "USER %s%u\r\n", o->prefix, id % o->users) < 0 ||
	    pop3_ok(c) < 0 ||
	    conn_printf(c, "PASS %s\r\n", o->password) < 0 || pop3_ok(c) < 0)
		return -1;
	return 0;
}

static int
pop3_retr_round(const struct options *o, uint32_t id, struct result *r)
{
	struct conn c;
	char line[1024];
	uint32_t count, sent = 1, got = 1;
	const char *p;
	int ret = -1;

	if (pop3_login(&c, o, id) < 0 || conn_printf(&c, "STAT\r\n") < 0 ||
	    conn_line(&c, line, sizeof(line)) < 0 ||
	    strncmp(line, "+OK ", 4) != 0)
		goto out;
	p = line + 4;
	if (str_to_uint32_n(p, strcspn(p, " "), &count) < 0)
		goto out;
	/* Keep `window` RETRs in flight (PIPELINING, RFC 2449). */
	while (got <= count) {
		while (sent <= count && sent - got < o->window) {
			if (conn_printf(&c, "RETR %u\r\n", sent) < 0)
				goto out;
			sent++;
		}
		if (pop3_ok(&c) < 0 || conn_skip_dot(&c) < 0)
			goto out;
		got++;
		r->ops++;
	}
	if (conn_printf(&c, "QUIT\r\n") < 0 || pop3_ok(&c) < 0)
		goto out;
	ret = 0;
out:
	r->bytes += c.bytes;
	conn_close(&c);
	return ret;
}

static int
pop3_login_once(const struct options *o, uint32_t id, struct result *r)
{
	struct conn c;
	int ret = -1;

	if (pop3_login(&c, o, id) < 0 || conn_printf(&c, "QUIT\r\n") < 0 ||
	    pop3_ok(&c) < 0)
		goto out;
	r->ops++;
	ret = 0;
out:
	r->bytes += c.bytes;
	conn_close(&c);
	return ret;
}

/* Reads IMAP responses until the tagged one; counts FETCH responses and
   skips literals. Returns 0 for a tagged OK. */
static int
imap_until_tagged_line(struct conn *c, const char *tag, uint64_t *fetches,
		       char *tagged, size_t tagged_size)
{
	char line[8192];
	size_t taglen = strlen(tag);

	for (;;) {
		size_t len;
		uint64_t lit;
		const char *open;

		if (conn_line(c, line, sizeof(line)) < 0)
			return -1;
		if (strncmp(line, tag, taglen) == 0 && line[taglen] == ' ') {
			if (tagged != NULL) {
				size_t n = strlen(line);

				if (n >= tagged_size)
					n = tagged_size - 1;
				memcpy(tagged, line, n);
				tagged[n] = '\0';
			}
			return strncmp(line + taglen + 1, "OK", 2) == 0 ? 0
									 : -1;
		}
		if (fetches != NULL && strstr(line, " FETCH (") != NULL)
			(*fetches)++;
		/* A line ending in {n} announces a literal of n bytes,
		   after which the response continues on further lines. */
		for (;;) {
			const char *end;

			len = strlen(line);
			if (len < 3 || line[len - 1] != '}')
				break;
			open = strrchr(line, '{');
			if (open == NULL ||
			    str_parse_uint64(open + 1, &lit, &end) < 0 ||
			    *end != '}')
				break;
			if (conn_skip(c, lit) < 0 ||
			    conn_line(c, line, sizeof(line)) < 0)
				return -1;
		}
	}
}

static int
imap_until_tagged(struct conn *c, const char *tag, uint64_t *fetches)
{
	return imap_until_tagged_line(c, tag, fetches, NULL, 0);
}

/* Sends one command and waits for its tagged OK; counts it in r. */
static int
imap_cmd(struct conn *c, struct result *r, const char *tag,
	 const char *command)
{
	if (conn_printf(c, "%s %s\r\n", tag, command) < 0 ||
	    imap_until_tagged(c, tag, NULL) < 0)
		return -1;
	r->ops++;
	return 0;
}

/*
 * One session of the mixed workload: LOGIN, SELECT, a header FETCH of 20
 * messages, a whole-message FETCH, STORE, APPEND (synchronising literal),
 * UID STORE \Deleted of the appended message (UIDPLUS), EXPUNGE, LOGOUT:
 * nine commands, and the mailbox ends as it began.
 */
static int
imap_mixed_session(const struct options *o, uint32_t id, unsigned int k,
		   struct result *r)
{
	static const char msg[] =
		"From: mixed@example.org\r\nTo: bench@example.net\r\n"
		"Subject: appended by mailbench\r\n\r\n"
		"A short message appended and expunged again.\r\n";
	struct conn c;
	char line[1024], cmd[128];
	const char *p;
	uint32_t uid = 0;
	int ret = -1;

	if (conn_open(&c, o->port) < 0 ||
	    conn_line(&c, line, sizeof(line)) < 0 ||
	    strncmp(line, "* OK", 4) != 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "LOGIN %s%u %s", o->prefix, id % o->users,
		 o->password);
	if (imap_cmd(&c, r, "a", cmd) < 0 ||
	    imap_cmd(&c, r, "b", "SELECT INBOX") < 0 ||
	    imap_cmd(&c, r, "c",
		     "FETCH 1:20 (UID FLAGS RFC822.SIZE ENVELOPE)") < 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "FETCH %u BODY.PEEK[]", 1 + k % 100);
	if (imap_cmd(&c, r, "d", cmd) < 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "STORE %u +FLAGS (\\Seen)", 1 + k % 100);
	if (imap_cmd(&c, r, "e", cmd) < 0)
		goto out;
	if (conn_printf(&c, "f APPEND INBOX {%zu}\r\n", sizeof(msg) - 1) < 0 ||
	    conn_line(&c, line, sizeof(line)) < 0 || line[0] != '+' ||
	    conn_send(&c, msg, sizeof(msg) - 1) < 0 ||
	    conn_send(&c, "\r\n", 2) < 0 ||
	    imap_until_tagged_line(&c, "f", NULL, line, sizeof(line)) < 0)
		goto out;
	r->ops++;
	p = strstr(line, "[APPENDUID ");
	if (p == NULL || (p = strchr(p + 11, ' ')) == NULL ||
	    str_to_uint32_n(p + 1, strcspn(p + 1, "]"), &uid) < 0)
		goto out;
	snprintf(cmd, sizeof(cmd), "UID STORE %u +FLAGS.SILENT (\\Deleted)",
		 uid);
	if (imap_cmd(&c, r, "g", cmd) < 0 ||
	    imap_cmd(&c, r, "h", "EXPUNGE") < 0 ||
	    imap_cmd(&c, r, "i", "LOGOUT") < 0)
		goto out;
	ret = 0;
out:
	r->bytes += c.bytes;
	conn_close(&c);
	return ret;
}

static int
imap_fetch_round(const struct options *o, uint32_t id, struct result *r)
{
	struct conn c;
	char line[1024];
	int ret = -1;

	if (conn_open(&c, o->port) < 0 ||
	    conn_line(&c, line, sizeof(line)) < 0 ||
	    strncmp(line, "* OK", 4) != 0)
		goto out;
	if (conn_printf(&c, "a LOGIN %s%u %s\r\n", o->prefix, id % o->users,
			o->password) < 0 ||
	    imap_until_tagged(&c, "a", NULL) < 0 ||
	    conn_printf(&c, "b SELECT INBOX\r\n") < 0 ||
	    imap_until_tagged(&c, "b", NULL) < 0 ||
	    conn_printf(&c, "c FETCH 1:* (UID FLAGS RFC822.SIZE)\r\n") < 0 ||
	    imap_until_tagged(&c, "c", &r->ops) < 0 ||
	    conn_printf(&c, "d LOGOUT\r\n") < 0 ||
	    imap_until_tagged(&c, "d", NULL) < 0)
		goto out;
	ret = 0;
out:
	r->bytes += c.bytes;
	conn_close(&c);
	return ret;
}

/* Reads one (possibly multi-line) SMTP/LMTP reply; 0 when it is 2xx or
   3xx. */
static int
smtp_reply(struct conn *c)
{
	char line[1024];

	do {
		if (conn_line(c, line, sizeof(line)) < 0)
			return -1;
	} while (strlen(line) > 3 && line[3] == '-');
	return line[0] == '2' || line[0] == '3' ? 0 : -1;
}

/* One connection delivering `rounds` messages of about 4 KB to one
   recipient, each transaction sent in one write (PIPELINING). */
static int
lmtp_round(const struct options *o, uint32_t id, struct result *r)
{
	static char body[4096];
	struct conn c;
	uint32_t i;
	int ret = -1;

	if (body[0] == '\0') {
		static const char line[] = "lorem ipsum dolor sit amet, "
					   "consectetur adipiscing elit\r\n";
		size_t n = 0;

		while (n + sizeof(line) < sizeof(body)) {
			memcpy(body + n, line, sizeof(line) - 1);
			n += sizeof(line) - 1;
		}
		body[n] = '\0';
	}
	if (conn_open(&c, o->port) < 0 || smtp_reply(&c) < 0 ||
	    conn_printf(&c, "LHLO bench.example\r\n") < 0 ||
	    smtp_reply(&c) < 0)
		goto out;
	for (i = 0; i < o->rounds; i++) {
		char head[512];
		int n = snprintf(head, sizeof(head),
				 "MAIL FROM:<load@example.org>\r\n"
				 "RCPT TO:<%s%u@bench.test>\r\nDATA\r\n",
				 o->prefix, id % o->users);

		if (n < 0 || conn_send(&c, head, (size_t)n) < 0 ||
		    smtp_reply(&c) < 0 || smtp_reply(&c) < 0 ||
		    smtp_reply(&c) < 0 ||
		    conn_printf(&c, "Subject: bench %u\r\n\r\n", i) < 0 ||
		    conn_send(&c, body, strlen(body)) < 0 ||
		    conn_send(&c, ".\r\n", 3) < 0 || smtp_reply(&c) < 0)
			goto out;
		r->ops++;
	}
	if (conn_printf(&c, "QUIT\r\n") < 0)
		goto out;
	ret = 0;
out:
	r->bytes += c.bytes;
	conn_close(&c);
	return ret;
}

static void
run_client(const struct options *o, uint32_t id, int out_fd)
{
	struct result r = { 0, 0, 0 };
	double deadline = now() + o->seconds;
	uint32_t i;

	if (strcmp(o->mode, "pop3-login") == 0) {
		while (now() < deadline) {
			if (pop3_login_once(o, id, &r) < 0)
				r.errors++;
		}
	} else if (strcmp(o->mode, "lmtp") == 0) {
		if (lmtp_round(o, id, &r) < 0)
			r.errors++;
	} else if (strcmp(o->mode, "imap-mixed") == 0) {
		unsigned int k = id * 7919u;

		while (now() < deadline) {
			if (imap_mixed_session(o, id, k++, &r) < 0)
				r.errors++;
		}
	} else {
		for (i = 0; i < o->rounds; i++) {
			int rc = strcmp(o->mode, "pop3-retr") == 0
					 ? pop3_retr_round(o, id, &r)
					 : imap_fetch_round(o, id, &r);
			if (rc < 0)
				r.errors++;
		}
	}
	if (write(out_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
		_exit(2);
	_exit(0);
}

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: mailbench MODE -p PORT [-c CLIENTS] [-u USERS] "
		"[-n ROUNDS] [-t SECONDS]\n"
		"                 [-w PASSWORD] [-P USERPREFIX] [-W WINDOW]\n"
		"MODE: pop3-retr (RETR every message, pipelined), pop3-login "
		"(USER/PASS/QUIT\n"
		"      for SECONDS), imap-fetch (LOGIN, SELECT, FETCH 1:* "
		"(UID FLAGS RFC822.SIZE)),\n"
		"      imap-mixed (sessions of LOGIN SELECT FETCH FETCH STORE "
		"APPEND STORE EXPUNGE\n"
		"      LOGOUT for SECONDS; ops = commands),\n"
		"      lmtp (ROUNDS messages of 4 KB per client to "
		"USERPREFIX<i>@bench.test).\n");
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	int opt;

	*o = (struct options){ .prefix = "bench", .password = "bench",
			       .clients = 1, .users = 1, .rounds = 1,
			       .seconds = 10, .window = 16 };
	if (argc < 2)
		return -1;
	o->mode = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "p:c:u:n:t:w:P:W:")) != -1) {
		uint32_t *dst = NULL;

		switch (opt) {
		case 'p': dst = &o->port; break;
		case 'c': dst = &o->clients; break;
		case 'u': dst = &o->users; break;
		case 'n': dst = &o->rounds; break;
		case 't': dst = &o->seconds; break;
		case 'W': dst = &o->window; break;
		case 'w': o->password = optarg; break;
		case 'P': o->prefix = optarg; break;
		default: return -1;
		}
		if (dst != NULL && (str_to_uint32(optarg, dst) < 0 || *dst == 0))
			return -1;
	}
	if (o->port == 0 || o->port > 65535)
		return -1;
	if (strcmp(o->mode, "pop3-retr") != 0 &&
	    strcmp(o->mode, "pop3-login") != 0 &&
	    strcmp(o->mode, "imap-fetch") != 0 &&
	    strcmp(o->mode, "imap-mixed") != 0 &&
	    strcmp(o->mode, "lmtp") != 0)
		return -1;
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct result total = { 0, 0, 0 };
	struct rusage ru;
	int fds[2];
	double start, elapsed, cpu;
	uint32_t i;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	if (parse_args(argc, argv, &o) < 0) {
		usage(stderr);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (pipe(fds) < 0) {
		perror("pipe");
		return 1;
	}
	start = now();
	for (i = 0; i < o.clients; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			close(fds[0]);
			run_client(&o, i, fds[1]);
		}
	}
	close(fds[1]);
	for (i = 0; i < o.clients; i++) {
		struct result r;

		if (read(fds[0], &r, sizeof(r)) != (ssize_t)sizeof(r)) {
			total.errors++;
			continue;
		}
		total.ops += r.ops;
		total.bytes += r.bytes;
		total.errors += r.errors;
	}
	while (wait(NULL) > 0)
		;
	elapsed = now() - start;
	getrusage(RUSAGE_CHILDREN, &ru);
	cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	      (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	printf("mode=%s clients=%u ops=%llu bytes=%llu errors=%llu "
	       "seconds=%.3f ops_per_s=%.1f mb_per_s=%.2f client_cpu_s=%.3f\n",
	       o.mode, o.clients, (unsigned long long)total.ops,
	       (unsigned long long)total.bytes,
	       (unsigned long long)total.errors, elapsed,
	       (double)total.ops / elapsed,
	       (double)total.bytes / elapsed / 1e6, cpu);
	return total.errors == 0 ? 0 : 1;
}
