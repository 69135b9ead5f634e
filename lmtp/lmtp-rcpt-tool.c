/*
 * lmtp-rcpt-tool: resolves RCPT addresses as lmtpd does and prints the
 * targets, for tests and for administrators checking an alias setup:
 *
 *   lmtp-rcpt-tool [-S SOCKET] [-a ALIASES.DAT] [-m ME] ADDRESS...
 *
 * Per address one line "ADDRESS: ok|unknown|tempfail" followed by
 * "  account ADDRESS uid=U gid=G home=H maildir=M" or "  file ADDRESS
 * PATH" lines. Exit status: 0 all ok, 1 some unknown, 2 some tempfail.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lmtp-rcpt.h"
#include "log.h"

static const char *const status_names[] = { "ok", "unknown", "tempfail" };

static void
print_targets(const struct lmtp_targets *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		const struct lmtp_target *t = &list->items[i];

		if (t->kind == LMTP_TARGET_FILE) {
			printf("  file %s %s\n", t->address, t->path);
			continue;
		}
		printf("  account %s uid=%lu gid=%lu home=%s maildir=%s\n",
		       t->address, (unsigned long)t->rec.uid,
		       (unsigned long)t->rec.gid,
		       t->rec.home ? t->rec.home : "",
		       t->rec.maildir ? t->rec.maildir : "");
	}
}

int
main(int argc, char **argv)
{
	struct lmtp_rcpt_settings set = { .service = "lmtp", .me = "localhost",
					  .allow_file_targets = true };
	int opt, ret = 0;

	log_open("lmtp-rcpt-tool", true);
	while ((opt = getopt(argc, argv, "S:a:m:")) != -1) {
		switch (opt) {
		case 'S': set.auth.socket_path = optarg; break;
		case 'a': set.aliases_path = optarg; break;
		case 'm': set.me = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-S socket] [-a aliases.dat] "
				"[-m me] address...\n", argv[0]);
			return 3;
		}
	}
	set.auth.timeout_ms = 5000;
	for (; optind < argc; optind++) {
		struct lmtp_targets list = { NULL, 0 };
		const char *error = NULL;
		enum lmtp_rcpt_status st;

		st = lmtp_rcpt_resolve(&set, argv[optind], &list, &error);
		printf("%s: %s\n", argv[optind], status_names[st]);
		if (st == LMTP_RCPT_OK)
			print_targets(&list);
		else if (st == LMTP_RCPT_TEMPFAIL && ret < 2)
			ret = 2;
		else if (st == LMTP_RCPT_UNKNOWN && ret < 1)
			ret = 1;
		lmtp_targets_clear(&list);
	}
	return ret;
}
