/*
 * calwrite.h: a year of the working-day calendar written out, as JSON
 * lines or as an iCalendar (RFC 5545) file: what `pakn-deadline
 * --calendar YEAR` prints.
 */
#ifndef PAKN_CALWRITE_H
#define PAKN_CALWRITE_H

#include "buf.h"
#include "calendar.h"

/* Appends an iCalendar content line "NAMEVALUE": the value escaped (\\ ; ,
 * and line breaks: LF, CR LF and a bare CR are each one "\n"), folded at
 * 75 octets (never inside a UTF-8 sequence), ended with CRLF. */
void pakn_ics_line(struct pakn_buf *b, const char *name, const char *value);

/*
 * Appends the days of `year` that differ from Monday-Friday: JSON lines
 * {"date","working","name","basis","schedule"}, or (ics) a whole
 * VCALENDAR with one all-day event a day, stamped at 00:00Z of stamp_day.
 */
void pakn_calendar_write(struct pakn_buf *b, const struct pakn_calendar *cal,
                         int year, int ics, long stamp_day);

#endif
