#ifndef ESTAFETTE_LMTP_COMMAND_H
#define ESTAFETTE_LMTP_COMMAND_H

/*
 * LMTP command lines (RFC 2033, with RFC 5321's syntax): the verb and, for
 * MAIL and RCPT, the path and the ESMTP parameters we support (SIZE and
 * BODY on MAIL; none on RCPT). The parser copies what it keeps into the
 * command, so the line buffer may be reused at once.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest path kept (RFC 5321 4.5.3.1.3 allows 256 octets). */
#define LMTP_PATH_MAX 256
#define LMTP_DOMAIN_MAX 255

enum lmtp_verb {
	LMTP_VERB_UNKNOWN,
	LMTP_VERB_LHLO,
	LMTP_VERB_MAIL,
	LMTP_VERB_RCPT,
	LMTP_VERB_DATA,
	LMTP_VERB_RSET,
	LMTP_VERB_NOOP,
	LMTP_VERB_QUIT,
	LMTP_VERB_VRFY,
	LMTP_VERB_HELO, /* HELO and EHLO: not LMTP, answered with an error */
};

enum lmtp_body {
	LMTP_BODY_UNSPECIFIED,
	LMTP_BODY_7BIT,
	LMTP_BODY_8BITMIME,
};

struct lmtp_command {
	enum lmtp_verb verb;
	/* LHLO: the client's name. MAIL: reverse path ("" for <>). RCPT:
	   the forward path, without a source route. */
	char arg[LMTP_PATH_MAX + 1];
	uint64_t size;	  /* MAIL SIZE=, 0 when not given */
	bool size_given;
	enum lmtp_body body;
};

/*
 * Parses one command line (without CR LF). Returns 0, or -1 with
 * *reply_r set to the complete reply line to send (with enhanced status
 * code, without CR LF): "500 5.5.2 ..." for an unknown verb, "501 5.5.4
 * ..." for bad arguments, "555 5.5.4 ..." for an unsupported parameter.
 * Unknown verbs still return -1 with cmd->verb == LMTP_VERB_UNKNOWN.
 */
int lmtp_command_parse(const char *line, size_t len, struct lmtp_command *cmd,
		       const char **reply_r);

#endif
