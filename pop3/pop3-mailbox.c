#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pop3-mailbox.h"
#include "pop3-sizelist.h"
#include "xalloc.h"

static char mailbox_error[512];

int
pop3_crlf_size(int fd, uint64_t *size_r)
{
	char buf[65536];
	uint64_t size = 0;
	bool prev_cr = false;
	ssize_t n, i;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		size += (uint64_t)n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n' && !prev_cr)
				size++;
			prev_cr = buf[i] == '\r';
		}
	}
	*size_r = size;
	return 0;
}

int
pop3_mailbox_open_msg(const struct pop3_mailbox *mb,
		      const struct pop3_msg *msg, const char **error_r)
{
	char path[MAILDIR_PATH_MAX + MAILDIR_NAME_BUF + 8];
	int fd;

	if (maildir_msg_path(mb->path, msg->m, path, sizeof(path)) < 0) {
		*error_r = "message path too long";
		return -1;
	}
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(mailbox_error, sizeof(mailbox_error), "%.300s: %s",
			 path, strerror(errno));
		*error_r = mailbox_error;
	}
	return fd;
}

/* Size of a message not in the size list: read it once. */
static int
mailbox_measure(struct pop3_mailbox *mb, struct pop3_msg *msg,
		const char **error_r)
{
	int fd = pop3_mailbox_open_msg(mb, msg, error_r), ret;

	if (fd < 0)
		return -1;
	ret = pop3_crlf_size(fd, &msg->size);
	close(fd);
	if (ret < 0) {
		*error_r = "cannot read a message";
		return -1;
	}
	return 0;
}

/* Sizes and UIDs: from the old list where it knows the message, else
   measured and numbered; then the list is rewritten. */
static int
mailbox_load_sizes(struct pop3_mailbox *mb, const char **error_r)
{
	struct pop3_sizelist old, new;
	const struct pop3_sizelist_entry *e;
	bool names_changed = false;
	unsigned int i;
	int ret = -1;

	memset(&new, 0, sizeof(new));
	if (pop3_sizelist_read(mb->path, &old, error_r) < 0)
		return -1;
	new.next_uid = old.count > 0 || old.next_uid > 0 ? old.next_uid : 1;
	new.uidv = old.uidv != 0 ? old.uidv : (uint32_t)time(NULL);
	new.entries = xcalloc(mb->count + 1, sizeof(*new.entries));
	for (i = 0; i < mb->count; i++) {
		struct pop3_msg *msg = &mb->msgs[i];

		e = pop3_sizelist_find(&old, msg->m->name, msg->m->base_len);
		if (e != NULL && strcmp(e->name, msg->m->name) != 0)
			names_changed = true; /* flags changed */
		if (e != NULL) {
			msg->size = e->size;
			msg->uid = e->uid;
			msg->uidv = e->uidv;
		} else {
			if (mailbox_measure(mb, msg, error_r) < 0) {
				/* Vanished since the scan. */
				msg->gone = true;
				continue;
			}
			msg->uid = new.next_uid++;
			msg->uidv = new.uidv;
		}
		new.entries[new.count].name = xstrdup(msg->m->name);
		new.entries[new.count].base_len = msg->m->base_len;
		new.entries[new.count].size = msg->size;
		new.entries[new.count].uid = msg->uid;
		new.entries[new.count].uidv = msg->uidv;
		new.count++;
	}
	/* Rewritten (with two fsyncs) only when it would change: a login to
	   an unchanged mailbox writes nothing. */
	if ((new.count != old.count || new.next_uid != old.next_uid ||
	     new.uidv != old.uidv || names_changed) &&
	    pop3_sizelist_write(mb->path, &new, error_r) < 0)
		goto out;
	ret = 0;
out:
	pop3_sizelist_clear(&old);
	pop3_sizelist_clear(&new);
	return ret;
}

int
pop3_mailbox_open(struct pop3_mailbox *mb, const char *path,
		  const char **error_r)
{
	bool is_folder;
	unsigned int i;

	memset(mb, 0, sizeof(*mb));
	if ((size_t)snprintf(mb->path, sizeof(mb->path), "%s", path) >=
	    sizeof(mb->path)) {
		*error_r = "maildir path too long";
		return -1;
	}
	if (maildir_check(mb->path, error_r) < 0 ||
	    maildir_quota_root(mb->path, mb->quota_root,
			       sizeof(mb->quota_root), &is_folder,
			       error_r) < 0 ||
	    maildir_scan(mb->path, MAILDIR_SCAN_MOVE_NEW, &mb->list,
			 error_r) < 0)
		return -1;
	mb->count = (unsigned int)mb->list->count;
	if (mb->list->count > UINT32_MAX / 2) {
		*error_r = "too many messages";
		goto fail;
	}
	mb->msgs = xcalloc(mb->count + 1, sizeof(*mb->msgs));
	for (i = 0; i < mb->count; i++)
		mb->msgs[i].m = &mb->list->msgs[i];
	if (mailbox_load_sizes(mb, error_r) < 0)
		goto fail;
	return 0;
fail:
	pop3_mailbox_close(mb);
	return -1;
}

void
pop3_mailbox_close(struct pop3_mailbox *mb)
{
	free(mb->msgs);
	maildir_list_free(&mb->list);
	memset(mb, 0, sizeof(*mb));
}

struct pop3_msg *
pop3_mailbox_get(struct pop3_mailbox *mb, unsigned int n)
{
	if (n == 0 || n > mb->count || mb->msgs[n - 1].deleted ||
	    mb->msgs[n - 1].gone)
		return NULL;
	return &mb->msgs[n - 1];
}

void
pop3_mailbox_stat(const struct pop3_mailbox *mb, unsigned int *count_r,
		  uint64_t *size_r)
{
	unsigned int i, count = 0;
	uint64_t size = 0;

	for (i = 0; i < mb->count; i++) {
		if (mb->msgs[i].deleted || mb->msgs[i].gone)
			continue;
		count++;
		size += mb->msgs[i].size;
	}
	*count_r = count;
	*size_r = size;
}

int
pop3_mailbox_update(struct pop3_mailbox *mb,
		    void (*deleted_cb)(const struct pop3_msg *msg,
				       void *context),
		    void *context, const char **error_r)
{
	unsigned int i;
	int deleted = 0;

	for (i = 0; i < mb->count; i++) {
		struct pop3_msg *msg = &mb->msgs[i];

		if (msg->gone)
			continue;
		if (msg->deleted) {
			if (maildir_msg_expunge(mb->path, mb->quota_root,
						msg->m, error_r) < 0)
				return -1;
			if (deleted_cb != NULL)
				deleted_cb(msg, context);
			deleted++;
		} else if (msg->retrieved &&
			   (msg->m->flags & MAILDIR_FLAG_SEEN) == 0) {
			if (maildir_msg_set_flags(mb->path, mb->quota_root,
						  msg->m,
						  msg->m->flags |
							  MAILDIR_FLAG_SEEN,
						  error_r) < 0 &&
			    errno != ENOENT)
				return -1;
		}
	}
	return deleted;
}
