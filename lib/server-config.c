#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "server-config.h"
#include "server-creds.h"
#include "strnum.h"
#include "xalloc.h"

static char config_error[512];

static const char *config_fail(const char *fmt, ...) LOG_PRINTF(1, 2);

static const char *
config_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(config_error, sizeof(config_error), fmt, ap);
	va_end(ap);
	return config_error;
}

/* "0", "" or NULL: every address (IPv6 "::", which takes IPv4 too). */
static int
listen_fill(struct server_listen *l, const char *ip, size_t ip_len,
	    uint32_t port, const char **error_r)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&l->addr;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&l->addr;
	char host[INET6_ADDRSTRLEN + 1];

	if (ip_len >= sizeof(host)) {
		*error_r = "address too long in port list";
		return -1;
	}
	memcpy(host, ip, ip_len);
	host[ip_len] = '\0';
	if (port == 0 || port > 65535) {
		*error_r = config_fail("bad port number for \"%s\"", host);
		return -1;
	}
	memset(&l->addr, 0, sizeof(l->addr));
	if (ip_len == 0 || strcmp(host, "0") == 0) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_any;
		sin6->sin6_port = htons((uint16_t)port);
		l->addr_len = sizeof(*sin6);
		snprintf(l->text, sizeof(l->text), "*.%u", (unsigned)port);
	} else if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		l->addr_len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		l->addr_len = sizeof(*sin6);
	} else {
		*error_r = config_fail("bad address \"%s\" in port list", host);
		return -1;
	}
	if (l->text[0] == '\0')
		snprintf(l->text, sizeof(l->text), "%s.%u", host,
			 (unsigned)port);
	return 0;
}

int
server_parse_ports(const char *ports, const char *address,
		   struct server_listen *out, unsigned int max,
		   const char **error_r)
{
	const char *p = ports, *end, *dot, *ip;
	unsigned int count = 0;
	size_t len, ip_len;
	uint32_t port;

	if (address == NULL)
		address = "";
	if (ports == NULL || *ports == '\0') {
		*error_r = "empty port list";
		return -1;
	}
	while (*p != '\0') {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len == 0) {
			*error_r = "empty entry in port list";
			return -1;
		}
		if (count == max) {
			*error_r = "too many entries in port list";
			return -1;
		}
		/* Courier's "ip.port": the port follows the last dot. */
		dot = memrchr(p, '.', len);
		if (dot != NULL) {
			ip = p;
			ip_len = (size_t)(dot - p);
			dot++;
		} else {
			ip = address;
			ip_len = strlen(address);
			dot = p;
		}
		if (str_to_uint32_n(dot, len - (size_t)(dot - p), &port) < 0) {
			*error_r = "bad port number in port list";
			return -1;
		}
		memset(&out[count], 0, sizeof(out[count]));
		if (listen_fill(&out[count], ip, ip_len, port, error_r) < 0)
			return -1;
		count++;
		p += len;
		if (*p == ',')
			p++;
		if (*p == '\0' && end != NULL) {
			*error_r = "empty entry in port list";
			return -1;
		}
	}
	return (int)count;
}

static int
config_uint(const struct settings *set, const char *key, uint64_t def,
	    uint64_t max, unsigned long long *value_r, const char **error_r)
{
	uint64_t value;

	if (settings_get_uint(set, key, def, &value, error_r) < 0)
		return -1;
	if (value > max) {
		*error_r = config_fail("%s is too large (%s)", key,
				       settings_get(set, key));
		return -1;
	}
	*value_r = value;
	return 0;
}

