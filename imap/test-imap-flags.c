#include "config.h"

#include <string.h>

#include "imap-flags.h"
#include "../tests/unit/tap.h"

static struct arena *arena;
/* Keywords are borrowed from the parser's arguments: keep it alive. */
static struct imap_parser *p;

/* Parses the flags in a command line "a STORE <flags>". */
static int
parse(const char *line, struct imap_flag_set *set, const char **error)
{
	const struct imap_arg *args;
	unsigned int count;
	size_t used, pos = 0, len = strlen(line);
	enum imap_parse_result r;
	int ret = -1;

	imap_parser_free(&p);
	p = imap_parser_new(&imap_parser_limits_session);
	while ((r = imap_parser_feed(p, line + pos, len - pos, &used)) !=
	       IMAP_PARSE_COMPLETE) {
		pos += used;
		if (r != IMAP_PARSE_NAME) {
			*error = "parse";
			goto out;
		}
	}
	args = imap_parser_args(p, &count);
	ret = imap_flags_parse(arena, &args[0], set, error);
out:
	return ret;
}

int
main(void)
{
	struct imap_flag_set set;
	const char *error = NULL;
	struct buffer buf;
	const char *kw[] = {"$Junk", "Work"};

	arena = arena_new(4096, 1 << 20);
	ok(imap_flag_from_name("\\seen") == IMAP_FLAG_SEEN, "case-insensitive");
	ok(imap_flag_from_name("\\Foo") == 0, "unknown system flag");
	is_str(imap_flag_name(IMAP_FLAG_DRAFT), "\\Draft", "flag name");
	ok(imap_flag_name(IMAP_FLAG_DRAFT | IMAP_FLAG_SEEN) == NULL,
	   "two bits have no name");
	ok(imap_keyword_valid("$Junk") && imap_keyword_valid("NonJunk"),
	   "keywords");
	ok(!imap_keyword_valid("") && !imap_keyword_valid("\\Seen") &&
	       !imap_keyword_valid("a]") && !imap_keyword_valid("a*") &&
	       !imap_keyword_valid("a%") && !imap_keyword_valid("a b") &&
	       !imap_keyword_valid("caf\xc3\xa9"),
	   "invalid keywords");

	ok(parse("a STORE (\\Seen \\deleted $Junk $junk Work)\r\n", &set,
		 &error) == 0,
	   "flag list");
	ok(set.flags == (IMAP_FLAG_SEEN | IMAP_FLAG_DELETED) &&
	       set.keyword_count == 2 &&
	       strcmp(set.keywords[0], "$Junk") == 0 &&
	       strcmp(set.keywords[1], "Work") == 0,
	   "bits and deduplicated keywords");
	ok(parse("a STORE \\Flagged\r\n", &set, &error) == 0 &&
	       set.flags == IMAP_FLAG_FLAGGED,
	   "single atom");
	ok(parse("a STORE ()\r\n", &set, &error) == 0 && set.flags == 0 &&
	       set.keyword_count == 0,
	   "empty list");
	ok(parse("a STORE (\\Recent)\r\n", &set, &error) < 0 &&
	       strcmp(error, "Invalid system flag") == 0,
	   "\\Recent refused");
	ok(parse("a STORE (\\Foo)\r\n", &set, &error) < 0, "\\Foo refused");
	ok(parse("a STORE (\"x\")\r\n", &set, &error) < 0 &&
	       strcmp(error, "Flags must be atoms") == 0,
	   "quoted flag refused");
	ok(parse("a STORE (a])\r\n", &set, &error) < 0 &&
	       strcmp(error, "Invalid keyword") == 0,
	   "bad keyword refused");
	ok(parse("a STORE ((a))\r\n", &set, &error) < 0, "nested refused");

	{
		struct imap_store_request req;
		const struct imap_arg *args;
		unsigned int n;

		imap_parser_free(&p);
		p = imap_parser_new(&imap_parser_limits_session);
		(void)parse("a STORE +flags.silent (\\Seen $Junk)\r\n", &set,
			    &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) == 0 &&
		       req.mode == IMAP_STORE_ADD && req.silent &&
		       req.flags.flags == IMAP_FLAG_SEEN &&
		       req.flags.keyword_count == 1,
		   "STORE +FLAGS.SILENT");
		(void)parse("a STORE -FLAGS \\Deleted\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) == 0 &&
		       req.mode == IMAP_STORE_REMOVE && !req.silent &&
		       req.flags.flags == IMAP_FLAG_DELETED,
		   "STORE -FLAGS");
		(void)parse("a STORE FLAGS ()\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) == 0 &&
		       req.mode == IMAP_STORE_REPLACE && req.flags.flags == 0,
		   "STORE FLAGS ()");
		(void)parse("a STORE FLAGS.SILENTX ()\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) < 0,
		   "bad data item");
		(void)parse("a STORE *FLAGS ()\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) < 0, "*FLAGS");
		(void)parse("a STORE FLAGS () x\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) < 0,
		   "trailing argument");
		(void)parse("a STORE FLAGS\r\n", &set, &error);
		args = imap_parser_args(p, &n);
		ok(imap_store_parse(arena, args, &req, &error) < 0,
		   "missing flags");
	}

	buffer_init(&buf, 200);
	ok(imap_flags_write(&buf,
			    IMAP_FLAG_SEEN | IMAP_FLAG_DRAFT |
				IMAP_FLAG_RECENT | IMAP_FLAG_ANSWERED,
			    kw, 2) == 0,
	   "write");
	is_str(buffer_cstr(&buf),
	       "\\Draft \\Answered \\Seen \\Recent $Junk Work",
	       "Courier's order");
	buffer_clear(&buf);
	ok(imap_flags_write(&buf, 0, NULL, 0) == 0 &&
	       strcmp(buffer_cstr(&buf), "") == 0,
	   "no flags");
	buffer_deinit(&buf);
	imap_parser_free(&p);
	arena_free(&arena);
	return tap_done();
}
