#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "safe-io.h"
#include "../tests/unit/tap.h"

static void
sanitize_is(size_t dst_size, const char *src, size_t len, const char *want,
	    const char *name)
{
	char dst[64];

	memset(dst, 'Z', sizeof(dst));
	is_str(log_sanitize(dst, dst_size, src, len), want, name);
}

static void
test_sanitize(void)
{
	char dst[4] = "xyz";

	sanitize_is(16, "user", 4, "user", "plain");
	sanitize_is(16, "a\r\nb\tc\0d", 8, "a??b?c?d", "control chars");
	sanitize_is(16, "caf\xc3\xa9\x7f", 6, "caf???", "non-ASCII and DEL");
	sanitize_is(6, "abcde", 5, "abcde", "length dst_size - 1 fits");
	sanitize_is(6, "abcdef", 6, "ab...", "length dst_size truncated");
	sanitize_is(10, "0123456789abcdef", 16, "012345...",
		    "long string truncated with ...");
	sanitize_is(4, "abcd", 4, "...", "dst_size 4");
	sanitize_is(3, "abcd", 4, "ab", "dst_size 3: no room for ...");
	sanitize_is(1, "abcd", 4, "", "dst_size 1");
	sanitize_is(16, "", 0, "", "empty");
	log_sanitize(dst, 0, "abc", 3);
	is_str(dst, "xyz", "dst_size 0 writes nothing");
}

/* Runs fn in a child with stderr on a pipe; returns what it wrote and its
   exit status. */
static char *
child_stderr(void (*fn)(void), int *status_r)
{
	static char out[8192];
	int fds[2];
	pid_t pid;
	ssize_t n;

	fflush(stdout);
	if (pipe(fds) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fds[1]);
	n = read_full(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	out[n > 0 ? n : 0] = '\0';
	waitpid(pid, status_r, 0);
	return out;
}

static void
log_levels(void)
{
	log_open("/usr/sbin/imapd", true);
	log_debug("hidden %d", 1);
	log_info("info %d", 2);
	log_warn("warn %s", "x");
	log_error("error");
	log_set_debug(true);
	log_debug("shown");
	errno = EPERM;
	log_info("errno kept");
	if (errno != EPERM)
		log_error("errno changed");
}

static void
log_long(void)
{
	static char big[5000];

	memset(big, 'a', sizeof(big) - 1);
	log_open("t", true);
	log_info("%s", big);
}

static void
log_fatal(void)
{
	log_open("t", true);
	fatal("cannot start: %s", "reason");
}

static void
test_stderr(void)
{
	int status = -1;
	char *out;

	out = child_stderr(log_levels, &status);
	is_str(out, "imapd: INFO: info 2\n"
		    "imapd: WARN: warn x\n"
		    "imapd: ERR: error\n"
		    "imapd: DEBUG: shown\n"
		    "imapd: INFO: errno kept\n",
	       "stderr format \"ident: LEVEL: message\", debug off by default");
	out = child_stderr(log_long, &status);
	ok(out != NULL && strlen(out) == strlen("t: INFO: ") + 2047 + 1 &&
		   out[strlen(out) - 1] == '\n' &&
		   strchr(out, '\n') == out + strlen(out) - 1,
	   "long message truncated to one line");
	out = child_stderr(log_fatal, &status);
	is_str(out, "t: ERR: cannot start: reason\n", "fatal logs");
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 1, "fatal exits 1");
	log_open("x", true);
	ok(log_to_stderr(), "log_to_stderr");
}

int
main(void)
{
	test_sanitize();
	test_stderr();
	return tap_done();
}