static int
config_limits(struct server_config *config, const char **error_r)
{
	const struct settings *set = config->set;
	unsigned long long v[8];

	if (config_uint(set, "MAXDAEMONS", 40, 100000, &v[0], error_r) < 0 ||
	    config_uint(set, "MAXPERIP", 4, 100000, &v[1], error_r) < 0 ||
	    config_uint(set, "LOGIN_TIMEOUT", 60, 86400, &v[2], error_r) < 0 ||
	    config_uint(set, "SESSION_TIMEOUT", 600, 86400, &v[3], error_r) <
		    0 ||
	    config_uint(set, "TLS_TIMEOUT", 30, 3600, &v[4], error_r) < 0 ||
	    config_uint(set, "LOGIN_MAXBADCMD", 10, 1000, &v[5], error_r) < 0 ||
	    config_uint(set, "LOGIN_MAXLINE", 8192,
			SERVER_CREDS_MAX_LEFTOVER - 2, &v[6], error_r) <
		    0 ||
	    config_uint(set, "SESSION_ULIMITD", 262144, 1ULL << 32, &v[7],
			error_r) < 0)
		return -1;
	if (v[0] == 0 || v[6] < 64) {
		*error_r = "MAXDAEMONS must be > 0 and LOGIN_MAXLINE >= 64";
		return -1;
	}
	config->max_daemons = (unsigned int)v[0];
	config->max_per_ip = (unsigned int)v[1];
	config->login_timeout_ms = (unsigned int)v[2] * 1000;
	config->session_timeout_ms = (unsigned int)v[3] * 1000;
	config->tls_timeout_ms = (unsigned int)v[4] * 1000;
	config->login_max_bad_commands = (unsigned int)v[5];
	config->login_max_line = (size_t)v[6];
	config->ulimit_kb = v[7];
	return 0;
}

static int
config_tls(struct server_config *config, const char **error_r)
{
	const struct settings *set = config->set;
	const char *verify = settings_get(set, "TLS_VERIFYPEER");

	config->tls.certfile = settings_get(set, "TLS_CERTFILE");
	config->tls.keyfile = settings_get(set, "TLS_PRIVATE_KEYFILE");
	config->tls.dhparams = settings_get(set, "TLS_DHPARAMS");
	config->tls.priority = settings_get(set, "TLS_PRIORITY");
	config->tls.trustcerts = settings_get(set, "TLS_TRUSTCERTS");
	if (tls_verify_parse(verify, &config->tls.verify) < 0) {
		*error_r = config_fail("TLS_VERIFYPEER: unknown value \"%s\"",
				       verify);
		return -1;
	}
	config->tls_enabled = config->tls.certfile != NULL &&
			      *config->tls.certfile != '\0';
	if (config->implicit_tls && !config->tls_enabled) {
		*error_r = "implicit TLS needs TLS_CERTFILE";
		return -1;
	}
	return 0;
}

int
server_config_init(struct server_config *config, struct settings *set,
		   bool implicit_tls, const char *default_port,
		   const char **error_r)
{
	const char *ports, *address;
	int n;

	memset(config, 0, sizeof(*config));
	config->set = set;
	config->implicit_tls = implicit_tls;
	ports = settings_get_str(set, implicit_tls ? "SSLPORT" : "PORT",
				 default_port);
	address = settings_get_str(set, implicit_tls ? "SSLADDRESS" : "ADDRESS",
				   "0");
	n = server_parse_ports(ports, address, config->listen,
			       SERVER_MAX_LISTEN, error_r);
	if (n < 0)
		return -1;
	config->listen_count = (unsigned int)n;
	config->pidfile = settings_get(set, implicit_tls ? "SSLPIDFILE"
							 : "PIDFILE");
	config->login_user = settings_get_str(set, "LOGIN_USER", "estafette");
	config->login_chroot = settings_get_str(
		set, "LOGIN_CHROOT", LOCALSTATEDIR "/lib/estafette/empty");
	config->maildirpath = settings_get_str(set, "MAILDIRPATH", "Maildir");
	if (config_limits(config, error_r) < 0 ||
	    config_tls(config, error_r) < 0)
		return -1;
	return 0;
}

void
server_config_free(struct server_config *config)
{
	settings_free(&config->set);
	memset(config, 0, sizeof(*config));
}

static void
settings_copy_one(const char *key, const char *value, void *context)
{
	settings_set(context, key, value);
}

struct settings *
server_settings_load(const char *dir, const char *const *files,
		     const struct settings *overrides,
		     const char *const *known,
		     const char *const *known_prefixes)
{
	struct settings *set = settings_new();
	const char *error;
	size_t i;

	for (i = 0; files[i] != NULL; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);

		if (settings_read_shell(set, path, i > 0, &error) < 0)
			fatal("%s", error);
		free(path);
	}
	if (overrides != NULL)
		settings_foreach(overrides, settings_copy_one, set);
	settings_warn_unknown(set, known, known_prefixes);
	return set;
}
