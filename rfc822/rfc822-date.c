/* Date parsing and formatting; see rfc822-date.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rfc822-date.h"

static const char *const month_names[12] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

static const struct {
	const char *name;
	int minutes;
} zone_names[] = {
    {"UT", 0},	      {"UTC", 0},	{"GMT", 0},	  {"Z", 0},
    {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
    {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60},
};

struct date_lexer {
	const char *s;
	size_t len, pos;
};

long long
rfc822_days_from_civil(int year, int month, int day)
{
	long long y = year - (month <= 2 ? 1 : 0);
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long mp = (month + 9) % 12;
	long long doy = (153 * mp + 2) / 5 + day - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31};

	return month == 2 && leap_year(year) ? 29 : days[month - 1];
}

/* Skips blanks, commas and comments. */
static void
lex_skip(struct date_lexer *l)
{
	unsigned int depth = 0;

	while (l->pos < l->len) {
		char c = l->s[l->pos];

		if (depth > 0) {
			if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			else if (c == '\\' && l->pos + 1 < l->len)
				l->pos++;
		} else if (c == '(') {
			depth++;
		} else if (c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
			   c != ',') {
			return;
		}
		l->pos++;
	}
}

/* Reads up to max digits; -1 if there are none. */
static int
lex_number(struct date_lexer *l, unsigned int max, unsigned int *digits_r)
{
	int n = 0;
	unsigned int d = 0;

	while (l->pos < l->len && d < max && l->s[l->pos] >= '0' &&
	       l->s[l->pos] <= '9') {
		n = n * 10 + (l->s[l->pos++] - '0');
		d++;
	}
	if (digits_r != NULL)
		*digits_r = d;
	return d == 0 ? -1 : n;
}

/* Reads letters into buf (at most size-1); returns how many. */
static size_t
lex_word(struct date_lexer *l, char *buf, size_t size)
{
	size_t n = 0;

	while (l->pos < l->len &&
	       ((l->s[l->pos] >= 'a' && l->s[l->pos] <= 'z') ||
		(l->s[l->pos] >= 'A' && l->s[l->pos] <= 'Z'))) {
		if (n + 1 < size)
			buf[n] = l->s[l->pos];
		n++;
		l->pos++;
	}
	buf[n < size ? n : size - 1] = '\0';
	return n;
}

static int
month_index(const char *name)
{
	int i;

	for (i = 0; i < 12; i++) {
		if (strncasecmp(name, month_names[i], 3) == 0 &&
		    strlen(name) >= 3)
			return i + 1;
	}
	return -1;
}

/* "+hhmm", "-hhmm", a zone name or a military letter; 0 if unknown. */
static int
lex_zone(struct date_lexer *l)
{
	char word[16];
	unsigned int digits;
	int sign, n;
	size_t i;

	lex_skip(l);
	if (l->pos < l->len && (l->s[l->pos] == '+' || l->s[l->pos] == '-')) {
		sign = l->s[l->pos++] == '-' ? -1 : 1;
		n = lex_number(l, 4, &digits);
		/* Zones run from -1200 to +1400; allow up to 23:59. */
		if (n < 0 || digits != 4 || n % 100 >= 60 || n / 100 > 23)
			return 0;
		return sign * ((n / 100) * 60 + n % 100);
	}
	if (lex_word(l, word, sizeof(word)) == 0)
		return 0;
	for (i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++) {
		if (strcasecmp(word, zone_names[i].name) == 0)
			return zone_names[i].minutes;
	}
	/* Military zones are ambiguous in practice (RFC 5322 4.3): 0. */
	return 0;
}

/* The obsolete year forms: 2 digits (< 50 is 20xx), 3 digits + 1900. */
static int
fix_year(int year, unsigned int digits)
{
	if (digits == 2)
		return year < 50 ? 2000 + year : 1900 + year;
	if (digits == 3)
		return 1900 + year;
	return year;
}

static int
lex_time(struct date_lexer *l, int *h, int *m, int *sec)
{
	*h = lex_number(l, 2, NULL);
	if (*h < 0 || l->pos >= l->len || l->s[l->pos] != ':')
		return -1;
	l->pos++;
	*m = lex_number(l, 2, NULL);
	*sec = 0;
	if (*m < 0)
		return -1;
	if (l->pos < l->len && l->s[l->pos] == ':') {
		l->pos++;
		if ((*sec = lex_number(l, 2, NULL)) < 0)
			return -1;
	}
	/* 60 is a leap second: count it as 59. */
	if (*h > 23 || *m > 59 || *sec > 60)
		return -1;
	if (*sec == 60)
		*sec = 59;
	return 0;
}

