#include "config.h"

#include "lmtp-data.h"

/* Decoder states. */
enum {
	DATA_BOL,	 /* at the start of a line */
	DATA_BOL_DOT,	 /* a line started with '.' */
	DATA_BOL_DOT_CR, /* ".\r" at the start of a line */
	DATA_MID,	 /* inside a line */
	DATA_CR,	 /* a CR inside a line, not yet known to end it */
};

void
lmtp_data_init(struct lmtp_data *data, uint64_t max_size)
{
	data->state = DATA_BOL;
	data->done = false;
	data->size = 0;
	data->max_size = max_size;
	data->too_big = false;
}

static void
emit(struct lmtp_data *data, char c, char *out, size_t *n)
{
	data->size++;
	if (data->max_size != 0 && data->size > data->max_size)
		data->too_big = true;
	if (!data->too_big)
		out[(*n)++] = c;
}

size_t
lmtp_data_decode(struct lmtp_data *data, const char *input, size_t in_size,
		 char *out, size_t *out_len_r)
{
	size_t i, n = 0;

	for (i = 0; i < in_size && !data->done; i++) {
		char c = input[i];

		switch (data->state) {
		case DATA_BOL_DOT:
			if (c == '\r') {
				data->state = DATA_BOL_DOT_CR;
				continue;
			}
			if (c == '\n') {
				data->done = true; /* ".\n": lenient end */
				continue;
			}
			/* A stuffed dot: drop it, keep the rest. */
			data->state = DATA_MID;
			break;
		case DATA_BOL_DOT_CR:
			if (c == '\n') {
				data->done = true;
				continue;
			}
			emit(data, '\r', out, &n);
			data->state = DATA_MID;
			break;
		case DATA_BOL:
			if (c == '.') {
				data->state = DATA_BOL_DOT;
				continue;
			}
			data->state = DATA_MID;
			break;
		case DATA_CR:
			if (c == '\n')
				break; /* CR LF -> LF below */
			emit(data, '\r', out, &n); /* a bare CR stays */
			data->state = DATA_MID;
			break;
		default:
			break;
		}
		if (c == '\r') {
			data->state = DATA_CR;
			continue;
		}
		emit(data, c, out, &n);
		data->state = c == '\n' ? DATA_BOL : DATA_MID;
	}
	*out_len_r = n;
	return i;
}
