#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <gdbm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "alias-db.h"
#include "safe-io.h"
#include "xalloc.h"

/* Largest value we accept from a database (a corrupt or hostile file must
   not make us allocate without bound). */
#define ALIAS_VALUE_MAX (64 * 1024 * 1024)

static char db_error[1024];

static int LOG_PRINTF(2, 3)
db_fail(const char **error_r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(db_error, sizeof(db_error), fmt, ap);
	va_end(ap);
	*error_r = db_error;
	return -1;
}

static int
store_entry(GDBM_FILE db, const struct alias_entry *entry)
{
	size_t i, len = 0, pos = 0;
	datum key, value;
	char *buf;
	int ret;

	for (i = 0; i < entry->count; i++)
		len += strlen(entry->members[i]) + 1;
	buf = xmalloc(len + 1);
	for (i = 0; i < entry->count; i++) {
		size_t mlen = strlen(entry->members[i]);

		memcpy(buf + pos, entry->members[i], mlen);
		pos += mlen;
		buf[pos++] = '\n';
	}
	key.dptr = entry->name;
	key.dsize = (int)strlen(entry->name);
	value.dptr = buf;
	value.dsize = (int)len;
	ret = gdbm_store(db, key, value, GDBM_REPLACE);
	free(buf);
	return ret;
}

int
alias_db_write(const struct alias_table *table, const char *path,
	       const char *tmp_path, const char **error_r)
{
	char *lock_path = xasprintf("%s.lock", path);
	GDBM_FILE db = NULL;
	int lock_fd, fd, ret = -1;
	size_t i;

	lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
		       0600);
	if (lock_fd < 0) {
		db_fail(error_r, "%s: %s", lock_path, strerror(errno));
		goto out;
	}
	if (flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
		db_fail(error_r, "%s: another makealiases is running",
			lock_path);
		goto out;
	}
	if (unlink(tmp_path) < 0 && errno != ENOENT) {
		db_fail(error_r, "%s: %s", tmp_path, strerror(errno));
		goto out;
	}
	db = gdbm_open(tmp_path, 0, GDBM_NEWDB | GDBM_NOLOCK, 0644, NULL);
	if (db == NULL) {
		db_fail(error_r, "%s: %s", tmp_path,
			gdbm_strerror(gdbm_errno));
		goto out;
	}
	for (i = 0; i < table->count; i++) {
		if (store_entry(db, &table->entries[i]) != 0) {
			db_fail(error_r, "%s: %s", tmp_path,
				gdbm_strerror(gdbm_errno));
			goto out;
		}
	}
	gdbm_close(db);
	db = NULL;
	fd = open(tmp_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0) {
		db_fail(error_r, "%s: %s", tmp_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	if (rename(tmp_path, path) < 0) {
		db_fail(error_r, "rename %s to %s: %s", tmp_path, path,
			strerror(errno));
		goto out;
	}
	if (fsync_parent_dir(path) < 0) {
		db_fail(error_r, "%s: %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (db != NULL)
		gdbm_close(db);
	if (ret < 0)
		unlink(tmp_path);
	if (lock_fd >= 0)
		close(lock_fd);
	free(lock_path);
	return ret;
}

static GDBM_FILE
open_reader(const char *path, const char **error_r)
{
	GDBM_FILE db = gdbm_open(path, 0, GDBM_READER | GDBM_NOLOCK, 0, NULL);

	if (db == NULL)
		db_fail(error_r, "%s: %s", path,
			errno != 0 && gdbm_errno == GDBM_FILE_OPEN_ERROR
				? strerror(errno)
				: gdbm_strerror(gdbm_errno));
	return db;
}

/* Splits a value into a NULL-terminated array of lines. */
static char **
split_value(const char *data, size_t size)
{
	size_t count = 0, i, n = 0, start = 0;
	char **list;

	for (i = 0; i < size; i++)
		count += data[i] == '\n';
	if (size > 0 && data[size - 1] != '\n')
		count++;
	list = xcalloc(count + 1, sizeof(*list));
	for (i = 0; i <= size; i++) {
		if (i == size || data[i] == '\n') {
			if (i > start)
				list[n++] = xstrndup(data + start, i - start);
			start = i + 1;
		}
	}
	list[n] = NULL;
	return list;
}

static int
fetch(GDBM_FILE db, const char *name, char ***members_r)
{
	datum key, value;

	key.dptr = (char *)name;
	key.dsize = (int)strlen(name);
	value = gdbm_fetch(db, key);
	if (value.dptr == NULL)
		return 0;
	if (value.dsize < 0 || value.dsize > ALIAS_VALUE_MAX) {
		free(value.dptr);
		return -1;
	}
	*members_r = split_value(value.dptr, (size_t)value.dsize);
	free(value.dptr);
	return 1;
}

int
alias_db_lookup(const char *path, const char *address, char ***members_r,
		const char **error_r)
{
	GDBM_FILE db = open_reader(path, error_r);
	const char *at;
	char **virt = NULL;
	int ret;

	if (db == NULL)
		return -1;
	ret = fetch(db, address, members_r);
	at = strrchr(address, '@');
	if (ret == 0 && at != NULL && at != address) {
		ret = fetch(db, at, &virt);
		if (ret > 0) {
			/* "@dom: user" maps x@dom to user-x@me. */
			const char *uat = virt[0] != NULL ? strrchr(virt[0], '@')
							  : NULL;

			if (uat == NULL) {
				ret = -1;
			} else {
				*members_r = xcalloc(2, sizeof(char *));
				(*members_r)[0] = xasprintf(
					"%.*s-%.*s%s", (int)(uat - virt[0]),
					virt[0], (int)(at - address), address,
					uat);
			}
			alias_members_free(&virt);
		}
	}
	gdbm_close(db);
	if (ret < 0)
		return db_fail(error_r, "%s: corrupt entry for %s", path,
			       address);
	return ret;
}

void
alias_members_free(char ***_members)
{
	char **members = *_members;
	size_t i;

	if (members == NULL)
		return;
	*_members = NULL;
	for (i = 0; members[i] != NULL; i++)
		free(members[i]);
	free(members);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
alias_db_dump(const char *path, FILE *out, const char **error_r)
{
	GDBM_FILE db = open_reader(path, error_r);
	char **keys = NULL;
	size_t count = 0, alloc = 0, i;
	datum key;
	int ret = 0;

	if (db == NULL)
		return -1;
	for (key = gdbm_firstkey(db); key.dptr != NULL;) {
		datum next = gdbm_nextkey(db, key);

		if (count == alloc) {
			alloc = alloc == 0 ? 64 : alloc * 2;
			keys = xreallocarray(keys, alloc, sizeof(*keys));
		}
		keys[count++] = xstrndup(key.dptr, (size_t)key.dsize);
		free(key.dptr);
		key = next;
	}
	qsort(keys, count, sizeof(*keys), str_cmp);
	for (i = 0; i < count; i++) {
		char **members = NULL;
		size_t j;

		if (fetch(db, keys[i], &members) <= 0) {
			ret = db_fail(error_r, "%s: corrupt entry for %s",
				      path, keys[i]);
			continue;
		}
		for (j = 0; members[j] != NULL; j++)
			fprintf(out, "%s: %s\n", keys[i], members[j]);
		alias_members_free(&members);
	}
	for (i = 0; i < count; i++)
		free(keys[i]);
	free(keys);
	gdbm_close(db);
	return ret;
}
