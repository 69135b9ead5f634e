#ifndef ESTAFETTE_PROC_PRIVS_H
#define ESTAFETTE_PROC_PRIVS_H

/*
 * Process set-up for the forked children of a server master: dropping root
 * for the login process (chroot into an empty directory, then the
 * unprivileged login account), becoming a mail account for the session
 * process, and a memory cap. Each function returns 0, or -1 with *error_r
 * (static storage) and the process must then exit.
 */

#include <stdbool.h>
#include <sys/types.h>

/* uid/gid of a system account, looked up by the master before forking. */
struct proc_user {
	uid_t uid;
	gid_t gid;
	char name[64];
};

/* Looks up name in the password database. */
int proc_user_lookup(const char *name, struct proc_user *user_r,
		     const char **error_r);

/*
 * Checks that dir is a directory owned by root, not writable by group or
 * others and empty, creating it (mode 0755) when missing. Run by the master
 * at start.
 */
int proc_check_empty_dir(const char *dir, const char **error_r);

/*
 * chroot(dir), chdir("/"), then gid, no supplementary groups, uid of user;
 * verifies that root cannot be regained. Needs root.
 */
int proc_drop_to(const struct proc_user *user, const char *dir,
		 const char **error_r);

/*
 * Takes the identity of a mail account: groups (sysuser's groups when
 * sysuser is set, else only gid), gid, uid. Refuses uid 0 and gid 0.
 */
int proc_become_account(const char *sysuser, uid_t uid, gid_t gid,
			const char **error_r);

/* RLIMIT_AS of kb kilobytes (0: leave unlimited). A no-op in sanitizer
   builds, whose shadow memory needs terabytes of address space. */
int proc_limit_memory(unsigned long long kb, const char **error_r);

#endif
