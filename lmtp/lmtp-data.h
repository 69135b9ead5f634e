#ifndef ESTAFETTE_LMTP_DATA_H
#define ESTAFETTE_LMTP_DATA_H

/*
 * The DATA body of an SMTP/LMTP transaction as a byte stream: undoes dot
 * stuffing, turns CR LF into LF (mail is stored with LF line ends, as in
 * Courier's and Dovecot's maildirs), and finds the terminating
 * "<CRLF>.<CRLF>" wherever the network cut the stream. No line length
 * limit and no buffering beyond what the caller hands in: memory stays
 * bounded whatever the client sends.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lmtp_data {
	int state;
	bool done;
	uint64_t size;	   /* bytes of decoded message so far */
	uint64_t max_size; /* 0: no limit */
	bool too_big;	   /* size passed max_size: output was dropped */
};

/* Starts a new body. max_size (0 = none) caps the decoded size. */
void lmtp_data_init(struct lmtp_data *data, uint64_t max_size);

/*
 * Decodes input[0..in_size) into out (which must hold at least in_size + 1
 * bytes). Returns the number of input bytes consumed: all of them, or
 * fewer when the end of the body was reached (data->done; the rest are the
 * client's next pipelined commands). *out_len_r gets the decoded length.
 * Once too_big is set, decoded bytes are counted but not written to out.
 */
size_t lmtp_data_decode(struct lmtp_data *data, const char *input,
			size_t in_size, char *out, size_t *out_len_r);

#endif
