/*
 * authtest [-s service] [-S socket] userid [password [newpassword]]
 * Asks authdaemond about an account and prints the record in Courier's
 * format: without a password a lookup (PRE), with one a login (AUTH), with
 * two a password change (PASSWD). Exit status 0 on success, 1 otherwise.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authclient.h"

static void
usage_to(FILE *out, int status)
{
	fprintf(out, "Usage: authtest [-s service] [-S socket] userid "
		     "[ password [ newpassword ] ]\n");
	exit(status);
}

static void
usage(void)
{
	usage_to(stderr, 1);
}

static const char *
or_none(const char *s)
{
	return s != NULL && *s != '\0' ? s : "(none)";
}

static void
print_record(const struct auth_record *rec, const char *loginid)
{
	printf("     Authenticated: %s ", or_none(rec->address != NULL
						     ? rec->address
						     : loginid));
	if (rec->username != NULL)
		printf(" (system username: %s)\n", rec->username);
	else
		printf(" (uid %lu, gid %lu)\n", (unsigned long)rec->uid,
		       (unsigned long)rec->gid);
	printf("    Home Directory: %s\n", or_none(rec->home));
	printf("           Maildir: %s\n", or_none(rec->maildir));
	printf("             Quota: %s\n", or_none(rec->quota));
	printf("Encrypted Password: %s\n", or_none(rec->passwd));
	printf("Cleartext Password: %s\n", or_none(rec->passwd2));
	printf("           Options: %s\n", or_none(rec->options));
}

int
main(int argc, char **argv)
{
	struct authclient_settings set = { 0 };
	struct auth_record rec = { 0 };
	const char *service = "login", *err = "";
	enum authclient_result r;
	int opt;

	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		usage_to(stdout, 0);
	while ((opt = getopt(argc, argv, "s:S:")) != -1) {
		switch (opt) {
		case 's':
			service = optarg;
			break;
		case 'S':
			set.socket_path = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 3)
		usage();
	if (argc == 3) {
		r = authclient_passwd(&set, service, argv[0], argv[1], argv[2],
				      &err);
		if (r == AUTHCLIENT_OK) {
			printf("Password change succeeded.\n");
			return 0;
		}
		fprintf(stderr, "Authentication FAILED: %s\n",
			r == AUTHCLIENT_FAIL ? "Operation not permitted"
					     : "Resource temporarily unavailable");
		if (r == AUTHCLIENT_TEMPFAIL)
			fprintf(stderr, "authtest: %s\n", err);
		return 1;
	}
	if (argc == 2)
		r = authclient_login(&set, service, argv[0], argv[1], &rec,
				     &err);
	else
		r = authclient_lookup(&set, NULL, service, argv[0], &rec, &err);
	if (r != AUTHCLIENT_OK) {
		/* On standard error, as Courier's perror() does. */
		fprintf(stderr, "Authentication FAILED: %s\n",
			r == AUTHCLIENT_FAIL ? "Operation not permitted"
					     : "Resource temporarily "
					       "unavailable");
		if (r == AUTHCLIENT_TEMPFAIL)
			fprintf(stderr, "authtest: %s\n", err);
		return 1;
	}
	printf("Authentication succeeded.\n\n");
	print_record(&rec, argv[0]);
	auth_record_clear(&rec);
	return 0;
}
