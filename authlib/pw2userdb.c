/*
 * pw2userdb [--passwd=file] [--shadow=file] [--noshadow] [--nouid]
 *           [--domain=domain]
 * Prints userdb lines for the accounts of a passwd file (passwords from
 * the shadow file), and "uid=<TAB>name" lines mapping uids back to names,
 * as Courier's pw2userdb does.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <shadow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth-str.h"

struct pw_opts {
	const char *passwd;
	const char *shadow;
	const char *domain;
	bool noshadow;
	bool nouid;
};

/* The shadow password of name, malloc()ed, or NULL. */
static char *
shadow_password(const struct pw_opts *o, const char *name)
{
	FILE *f;
	struct spwd *sp;
	char *ret = NULL;

	if (o->noshadow)
		return NULL;
	f = fopen(o->shadow, "r");
	if (f == NULL)
		return NULL;
	while ((sp = fgetspent(f)) != NULL) {
		if (strcmp(sp->sp_namp, name) == 0) {
			ret = xstrdup(sp->sp_pwdp);
			break;
		}
	}
	fclose(f);
	return ret;
}

/* GECOS with '|' replaced (it separates userdb fields). */
static void
print_clean(const char *s)
{
	for (; *s != '\0'; s++)
		putchar(*s == '|' || (unsigned char)*s < 0x20 ? '.' : *s);
}

static void
print_account(const struct pw_opts *o, const struct passwd *pw)
{
	char *spw = shadow_password(o, pw->pw_name);
	const char *pass = spw != NULL ? spw
			   : strcmp(pw->pw_passwd, "x") != 0 ? pw->pw_passwd
							     : "";

	printf("%s%s%s\tuid=%lu|gid=%lu|home=%s", pw->pw_name,
	       o->domain != NULL ? "@" : "",
	       o->domain != NULL ? o->domain : "", (unsigned long)pw->pw_uid,
	       (unsigned long)pw->pw_gid, pw->pw_dir);
	if (pw->pw_shell != NULL && *pw->pw_shell != '\0')
		printf("|shell=%s", pw->pw_shell);
	if (*pass != '\0')
		printf("|systempw=%s", pass);
	if (pw->pw_gecos != NULL && *pw->pw_gecos != '\0') {
		printf("|gecos=");
		print_clean(pw->pw_gecos);
	}
	printf("\n");
	if (!o->nouid)
		printf("%lu=\t%s\n", (unsigned long)pw->pw_uid, pw->pw_name);
	str_free_secret(&spw);
}

int
main(int argc, char **argv)
{
	struct pw_opts o = { "/etc/passwd", "/etc/shadow", NULL, false,
			     false };
	struct passwd *pw;
	FILE *f;
	int i;

	log_open("pw2userdb", true);
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--passwd=", 9) == 0)
			o.passwd = argv[i] + 9;
		else if (strncmp(argv[i], "--shadow=", 9) == 0)
			o.shadow = argv[i] + 9;
		else if (strncmp(argv[i], "--domain=", 9) == 0)
			o.domain = argv[i] + 9;
		else if (strcmp(argv[i], "--noshadow") == 0)
			o.noshadow = true;
		else if (strcmp(argv[i], "--nouid") == 0)
			o.nouid = true;
		else if (strcmp(argv[i], "--help") == 0) {
			printf("usage: pw2userdb [--passwd=file] "
			       "[--shadow=file] [--noshadow] [--nouid] "
			       "[--domain=domain]\n");
			return 0;
		} else {
			fprintf(stderr, "usage: pw2userdb [--passwd=file] "
					"[--shadow=file] [--noshadow] "
					"[--nouid] [--domain=domain]\n");
			return 1;
		}
	}
	f = fopen(o.passwd, "r");
	if (f == NULL) {
		fprintf(stderr, "pw2userdb: %s: %s\n", o.passwd,
			strerror(errno));
		return 1;
	}
	while ((pw = fgetpwent(f)) != NULL)
		print_account(&o, pw);
	fclose(f);
	return fflush(stdout) == 0 ? 0 : 1;
}
