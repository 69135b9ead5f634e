#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alias-table.h"
#include "safe-io.h"
#include "xalloc.h"

struct alias_table *
alias_table_new(const char *me)
{
	struct alias_table *table = xcalloc(1, sizeof(*table));

	table->me = xstrdup(me);
	return table;
}

static void
entry_free(struct alias_entry *entry)
{
	size_t i;

	for (i = 0; i < entry->count; i++)
		free(entry->members[i]);
	free(entry->members);
	free(entry->name);
	free(entry->file);
}

void
alias_table_free(struct alias_table **_table)
{
	struct alias_table *table = *_table;
	size_t i;

	if (table == NULL)
		return;
	*_table = NULL;
	for (i = 0; i < table->count; i++)
		entry_free(&table->entries[i]);
	free(table->entries);
	free(table->me);
	free(table);
}

static int LOG_PRINTF(2, 3)
table_error(struct alias_table *table, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(table->error, sizeof(table->error), fmt, ap);
	va_end(ap);
	return -1;
}

static bool
addr_byte_ok(unsigned char c)
{
	/* Printable ASCII except blanks, quotes and the list/route syntax;
	   8-bit bytes are allowed for UTF-8 local parts. */
	if (c <= 0x20 || c == 0x7f)
		return false;
	return strchr("\"(),:;<>[]\\", c) == NULL;
}

char *
alias_canonical(const char *addr, size_t len, const char *me,
		const char **error_r)
{
	const char *at = NULL;
	char *out;
	size_t i, outlen;

	while (len > 0 && isspace((unsigned char)addr[0])) {
		addr++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)addr[len - 1]))
		len--;
	if (len >= 2 && addr[0] == '<' && addr[len - 1] == '>') {
		addr++;
		len -= 2;
	}
	if (len == 0) {
		*error_r = "empty address";
		return NULL;
	}
	if (len > 512) {
		*error_r = "address longer than 512 bytes";
		return NULL;
	}
	for (i = 0; i < len; i++) {
		if (addr[i] == '@') {
			if (at != NULL) {
				*error_r = "address with more than one '@'";
				return NULL;
			}
			at = addr + i;
		} else if (!addr_byte_ok((unsigned char)addr[i])) {
			*error_r = "invalid character in address";
			return NULL;
		}
	}
	if (at != NULL && (at + 1 == addr + len)) {
		*error_r = "empty domain in address";
		return NULL;
	}
	if (at == addr) {
		*error_r = "empty local part in address";
		return NULL;
	}
	outlen = at != NULL ? len : len + 1 + strlen(me);
	out = xmalloc(outlen + 1);
	for (i = 0; i < len; i++)
		out[i] = (char)tolower((unsigned char)addr[i]);
	if (at == NULL) {
		out[len] = '@';
		for (i = 0; me[i] != '\0'; i++)
			out[len + 1 + i] = (char)tolower((unsigned char)me[i]);
	}
	out[outlen] = '\0';
	return out;
}

static struct alias_entry *
table_add_entry(struct alias_table *table, char *name, const char *file,
		unsigned int line)
{
	struct alias_entry *entry;

	if (table->count == table->alloc) {
		table->alloc = table->alloc == 0 ? 64 : table->alloc * 2;
		table->entries = xreallocarray(table->entries, table->alloc,
					       sizeof(*table->entries));
	}
	entry = &table->entries[table->count++];
	memset(entry, 0, sizeof(*entry));
	entry->name = name;
	entry->file = xstrdup(file);
	entry->line = line;
	table->sorted = false;
	return entry;
}

static void
entry_add_member(struct alias_entry *entry, char *member)
{
	if (entry->count == entry->alloc) {
		entry->alloc = entry->alloc == 0 ? 4 : entry->alloc * 2;
		entry->members = xreallocarray(entry->members, entry->alloc,
					       sizeof(*entry->members));
	}
	entry->members[entry->count++] = member;
}

static void
trim(const char **p, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)(*p)[0])) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*p)[*len - 1]))
		(*len)--;
}

static bool
has_control(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)p[i] < 0x20 && p[i] != '\t')
			return true;
	}
	return false;
}

/* Adds the addresses of an :include: file (one per line or separated by
   commas, '#' comments) to entry. */
