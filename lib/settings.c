#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "safe-io.h"
#include "settings-private.h"
#include "strnum.h"
#include "xalloc.h"

struct setting {
	char *key;
	char *value;
	const char *file; /* interned; NULL when set by settings_set() */
};

struct settings {
	struct setting *items; /* in the order keys were first set */
	size_t count, alloc;
	/* Open addressing: slot holds index + 1 into items, 0 = empty. */
	size_t *slots;
	size_t slot_count; /* power of two, always > 2 * count */
	char **files;
	size_t file_count;
	size_t total_bytes; /* keys and values, for SETTINGS_TOTAL_MAX */
	char *error;
};

struct settings *
settings_new(void)
{
	struct settings *set = xcalloc(1, sizeof(*set));

	set->slot_count = 64;
	set->slots = xcalloc(set->slot_count, sizeof(*set->slots));
	return set;
}

void
settings_free(struct settings **_set)
{
	struct settings *set = *_set;
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->count; i++) {
		free(set->items[i].key);
		free(set->items[i].value);
	}
	for (i = 0; i < set->file_count; i++)
		free(set->files[i]);
	free(set->files);
	free(set->items);
	free(set->slots);
	free(set->error);
	free(set);
	*_set = NULL;
}

const char *
settings_set_error(struct settings *set, const char *fmt, ...)
{
	va_list ap;

	free(set->error);
	va_start(ap, fmt);
	set->error = xvasprintf(fmt, ap);
	va_end(ap);
	return set->error;
}

const char *
settings_intern(struct settings *set, const char *name)
{
	size_t i;

	for (i = 0; i < set->file_count; i++) {
		if (strcmp(set->files[i], name) == 0)
			return set->files[i];
	}
	set->files = xreallocarray(set->files, set->file_count + 1,
				   sizeof(*set->files));
	set->files[set->file_count] = xstrdup(name);
	return set->files[set->file_count++];
}

static size_t
settings_hash(const char *key, size_t len)
{
	size_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	return h;
}

/* Returns the slot that holds key, or the empty slot where it belongs. */
static size_t
settings_find_slot(const struct settings *set, const char *key, size_t len)
{
	size_t mask = set->slot_count - 1;
	size_t slot = settings_hash(key, len) & mask;

	while (set->slots[slot] != 0) {
		const char *k = set->items[set->slots[slot] - 1].key;

		if (strncmp(k, key, len) == 0 && k[len] == '\0')
			break;
		slot = (slot + 1) & mask;
	}
	return slot;
}

static void
settings_grow_slots(struct settings *set)
{
	size_t i;

	free(set->slots);
	set->slot_count *= 2;
	set->slots = xcalloc(set->slot_count, sizeof(*set->slots));
	for (i = 0; i < set->count; i++) {
		const char *k = set->items[i].key;

		set->slots[settings_find_slot(set, k, strlen(k))] = i + 1;
	}
}

const char *
settings_lookup(const struct settings *set, const char *key, size_t key_len)
{
	size_t slot = settings_find_slot(set, key, key_len);

	if (set->slots[slot] == 0)
		return NULL;
	return set->items[set->slots[slot] - 1].value;
}

/* Stores the value; checks the limits only when reason_r is not NULL. */
static int
settings_store(struct settings *set, const char *key, size_t key_len,
	       const char *value, size_t value_len, const char *file,
	       const char **reason_r)
{
	size_t slot = settings_find_slot(set, key, key_len);
	struct setting *item;
	size_t old_len = 0;

	if (set->slots[slot] != 0)
		old_len = strlen(set->items[set->slots[slot] - 1].value);
	if (reason_r != NULL) {
		if (value_len > SETTINGS_VALUE_MAX) {
			*reason_r = "value too long";
			return -1;
		}
		if (set->slots[slot] == 0 && set->count >= SETTINGS_KEYS_MAX) {
			*reason_r = "too many settings";
			return -1;
		}
		if (set->total_bytes - old_len + key_len + value_len >
		    SETTINGS_TOTAL_MAX) {
			*reason_r = "settings too large in total";
			return -1;
		}
	}
	if (set->slots[slot] != 0) {
		item = &set->items[set->slots[slot] - 1];
		free(item->value);
		set->total_bytes -= old_len;
	} else {
		if (set->count == set->alloc) {
			set->alloc = set->alloc == 0 ? 32 : set->alloc * 2;
			set->items = xreallocarray(set->items, set->alloc,
						   sizeof(*set->items));
		}
		item = &set->items[set->count++];
		item->key = xstrndup(key, key_len);
		set->slots[slot] = set->count;
		set->total_bytes += key_len;
		if (set->count * 2 >= set->slot_count)
			settings_grow_slots(set);
	}
	item->value = xstrndup(value, value_len);
	item->file = file;
	set->total_bytes += value_len;
	return 0;
}

int
settings_assign(struct settings *set, const char *key, size_t key_len,
		const char *value, size_t value_len, const char *file,
		const char **reason_r)
{
	return settings_store(set, key, key_len, value, value_len, file,
			      reason_r);
}