int
rfc822_date_parse(const char *value, size_t len, time_t *time_r, int *tz_min_r)
{
	struct date_lexer l = {value, len, 0};
	char word[16];
	unsigned int ydigits;
	int day, month, year, h, m, sec, tz;
	long long t;

	lex_skip(&l);
	if (l.pos < l.len && ((l.s[l.pos] >= 'a' && l.s[l.pos] <= 'z') ||
			      (l.s[l.pos] >= 'A' && l.s[l.pos] <= 'Z'))) {
		(void)lex_word(&l, word, sizeof(word)); /* day name */
		lex_skip(&l);
	}
	day = lex_number(&l, 2, NULL);
	lex_skip(&l);
	if (day < 1 || lex_word(&l, word, sizeof(word)) == 0 ||
	    (month = month_index(word)) < 0)
		return -1;
	lex_skip(&l);
	year = lex_number(&l, 4, &ydigits);
	if (year < 0 || ydigits < 2)
		return -1;
	year = fix_year(year, ydigits);
	if (day > days_in_month(year, month))
		return -1;
	lex_skip(&l);
	if (lex_time(&l, &h, &m, &sec) < 0)
		return -1;
	tz = lex_zone(&l);
	t = rfc822_days_from_civil(year, month, day) * 86400LL + h * 3600 +
	    m * 60 + sec - tz * 60LL;
	*time_r = (time_t)t;
	*tz_min_r = tz;
	return 0;
}

void
imap_datetime_format(time_t t, int tz_min, char dst[IMAP_DATETIME_SIZE])
{
	long long local = (long long)t + tz_min * 60LL;
	long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
	long long secs = local - days * 86400;
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int day = (int)(doy - (153 * mp + 2) / 5 + 1);
	int month = (int)(mp < 10 ? mp + 3 : mp - 9);
	long long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	int atz = tz_min < 0 ? -tz_min : tz_min;

	if (year < 0 || year > 9999) {
		/* Out of IMAP's range: show the epoch rather than junk. */
		snprintf(dst, IMAP_DATETIME_SIZE, "01-Jan-1970 00:00:00 +0000");
		return;
	}
	snprintf(dst, IMAP_DATETIME_SIZE,
		 "%02d-%s-%04lld %02d:%02d:%02d %c%02d%02d", day,
		 month_names[month - 1], year, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60),
		 tz_min < 0 ? '-' : '+', (atz / 60) % 100, atz % 60);
}

/* "d-Mon-yyyy" or "dd-Mon-yyyy" at l (day may start with a blank). */
static int
imap_lex_date(struct date_lexer *l, int *day, int *month, int *year)
{
	char word[8];
	unsigned int digits;

	if (l->pos < l->len && l->s[l->pos] == ' ')
		l->pos++;
	*day = lex_number(l, 2, NULL);
	if (*day < 1 || l->pos >= l->len || l->s[l->pos++] != '-' ||
	    lex_word(l, word, sizeof(word)) != 3 ||
	    (*month = month_index(word)) < 0 || l->pos >= l->len ||
	    l->s[l->pos++] != '-')
		return -1;
	*year = lex_number(l, 4, &digits);
	if (*year < 0 || digits != 4 || *day > days_in_month(*year, *month))
		return -1;
	return 0;
}

int
imap_date_parse(const char *str, size_t len, time_t *time_r)
{
	struct date_lexer l = {str, len, 0};
	int day, month, year;

	if (imap_lex_date(&l, &day, &month, &year) < 0 || l.pos != len)
		return -1;
	*time_r = (time_t)(rfc822_days_from_civil(year, month, day) * 86400LL);
	return 0;
}

int
imap_datetime_parse(const char *str, size_t len, time_t *time_r, int *tz_min_r)
{
	struct date_lexer l = {str, len, 0};
	int day, month, year, h, m, sec, tz, n;
	unsigned int digits;
	size_t tstart;

	if (imap_lex_date(&l, &day, &month, &year) < 0 || l.pos >= len ||
	    str[l.pos++] != ' ')
		return -1;
	tstart = l.pos;
	/* IMAP wants "hh:mm:ss" exactly. */
	if (lex_time(&l, &h, &m, &sec) < 0 || l.pos - tstart != 8 ||
	    l.pos + 6 != len || str[l.pos] != ' ' ||
	    (str[l.pos + 1] != '+' && str[l.pos + 1] != '-'))
		return -1;
	l.pos += 2;
	n = lex_number(&l, 4, &digits);
	if (n < 0 || digits != 4 || n % 100 >= 60 || n / 100 > 23)
		return -1;
	tz = (n / 100) * 60 + n % 100;
	if (str[len - 5] == '-')
		tz = -tz;
	*time_r = (time_t)(rfc822_days_from_civil(year, month, day) * 86400LL +
			   h * 3600 + m * 60 + sec - tz * 60LL);
	*tz_min_r = tz;
	return 0;
}
