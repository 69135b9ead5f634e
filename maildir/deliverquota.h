#ifndef ESTAFETTE_DELIVERQUOTA_H
#define ESTAFETTE_DELIVERQUOTA_H

/*
 * deliverquota -w: after a delivery, when the maildir root is at least
 * percent full, put the warning message (file, or $sysconfdir/quotawarnmsg
 * when NULL) into root's new/ with "Date:" and "Message-Id:" headers
 * added, at most once every 24 hours (the "quotawarn" file in root records
 * the last warning). A missing message file means no warning. Failures
 * are logged, never fatal: the mail itself was delivered.
 */

#define DELIVERQUOTA_WARN_FILE SYSCONFDIR "/quotawarnmsg"
#define DELIVERQUOTA_WARN_STAMP "quotawarn"
#define DELIVERQUOTA_WARN_INTERVAL (24 * 60 * 60)
/* Largest warning message file accepted. */
#define DELIVERQUOTA_WARN_MAX (64 * 1024)

void deliverquota_warn(const char *root, const char *file,
		       unsigned int percent);

#endif
