#ifndef ESTAFETTE_IMAP_PARSER_H
#define ESTAFETTE_IMAP_PARSER_H

/*
 * The bounded, streaming IMAP command parser (RFC 3501 section 9, with
 * LITERAL+ from RFC 7888 and literal8 from RFC 3516 / RFC 6855).
 *
 * The caller feeds client bytes as they arrive; the parser takes what it
 * can and stops at the next event:
 *
 *  IMAP_PARSE_NEED_MORE      all bytes were used; feed more.
 *  IMAP_PARSE_NAME           tag and command name are known. The caller
 *                            looks the command up and either calls
 *                            imap_parser_set_flags() (or nothing) and
 *                            feeds on, or replies and calls
 *                            imap_parser_discard(). "UID" is folded in:
 *                            "a UID FETCH ..." gives name "FETCH", uid.
 *  IMAP_PARSE_CONTINUE       a synchronising literal {n} was accepted
 *                            (size checked against every budget): send
 *                            "+ ..." to the client, then feed on.
 *  IMAP_PARSE_LITERAL_STREAM (only with IMAP_PARSE_FLAG_STREAM_LITERALS)
 *                            a literal that the command handler takes as
 *                            a stream: imap_parser_literal() describes it.
 *                            The caller sends "+" if it is synchronising,
 *                            reads exactly size bytes itself (they are
 *                            not given to the parser) and calls
 *                            imap_parser_literal_streamed(), or rejects
 *                            the command with imap_parser_discard().
 *  IMAP_PARSE_COMPLETE       the command line is complete:
 *                            imap_parser_args().
 *  IMAP_PARSE_ERROR          imap_parser_error(): a message for a tagged
 *                            BAD (tag from imap_parser_tag(), or "*" when
 *                            NULL), or, if fatal, for "* BYE" after which
 *                            the connection must be closed. After a
 *                            non-fatal error the parser skips the rest of
 *                            the command by itself (including the data of
 *                            LITERAL+ literals the client sends anyway).
 *
 * *consumed_r says how many bytes were used; the rest must be fed again.
 * Bytes are copied, so the caller may drop consumed input at once.
 *
 * Limits (struct imap_parser_limits) are checked as bytes arrive, never
 * after buffering: a line longer than max_line, a command larger than
 * max_command, deeper lists, more arguments or literals are refused as
 * soon as the byte that exceeds them is seen. A literal's size is parsed
 * digit by digit (more than 32 bits is an error, never a wrap) and
 * compared with the budget before CONTINUE is returned. A refused
 * synchronising literal is a BAD (the client sends nothing more); a refused
 * LITERAL+ literal is fatal, as its data is already on the way.
 *
 * Memory: everything a command holds comes from the parser's capped arena;
 * results stay valid until the next imap_parser_feed() after COMPLETE or
 * ERROR (or imap_parser_discard / imap_parser_reset).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum imap_arg_type {
	IMAP_ARG_EOL,	   /* terminates every argument array */
	IMAP_ARG_NIL,	   /* unquoted NIL (any case) */
	IMAP_ARG_ATOM,	   /* atom (with a FETCH section, see flags) */
	IMAP_ARG_STRING,   /* quoted string, unescaped */
	IMAP_ARG_LITERAL,  /* literal kept in memory */
	IMAP_ARG_LIST,	   /* parenthesised list */
	IMAP_ARG_STREAMED, /* literal handed to the caller as a stream */
};

struct imap_arg {
	enum imap_arg_type type;
	bool literal8; /* LITERAL/STREAMED came as ~{n} */
	bool nonsync;  /* LITERAL/STREAMED came as {n+} */
	/* ATOM, STRING, LITERAL: bytes (NUL-terminated; only a literal8
	   may contain NUL). LIST: item count (list[len] is EOL). STREAMED:
	   unused. */
	size_t len;
	union {
		const char *str;
		const struct imap_arg *list;
		uint64_t size; /* STREAMED: literal size */
	} v;
};

struct imap_parser_limits {
	size_t max_line;	   /* bytes of one line, CR LF excluded */
	size_t max_command;	   /* all lines and in-memory literals */
	uint32_t max_literal;	   /* one in-memory literal */
	uint32_t max_stream;	   /* one streamed literal (APPEND) */
	unsigned int max_depth;	   /* nesting of ( ) */
	unsigned int max_literals; /* literals in one command */
	unsigned int max_args;	   /* arguments at all depths */
};

/* Defaults before and after login. */
extern const struct imap_parser_limits imap_parser_limits_prelogin;
extern const struct imap_parser_limits imap_parser_limits_session;

