#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imap-date.h"
#include "../tests/unit/tap.h"

static void
test_date(void)
{
	const char *bad[] = {"",
			     "1-Feb-94",
			     "1-Feb-1994 ",
			     "001-Feb-1994",
			     "1 Feb 1994",
			     "1-Fev-1994",
			     "29-Feb-1900",
			     "30-Feb-2000",
			     "31-Apr-2020",
			     "0-Jan-2020",
			     "32-Jan-2020",
			     "1-Jan-1899",
			     " 1-Jan-2020",
			     "1-Jan-20200",
			     "a-Jan-2020",
			     NULL};
	struct imap_date d;
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		ok(imap_date_parse(bad[i], &d) < 0, "bad date '%s'", bad[i]);
	ok(imap_date_parse("1-Feb-1994", &d) == 0 && d.year == 1994 &&
	       d.month == 2 && d.day == 1,
	   "d-Mon-yyyy");
	ok(imap_date_parse("01-feb-1994", &d) == 0 && d.day == 1,
	   "dd-mon-yyyy");
	ok(imap_date_parse("29-Feb-2000", &d) == 0, "leap day 2000");
	ok(imap_date_parse("29-Feb-2024", &d) == 0, "leap day 2024");
	ok(imap_date_parse("1-Jan-1970", &d) == 0 && imap_date_days(&d) == 0,
	   "epoch day 0");
	ok(imap_date_parse("31-Dec-1969", &d) == 0 && imap_date_days(&d) == -1,
	   "day -1");
	ok(imap_date_parse("23-Nov-2026", &d) == 0 &&
	       imap_date_days(&d) == 20780,
	   "23-Nov-2026 is day 20780");
	imap_date_from_time(1795447078, 0, &d);
	ok(d.year == 2026 && d.month == 11 && d.day == 23, "date from time");
	imap_date_from_time(86399, 60, &d);
	ok(d.year == 1970 && d.month == 1 && d.day == 2,
	   "date from time with zone");
	imap_date_from_time(-1, 0, &d);
	ok(d.year == 1969 && d.month == 12 && d.day == 31,
	   "date before the epoch");
}

static void
test_datetime(void)
{
	const char *bad[] = {"17-Jul-1996 02:44:25 -0700x",
			     "17-Jul-1996 02:44:25 0700",
			     "17-Jul-1996 02:44:25",
			     "7-Jul-1996 02:44:25 -0700",
			     "17-Jul-1996 24:00:00 +0000",
			     "17-Jul-1996 02:60:00 +0000",
			     "17-Jul-1996 02:00:61 +0000",
			     "17-Jul-1996 02:00:00 +0060",
			     "17-Jul-1996  2:00:00 +0000",
			     "",
			     NULL};
	char buf[IMAP_DATETIME_SIZE];
	time_t t;
	int tz;
	size_t i;

	for (i = 0; bad[i] != NULL; i++)
		ok(imap_datetime_parse(bad[i], &t, &tz) < 0,
		   "bad date-time '%s'", bad[i]);
	ok(imap_datetime_parse("17-Jul-1996 02:44:25 -0700", &t, &tz) == 0 &&
	       t == 837596665 && tz == -420,
	   "RFC 3501 example");
	ok(imap_datetime_parse(" 7-Jul-1996 02:44:25 +0000", &t, &tz) == 0 &&
	       t == 836707465,
	   "space-padded day");
	ok(imap_datetime_parse("07-jul-1996 02:44:25 +0130", &t, &tz) == 0 &&
	       t == 836707465 - 5400 && tz == 90,
	   "zone with minutes");
	imap_datetime_format(837596665, -420, buf);
	is_str(buf, "17-Jul-1996 02:44:25 -0700", "format with zone");
	imap_datetime_format(1795447078, 0, buf);
	is_str(buf, "23-Nov-2026 15:17:58 +0000", "format UTC");
	imap_datetime_format(0, 90, buf);
	is_str(buf, "01-Jan-1970 01:30:00 +0130", "format +0130");
	imap_datetime_format(-1, 0, buf);
	is_str(buf, "31-Dec-1969 23:59:59 +0000", "format before epoch");
	setenv("TZ", "UTC", 1);
	tzset();
	imap_datetime_format_local(1795447078, buf);
	is_str(buf, "23-Nov-2026 15:17:58 +0000", "format local (TZ=UTC)");
	ok(imap_datetime_parse(buf, &t, &tz) == 0 && t == 1795447078,
	   "round trip");
}

int
main(void)
{
	test_date();
	test_datetime();
	return tap_done();
}
