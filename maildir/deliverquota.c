/*
 * deliverquota [-c] [-w PERCENT] [-W FILE] MAILDIR [QUOTA]
 *
 * Delivers standard input into MAILDIR (or a folder given by its path)
 * honouring maildirsize, as Courier's deliverquota: exit 0 when delivered,
 * 75 (EX_TEMPFAIL) with "Mail quota exceeded." when the message would go
 * over quota, 75 for any other failure, 73 for a usage error. (Courier
 * exits 77, EX_NOPERM, when standard input is a regular file whose size is
 * known before reading; an MTA treats 77 as a permanent failure and
 * bounces the mail, so we always answer the temporary 75.) The message is streamed through a fixed
 * buffer, so its size is not limited by memory.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "log.h"
#include "strnum.h"
#include "maildir.h"
#include "maildir-deliver.h"
#include "maildir-quota.h"
#include "deliverquota.h"

struct options {
	bool create;
	unsigned int warn_percent; /* 0 = no warning */
	const char *warn_file;
	const char *maildir;
	const char *quota;
};

static void __attribute__((noreturn))
usage(bool help)
{
	fprintf(help ? stdout : stderr,
		"Usage: deliverquota [-c] [-w percent] [-W file] maildir "
		"[quota]\n");
	exit(help ? 0 : EX_CANTCREAT);
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	int argn;

	for (argn = 1; argn < argc; argn++) {
		const char *a = argv[argn];
		uint32_t pct;

		if (strcmp(a, "--help") == 0)
			usage(true);
		if (a[0] != '-' || strcmp(a, "-") == 0)
			break;
		if (strcmp(a, "--") == 0) {
			argn++;
			break;
		}
		if (strcmp(a, "-c") == 0) {
			o->create = true;
		} else if (strcmp(a, "-w") == 0 && argn + 1 < argc) {
			if (str_to_uint32(argv[++argn], &pct) < 0 ||
			    pct == 0 || pct > 100) {
				log_error("-w needs a percentage from 1 to "
					  "100");
				usage(false);
			}
			o->warn_percent = pct;
		} else if (strcmp(a, "-W") == 0 && argn + 1 < argc) {
			o->warn_file = argv[++argn];
		} else {
			usage(false);
		}
	}
	if (argn >= argc || argc - argn > 2)
		usage(false);
	o->maildir = argv[argn];
	o->quota = argn + 1 < argc ? argv[argn + 1] : NULL;
}

/* -c: "mkdir -p" the maildir's parents, then the maildir itself. */
static int
create_maildir(const char *path, const char **error_r)
{
	char buf[MAILDIR_PATH_MAX];
	size_t i, len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", path, strerror(errno));
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i < len; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST) {
			*error_r = maildir_error("%s: %s", buf,
						 strerror(errno));
			return -1;
		}
		buf[i] = '/';
	}
	return maildir_create(path, 0700, 0700, true, error_r);
}

/* The tmp/ file being written, for the signal handler: an MTA that
   gives up on us (SIGTERM after its timeout) must not leave it behind. */
static char cleanup_path[MAILDIR_PATH_MAX];

static void
on_signal(int signo)
{
	(void)signo;
	if (cleanup_path[0] != '\0')
		(void)unlink(cleanup_path);
	_exit(EX_TEMPFAIL);
}

/* The signals an MTA or an operator uses to stop us. */
static void
cleanup_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

static void
set_cleanup(const char *path)
{
	sigset_t set, old;

	/* Copy with the signals blocked so the handler never sees half a
	   path. */
	cleanup_signals(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	snprintf(cleanup_path, sizeof(cleanup_path), "%s",
		 path != NULL ? path : "");
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
block_signals(bool block)
{
	sigset_t set;

	cleanup_signals(&set);
	sigprocmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void __attribute__((noreturn))
over_quota(int status)
{
	printf("Mail quota exceeded.\n");
	fflush(stdout);
	exit(status);
}

/* Quota state of root with the command line's QUOTA, if any. */
static int
quota_open(const char *root, const struct options *o,
	   struct maildir_quota_info *info)
{
	struct maildir_quota q, *override = NULL;
	const char *error;

	if (o->quota != NULL) {
		if (maildir_quota_parse(o->quota, strlen(o->quota), &q) == 0)
			override = &q;
		else
			fprintf(stderr,
				"WARN: quota string '%s' not parseable\n",
				o->quota);
	}
	if (maildir_quota_open(root, override, info, &error) < 0) {
		log_error("%s", error);
		return -1;
	}
	return 0;
}

static int
deliver(const struct options *o, const char *root)
{
	struct maildir_deliver_settings set = { .known_size = -1 };
	struct maildir_delivery *d = NULL;
	struct maildir_quota_info info;
	const char *error;
	struct stat st;
	int64_t size;
	int r;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(STDIN_FILENO, 0, SEEK_CUR) == 0) {
		/* Size known up front: Courier refuses before writing. */
		set.known_size = (int64_t)st.st_size;
		if (quota_open(root, o, &info) < 0)
			return EX_TEMPFAIL;
		r = maildir_quota_check(&info, set.known_size, 1, &error);
		if (r > 0)
			over_quota(EX_TEMPFAIL);
		if (r < 0) {
			log_error("%s", error);
			return EX_TEMPFAIL;
		}
	}
	if (maildir_delivery_begin(o->maildir, &set, &d, &error) < 0)
		goto fail;
	set_cleanup(maildir_delivery_tmp_path(d));
	if (maildir_delivery_copy_fd(d, STDIN_FILENO, &error) < 0)
		goto fail;
	size = (int64_t)maildir_delivery_size(d);
	/* Read maildirsize now, not before a long copy: other deliveries
	   may have added to it meanwhile. */
	if (quota_open(root, o, &info) < 0) {
		maildir_delivery_abort(&d);
		set_cleanup(NULL);
		return EX_TEMPFAIL;
	}
	r = maildir_quota_check(&info, size, 1, &error);
	if (r != 0) {
		maildir_delivery_abort(&d);
		set_cleanup(NULL);
		if (r > 0)
			over_quota(EX_TEMPFAIL);
		log_error("%s", error);
		return EX_TEMPFAIL;
	}
	/* The commit runs to its end: a signal arriving meanwhile waits, so
	   the message is either fully delivered (exit 0) or not at all. */
	block_signals(true);
	set_cleanup(NULL);
	if (maildir_delivery_commit(&d, NULL, 0, &error) < 0)
		goto fail;
	if (info.enabled && maildir_quota_add(root, size, 1, &error) < 0)
		log_warn("%s", error); /* delivered; the next rebuild fixes
					  the count */
	if (o->warn_percent > 0)
		deliverquota_warn(root, o->warn_file, o->warn_percent);
	return 0;
fail:
	maildir_delivery_abort(&d);
	set_cleanup(NULL);
	log_error("%s", error);
	return EX_TEMPFAIL;
}

int
main(int argc, char **argv)
{
	struct options o;
	char root[MAILDIR_PATH_MAX];
	const char *error;
	bool is_folder;

	memset(&o, 0, sizeof(o));
	log_open("deliverquota", true);
	parse_args(argc, argv, &o);
	catch_signals();
	if (o.create && create_maildir(o.maildir, &error) < 0) {
		log_error("%s", error);
		return EX_TEMPFAIL;
	}
	if (maildir_check(o.maildir, &error) < 0 ||
	    maildir_quota_root(o.maildir, root, sizeof(root), &is_folder,
			       &error) < 0) {
		log_error("%s", error);
		return EX_TEMPFAIL;
	}
	return deliver(&o, root);
}
