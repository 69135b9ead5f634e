#include "config.h"

#include "imap-capability.h"
#include "../tests/unit/tap.h"

#define COURIER_CAPS                                                           \
	"IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT "          \
	"THREAD=REFERENCES SORT QUOTA IDLE"

static const char *
caps(const struct imap_capability_settings *s, bool tls, bool starttls,
     bool logged_in)
{
	static char out[1024];
	struct imap_capability_state st = {tls, starttls, logged_in};
	struct buffer b;

	buffer_init(&b, 1000);
	if (imap_capability_build(s, &st, &b) < 0)
		snprintf(out, sizeof(out), "FAIL");
	else
		snprintf(out, sizeof(out), "%s", buffer_cstr(&b));
	buffer_deinit(&b);
	return out;
}

int
main(void)
{
	struct imap_capability_settings s = {
	    .capability = COURIER_CAPS,
	    .capability_tls = COURIER_CAPS " AUTH=PLAIN",
	    .acl = true,
	};
	struct imap_capability_state st = {false, true, false};
	struct buffer tiny;

	/* Courier 5's lists, as seen live (COURIER.md section f). */
	is_str(caps(&s, false, true, false),
	       COURIER_CAPS " ACL ACL2=UNION STARTTLS ENABLE UTF8=ACCEPT",
	       "plain, before login");
	is_str(caps(&s, false, true, true),
	       COURIER_CAPS " ACL ACL2=UNION ENABLE UTF8=ACCEPT",
	       "plain, after login");
	is_str(caps(&s, true, false, false),
	       COURIER_CAPS " AUTH=PLAIN ACL ACL2=UNION ENABLE UTF8=ACCEPT",
	       "TLS");
	is_str(caps(&s, true, false, true),
	       COURIER_CAPS " AUTH=PLAIN ACL ACL2=UNION ENABLE UTF8=ACCEPT",
	       "TLS, after login");
	s.tls_required = true;
	is_str(caps(&s, false, true, false),
	       COURIER_CAPS " ACL ACL2=UNION STARTTLS LOGINDISABLED ENABLE "
			    "UTF8=ACCEPT",
	       "IMAP_TLS_REQUIRED");
	s.acl = false;
	s.builtin = "LITERAL+ ID idle UNSELECT  MOVE";
	is_str(caps(&s, false, false, false),
	       COURIER_CAPS " LITERAL+ ID UNSELECT MOVE ENABLE UTF8=ACCEPT",
	       "built-in extensions, no duplicates");
	s.capability = "";
	s.capability_tls = NULL;
	s.builtin = NULL;
	is_str(caps(&s, true, false, false), "IMAP4rev1 ENABLE UTF8=ACCEPT",
	       "empty settings");
	s.capability = "IMAP4rev1 ENABLE UTF8=ACCEPT STARTTLS";
	is_str(caps(&s, false, true, false),
	       "IMAP4rev1 ENABLE UTF8=ACCEPT STARTTLS LOGINDISABLED",
	       "configured tokens are not repeated");
	buffer_init(&tiny, 10);
	buffer_append_str(&tiny, "x");
	ok(imap_capability_build(&s, &st, &tiny) < 0 && buffer_len(&tiny) == 1,
	   "cap: buffer unchanged");
	buffer_deinit(&tiny);
	return tap_done();
}
