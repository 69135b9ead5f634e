/*
 * deliverquota -w: the quota warning message, Courier's way (see
 * deliverquota.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "safe-io.h"
#include "maildir.h"
#include "maildir-deliver.h"
#include "maildir-quota.h"
#include "deliverquota.h"

/* true when a warning went out less than a day ago. */
static bool
warned_recently(const char *root, time_t now)
{
	char path[MAILDIR_PATH_MAX];
	struct stat st;

	if (maildir_path(path, sizeof(path), root, DELIVERQUOTA_WARN_STAMP) <
		    0 ||
	    lstat(path, &st) < 0)
		return false;
	return now - st.st_mtime < DELIVERQUOTA_WARN_INTERVAL &&
	       st.st_mtime <= now;
}

static int
touch_stamp(const char *root)
{
	char path[MAILDIR_PATH_MAX];
	int fd;

	if (maildir_path(path, sizeof(path), root, DELIVERQUOTA_WARN_STAMP) <
	    0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return -1;
	/* Courier's stamp holds one NUL byte. */
	if (write_full(fd, "", 1) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* "Date: ...\nMessage-Id: <...>\n" for the warning. */
static int
warn_headers(time_t now, char *buf, size_t size)
{
	struct tm tm;
	char date[64];
	int n;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm) ==
		    0)
		return -1;
	n = snprintf(buf, size, "Date: %s\nMessage-Id: <%lld.overquota@%s>\n",
		     date, (long long)now, maildir_local_host());
	return n < 0 || (size_t)n >= size ? -1 : n;
}

static int
deliver_warning(const char *root, const char *msg, size_t msg_size,
		time_t now, const char **error_r)
{
	struct maildir_deliver_settings set = { .suffix = "warn" };
	struct maildir_delivery *d = NULL;
	char headers[512];
	int hlen = warn_headers(now, headers, sizeof(headers));
	uint64_t size;

	if (hlen < 0) {
		*error_r = "cannot format the warning's headers";
		return -1;
	}
	set.known_size = (int64_t)((size_t)hlen + msg_size);
	if (maildir_delivery_begin(root, &set, &d, error_r) < 0 ||
	    maildir_delivery_write(d, headers, (size_t)hlen, error_r) < 0 ||
	    maildir_delivery_write(d, msg, msg_size, error_r) < 0) {
		maildir_delivery_abort(&d);
		return -1;
	}
	size = maildir_delivery_size(d);
	if (maildir_delivery_commit(&d, NULL, 0, error_r) < 0)
		return -1;
	/* The warning goes in even over quota; keep the count honest. */
	return maildir_quota_add(root, (int64_t)size, 1, error_r);
}

void
deliverquota_warn(const char *root, const char *file, unsigned int percent)
{
	struct maildir_quota_info info;
	const char *error;
	char *msg = NULL;
	size_t msg_size;
	time_t now = time(NULL);

	if (maildir_quota_open(root, NULL, &info, &error) < 0) {
		log_warn("%s", error);
		return;
	}
	if (!info.enabled || maildir_quota_percent(&info, 0, 0) < percent ||
	    warned_recently(root, now))
		return;
	if (file == NULL)
		file = DELIVERQUOTA_WARN_FILE;
	if (read_file(file, DELIVERQUOTA_WARN_MAX, &msg, &msg_size) < 0) {
		if (errno != ENOENT)
			log_warn("%s: %s", file, strerror(errno));
		return;
	}
	if (touch_stamp(root) < 0) {
		log_warn("%s/%s: %s", root, DELIVERQUOTA_WARN_STAMP,
			 strerror(errno));
	} else if (deliver_warning(root, msg, msg_size, now, &error) < 0) {
		log_warn("quota warning: %s", error);
	}
	free(msg);
}
