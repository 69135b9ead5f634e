/*
 * maildirmake: create maildirs, Maildir++ folders, quotas and shared
 * folders, with Courier's options, messages, exit codes and modes.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "maildir.h"
#include "maildir-quota.h"
#include "maildirmake.h"

struct options {
	const char *maildir;
	const char *folder;
	char *folder_utf8; /* -F converted; owned */
	const char *quota;
	const char *add;
	const char *del;
	mode_t perm;
	bool must_have_folder;
};

static void __attribute__((noreturn))
usage(int status)
{
	printf("Usage: maildirmake [ options ] maildir\n");
	if (status == 0)
		printf("Options:\n"
		       "  -f FOLDER         create folder FOLDER "
		       "(levels separated by '.')\n"
		       "  -F FOLDER         like -f, FOLDER in the locale's "
		       "character set\n"
		       "  -q NNNS,NNNC      set the quota (bytes S, "
		       "messages C)\n"
		       "  -S                create a sharable maildir\n"
		       "  -s read|write[,group]  with -f: create a shared "
		       "folder\n"
		       "  --add NAME=PATH   add sharable maildir PATH as "
		       "NAME\n"
		       "  --del NAME        remove sharable maildir NAME\n"
		       "  --help            show this help\n");
	exit(status);
}

/* -F: the folder name is in the locale's character set; store UTF-8. */
static char *
locale_to_utf8(const char *in)
{
	size_t inleft = strlen(in), outsize = inleft * 4 + 1, outleft;
	char *out, *inp = (char *)in, *outp;
	iconv_t cd;

	setlocale(LC_CTYPE, "");
	cd = iconv_open("UTF-8", nl_langinfo(CODESET));
	if (cd == (iconv_t)-1)
		return NULL;
	out = malloc(outsize);
	outp = out;
	outleft = outsize - 1;
	if (out == NULL || iconv(cd, &inp, &inleft, &outp, &outleft) ==
				   (size_t)-1) {
		free(out);
		iconv_close(cd);
		return NULL;
	}
	*outp = '\0';
	iconv_close(cd);
	return out;
}

/* Courier's -s keywords: read (0755), write (01777), group (no "other"). */
static mode_t
shared_perm(const char *p)
{
	mode_t perm = 0755;

	while (*p != '\0') {
		if (*p == ',' || *p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (*p == 'r')
			perm = 0755;
		else if (*p == 'w')
			perm = 01777;
		else if (*p == 'g')
			perm &= ~(mode_t)0007;
		while (*p != '\0' && *p != ',' && *p != ' ' && *p != '\t')
			p++;
	}
	return perm;
}

/* An option's value: "-fNAME" or "-f NAME". */
static const char *
opt_value(int argc, char **argv, int *argn)
{
	const char *v = argv[*argn] + 2;

	if (*v == '\0' && *argn + 1 < argc)
		v = argv[++*argn];
	return v;
}

static void
parse_args(int argc, char **argv, struct options *o)
{
	int argn;

	o->perm = 0700;
	for (argn = 1; argn < argc; argn++) {
		const char *a = argv[argn];

		if (a[0] != '-' || strcmp(a, "-") == 0)
			break;
		if (strcmp(a, "--help") == 0)
			usage(0);
		if (strncmp(a, "-f", 2) == 0) {
			o->folder = opt_value(argc, argv, &argn);
		} else if (strncmp(a, "-F", 2) == 0) {
			const char *v = opt_value(argc, argv, &argn);

			free(o->folder_utf8);
			o->folder_utf8 = locale_to_utf8(v);
			if (o->folder_utf8 == NULL) {
				fprintf(stderr, "Cannot convert %s to maildir "
					"encoding\n", v);
				exit(1);
			}
			o->folder = o->folder_utf8;
		} else if (strcmp(a, "-S") == 0) {
			o->perm = 0755;
		} else if (strncmp(a, "-s", 2) == 0) {
			o->perm = shared_perm(opt_value(argc, argv, &argn));
			o->must_have_folder = true;
		} else if (strncmp(a, "-q", 2) == 0) {
			o->quota = opt_value(argc, argv, &argn);
		} else if (strcmp(a, "--add") == 0 && argc - argn > 1) {
			o->add = argv[++argn];
		} else if (strcmp(a, "--del") == 0 && argc - argn > 1) {
			o->del = argv[++argn];
		} else {
			usage(1);
		}
	}
	if (argn == argc)
		usage(1);
	/* Like Courier, words after the maildir are ignored. */
	o->maildir = argv[argn];
}

static int
set_quota(const struct options *o)
{
	struct maildir_quota q;
	struct maildirsize written;
	const char *error;

	/* Courier gives tmp/new/cur the maildir's own mode here. */
	if (maildir_create(o->maildir, o->perm, o->perm, true, &error) < 0) {
		fprintf(stderr, "maildirmake: %s\n", error);
		return 1;
	}
	if (o->folder != NULL &&
	    maildir_folder_create(o->maildir, o->folder, o->perm & ~022,
				  o->perm, &error) < 0 &&
	    errno != EEXIST) {
		fprintf(stderr, "maildirmake: %s\n", error);
		return 1;
	}
	if (maildir_quota_parse(o->quota, strlen(o->quota), &q) < 0) {
		/* Courier warns and carries on with exit code 0. */
		fprintf(stderr, "WARN: quota string '%s' not parseable\n",
			o->quota);
		return 0;
	}
	if (maildir_quota_rebuild(o->maildir, &q, &written, &error) < 0) {
		fprintf(stderr, "maildirmake: %s\n", error);
		return 1;
	}
	return 0;
}

static int
make(const struct options *o)
{
	const char *error;
	int ret;

	if (o->folder != NULL) {
		/* Courier's wording for every refused name. */
		if (maildir_folder_name_validate(o->folder, &error) < 0) {
			printf("Invalid folder name: %s\n", o->folder);
			return 1;
		}
	} else if (o->must_have_folder) {
		usage(1);
	}
	if (o->quota != NULL)
		return set_quota(o);
	if (o->folder != NULL)
		ret = maildir_folder_create(o->maildir, o->folder,
					    o->perm & ~(mode_t)022, o->perm,
					    &error);
	else
		ret = maildir_create(o->maildir, o->perm, 0700, false, &error);
	if (ret < 0) {
		fprintf(stderr, "maildirmake: %s\n", error);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	int ret;

	memset(&o, 0, sizeof(o));
	log_open("maildirmake", true);
	parse_args(argc, argv, &o);
	if (o.add != NULL)
		ret = maildirmake_shared_add(o.maildir, o.add);
	else if (o.del != NULL)
		ret = maildirmake_shared_del(o.maildir, o.del);
	else
		ret = make(&o);
	free(o.folder_utf8);
	return ret;
}
