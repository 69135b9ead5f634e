#ifndef ESTAFETTE_AUTH_PATHS_H
#define ESTAFETTE_AUTH_PATHS_H

/* Compiled-in locations (configure's --sysconfdir, --runstatedir). */

#define AUTHDAEMONRC_PATH SYSCONFDIR "/authdaemonrc"
#define AUTHDAEMONVAR_DEFAULT RUNSTATEDIR "/authdaemon"
#define AUTHDAEMON_SOCKET_DEFAULT AUTHDAEMONVAR_DEFAULT "/socket"
#define USERDB_PATH_DEFAULT SYSCONFDIR "/userdb"
#define AUTHSQLITERC_PATH SYSCONFDIR "/authsqliterc"
#define AUTHPGSQLRC_PATH SYSCONFDIR "/authpgsqlrc"
#define AUTHLDAPRC_PATH SYSCONFDIR "/authldaprc"
#define AUTHPIPEPROG_PATH SYSCONFDIR "/authProg"
#define AUTHSYSTEM_PASSWD_PATH LIBEXECDIR "/authsystem.passwd"
#define AUTHDAEMON_GROUP_DEFAULT "estafette"

#endif
