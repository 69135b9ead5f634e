/*
 * Builds the CAPABILITY list (imap-capability.h).
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "imap-capability.h"

/* Is token (len bytes) already one of the space-separated words? */
static bool
has_token(const char *list, const char *token, size_t len)
{
	const char *s = list, *end;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		end = s + strcspn(s, " ");
		if ((size_t)(end - s) == len && strncasecmp(s, token, len) == 0)
			return true;
		s = end;
	}
	return false;
}

/* Appends each word of words that out does not hold yet. */
static int
add_words(struct buffer *out, const char *words)
{
	const char *s = words, *end;
	size_t len;

	while (*s != '\0') {
		while (*s == ' ' || *s == '\t')
			s++;
		end = s + strcspn(s, " \t");
		len = (size_t)(end - s);
		if (len > 0 && !has_token(buffer_cstr(out), s, len)) {
			if (buffer_len(out) > 0 &&
			    buffer_append_c(out, ' ') < 0)
				return -1;
			if (buffer_append(out, s, len) < 0)
				return -1;
		}
		s = end;
	}
	return 0;
}

int
imap_capability_build(const struct imap_capability_settings *settings,
		      const struct imap_capability_state *state,
		      struct buffer *out)
{
	const char *base = settings->capability;
	size_t start = buffer_len(out);
	struct buffer list;
	int ret = -1;

	buffer_init(&list, buffer_avail(out));
	if (state->tls_active && settings->capability_tls != NULL &&
	    settings->capability_tls[0] != '\0')
		base = settings->capability_tls;
	if (base == NULL || base[0] == '\0')
		base = "IMAP4rev1";
	if (add_words(&list, base) < 0 ||
	    (settings->acl && add_words(&list, "ACL ACL2=UNION") < 0))
		goto out;
	if (!state->logged_in && state->starttls_possible &&
	    !state->tls_active) {
		if (add_words(&list, "STARTTLS") < 0 ||
		    (settings->tls_required &&
		     add_words(&list, "LOGINDISABLED") < 0))
			goto out;
	}
	if ((settings->builtin != NULL &&
	     add_words(&list, settings->builtin) < 0) ||
	    add_words(&list, "ENABLE UTF8=ACCEPT") < 0)
		goto out;
	ret = buffer_append(out, buffer_cstr(&list), buffer_len(&list));
out:
	if (ret < 0)
		buffer_truncate(out, start);
	buffer_deinit(&list);
	return ret;
}
