#ifndef ESTAFETTE_SERVER_CONTROL_H
#define ESTAFETTE_SERVER_CONTROL_H

/*
 * The start-script verbs of a daemon (Courier's "pop3d start|stop|
 * restart"), done by the program itself through the master's pid file:
 *
 *   start    refuse if the pid file names a live process, else run
 *   stop     SIGTERM to that process, wait until it is gone
 *   restart  stop, then start
 *   status   say whether it runs (exit 0) or not (exit 3, as LSB says)
 */

#include <stdbool.h>
#include <sys/types.h>

enum server_verb {
	SERVER_VERB_START,
	SERVER_VERB_STOP,
	SERVER_VERB_RESTART,
	SERVER_VERB_STATUS,
};

/* Maps "start" etc.; -1 for anything else. */
int server_verb_parse(const char *word, enum server_verb *verb_r);

/* The live process named by pidfile, or 0. */
pid_t server_control_running(const char *pidfile);

/*
 * Does the part of verb that needs no new master: stop (and the stop of
 * restart), status, and start's "already running" check. Returns -1 when
 * the caller should go on and start the master, else the exit status.
 * name is used in messages (on stdout/stderr).
 */
int server_control(const char *name, enum server_verb verb,
		   const char *pidfile);

#endif
