/* Streaming base64 and quoted-printable decoders; see mime-decode.h. */
#include "config.h"

#include <string.h>

#include "mime-decode.h"

enum qp_state {
	QP_TEXT = 0,
	QP_EQ,	    /* after '=' */
	QP_EQ_HEX,  /* after '=' and one hex digit */
	QP_EQ_CR,   /* after '=' CR */
	QP_EQ_BLANK /* after '=' and blanks: soft break with junk blanks */
};

static int
base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

void
base64_decoder_init(struct base64_decoder *dec)
{
	memset(dec, 0, sizeof(*dec));
}

int
base64_decode_more(struct base64_decoder *dec, const char *in, size_t size,
		   struct buffer *out)
{
	size_t i;

	for (i = 0; i < size; i++) {
		unsigned char c = (unsigned char)in[i];
		int v = base64_value(c);

		if (c == '=') {
			/* Padding ends the quantum; whatever bits are
			   left make no byte. */
			dec->padded = dec->nbits > 0;
			dec->bits = 0;
			dec->nbits = 0;
			continue;
		}
		if (v < 0) {
			if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
				dec->errors++;
			continue;
		}
		dec->padded = false;
		dec->bits = (dec->bits << 6) | (unsigned int)v;
		dec->nbits += 6;
		if (dec->nbits >= 8) {
			dec->nbits -= 8;
			if (buffer_append_c(
				out, (char)((dec->bits >> dec->nbits) & 0xff)) <
			    0)
				return -1;
			dec->bits &= (1U << dec->nbits) - 1;
		}
	}
	return 0;
}

void
base64_decode_finish(struct base64_decoder *dec)
{
	if (dec->nbits > 0)
		dec->errors++;
	dec->bits = 0;
	dec->nbits = 0;
}

int
mime_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

void
qp_decoder_init(struct qp_decoder *dec, bool header)
{
	memset(dec, 0, sizeof(*dec));
	dec->header = header;
}

static int
qp_flush_pending(struct qp_decoder *dec, struct buffer *out)
{
	if (dec->pending_len == 0)
		return 0;
	if (buffer_append(out, dec->pending, dec->pending_len) < 0)
		return -1;
	dec->pending_len = 0;
	return 0;
}

/* A text byte: blanks wait until we know whether the line ends. */
static int
qp_text(struct qp_decoder *dec, char c, struct buffer *out)
{
	if (c == ' ' || c == '\t') {
		if (dec->pending_len == QP_PENDING_MAX &&
		    qp_flush_pending(dec, out) < 0)
			return -1;
		dec->pending[dec->pending_len++] = c;
		return 0;
	}
	if (c == '\n' || c == '\r') {
		/* Blanks at the end of a line are transport padding. */
		dec->pending_len = 0;
		return buffer_append_c(out, c);
	}
	if (qp_flush_pending(dec, out) < 0)
		return -1;
	if (c == '_' && dec->header)
		c = ' ';
	return buffer_append_c(out, c);
}

static int
qp_byte(struct qp_decoder *dec, char c, struct buffer *out)
{
	int v;

	switch ((enum qp_state)dec->state) {
	case QP_TEXT:
		if (c == '=') {
			if (qp_flush_pending(dec, out) < 0)
				return -1;
			dec->state = QP_EQ;
			return 0;
		}
		return qp_text(dec, c, out);
	case QP_EQ:
		if (c == '\n') {
			dec->state = QP_TEXT;
			return 0;
		}
		if (c == '\r') {
			dec->state = QP_EQ_CR;
			return 0;
		}
		if (c == ' ' || c == '\t') {
			dec->state = QP_EQ_BLANK;
			dec->pending[dec->pending_len++] = c;
			return 0;
		}
		if (mime_hex_value(c) >= 0) {
			dec->hex1 = c;
			dec->state = QP_EQ_HEX;
			return 0;
		}
		dec->errors++;
		dec->state = QP_TEXT;
		if (buffer_append_c(out, '=') < 0)
			return -1;
		return qp_byte(dec, c, out);
	case QP_EQ_HEX:
		dec->state = QP_TEXT;
		v = mime_hex_value(c);
		if (v >= 0)
			return buffer_append_c(
			    out, (char)(mime_hex_value(dec->hex1) * 16 + v));
		dec->errors++;
		if (buffer_append_c(out, '=') < 0 ||
		    buffer_append_c(out, dec->hex1) < 0)
			return -1;
		return qp_byte(dec, c, out);
	case QP_EQ_CR:
		dec->state = QP_TEXT;
		if (c == '\n')
			return 0;
		dec->errors++;
		return qp_byte(dec, c, out);
	case QP_EQ_BLANK:
		if (c == '\r')
			return 0;
		if ((c == ' ' || c == '\t') &&
		    dec->pending_len < QP_PENDING_MAX) {
			dec->pending[dec->pending_len++] = c;
			return 0;
		}
		dec->state = QP_TEXT;
		if (c == '\n') {
			dec->pending_len = 0;
			return 0;
		}
		/* "= x": not a soft break after all; keep it literally. */
		dec->errors++;
		if (buffer_append_c(out, '=') < 0 ||
		    qp_flush_pending(dec, out) < 0)
			return -1;
		return qp_byte(dec, c, out);
	}
	return 0;
}

int
qp_decode_more(struct qp_decoder *dec, const char *in, size_t size,
	       struct buffer *out)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (qp_byte(dec, in[i], out) < 0)
			return -1;
	}
	return 0;
}

int
qp_decode_finish(struct qp_decoder *dec, struct buffer *out)
{
	int ret = 0;

	switch ((enum qp_state)dec->state) {
	case QP_EQ:
	case QP_EQ_BLANK:
		/* "=" at the very end: a soft break with nothing after. */
		break;
	case QP_EQ_HEX:
		dec->errors++;
		ret = buffer_append_c(out, '=') < 0 ||
			      buffer_append_c(out, dec->hex1) < 0
			  ? -1
			  : 0;
		break;
	case QP_TEXT:
	case QP_EQ_CR:
		break;
	}
	dec->state = QP_TEXT;
	/* Blanks at the end of the text are kept in headers (they are
	   significant in an encoded-word) but not in bodies. */
	if (dec->header && ret == 0)
		ret = qp_flush_pending(dec, out);
	dec->pending_len = 0;
	return ret;
}
