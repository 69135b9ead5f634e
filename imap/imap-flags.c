/*
 * System flags and keywords (imap-flags.h).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "imap-flags.h"

static const struct {
	unsigned int flag;
	const char *name;
} flag_names[] = {
    {IMAP_FLAG_DRAFT, "\\Draft"},     {IMAP_FLAG_ANSWERED, "\\Answered"},
    {IMAP_FLAG_FLAGGED, "\\Flagged"}, {IMAP_FLAG_DELETED, "\\Deleted"},
    {IMAP_FLAG_SEEN, "\\Seen"},	      {IMAP_FLAG_RECENT, "\\Recent"},
};
#define N_FLAGS (sizeof(flag_names) / sizeof(flag_names[0]))

unsigned int
imap_flag_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < N_FLAGS; i++) {
		if (strcasecmp(name, flag_names[i].name) == 0)
			return flag_names[i].flag;
	}
	return 0;
}

const char *
imap_flag_name(unsigned int flag)
{
	size_t i;

	for (i = 0; i < N_FLAGS; i++) {
		if (flag == flag_names[i].flag)
			return flag_names[i].name;
	}
	return NULL;
}

bool
imap_keyword_valid(const char *keyword)
{
	const unsigned char *s = (const unsigned char *)keyword;
	size_t len = 0;

	if (*s == '\0' || *s == '\\')
		return false;
	for (; *s != '\0'; s++, len++) {
		/* ATOM-CHAR: no atom-specials, list-wildcards,
		   quoted-specials or resp-specials. */
		if (*s <= 0x20 || *s >= 0x7f || strchr("(){%*\"\\]", *s))
			return false;
	}
	return len <= IMAP_KEYWORD_MAX;
}

static bool
have_keyword(const struct imap_flag_set *set, const char *kw)
{
	unsigned int i;

	for (i = 0; i < set->keyword_count; i++) {
		if (strcasecmp(set->keywords[i], kw) == 0)
			return true;
	}
	return false;
}

static int
add_flag(struct imap_flag_set *set, const char *atom, const char **error_r)
{
	unsigned int flag;

	if (atom[0] == '\\') {
		flag = imap_flag_from_name(atom);
		if (flag == 0 || flag == IMAP_FLAG_RECENT) {
			*error_r = "Invalid system flag";
			return -1;
		}
		set->flags |= flag;
		return 0;
	}
	if (!imap_keyword_valid(atom)) {
		*error_r = "Invalid keyword";
		return -1;
	}
	if (!have_keyword(set, atom))
		set->keywords[set->keyword_count++] = atom;
	return 0;
}

int
imap_flags_parse(struct arena *arena, const struct imap_arg *arg,
		 struct imap_flag_set *set_r, const char **error_r)
{
	const struct imap_arg *a, *items = arg;
	const char *atom = NULL;
	unsigned int n = 1;

	memset(set_r, 0, sizeof(*set_r));
	if (arg->type != IMAP_ARG_LIST) {
		if (!imap_arg_atom(arg, &atom)) {
			*error_r = "Flags must be atoms";
			return -1;
		}
	} else {
		(void)imap_arg_list(arg, &items, &n);
	}
	set_r->keywords = arena_calloc(arena, n + 1, sizeof(char *));
	if (set_r->keywords == NULL) {
		*error_r = "Too many flags";
		return -1;
	}
	if (arg->type != IMAP_ARG_LIST)
		return add_flag(set_r, atom, error_r);
	for (a = items; a->type != IMAP_ARG_EOL; a++) {
		if (!imap_arg_atom(a, &atom)) {
			*error_r = "Flags must be atoms";
			return -1;
		}
		if (add_flag(set_r, atom, error_r) < 0)
			return -1;
	}
	return 0;
}

int
imap_flags_write(struct buffer *out, unsigned int flags,
		 const char *const *keywords, unsigned int keyword_count)
{
	bool first = true;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < N_FLAGS && ret == 0; i++) {
		if ((flags & flag_names[i].flag) == 0)
			continue;
		if (!first)
			ret = buffer_append_c(out, ' ');
		if (ret == 0)
			ret = buffer_append_str(out, flag_names[i].name);
		first = false;
	}
	for (i = 0; i < keyword_count && ret == 0; i++) {
		if (!first)
			ret = buffer_append_c(out, ' ');
		if (ret == 0)
			ret = buffer_append_str(out, keywords[i]);
		first = false;
	}
	return ret;
}

int
imap_store_parse(struct arena *arena, const struct imap_arg *args,
		 struct imap_store_request *req_r, const char **error_r)
{
	const char *item;
	size_t len;

	memset(req_r, 0, sizeof(*req_r));
	if (!imap_arg_atom(&args[0], &item) || args[1].type == IMAP_ARG_EOL ||
	    args[2].type != IMAP_ARG_EOL) {
		*error_r = "Invalid STORE arguments";
		return -1;
	}
	if (*item == '+' || *item == '-') {
		req_r->mode = *item == '+' ? IMAP_STORE_ADD : IMAP_STORE_REMOVE;
		item++;
	}
	len = strlen(item);
	if (len == 12 && strcasecmp(item + 5, ".SILENT") == 0) {
		req_r->silent = true;
		len = 5;
	}
	if (len != 5 || strncasecmp(item, "FLAGS", 5) != 0) {
		*error_r = "Invalid STORE data item";
		return -1;
	}
	return imap_flags_parse(arena, &args[1], &req_r->flags, error_r);
}
