#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lmtp-deliver.h"
#include "log.h"
#include "maildir-deliver.h"
#include "maildir-quota.h"
#include "maildir.h"
#include "proc-privs.h"

/* Exit codes of the delivering child. */
enum {
	CHILD_OK = 0,
	CHILD_OVER_QUOTA = 10,
	CHILD_TEMPFAIL = 11,
};

static char deliver_error[512];

static int
copy_spool(struct maildir_delivery *d, int fd, const char **error_r)
{
	char buf[65536];
	off_t off = 0;

	for (;;) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*error_r = "reading the spooled message failed";
			return -1;
		}
		if (n == 0)
			return 0;
		if (maildir_delivery_write(d, buf, (size_t)n, error_r) < 0)
			return -1;
		off += n;
	}
}

static int
quota_check(const char *root, const char *quota, int64_t size,
	    struct maildir_quota_info *info, const char **error_r)
{
	struct maildir_quota q, *override = NULL;

	if (quota != NULL && quota[0] != '\0' &&
	    maildir_quota_parse(quota, strlen(quota), &q) == 0 &&
	    maildir_quota_is_set(&q))
		override = &q;
	if (maildir_quota_open(root, override, info, error_r) < 0)
		return -1;
	return maildir_quota_check(info, size, 1, error_r);
}

/* Runs in the child, as the account. Returns the child's exit code. */
static int
deliver_as_account(const struct lmtp_mailbox *mbox, const char *header,
		   size_t header_len, int spool_fd, int err_fd)
{
	struct maildir_deliver_settings set = { .known_size = -1 };
	struct maildir_delivery *d = NULL;
	struct maildir_quota_info info;
	char root[MAILDIR_PATH_MAX];
	const char *path, *error = NULL;
	struct stat st;
	bool is_folder;
	int64_t size;
	int r;

	path = mbox->maildir != NULL && mbox->maildir[0] != '\0'
		       ? mbox->maildir : mbox->default_maildir;
	if (proc_become_account(mbox->sysuser, mbox->uid, mbox->gid,
				&error) < 0)
		goto fail;
	if (mbox->home == NULL || chdir(mbox->home) < 0) {
		error = "cannot enter the home directory";
		goto fail;
	}
	if (fstat(spool_fd, &st) < 0) {
		error = "cannot stat the spool file";
		goto fail;
	}
	size = (int64_t)header_len + (int64_t)st.st_size;
	set.known_size = size;
	if (maildir_check(path, &error) < 0 ||
	    maildir_quota_root(path, root, sizeof(root), &is_folder,
			       &error) < 0)
		goto fail;
	r = quota_check(root, mbox->quota, size, &info, &error);
	if (r > 0)
		return CHILD_OVER_QUOTA;
	if (r < 0)
		goto fail;
	if (maildir_delivery_begin(path, &set, &d, &error) < 0 ||
	    maildir_delivery_write(d, header, header_len, &error) < 0 ||
	    copy_spool(d, spool_fd, &error) < 0 ||
	    maildir_delivery_commit(&d, NULL, 0, &error) < 0)
		goto fail;
	if (info.enabled && maildir_quota_add(root, size, 1, &error) < 0)
		log_warn("%s", error); /* delivered; a rebuild fixes it */
	return CHILD_OK;
fail:
	if (d != NULL)
		maildir_delivery_abort(&d);
	if (error != NULL) {
		ssize_t w = write(err_fd, error, strlen(error));

		(void)w;
	}
	return CHILD_TEMPFAIL;
}

enum lmtp_deliver_result
lmtp_deliver(const struct lmtp_mailbox *mbox, const char *header,
	     size_t header_len, int spool_fd, const char **error_r)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0) {
		*error_r = "pipe() failed";
		return LMTP_DELIVER_TEMPFAIL;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		*error_r = "fork() failed";
		return LMTP_DELIVER_TEMPFAIL;
	}
	if (pid == 0) {
		close(fds[0]);
		_exit(deliver_as_account(mbox, header, header_len, spool_fd,
					 fds[1]));
	}
	close(fds[1]);
	n = read(fds[0], deliver_error, sizeof(deliver_error) - 1);
	deliver_error[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			*error_r = "waitpid() failed";
			return LMTP_DELIVER_TEMPFAIL;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_OK)
		return LMTP_DELIVER_OK;
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_OVER_QUOTA)
		return LMTP_DELIVER_OVER_QUOTA;
	*error_r = deliver_error[0] != '\0' ? deliver_error
		   : WIFSIGNALED(status) ? "delivery process killed"
					 : "delivery failed";
	return LMTP_DELIVER_TEMPFAIL;
}
