/* IMAP BODY / BODYSTRUCTURE writer; see imap-bodystructure.h. */
#include "config.h"

#include <string.h>

#include "imap-bodystructure.h"
#include "imap-envelope.h"
#include "imap-quote.h"

struct bs_writer {
	struct buffer *out;
	struct arena *arena;
	const char *data;
	bool extended;
	bool failed;
};

static void
w_str(struct bs_writer *w, const char *s)
{
	if (!w->failed && buffer_append_str(w->out, s) < 0)
		w->failed = true;
}

static void
w_nstring(struct bs_writer *w, const char *s)
{
	if (!w->failed && imap_append_nstring(w->out, s) < 0)
		w->failed = true;
}

static void
w_nstring_upper(struct bs_writer *w, const char *s)
{
	if (!w->failed && imap_append_nstring_upper(w->out, s) < 0)
		w->failed = true;
}

static void
w_uint(struct bs_writer *w, size_t n)
{
	if (!w->failed && buffer_printf(w->out, "%zu", n) < 0)
		w->failed = true;
}

/* "(NAME value ...)" or NIL; add_charset appends the default charset. */
static void
w_params(struct bs_writer *w, const struct mime_param *params, bool add_charset)
{
	const struct mime_param *p;
	bool first = true;

	if (params == NULL && !add_charset) {
		w_str(w, "NIL");
		return;
	}
	w_str(w, "(");
	for (p = params; p != NULL; p = p->next) {
		if (!first)
			w_str(w, " ");
		first = false;
		w_nstring_upper(w, p->name);
		w_str(w, " ");
		w_nstring(w, p->value);
	}
	if (add_charset)
		w_str(w, first ? "\"CHARSET\" \"US-ASCII\""
			       : " \"CHARSET\" \"US-ASCII\"");
	w_str(w, ")");
}

static void
w_extension(struct bs_writer *w, const struct mime_part *part)
{
	unsigned int i;

	w_str(w, " ");
	if (part->disposition == NULL) {
		w_str(w, "NIL");
	} else {
		w_str(w, "(");
		w_nstring_upper(w, part->disposition);
		w_str(w, " ");
		w_params(w, part->disposition_params, false);
		w_str(w, ")");
	}
	w_str(w, " ");
	if (part->language_count == 0) {
		w_str(w, "NIL");
	} else {
		w_str(w, "(");
		for (i = 0; i < part->language_count; i++) {
			if (i > 0)
				w_str(w, " ");
			w_nstring(w, part->languages[i]);
		}
		w_str(w, ")");
	}
	w_str(w, " ");
	w_nstring(w, part->location);
}

static void w_part(struct bs_writer *w, const struct mime_part *part);

static void
w_multipart(struct bs_writer *w, const struct mime_part *part)
{
	const struct mime_part *child;

	w_str(w, "(");
	for (child = part->children; child != NULL; child = child->next)
		w_part(w, child);
	w_str(w, " ");
	w_nstring_upper(w, part->subtype);
	if (w->extended) {
		w_str(w, " ");
		w_params(w, part->params, false);
		w_extension(w, part);
	}
	w_str(w, ")");
}

/* The envelope, body and line count of a message/rfc822 part. */
static void
w_message(struct bs_writer *w, const struct mime_part *part)
{
	static const char empty_env[] =
	    "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)";
	const struct mime_part *child = part->children;
	struct imap_envelope env;

	w_str(w, " ");
	if (child == NULL) {
		w_str(w, empty_env);
		w_str(w, " (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") "
			 "NIL NIL \"7BIT\" 0 0");
		w_str(w, w->extended ? " NIL NIL NIL NIL)" : ")");
	} else {
		if (imap_envelope_parse(w->arena, w->data + child->hdr_offset,
					child->hdr_size, NULL, &env) < 0 ||
		    imap_envelope_write(w->out, &env) < 0)
			w->failed = true;
		w_str(w, " ");
		w_part(w, child);
	}
	w_str(w, " ");
	w_uint(w, part->body_lines);
}

static void
w_part(struct bs_writer *w, const struct mime_part *part)
{
	bool text = (part->flags & MIME_PART_TEXT) != 0;

	if (w->failed)
		return;
	if ((part->flags & MIME_PART_MULTIPART) != 0) {
		w_multipart(w, part);
		return;
	}
	w_str(w, "(");
	w_nstring_upper(w, part->type);
	w_str(w, " ");
	w_nstring_upper(w, part->subtype);
	w_str(w, " ");
	w_params(w, part->params,
		 text && mime_param_get(part->params, "charset") == NULL);
	w_str(w, " ");
	w_nstring(w, part->id);
	w_str(w, " ");
	w_nstring(w, part->description);
	w_str(w, " ");
	w_nstring_upper(w, part->encoding);
	w_str(w, " ");
	w_uint(w, part->body_crlf_size);
	if (mime_part_is(part, "MESSAGE", "RFC822")) {
		w_message(w, part);
	} else if (text) {
		w_str(w, " ");
		w_uint(w, part->body_lines);
	}
	if (w->extended) {
		w_str(w, " ");
		w_nstring(w, part->md5);
		w_extension(w, part);
	}
	w_str(w, ")");
}

int
imap_bodystructure_write(struct buffer *out, struct arena *arena,
			 const char *data, const struct mime_part *part,
			 bool extended)
{
	struct bs_writer w = {out, arena, data, extended, false};
	size_t start = buffer_len(out);

	w_part(&w, part);
	if (w.failed) {
		buffer_truncate(out, start);
		return -1;
	}
	return 0;
}
