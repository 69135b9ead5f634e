/* RFC 2047 encoded-word decoding; see rfc2047.h. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "charset-utf8.h"
#include "mime-decode.h"
#include "rfc2047.h"

#define RFC2047_CHARSET_MAX 64
/* "charset*language" longer than this is no encoded word. */
#define RFC2047_NAME_SCAN_MAX 256

struct encoded_word {
	size_t end; /* offset just past "?=" */
	char charset[RFC2047_CHARSET_MAX + 1];
	char encoding; /* 'B' or 'Q' */
	const char *text;
	size_t text_len;
};

struct rfc2047_ctx {
	struct buffer *out;
	struct buffer pending; /* decoded bytes of joined words */
	char charset[RFC2047_CHARSET_MAX + 1];
};

/*
 * Parses an encoded word at in[pos] ("=?" already seen there).
 * *no_end_from remembers where a search for "?=" failed: no word starting
 * later can end either, which keeps hostile input linear.
 */
static bool
encoded_word_parse(const char *in, size_t size, size_t pos,
		   struct encoded_word *w, size_t *no_end_from)
{
	size_t p = pos + 2, cs_start = p, cs_len, lang;
	const char *end;

	while (p < size && p - cs_start <= RFC2047_NAME_SCAN_MAX &&
	       in[p] != '?' && in[p] != ' ' && in[p] != '\t')
		p++;
	if (p + 3 > size || in[p] != '?' || in[p + 2] != '?')
		return false;
	cs_len = p - cs_start;
	/* RFC 2231 language suffix: charset*lang */
	for (lang = 0; lang < cs_len && in[cs_start + lang] != '*'; lang++)
		;
	if (lang == 0 || lang > RFC2047_CHARSET_MAX)
		return false;
	memcpy(w->charset, in + cs_start, lang);
	w->charset[lang] = '\0';
	if (memchr(w->charset, '\0', lang) != NULL)
		return false;
	w->encoding = in[p + 1];
	if (w->encoding == 'b' || w->encoding == 'q')
		w->encoding = (char)(w->encoding - 'a' + 'A');
	if (w->encoding != 'B' && w->encoding != 'Q')
		return false;
	p += 3;
	w->text = in + p;
	if (p >= *no_end_from)
		return false;
	end = memmem(in + p, size - p, "?=", 2);
	if (end == NULL) {
		*no_end_from = p;
		return false;
	}
	w->text_len = (size_t)(end - w->text);
	w->end = (size_t)(end - in) + 2;
	return true;
}

static int
flush_pending(struct rfc2047_ctx *ctx)
{
	int ret;

	if (buffer_len(&ctx->pending) == 0)
		return 0;
	ret = charset_to_utf8(ctx->charset, buffer_data(&ctx->pending),
			      buffer_len(&ctx->pending), ctx->out, NULL);
	buffer_clear(&ctx->pending);
	return ret;
}

static int
word_decode(struct rfc2047_ctx *ctx, const struct encoded_word *w)
{
	struct base64_decoder b64;
	struct qp_decoder qp;

	if (strcasecmp(ctx->charset, w->charset) != 0) {
		if (flush_pending(ctx) < 0)
			return -1;
		memcpy(ctx->charset, w->charset, sizeof(ctx->charset));
	}
	if (w->encoding == 'B') {
		base64_decoder_init(&b64);
		if (base64_decode_more(&b64, w->text, w->text_len,
				       &ctx->pending) < 0)
			return -1;
		base64_decode_finish(&b64);
		return 0;
	}
	qp_decoder_init(&qp, true);
	if (qp_decode_more(&qp, w->text, w->text_len, &ctx->pending) < 0 ||
	    qp_decode_finish(&qp, &ctx->pending) < 0)
		return -1;
	return 0;
}

static bool
only_blanks(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return false;
	}
	return true;
}

static int
decode_run(struct rfc2047_ctx *ctx, const char *in, size_t size)
{
	struct encoded_word w;
	size_t pos = 0, text_start = 0, no_end_from = SIZE_MAX;
	const char *eq;
	bool prev_word = false;

	while (pos + 1 < size &&
	       (eq = memmem(in + pos, size - pos, "=?", 2)) != NULL) {
		pos = (size_t)(eq - in);
		if (!encoded_word_parse(in, size, pos, &w, &no_end_from)) {
			pos++;
			continue;
		}
		if (!prev_word ||
		    !only_blanks(in + text_start, pos - text_start)) {
			if (flush_pending(ctx) < 0 ||
			    utf8_append_valid(ctx->out, in + text_start,
					      pos - text_start) < 0)
				return -1;
		}
		if (word_decode(ctx, &w) < 0)
			return -1;
		pos = text_start = w.end;
		prev_word = true;
	}
	if (flush_pending(ctx) < 0 ||
	    utf8_append_valid(ctx->out, in + text_start, size - text_start) < 0)
		return -1;
	return 0;
}

int
rfc2047_decode(const char *in, size_t size, struct buffer *out)
{
	struct rfc2047_ctx ctx;
	size_t start = buffer_len(out);
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = out;
	/* Decoded text is never longer than the encoded text. */
	buffer_init(&ctx.pending, size + 1);
	ret = decode_run(&ctx, in, size);
	buffer_deinit(&ctx.pending);
	if (ret < 0)
		buffer_truncate(out, start);
	return ret;
}
