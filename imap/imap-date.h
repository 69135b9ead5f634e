#ifndef ESTAFETTE_IMAP_DATE_H
#define ESTAFETTE_IMAP_DATE_H

/*
 * IMAP dates (RFC 3501): "date" for SEARCH ("1-Feb-1994", "01-Feb-1994";
 * the parser has already removed quotes) and "date-time" for APPEND and
 * INTERNALDATE ("01-Feb-1994 21:05:01 +0100", the day may also be
 * " 1"). Month names are case-insensitive; the day must exist in that
 * month (leap years included); years 1900..9999; hours 0-23, minutes
 * 0-59, seconds 0-60; zone -2359..+2359 with minutes below 60.
 *
 * Times are seconds since the Unix epoch; they do not depend on the
 * process's time zone.
 */

#include <stdint.h>
#include <time.h>

/* "dd-Mon-yyyy hh:mm:ss +zzzz" and its NUL */
#define IMAP_DATETIME_SIZE 27

struct imap_date {
	int year, month, day; /* month 1-12 */
};

/* Returns 0, or -1 if str is not a valid date. */
int imap_date_parse(const char *str, struct imap_date *date_r);
/* Days since 1970-01-01 (negative before), to compare dates. */
int64_t imap_date_days(const struct imap_date *date);
/* The date (in UTC shifted by tz_minutes) that time t falls on. */
void imap_date_from_time(time_t t, int tz_minutes, struct imap_date *date_r);

/* Returns 0 and the instant and the zone written (minutes east of UTC),
   or -1. */
int imap_datetime_parse(const char *str, time_t *time_r, int *tz_minutes_r);
/* Writes t as seen in zone tz_minutes (minutes east of UTC, e.g. the
   server's local offset) into buf. */
void imap_datetime_format(time_t t, int tz_minutes,
			  char buf[IMAP_DATETIME_SIZE]);
/* The same in the process's local time zone. */
void imap_datetime_format_local(time_t t, char buf[IMAP_DATETIME_SIZE]);

#endif
