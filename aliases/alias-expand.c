#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias-table.h"
#include "xalloc.h"

/* Entry states during expansion. */
enum { ENTRY_NEW, ENTRY_EXPANDING, ENTRY_DONE };

static int
entry_cmp(const void *a, const void *b)
{
	const struct alias_entry *ea = a, *eb = b;
	int cmp = strcmp(ea->name, eb->name);

	/* Keep the source order of equal names: merged members follow the
	   order in which the administrator wrote them. */
	if (cmp != 0)
		return cmp;
	if (ea->file != eb->file) {
		cmp = strcmp(ea->file, eb->file);
		if (cmp != 0)
			return cmp;
	}
	return ea->line < eb->line ? -1 : ea->line > eb->line;
}

static void
merge_duplicates(struct alias_table *table)
{
	size_t in, out = 0;

	if (table->count == 0) {
		table->sorted = true;
		return;
	}
	qsort(table->entries, table->count, sizeof(*table->entries),
	      entry_cmp);
	for (in = 0; in < table->count; in++) {
		struct alias_entry *cur = &table->entries[in];
		struct alias_entry *last = out > 0 ? &table->entries[out - 1]
						   : NULL;
		size_t i;

		if (last != NULL && strcmp(last->name, cur->name) == 0) {
			for (i = 0; i < cur->count; i++) {
				if (last->count == last->alloc) {
					last->alloc *= 2;
					last->members = xreallocarray(
						last->members, last->alloc,
						sizeof(*last->members));
				}
				last->members[last->count++] = cur->members[i];
			}
			free(cur->members);
			free(cur->name);
			free(cur->file);
			continue;
		}
		if (out != in)
			table->entries[out] = *cur;
		out++;
	}
	table->count = out;
	table->sorted = true;
}

struct member_ref {
	const char *str;
	size_t pos;
};

static int
ref_cmp(const void *a, const void *b)
{
	const struct member_ref *ra = a, *rb = b;
	int cmp = strcmp(ra->str, rb->str);

	if (cmp != 0)
		return cmp;
	return ra->pos < rb->pos ? -1 : ra->pos > rb->pos;
}

/* Removes repeated members, keeping the first of each. */
static void
dedup_members(struct alias_entry *entry)
{
	struct member_ref *refs;
	bool *drop;
	size_t i, out = 0;

	if (entry->count < 2)
		return;
	refs = xreallocarray(NULL, entry->count, sizeof(*refs));
	drop = xcalloc(entry->count, sizeof(*drop));
	for (i = 0; i < entry->count; i++) {
		refs[i].str = entry->members[i];
		refs[i].pos = i;
	}
	qsort(refs, entry->count, sizeof(*refs), ref_cmp);
	for (i = 1; i < entry->count; i++) {
		if (strcmp(refs[i].str, refs[i - 1].str) == 0)
			drop[refs[i].pos] = true;
	}
	for (i = 0; i < entry->count; i++) {
		if (drop[i])
			free(entry->members[i]);
		else
			entry->members[out++] = entry->members[i];
	}
	entry->count = out;
	free(refs);
	free(drop);
}

static int expand_entry(struct alias_table *table, struct alias_entry *entry,
			const char **chain, unsigned int depth);

/* Appends src's (already expanded) members to the list being built. */
static int
append_members(struct alias_table *table, char ***list, size_t *count,
	       size_t *alloc, const struct alias_entry *src,
	       const struct alias_entry *owner)
{
	size_t i;

	if (*count + src->count > ALIAS_MEMBERS_MAX) {
		snprintf(table->error, sizeof(table->error),
			 "%s:%u: %s expands to more than %d members",
			 owner->file, owner->line, owner->name,
			 ALIAS_MEMBERS_MAX);
		return -1;
	}
	for (i = 0; i < src->count; i++) {
		if (*count == *alloc) {
			*alloc = *alloc == 0 ? 8 : *alloc * 2;
			*list = xreallocarray(*list, *alloc, sizeof(**list));
		}
		(*list)[(*count)++] = xstrdup(src->members[i]);
	}
	return 0;
}

static void
loop_error(struct alias_table *table, const struct alias_entry *entry,
	   const char **chain, unsigned int depth, const char *again)
{
	size_t len;
	unsigned int i;

	len = (size_t)snprintf(table->error, sizeof(table->error),
			       "%s:%u: alias loop: ", entry->file,
			       entry->line);
	for (i = 0; i < depth && len < sizeof(table->error); i++)
		len += (size_t)snprintf(table->error + len,
					sizeof(table->error) - len, "%s -> ",
					chain[i]);
	if (len < sizeof(table->error))
		snprintf(table->error + len, sizeof(table->error) - len, "%s",
			 again);
}

static int
expand_entry(struct alias_table *table, struct alias_entry *entry,
	     const char **chain, unsigned int depth)
{
	char **list = NULL;
	size_t count = 0, alloc = 0, i;

	if (entry->state == ENTRY_DONE)
		return 0;
	if (depth >= ALIAS_DEPTH_MAX) {
		snprintf(table->error, sizeof(table->error),
			 "%s:%u: aliases nested deeper than %d", entry->file,
			 entry->line, ALIAS_DEPTH_MAX);
		return -1;
	}
	entry->state = ENTRY_EXPANDING;
	chain[depth] = entry->name;
	for (i = 0; i < entry->count; i++) {
		struct alias_entry *sub = (struct alias_entry *)
			alias_table_find(table, entry->members[i]);

		if (sub == NULL || sub == entry || sub->name[0] == '@') {
			struct alias_entry one = { .members =
				&entry->members[i], .count = 1 };

			if (append_members(table, &list, &count, &alloc, &one,
					   entry) < 0)
				goto fail;
			continue;
		}
		if (sub->state == ENTRY_EXPANDING) {
			loop_error(table, sub, chain, depth + 1, sub->name);
			goto fail;
		}
		if (expand_entry(table, sub, chain, depth + 1) < 0 ||
		    append_members(table, &list, &count, &alloc, sub,
				   entry) < 0)
			goto fail;
	}
	for (i = 0; i < entry->count; i++)
		free(entry->members[i]);
	free(entry->members);
	entry->members = list;
	entry->count = count;
	entry->alloc = alloc;
	dedup_members(entry);
	entry->state = ENTRY_DONE;
	return 0;
fail:
	for (i = 0; i < count; i++)
		free(list[i]);
	free(list);
	return -1;
}

int
alias_table_expand(struct alias_table *table, const char **error_r)
{
	const char *chain[ALIAS_DEPTH_MAX + 1];
	size_t i;

	*error_r = table->error;
	merge_duplicates(table);
	for (i = 0; i < table->count; i++)
		table->entries[i].state = ENTRY_NEW;
	for (i = 0; i < table->count; i++) {
		if (table->entries[i].name[0] == '@') {
			table->entries[i].state = ENTRY_DONE;
			continue;
		}
		if (expand_entry(table, &table->entries[i], chain, 0) < 0)
			return -1;
	}
	return 0;
}
