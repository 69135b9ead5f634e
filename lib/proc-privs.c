#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc-privs.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PROC_HAS_ASAN 1
#endif
#endif
#ifndef PROC_HAS_ASAN
#define PROC_HAS_ASAN 0
#endif

static char privs_error[512];

static const char *
privs_fail(const char *what, const char *arg)
{
	snprintf(privs_error, sizeof(privs_error), "%s%s%s: %s", what,
		 arg != NULL ? " " : "", arg != NULL ? arg : "",
		 strerror(errno));
	return privs_error;
}

int
proc_user_lookup(const char *name, struct proc_user *user_r,
		 const char **error_r)
{
	struct passwd *pw;

	errno = 0;
	pw = getpwnam(name);
	if (pw == NULL) {
		if (errno == 0)
			errno = ENOENT;
		*error_r = privs_fail("unknown user", name);
		return -1;
	}
	if (pw->pw_uid == 0 || pw->pw_gid == 0) {
		snprintf(privs_error, sizeof(privs_error),
			 "login user %s must not have uid or gid 0", name);
		*error_r = privs_error;
		return -1;
	}
	user_r->uid = pw->pw_uid;
	user_r->gid = pw->pw_gid;
	snprintf(user_r->name, sizeof(user_r->name), "%s", name);
	return 0;
}

int
proc_check_empty_dir(const char *dir, const char **error_r)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	int ret = -1;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		*error_r = privs_fail("cannot create", dir);
		return -1;
	}
	if (lstat(dir, &st) < 0) {
		*error_r = privs_fail("cannot stat", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & 0022) != 0) {
		snprintf(privs_error, sizeof(privs_error),
			 "%s must be a directory owned by root and writable "
			 "only by root", dir);
		*error_r = privs_error;
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		*error_r = privs_fail("cannot open", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			snprintf(privs_error, sizeof(privs_error),
				 "%s must be empty", dir);
			*error_r = privs_error;
			goto out;
		}
	}
	ret = 0;
out:
	closedir(d);
	return ret;
}

int
proc_drop_to(const struct proc_user *user, const char *dir,
	     const char **error_r)
{
	if (chroot(dir) < 0 || chdir("/") < 0) {
		*error_r = privs_fail("cannot chroot to", dir);
		return -1;
	}
	if (setgroups(0, NULL) < 0 || setgid(user->gid) < 0 ||
	    setuid(user->uid) < 0) {
		*error_r = privs_fail("cannot become", user->name);
		return -1;
	}
	if (setuid(0) == 0 || geteuid() == 0) {
		errno = EPERM;
		*error_r = privs_fail("could regain root after dropping to",
				      user->name);
		return -1;
	}
	return 0;
}

int
proc_become_account(const char *sysuser, uid_t uid, gid_t gid,
		    const char **error_r)
{
	if (uid == 0 || gid == 0) {
		errno = EPERM;
		*error_r = privs_fail("refusing to run a session as uid/gid 0",
				      sysuser);
		return -1;
	}
	if (sysuser != NULL && *sysuser != '\0') {
		if (initgroups(sysuser, gid) < 0) {
			*error_r = privs_fail("initgroups", sysuser);
			return -1;
		}
	} else if (setgroups(1, &gid) < 0) {
		*error_r = privs_fail("setgroups", NULL);
		return -1;
	}
	if (setgid(gid) < 0 || setuid(uid) < 0) {
		*error_r = privs_fail("cannot change to the account's uid/gid",
				      sysuser);
		return -1;
	}
	if (setuid(0) == 0 || geteuid() == 0) {
		errno = EPERM;
		*error_r = privs_fail("could regain root", NULL);
		return -1;
	}
	return 0;
}

int
proc_limit_memory(unsigned long long kb, const char **error_r)
{
#if defined(__SANITIZE_ADDRESS__) || PROC_HAS_ASAN
	(void)kb;
	(void)error_r;
	return 0;
#else
	struct rlimit rl;

	if (kb == 0)
		return 0;
	rl.rlim_cur = rl.rlim_max = (rlim_t)kb * 1024;
	if (setrlimit(RLIMIT_AS, &rl) < 0) {
		*error_r = privs_fail("setrlimit", NULL);
		return -1;
	}
	return 0;
#endif
}
