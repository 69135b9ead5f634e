#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "safe-io.h"
#include "server-control.h"
#include "strnum.h"

/* How long "stop" waits for the master (which gives its children 5 s). */
#define SERVER_CONTROL_STOP_MS 15000

int
server_verb_parse(const char *word, enum server_verb *verb_r)
{
	static const char *const words[] = { "start", "stop", "restart",
					     "status" };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (strcmp(word, words[i]) == 0) {
			*verb_r = (enum server_verb)i;
			return 0;
		}
	}
	return -1;
}

pid_t
server_control_running(const char *pidfile)
{
	char *data = NULL;
	size_t size;
	uint32_t pid = 0;

	if (pidfile == NULL || read_file(pidfile, 64, &data, &size) < 0)
		return 0;
	while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == ' '))
		data[--size] = '\0';
	if (str_to_uint32(data, &pid) < 0 || pid <= 1 ||
	    (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
		pid = 0;
	free(data);
	return (pid_t)pid;
}

static int
server_control_stop(const char *name, const char *pidfile)
{
	struct timespec step = { 0, 50 * 1000 * 1000 };
	pid_t pid = server_control_running(pidfile);
	int waited;

	if (pid == 0) {
		printf("%s is not running\n", name);
		return 0;
	}
	if (kill(pid, SIGTERM) < 0) {
		fprintf(stderr, "%s: cannot stop pid %ld: %s\n", name,
			(long)pid, strerror(errno));
		return 1;
	}
	for (waited = 0; waited < SERVER_CONTROL_STOP_MS; waited += 50) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 0;
		nanosleep(&step, NULL);
	}
	fprintf(stderr, "%s: pid %ld did not stop\n", name, (long)pid);
	return 1;
}

int
server_control(const char *name, enum server_verb verb, const char *pidfile)
{
	pid_t pid;
	int ret;

	if (pidfile == NULL || *pidfile == '\0') {
		fprintf(stderr, "%s: no pid file configured\n", name);
		return 1;
	}
	switch (verb) {
	case SERVER_VERB_STATUS:
		pid = server_control_running(pidfile);
		if (pid == 0) {
			printf("%s is not running\n", name);
			return 3;
		}
		printf("%s is running (pid %ld)\n", name, (long)pid);
		return 0;
	case SERVER_VERB_STOP:
		return server_control_stop(name, pidfile);
	case SERVER_VERB_RESTART:
		ret = server_control_stop(name, pidfile);
		return ret != 0 ? ret : -1;
	case SERVER_VERB_START:
		break;
	}
	pid = server_control_running(pidfile);
	if (pid != 0) {
		fprintf(stderr, "%s is already running (pid %ld)\n", name,
			(long)pid);
		return 1;
	}
	return -1;
}
