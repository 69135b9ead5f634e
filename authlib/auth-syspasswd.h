#ifndef ESTAFETTE_AUTH_SYSPASSWD_H
#define ESTAFETTE_AUTH_SYSPASSWD_H

#include "auth-module.h"

/*
 * Changes a system account's password as Courier's authshadow and authpwd
 * do: the program helper (Courier's authsystem.passwd, which drives
 * passwd(1)) runs with the account's uid and gid and reads "old\nnew\n"
 * on its standard input; exit status 0 means the password was changed.
 * A name with '@', an unknown account or a missing helper is
 * AUTH_RESULT_FAIL; fork()/pipe() failures are AUTH_RESULT_TEMPFAIL.
 */
enum auth_result auth_syspasswd(const char *helper, const char *user,
				const char *oldpass, const char *newpass);

#endif
