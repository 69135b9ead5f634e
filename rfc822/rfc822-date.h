#ifndef ESTAFETTE_RFC822_DATE_H
#define ESTAFETTE_RFC822_DATE_H

/*
 * Dates: the Date: header (RFC 5322 with the obsolete forms real mail
 * uses: no day name, two- and three-digit years, missing seconds, comments,
 * named and military zones, no zone at all), and IMAP's date formats
 * (RFC 3501): INTERNALDATE "dd-Mon-yyyy hh:mm:ss +zzzz" and the
 * SEARCH date "d-Mon-yyyy".
 *
 * Times are time_t in UTC plus the sender's offset from UTC in minutes.
 */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Parses a Date: header value. Returns 0 and fills *time_r (UTC) and
 * *tz_min_r (e.g. -210 for -0330; 0 when the zone is missing or unknown),
 * or -1 if no date can be read from it.
 */
int rfc822_date_parse(const char *value, size_t len, time_t *time_r,
		      int *tz_min_r);

/* Writes "dd-Mon-yyyy hh:mm:ss +zzzz" (26 bytes + NUL) for time t shown
   in zone tz_min. dst must hold IMAP_DATETIME_SIZE bytes. */
#define IMAP_DATETIME_SIZE 27
void imap_datetime_format(time_t t, int tz_min, char dst[IMAP_DATETIME_SIZE]);

/* Parses an IMAP date-time (APPEND, "dd-Mon-yyyy hh:mm:ss +zzzz", the day
   may be " d"). 0 or -1. */
int imap_datetime_parse(const char *str, size_t len, time_t *time_r,
			int *tz_min_r);

/* Parses an IMAP SEARCH date "d-Mon-yyyy" (or dd) into the UTC time of
   that day's midnight. 0 or -1. */
int imap_date_parse(const char *str, size_t len, time_t *time_r);

/* Days since 1970-01-01 for a proleptic Gregorian date (no time zone
   lookups: pure arithmetic, valid for any year 1..9999). */
long long rfc822_days_from_civil(int year, int month, int day);

#endif
