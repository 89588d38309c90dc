/*
 * fuzz_rules.c: a rules file (lib/rules.c: YAML, validation, pattern
 * compilation) checked and loaded, then every record of a small fixed set
 * routed and given a deadline policy with it (lib/match.c).  No property
 * beyond the sanitizers and that --check and load agree on errors.
 */
#include "fuzz.h"
#include "match.h"
#include "record.h"
#include "rules.h"

static const char *const records[] = {
    "{\"id\":\"A1\",\"received_at\":\"2026-10-05T08:00:00+07:00\","
    "\"channel\":\"hotline\",\"kind\":\"complaint\",\"title\":\"Xả thải "
    "ra kênh\",\"content\":\"Cơ sở sản xuất xả thải gây mùi hôi, ô "
    "nhiễm\",\"category\":\"Môi trường\",\"location\":{\"province\":\"Phú "
    "Thọ\",\"district\":\"Việt Trì\",\"commune\":\"Gia Cẩm\"},"
    "\"agency\":\"UBND xã\",\"status\":\"received\"}",
    ("{\"id\":\"A2\",\"received_at\":\"2026-10-06\",\"channel\":\"zalo\","
     "\"content\":\"đường hỏng nhiều ổ gà aaaaaaaaaaaaaaaaaaaaaaaa\","
     "\"category\":\"TN&MT - Giao thông\",\"submitter\":{\"type\":"
     "\"business\"}}"),
    "{\"id\":\"A3\",\"received_at\":\"2026-10-07T23:59:59+07:00\","
    "\"channel\":\"other\",\"content\":\"\",\"title\":\"\"}"};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pakn_record rec;
	static int ready;
	const char *path = fuzz_file(data, size, ".yaml");
	struct pakn_msgs msgs = {NULL, 0};
	struct pakn_error err;
	struct pakn_rules *r;
	struct pakn_case c;
	struct pakn_route rt;
	int nerr, flags;
	size_t i;

	if (!ready) {
		pakn_record_init(&rec);
		ready = 1;
	}
	nerr = pakn_rules_check(path, &msgs);
	free(msgs.v);
	r = pakn_rules_load(path, &err);
	FUZZ_ASSERT((r != NULL) == (nerr == 0),
	            "--check and loading agree on errors");
	if (r == NULL)
		return 0;
	for (i = 0; i < sizeof records / sizeof records[0]; i++) {
		if (pakn_record_scan(&rec, records[i], strlen(records[i]),
		                     NULL) != 0)
			abort();
		for (flags = 0; flags < 8; flags += 3) {
			pakn_case_init(&c);
			pakn_case_load(&c, &rec);
			pakn_route_init(&rt);
			pakn_rules_route(r, &c, flags, &rt);
			pakn_rules_deadline(r, &c, NULL);
			pakn_route_release(&rt);
			pakn_case_release(&c);
		}
	}
	pakn_rules_free(r);
	return 0;
}
