#include "config.h"

#include "pop3-settings.h"

int
pop3_settings_init(struct pop3_settings *ps, const struct settings *set,
		   bool implicit_tls, const char **error_r)
{
	ps->auth_mechs = settings_get_str(set, "POP3AUTH", "");
	ps->auth_mechs_tls = settings_get_str(set, "POP3AUTH_TLS", "");
	if (settings_get_bool(set, "POP3_STARTTLS", true, &ps->starttls,
			      error_r) < 0 ||
	    settings_get_bool(set, "POP3_TLS_REQUIRED", false,
			      &ps->tls_required, error_r) < 0 ||
	    settings_get_bool(set, "POP3_LOG_DELETIONS", false,
			      &ps->log_deletions, error_r) < 0 ||
	    settings_get_bool(set, "POP3_APOP", false, &ps->apop, error_r) < 0)
		return -1;
	/* Courier's pop3d-ssl start script forces these. */
	if (implicit_tls) {
		ps->starttls = false;
		ps->tls_required = false;
	}
	return 0;
}
