/*
 * calendar.c: the working-day calendar (see calendar.h).
 *
 * Built in three passes over a per-day array: the Monday-Friday rule;
 * each year's holidays (the official table for 2020-2026, derived
 * otherwise); the index (working days before each day, and the list of
 * working days).  A local file edits the array and rebuilds the index.
 */
#include "calendar.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lunar.h"
#include "when.h"
#include "yamlnode.h"

#define F_WORKING 1
#define BASIS_SHIFT 1
#define BASIS_MASK (3 << BASIS_SHIFT)

static const char TET_DL[] = "Tết Dương lịch";
static const char TET_NGUYEN_DAN[] = "Tết Nguyên Đán";
static const char GIO_TO[] = "Giỗ Tổ Hùng Vương";
static const char CHIEN_THANG[] = "Ngày Chiến thắng (30/4)";
static const char LAO_DONG[] = "Ngày Quốc tế Lao động (1/5)";
static const char QUOC_KHANH[] = "Quốc khánh (2/9)";
static const char LE_30_4_1_5[] = "Nghỉ lễ 30/4 và 1/5";

/* ---- days and names ------------------------------------------------- */

/* Index 0 of c->names is "no name": a key of one NUL byte, which no name
 * (a C string) can equal. */
static const char NO_NAME[1] = "";

/* The index of name in c->names, added if new.  Callers make sure there
 * is room (pakn_calendar_load checks first; the built-in names are few). */
static size_t
intern(struct pakn_calendar *c, const char *name)
{
	if (pakn_strmap_count(&c->names) == 0)
		pakn_strmap_intern(&c->names, NO_NAME, sizeof NO_NAME, 0, NULL);
	return pakn_strmap_intern(&c->names, name, strlen(name), 0, NULL);
}

/* Sets a day's status (days outside the range are ignored). */
static void
set_day(struct pakn_calendar *c, long day, int working, const char *name,
        enum pakn_basis basis)
{
	size_t i;

	if (!pakn_calendar_in_range(c, day))
		return;
	i = (size_t)(day - c->first);
	c->flags[i] =
	    (unsigned char)((working ? F_WORKING : 0) | (basis << BASIS_SHIFT));
	if (name) {
		size_t k = intern(c, name);

		/* cannot be exceeded: see intern */
		c->note[i] = k <= PAKN_CAL_MAX_NAMES ? (uint16_t)k : 0;
	} else
		c->note[i] = 0;
}

static int
is_weekend(long day)
{
	int w = pakn_weekday(day);

	return w == 0 || w == 6;
}

static int
is_off(const struct pakn_calendar *c, long day)
{
	return pakn_calendar_in_range(c, day) && !pakn_calendar_working(c, day);
}

static long
date(int y, int m, int d)
{
	return pakn_days_from_civil(y, m, d);
}

/* ---- the official schedules, 2020-2026 (DOMAIN.md §2) ---------------- */

struct official {
	int y1, m1, d1, y2, m2, d2;
	int working;
	const char *name;
};

/* Ranges include weekends; later entries refine the names of earlier
 * ones.  Sources: the Prime Minister's decisions, conveyed by Văn phòng
 * Chính phủ (VPCP-KGVX letters), and the yearly notices of the Ministry
 * in charge (Bộ LĐ-TB&XH until 2025, Bộ Nội vụ since); each year's
 * sources are listed in calendars/README.md. */
