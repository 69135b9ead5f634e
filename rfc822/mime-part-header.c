/* Content header fields of one MIME part; see mime_part_header_parse(). */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "mime-part.h"

enum content_field {
	CF_TYPE,
	CF_ENCODING,
	CF_ID,
	CF_DESCRIPTION,
	CF_MD5,
	CF_DISPOSITION,
	CF_LANGUAGE,
	CF_LOCATION,
	CF_COUNT
};

static const char *const content_field_names[CF_COUNT] = {
    "Content-Type",	"Content-Transfer-Encoding",
    "Content-ID",	"Content-Description",
    "Content-MD5",	"Content-Disposition",
    "Content-Language", "Content-Location",
};

static int
content_field_index(const struct rfc822_field *field)
{
	int i;

	if (field->name_len < 8 || strncasecmp(field->name, "Content-", 8) != 0)
		return -1;
	for (i = 0; i < CF_COUNT; i++) {
		if (rfc822_field_is(field, content_field_names[i]))
			return i;
	}
	return -1;
}

/* The encoding token, upper-cased; NULL if the value holds none. */
static const char *
encoding_parse(struct arena *arena, const char *v, size_t len, bool *fail_r)
{
	size_t start = 0, end;
	char *s;

	while (start < len && (v[start] == ' ' || v[start] == '\t'))
		start++;
	for (end = start; end < len && v[end] != ' ' && v[end] != '\t' &&
			  v[end] != '(' && v[end] != ';';
	     end++)
		;
	if (end == start)
		return NULL;
	s = arena_strndup(arena, v + start, end - start);
	if (s == NULL) {
		*fail_r = true;
		return NULL;
	}
	for (end = 0; s[end] != '\0'; end++) {
		if (s[end] >= 'a' && s[end] <= 'z')
			s[end] = (char)(s[end] - 'a' + 'A');
	}
	return s;
}

static int
content_field_parse(struct arena *arena, struct mime_part *part, int idx,
		    const char *v, size_t len)
{
	const char **dst = NULL;
	bool fail = false;

	switch ((enum content_field)idx) {
	case CF_TYPE:
		return mime_content_type_parse(arena, v, len, &part->type,
					       &part->subtype, &part->params);
	case CF_DISPOSITION:
		return mime_disposition_parse(arena, v, len, &part->disposition,
					      &part->disposition_params);
	case CF_LANGUAGE:
		return mime_language_parse(arena, v, len, &part->languages,
					   &part->language_count);
	case CF_ENCODING:
		part->encoding = encoding_parse(arena, v, len, &fail);
		return fail ? -1 : 0;
	case CF_ID:
		dst = &part->id;
		break;
	case CF_DESCRIPTION:
		dst = &part->description;
		break;
	case CF_MD5:
		dst = &part->md5;
		break;
	case CF_LOCATION:
		dst = &part->location;
		break;
	case CF_COUNT:
		return 0;
	}
	*dst = mime_value_strdup(arena, v, len);
	return *dst == NULL ? -1 : 0;
}

static void
part_set_defaults(struct mime_part *part, bool digest)
{
	if (part->type == NULL || part->subtype == NULL) {
		part->type = digest ? "MESSAGE" : "TEXT";
		part->subtype = digest ? "RFC822" : "PLAIN";
		if (!digest) {
			/* An invalid Content-Type means text/plain in
			   US-ASCII (RFC 2045 5.2): its parameters go. */
			part->params = NULL;
		}
	}
	if (part->encoding == NULL)
		part->encoding = "7BIT";
	if (strcmp(part->type, "TEXT") == 0)
		part->flags |= MIME_PART_TEXT;
}

int
mime_part_header_parse(struct arena *arena, struct mime_part *part,
		       const char *data, size_t size,
		       const struct rfc822_header_limits *limits, bool digest,
		       struct rfc822_header_info *info_r)
{
	struct rfc822_header_iter iter;
	struct rfc822_field field;
	struct buffer value;
	bool seen[CF_COUNT] = {false};
	int idx, ret = 0;

	buffer_init(&value, limits->max_field_size + 1);
	rfc822_header_iter_init(&iter, data, size, limits);
	while (ret == 0 && rfc822_header_iter_next(&iter, &field)) {
		idx = content_field_index(&field);
		if (idx < 0 || seen[idx])
			continue;
		seen[idx] = true;
		buffer_clear(&value);
		(void)rfc822_field_unfold(&field, &value);
		ret = content_field_parse(arena, part, idx, buffer_cstr(&value),
					  buffer_len(&value));
	}
	rfc822_header_iter_finish(&iter, info_r);
	buffer_deinit(&value);
	if (ret == 0)
		part_set_defaults(part, digest);
	return ret;
}
