/*
 * rfc822/imap-dump: prints what imapd would answer to FETCH (ENVELOPE
 * BODY BODYSTRUCTURE) for message files, one line per file:
 *   ENVELOPE (...) BODY (...) BODYSTRUCTURE (...)
 * With -s SECTION it prints the bytes of BODY[SECTION] instead (CRLF line
 * ends); -f NAME (repeatable) gives the HEADER.FIELDS list.
 * A test aid (rfc822/test_dovecot_compare.py compares it with Dovecot).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "imap-bodystructure.h"
#include "imap-envelope.h"
#include "imap-section.h"
#include "mime-part.h"

#define DUMP_MAX_MESSAGE (64 * 1024 * 1024)

static int
read_file(const char *path, struct buffer *buf)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int ret = 0;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buffer_append(buf, chunk, n) < 0) {
			fprintf(stderr, "%s: too large\n", path);
			ret = -1;
			break;
		}
	}
	if (ferror(f))
		ret = -1;
	fclose(f);
	return ret;
}

static const char *section_spec;
static const char *field_names[64];
static unsigned int field_count;

static int
section_write(struct buffer *out, const char *data,
	      const struct mime_part *root, const char **error_r)
{
	struct imap_section s;

	if (imap_section_find(root, section_spec, strlen(section_spec), &s,
			      error_r) < 0)
		return -1;
	if (s.part == NULL)
		return 0;
	if (s.kind == IMAP_SECTION_HEADER_FIELDS ||
	    s.kind == IMAP_SECTION_HEADER_FIELDS_NOT)
		return imap_header_fields_write(
		    data + s.offset, s.size, field_names, field_count,
		    s.kind == IMAP_SECTION_HEADER_FIELDS_NOT, out);
	return rfc822_append_crlf(out, data + s.offset, s.size);
}

static int
dump(const char *path)
{
	struct buffer msg, out;
	struct arena *arena = arena_new(65536, 256 * 1024 * 1024);
	struct mime_part *root;
	struct imap_envelope env;
	const char *error;
	int ret = -1;

	buffer_init(&msg, DUMP_MAX_MESSAGE);
	buffer_init(&out, DUMP_MAX_MESSAGE);
	if (read_file(path, &msg) < 0)
		goto out;
	if (mime_parse(arena, buffer_data(&msg), buffer_len(&msg), NULL, &root,
		       &error) < 0) {
		fprintf(stderr, "%s: %s\n", path, error);
		goto out;
	}
	if (section_spec != NULL) {
		if (section_write(&out, buffer_data(&msg), root, &error) < 0) {
			fprintf(stderr, "%s: %s\n", path, error);
			goto out;
		}
		fwrite(buffer_data(&out), 1, buffer_len(&out), stdout);
		ret = 0;
		goto out;
	}
	if (buffer_append_str(&out, "ENVELOPE ") < 0 ||
	    imap_envelope_parse(arena, buffer_data(&msg), root->hdr_size, NULL,
				&env) < 0 ||
	    imap_envelope_write(&out, &env) < 0 ||
	    buffer_append_str(&out, " BODY ") < 0 ||
	    imap_bodystructure_write(&out, arena, buffer_data(&msg), root,
				     false) < 0 ||
	    buffer_append_str(&out, " BODYSTRUCTURE ") < 0 ||
	    imap_bodystructure_write(&out, arena, buffer_data(&msg), root,
				     true) < 0) {
		fprintf(stderr, "%s: output too large\n", path);
		goto out;
	}
	fwrite(buffer_data(&out), 1, buffer_len(&out), stdout);
	putchar('\n');
	ret = 0;
out:
	buffer_deinit(&msg);
	buffer_deinit(&out);
	arena_free(&arena);
	return ret;
}

int
main(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-s") == 0)
			section_spec = argv[i + 1];
		else if (strcmp(argv[i], "-f") == 0 && field_count < 64)
			field_names[field_count++] = argv[i + 1];
		else
			break;
	}
	for (; i < argc; i++) {
		if (dump(argv[i]) < 0)
			ret = 1;
	}
	return ret;
}