static const struct official official[] = {
    /* 2020 */
    {2020, 1, 1, 2020, 1, 1, 0, TET_DL},
    {2020, 1, 23, 2020, 1, 29, 0, TET_NGUYEN_DAN},
    {2020, 4, 2, 2020, 4, 2, 0, GIO_TO},
    {2020, 4, 30, 2020, 5, 3, 0, LE_30_4_1_5},
    {2020, 4, 30, 2020, 4, 30, 0, CHIEN_THANG},
    {2020, 5, 1, 2020, 5, 1, 0, LAO_DONG},
    {2020, 9, 2, 2020, 9, 2, 0, QUOC_KHANH},
    /* 2021 */
    {2021, 1, 1, 2021, 1, 3, 0, TET_DL},
    {2021, 2, 10, 2021, 2, 16, 0, TET_NGUYEN_DAN},
    {2021, 4, 21, 2021, 4, 21, 0, GIO_TO},
    {2021, 4, 30, 2021, 5, 3, 0, LE_30_4_1_5},
    {2021, 4, 30, 2021, 4, 30, 0, CHIEN_THANG},
    {2021, 5, 3, 2021, 5, 3, 0, "Nghỉ bù Ngày Quốc tế Lao động (1/5)"},
    {2021, 9, 2, 2021, 9, 5, 0, QUOC_KHANH},
    /* 2022 */
    {2022, 1, 1, 2022, 1, 3, 0, TET_DL},
    {2022, 1, 3, 2022, 1, 3, 0, "Nghỉ bù Tết Dương lịch"},
    {2022, 1, 29, 2022, 2, 6, 0, TET_NGUYEN_DAN},
    {2022, 4, 9, 2022, 4, 11, 0, GIO_TO},
    {2022, 4, 11, 2022, 4, 11, 0, "Nghỉ bù Giỗ Tổ Hùng Vương"},
    {2022, 4, 30, 2022, 5, 3, 0, LE_30_4_1_5},
    {2022, 5, 2, 2022, 5, 2, 0, "Nghỉ bù Ngày Chiến thắng (30/4)"},
    {2022, 5, 3, 2022, 5, 3, 0, "Nghỉ bù Ngày Quốc tế Lao động (1/5)"},
    {2022, 9, 1, 2022, 9, 4, 0, QUOC_KHANH},
    /* 2023 */
    {2022, 12, 31, 2023, 1, 2, 0, TET_DL},
    {2023, 1, 2, 2023, 1, 2, 0, "Nghỉ bù Tết Dương lịch"},
    {2023, 1, 20, 2023, 1, 26, 0, TET_NGUYEN_DAN},
    {2023, 4, 29, 2023, 5, 3, 0, LE_30_4_1_5},
    {2023, 4, 29, 2023, 4, 29, 0, GIO_TO},
    {2023, 5, 1, 2023, 5, 1, 0, LAO_DONG},
    {2023, 5, 2, 2023, 5, 2, 0, "Nghỉ bù Giỗ Tổ Hùng Vương"},
    {2023, 5, 3, 2023, 5, 3, 0, "Nghỉ bù Ngày Chiến thắng (30/4)"},
    {2023, 9, 1, 2023, 9, 4, 0, QUOC_KHANH},
    {2023, 9, 4, 2023, 9, 4, 0, "Nghỉ bù Quốc khánh (2/9)"},
    /* 2024 */
    {2023, 12, 30, 2024, 1, 1, 0, TET_DL},
    {2024, 2, 8, 2024, 2, 14, 0, TET_NGUYEN_DAN},
    {2024, 4, 18, 2024, 4, 18, 0, GIO_TO},
    {2024, 4, 27, 2024, 5, 1, 0, LE_30_4_1_5},
    {2024, 4, 29, 2024, 4, 29, 0, "Nghỉ hoán đổi (làm bù thứ Bảy 04/05/2024)"},
    {2024, 4, 30, 2024, 4, 30, 0, CHIEN_THANG},
    {2024, 5, 1, 2024, 5, 1, 0, LAO_DONG},
    {2024, 5, 4, 2024, 5, 4, 1, "Làm bù cho thứ Hai 29/04/2024"},
    {2024, 8, 31, 2024, 9, 3, 0, QUOC_KHANH},
    /* 2025 */
    {2025, 1, 1, 2025, 1, 1, 0, TET_DL},
    {2025, 1, 25, 2025, 2, 2, 0, TET_NGUYEN_DAN},
    {2025, 4, 7, 2025, 4, 7, 0, GIO_TO},
    {2025, 4, 26, 2025, 4, 26, 1, "Làm bù cho thứ Sáu 02/05/2025"},
    {2025, 4, 30, 2025, 5, 4, 0, LE_30_4_1_5},
    {2025, 4, 30, 2025, 4, 30, 0, CHIEN_THANG},
    {2025, 5, 1, 2025, 5, 1, 0, LAO_DONG},
    {2025, 5, 2, 2025, 5, 2, 0, "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)"},
    {2025, 8, 30, 2025, 9, 2, 0, QUOC_KHANH},
    /* 2026.  Tết Dương lịch: VPCP letter 12729/VPCP-KGVX of 25/12/2025
     * (Friday 2/1 swapped for Saturday 10/1).  Tết and Quốc khánh: the
     * Prime Minister's agreement to the Bộ Nội vụ proposal, conveyed by
     * Văn phòng Chính phủ on 13/10/2025 (reported by Tiền Phong and
     * Kiến Thức 13/10/2025, Việt Nam News 17/10/2025): Tết 14/2-22/2;
     * Quốc khánh Saturday 29/8 to Wednesday 2/9, Monday 31/8 swapped for
     * Saturday 22/8, Thursday 3/9 a working day.  Giỗ Tổ (Sunday 26/4,
     * off on Monday 27/4) and 30/4-1/5 (Thursday, Friday): Điều 111-112 of
     * the labour code, no swap decided. */
    {2026, 1, 1, 2026, 1, 4, 0, TET_DL},
    {2026, 1, 2, 2026, 1, 2, 0, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"},
    {2026, 1, 10, 2026, 1, 10, 1, "Làm bù cho thứ Sáu 02/01/2026"},
    {2026, 2, 14, 2026, 2, 22, 0, TET_NGUYEN_DAN},
    {2026, 4, 26, 2026, 4, 27, 0, GIO_TO},
    {2026, 4, 27, 2026, 4, 27, 0, "Nghỉ bù Giỗ Tổ Hùng Vương"},
    {2026, 4, 30, 2026, 5, 3, 0, LE_30_4_1_5},
    {2026, 4, 30, 2026, 4, 30, 0, CHIEN_THANG},
    {2026, 5, 1, 2026, 5, 1, 0, LAO_DONG},
    {2026, 8, 22, 2026, 8, 22, 1, "Làm bù cho thứ Hai 31/08/2026"},
    {2026, 8, 29, 2026, 9, 2, 0, QUOC_KHANH},
    {2026, 8, 31, 2026, 8, 31, 0, "Nghỉ hoán đổi (làm bù thứ Bảy 22/08/2026)"},
};

static void
apply_official(struct pakn_calendar *c)
{
	size_t i;
	long d, to;

	for (i = 0; i < sizeof official / sizeof official[0]; i++) {
		to = date(official[i].y2, official[i].m2, official[i].d2);
		for (d = date(official[i].y1, official[i].m1, official[i].d1);
		     d <= to; d++)
			set_day(c, d, official[i].working, official[i].name,
			        PAKN_BASIS_OFFICIAL);
	}
}

/* ---- the statutory rules, for the other years ------------------------ */

/* A holiday of one day; falls on a weekend or on a day already off: the
 * next working day is off instead (Điều 111, compensatory day). */
static void
holiday(struct pakn_calendar *c, long day, const char *name)
{
	char comp[128];
	long d;

	if (!is_weekend(day) && !is_off(c, day)) {
		set_day(c, day, 0, name, PAKN_BASIS_ESTIMATED);
		return;
	}
	snprintf(comp, sizeof comp, "Nghỉ bù %s", name);
	for (d = day + 1; pakn_calendar_in_range(c, d); d++)
		if (!is_weekend(d) && !is_off(c, d)) {
			set_day(c, d, 0, comp, PAKN_BASIS_ESTIMATED);
			return;
		}
}

/*
 * Quốc khánh of year y: 2/9, and from 2021 one adjacent day, chosen as
 * the recent official schedules do, to join a weekend: 2/9 on a Monday,
 * Wednesday, Thursday or Sunday: the day after; on a Tuesday, Friday or
 * Saturday: the day before.
 */
static void
quoc_khanh(struct pakn_calendar *c, int y)
{
	static const int after[7] = {1, 1, 0, 1, 1, 0, 0}; /* Sun..Sat */
	long qk = date(y, 9, 2), adj;

	if (y < 2021) {
		holiday(c, qk, QUOC_KHANH);
		return;
	}
	adj = after[pakn_weekday(qk)] ? qk + 1 : qk - 1;
	if (adj < qk) {
		holiday(c, adj, QUOC_KHANH);
		holiday(c, qk, QUOC_KHANH);
	} else {
		holiday(c, qk, QUOC_KHANH);
		holiday(c, adj, QUOC_KHANH);
	}
}

/*
 * Tết of an estimated year: as many weekdays off as the code gives (5
 * from 2013, 4 before), placed as the official schedules of 2016-2026
 * place them: the first `before` weekdays ahead of the 1st day of the
 * lunar year (counting by its weekday: Sunday 1, Monday 0, Tuesday 1,
 * Wednesday to Saturday 2; with 4 days, 1 unless Monday), the rest from
 * the 1st day on.  The weekends inside the block are off anyway.
 */
static void
tet(struct pakn_calendar *c, int y)
{
	static const int before5[7] = {1, 0, 1, 2, 2, 2, 2};
	long first, d;
	int ndays = y >= 2013 ? 5 : 4, before, n;

	if (pakn_lunar_to_solar(y, 1, 1, 0, &first) != 0)
		return;
	before = ndays == 5 ? before5[pakn_weekday(first)]
	                    : (pakn_weekday(first) == 1 ? 0 : 1);
	for (d = first - 1, n = 0; n < before; d--)
		if (!is_weekend(d)) {
			set_day(c, d, 0, TET_NGUYEN_DAN, PAKN_BASIS_ESTIMATED);
			n++;
		}
	for (d = first, n = before; n < ndays; d++)
		if (!is_weekend(d)) {
			set_day(c, d, 0, TET_NGUYEN_DAN, PAKN_BASIS_ESTIMATED);
			n++;
		}
}

static void
derive_year(struct pakn_calendar *c, int y)
{
	long gio_to;

	tet(c, y);
	holiday(c, date(y, 1, 1), TET_DL);
	/* Giỗ Tổ became a paid holiday in 2007 (BLLĐ amended 2007). */
	if (y >= 2007 && pakn_lunar_to_solar(y, 3, 10, 0, &gio_to) == 0 &&
	    gio_to < date(y, 4, 30))
		holiday(c, gio_to, GIO_TO);
	holiday(c, date(y, 4, 30), CHIEN_THANG);
	holiday(c, date(y, 5, 1), LAO_DONG);
	if (y >= 2007 && pakn_lunar_to_solar(y, 3, 10, 0, &gio_to) == 0 &&
	    gio_to >= date(y, 4, 30))
		holiday(c, gio_to, GIO_TO);
	quoc_khanh(c, y);
}

/* ---- the index -------------------------------------------------------- */

static void
reindex(struct pakn_calendar *c)
{
	size_t i;
	int32_t n = 0;

	for (i = 0; i < c->ndays; i++) {
		c->before[i] = n;
		if (c->flags[i] & F_WORKING)
			c->work[n++] = (int32_t)i;
	}
	c->before[c->ndays] = n;
	c->nwork = (size_t)n;
}

void
pakn_calendar_init(struct pakn_calendar *c)
{
	size_t i;
	int y;

	memset(c, 0, sizeof *c);
	c->first = date(PAKN_CAL_FIRST_YEAR, 1, 1);
	c->last = date(PAKN_CAL_LAST_YEAR, 12, 31);
	c->ndays = (size_t)(c->last - c->first + 1);
	c->flags = pakn_xmalloc(c->ndays);
	c->note = pakn_xcalloc(c->ndays, sizeof *c->note);
	c->before = pakn_xmalloc((c->ndays + 1) * sizeof *c->before);
	c->work = pakn_xmalloc(c->ndays * sizeof *c->work);
	for (i = 0; i < c->ndays; i++)
		c->flags[i] = is_weekend(c->first + (long)i) ? 0 : F_WORKING;
	intern(c, TET_NGUYEN_DAN);
	for (y = PAKN_CAL_FIRST_YEAR; y <= PAKN_CAL_LAST_YEAR; y++) {
		if (y == PAKN_CAL_OFFICIAL_FIRST)
			apply_official(c);
		if (y >= PAKN_CAL_OFFICIAL_FIRST && y <= PAKN_CAL_OFFICIAL_LAST)
			continue;
		derive_year(c, y);
	}
	reindex(c);
}

void
pakn_calendar_release(struct pakn_calendar *c)
{
	pakn_strmap_free(&c->names);
	free(c->flags);
	free(c->note);
	free(c->before);
	free(c->work);
	memset(c, 0, sizeof *c);
}

const char *
pakn_calendar_name(const struct pakn_calendar *c, long day)
{
	size_t k;

	if (!pakn_calendar_in_range(c, day))
		return NULL;
	k = c->note[day - c->first];
	return k ? pakn_strmap_entry(&c->names, k)->key : NULL;
}

enum pakn_basis
pakn_calendar_basis(const struct pakn_calendar *c, long day)
{
	if (!pakn_calendar_in_range(c, day))
		return PAKN_BASIS_RULE;
	return (enum pakn_basis)((c->flags[day - c->first] & BASIS_MASK) >>
	                         BASIS_SHIFT);
}

int
pakn_calendar_special(const struct pakn_calendar *c, long day)
{
	return pakn_calendar_in_range(c, day) &&
	       pakn_calendar_working(c, day) == is_weekend(day);
}

const char *
pakn_basis_name(enum pakn_basis b)
{
	switch (b) {
	case PAKN_BASIS_OFFICIAL: return "official";
	case PAKN_BASIS_ESTIMATED: return "estimated";
	case PAKN_BASIS_LOCAL: return "local";
	default: return "rule";
	}
}

int
pakn_calendar_year_ok(int year)
{
	return year >= PAKN_CAL_FIRST_YEAR && year <= PAKN_CAL_LAST_YEAR;
}

enum pakn_basis
pakn_calendar_year_basis(const struct pakn_calendar *c, int year)
{
	if (pakn_calendar_year_ok(year) &&
	    c->year_local[year - PAKN_CAL_FIRST_YEAR])
		return PAKN_BASIS_LOCAL;
	if (year >= PAKN_CAL_OFFICIAL_FIRST && year <= PAKN_CAL_OFFICIAL_LAST)
		return PAKN_BASIS_OFFICIAL;
	return PAKN_BASIS_ESTIMATED;
}

/* ---- the local file --------------------------------------------------- */

struct local_day {
	long from, to;
	int working;
	char *name; /* or NULL */
	long line, column;
};

/* A date value: YYYY-MM-DD within 1900-2199. */
static int
node_date(const yaml_node_t *v, const char *path, const char *key, long *day,
          struct pakn_error *err)
{
	struct pakn_error e;

	if (v->type != YAML_SCALAR_NODE)
		return pakn_yaml_error(err, path, v,
		                       "'%s' must be a date (YYYY-MM-DD)", key);
	if (pakn_date_parse_iso(pakn_yaml_scalar(v), day, &e) != 0)
		return pakn_yaml_error(err, path, v, "%s: %s", key, e.text);
	return 0;
}

/* A year of `schedule:`: digits, within 1900-2199. */
static int
node_year(const yaml_node_t *v, const char *path, unsigned char *years,
          struct pakn_error *err)
{
	const char *t;
	char *end;
	long y;

	if (v->type != YAML_SCALAR_NODE)
		return pakn_yaml_error(err, path, v,
		                       "'schedule' must be a year or a list "
		                       "of years");
	t = pakn_yaml_scalar(v);
	errno = 0;
	y = strtol(t, &end, 10);
	if (t[0] < '0' || t[0] > '9' || *end != '\0' || errno != 0 ||
	    !pakn_calendar_year_ok((int)(y > 9999 ? 0 : y)))
		return pakn_yaml_error(err, path, v,
		                       "schedule: expected a year from %d to "
		                       "%d, not '%s'",
		                       PAKN_CAL_FIRST_YEAR, PAKN_CAL_LAST_YEAR,
		                       t);
	years[y - PAKN_CAL_FIRST_YEAR] = 1;
	return 0;
}

/* One item of an off: or work: list. */
static int
load_item(yaml_document_t *doc, yaml_node_t *item, int working,
          const char *path, struct local_day *out, struct pakn_error *err)
{
	static const char *const keys[] = {"date", "from", "to", "name"};
	yaml_node_pair_t *pair;
	yaml_node_t *k, *v;
	long val[3] = {0, 0, 0};
	int seen[4] = {0, 0, 0, 0}, which, i;

	memset(out, 0, sizeof *out);
	out->working = working;
	out->line = (long)item->start_mark.line + 1;
	out->column = (long)item->start_mark.column + 1;
	if (item->type != YAML_MAPPING_NODE)
		return pakn_yaml_error(
		    err, path, item,
		    "expected {date: YYYY-MM-DD, name: ...} or "
		    "{from: DATE, to: DATE, name: ...}");
	for (pair = item->data.mapping.pairs.start;
	     pair < item->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(doc, pair->key);
		v = yaml_document_get_node(doc, pair->value);
		if (k->type != YAML_SCALAR_NODE)
			goto fail_key;
		which = -1;
		for (i = 0; i < 4; i++)
			if (strcmp(pakn_yaml_scalar(k), keys[i]) == 0)
				which = i;
		if (which < 0) {
			pakn_yaml_error(
			    err, path, k,
			    "unknown key '%s' (expected date, from, to, name)",
			    pakn_yaml_scalar(k));
			goto fail;
		}
		if (seen[which]++) {
			pakn_yaml_error(err, path, k, "duplicate key '%s'",
			                pakn_yaml_scalar(k));
			goto fail;
		}
		if (which == 3) {
			if (v->type != YAML_SCALAR_NODE) {
				pakn_yaml_error(err, path, v,
				                "'name' must be text");
				goto fail;
			}
			out->name = pakn_xstrdup(pakn_yaml_scalar(v));
			continue;
		}
		if (node_date(v, path, keys[which], &val[which], err) != 0)
			goto fail;
	}
	if (seen[0] && (seen[1] || seen[2])) {
		pakn_yaml_error(
		    err, path, item,
		    "give either 'date' or 'from' and 'to', not both");
		goto fail;
	}
	if (seen[0]) {
		out->from = out->to = val[0];
		return 0;
	}
	if (!seen[1] || !seen[2]) {
		pakn_yaml_error(err, path, item,
		                seen[1] || seen[2]
		                    ? "a range needs both 'from' and 'to'"
		                    : "missing 'date' (or 'from' and 'to')");
		goto fail;
	}
	if (val[2] < val[1]) {
		pakn_yaml_error(err, path, item, "'to' is before 'from'");
		goto fail;
	}
	out->from = val[1];
	out->to = val[2];
	return 0;
fail_key:
	pakn_yaml_error(err, path, k, "keys must be plain words");
fail:
	free(out->name);
	out->name = NULL;
	return -1;
}

/* A local day's name, or the default. */
static const char *
local_name(const struct local_day *ld)
{
	if (ld->name)
		return ld->name;
	return ld->working ? "Ngày làm việc (lịch địa phương)"
	                   : "Ngày nghỉ (lịch địa phương)";
}

/* Whether the file's new names fit beside the calendar's (a day points
 * to its name by a 16-bit index): 0, or -1 at the first day whose name
 * is one too many.  Nothing is added to the calendar. */
static int
check_names(const struct pakn_calendar *c, const struct local_day *days,
            size_t ndays, const char *path, struct pakn_error *err)
{
	struct pakn_strmap fresh = PAKN_STRMAP_INIT;
	size_t have = pakn_strmap_count(&c->names), i;
	const char *name;
	int rc = 0;

	if (have == 0)
		have = 1; /* the "no name" entry, made on first use */
	for (i = 0; i < ndays && rc == 0; i++) {
		name = local_name(&days[i]);
		if (pakn_strmap_get(&c->names, name, NULL) ||
		    !pakn_strmap_put(&fresh, name, 0))
			continue;
		if (have - 1 + pakn_strmap_count(&fresh) > PAKN_CAL_MAX_NAMES)
			rc = pakn_error_set(
			    err, path, days[i].line, days[i].column,
			    "too many distinct day names: a calendar holds "
			    "at most %d (with its built-in names)",
			    PAKN_CAL_MAX_NAMES);
	}
	pakn_strmap_free(&fresh);
	return rc;
}

int
pakn_calendar_load(struct pakn_calendar *c, const char *path,
                   struct pakn_error *err)
{
	yaml_document_t doc;
	yaml_node_t *root, *k, *v, *item;
	yaml_node_pair_t *pair;
	yaml_node_item_t *it;
	struct local_day *days = NULL, *ld;
	size_t ndays = 0, cap = 0, i, j;
	int seen[3] = {0, 0, 0}, which, rc = -1, y;
	unsigned char *mark = NULL;
	unsigned char years[sizeof c->year_local];
	long d, total = 0;

	memset(years, 0, sizeof years);
	if (pakn_yaml_load_file(&doc, path, "calendar file", err) != 0)
		return -1;
	root = yaml_document_get_root_node(&doc);
	if (root == NULL) {
		rc = 0; /* an empty file changes nothing */
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		pakn_yaml_error(
		    err, path, root,
		    "expected a mapping with 'off:' and 'work:' lists "
		    "(and 'schedule:')");
		goto out;
	}
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(&doc, pair->key);
		v = yaml_document_get_node(&doc, pair->value);
		if (k->type != YAML_SCALAR_NODE) {
			pakn_yaml_error(err, path, k,
			                "keys must be plain words");
			goto out;
		}
		if (strcmp(pakn_yaml_scalar(k), "off") == 0)
			which = 0;
		else if (strcmp(pakn_yaml_scalar(k), "work") == 0)
			which = 1;
		else if (strcmp(pakn_yaml_scalar(k), "schedule") == 0)
			which = 2;
		else {
			pakn_yaml_error(
			    err, path, k,
			    "unknown key '%s' (expected off, work, schedule)",
			    pakn_yaml_scalar(k));
			goto out;
		}
		if (seen[which]++) {
			pakn_yaml_error(err, path, k, "duplicate key '%s'",
			                pakn_yaml_scalar(k));
			goto out;
		}
		if (which == 2) {
			if (v->type != YAML_SEQUENCE_NODE) {
				if (node_year(v, path, years, err) != 0)
					goto out;
				continue;
			}
			for (it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++)
				if (node_year(yaml_document_get_node(&doc, *it),
				              path, years, err) != 0)
					goto out;
			continue;
		}
		if (v->type == YAML_SCALAR_NODE &&
		    pakn_yaml_scalar(v)[0] == '\0')
			continue; /* "off:" with nothing after it */
		if (v->type != YAML_SEQUENCE_NODE) {
			pakn_yaml_error(err, path, v, "'%s' must be a list",
			                pakn_yaml_scalar(k));
			goto out;
		}
		for (it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			item = yaml_document_get_node(&doc, *it);
			if (ndays == cap) {
				cap = cap ? 2 * cap : 16;
				days = pakn_xrealloc(days, cap * sizeof *days);
			}
			if (load_item(&doc, item, which, path, &days[ndays],
			              err) != 0)
				goto out;
			ndays++;
			/* The cost is days x entries: bounded, or a small file
			 * of aliases to a long range takes minutes. */
			total += days[ndays - 1].to - days[ndays - 1].from + 1;
			if (total > PAKN_CAL_MAX_FILE_DAYS) {
				pakn_yaml_error(
				    err, path, item,
				    "the file's entries cover more than %ld "
				    "days in all (each range counts once per "
				    "entry)",
				    (long)PAKN_CAL_MAX_FILE_DAYS);
				goto out;
			}
		}
	}
	/* A day both off and work in the same file is a mistake. */
	mark = pakn_xcalloc(c->ndays, 1);
	for (i = 0; i < ndays; i++) {
		ld = &days[i];
		for (d = ld->from; d <= ld->to; d++) {
			j = (size_t)(d - c->first);
			if (mark[j] && mark[j] != ld->working + 1) {
				int m, dd;

				pakn_civil_from_days(d, &y, &m, &dd);
				pakn_error_set(err, path, ld->line, ld->column,
				               "%04d-%02d-%02d is listed both "
				               "under 'off' and under 'work'",
				               y, m, dd);
				goto out;
			}
			mark[j] = (unsigned char)(ld->working + 1);
		}
	}
	if (check_names(c, days, ndays, path, err) != 0)
		goto out;
	/* A year whose whole schedule the file gives: its built-in days
	 * go first, back to Monday-Friday. */
	for (y = PAKN_CAL_FIRST_YEAR; y <= PAKN_CAL_LAST_YEAR; y++) {
		if (!years[y - PAKN_CAL_FIRST_YEAR])
			continue;
		for (d = date(y, 1, 1); d <= date(y, 12, 31); d++)
			set_day(c, d, !is_weekend(d), NULL, PAKN_BASIS_RULE);
		c->year_local[y - PAKN_CAL_FIRST_YEAR] = 1;
	}
	for (i = 0; i < ndays; i++) {
		ld = &days[i];
		for (d = ld->from; d <= ld->to; d++)
			set_day(c, d, ld->working, local_name(ld),
			        PAKN_BASIS_LOCAL);
	}
	reindex(c);
	rc = 0;
out:
	for (i = 0; i < ndays; i++)
		free(days[i].name);
	free(days);
	free(mark);
	yaml_document_delete(&doc);
	return rc;
}