static int
add_include(struct alias_table *table, struct alias_entry *entry,
	    const char *path, const char *where)
{
	char *data = NULL;
	size_t size, pos = 0;
	int ret = -1;

	if (path[0] != '/')
		return table_error(table, "%s: :include: needs an absolute "
				   "path", where);
	if (read_file_follow(path, ALIAS_SOURCE_MAX, &data, &size) < 0)
		return table_error(table, "%s: :include:%s: %s", where, path,
				   strerror(errno));
	while (pos < size) {
		const char *line = data + pos, *nl = memchr(line, '\n',
							     size - pos);
		size_t len = nl != NULL ? (size_t)(nl - line) : size - pos;
		const char *p = line;

		pos += len + 1;
		if (memchr(line, '#', len) != NULL)
			len = (size_t)((const char *)memchr(line, '#', len) -
				       line);
		while (len > 0) {
			const char *comma = memchr(p, ',', len);
			size_t part = comma != NULL ? (size_t)(comma - p) : len;
			const char *q = p, *error;
			size_t qlen = part;
			char *addr;

			trim(&q, &qlen);
			if (qlen > 0) {
				addr = alias_canonical(q, qlen, table->me,
						       &error);
				if (addr == NULL) {
					table_error(table, "%s: :include:%s: "
						    "%s", where, path, error);
					goto out;
				}
				entry_add_member(entry, addr);
			}
			if (comma == NULL)
				break;
			len -= part + 1;
			p = comma + 1;
		}
	}
	ret = 0;
out:
	free(data);
	return ret;
}

/* One member as written in a source entry. */
static int
add_member(struct alias_table *table, struct alias_entry *entry,
	   const char *p, size_t len, const char *where)
{
	const char *error;
	char *member;

	trim(&p, &len);
	if (len == 0)
		return 0;
	if (has_control(p, len))
		return table_error(table, "%s: control character in member",
				   where);
	if (entry->name[0] == '@') {
		if (memchr(p, '@', len) != NULL || p[0] == '/' || p[0] == '|')
			return table_error(table, "%s: a virtual domain maps "
					   "to one local user", where);
	}
	if (len > 9 && strncmp(p, ":include:", 9) == 0) {
		char *path = xstrndup(p + 9, len - 9);
		int ret;

		ret = add_include(table, entry, path, where);
		free(path);
		return ret;
	}
	if (p[0] == '/' || p[0] == '|') {
		const char *q = p + 1;
		size_t qlen = len - 1;

		if (p[0] == '|')
			trim(&q, &qlen);
		if (qlen == 0)
			return table_error(table, "%s: empty %s target", where,
					   p[0] == '/' ? "file" : "program");
		entry_add_member(entry, p[0] == '/' ? xstrndup(p, len)
			: xasprintf("| %.*s", (int)qlen, q));
		return 0;
	}
	member = alias_canonical(p, len, table->me, &error);
	if (member == NULL)
		return table_error(table, "%s: %s", where, error);
	entry_add_member(entry, member);
	return 0;
}

static int
parse_entry(struct alias_table *table, const char *name, unsigned int line,
	    const char *text, size_t len)
{
	char where[512];
	const char *colon = memchr(text, ':', len), *p, *end;
	struct alias_entry *entry;
	char *key;
	const char *error;
	size_t klen;

	snprintf(where, sizeof(where), "%s:%u", name, line);
	if (colon == NULL)
		return table_error(table, "%s: missing ':' after alias name",
				   where);
	p = text;
	klen = (size_t)(colon - text);
	trim(&p, &klen);
	if (klen == 0)
		return table_error(table, "%s: empty alias name", where);
	if (p[0] == '@') {
		char *dom = alias_canonical(p + 1, klen - 1, "", &error);

		if (dom == NULL || strchr(dom, '@') != dom + strlen(dom) - 1) {
			free(dom);
			return table_error(table, "%s: bad virtual domain",
					   where);
		}
		dom[strlen(dom) - 1] = '\0'; /* drop the "@" we added */
		key = xasprintf("@%s", dom);
		free(dom);
	} else {
		key = alias_canonical(p, klen, table->me, &error);
		if (key == NULL)
			return table_error(table, "%s: alias name: %s", where,
					   error);
	}
	entry = table_add_entry(table, key, name, line);
	p = colon + 1;
	end = text + len;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma != NULL ? comma : end;

		/* A program target runs to the end of the entry: its command
		   line may contain commas. */
		const char *q = p;

		while (q < stop && isspace((unsigned char)*q))
			q++;
		if (q < stop && *q == '|')
			stop = end;
		if (add_member(table, entry, p, (size_t)(stop - p), where) < 0)
			return -1;
		p = stop + 1;
	}
	if (entry->count == 0) {
		/* "postmaster:" with nothing after it: a placeholder. */
		entry_free(entry);
		table->count--;
	}
	return 0;
}

