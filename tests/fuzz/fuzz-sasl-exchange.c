#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authclient-sasl.h"
#include "server-auth-apop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const mechs[] = {
	"PLAIN", "LOGIN", "CRAM-MD5", "CRAM-SHA1", "CRAM-SHA256",
};

/* Runs the client lines (after the first, which picks the mechanism)
   through the base64 framing; a finished exchange must give AUTH data. */
static void
fuzz_sasl(const char *text, size_t size)
{
	struct authclient_sasl *sasl;
	enum authclient_sasl_status st;
	const char *p, *end = text + size, *ch, *err = NULL, *type;
	char line[4096], out[SERVER_APOP_MAX_STAMP + 8192];

	if (size == 0)
		return;
	sasl = authclient_sasl_new(mechs[(unsigned char)text[0] % 5], "fz");
	p = text + 1;
	st = authclient_sasl_step_b64(sasl, NULL, &ch, &err);
	while (st == AUTHCLIENT_SASL_CONTINUE && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl != NULL ? nl : end) - p);

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		st = authclient_sasl_step_b64(sasl, line, &ch, &err);
		p = nl != NULL ? nl + 1 : end;
	}
	if (st == AUTHCLIENT_SASL_ERROR && err == NULL)
		abort();
	if (st == AUTHCLIENT_SASL_DONE &&
	    (authclient_sasl_user(sasl) == NULL ||
	     authclient_sasl_authdata(sasl, &type, out, sizeof(out), &err) <=
		     0))
		abort();
	authclient_sasl_free(&sasl);
}

/* The login process's SASL exchange (client lines in base64) and the
   session process's APOP data parser. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct server_apop apop;
	const char *err = NULL;

	fuzz_sasl((const char *)data, size);
	if (server_apop_parse((const char *)data, size, &apop, &err) == 0) {
		if (!server_apop_stamp_valid(apop.stamp, strlen(apop.stamp)) ||
		    strlen(apop.digest) != SERVER_APOP_DIGEST_LEN)
			abort();
		(void)server_apop_verify(&apop, "secret");
	} else if (err == NULL) {
		abort();
	}
	return 0;
}
