/* Decoded message text for SEARCH; see mime-text.h. */
#include "config.h"

#include <string.h>

#include "charset-utf8.h"
#include "mime-decode.h"
#include "mime-text.h"
#include "rfc2047.h"

int
mime_text_header(const char *hdr, size_t size, const char *name,
		 struct buffer *out)
{
	struct rfc822_header_iter iter;
	struct rfc822_field field;
	struct buffer value;
	int ret = 0;

	buffer_init(&value, RFC822_HEADER_DEFAULT_MAX_FIELD);
	rfc822_header_iter_init(&iter, hdr, size, NULL);
	while (ret == 0 && rfc822_header_iter_next(&iter, &field)) {
		if (name != NULL && !rfc822_field_is(&field, name))
			continue;
		buffer_clear(&value);
		(void)rfc822_field_unfold(&field, &value);
		if (name == NULL &&
		    (utf8_append_valid(out, field.name, field.name_len) < 0 ||
		     buffer_append(out, ": ", 2) < 0))
			ret = -1;
		if (ret == 0 && (rfc2047_decode(buffer_cstr(&value),
						buffer_len(&value), out) < 0 ||
				 buffer_append_c(out, '\n') < 0))
			ret = -1;
	}
	buffer_deinit(&value);
	return ret;
}

/* Removes the transfer encoding of data/size into out. */
static int
decode_transfer(const char *encoding, const char *data, size_t size,
		struct buffer *out)
{
	struct base64_decoder b64;
	struct qp_decoder qp;

	if (strcmp(encoding, "BASE64") == 0) {
		base64_decoder_init(&b64);
		if (base64_decode_more(&b64, data, size, out) < 0)
			return -1;
		base64_decode_finish(&b64);
		return 0;
	}
	if (strcmp(encoding, "QUOTED-PRINTABLE") == 0) {
		qp_decoder_init(&qp, false);
		if (qp_decode_more(&qp, data, size, out) < 0 ||
		    qp_decode_finish(&qp, out) < 0)
			return -1;
		return 0;
	}
	return buffer_append(out, data, size);
}

int
mime_text_part_body(const char *data, const struct mime_part *part,
		    bool text_only, struct buffer *out)
{
	struct buffer raw;
	const char *charset = mime_param_get(part->params, "charset");
	bool text = (part->flags & MIME_PART_TEXT) != 0;
	int ret;

	if (!text && text_only)
		return 0;
	/* Decoding never makes the content longer. */
	buffer_init(&raw, part->body_size + 1);
	ret = decode_transfer(part->encoding, data + part->body_offset,
			      part->body_size, &raw);
	if (ret == 0) {
		if (text && charset != NULL)
			ret = charset_to_utf8(charset, buffer_data(&raw),
					      buffer_len(&raw), out, NULL);
		else
			ret = utf8_append_valid(out, buffer_data(&raw),
						buffer_len(&raw));
	}
	buffer_deinit(&raw);
	return ret;
}

int
mime_text_body(const char *data, const struct mime_part *part,
	       struct buffer *out)
{
	const struct mime_part *c;

	if ((part->flags & MIME_PART_MULTIPART) != 0) {
		for (c = part->children; c != NULL; c = c->next) {
			if (mime_text_body(data, c, out) < 0)
				return -1;
		}
		return 0;
	}
	if ((part->flags & MIME_PART_MESSAGE) != 0) {
		c = part->children;
		if (mime_text_header(data + c->hdr_offset, c->hdr_size, NULL,
				     out) < 0)
			return -1;
		return mime_text_body(data, c, out);
	}
	if ((part->flags & MIME_PART_TEXT) == 0)
		return 0;
	if (mime_text_part_body(data, part, true, out) < 0 ||
	    buffer_append_c(out, '\n') < 0)
		return -1;
	return 0;
}
