#ifndef ESTAFETTE_MIME_CONTENT_H
#define ESTAFETTE_MIME_CONTENT_H

/*
 * Parsing of MIME header values: Content-Type, Content-Disposition (RFC
 * 2045, 2183) with their parameters, RFC 2231 continuations, and
 * Content-Language lists. Tolerant: comments anywhere, unquoted values with
 * specials ("boundary=----=_Part_1"), parameters without a value dropped.
 *
 * RFC 2231: sections "name*0", "name*1", ... are joined. When the first
 * section is extended ("name*0*=utf-8''%C3%A9") the result is one extended
 * parameter "name*" whose value stays in RFC 2231 form (charset'lang'
 * %-encoded; plain sections are %-encoded as they are joined) as IMAP
 * clients expect; otherwise a plain "name". mime_param_decode() turns an
 * extended value into UTF-8. Strings live in the caller's arena.
 */

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buffer.h"

/* Parameters kept per header value. */
#define MIME_PARAMS_MAX 128
/* Highest RFC 2231 section number honoured. */
#define MIME_PARAM_SECTION_MAX 999

struct mime_param {
	struct mime_param *next;
	const char *name;  /* as written, e.g. "charset" or "filename*" */
	const char *value; /* unquoted */
};

/*
 * Content-Type "type/subtype; params". *type_r and *subtype_r are
 * upper-cased, NULL when the value does not hold a valid type/subtype
 * (the parameters are parsed all the same). Returns -1 only when the
 * arena's budget is exhausted.
 */
int mime_content_type_parse(struct arena *arena, const char *value, size_t size,
			    const char **type_r, const char **subtype_r,
			    struct mime_param **params_r);

/* Content-Disposition "type; params"; *type_r upper-cased, NULL if none. */
int mime_disposition_parse(struct arena *arena, const char *value, size_t size,
			   const char **type_r, struct mime_param **params_r);

/* Content-Language "en, de-CH (comment)": tokens into an arena array. */
int mime_language_parse(struct arena *arena, const char *value, size_t size,
			const char ***langs_r, unsigned int *count_r);

/* Value of the parameter called name (case-insensitive), or NULL. */
const char *mime_param_get(const struct mime_param *params, const char *name);

/* Appends the UTF-8 text of an RFC 2231 extended value ("utf-8'en'a%20b").
   -1 on out's cap. */
int mime_param_decode(const char *value, struct buffer *out);

/* Copies a simple value (Content-ID, -MD5...) without surrounding blanks;
   NULL when the arena's budget is exhausted. */
char *mime_value_strdup(struct arena *arena, const char *value, size_t size);

#endif
