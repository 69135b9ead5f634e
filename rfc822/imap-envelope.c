/* IMAP ENVELOPE; see imap-envelope.h. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "imap-envelope.h"
#include "imap-quote.h"

enum env_field {
	ENV_DATE,
	ENV_SUBJECT,
	ENV_FROM,
	ENV_SENDER,
	ENV_REPLY_TO,
	ENV_TO,
	ENV_CC,
	ENV_BCC,
	ENV_IN_REPLY_TO,
	ENV_MESSAGE_ID,
	ENV_COUNT
};

static const char *const env_names[ENV_COUNT] = {
    "Date", "Subject", "From", "Sender",      "Reply-To",
    "To",   "Cc",      "Bcc",  "In-Reply-To", "Message-ID",
};

char *
imap_envelope_unfold(struct arena *arena, const char *value, size_t size,
		     bool collapse)
{
	char *s, *d;
	size_t i;
	bool blank = false;

	/* A NUL byte becomes U+FFFD (3 bytes): the value stays a C string. */
	if (size > (SIZE_MAX - 1) / 3 ||
	    (s = arena_alloc(arena, size * 3 + 1)) == NULL)
		return NULL;
	d = s;
	for (i = 0; i < size; i++) {
		char c = value[i];

		if (c == '\n' ||
		    (c == '\r' && i + 1 < size && value[i + 1] == '\n'))
			continue;
		if (collapse && (c == ' ' || c == '\t' || c == '\r')) {
			blank = true;
			continue;
		}
		if (blank && d > s)
			*d++ = ' ';
		blank = false;
		if (c == '\0') {
			memcpy(d, "\xef\xbf\xbd", 3);
			d += 3;
			continue;
		}
		*d++ = c;
	}
	*d = '\0';
	if (!collapse) {
		/* Blanks after the colon are not content; Dovecot keeps
		   those at the end, and so do we. */
		for (d = s; *d == ' ' || *d == '\t'; d++)
			;
		memmove(s, d, strlen(d) + 1);
	}
	return s;
}

static int
env_field_index(const struct rfc822_field *field)
{
	int i;

	for (i = 0; i < ENV_COUNT; i++) {
		if (rfc822_field_is(field, env_names[i]))
			return i;
	}
	return -1;
}

static int
env_set(struct arena *arena, struct imap_envelope *env, int idx,
	const struct rfc822_field *f)
{
	struct rfc822_address **lists[ENV_COUNT] = {
	    [ENV_FROM] = &env->from,
	    [ENV_SENDER] = &env->sender,
	    [ENV_REPLY_TO] = &env->reply_to,
	    [ENV_TO] = &env->to,
	    [ENV_CC] = &env->cc,
	    [ENV_BCC] = &env->bcc,
	};
	const char **strs[ENV_COUNT] = {
	    [ENV_DATE] = &env->date,
	    [ENV_SUBJECT] = &env->subject,
	    [ENV_IN_REPLY_TO] = &env->in_reply_to,
	    [ENV_MESSAGE_ID] = &env->message_id,
	};

	struct rfc822_address *list, **tail;

	if (lists[idx] != NULL) {
		/* A repeated address field adds to the list (Dovecot). */
		if (rfc822_address_parse(arena, f->value, f->value_len, 0,
					 &list) < 0)
			return -1;
		for (tail = lists[idx]; *tail != NULL; tail = &(*tail)->next)
			;
		*tail = list;
		return 0;
	}
	/* A repeated text field replaces the earlier one (Dovecot). */
	*strs[idx] = imap_envelope_unfold(arena, f->value, f->value_len,
					  idx == ENV_SUBJECT);
	return *strs[idx] == NULL ? -1 : 0;
}

int
imap_envelope_parse(struct arena *arena, const char *hdr, size_t size,
		    const struct rfc822_header_limits *limits,
		    struct imap_envelope *env_r)
{
	struct rfc822_header_iter iter;
	struct rfc822_field field;
	int idx;

	memset(env_r, 0, sizeof(*env_r));
	rfc822_header_iter_init(&iter, hdr, size, limits);
	while (rfc822_header_iter_next(&iter, &field)) {
		idx = env_field_index(&field);
		if (idx < 0)
			continue;
		if (env_set(arena, env_r, idx, &field) < 0)
			return -1;
	}
	if (env_r->sender == NULL)
		env_r->sender = env_r->from;
	if (env_r->reply_to == NULL)
		env_r->reply_to = env_r->from;
	return 0;
}

int
imap_address_list_write(struct buffer *out, const struct rfc822_address *a)
{
	if (a == NULL)
		return buffer_append_str(out, "NIL");
	if (buffer_append_c(out, '(') < 0)
		return -1;
	for (; a != NULL; a = a->next) {
		if (buffer_append_c(out, '(') < 0 ||
		    imap_append_nstring(out, a->name) < 0 ||
		    buffer_append_c(out, ' ') < 0 ||
		    imap_append_nstring(out, a->route) < 0 ||
		    buffer_append_c(out, ' ') < 0 ||
		    imap_append_nstring(out, a->mailbox) < 0 ||
		    buffer_append_c(out, ' ') < 0 ||
		    imap_append_nstring(out, a->domain) < 0 ||
		    buffer_append_c(out, ')') < 0)
			return -1;
	}
	return buffer_append_c(out, ')');
}

int
imap_envelope_write(struct buffer *out, const struct imap_envelope *env)
{
	size_t start = buffer_len(out);

	if (buffer_append_c(out, '(') < 0 ||
	    imap_append_nstring(out, env->date) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_append_nstring(out, env->subject) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->from) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->sender) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->reply_to) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->to) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->cc) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_address_list_write(out, env->bcc) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_append_nstring(out, env->in_reply_to) < 0 ||
	    buffer_append_c(out, ' ') < 0 ||
	    imap_append_nstring(out, env->message_id) < 0 ||
	    buffer_append_c(out, ')') < 0) {
		buffer_truncate(out, start);
		return -1;
	}
	return 0;
}
