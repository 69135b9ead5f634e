/* Fuzz target: MIME structure, BODY/BODYSTRUCTURE/ENVELOPE output and
   section lookup. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../rfc822/imap-bodystructure.h"
#include "../../rfc822/imap-envelope.h"
#include "../../rfc822/imap-section.h"
#include "../../rfc822/mime-part.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const sections[] = {
    "",	   "HEADER",   "TEXT",	"1",	  "1.MIME",	"2",
    "2.1", "2.HEADER", "1.2.3", "3.TEXT", "1.1.1.MIME",
};

static void
check_part(const struct mime_part *part, size_t size)
{
	const struct mime_part *c;

	if (part->body_offset + part->body_size > size ||
	    part->hdr_offset + part->hdr_size > part->body_offset)
		abort();
	for (c = part->children; c != NULL; c = c->next)
		check_part(c, size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *arena = arena_new(16384, 64 * 1024 * 1024);
	struct mime_limits lim = mime_default_limits;
	const char *msg = (const char *)data, *error;
	struct mime_part *root;
	struct imap_envelope env;
	struct imap_section sec;
	struct buffer out;
	size_t i;

	lim.max_depth = 20;
	lim.max_parts = 200;
	buffer_init(&out, 16 * 1024 * 1024);
	if (mime_parse(arena, msg, size, &lim, &root, &error) == 0) {
		check_part(root, size);
		(void)imap_bodystructure_write(&out, arena, msg, root, true);
		(void)imap_bodystructure_write(&out, arena, msg, root, false);
		if (imap_envelope_parse(arena, msg, root->hdr_size, NULL,
					&env) == 0)
			(void)imap_envelope_write(&out, &env);
		for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
			if (imap_section_find(root, sections[i],
					      strlen(sections[i]), &sec,
					      &error) == 0 &&
			    sec.part != NULL && sec.offset + sec.size > size)
				abort();
		}
	}
	buffer_deinit(&out);
	arena_free(&arena);
	return 0;
}
