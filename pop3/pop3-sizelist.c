#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "pop3-sizelist.h"
#include "safe-io.h"
#include "strnum.h"
#include "xalloc.h"

static char sizelist_error[256];

void
pop3_sizelist_clear(struct pop3_sizelist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->entries[i].name);
	free(list->entries);
	memset(list, 0, sizeof(*list));
}

/* "<n> <m>" at the start of a header line. */
static int
sizelist_parse_header(const char *line, size_t len, struct pop3_sizelist *list)
{
	const char *sp;

	if (len < 3 || line[0] != '/' || line[1] != '3' || line[2] != ' ')
		return -1;
	line += 3;
	len -= 3;
	sp = memchr(line, ' ', len);
	if (sp == NULL ||
	    str_to_uint32_n(line, (size_t)(sp - line), &list->next_uid) < 0 ||
	    str_to_uint32_n(sp + 1, len - (size_t)(sp + 1 - line),
			    &list->uidv) < 0)
		return -1;
	return 0;
}

/* "<name> <size> <uid>:<uidv>:<utf8>" */
static int
sizelist_parse_entry(const char *line, size_t len,
		     struct pop3_sizelist_entry *e)
{
	const char *sp1, *sp2, *c1, *c2, *end = line + len, *colon;

	sp1 = memchr(line, ' ', len);
	if (sp1 == NULL || sp1 == line)
		return -1;
	sp2 = memchr(sp1 + 1, ' ', (size_t)(end - sp1 - 1));
	if (sp2 == NULL)
		return -1;
	c1 = memchr(sp2 + 1, ':', (size_t)(end - sp2 - 1));
	if (c1 == NULL)
		return -1;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (c2 == NULL || end - c2 != 2 || (c2[1] != '0' && c2[1] != '1'))
		return -1;
	if (str_to_uint64_n(sp1 + 1, (size_t)(sp2 - sp1 - 1), &e->size) < 0 ||
	    str_to_uint32_n(sp2 + 1, (size_t)(c1 - sp2 - 1), &e->uid) < 0 ||
	    str_to_uint32_n(c1 + 1, (size_t)(c2 - c1 - 1), &e->uidv) < 0 ||
	    memchr(line, '/', (size_t)(sp1 - line)) != NULL ||
	    memchr(line, '\0', (size_t)(sp1 - line)) != NULL)
		return -1;
	e->utf8 = c2[1] == '1';
	colon = memchr(line, ':', (size_t)(sp1 - line));
	e->base_len = colon != NULL ? (size_t)(colon - line)
				    : (size_t)(sp1 - line);
	e->name = xstrndup(line, (size_t)(sp1 - line));
	return 0;
}

static int
sizelist_compare(const void *a, const void *b)
{
	const struct pop3_sizelist_entry *x = a, *y = b;
	size_t n = x->base_len < y->base_len ? x->base_len : y->base_len;
	int c = memcmp(x->name, y->name, n);

	if (c != 0)
		return c;
	return x->base_len < y->base_len ? -1 : x->base_len > y->base_len;
}

int
pop3_sizelist_parse(const char *data, size_t size, struct pop3_sizelist *list,
		    const char **error_r)
{
	const char *p = data, *end = data + size, *nl;
	size_t cap = 0, i;
	bool header = true;

	memset(list, 0, sizeof(*list));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			goto fail; /* last line unterminated: cut short */
		if (header) {
			if (sizelist_parse_header(p, (size_t)(nl - p),
						  list) < 0)
				goto fail;
			header = false;
		} else {
			if (list->count == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				list->entries = xreallocarray(
					list->entries, cap,
					sizeof(*list->entries));
			}
			if (sizelist_parse_entry(p, (size_t)(nl - p),
						 &list->entries[list->count]) <
			    0)
				goto fail;
			list->count++;
		}
		p = nl + 1;
	}
	if (header)
		goto fail;
	if (list->count > 1)
		qsort(list->entries, list->count, sizeof(*list->entries),
		      sizelist_compare);
	for (i = 1; i < list->count; i++) {
		if (sizelist_compare(&list->entries[i - 1],
				     &list->entries[i]) == 0)
			goto fail;
	}
	return 0;
fail:
	*error_r = "malformed " POP3_SIZELIST_FILE;
	pop3_sizelist_clear(list);
	return -1;
}

int
pop3_sizelist_read(const char *maildir, struct pop3_sizelist *list,
		   const char **error_r)
{
	char path[4096], *data = NULL;
	const char *perr;
	size_t size;

	memset(list, 0, sizeof(*list));
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", maildir,
			     POP3_SIZELIST_FILE) >= sizeof(path)) {
		*error_r = "maildir path too long";
		return -1;
	}
	if (read_file(path, POP3_SIZELIST_MAX_SIZE, &data, &size) < 0) {
		if (errno == ENOENT || errno == EFBIG)
			return 0;
		snprintf(sizelist_error, sizeof(sizelist_error), "%.200s: %s",
			 path, strerror(errno));
		*error_r = sizelist_error;
		return -1;
	}
	(void)pop3_sizelist_parse(data, size, list, &perr);
	free(data);
	return 0;
}

const struct pop3_sizelist_entry *
pop3_sizelist_find(const struct pop3_sizelist *list, const char *name,
		   size_t base_len)
{
	struct pop3_sizelist_entry key;

	if (list->count == 0)
		return NULL;
	key.name = (char *)name;
	key.base_len = base_len;
	return bsearch(&key, list->entries, list->count,
		       sizeof(*list->entries), sizelist_compare);
}

int
pop3_sizelist_write(const char *maildir, const struct pop3_sizelist *list,
		    const char **error_r)
{
	struct buffer buf;
	char path[4096];
	size_t i;
	int ret = -1;

	buffer_init(&buf, POP3_SIZELIST_MAX_SIZE);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", maildir,
			     POP3_SIZELIST_FILE) >= sizeof(path)) {
		*error_r = "maildir path too long";
		goto out;
	}
	if (buffer_printf(&buf, "/3 %u %u\n", (unsigned)list->next_uid,
			  (unsigned)list->uidv) < 0)
		goto too_big;
	for (i = 0; i < list->count; i++) {
		const struct pop3_sizelist_entry *e = &list->entries[i];

		if (buffer_printf(&buf, "%s %llu %u:%u:%d\n", e->name,
				  (unsigned long long)e->size, (unsigned)e->uid,
				  (unsigned)e->uidv, e->utf8 ? 1 : 0) < 0)
			goto too_big;
	}
	if (safe_write_file(path, buffer_data(&buf), buffer_len(&buf), 0600) <
	    0) {
		snprintf(sizelist_error, sizeof(sizelist_error), "%.200s: %s",
			 path, strerror(errno));
		*error_r = sizelist_error;
		goto out;
	}
	ret = 0;
	goto out;
too_big:
	*error_r = POP3_SIZELIST_FILE " would be too large";
out:
	buffer_deinit(&buf);
	return ret;
}