int
alias_table_parse(struct alias_table *table, const char *name,
		  const char *data, size_t size, const char **error_r)
{
	size_t pos = 0, elen = 0;
	unsigned int lineno = 0, entry_line = 0;
	char *buf = xmalloc(ALIAS_LINE_MAX + 1);
	int ret = -1;

	*error_r = table->error;
	for (;;) {
		const char *line = data + pos;
		const char *nl = pos < size ? memchr(line, '\n', size - pos)
					    : NULL;
		size_t len = pos >= size ? 0 : nl != NULL
			? (size_t)(nl - line) : size - pos;
		bool eof = pos >= size;
		bool cont, blank;
		size_t i;

		lineno++;
		for (i = 0; i < len && isspace((unsigned char)line[i]); i++)
			;
		blank = i == len;
		cont = !eof && !blank && i > 0;
		if (!eof && !blank && line[i] == '#') {
			pos += len + 1;
			continue;
		}
		if (cont && elen > 0) {
			if (elen + 1 + len > ALIAS_LINE_MAX) {
				table_error(table, "%s:%u: entry longer than "
					    "%d bytes", name, entry_line,
					    ALIAS_LINE_MAX);
				goto out;
			}
			buf[elen++] = ' ';
			memcpy(buf + elen, line, len);
			elen += len;
			pos += len + 1;
			continue;
		}
		if (cont) {
			table_error(table, "%s:%u: continuation line without "
				    "an alias before it", name, lineno);
			goto out;
		}
		if (elen > 0 &&
		    parse_entry(table, name, entry_line, buf, elen) < 0)
			goto out;
		elen = 0;
		if (eof)
			break;
		if (!blank) {
			if (len > ALIAS_LINE_MAX) {
				table_error(table, "%s:%u: line longer than "
					    "%d bytes", name, lineno,
					    ALIAS_LINE_MAX);
				goto out;
			}
			memcpy(buf, line, len);
			elen = len;
			entry_line = lineno;
		}
		pos += len + 1;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

static int
read_one(struct alias_table *table, const char *path, const char **error_r)
{
	char *data;
	size_t size;
	int ret;

	*error_r = table->error;
	if (read_file_follow(path, ALIAS_SOURCE_MAX, &data, &size) < 0)
		return table_error(table, "%s: %s", path, strerror(errno));
	ret = alias_table_parse(table, path, data, size, error_r);
	free(data);
	return ret;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
alias_table_read(struct alias_table *table, const char *path,
		 const char **error_r)
{
	struct stat st;
	struct dirent *d;
	char **names = NULL;
	size_t count = 0, alloc = 0, i;
	DIR *dir;
	int ret = -1;

	*error_r = table->error;
	if (stat(path, &st) < 0)
		return table_error(table, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return read_one(table, path, error_r);
	dir = opendir(path);
	if (dir == NULL)
		return table_error(table, "%s: %s", path, strerror(errno));
	while ((d = readdir(dir)) != NULL) {
		size_t len = strlen(d->d_name);

		if (d->d_name[0] == '.' || d->d_name[len - 1] == '~')
			continue;
		if (count == alloc) {
			alloc = alloc == 0 ? 16 : alloc * 2;
			names = xreallocarray(names, alloc, sizeof(*names));
		}
		names[count++] = xasprintf("%s/%s", path, d->d_name);
	}
	closedir(dir);
	if (count > 1)
		qsort(names, count, sizeof(*names), name_cmp);
	for (i = 0; i < count; i++) {
		if (stat(names[i], &st) == 0 && !S_ISREG(st.st_mode))
			continue;
		if (read_one(table, names[i], error_r) < 0)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	return ret;
}

const struct alias_entry *
alias_table_find(const struct alias_table *table, const char *name)
{
	size_t lo = 0, hi = table->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, table->entries[mid].name);

		if (cmp == 0)
			return &table->entries[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

char *
alias_local_domain(void)
{
	char *data = NULL, host[256], *me;
	size_t size, i;

	if (read_file_follow(SYSCONFDIR "/me", 4096, &data, &size) == 0) {
		size = strcspn(data, "\r\n");
		data[size] = '\0';
	} else if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		data = xstrdup(host);
	} else {
		data = xstrdup("localhost");
	}
	me = data;
	for (i = 0; me[i] != '\0'; i++)
		me[i] = (char)tolower((unsigned char)me[i]);
	if (me[0] == '\0') {
		free(me);
		me = xstrdup("localhost");
	}
	return me;
}
