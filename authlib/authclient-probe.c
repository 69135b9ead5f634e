/*
 * Test helper (check_PROGRAMS only): runs one SASL exchange through the
 * client library against a running authdaemond, playing both the client
 * (computing its responses) and the server side (authclient-sasl.h).
 *   authclient-probe SOCKET MECH SERVICE USER PASSWORD
 * Prints "OK <address> <uid>", "FAIL" or "TEMPFAIL <reason>".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "authclient-sasl.h"

static int
client_response(const char *mech, const char *user, const char *pass,
		unsigned int step, const void *chal, size_t clen,
		struct abuf *out)
{
	enum auth_cram_type type;
	char hex[129];

	if (strcasecmp(mech, "PLAIN") == 0) {
		abuf_append(out, "", 1);
		abuf_append(out, user, strlen(user) + 1);
		abuf_append(out, pass, strlen(pass));
	} else if (strcasecmp(mech, "LOGIN") == 0) {
		abuf_append_str(out, step == 1 ? user : pass);
	} else if (auth_cram_type_parse(mech, &type) == 0) {
		if (auth_cram_digest(type, pass, chal, clen, hex) < 0)
			return -1;
		abuf_printf(out, "%s %s", user, hex);
	} else {
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct authclient_settings set = { 0 };
	struct auth_record rec = { 0 };
	struct authclient_sasl *sasl;
	enum authclient_sasl_status st;
	enum authclient_result r;
	const char *err = "", *mech;
	const void *chal;
	size_t clen;
	unsigned int step = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: authclient-probe SOCKET MECH SERVICE "
				"USER PASSWORD\n");
		return 2;
	}
	set.socket_path = argv[1];
	mech = argv[2];
	sasl = authclient_sasl_new(mech, "probe.example.test");
	if (sasl == NULL) {
		printf("UNSUPPORTED\n");
		return 1;
	}
	st = authclient_sasl_step(sasl, false, NULL, 0, &chal, &clen, &err);
	while (st == AUTHCLIENT_SASL_CONTINUE) {
		struct abuf resp = ABUF_INIT;

		step++;
		if (client_response(mech, argv[4], argv[5], step, chal, clen,
				    &resp) < 0)
			return 2;
		st = authclient_sasl_step(sasl, true, resp.data, resp.len,
					  &chal, &clen, &err);
		abuf_free(&resp);
	}
	if (st == AUTHCLIENT_SASL_ERROR) {
		printf("SASLERROR %s\n", err);
		authclient_sasl_free(&sasl);
		return 1;
	}
	r = authclient_sasl_auth(&set, sasl, argv[3], &rec, &err);
	if (r == AUTHCLIENT_OK)
		printf("OK %s %lu\n", rec.address != NULL ? rec.address : "-",
		       (unsigned long)rec.uid);
	else if (r == AUTHCLIENT_FAIL)
		printf("FAIL\n");
	else
		printf("TEMPFAIL %s\n", err);
	auth_record_clear(&rec);
	authclient_sasl_free(&sasl);
	return r == AUTHCLIENT_OK ? 0 : 1;
}
