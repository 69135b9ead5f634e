/*
 * Mailbox names to Maildir++ directories (imap-folder.h).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buffer.h"
#include "imap-folder.h"
#include "imap-utf7.h"
#include "maildir.h"

static int
folder_part_check(const char *folder, const char **error_r)
{
	const char *p;

	if (!imap_utf7_valid(folder)) {
		*error_r = "Invalid mailbox name (modified UTF-7).";
		return -1;
	}
	for (p = folder; *p != '\0'; p++) {
		/* A level starting with '~' is refused: Courier gives such
		   names a meaning outside the maildir. */
		if (*p == '~' && (p == folder || p[-1] == IMAP_FOLDER_SEP)) {
			*error_r = "Invalid mailbox name.";
			return -1;
		}
	}
	if (maildir_folder_name_validate(folder, error_r) < 0) {
		*error_r = "Invalid mailbox name.";
		return -1;
	}
	return 0;
}

int
imap_folder_name_parse(const char *name, bool utf8, char *folder_r,
		       size_t size, const char **error_r)
{
	const size_t plen = sizeof(IMAP_FOLDER_PREFIX) - 1;
	struct buffer conv;
	const char *folder;
	int ret = -1;

	buffer_init(&conv, MAILDIR_FOLDER_NAME_MAX + 1);
	if (strcasecmp(name, "INBOX") == 0) {
		folder = "";
	} else if (strncasecmp(name, IMAP_FOLDER_PREFIX, plen) == 0) {
		folder = name + plen;
		if (utf8) {
			if (!imap_utf8_valid(folder, strlen(folder)) ||
			    imap_utf8_to_utf7(folder, &conv) < 0) {
				*error_r = "Invalid mailbox name.";
				goto out;
			}
			folder = buffer_cstr(&conv);
		}
		if (folder_part_check(folder, error_r) < 0)
			goto out;
	} else {
		*error_r = "Invalid mailbox name: mailboxes are INBOX and "
			   "INBOX.name.";
		goto out;
	}
	if (strlen(folder) >= size) {
		*error_r = "Mailbox name too long.";
		goto out;
	}
	strcpy(folder_r, folder);
	ret = 0;
out:
	buffer_deinit(&conv);
	return ret;
}

int
imap_folder_dir(const char *root, const char *name, bool utf8, char *dir_r,
		size_t size, const char **error_r)
{
	char folder[MAILDIR_FOLDER_NAME_MAX + 1];
	int n;

	if (imap_folder_name_parse(name, utf8, folder, sizeof(folder),
				   error_r) < 0)
		return -1;
	if (folder[0] == '\0')
		n = snprintf(dir_r, size, "%s", root);
	else
		n = snprintf(dir_r, size, "%s/.%s", root, folder);
	if (n < 0 || (size_t)n >= size) {
		*error_r = "Mailbox name too long.";
		return -1;
	}
	return 0;
}

bool
imap_folder_exists(const char *dir)
{
	const char *error;

	return maildir_check(dir, &error) == 0;
}
