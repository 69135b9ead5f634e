#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "server-config.h"
#include "../tests/unit/tap.h"

static void
test_ports(void)
{
	struct server_listen l[4];
	const char *error = NULL;
	const struct sockaddr_in6 *sin6;

	is_int(server_parse_ports("110", "0", l, 4, &error), 1, "one port");
	ok(l[0].addr.ss_family == AF_INET6, "any address is IPv6 ::");
	is_str(l[0].text, "*.110", "text of any");
	is_int(server_parse_ports("127.0.0.1.1110,::1.1110,995", "127.0.0.2",
				  l, 4, &error),
	       3, "three entries");
	is_str(l[0].text, "127.0.0.1.1110", "ipv4 entry");
	sin6 = (const struct sockaddr_in6 *)&l[1].addr;
	ok(l[1].addr.ss_family == AF_INET6 && ntohs(sin6->sin6_port) == 1110,
	   "ipv6 entry");
	is_str(l[2].text, "127.0.0.2.995", "ADDRESS applies to a bare port");
	is_int(server_parse_ports("65535", "", l, 4, &error), 1, "port max");
	is_int(server_parse_ports("65536", "", l, 4, &error), -1,
	       "port max+1");
	is_int(server_parse_ports("0", "", l, 4, &error), -1, "port 0");
	is_int(server_parse_ports("", "", l, 4, &error), -1, "empty list");
	is_int(server_parse_ports("110,", "", l, 4, &error), -1,
	       "trailing comma");
	is_int(server_parse_ports("110,,995", "", l, 4, &error), -1,
	       "empty entry");
	is_int(server_parse_ports("1,2,3,4", "", l, 4, &error), 4, "at max");
	is_int(server_parse_ports("1,2,3,4,5", "", l, 4, &error), -1,
	       "max+1 entries");
	is_int(server_parse_ports("a.b.110", "", l, 4, &error), -1,
	       "bad address");
	is_int(server_parse_ports("127.0.0.1.x", "", l, 4, &error), -1,
	       "bad port");
	is_int(server_parse_ports("-110", "", l, 4, &error), -1, "sign");
	is_int(server_parse_ports("110", "bogus", l, 4, &error), -1,
	       "bad ADDRESS");
}

static void
test_config(void)
{
	struct server_config config;
	struct settings *set = settings_new();
	const char *error = NULL;
	static const char text[] =
		"PORT=1110\nSSLPORT=1995\nMAXDAEMONS=7\nMAXPERIP=3\n"
		"TLS_CERTFILE=/nonexistent.pem\nTLS_VERIFYPEER=REQUIREPEER\n"
		"LOGIN_TIMEOUT=5\n";

	ok(settings_parse_shell(set, "pop3d", text, sizeof(text) - 1,
				&error) == 0,
	   "settings parse");
	ok(server_config_init(&config, set, true, "995", &error) == 0,
	   "config init (ssl)");
	is_int(config.listen_count, 1, "one listener");
	is_str(config.listen[0].text, "*.1995", "SSLPORT used");
	is_int(config.max_daemons, 7, "MAXDAEMONS");
	is_int(config.max_per_ip, 3, "MAXPERIP");
	is_int(config.login_timeout_ms, 5000, "LOGIN_TIMEOUT");
	ok(config.tls_enabled, "TLS enabled by TLS_CERTFILE");
	is_int(config.tls.verify, TLS_VERIFY_REQUIREPEER, "verify peer");
	is_str(config.maildirpath, "Maildir", "MAILDIRPATH default");
	server_config_free(&config);

	set = settings_new();
	settings_set(set, "MAXDAEMONS", "0");
	is_int(server_config_init(&config, set, false, "110", &error), -1,
	       "MAXDAEMONS=0 refused");
	server_config_free(&config);
	set = settings_new();
	settings_set(set, "TLS_VERIFYPEER", "SOMETIMES");
	is_int(server_config_init(&config, set, false, "110", &error), -1,
	       "bad TLS_VERIFYPEER refused");
	server_config_free(&config);
	set = settings_new();
	is_int(server_config_init(&config, set, true, "995", &error), -1,
	       "implicit TLS without a certificate refused");
	server_config_free(&config);
}

int
main(void)
{
	test_ports();
	test_config();
	return tap_done();
}
