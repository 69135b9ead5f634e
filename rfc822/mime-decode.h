#ifndef ESTAFETTE_MIME_DECODE_H
#define ESTAFETTE_MIME_DECODE_H

/*
 * Streaming decoders for the MIME transfer encodings. Feed input in chunks
 * of any size (one byte at a time works); output is appended to a capped
 * struct buffer. Both are tolerant the way mail readers must be: bytes that
 * do not belong to the encoding are skipped (base64) or passed through
 * literally (quoted-printable), and counted in ->errors, never fatal.
 * The functions return -1 only when out's cap is reached; out may then
 * hold part of the chunk's output.
 */

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

struct base64_decoder {
	unsigned int bits;   /* pending bits, most significant first */
	unsigned int nbits;  /* 0..18 */
	bool padded;	     /* saw '=': ignore the rest of the quantum */
	unsigned int errors; /* skipped non-alphabet bytes (not blanks) */
};

void base64_decoder_init(struct base64_decoder *dec);
int base64_decode_more(struct base64_decoder *dec, const char *in, size_t size,
		       struct buffer *out);
/* Ends the stream; leftover bits that make no full byte are dropped and
   counted as an error. */
void base64_decode_finish(struct base64_decoder *dec);

#define QP_PENDING_MAX 64

struct qp_decoder {
	int state; /* private */
	char hex1;
	bool header;		      /* RFC 2047 "Q": '_' is a space */
	char pending[QP_PENDING_MAX]; /* blanks that may end a line */
	size_t pending_len;
	unsigned int errors;
};

/* header: true for RFC 2047 Q-encoding. */
void qp_decoder_init(struct qp_decoder *dec, bool header);
int qp_decode_more(struct qp_decoder *dec, const char *in, size_t size,
		   struct buffer *out);
/* Flushes what is pending at the end of the stream. */
int qp_decode_finish(struct qp_decoder *dec, struct buffer *out);

/* 0..15 for a hex digit (either case), -1 otherwise. */
int mime_hex_value(char c);

#endif
