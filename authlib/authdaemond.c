/*
 * authdaemond [-c authdaemonrc] start|stop|restart|-f
 *
 *   start    check the settings, create the socket, go to the background
 *            (log to syslog), write $authdaemonvar/pid
 *   stop     SIGTERM to the running daemon, wait until it is gone
 *   restart  SIGHUP: the daemon re-reads authdaemonrc
 *   -f       run in the foreground, logging to stderr (for tests and
 *            supervisors such as systemd)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth-chain.h"
#include "auth-str.h"
#include "authdaemon-config.h"
#include "authdaemon-listen.h"
#include "authdaemon-master.h"
#include "safe-io.h"
#include "strnum.h"

static void
usage_to(FILE *out, int status)
{
	fprintf(out, "usage: authdaemond [-c authdaemonrc] "
		     "start|stop|restart|-f\n"
		     "The authentication daemon of authlib(7); see "
		     "authdaemond(8).\n");
	exit(status);
}

static void
usage(void)
{
	usage_to(stderr, 1);
}

/* The pid in pid_path when that process is alive, else 0. */
static pid_t
running_pid(const char *pid_path)
{
	char *data = NULL;
	size_t size;
	uint32_t pid = 0;

	if (read_file(pid_path, 64, &data, &size) < 0)
		return 0;
	while (size > 0 && (data[size - 1] == '\n' || data[size - 1] == ' '))
		data[--size] = '\0';
	if (str_to_uint32(data, &pid) < 0 || pid <= 1 ||
	    (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
		pid = 0;
	free(data);
	return (pid_t)pid;
}

static void
write_pid(const char *pid_path, pid_t pid)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);

	if (safe_write_file(pid_path, buf, (size_t)n, 0644) < 0)
		log_error("%s: %s", pid_path, strerror(errno));
}

static int
cmd_signal(const struct authdaemon_config *cfg, int sig)
{
	pid_t pid = running_pid(cfg->pid_path);
	int i;

	if (pid == 0) {
		fprintf(stderr, "authdaemond: not running (%s)\n",
			cfg->pid_path);
		return sig == SIGTERM ? 0 : 1;
	}
	if (kill(pid, sig) < 0) {
		fprintf(stderr, "authdaemond: kill %ld: %s\n", (long)pid,
			strerror(errno));
		return 1;
	}
	if (sig != SIGTERM)
		return 0;
	for (i = 0; i < 200; i++) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 0;
		usleep(50000);
	}
	fprintf(stderr, "authdaemond: pid %ld did not stop\n", (long)pid);
	return 1;
}

/* The parent writes the pid file before it exits, so that "start"
   followed at once by "stop" finds it. */
static void
daemonize(const char *pid_path)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid > 0) {
		write_pid(pid_path, pid);
		_exit(0);
	}
	setsid();
	if (chdir("/") < 0)
		fatal("chdir /: %s", strerror(errno));
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
}

static int
cmd_run(const char *config_path, struct authdaemon_config *cfg,
	bool foreground)
{
	pid_t pid = running_pid(cfg->pid_path);
	char *err = NULL;
	int fd;

	if (pid != 0) {
		fprintf(stderr, "authdaemond: already running (pid %ld)\n",
			(long)pid);
		authdaemon_config_free(&cfg);
		return 1;
	}
	fd = authdaemon_listen(cfg, &err);
	if (fd < 0) {
		log_error("%s", err);
		free(err);
		authdaemon_config_free(&cfg);
		return 1;
	}
	if (!foreground) {
		daemonize(cfg->pid_path);
		log_open(cfg->logger_name != NULL ? cfg->logger_name
						  : "authdaemond", false);
	} else {
		write_pid(cfg->pid_path, getpid());
	}
	authdaemon_config_export_ldaptls(cfg);
	{
		char *pid_path = xstrdup(cfg->pid_path);

		authdaemon_master_run(config_path, &cfg, &fd);
		unlink(pid_path);
		free(pid_path);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *config_path = NULL, *cmd;
	struct authdaemon_config *cfg = NULL;
	char *err = NULL;
	bool foreground = false;
	int opt;

	log_open("authdaemond", true);
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage_to(stdout, 0);
	while ((opt = getopt(argc, argv, "+c:f")) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'f':
			foreground = true;
			break;
		default:
			usage();
		}
	}
	if (foreground ? optind != argc : optind != argc - 1)
		usage();
	cmd = foreground ? "-f" : argv[optind];
	if (authdaemon_config_load(config_path, &cfg, &err) < 0) {
		fprintf(stderr, "authdaemond: %s\n", err);
		free(err);
		return 1;
	}
	log_set_debug(cfg->debug_login > 0);
	if ((strcmp(cmd, "start") == 0 || strcmp(cmd, "-f") == 0) &&
	    (auth_modules_check(cfg, &err) < 0 ||
	     auth_chain_check(cfg, &err) < 0)) {
		fprintf(stderr, "authdaemond: %s\n", err);
		free(err);
		authdaemon_config_free(&cfg);
		return 1;
	}
	if (strcmp(cmd, "start") == 0)
		return cmd_run(config_path, cfg, false);
	if (strcmp(cmd, "-f") == 0)
		return cmd_run(config_path, cfg, true);
	if (strcmp(cmd, "stop") == 0 || strcmp(cmd, "restart") == 0) {
		int ret = cmd_signal(cfg, strcmp(cmd, "stop") == 0 ? SIGTERM
								   : SIGHUP);

		authdaemon_config_free(&cfg);
		return ret;
	}
	authdaemon_config_free(&cfg);
	usage();
}
