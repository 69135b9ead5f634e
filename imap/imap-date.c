/*
 * IMAP date and date-time parsing and formatting (imap-date.h). Calendar
 * arithmetic is done here (proleptic Gregorian), not with timegm(), so
 * results never depend on TZ.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "imap-date.h"

static const char *const month_names[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's civil algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, struct imap_date *date_r)
{
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	date_r->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	date_r->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	date_r->year = (int)(y + (date_r->month <= 2));
}

/* Exactly n digits at s. */
static int
digits(const char *s, int n, int *val_r)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*val_r = v;
	return 0;
}

/* "d-Mon-yyyy" or "dd-Mon-yyyy" (or " d" when fixed); returns the length
   used, or -1. */
static int
parse_date_part(const char *s, bool fixed, struct imap_date *date_r)
{
	int day, year, m, n;

	if (fixed && s[0] == ' ' && digits(s + 1, 1, &day) == 0)
		n = 2;
	else if (digits(s, 2, &day) == 0)
		n = 2;
	else if (!fixed && digits(s, 1, &day) == 0)
		n = 1;
	else
		return -1;
	if (s[n] != '-')
		return -1;
	for (m = 0; m < 12; m++) {
		if (strncasecmp(s + n + 1, month_names[m], 3) == 0)
			break;
	}
	if (m == 12 || s[n + 4] != '-' || digits(s + n + 5, 4, &year) < 0)
		return -1;
	if (year < 1900 || day < 1 || day > days_in_month(year, m + 1))
		return -1;
	date_r->year = year;
	date_r->month = m + 1;
	date_r->day = day;
	return n + 9;
}

int
imap_date_parse(const char *str, struct imap_date *date_r)
{
	struct imap_date d;
	int n = parse_date_part(str, false, &d);

	if (n < 0 || str[n] != '\0')
		return -1;
	*date_r = d;
	return 0;
}

int64_t
imap_date_days(const struct imap_date *date)
{
	return days_from_civil(date->year, date->month, date->day);
}

void
imap_date_from_time(time_t t, int tz_minutes, struct imap_date *date_r)
{
	int64_t s = (int64_t)t + (int64_t)tz_minutes * 60;
	int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);

	civil_from_days(days, date_r);
}

int
imap_datetime_parse(const char *str, time_t *time_r, int *tz_minutes_r)
{
	struct imap_date d;
	int n = parse_date_part(str, true, &d);
	int hh, mm, ss, zh, zm, tz;
	const char *s;

	if (n < 0)
		return -1;
	s = str + n;
	if (s[0] != ' ' || digits(s + 1, 2, &hh) < 0 || s[3] != ':' ||
	    digits(s + 4, 2, &mm) < 0 || s[6] != ':' ||
	    digits(s + 7, 2, &ss) < 0 || s[9] != ' ' ||
	    (s[10] != '+' && s[10] != '-') || digits(s + 11, 2, &zh) < 0 ||
	    digits(s + 13, 2, &zm) < 0 || s[15] != '\0')
		return -1;
	if (hh > 23 || mm > 59 || ss > 60 || zm > 59)
		return -1;
	tz = (zh * 60 + zm) * (s[10] == '-' ? -1 : 1);
	*time_r = (time_t)(imap_date_days(&d) * 86400 + hh * 3600 + mm * 60 +
			   ss - (int64_t)tz * 60);
	*tz_minutes_r = tz;
	return 0;
}

void
imap_datetime_format(time_t t, int tz_minutes, char buf[IMAP_DATETIME_SIZE])
{
	int64_t s = (int64_t)t + (int64_t)tz_minutes * 60;
	int64_t secs = ((s % 86400) + 86400) % 86400;
	int tz = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	struct imap_date d;

	imap_date_from_time(t, tz_minutes, &d);
	snprintf(buf, IMAP_DATETIME_SIZE,
		 "%02d-%s-%04d %02d:%02d:%02d %c%02d%02d", d.day,
		 month_names[d.month - 1], d.year % 10000, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60),
		 tz_minutes < 0 ? '-' : '+', tz / 60 % 100, tz % 60);
}

void
imap_datetime_format_local(time_t t, char buf[IMAP_DATETIME_SIZE])
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		imap_datetime_format(t, 0, buf);
		return;
	}
	imap_datetime_format(t, (int)(tm.tm_gmtoff / 60), buf);
}
