#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maildir.h"
#include "maildir-quota.h"
#include "maildir-scan.h"

static void
list_clear(struct maildir_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->msgs[i].name);
	free(list->msgs);
	list->msgs = NULL;
	list->count = 0;
}

void
maildir_list_free(struct maildir_list **list)
{
	if (*list == NULL)
		return;
	list_clear(*list);
	free(*list);
	*list = NULL;
}

static int
list_append(struct maildir_list *list, size_t *cap, const char *name,
	    bool in_new)
{
	struct maildir_msg *msg;
	struct maildir_name parsed;
	const char *error;

	if (list->count == *cap) {
		size_t ncap = *cap == 0 ? 64 : *cap * 2;
		struct maildir_msg *n;

		if (ncap > MAILDIR_SCAN_MAX_ENTRIES) {
			errno = E2BIG;
			return -1;
		}
		n = realloc(list->msgs, ncap * sizeof(*n));
		if (n == NULL)
			return -1;
		list->msgs = n;
		*cap = ncap;
	}
	msg = &list->msgs[list->count];
	memset(msg, 0, sizeof(*msg));
	msg->name = strdup(name);
	if (msg->name == NULL)
		return -1;
	msg->in_new = in_new;
	if (maildir_name_parse(name, &parsed, &error) == 0) {
		msg->base_len = parsed.base_len;
		msg->have_size = parsed.have_size;
		msg->size = parsed.size;
		msg->flags = parsed.flags;
	} else {
		const char *colon = strchr(name, ':');

		msg->base_len = colon != NULL ? (size_t)(colon - name)
					      : strlen(name);
	}
	list->count++;
	return 0;
}

/* Renames new/name to cur/name:2, (keeping any flags it had). */
static int
move_to_cur(const char *dir, const char *name, char *moved, size_t size)
{
	char from[MAILDIR_PATH_MAX], to[MAILDIR_PATH_MAX];
	int n;

	if (strstr(name, ":2,") != NULL)
		n = snprintf(moved, size, "%s", name);
	else
		n = snprintf(moved, size, "%s:2,", name);
	if (n < 0 || (size_t)n >= size || n > MAILDIR_NAME_MAX ||
	    snprintf(from, sizeof(from), "%s/new/%s", dir, name) >=
		    (int)sizeof(from) ||
	    snprintf(to, sizeof(to), "%s/cur/%s", dir, moved) >=
		    (int)sizeof(to)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return rename(from, to);
}

static int
scan_subdir(const char *dir, bool is_new, unsigned int flags,
	    struct maildir_list *list, size_t *cap, const char **error_r)
{
	char path[MAILDIR_PATH_MAX], moved[MAILDIR_NAME_BUF];
	struct dirent *d;
	DIR *dp;
	int ret = -1;

	if (snprintf(path, sizeof(path), "%s/%s", dir,
		     is_new ? "new" : "cur") >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		*error_r = maildir_error("%s: %s", dir, strerror(errno));
		return -1;
	}
	dp = maildir_opendir_nofollow(path);
	if (dp == NULL) {
		*error_r = maildir_error("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		const char *name = d->d_name;

		if (name[0] == '.')
			continue;
		if (d->d_type != DT_REG && d->d_type != DT_UNKNOWN)
			continue;
		if (is_new && (flags & MAILDIR_SCAN_MOVE_NEW) != 0) {
			if (move_to_cur(dir, name, moved, sizeof(moved)) < 0) {
				if (errno == ENOENT)
					continue;
				*error_r = maildir_error("%s/%s: %s", path,
							 name,
							 strerror(errno));
				goto out;
			}
			name = moved;
		}
		if (list_append(list, cap, name,
				is_new && (flags & MAILDIR_SCAN_MOVE_NEW) ==
						  0) < 0) {
			*error_r = maildir_error("%s: %s", path,
						 strerror(errno));
			goto out;
		}
	}
	ret = 0;
out:
	closedir(dp);
	return ret;
}

static int
msg_compare(const void *a, const void *b)
{
	const struct maildir_msg *ma = a, *mb = b;

	return strcmp(ma->name, mb->name);
}

/* stat()s every message; drops the ones that vanished or are not
   regular files. */
static int
stat_all(const char *dir, struct maildir_list *list, const char **error_r)
{
	char path[MAILDIR_PATH_MAX];
	size_t i, kept = 0;
	struct stat st;
	int ret = 0;

	for (i = 0; i < list->count; i++) {
		struct maildir_msg *msg = &list->msgs[i];

		if (ret == 0 &&
		    (maildir_msg_path(dir, msg, path, sizeof(path)) < 0 ||
		     lstat(path, &st) < 0)) {
			if (errno != ENOENT) {
				*error_r = maildir_error("%s/%s: %s", dir,
							 msg->name,
							 strerror(errno));
				ret = -1; /* keep the rest for freeing */
			} else {
				st.st_mode = 0; /* vanished meanwhile */
			}
		}
		if (ret == 0 && !S_ISREG(st.st_mode)) {
			free(msg->name);
			continue;
		}
		if (ret == 0) {
			msg->mtime = st.st_mtime;
			if (!msg->have_size) {
				msg->have_size = true;
				msg->size = (uint64_t)st.st_size;
			}
		}
		list->msgs[kept++] = *msg;
	}
	list->count = kept;
	return ret;
}

int
maildir_scan(const char *dir, unsigned int flags, struct maildir_list **list_r,
	     const char **error_r)
{
	struct maildir_list *list = calloc(1, sizeof(*list));
	size_t cap = 0;

	if (list == NULL) {
		*error_r = maildir_error("%s", strerror(errno));
		return -1;
	}
	/* cur/ first: messages moved out of new/ must not be seen twice. */
	if (scan_subdir(dir, false, flags, list, &cap, error_r) < 0 ||
	    scan_subdir(dir, true, flags, list, &cap, error_r) < 0)
		goto fail;
	if (list->count > 1)
		qsort(list->msgs, list->count, sizeof(*list->msgs),
		      msg_compare);
	if ((flags & MAILDIR_SCAN_STAT) != 0 &&
	    stat_all(dir, list, error_r) < 0)
		goto fail;
	*list_r = list;
	return 0;
fail:
	maildir_list_free(&list);
	return -1;
}

int
maildir_msg_path(const char *dir, const struct maildir_msg *msg, char *buf,
		 size_t size)
{
	int n = snprintf(buf, size, "%s/%s/%s", dir,
			 msg->in_new ? "new" : "cur", msg->name);

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
maildir_msg_size(const char *dir, struct maildir_msg *msg, uint64_t *size_r,
		 const char **error_r)
{
	char path[MAILDIR_PATH_MAX];
	struct stat st;

	if (!msg->have_size) {
		if (maildir_msg_path(dir, msg, path, sizeof(path)) < 0 ||
		    lstat(path, &st) < 0) {
			*error_r = maildir_error("%s/%s: %s", dir, msg->name,
						 strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			errno = EINVAL;
			*error_r = maildir_error("%s: not a regular file",
						 path);
			return -1;
		}
		msg->have_size = true;
		msg->size = (uint64_t)st.st_size;
		msg->mtime = st.st_mtime;
	}
	*size_r = msg->size;
	return 0;
}
