/*
 * lmtp_deliver(): the delivering child takes the mailbox owner's identity,
 * honours the quota and writes trace header + spooled message atomically.
 * Needs root (it changes uid); skips visibly otherwise.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lmtp-deliver.h"
#include "maildir.h"
#include "../tests/unit/tap.h"

static char base[128];
static uid_t mail_uid;
static gid_t mail_gid;

/* Number of entries in dir (without . and ..), or -1. */
static int
count_files(const char *dir, char *last, size_t last_size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		if (last != NULL)
			snprintf(last, last_size, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	return n;
}

static void
chown_tree(const char *path)
{
	char sub[512];
	const char *parts[] = { "", "/tmp", "/new", "/cur" };
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(sub, sizeof(sub), "%s%s", path, parts[i]);
		if (chown(sub, mail_uid, mail_gid) < 0)
			perror(sub);
	}
}

static int
make_spool(const char *text)
{
	char path[200];
	int fd;

	snprintf(path, sizeof(path), "%s/spool.XXXXXX", base);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	unlink(path);
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	/* The caller's offset must not matter: leave it at the end. */
	return fd;
}

static void
test_delivery(void)
{
	char home[300], md[400], file[800], buf[512];
	const char *hdr = "Return-Path: <a@b.example>\nDelivered-To: "
			  "u@c.example\n";
	struct lmtp_mailbox mb = { NULL, 0, 0, home, "Maildir", "Maildir",
				   NULL };
	const char *error = NULL;
	struct stat st;
	int spool, fd;
	ssize_t n;

	mb.uid = mail_uid;
	mb.gid = mail_gid;
	snprintf(home, sizeof(home), "%s/home", base);
	snprintf(md, sizeof(md), "%s/Maildir", home);
	mkdir(home, 0700);
	chown(home, mail_uid, mail_gid);
	if (maildir_create(md, 0700, 0700, false, &error) < 0) {
		ok(false, "maildir created: %s", error);
		return;
	}
	chown_tree(md);
	spool = make_spool("Subject: hi\n\nbody\n");
	is_int(lmtp_deliver(&mb, hdr, strlen(hdr), spool, &error),
	       LMTP_DELIVER_OK, "delivered");
	snprintf(buf, sizeof(buf), "%s/new", md);
	is_int(count_files(buf, file, sizeof(file)), 1, "one file in new/");
	ok(stat(file, &st) == 0 && st.st_uid == mail_uid &&
		   st.st_gid == mail_gid,
	   "the file belongs to the mailbox owner, not root");
	fd = open(file, O_RDONLY);
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	ok(strncmp(buf, hdr, strlen(hdr)) == 0 &&
		   strcmp(buf + strlen(hdr), "Subject: hi\n\nbody\n") == 0,
	   "trace header, then the message, whatever the spool offset");
	ok(strstr(file, ",S=") != NULL, "name carries ,S=");
	snprintf(buf, sizeof(buf), "%s/tmp", md);
	is_int(count_files(buf, NULL, 0), 0, "tmp/ left empty");

	/* Quota: 60 bytes are too few for a second copy. */
	mb.quota = "60S";
	is_int(lmtp_deliver(&mb, hdr, strlen(hdr), spool, &error),
	       LMTP_DELIVER_OVER_QUOTA, "over quota");
	snprintf(buf, sizeof(buf), "%s/new", md);
	is_int(count_files(buf, NULL, 0), 1, "nothing delivered over quota");
	snprintf(buf, sizeof(buf), "%s/tmp", md);
	is_int(count_files(buf, NULL, 0), 0, "tmp/ still empty");
	mb.quota = NULL;

	/* Root is never a mailbox owner. */
	mb.uid = 0;
	is_int(lmtp_deliver(&mb, hdr, strlen(hdr), spool, &error),
	       LMTP_DELIVER_TEMPFAIL, "uid 0 refused");
	mb.uid = mail_uid;

	/* A missing maildir is a temporary failure, reported. */
	mb.maildir = "NoSuchMaildir";
	error = NULL;
	is_int(lmtp_deliver(&mb, hdr, strlen(hdr), spool, &error),
	       LMTP_DELIVER_TEMPFAIL, "missing maildir: temporary failure");
	ok(error != NULL && error[0] != '\0', "with a reason: %s",
	   error ? error : "(none)");
	close(spool);
}

int
main(void)
{
	struct passwd *pw = getpwnam("nobody");
	char cmd[300];

	if (geteuid() != 0 || pw == NULL) {
		printf("1..0 # SKIP needs root and the nobody account\n");
		return 0;
	}
	mail_uid = pw->pw_uid;
	mail_gid = pw->pw_gid;
	snprintf(base, sizeof(base), "/tmp/test-lmtp-deliver.XXXXXX");
	if (mkdtemp(base) == NULL)
		return 1;
	chmod(base, 0755);
	test_delivery();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
