#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "userdb-edit.h"
#include "userdb-format.h"

#define USERDB_MAX_FILE (256 * 1024 * 1024)

int
userdb_lock(const char *userdb, char **error_r)
{
	char *path = xasprintf("%s.lock", userdb);
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) < 0) {
		*error_r = xasprintf("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	free(path);
	return fd;
}

void
userdb_unlock(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Applies op to one line's fields; appends the new line (or nothing, for
   DELETE) to out. Returns -1 on a bad item. */
static int
edit_fields(const struct userdb_line *l, enum userdb_edit_op op,
	    const char *const *items, size_t count, struct abuf *out,
	    char **error_r)
{
	struct abuf cur = ABUF_INIT, next = ABUF_INIT;
	size_t i;
	int ret = -1;

	if (op == USERDB_EDIT_DELETE)
		return 0;
	abuf_append(&cur, l->fields, l->fields_len);
	for (i = 0; i < count; i++) {
		const char *eq = strchr(items[i], '=');
		size_t nlen = op == USERDB_EDIT_SET && eq != NULL
				      ? (size_t)(eq - items[i])
				      : strlen(items[i]);
		char *name = xstrndup(items[i], nlen);

		if (!userdb_field_name_valid(name, nlen) ||
		    (op == USERDB_EDIT_SET &&
		     (eq == NULL || !userdb_field_value_valid(eq + 1)))) {
			*error_r = xasprintf("invalid field: %s", name);
			free(name);
			goto out;
		}
		abuf_reset(&next);
		userdb_fields_update(cur.data != NULL ? cur.data : "", cur.len,
				     name,
				     op == USERDB_EDIT_SET ? eq + 1 : NULL,
				     &next);
		abuf_reset(&cur);
		if (next.len > 0)
			abuf_append(&cur, next.data, next.len);
		free(name);
	}
	abuf_append(out, l->addr, l->addr_len);
	abuf_append(out, "\t", 1);
	if (cur.len > 0)
		abuf_append(out, cur.data, cur.len);
	abuf_append(out, "\n", 1);
	ret = 0;
out:
	abuf_free(&cur);
	abuf_free(&next);
	return ret;
}

/* Rewrites path. *found_r says whether addr was in it. */
static int
edit_file(const char *path, bool create, const char *addr,
	  enum userdb_edit_op op, const char *const *items, size_t count,
	  bool *found_r, char **error_r)
{
	struct abuf out = ABUF_INIT;
	char *data = NULL;
	size_t size = 0, pos = 0, alen = strlen(addr);
	int ret = -1;

	*found_r = false;
	if (read_file(path, USERDB_MAX_FILE, &data, &size) < 0) {
		if (errno != ENOENT || !create) {
			*error_r = xasprintf("%s: %s", path, strerror(errno));
			return -1;
		}
		data = xstrdup("");
	}
	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl != NULL ? (size_t)(nl - data) - pos
					: size - pos;
		struct userdb_line l;
		const char *err;

		if (userdb_line_parse(data + pos, len, &l, &err) == 1 &&
		    l.addr_len == alen && memcmp(l.addr, addr, alen) == 0) {
			if (edit_fields(&l, op, items, count, &out,
					error_r) < 0)
				goto out;
			*found_r = true;
		} else {
			abuf_append(&out, data + pos, len);
			abuf_append(&out, "\n", 1);
		}
		pos += len + 1;
	}
	if (!*found_r && op == USERDB_EDIT_SET && create) {
		struct userdb_line l = { addr, alen, "", 0 };

		if (edit_fields(&l, op, items, count, &out, error_r) < 0)
			goto out;
		*found_r = true;
	}
	if (*found_r &&
	    safe_write_file(path, out.data != NULL ? out.data : "", out.len,
			    0600) < 0) {
		*error_r = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	explicit_bzero(data, size);
	free(data);
	abuf_free(&out);
	return ret;
}

static int
edit_dir(const char *dir, const char *addr, enum userdb_edit_op op,
	 const char *const *items, size_t count, char **error_r)
{
	struct dirent **names = NULL;
	bool found = false;
	int n, i, ret = 0;

	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		*error_r = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		char *path = xasprintf("%s/%s", dir, name);

		if (ret == 0 && !found && name[0] != '.' &&
		    name[len - 1] != '~' && path_is_symlink(path) == 0 &&
		    edit_file(path, false, addr, op, items, count, &found,
			      error_r) < 0)
			ret = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	if (ret == 0 && !found) {
		*error_r = xasprintf("%s: %s not found (give path/%s to add "
				     "it to a file of the directory)", dir,
				     addr, addr);
		ret = -1;
	}
	return ret;
}

int
userdb_edit(const char *userdb, const char *sub, const char *addr,
	    enum userdb_edit_op op, const char *const *items,
	    size_t item_count, char **error_r)
{
	struct stat st;
	bool found = false, is_dir;
	int lock, ret = -1;

	if (*addr == '\0' || strchr(addr, '\t') != NULL ||
	    str_has_ctrl(addr, strlen(addr))) {
		*error_r = xstrdup("invalid address");
		return -1;
	}
	lock = userdb_lock(userdb, error_r);
	if (lock < 0)
		return -1;
	is_dir = lstat(userdb, &st) == 0 && S_ISDIR(st.st_mode);
	if (is_dir && sub == NULL) {
		ret = edit_dir(userdb, addr, op, items, item_count, error_r);
	} else {
		char *path = is_dir ? xasprintf("%s/%s", userdb, sub)
				    : xstrdup(userdb);

		if (!is_dir && sub != NULL)
			*error_r = xasprintf("%s is not a directory: path/ "
					     "not allowed", userdb);
		else if (sub != NULL && (strstr(sub, "..") != NULL ||
					 sub[0] == '/'))
			*error_r = xasprintf("invalid path %s", sub);
		else if (edit_file(path, true, addr, op, items, item_count,
				   &found, error_r) == 0) {
			ret = 0;
			if (!found && op != USERDB_EDIT_SET) {
				*error_r = xasprintf("%s: %s not found", path,
						     addr);
				ret = -1;
			}
		}
		free(path);
	}
	userdb_unlock(&lock);
	return ret;
}
