#ifndef ESTAFETTE_SERVER_MASTER_H
#define ESTAFETTE_SERVER_MASTER_H

/*
 * The master process of a daemon: runs as root, binds the configured
 * ports, accepts connections within MAXDAEMONS and MAXPERIP (a refused
 * connection gets the protocol's refuse line and is closed), forks a login
 * process for each (server-login.h), reads the one fixed-format
 * credentials message those send (server-creds.h), and forks a session
 * process for each (server-session.h), after a growing delay when the
 * client's address failed to log in recently (server-limits.h).
 *
 * SIGTERM (or SIGINT) stops it: the listeners close, every child gets
 * SIGTERM (SIGKILL after SERVER_MASTER_STOP_MS) and the pid file goes.
 * SIGHUP re-reads the TLS certificate files; on error the old ones stay.
 */

#include <stdbool.h>

#include "server-config.h"
#include "server-protocol.h"

#define SERVER_MASTER_STOP_MS 5000

/*
 * Runs the master until it is told to stop. Must be started as root.
 * With foreground false it detaches first (after binding, so that bind
 * errors reach the terminal) and then logs to syslog as proto->ident.
 * Returns the exit status for main().
 */
int server_master_run(const struct server_protocol *proto,
		      const struct server_config *config, bool foreground);

#endif
