#ifndef ESTAFETTE_IMAP_PARSER_PRIVATE_H
#define ESTAFETTE_IMAP_PARSER_PRIVATE_H

/* Shared between imap-parser.c (objects, argument tree) and
   imap-parser-feed.c (the byte state machine). */

#include "buffer.h"
#include "imap-parser.h"

/* Longest command name accepted (the longest real one is 12 bytes). */
#define IMAP_NAME_MAX 32

enum imap_parser_state {
	ST_TAG,	      /* start of a command, or inside its tag */
	ST_NAME,      /* inside the command name */
	ST_NAME_EOL,  /* name ended the line: COMPLETE is pending */
	ST_ARG,	      /* an argument (or ')' right after '(') must start */
	ST_AFTER_ARG, /* SP, ')' or end of line must follow */
	ST_ATOM,
	ST_SECTION, /* inside [ ] of a FETCH atom */
	ST_SECTION_QUOTED,
	ST_SECTION_ESC,
	ST_QUOTED,
	ST_QUOTED_ESC,
	ST_LIT8,	 /* after '~': '{' must follow */
	ST_LIT_SIZE,	 /* digits of {n} */
	ST_LIT_CLOSE,	 /* after '+': '}' must follow */
	ST_LIT_EOL,	 /* after '}': CR LF must follow */
	ST_CR,		 /* after CR: LF must follow */
	ST_LIT_DATA,	 /* in-memory literal bytes */
	ST_STREAM,	 /* the caller is reading a streamed literal */
	ST_DONE,	 /* COMPLETE returned */
	ST_SKIP,	 /* dropping the rest of a refused command's line */
	ST_SKIP_LITERAL, /* dropping a refused command's LITERAL+ data */
	ST_FATAL,
};

struct imap_parser {
	struct imap_parser_limits limits;
	struct arena *arena;
	struct buffer tok; /* the atom or string being read */
	bool tok_8bit;

	enum imap_parser_state state;
	enum imap_parser_state eol_state; /* state where CR was seen */
	enum imap_parse_result event;	  /* set when a step ends the feed */
	unsigned int flags;
	bool utf8;
	bool started;	 /* a byte of this command was read */
	bool need_clear; /* results were handed out; clear on next command */

	const char *tag, *name;
	bool uid;
	size_t line_len, cmd_size;
	unsigned int depth, literals, nargs;
	bool after_open; /* the last byte was '(' */

	/* Finished arguments not yet in a closed list; open_lists[d] is
	   where the items of the list at depth d begin. */
	struct imap_arg *stack;
	size_t stack_count, stack_alloc;
	size_t *open_lists;

	const struct imap_arg *args;
	unsigned int arg_count;

	struct imap_literal_info lit;
	unsigned int lit_digits;
	bool lit_overflow;
	char *lit_buf;
	uint64_t lit_remaining;

	const char *error;
	bool fatal;

	/* Skipping: bytes of literal data left, and a tracker that spots a
	   "{n+}" ending a skipped line (its data must be skipped too). */
	uint64_t skip_remaining;
	int skip_track;
	uint64_t skip_size;
};

void imap_parser_clear_command(struct imap_parser *p);
void imap_parser_fail(struct imap_parser *p, const char *msg, bool fatal,
		      bool last_was_lf);
void imap_parser_skip_begin(struct imap_parser *p);
struct imap_arg *imap_parser_push(struct imap_parser *p,
				  enum imap_arg_type type);
int imap_parser_open_list(struct imap_parser *p);
int imap_parser_close_list(struct imap_parser *p);
int imap_parser_finish_token(struct imap_parser *p, enum imap_arg_type type);
void imap_parser_complete(struct imap_parser *p);
/* imap-parser-feed.c */
bool imap_is_atom_char(unsigned char c);
void imap_parser_byte(struct imap_parser *p, unsigned char c);
void imap_parser_literal_finish(struct imap_parser *p);

#endif
