#ifndef ESTAFETTE_SERVER_CONFIG_H
#define ESTAFETTE_SERVER_CONFIG_H

/*
 * The server runtime's settings, read once by the master from the
 * daemon's Courier-style files (pop3d then pop3d-ssl, or imapd then
 * imapd-ssl) and passed down, const, to every process it forks.
 *
 * Courier's keys: ADDRESS, PORT (SSLADDRESS, SSLPORT in implicit-TLS mode),
 * MAXDAEMONS, MAXPERIP, PIDFILE (SSLPIDFILE), MAILDIRPATH and the TLS_*
 * keys. Ours, for what couriertcpd/couriertls did by command line:
 *   LOGIN_USER      account the login processes run as (default estafette)
 *   LOGIN_CHROOT    empty directory they chroot into
 *                   (default LOCALSTATEDIR/lib/estafette/empty)
 *   LOGIN_TIMEOUT   idle seconds before login (default 60)
 *   SESSION_TIMEOUT idle seconds after login (default 600)
 *   TLS_TIMEOUT     seconds for a TLS handshake (default 30)
 *   LOGIN_MAXBADCMD bad commands before login before disconnect (10)
 *   LOGIN_MAXLINE   longest line before login, bytes (default 8192)
 *   SESSION_ULIMITD memory cap per process, KB (default 262144; 0 = none)
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "settings.h"
#include "tls-gnutls.h"

#define SERVER_MAX_LISTEN 16

struct server_listen {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	char text[80]; /* "127.0.0.1.110" style, for logs */
};

struct server_config {
	/* Every key read, for the protocol's own settings. Owned. */
	struct settings *set;
	bool implicit_tls;

	struct server_listen listen[SERVER_MAX_LISTEN];
	unsigned int listen_count;
	unsigned int max_daemons, max_per_ip;
	const char *pidfile;
	const char *login_user, *login_chroot;
	const char *maildirpath;

	/* TLS: tls_enabled when TLS_CERTFILE is set. */
	bool tls_enabled;
	struct tls_config tls;

	unsigned int login_timeout_ms, session_timeout_ms, tls_timeout_ms;
	unsigned int login_max_bad_commands;
	size_t login_max_line;
	unsigned long long ulimit_kb;
};

/*
 * Fills config from set (taking ownership of it: server_config_free()
 * frees it). implicit_tls selects SSLADDRESS/SSLPORT/SSLPIDFILE.
 * default_port is used when the port key is unset. Returns 0, or -1 with
 * *error_r (valid until the config is freed or the next call).
 */
int server_config_init(struct server_config *config, struct settings *set,
		       bool implicit_tls, const char *default_port,
		       const char **error_r);
void server_config_free(struct server_config *config);

/*
 * A daemon's settings as Courier's start scripts assemble them: the files
 * dir/files[0], dir/files[1]... read in order into one set (the first
 * must exist, later ones may be missing), then the command line's
 * --set KEY=VALUE overrides; keys outside known / known_prefixes (either
 * may be NULL) are logged once. A malformed file is fatal (start-up).
 * Returns an owned set.
 */
struct settings *server_settings_load(const char *dir,
				      const char *const *files,
				      const struct settings *overrides,
				      const char *const *known,
				      const char *const *known_prefixes);

/*
 * Parses a Courier port list ("110", "127.0.0.1.110,::1.110,995") with
 * address as the default ("0" or empty = every address) into out[] (at most
 * max entries). Returns the count, or -1 with *error_r (static).
 */
int server_parse_ports(const char *ports, const char *address,
		       struct server_listen *out, unsigned int max,
		       const char **error_r);

#endif
