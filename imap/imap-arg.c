/*
 * Accessors for parsed IMAP arguments (imap-parser.h): the grammar's
 * astring, string and nstring as a command handler asks for them.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "imap-parser.h"

bool
imap_arg_atom(const struct imap_arg *arg, const char **str_r)
{
	if (arg->type != IMAP_ARG_ATOM)
		return false;
	*str_r = arg->v.str;
	return true;
}

bool
imap_arg_string(const struct imap_arg *arg, const char **str_r, size_t *len_r)
{
	if (arg->type != IMAP_ARG_STRING && arg->type != IMAP_ARG_LITERAL)
		return false;
	/* A literal8 may hold NUL bytes, which no string argument of a
	   command may contain. */
	if (memchr(arg->v.str, '\0', arg->len) != NULL)
		return false;
	*str_r = arg->v.str;
	if (len_r != NULL)
		*len_r = arg->len;
	return true;
}

bool
imap_arg_astring(const struct imap_arg *arg, const char **str_r, size_t *len_r)
{
	if (arg->type == IMAP_ARG_NIL) {
		*str_r = "NIL";
		if (len_r != NULL)
			*len_r = 3;
		return true;
	}
	if (arg->type == IMAP_ARG_ATOM) {
		*str_r = arg->v.str;
		if (len_r != NULL)
			*len_r = arg->len;
		return true;
	}
	return imap_arg_string(arg, str_r, len_r);
}

bool
imap_arg_nstring(const struct imap_arg *arg, const char **str_r, size_t *len_r)
{
	if (arg->type == IMAP_ARG_NIL) {
		*str_r = NULL;
		if (len_r != NULL)
			*len_r = 0;
		return true;
	}
	return imap_arg_string(arg, str_r, len_r);
}

bool
imap_arg_list(const struct imap_arg *arg, const struct imap_arg **list_r,
	      unsigned int *count_r)
{
	if (arg->type != IMAP_ARG_LIST)
		return false;
	*list_r = arg->v.list;
	if (count_r != NULL)
		*count_r = (unsigned int)arg->len;
	return true;
}

bool
imap_arg_atom_equals(const struct imap_arg *arg, const char *word)
{
	if (arg->type == IMAP_ARG_NIL)
		return strcasecmp(word, "NIL") == 0;
	return arg->type == IMAP_ARG_ATOM && strcasecmp(arg->v.str, word) == 0;
}
