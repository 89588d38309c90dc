/*
 * fuzz_merge.c: report partials (lib/agg.c pakn_agg_partial_config,
 * pakn_agg_merge_partial) and every renderer.  The input is one partial
 * (JSON); it is merged twice (as two equal partials would be) and the
 * report of the whole and of each split is rendered in every format and
 * both languages.  No property beyond the sanitizers: no crash, no
 * undefined behaviour, no leak.
 */
#include <jansson.h>

#include "agg.h"
#include "fuzz.h"
#include "render.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum pakn_format fmts[] = {PAKN_FMT_TEXT, PAKN_FMT_MD,
	                                        PAKN_FMT_CSV, PAKN_FMT_JSON,
	                                        PAKN_FMT_HTML};
	struct pakn_agg_config cfg;
	struct pakn_error err;
	struct pakn_render_opts ro;
	struct pakn_report *rep;
	struct pakn_buf out = PAKN_BUF_INIT;
	struct pakn_agg *a;
	json_t *p = json_loadb((const char *)data, size, 0, NULL);
	size_t scope, f, lang;

	if (p == NULL)
		return 0;
	if (pakn_agg_partial_config(p, &cfg, &err) != 0) {
		json_decref(p);
		return 0;
	}
	a = pakn_agg_new(&cfg);
	if (pakn_agg_merge_partial(a, p, &err) == 0 &&
	    pakn_agg_merge_partial(a, p, &err) == 0) {
		for (scope = 0; scope <= pakn_agg_nsplits(a) && scope < 4;
		     scope++) {
			rep = pakn_agg_report(a, scope);
			for (f = 0; f < 5; f++)
				for (lang = 0; lang < 2; lang++) {
					memset(&ro, 0, sizeof ro);
					ro.format = fmts[f];
					ro.lang =
					    lang ? PAKN_LANG_EN : PAKN_LANG_VI;
					ro.excel = (int)lang;
					ro.width = lang ? 60 : 0;
					ro.title = lang ? "fuzz" : NULL;
					pakn_buf_reset(&out);
					pakn_render(rep, &ro, &out);
				}
			pakn_report_free(rep);
		}
	}
	pakn_agg_free(a);
	pakn_buf_release(&out);
	json_decref(p);
	return 0;
}
