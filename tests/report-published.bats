#!/usr/bin/env bats
# pakn-report counts the published cases ("đã công khai"): from
# pakn-publish's output (--published FILE, --id-salt KEY) or from records'
# published_at; by agency in every format, against what pakn-publish wrote.
bats_require_minimum_version 1.5.0
load test_helper

P=(--from 2021-11-01 --to 2021-11-30 --as-of 2021-12-06 --by agency)

setup() {
	cd "$BATS_TEST_TMPDIR"
	# Twelve cases of three agencies received in November, one in
	# October (outside the period), a denunciation and an unanswered case.
	{
		for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
			ag=a$((i % 3))
			printf '{"id":"N%02d","received_at":"2021-11-%02dT08:00:00+07:00","channel":"portal","kind":"question","agency":"%s","agency_name":"Sở %s","status":"answered","answered_at":"2021-11-%02dT09:00:00+07:00","content":"Hỏi về thủ tục %d","answer":"Đã trả lời"}\n' \
			    "$i" "$i" "$ag" "$ag" $((i + 2)) "$i"
		done
		printf '{"id":"OCT","received_at":"2021-10-02T08:00:00+07:00","channel":"portal","kind":"question","agency":"a1","status":"answered","answered_at":"2021-10-04T09:00:00+07:00","content":"Cũ","answer":"Đã trả lời"}\n'
		printf '{"id":"DEN","received_at":"2021-11-03T08:00:00+07:00","channel":"letter","kind":"denunciation","agency":"a1","status":"answered","answered_at":"2021-11-05T09:00:00+07:00","content":"Tố cáo","answer":"Đã xử lý"}\n'
		printf '{"id":"OPEN","received_at":"2021-11-20T08:00:00+07:00","channel":"portal","kind":"question","agency":"a2","status":"processing","content":"Chưa xong"}\n'
	} >cases.jsonl
	# Seven of them withheld from the portal: ids N01..N07 published.
	jq -c 'if (.id | test("^N(0[89]|1)")) then .publish = false else . end' cases.jsonl >marked.jsonl
}

# want_by_agency PUB: the published cases of the period per agency, from
# pakn-publish's output PUB (its received_at and agency), as {agency: n}.
want_by_agency() {
	jq -s -c '[.[] | select(.received_at >= "2021-11-01" and .received_at < "2021-12-01")] | group_by(.agency) | map({(.[0].agency): length}) | add // {}' -S "$1"
}

@test "pakn-report --published: the cases pakn-publish wrote, counted by agency, equal its output" {
	pakn-publish -q -o pub.jsonl marked.jsonl
	run -0 wc -l <pub.jsonl
	[ "$output" -eq 8 ] # N01..N07 and OCT
	pakn-report "${P[@]}" --published pub.jsonl -f json marked.jsonl >r.json
	run -0 jq .totals.published r.json
	assert_output 7
	want_by_agency pub.jsonl >want
	jq -S -c '[.groups.agency[] | select(.published > 0) | {(.key): .published}] | add // {}' r.json >got
	diff want got
	# Every agency row has the figure, 0 where nothing was published.
	run -0 jq -c '[.groups.agency[] | .published | type] | unique' r.json
	assert_output '["number"]'
	# The denunciation and the open case are never counted.
	run -0 jq -c '[.groups.agency[] | .published] | add' r.json
	assert_output 7
}

@test "pakn-report --published: keyed ids need the same --id-salt" {
	pakn-publish -q --id-salt s3cret -o pub.jsonl marked.jsonl
	run -0 jq -r .id pub.jsonl
	refute_output --partial N01
	run -0 pakn-report "${P[@]}" --published pub.jsonl -f json marked.jsonl
	run -0 jq .totals.published <<<"$output"
	assert_output 0
	run -0 pakn-report "${P[@]}" --published pub.jsonl --id-salt s3cret -f json marked.jsonl
	run -0 jq .totals.published <<<"$output"
	assert_output 7
	run -0 pakn-report "${P[@]}" --published pub.jsonl --id-salt other -f json marked.jsonl
	run -0 jq .totals.published <<<"$output"
	assert_output 0
}

@test "pakn-report: records carrying published_at are counted without --published" {
	jq -c 'if (.id | test("^N0[1-5]$")) then .published_at = "2021-11-28T10:00:00+07:00" else . end' cases.jsonl >p.jsonl
	run -0 pakn-report "${P[@]}" -f json p.jsonl
	run -0 jq -c '.totals.published, ([.groups.agency[] | {(.key): .published}] | add)' <<<"$output"
	assert_line -n 0 5
	assert_line -n 1 '{"a1":2,"a2":2,"a0":1}'
	# An empty published_at is not a publication.
	jq -c '.published_at = ""' cases.jsonl >e.jsonl
	run -0 pakn-report "${P[@]}" -f json e.jsonl
	run -0 jq -c .totals.published <<<"$output"
	assert_output null
}

