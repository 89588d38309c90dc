#!/usr/bin/env bats
# Replays every input the fuzzers found (tests/fuzz/regress/HARNESS/*)
# through the real programs, as a user would run them: none may crash,
# hang or end other than with a documented status (0 to 3).  Each
# harness's inputs are turned into what the program reads: a record line,
# an input file (the harness's first byte is its settings: the file is the
# rest), a date in a record, a partial, a rules file, a calendar file.
bats_require_minimum_version 1.5.0
load test_helper

REG="$TOP/tests/fuzz/regress"

setup() {
	cd "$BATS_TEST_TMPDIR"
	printf '{"id":"A1","received_at":"2026-10-05T08:00:00+07:00","channel":"hotline","content":"xả thải","category":"Môi trường"}\n' > one.jsonl
}

# ok STATUS WHAT: a documented exit status, nothing killed by a signal.
ok() {
	if [ "$1" -gt 3 ]; then
		echo "$2: exit status $1" >&2
		return 1
	fi
}

# each HARNESS: the inputs found for it (none is fine).
each() {
	[ -d "$REG/$1" ] || return 0
	find "$REG/$1" -type f ! -name '*.md' | sort
}

@test "fuzz regressions: record scanner inputs, through pakn-route, pakn-deadline and pakn-report" {
	for f in $(each record); do
		run timeout 20 pakn-route -q -r "$DATA/route/rules.yaml" "$f"; ok "$status" "$f"
		run timeout 20 pakn-deadline -q "$f"; ok "$status" "$f"
		run timeout 20 pakn-report -q --month 2026-10 "$f"; ok "$status" "$f"
	done
}

@test "fuzz regressions: ingest inputs, through pakn-ingest (detected and each format), its output through pakn-route" {
	for f in $(each ingest); do
		tail -c +2 "$f" > in.bin
		for fmt in "" "-f csv" "-f jsonl" "-f json"; do
			# shellcheck disable=SC2086
			run timeout 20 pakn-ingest -q $fmt --rejects rej.jsonl -o out.jsonl in.bin
			ok "$status" "$f $fmt"
			[ ! -s out.jsonl ] || { run timeout 20 pakn-route -q -r "$DATA/route/rules.yaml" out.jsonl; [ "$status" -eq 0 ]; }
		done
	done
}

@test "fuzz regressions: date inputs, as a receipt date through pakn-ingest and pakn-deadline" {
	for f in $(each when); do
		python3 -c 'import json,sys; d=open(sys.argv[1],"rb").read()[1:].decode("utf-8","replace"); print(json.dumps({"id":"D","received_at":d,"content":"x"}))' "$f" > d.jsonl
		run timeout 20 pakn-ingest -q -o out.jsonl d.jsonl; ok "$status" "$f"
		run timeout 20 pakn-deadline -q d.jsonl; ok "$status" "$f"
	done
}

@test "fuzz regressions: partials, through pakn-report --merge in every format" {
	for f in $(each merge); do
		for fmt in text md csv json html; do
			run timeout 20 pakn-report --merge --format "$fmt" "$f"; ok "$status" "$f $fmt"
		done
	done
}

@test "fuzz regressions: rules files, through pakn-route --check and routing a record" {
	for f in $(each rules); do
		run timeout 20 pakn-route --check "$f"; ok "$status" "$f"
		run timeout 20 pakn-route -q -r "$f" one.jsonl; ok "$status" "$f"
	done
}

@test "fuzz regressions: calendar files, through pakn-deadline --calendar-file" {
	for f in $(each calendar); do
		run timeout 60 pakn-deadline -q --calendar-file "$f" one.jsonl; ok "$status" "$f"
	done
}

@test "fuzz regressions: workbooks, through pakn-ingest (--list-sheets and every sheet)" {
	for f in $(each xlsx); do
		# the harness's first byte: even, the rest is the zip; odd, XML
		# parts split at NULs, zipped as fuzz_xlsx.c zips them
		python3 - "$f" <<'PY'
import sys, zipfile
d = open(sys.argv[1], "rb").read()
if not d or d[0] % 2 == 0:
    open("book.xlsx", "wb").write(d[1:])
else:
    names = ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]
    with zipfile.ZipFile("book.xlsx", "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        for name, part in zip(names, d[1:].split(b"\0")):
            z.writestr(name, part)
PY
		run timeout 20 pakn-ingest -q --list-sheets book.xlsx; ok "$status" "$f"
		for s in 1 2 3; do
			run timeout 20 pakn-ingest -q --sheet "$s" --rejects rej.jsonl -o out.jsonl book.xlsx; ok "$status" "$f sheet $s"
		done
	done
}

@test "fuzz regressions: worksheet XML, as a workbook's sheet through pakn-ingest" {
	for f in $(each xmlscan); do
		# the harness's first byte is its chunk size: the rest is the sheet
		python3 - "$f" <<'PY'
import sys, zipfile
d = open(sys.argv[1], "rb").read()[1:]
with zipfile.ZipFile("sheet.xlsx", "w", zipfile.ZIP_STORED) as z:
    z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", d)
PY
		run timeout 20 pakn-ingest -q --rejects rej.jsonl -o out.jsonl sheet.xlsx; ok "$status" "$f"
	done
}

@test "fuzz regressions: masker inputs, through pakn-publish and its --check, no submitter value left" {
	for f in $(each mask); do
		# the harness's input: submitter values (0x01 between) NUL text
		python3 - "$f" >rec.jsonl <<'PY'
import json, sys
d = open(sys.argv[1], "rb").read()
sub, _, text = d.partition(b"\0") if b"\0" in d else (b"", b"", d)
keys = ["name", "phone", "email", "address"]
s = {k: v.decode("utf-8", "replace") for k, v in zip(keys, sub.split(b"\1")) if v}
print(json.dumps({"id": "F1", "received_at": "2026-10-05T08:00:00+07:00", "status": "answered",
                  "answered_at": "2026-10-06T08:00:00+07:00", "channel": "portal",
                  "content": text.decode("utf-8", "replace") or "x", "answer": "x", "submitter": s},
                 ensure_ascii=False))
PY
		run timeout 20 pakn-publish -q -o out.jsonl rec.jsonl; ok "$status" "$f"
		[ "$status" -eq 0 ] || { echo "$f: pakn-publish exit $status" >&2; return 1; }
		run timeout 20 pakn-publish --explain rec.jsonl; ok "$status" "$f"
		# --check may report a pattern made by masking (fuzz_mask.c), never
		# a submitter value of the record.
		jq -c --slurpfile r rec.jsonl '. + {submitter: $r[0].submitter}' out.jsonl >chk.jsonl
		run timeout 20 pakn-publish --check chk.jsonl; ok "$status" "$f"
		# (the submitter object itself is reported too: not published)
		run grep -v ': submitter\.' <<<"$output"
		[[ "$output" != *submitter_* ]] || { echo "$f: $output" >&2; return 1; }
	done
}
