#include "config.h"

/*
 * lmtpd: LMTP delivery server (see lmtpd.h for the processes).
 *
 *   lmtpd [--foreground] [--config-dir DIR] [--set KEY=VALUE]...
 *         [start|stop|restart|status]
 *
 * Reads SYSCONFDIR/lmtpd (Courier-style KEY=value).
 */

#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alias-table.h"
#include "auth-paths.h"
#include "lmtpd.h"
#include "log.h"
#include "server-control.h"
#include "server-master.h"
#include "server-protocol.h"
#include "xalloc.h"

static const char *const lmtpd_known_keys[] = {
	"ADDRESS", "PORT", "MAXDAEMONS", "MAXPERIP", "PIDFILE", "MAILDIRPATH",
	"LOGIN_USER", "LOGIN_CHROOT", "LOGIN_TIMEOUT", "SESSION_TIMEOUT",
	"LOGIN_MAXBADCMD", "LOGIN_MAXLINE", "SESSION_ULIMITD", "AUTHDAEMONVAR",
	"ALIASES", "ME", "LMTP_HOSTNAME", "LMTP_MAX_SIZE", "LMTP_MAX_RCPTS",
	"LMTP_QUOTA_TEMPFAIL", "LMTP_ALIAS_FILE_USER", "LMTPDSTART", NULL,
};

struct lmtpd_args {
	bool foreground;
	const char *config_dir;
	enum server_verb verb;
};

static void
lmtpd_usage(FILE *out)
{
	fprintf(out,
		"Usage: lmtpd [--foreground] [--config-dir DIR] "
		"[--set KEY=VALUE]... [start|stop|restart|status]\n"
		"LMTP (RFC 2033) delivery into maildirs. Reads DIR/lmtpd "
		"(default %s/lmtpd);\n"
		"without a verb it starts, in the background unless "
		"--foreground. See lmtpd(8).\n",
		SYSCONFDIR);
}

static void
lmtpd_parse_args(int argc, char **argv, struct lmtpd_args *args,
		 struct settings *overrides)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "config-dir", required_argument, NULL, 'c' },
		{ "set", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *eq;
	int c;

	args->config_dir = SYSCONFDIR;
	while ((c = getopt_long(argc, argv, "fc:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			args->foreground = true;
			break;
		case 'c':
			args->config_dir = optarg;
			break;
		case 'o':
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg) {
				lmtpd_usage(stderr);
				exit(2);
			}
			*eq = '\0';
			settings_set(overrides, optarg, eq + 1);
			break;
		case 'h':
			lmtpd_usage(stdout);
			exit(0);
		default:
			lmtpd_usage(stderr);
			exit(2);
		}
	}
	args->verb = SERVER_VERB_START;
	if ((optind < argc &&
	     server_verb_parse(argv[optind++], &args->verb) < 0) ||
	    optind != argc) {
		lmtpd_usage(stderr);
		exit(2);
	}
}

static struct settings *
lmtpd_read_settings(const struct lmtpd_args *args,
		    const struct settings *overrides)
{
	static const char *const files[] = { "lmtpd", NULL };
	struct settings *set;

	set = server_settings_load(args->config_dir, files, overrides,
				   lmtpd_known_keys, NULL);
	if (settings_get(set, "PIDFILE") == NULL)
		settings_set(set, "PIDFILE", RUNSTATEDIR "/lmtpd.pid");
	return set;
}

static void
settings_file_user(struct lmtpd_settings *ls, const char *name)
{
	struct passwd *pw;

	if (name == NULL || *name == '\0')
		return;
	pw = getpwnam(name);
	if (pw == NULL)
		fatal("LMTP_ALIAS_FILE_USER: no such user %s", name);
	if (pw->pw_uid == 0)
		fatal("LMTP_ALIAS_FILE_USER: root may not own mail");
	ls->file_user_set = true;
	ls->file_uid = pw->pw_uid;
	ls->file_gid = pw->pw_gid;
}

static void
lmtpd_settings_init(struct lmtpd_settings *ls,
		    const struct server_config *config)
{
	const struct settings *set = config->set;
	static char host[256];
	const char *error, *var;
	uint64_t v;
	bool b;

	if (settings_get_uint(set, "LMTP_MAX_SIZE", 100 * 1024 * 1024, &v,
			      &error) < 0)
		fatal("%s", error);
	ls->max_size = v;
	if (settings_get_uint(set, "LMTP_MAX_RCPTS", 500, &v, &error) < 0)
		fatal("%s", error);
	if (v == 0 || v > 1000)
		fatal("LMTP_MAX_RCPTS must be 1 to 1000");
	ls->max_rcpts = (unsigned int)v;
	if (settings_get_bool(set, "LMTP_QUOTA_TEMPFAIL", false, &b,
			      &error) < 0)
		fatal("%s", error);
	ls->quota_tempfail = b;
	ls->maildirpath = config->maildirpath;
	if (gethostname(host, sizeof(host) - 1) < 0)
		strcpy(host, "localhost");
	ls->hostname = settings_get_str(set, "LMTP_HOSTNAME", host);
	settings_file_user(ls, settings_get(set, "LMTP_ALIAS_FILE_USER"));
	ls->rcpt.aliases_path = settings_get_str(set, "ALIASES",
						 SYSCONFDIR "/aliases.dat");
	ls->rcpt.me = settings_get(set, "ME");
	if (ls->rcpt.me == NULL || *ls->rcpt.me == '\0')
		ls->rcpt.me = alias_local_domain();
	ls->rcpt.service = "lmtp";
	ls->rcpt.allow_file_targets = ls->file_user_set;
	var = settings_get(set, "AUTHDAEMONVAR");
	ls->rcpt.auth.socket_path = var != NULL && *var != '\0'
		? xasprintf("%s/socket", var) : AUTHDAEMON_SOCKET_DEFAULT;
}

int
main(int argc, char **argv)
{
	static struct server_config config;
	static struct lmtpd_settings ls;
	static struct server_protocol proto;
	struct settings *overrides = settings_new();
	struct lmtpd_args args = { 0 };
	const char *error;
	int ret;

	lmtpd_parse_args(argc, argv, &args, overrides);
	log_open("lmtpd", true);
	if (server_config_init(&config, lmtpd_read_settings(&args, overrides),
			       false, "24", &error) < 0)
		fatal("%s", error);
	settings_free(&overrides);
	ret = server_control("lmtpd", args.verb, config.pidfile);
	if (ret >= 0) {
		server_config_free(&config);
		return ret;
	}
	lmtpd_settings_init(&ls, &config);
	proto.name = "LMTP";
	proto.ident = "lmtpd";
	proto.service = "lmtp";
	proto.refuse_line = "421 4.3.2 Too many connections, try later\r\n";
	proto.timeout_line = "421 4.4.2 Idle timeout, closing\r\n";
	proto.context = &ls;
	proto.connection_run = lmtpd_connection_run;
	ret = server_master_run(&proto, &config, args.foreground);
	server_config_free(&config);
	return ret;
}