@test "pakn-report: without publication data, published is null (json), empty (csv) and not shown" {
	run -0 pakn-report "${P[@]}" -f json cases.jsonl
	run -0 jq -c '[.totals.published, (.groups.agency[] | .published)] | unique' <<<"$output"
	assert_output '[null]'
	run -0 pakn-report "${P[@]}" -f csv cases.jsonl
	assert_line -n 0 --regexp ',published,rated,not_rated,escalated_unsatisfied,escalated_beyond_authority,escalated_denunciation,escalated_other,directives_on_time,directives_late,directives_awaiting,directives_overdue,coordination_asked,coordination_on_time,coordination_late,coordination_awaiting,coordination_overdue,multi_level,returns$'
	assert_line -n 1 --regexp ',,[0-9]+,[0-9]+(,[0-9]+){15}$'
	run -0 pakn-report "${P[@]}" --width 0 cases.jsonl
	refute_output --partial 'Đã công khai'
	run -0 pakn-report "${P[@]}" -f html cases.jsonl
	refute_output --partial 'Đã công khai'
}

@test "pakn-report --published: shown in text, md, csv, html and the workbook" {
	pakn-publish -q -o pub.jsonl marked.jsonl
	run -0 pakn-report "${P[@]}" --published pub.jsonl --width 0 marked.jsonl
	assert_line --regexp '^ +Đã công khai +7 +1 +\+6$'
	assert_line --regexp '^ +Sở a1 .* 3$' # the agency table's last column
	run -0 pakn-report "${P[@]}" --published pub.jsonl -f md marked.jsonl
	assert_line --regexp '^\| Đã công khai \| 7 \|'
	run -0 pakn-report "${P[@]}" --published pub.jsonl -f csv marked.jsonl
	assert_line -n 1 --regexp '^2021-11-01/2021-11-30,total,.*,7,[0-9]+,[0-9]+(,[0-9]+){15}$'
	assert_line --regexp '^2021-10-02/2021-10-31,total,.*,1,[0-9]+,[0-9]+(,[0-9]+){8},,,,,,[0-9]+,$'
	run -0 pakn-report "${P[@]}" --published pub.jsonl -f html marked.jsonl
	assert_output --regexp '<td>Đã công khai</td><td[^>]*>7</td>'
	pakn-report "${P[@]}" --published pub.jsonl -f xlsx -o r.xlsx marked.jsonl
	# The summary sheet: the label's row holds 7 this period, 1 before.
	run -0 python3 - r.xlsx <<-'PY'
	import re, sys, zipfile
	z = zipfile.ZipFile(sys.argv[1])
	names = z.namelist()
	ss = []
	if "xl/sharedStrings.xml" in names:
	    ss = re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)
	def text(attrs, body):
	    if 't="s"' in attrs:
	        return re.sub(r"<[^>]+>", "", ss[int(re.search(r"<v>(.*?)</v>", body).group(1))])
	    if 't="inlineStr"' in attrs:
	        return re.sub(r"<[^>]+>", "", body)
	    m = re.search(r"<v>(.*?)</v>", body)
	    return m.group(1) if m else ""
	sheet = z.read("xl/worksheets/sheet1.xml").decode()
	for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S):
	    cells = {}
	    for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
	        cells[ref] = text(attrs, body)
	    if cells.get("A") == "Đã công khai":
	        print(cells.get("B"), cells.get("C"))
	PY
	assert_output '7 1'
}

@test "pakn-report --published: partials carry the count; merged, the same report" {
	pakn-publish -q -o pub.jsonl marked.jsonl
	pakn-report "${P[@]}" --published pub.jsonl -f json marked.jsonl >whole.json
	head -7 marked.jsonl >p1.jsonl
	tail -n +8 marked.jsonl >p2.jsonl
	pakn-report "${P[@]}" --published pub.jsonl --partial p1.jsonl >1.partial
	pakn-report "${P[@]}" --published pub.jsonl --partial p2.jsonl >2.partial
	pakn-report --merge -f json 1.partial 2.partial | cmp - whole.json
	# A partial without publication data does not merge with one that has.
	pakn-report "${P[@]}" --partial p2.jsonl >3.partial
	run -2 pakn-report --merge -f json 1.partial 3.partial
}

@test "pakn-report --published: a bad file is named, with its line, and nothing is written" {
	run -2 --separate-stderr pakn-report "${P[@]}" --published missing.jsonl -o r.json cases.jsonl
	[[ "$stderr" == *"missing.jsonl: cannot open: No such file or directory"* ]]
	[ ! -e r.json ]
	printf '{"id":"N01"}\n\n{"id":\n' >bad.jsonl
	run -2 --separate-stderr pakn-report "${P[@]}" --published bad.jsonl cases.jsonl
	[[ "$stderr" == *"bad.jsonl:3:"*"not JSON"* ]]
	printf '{"id":"N01"}\n{"title":"x"}\n' >noid.jsonl
	run -2 --separate-stderr pakn-report "${P[@]}" --published noid.jsonl cases.jsonl
	[[ "$stderr" == *'noid.jsonl:2: no "id"'* ]]
	run -2 --separate-stderr pakn-report "${P[@]}" --id-salt k cases.jsonl
	[[ "$stderr" == *"--id-salt goes with --published"* ]]
	pakn-report "${P[@]}" --partial cases.jsonl >x.partial
	run -2 --separate-stderr pakn-report --merge --published bad.jsonl x.partial
	[[ "$stderr" == *"--partial runs"* ]]
}
