/*
 * calwrite.c: a year of the calendar as JSON lines or iCalendar
 * (calwrite.h).
 */
#include "calwrite.h"

#include <stdio.h>

#include "pakn.h"
#include "when.h"

void
pakn_ics_line(struct pakn_buf *b, const char *name, const char *value)
{
	struct pakn_buf v = PAKN_BUF_INIT;
	const char *p;
	size_t col, i, clen;

	pakn_buf_adds(&v, name);
	for (p = value; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			pakn_buf_addc(&v, '\\');
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			pakn_buf_adds(&v, "\\n");
			continue;
		}
		pakn_buf_addc(&v, *p);
	}
	for (i = 0, col = 0; i < v.len; i += clen) {
		clen = 1;
		while (i + clen < v.len &&
		       ((unsigned char)v.data[i + clen] & 0xC0) == 0x80)
			clen++;
		if (col + clen > 75) {
			pakn_buf_adds(b, "\r\n ");
			col = 1;
		}
		pakn_buf_add(b, v.data + i, clen);
		col += clen;
	}
	pakn_buf_adds(b, "\r\n");
	pakn_buf_release(&v);
}

static void
ics_event(struct pakn_buf *b, long d, int working, const char *name,
          const char *basis, const char *stamp)
{
	int y, m, dd, y2, m2, d2;
	char text[600];

	pakn_civil_from_days(d, &y, &m, &dd);
	pakn_civil_from_days(d + 1, &y2, &m2, &d2);
	pakn_buf_adds(b, "BEGIN:VEVENT\r\n");
	snprintf(text, sizeof text, "%04d%02d%02d-%s@pakn-deadline", y, m, dd,
	         working ? "work" : "off");
	pakn_ics_line(b, "UID:", text);
	pakn_buf_addf(b, "DTSTAMP:%s\r\n", stamp);
	pakn_buf_addf(b, "DTSTART;VALUE=DATE:%04d%02d%02d\r\n", y, m, dd);
	pakn_buf_addf(b, "DTEND;VALUE=DATE:%04d%02d%02d\r\n", y2, m2, d2);
	snprintf(text, sizeof text, "%s: %s", working ? "Làm việc" : "Nghỉ",
	         name ? name : (working ? "ngày làm việc" : "ngày nghỉ"));
	pakn_ics_line(b, "SUMMARY:", text);
	pakn_ics_line(b, "CATEGORIES:", working ? "Làm việc" : "Nghỉ");
	snprintf(text, sizeof text, "basis: %s", basis);
	pakn_ics_line(b, "DESCRIPTION:", text);
	pakn_buf_addf(b, "TRANSP:%s\r\nEND:VEVENT\r\n",
	              working ? "TRANSPARENT" : "OPAQUE");
}

void
pakn_calendar_write(struct pakn_buf *b, const struct pakn_calendar *cal,
                    int year, int ics, long stamp_day)
{
	long d, first = pakn_days_from_civil(year, 1, 1),
	        last = pakn_days_from_civil(year, 12, 31);
	int y, m, dd, working;
	const char *name, *basis,
	    *schedule = pakn_basis_name(pakn_calendar_year_basis(cal, year));
	char text[128], stamp[32];

	if (ics) {
		pakn_civil_from_days(stamp_day, &y, &m, &dd);
		snprintf(stamp, sizeof stamp, "%04d%02d%02dT000000Z", y, m, dd);
		pakn_buf_adds(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
		pakn_ics_line(b, "PRODID:",
		              "-//pakn//pakn-deadline " PAKN_VERSION "//VI");
		pakn_buf_adds(b, "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
		snprintf(text, sizeof text, "Lịch làm việc cơ quan nhà nước %d",
		         year);
		pakn_ics_line(b, "X-WR-CALNAME:", text);
		snprintf(text, sizeof text, "schedule %d: %s", year, schedule);
		pakn_ics_line(b, "X-WR-CALDESC:", text);
	}
	for (d = first; d <= last; d++) {
		if (!pakn_calendar_special(cal, d))
			continue;
		working = pakn_calendar_working(cal, d);
		name = pakn_calendar_name(cal, d);
		basis = pakn_basis_name(pakn_calendar_basis(cal, d));
		if (ics) {
			ics_event(b, d, working, name, basis, stamp);
			continue;
		}
		pakn_civil_from_days(d, &y, &m, &dd);
		pakn_buf_addf(b,
		              "{\"date\":\"%04d-%02d-%02d\",\"working\":%s,"
		              "\"name\":",
		              y, m, dd, working ? "true" : "false");
		if (name)
			pakn_buf_add_json_cstr(b, name);
		else
			pakn_buf_adds(b, "null");
		pakn_buf_addf(b, ",\"basis\":\"%s\",\"schedule\":\"%s\"}\n",
		              basis, schedule);
	}
	if (ics)
		pakn_buf_adds(b, "END:VCALENDAR\r\n");
}
