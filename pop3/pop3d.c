#include "config.h"

/*
 * pop3d and pop3d-ssl: one program. Invoked as "pop3d-ssl" (or with
 * --ssl) it serves implicit TLS on SSLPORT; otherwise plain POP3 with STLS
 * on PORT. Both read SYSCONFDIR/pop3d, then SYSCONFDIR/pop3d-ssl, as
 * Courier's start scripts do.
 *
 *   pop3d [--ssl] [--foreground] [--config-dir DIR] [--set KEY=VALUE]...
 *         [start|stop|restart|status]
 *
 * Without a verb it starts (in the background unless --foreground).
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pop3-login.h"
#include "pop3-session.h"
#include "pop3-settings.h"
#include "server-auth-authdaemond.h"
#include "server-control.h"
#include "server-master.h"
#include "xalloc.h"

/* Keys pop3d understands (the rest are logged once as unsupported). */
static const char *const pop3d_known_keys[] = {
	"ADDRESS", "PORT", "SSLADDRESS", "SSLPORT", "MAXDAEMONS", "MAXPERIP",
	"PIDFILE", "SSLPIDFILE", "MAILDIRPATH", "POP3AUTH", "POP3AUTH_TLS",
	"POP3_STARTTLS", "POP3_TLS_REQUIRED", "POP3_LOG_DELETIONS", "POP3_APOP",
	"LOGIN_USER", "LOGIN_CHROOT", "LOGIN_TIMEOUT", "SESSION_TIMEOUT",
	"LOGIN_MAXBADCMD", "LOGIN_MAXLINE", "SESSION_ULIMITD",
	"AUTHDAEMONVAR", "POP3DSTART", "POP3DSSLSTART", "TCPDOPTS",
	"LOGGEROPTS", "SSLLOGGEROPTS", "POP3AUTH_ORIG", "POP3AUTH_TLS_ORIG",
	"POP3_PROXY", "COURIERTLS", "TLS_STARTTLS_PROTOCOL", NULL,
};
static const char *const pop3d_known_prefixes[] = { "TLS_", NULL };

struct pop3d_args {
	bool ssl, foreground;
	const char *config_dir;
	enum server_verb verb;
};

static void __attribute__((noreturn))
pop3d_help(const char *argv0)
{
	printf("usage: %s [--ssl] [--foreground] [--config-dir DIR] "
	       "[--set KEY=VALUE]... [start|stop|restart|status]\n"
	       "POP3 server (pop3d-ssl: implicit TLS); see pop3d(8).\n",
	       argv0);
	exit(0);
}

static void __attribute__((noreturn))
pop3d_usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [--ssl] [--foreground] [--config-dir DIR] "
		"[--set KEY=VALUE]... [start|stop|restart|status]\n",
		argv0);
	exit(2);
}

static void
pop3d_parse_args(int argc, char **argv, struct pop3d_args *args,
		 struct settings *overrides)
{
	static const struct option opts[] = {
		{ "ssl", no_argument, NULL, 's' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "config-dir", required_argument, NULL, 'c' },
		{ "set", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *base = strrchr(argv[0], '/');
	char *eq;
	int c;

	base = base != NULL ? base + 1 : argv[0];
	args->ssl = strcmp(base, "pop3d-ssl") == 0;
	args->config_dir = SYSCONFDIR;
	while ((c = getopt_long(argc, argv, "sfc:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			pop3d_help(argv[0]);
		case 's':
			args->ssl = true;
			break;
		case 'f':
			args->foreground = true;
			break;
		case 'c':
			args->config_dir = optarg;
			break;
		case 'o':
			eq = strchr(optarg, '=');
			if (eq == NULL || eq == optarg)
				pop3d_usage(argv[0]);
			*eq = '\0';
			settings_set(overrides, optarg, eq + 1);
			break;
		default:
			pop3d_usage(argv[0]);
		}
	}
	args->verb = SERVER_VERB_START;
	if (optind < argc &&
	    server_verb_parse(argv[optind++], &args->verb) < 0)
		pop3d_usage(argv[0]);
	if (optind != argc)
		pop3d_usage(argv[0]);
}

static struct settings *
pop3d_read_settings(const struct pop3d_args *args,
		    const struct settings *overrides)
{
	static const char *const files[] = { "pop3d", "pop3d-ssl", NULL };
	struct settings *set;

	set = server_settings_load(args->config_dir, files, overrides,
				   pop3d_known_keys, pop3d_known_prefixes);
	if (settings_get(set, "PIDFILE") == NULL)
		settings_set(set, "PIDFILE", RUNSTATEDIR "/pop3d.pid");
	if (settings_get(set, "SSLPIDFILE") == NULL)
		settings_set(set, "SSLPIDFILE", RUNSTATEDIR "/pop3d-ssl.pid");
	return set;
}

static bool
pop3d_account_allowed(const struct server_protocol *proto,
		      const struct server_account *account, bool tls)
{
	(void)proto;
	if (server_account_option(account, "disablepop3"))
		return false;
	return tls || !server_account_option(account, "disableinsecurepop3");
}

int
main(int argc, char **argv)
{
	static struct server_config config;
	static struct pop3_settings ps;
	static struct server_authdaemond authd;
	static struct server_protocol proto;
	struct settings *overrides = settings_new();
	struct pop3d_args args = { 0 };
	const char *error, *var;
	int ret;

	pop3d_parse_args(argc, argv, &args, overrides);
	/* stderr until the master detaches (start-up errors are seen). */
	log_open(args.ssl ? "pop3d-ssl" : "pop3d", true);
	if (server_config_init(&config, pop3d_read_settings(&args, overrides),
			       args.ssl, args.ssl ? "995" : "110",
			       &error) < 0 ||
	    pop3_settings_init(&ps, config.set, args.ssl, &error) < 0)
		fatal("%s", error);
	settings_free(&overrides);
	ret = server_control(args.ssl ? "pop3d-ssl" : "pop3d", args.verb,
			     config.pidfile);
	if (ret >= 0) {
		server_config_free(&config);
		return ret;
	}
	var = settings_get(config.set, "AUTHDAEMONVAR");
	if (var != NULL && *var != '\0')
		authd.socket_path = xasprintf("%s/socket", var);
	proto.name = "POP3";
	proto.ident = args.ssl ? "pop3d-ssl" : "pop3d";
	proto.service = "pop3";
	proto.refuse_line = "-ERR Maximum connection limit reached.\r\n";
	proto.timeout_line = "-ERR Disconnected for inactivity.\r\n";
	proto.context = &ps;
	proto.login_run = pop3_login_run;
	proto.session_run = pop3_session_run;
	proto.auth = server_auth_authdaemond;
	proto.auth_context = &authd;
	proto.account_allowed = pop3d_account_allowed;
	ret = server_master_run(&proto, &config, args.foreground);
	server_config_free(&config);
	return ret;
}