/* Per-command flags, set after IMAP_PARSE_NAME. */
enum imap_parse_flags {
	/* Atoms may carry a FETCH section: "BODY[HEADER.FIELDS (A B)]<0.9>"
	   is one atom; inside [ ] spaces, parentheses and quoted strings
	   are kept verbatim. */
	IMAP_PARSE_FLAG_SECTIONS = 1 << 0,
	/* Every literal except the first argument is streamed (APPEND). */
	IMAP_PARSE_FLAG_STREAM_LITERALS = 1 << 1,
	/* ~{n} literal8 is accepted (APPEND with BINARY or UTF8). */
	IMAP_PARSE_FLAG_LITERAL8 = 1 << 2,
};

enum imap_parse_result {
	IMAP_PARSE_NEED_MORE,
	IMAP_PARSE_NAME,
	IMAP_PARSE_CONTINUE,
	IMAP_PARSE_LITERAL_STREAM,
	IMAP_PARSE_COMPLETE,
	IMAP_PARSE_ERROR,
};

struct imap_literal_info {
	uint64_t size;
	bool sync;	    /* {n}: the client waits for "+" */
	bool literal8;	    /* ~{n} */
	unsigned int depth; /* list nesting at the literal (0: top level) */
};

struct imap_parser;

/* limits is copied. Never NULL. */
struct imap_parser *imap_parser_new(const struct imap_parser_limits *limits);
void imap_parser_free(struct imap_parser **parser);

/* Changes the limits (e.g. after login). Only between commands: returns
   -1 if a command is in progress. */
int imap_parser_set_limits(struct imap_parser *parser,
			   const struct imap_parser_limits *limits);
/* UTF8=ACCEPT enabled: quoted strings may hold (valid) UTF-8. */
void imap_parser_set_utf8(struct imap_parser *parser, bool enabled);
/* After IMAP_PARSE_NAME: flags for this command (enum imap_parse_flags). */
void imap_parser_set_flags(struct imap_parser *parser, unsigned int flags);

enum imap_parse_result imap_parser_feed(struct imap_parser *parser,
					const void *data, size_t size,
					size_t *consumed_r);

/* The tag once read (NULL before, or when the tag itself was bad). */
const char *imap_parser_tag(const struct imap_parser *parser);
/* The command name from NAME on, and whether "UID" came before it. */
const char *imap_parser_name(const struct imap_parser *parser);
bool imap_parser_is_uid(const struct imap_parser *parser);
/* After COMPLETE: the arguments, args[count].type == IMAP_ARG_EOL. */
const struct imap_arg *imap_parser_args(const struct imap_parser *parser,
					unsigned int *count_r);
/* After LITERAL_STREAM: the top-level arguments completed so far (valid
   until the next feed), and the literal. */
const struct imap_arg *imap_parser_args_so_far(const struct imap_parser *p,
					       unsigned int *count_r);
const struct imap_literal_info *
imap_parser_literal(const struct imap_parser *parser);
/* The caller has read the streamed literal's bytes; parsing goes on. */
void imap_parser_literal_streamed(struct imap_parser *parser);

/* After ERROR: the reply text ("Literal too large"), and whether the
   connection must end ("* BYE"). */
const char *imap_parser_error(const struct imap_parser *parser, bool *fatal_r);

/*
 * Drops the current command (after NAME, CONTINUE or LITERAL_STREAM, when
 * the caller refused it): the rest of its line and the data of LITERAL+
 * literals still to come are skipped by later feeds. A synchronising
 * literal the caller has not answered with "+" is not waited for.
 */
void imap_parser_discard(struct imap_parser *parser);
/* Forgets everything, including a fatal error (e.g. after STARTTLS). */
void imap_parser_reset(struct imap_parser *parser);

/* Argument helpers: false if arg is not of the wanted kind. */
bool imap_arg_atom(const struct imap_arg *arg, const char **str_r);
/* atom, NIL (as "NIL"), quoted string or literal */
bool imap_arg_astring(const struct imap_arg *arg, const char **str_r,
		      size_t *len_r);
/* quoted string or literal */
bool imap_arg_string(const struct imap_arg *arg, const char **str_r,
		     size_t *len_r);
/* NIL gives *str_r = NULL; else like imap_arg_string. */
bool imap_arg_nstring(const struct imap_arg *arg, const char **str_r,
		      size_t *len_r);
bool imap_arg_list(const struct imap_arg *arg, const struct imap_arg **list_r,
		   unsigned int *count_r);
/* The atom equals word, case-insensitively. */
bool imap_arg_atom_equals(const struct imap_arg *arg, const char *word);

#endif