void
settings_set(struct settings *set, const char *key, const char *value)
{
	(void)settings_store(set, key, strlen(key), value, strlen(value), NULL,
			     NULL);
}

const char *
settings_get(const struct settings *set, const char *key)
{
	return settings_lookup(set, key, strlen(key));
}

const char *
settings_get_origin(const struct settings *set, const char *key)
{
	size_t slot = settings_find_slot(set, key, strlen(key));

	if (set->slots[slot] == 0)
		return NULL;
	return set->items[set->slots[slot] - 1].file;
}

const char *
settings_get_str(const struct settings *set, const char *key,
		 const char *def)
{
	const char *value = settings_get(set, key);

	return value != NULL ? value : def;
}

int
settings_get_uint(const struct settings *set, const char *key, uint64_t def,
		  uint64_t *value_r, const char **error_r)
{
	const char *value = settings_get(set, key);

	if (value == NULL || *value == '\0') {
		*value_r = def;
		return 0;
	}
	if (str_to_uint64(value, value_r) < 0) {
		*error_r = settings_set_error((struct settings *)set,
					      "%s=\"%.64s\": not a number",
					      key, value);
		return -1;
	}
	return 0;
}

int
settings_get_bool(const struct settings *set, const char *key, bool def,
		  bool *value_r, const char **error_r)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };
	const char *value = settings_get(set, key);
	size_t i;

	if (value == NULL || *value == '\0') {
		*value_r = def;
		return 0;
	}
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*value_r = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*value_r = false;
			return 0;
		}
	}
	*error_r = settings_set_error((struct settings *)set,
				      "%s=\"%.64s\": not a boolean "
				      "(use 1 or 0)",
				      key, value);
	return -1;
}

void
settings_foreach(const struct settings *set,
		 void (*fn)(const char *key, const char *value, void *context),
		 void *context)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		fn(set->items[i].key, set->items[i].value, context);
}

static bool
settings_is_known(const char *key, const char *const *known,
		  const char *const *prefixes)
{
	size_t i;

	for (i = 0; known != NULL && known[i] != NULL; i++) {
		if (strcmp(key, known[i]) == 0)
			return true;
	}
	for (i = 0; prefixes != NULL && prefixes[i] != NULL; i++) {
		if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	}
	return false;
}

void
settings_warn_unknown(const struct settings *set, const char *const *known,
		      const char *const *known_prefixes)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		const struct setting *item = &set->items[i];

		if (settings_is_known(item->key, known, known_prefixes))
			continue;
		if (item->file != NULL)
			log_warn("%s: unsupported setting %s ignored",
				 item->file, item->key);
		else
			log_warn("unsupported setting %s ignored", item->key);
	}
}

int
settings_is_key_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

int
settings_is_key_char(char c)
{
	return settings_is_key_start(c) || (c >= '0' && c <= '9');
}

int
settings_next_line(const char *data, size_t size, size_t *pos,
		   const char **line_r, size_t *len_r, const char **reason_r)
{
	const char *start = data + *pos;
	size_t left = size - *pos;
	const char *lf;
	size_t len;

	if (left == 0)
		return 0;
	lf = memchr(start, '\n', left);
	len = lf != NULL ? (size_t)(lf - start) : left;
	*pos += lf != NULL ? len + 1 : len;
	if (len > SETTINGS_LINE_MAX) {
		*reason_r = "line too long";
		return -1;
	}
	if (memchr(start, '\0', len) != NULL) {
		*reason_r = "NUL byte in line";
		return -1;
	}
	*line_r = start;
	*len_r = len;
	return 1;
}

typedef int settings_parse_fn(struct settings *set, const char *name,
			      const char *data, size_t size,
			      const char **error_r);

static int
settings_read(struct settings *set, const char *path, bool missing_ok,
	      settings_parse_fn *parse, const char **error_r)
{
	char *data = NULL;
	size_t size;
	int ret;

	if (read_file_follow(path, SETTINGS_FILE_MAX, &data, &size) < 0) {
		if (errno == ENOENT && missing_ok)
			return 0;
		if (errno == EFBIG)
			*error_r = settings_set_error(set,
				"%s: file too large (max %d bytes)", path,
				SETTINGS_FILE_MAX);
		else if (errno == EINVAL)
			*error_r = settings_set_error(set,
				"%s: not a regular file", path);
		else
			*error_r = settings_set_error(set, "%s: %s", path,
						      strerror(errno));
		return -1;
	}
	ret = parse(set, path, data, size, error_r);
	free(data);
	return ret;
}

int
settings_read_shell(struct settings *set, const char *path, bool missing_ok,
		    const char **error_r)
{
	return settings_read(set, path, missing_ok, settings_parse_shell,
			     error_r);
}

int
settings_read_fields(struct settings *set, const char *path, bool missing_ok,
		     const char **error_r)
{
	return settings_read(set, path, missing_ok, settings_parse_fields,
			     error_r);
}
