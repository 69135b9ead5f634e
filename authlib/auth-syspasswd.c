/*
 * System password changes for authshadow and authpwd, the way Courier's
 * auth_syspasswd() does them: a helper program run as the account.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auth-str.h"
#include "auth-syspasswd.h"
#include "log.h"
#include "safe-io.h"
#include "xalloc.h"

/* In the child: stdin from in_fd, stdout/stderr to /dev/null, no other
   descriptor (the client's connection stays out of the account's reach),
   no blocked signal, the account's ids, then the helper. Never returns. */
static void
helper_child(const char *helper, int in_fd, uid_t uid, gid_t gid)
{
	int null_fd = open("/dev/null", O_WRONLY);
	sigset_t none;

	if (null_fd < 0 || dup2(in_fd, 0) < 0 || dup2(null_fd, 1) < 0 ||
	    dup2(null_fd, 2) < 0)
		_exit(127);
	closefrom(3);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (uid != getuid() &&
	    (setgroups(1, &gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0))
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	execl(helper, helper, (char *)NULL);
	_exit(127);
}

static enum auth_result
run_helper(const char *helper, const struct passwd *pw, const char *input)
{
	enum auth_result r = AUTH_RESULT_TEMPFAIL;
	int fds[2], status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0) {
		log_error("authsystem_passwd: pipe(): %s", strerror(errno));
		return AUTH_RESULT_TEMPFAIL;
	}
	pid = fork();
	if (pid == 0)
		helper_child(helper, fds[0], pw->pw_uid, pw->pw_gid);
	close(fds[0]);
	if (pid < 0) {
		log_error("authsystem_passwd: fork(): %s", strerror(errno));
		close(fds[1]);
		return AUTH_RESULT_TEMPFAIL;
	}
	/* A helper that exits early only costs it the input (EPIPE). */
	(void)write_full(fds[1], input, strlen(input));
	close(fds[1]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			log_error("authsystem_passwd: waitpid(): %s",
				  strerror(errno));
			return AUTH_RESULT_TEMPFAIL;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		r = AUTH_RESULT_OK;
	} else {
		log_info("%s: password not changed for %s (status %d)",
			 helper, pw->pw_name, status);
		r = AUTH_RESULT_FAIL;
	}
	return r;
}

enum auth_result
auth_syspasswd(const char *helper, const char *user, const char *oldpass,
	       const char *newpass)
{
	struct passwd *pw;
	enum auth_result r;
	char *input;

	if (*user == '\0' || strchr(user, '@') != NULL ||
	    str_has_ctrl(user, strlen(user)) ||
	    strpbrk(oldpass, "\r\n") != NULL ||
	    strpbrk(newpass, "\r\n") != NULL)
		return AUTH_RESULT_FAIL;
	pw = getpwnam(user);
	if (pw == NULL)
		return AUTH_RESULT_FAIL;
	if (access(helper, X_OK) < 0) {
		log_warn("authsystem_passwd %s: %s: no password changes",
			 helper, strerror(errno));
		return AUTH_RESULT_FAIL;
	}
	input = xasprintf("%s\n%s\n", oldpass, newpass);
	r = run_helper(helper, pw, input);
	str_free_secret(&input);
	return r;
}
