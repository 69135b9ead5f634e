#ifndef ESTAFETTE_SETTINGS_H
#define ESTAFETTE_SETTINGS_H

/*
 * Courier's configuration files, read once at start into one settings set.
 *
 * Two formats:
 *  - shell style (imapd, imapd-ssl, pop3d, pop3d-ssl, authdaemonrc, lmtpd):
 *    `KEY=value` per line; value may be "double" or 'single' quoted; inside
 *    double quotes and bare values `$NAME` and `${NAME}` expand to a key set
 *    earlier (in this file or an earlier file of the same set; unknown names
 *    expand to ""); `#` starts a comment outside quotes; blank lines are
 *    skipped; `##NAME: KEY:n` section markers and `##VERSION:` are comments.
 *    An optional leading `export ` is accepted. No `\` continuation.
 *  - field style (authldaprc, authpgsqlrc, authsqliterc):
 *    `FIELD<spaces or tabs>value`, `#` comment lines, a line ending in `\`
 *    continues on the next line. The value is the rest of the line with
 *    trailing white space removed; no quoting or expansion.
 *
 * Several files can be read in order into one set; a later assignment of a
 * key replaces the earlier one. A malformed line fails the read with an
 * error "FILE:LINE: reason" (assignments from lines before it stay set).
 *
 * Shell style in detail (what `sh` does when it sources the file, or an
 * error where sh would do something we do not support):
 *  - a line holds zero or more blank-separated KEY=value assignments,
 *    optionally after `export`; `export KEY` alone is accepted and ignored;
 *  - `#` starts a comment at the start of a word (after a blank or at the
 *    start of the line); inside a word (`a#b`) it is an ordinary byte;
 *  - a value is one word made of bare, "double" and 'single' quoted parts
 *    (`A="x"'y'z` is "xyz"); unquoted `\c` gives c; inside double quotes
 *    `\` escapes only $ ` " and \;
 *  - errors: text that is not an assignment (`KEY=a b` runs command b in
 *    sh: quote values with blanks), `\` at the end of a line, quotes not
 *    closed on the same line, `command` and $(command) substitution,
 *    ${NAME<op>...} forms, $1 $? $$ and other special parameters, unquoted
 *    ; & | < > ( ), a leading unquoted ~, NUL bytes, and CR bytes
 *    outside comment lines (DOS line ends would end up in values);
 *  - `$` before anything but a name, `{` or one of the above is literal.
 * Field style in detail (as courier-authlib reads it): the value starts at
 * the first non-blank after FIELD; a FIELD without value is set to "";
 * continuation lines (even ones starting with `#`) have leading and
 * trailing blanks removed and are joined to the value with one space;
 * a trailing CR is white space; a continuation at end of file is an error.
 *
 * Files must be regular files (symlinks are followed) and are read whole.
 * Limits: a file larger than SETTINGS_FILE_MAX, a physical line longer than
 * SETTINGS_LINE_MAX, a value (after expansion or joining) longer than
 * SETTINGS_VALUE_MAX, more than SETTINGS_KEYS_MAX keys or more than
 * SETTINGS_TOTAL_MAX bytes of keys and values in one set are errors.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SETTINGS_FILE_MAX (1024 * 1024)
#define SETTINGS_LINE_MAX (64 * 1024)
#define SETTINGS_VALUE_MAX (64 * 1024)
#define SETTINGS_KEYS_MAX 4096
#define SETTINGS_TOTAL_MAX (4 * 1024 * 1024)

struct settings;

/* Returns a new, empty set. Never NULL (aborts on out-of-memory). */
struct settings *settings_new(void);
/* Frees *set and everything borrowed from it; sets *set to NULL. */
void settings_free(struct settings **set);

/*
 * Reads a shell-style file into set. Returns 0, or -1 with *error_r set to
 * a message valid until the next settings_* call on set. A missing file is
 * an error unless missing_ok is true (then 0 is returned, nothing read).
 */
int settings_read_shell(struct settings *set, const char *path,
			bool missing_ok, const char **error_r);
/* Reads a field-style file (authldaprc and friends) into set. */
int settings_read_fields(struct settings *set, const char *path,
			 bool missing_ok, const char **error_r);
/* Same parsers over a buffer; name is used in error messages. */
int settings_parse_shell(struct settings *set, const char *name,
			 const char *data, size_t size, const char **error_r);
int settings_parse_fields(struct settings *set, const char *name,
			  const char *data, size_t size, const char **error_r);

/* Sets key to value (copied), as if read from a file. */
void settings_set(struct settings *set, const char *key, const char *value);

/* Returns the value of key (borrowed, valid until set is freed or key is
   set again), or NULL when the key was never set. */
const char *settings_get(const struct settings *set, const char *key);
/* The file key was last read from, as named to settings_read_* or
   settings_parse_* (borrowed, valid until set is freed), for error
   messages; NULL when the key is unset or came from settings_set(). */
const char *settings_get_origin(const struct settings *set, const char *key);
/* Like settings_get but returns def when the key is unset. */
const char *settings_get_str(const struct settings *set, const char *key,
			     const char *def);
/*
 * Numeric and boolean accessors: an unset or empty key gives def. A value
 * that does not parse is an error (-1, *error_r names key and value).
 * Booleans accept 1/0, yes/no, true/false, on/off in any case.
 */
int settings_get_uint(const struct settings *set, const char *key,
		      uint64_t def, uint64_t *value_r, const char **error_r);
int settings_get_bool(const struct settings *set, const char *key, bool def,
		      bool *value_r, const char **error_r);

/* Calls fn for every key in the order keys were first set. */
void settings_foreach(const struct settings *set,
		      void (*fn)(const char *key, const char *value,
				 void *context),
		      void *context);

/*
 * Logs (log_warn) each key of set that is not in the NULL-terminated list
 * known, once per key: "FILE: unsupported setting KEY ignored". Keys whose
 * name starts with one of the NULL-terminated prefixes (may be NULL) are
 * also accepted.
 */
void settings_warn_unknown(const struct settings *set,
			   const char *const *known,
			   const char *const *known_prefixes);

#endif
