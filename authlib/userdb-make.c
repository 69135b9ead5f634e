#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <gdbm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safe-io.h"
#include "userdb-edit.h"
#include "userdb-format.h"
#include "userdb-make.h"

#define USERDB_MAX_FILE (256 * 1024 * 1024)

struct userdb_out {
	GDBM_FILE pub;
	GDBM_FILE secret;
	unsigned int count;
};

char *
userdb_dat_path(const char *userdb)
{
	return xasprintf("%s.dat", userdb);
}

char *
userdb_shadow_path(const char *userdb)
{
	return xasprintf("%sshadow.dat", userdb);
}

static int
store(GDBM_FILE db, const char *key, size_t klen, const char *val,
      size_t vlen)
{
	datum k, v;

	k.dptr = (char *)(uintptr_t)key;
	k.dsize = (int)klen;
	v.dptr = (char *)(uintptr_t)val;
	v.dsize = (int)vlen;
	return gdbm_store(db, k, v, GDBM_REPLACE);
}

static int
make_line(struct userdb_out *out, const struct userdb_line *l,
	  const char *subfile)
{
	struct abuf pub = ABUF_INIT, secret = ABUF_INIT;
	int ret = -1;

	userdb_fields_split(l->fields, l->fields_len, &pub, &secret);
	if (pub.len > 0)
		abuf_append(&pub, "|", 1);
	abuf_printf(&pub, "_=%s", subfile);
	if (store(out->pub, l->addr, l->addr_len, pub.data, pub.len) < 0)
		goto out;
	if (secret.len > 0 &&
	    store(out->secret, l->addr, l->addr_len, secret.data,
		  secret.len) < 0)
		goto out;
	out->count++;
	ret = 0;
out:
	abuf_free(&pub);
	abuf_free(&secret);
	return ret;
}

static int
make_file(struct userdb_out *out, const char *path, const char *subfile,
	  char **error_r)
{
	char *data = NULL;
	size_t size, pos = 0;
	unsigned int lineno = 0;
	int ret = -1;

	if (read_file(path, USERDB_MAX_FILE, &data, &size) < 0) {
		*error_r = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	while (pos < size) {
		const char *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl != NULL ? (size_t)(nl - data) - pos
					: size - pos;
		struct userdb_line l;
		const char *err;
		int r;

		lineno++;
		r = userdb_line_parse(data + pos, len, &l, &err);
		if (r < 0 || (r > 0 && make_line(out, &l, subfile) < 0)) {
			*error_r = xasprintf("%s:%u: %s", path, lineno,
					     r < 0 ? err : "gdbm_store failed");
			goto out;
		}
		pos += len + 1;
	}
	ret = 0;
out:
	explicit_bzero(data, size);
	free(data);
	return ret;
}

static int
dir_filter(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return d->d_name[0] != '.' && len > 0 && d->d_name[len - 1] != '~';
}

/*
 * Every file below dir, recursively, in name order. location is the path
 * relative to the userdb directory ("" at the top); as Courier does, each
 * record gets "_=<location of its file>/".
 */
static int
make_dir(struct userdb_out *out, const char *dir, const char *location,
	 unsigned int depth, char **error_r)
{
	struct dirent **names = NULL;
	int n, i, ret = 0;

	if (depth > 16) {
		*error_r = xasprintf("%s: directories nested too deep", dir);
		return -1;
	}
	n = scandir(dir, &names, dir_filter, alphasort);
	if (n < 0) {
		*error_r = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]->d_name);
		char *loc = xasprintf("%s%s/", location, names[i]->d_name);
		struct stat st;

		if (ret == 0 && lstat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				ret = make_dir(out, path, loc, depth + 1,
					       error_r);
			else if (S_ISREG(st.st_mode))
				ret = make_file(out, path, loc, error_r);
		}
		free(path);
		free(loc);
		free(names[i]);
	}
	free(names);
	return ret;
}

static GDBM_FILE
open_new(const char *path, int mode, char **error_r)
{
	GDBM_FILE db;

	unlink(path);
	db = gdbm_open(path, 0, GDBM_NEWDB | GDBM_NOLOCK, mode, NULL);
	if (db == NULL)
		*error_r = xasprintf("%s: %s", path,
				     gdbm_strerror(gdbm_errno));
	else
		chmod(path, (mode_t)mode);
	return db;
}

static int
check_source(const char *userdb, bool *is_dir_r, char **error_r)
{
	struct stat st;

	if (lstat(userdb, &st) < 0) {
		*error_r = xasprintf("%s: %s", userdb, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		*error_r = xasprintf("%s: not a file or directory", userdb);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		*error_r = xasprintf("%s: must not be accessible by group or "
				     "others (chmod %s)", userdb,
				     S_ISDIR(st.st_mode) ? "700" : "600");
		return -1;
	}
	*is_dir_r = S_ISDIR(st.st_mode);
	return 0;
}

static int
finish(GDBM_FILE *db, const char *tmp, const char *path, char **error_r)
{
	int ret = 0;

	if (gdbm_sync(*db) < 0)
		ret = -1;
	gdbm_close(*db);
	*db = NULL;
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -1;
	if (ret < 0)
		*error_r = xasprintf("%s: %s", path, strerror(errno));
	return ret;
}

int
userdb_make(const char *userdb, const char *dat, const char *shadow,
	    char **error_r)
{
	struct userdb_out out = { NULL, NULL, 0 };
	char *dat_path = dat != NULL ? xstrdup(dat) : userdb_dat_path(userdb);
	char *shadow_path = shadow != NULL ? xstrdup(shadow)
					   : userdb_shadow_path(userdb);
	char *dat_tmp = xasprintf("%s.tmp", dat_path);
	char *shadow_tmp = xasprintf("%s.tmp", shadow_path);
	bool is_dir = false;
	int lock = -1, ret = -1;

	if (check_source(userdb, &is_dir, error_r) < 0)
		goto out;
	lock = userdb_lock(userdb, error_r);
	if (lock < 0)
		goto out;
	out.pub = open_new(dat_tmp, 0644, error_r);
	if (out.pub == NULL)
		goto out;
	out.secret = open_new(shadow_tmp, 0600, error_r);
	if (out.secret == NULL)
		goto out;
	if ((is_dir ? make_dir(&out, userdb, "", 0, error_r)
		    : make_file(&out, userdb, "", error_r)) < 0)
		goto out;
	if (finish(&out.secret, shadow_tmp, shadow_path, error_r) < 0 ||
	    finish(&out.pub, dat_tmp, dat_path, error_r) < 0)
		goto out;
	fsync_parent_dir(dat_path);
	ret = 0;
out:
	if (out.pub != NULL)
		gdbm_close(out.pub);
	if (out.secret != NULL)
		gdbm_close(out.secret);
	if (ret < 0) {
		unlink(dat_tmp);
		unlink(shadow_tmp);
	}
	userdb_unlock(&lock);
	free(dat_path);
	free(shadow_path);
	free(dat_tmp);
	free(shadow_tmp);
	return ret;
}
