#include "config.h"

#include "pop3-capa.h"

int
pop3_capa_write(struct iostream *stream, const struct pop3_settings *ps,
		const struct pop3_capa *capa)
{
	const char *mechs = capa->tls && *ps->auth_mechs_tls != '\0'
				    ? ps->auth_mechs_tls
				    : ps->auth_mechs;
	int ret = 0;

	ret |= iostream_write_str(stream, "+OK Here's what I can do:\r\n");
	if (capa->offer_stls)
		ret |= iostream_write_str(stream, "STLS\r\n");
	ret |= iostream_write_str(stream, "TOP\r\n");
	if (capa->login_ok || capa->logged_in)
		ret |= iostream_write_str(stream, "USER\r\n");
	if (capa->login_ok) {
		if (*mechs != '\0')
			ret |= iostream_printf(stream, "SASL %s\r\n", mechs);
	}
	ret |= iostream_write_str(stream,
				  "LOGIN-DELAY 10\r\n"
				  "PIPELINING\r\n"
				  "UIDL\r\n"
				  "RESP-CODES\r\n"
				  "AUTH-RESP-CODE\r\n"
				  "UTF8 USER\r\n"
				  "IMPLEMENTATION Estafette\r\n"
				  ".\r\n");
	return ret < 0 ? -1 : 0;
}
