#!/usr/bin/env bats
# pakn-route: routing rules, time validity, folding, escalation, --check,
# --explain, and the conventions every filter keeps.
bats_require_minimum_version 1.5.0
load test_helper

RULES="$DATA/route/rules.yaml"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

rec() { # id received content [extra json members]; channel zalo unless given
	local ch=',"channel":"zalo"'
	[[ "${4:-}" != *'"channel"'* ]] || ch=
	printf '{"id":"%s","received_at":"%sT08:00:00+07:00"%s,"content":"%s"%s}\n' "$1" "$2" "$ch" "$3" "${4:-}"
}

@test "pakn-route: the same category goes to the old agency in 2024 and the new one in 2026" {
	{
		rec old 2024-03-01 "Tranh chấp" ',"category":"Môi trường"'
		rec new 2026-03-01 "Tranh chấp" ',"category":"Môi trường"'
	} > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r '[.id, .agency, .agency_name, .level, .route.rule] | @tsv'"
	assert_output $'old\tvp-so-tnmt\tSở Tài nguyên và Môi trường\tprovince\tenvironment-old\nnew\tpt-so-nnmt\tSở Nông nghiệp và Môi trường\tprovince\tenvironment-new'
}

@test "pakn-route: a rule naming an agency that did not exist yet falls through to the next rule" {
	# land-binh-xuyen-new names a commune valid from 2025-07-01; a 2024 case
	# in that commune with no district skips it and reaches the default.
	rec c1 2024-05-02 "Tranh chấp" ',"category":"Đất đai","channel":"hotline","location":{"commune":"Bình Xuyên"}}' | sed 's/}}$/}/' > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' --explain in.jsonl | jq -r '.agency, (.route.trace[] | select(.rule==\"land-binh-xuyen-new\") | .result)'"
	assert_output $'vp-ubnd\nagency not valid'
}

@test "pakn-route: fold matches diacritic-free text, and patterns match Vietnamese case-insensitively" {
	{
		rec a 2026-01-05 "co so XA THAI ra kenh"
		rec b 2026-01-05 "Ô NHIỄM không khí"
		rec c 2026-01-05 "xà thài"
	} > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r '[.id, .route.rule // \"default\"] | @tsv'"
	# "xà thài" folds to "xa thai" too: fold strips every tone.
	assert_output $'a\tpollution-new\nb\tpollution-new\nc\tpollution-new'
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r '.route.why' | head -1"
	assert_output "content matched 'xa thai' (folded)"
}

@test "pakn-route: category labels are matched through aliases, folded, and after a 'TN&MT - ' prefix" {
	{
		rec a 2026-01-05 "x" ',"category":"TN&MT - Môi trường"'
		rec b 2026-01-05 "x" ',"category":"  moi   TRUONG "'
		rec c 2026-01-05 "x" ',"category":"Phòng TNMT - Môi trường"'
		rec d 2026-01-05 "x" ',"category":"Giáo dục"'
	} > in.jsonl
	run -0 --separate-stderr pakn-route -v -r "$RULES" in.jsonl
	run -0 jq -r '.category_id // "-"' <<<"$output"
	assert_output $'moi-truong\nmoi-truong\nmoi-truong\n-'
	run -0 --separate-stderr pakn-route -v -r "$RULES" in.jsonl
	[[ "$stderr" == *"unknown category 1"* ]]
	[[ "$stderr" == *"1  Giáo dục"* ]]
}

@test "pakn-route: place conditions ignore case, diacritics and administrative prefixes" {
	{
		rec a 2024-03-01 "x" ',"category":"Đất đai","channel":"hotline","location":{"district":"HUYỆN BÌNH XUYÊN"}'
		rec b 2024-03-01 "x" ',"category":"Đất đai","channel":"hotline","location":{"district":"binh xuyen"}'
		rec c 2026-03-01 "x" ',"category":"Đất đai","channel":"hotline","location":{"commune":"Xã Hương Canh"}'
	} > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r .agency"
	assert_output $'vp-ubnd-binh-xuyen\nvp-ubnd-binh-xuyen\nxa-binh-xuyen'
}

@test "pakn-route: any / not combinations" {
	{
		rec a 2026-03-01 "bị lấn chiếm đất" ',"category":"Đất đai","channel":"email"'
		rec b 2026-03-01 "bị lấn chiếm đất" ',"category":"Đất đai","channel":"hotline"'
		rec c 2026-03-01 "khác" ',"category":"Đất đai","channel":"email"'
	} > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r '.route.rule // \"default\"'"
	assert_output $'land-any-not-hotline\ndefault\ndefault'
}

@test "pakn-route: cc lists the coordinating agencies" {
	rec a 2026-03-01 "xả thải" > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -c .cc"
	assert_output '["cong-an-tinh"]'
}

@test "pakn-route: escalation moves an unsatisfied case up and records where it came from" {
	rec a 2026-03-01 "xả thải" ',"satisfaction":"unsatisfied"' > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -c '[.agency, .route.rule, .route.escalated, .route.from, .route.escalation]'"
	assert_output '["ubnd-tinh","pollution-new",true,"pt-so-nnmt","unsatisfied"]'
}

@test "pakn-route: the record's own agency is kept when it resolves; --reroute routes from scratch" {
	rec a 2024-03-01 "xả thải" ',"agency":"Sở TN&MT"' > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -c '[.agency, .route.rule, .route.source_agency]'"
	assert_output '["vp-so-tnmt","source","Sở TN&MT"]'
	rec b 2026-03-01 "hỏi" ',"agency":"Sở Nông nghiệp và Môi trường"' > in2.jsonl
	run -0 sh -c "pakn-route -r '$RULES' --reroute in2.jsonl | jq -c '[.agency, .route.rule]'"
	assert_output '["vp-ubnd",null]'
	rec c 2026-03-01 "hỏi" ',"agency":"Phòng không có"' > in3.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in3.jsonl | jq -c '[.agency, .route.source_agency]'"
	assert_output '["vp-ubnd","Phòng không có"]'
}

@test "pakn-route: a name two agencies share resolves to the one that existed on the receipt day" {
	{
		rec a 2024-03-01 "hỏi" ',"agency":"Sở Y tế"'
		rec b 2026-03-01 "hỏi" ',"agency":"SO Y TE"'
	} > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -r '.agency'"
	assert_output $'vp-so-yt\npt-so-yt'
}

@test "pakn-route: --successors reports an old agency as its current successor" {
	rec a 2024-03-01 "xả thải" > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' --successors in.jsonl | jq -c '[.agency, .agency_name, .route.successor_of]'"
	assert_output '["pt-so-nnmt","Sở Nông nghiệp và Môi trường","vp-so-tnmt"]'
}

@test "pakn-route: default is the first listed agency that existed, and route.rule is null" {
	rec a 2026-03-01 "hỏi thăm" > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' in.jsonl | jq -c '[.agency, .route.rule, .route.why]'"
	assert_output '["vp-ubnd",null,"no rule matched: default agency"]'
}

@test "pakn-route: every other key passes through byte for byte, in order" {
	printf '%s\n' '{"id":"k","received_at":"2026-03-01T08:00:00+07:00","x":{"a": [1, 2.50, "\u00e9"]},"content":"hỏi","extra":{"Ghi chú":""},"agency_name":"old"}' > in.jsonl
	run -0 pakn-route -r "$RULES" in.jsonl
	[[ "$output" == '{"id":"k","received_at":"2026-03-01T08:00:00+07:00","x":{"a": [1, 2.50, "\u00e9"]},"content":"hỏi","extra":{"Ghi chú":""},"agency_name":"Văn phòng UBND tỉnh","agency":"vp-ubnd",'* ]]
}

@test "pakn-route: --explain adds route.trace, and -v prints it as text" {
	rec a 2026-03-01 "đất bị lấn chiếm" ',"category":"Đất đai","channel":"email"' > in.jsonl
	run -0 sh -c "pakn-route -r '$RULES' --explain in.jsonl | jq -c '[.route.trace[] | [.rule, .result]]'"
	assert_output '[["pollution-old","failed"],["pollution-new","failed"],["land-binh-xuyen-old","failed"],["land-binh-xuyen-new","failed"],["environment-old","failed"],["environment-new","failed"],["land-any-not-hotline","matched"],["unsatisfied","failed"]]'
	run -0 sh -c "pakn-route -r '$RULES' --explain in.jsonl | jq -r '.route.trace[2].detail'"
	assert_output "district '(none)' not in [binh xuyen]"
	run -0 --separate-stderr pakn-route -r "$RULES" --explain -v in.jsonl
	[[ "$stderr" == *"in.jsonl:1: case a"* ]]
	[[ "$stderr" == *"land-any-not-hotline"*"matched"* ]]
	[[ "$stderr" == *"=> pt-so-nnmt (Sở Nông nghiệp và Môi trường)"* ]]
}

@test "pakn-route: a catastrophic pattern hits the match limit: a warning, no crash" {
	cat > slow.yaml <<'YAML'
version: 1
agencies:
  a: {name: "A", level: province}
  b: {name: "B", level: province}
rules:
  - name: catastrophic
    when: {content: "(a+)+$"}
    agency: a
default: b
YAML
	long=$(head -c 5000 /dev/zero | tr '\0' a)
	printf '{"id":"x","received_at":"2026-01-01","content":"%sb"}\n{"id":"y","received_at":"2026-01-01","content":"aaa"}\n' "$long" > in.jsonl
	run -0 --separate-stderr pakn-route -r slow.yaml in.jsonl
	[[ "$stderr" == *"in.jsonl:1: warning: rule catastrophic: a pattern hit the match limit"* ]]
	run -0 jq -r '"\(.id) \(.agency)"' <<<"$output"
	assert_output $'x b\ny a'
}

@test "pakn-route: --check accepts a good file" {
	run -0 pakn-route --check "$RULES"
	assert_output "$RULES: 0 errors, 0 warnings"
}

check_bad() { # yaml expected-message...
	printf '%s\n' "$1" > bad.yaml
	shift
	run -2 --separate-stderr pakn-route --check bad.yaml
	for want in "$@"; do
		[[ "$stderr" == *"$want"* ]] || { echo "missing: $want"; echo "$stderr"; return 1; }
	done
}

HEAD='version: 1
agencies:
  a: {name: "A", level: province}
  b: {name: "B", level: district, valid_until: 2020-12-31}
categories:
  c1: {label: "One"}'

@test "pakn-route: --check reports unknown keys with FILE:LINE:COLUMN" {
	check_bad "$HEAD
rulez: []" "bad.yaml:7:1: error: rules file: unknown key 'rulez'"
	check_bad "$HEAD
rules:
  - name: r
    when: {categry: c1}
    agency: a" "bad.yaml:9:12: error: when: unknown key 'categry'"
}

@test "pakn-route: --check reports unknown agency and category references" {
	check_bad "$HEAD
rules:
  - name: r1
    when: {category: c9}
    agency: zz
default: a" "bad.yaml:9:22: error: unknown category 'c9'" "bad.yaml:10:13: error: rule 'r1' names unknown agency 'zz'"
}

@test "pakn-route: --check reports an invalid pattern with PCRE2's message and offset" {
	check_bad "$HEAD
rules:
  - name: r1
    when: {text: \"xả (thải\"}
    agency: a" "bad.yaml:9:18: error: pattern 'xả (thải': missing closing parenthesis at offset"
}

@test "pakn-route: --check reports duplicate ids and rule names" {
	check_bad "version: 1
agencies:
  a: {name: A}
  a: {name: A2}
rules:
  - {name: r, agency: a}
  - {name: r, agency: a}" "bad.yaml:4:3: error: agencies: duplicate key 'a'" "error: duplicate rule name 'r'"
}

@test "pakn-route: --check warns of shadowed rules, dead validity ranges, unreachable categories" {
	printf '%s\n' "$HEAD
  c2: {label: \"Two\"}
  c3: {label: \"Three\"}
rules:
  - name: broad
    when: {category: c1}
    agency: a
  - name: narrow
    when: {category: c1, channel: hotline}
    agency: a
  - name: never
    when: {category: c3, received_from: 2024-01-01}
    agency: b
default: a" > warn.yaml
	run -0 --separate-stderr pakn-route --check warn.yaml
	[[ "$stderr" == *"warn.yaml:13:5: warning: rule 'narrow' can never match: rule 'broad' (line 10)"* ]]
	[[ "$stderr" == *"warn.yaml:16:5: warning: rule 'never' can never route: agency 'b' did not exist"* ]]
	[[ "$stderr" == *"warn.yaml:7:3: warning: category 'c2' is reached by no rule"* ]]
	assert_output "warn.yaml: 0 errors, 3 warnings"
}

@test "pakn-route: --check warns of a rule identical to an earlier one, not: conditions included" {
	printf '%s\n' "$HEAD
rules:
  - name: first
    when: {category: c1, not: {channel: hotline}}
    agency: a
  - name: again
    when: {not: {channel: hotline}, category: c1}
    agency: a
  - name: other-not
    when: {category: c1, not: {channel: email}}
    agency: a
  - name: nested
    when: {any: [{not: {kind: question}}, {channel: zalo}]}
    agency: a
  - name: nested-again
    when: {any: [{not: {kind: question}}, {channel: zalo}], status: received}
    agency: a
default: a" > notdup.yaml
	run -0 --separate-stderr pakn-route --check notdup.yaml
	[[ "$stderr" == *"notdup.yaml:11:5: warning: rule 'again' can never match: rule 'first' (line 8)"* ]]
	[[ "$stderr" == *"notdup.yaml:20:5: warning: rule 'nested-again' can never match: rule 'nested' (line 17)"* ]]
	[[ "$stderr" != *"'other-not' can never match"* ]]
	assert_output "notdup.yaml: 0 errors, 2 warnings"
}

@test "pakn-route: --check of a file that cannot be opened is an error, with the system's reason" {
	run -2 --separate-stderr pakn-route --check nosuch.yaml
	[[ "$stderr" == *"nosuch.yaml: error: cannot open rules file: No such file or directory"* ]]
	assert_output "nosuch.yaml: 1 error, 0 warnings"
}

@test "pakn-route: --check reports YAML syntax errors and aliases" {
	printf 'version: 1\nagencies: {a: {name: "A"}\n' > syn.yaml
	run -2 --separate-stderr pakn-route --check syn.yaml
	[[ "$stderr" =~ syn\.yaml:[0-9]+:[0-9]+:\ error:\ invalid\ YAML ]]
	printf 'version: 1\nagencies:\n  a: &x {name: "A"}\n  b: *x\n' > alias.yaml
	run -2 --separate-stderr pakn-route --check alias.yaml
	[[ "$stderr" == *"aliases are not allowed"* ]]
}

@test "pakn-route: an invalid rules file stops the run with status 2 before any record" {
	printf 'version: 2\nagencies: {}\n' > v2.yaml
	run -2 --separate-stderr pakn-route -r v2.yaml /dev/null
	[[ "$stderr" == *"v2.yaml:1:10: unsupported version '2'"* ]]
	run -2 --separate-stderr pakn-route -r nosuch.yaml /dev/null
	[[ "$stderr" == *"nosuch.yaml: cannot open rules file"* ]]
}

@test "pakn-route: a line that is not a JSON object is rejected with its line; records missing fields still route" {
	{
		rec a 2026-03-01 "xả thải"
		echo 'not json'
		echo '[1,2]'
		echo '{"id":"bare"}'
	} > in.jsonl
	run -1 --separate-stderr pakn-route -r "$RULES" --rejects rej.jsonl in.jsonl
	run -0 jq -r '"\(.id) \(.agency)"' <<<"$output"
	assert_output $'a pt-so-nnmt\nbare vp-ubnd'
	run -0 jq -r '"\(.source.line) \(.error)"' rej.jsonl
	assert_line --index 0 --partial "2 invalid JSON"
	assert_line --index 1 --partial "3 "
}

@test "pakn-route: usage errors exit 2, --help and --version exit 0" {
	run -2 --separate-stderr pakn-route in.jsonl
	[[ "$stderr" == *"a rules file is required"* ]]
	run -2 --separate-stderr pakn-route --bogus
	run -0 pakn-route --help
	assert_output --partial "Examples:"
	run -0 pakn-route --version
	assert_output --regexp '^pakn-route [0-9]'
}

@test "pakn-route: empty input, CRLF input, a full disk" {
	run -0 pakn-route -r "$RULES" < /dev/null
	assert_output ""
	rec a 2026-03-01 "xả thải" | sed 's/$/\r/' > crlf.jsonl
	run -0 sh -c "pakn-route -r '$RULES' crlf.jsonl | jq -r .agency"
	assert_output "pt-so-nnmt"
	run -3 --separate-stderr sh -c "pakn-route -r '$RULES' crlf.jsonl > /dev/full"
	[[ "$stderr" == *"write error"* ]]
}

@test "pakn-route: ingest | route on the committed sample routes every case" {
	run -0 --separate-stderr sh -c "pakn-ingest '$DATA/sample.csv' | pakn-route -r '$TOP/routing-rules/phu-tho.yaml' | jq -r 'select(.agency == null) | .id' | wc -l"
	assert_output "0"
}

@test "pakn-route: the shipped rules file passes --check with no warnings" {
	run -0 pakn-route --check "$TOP/routing-rules/phu-tho.yaml"
	assert_output "$TOP/routing-rules/phu-tho.yaml: 0 errors, 0 warnings"
}

@test "pakn-route: with the shipped file, old cases keep old agencies and new cases new ones" {
	gen-sample --rows 2000 --seed 11 --format jsonl --start 2024-01-01 --end 2026-10-31 > g.jsonl
	run -0 sh -c "pakn-route -r '$TOP/routing-rules/phu-tho.yaml' g.jsonl > routed.jsonl"
	# Every case has an agency that existed on its receipt day: old ids
	# (vp-, the districts and old communes) only before 1 July 2025.
	run -0 sh -c "jq -r 'select(.agency == null) | .id' routed.jsonl | wc -l"
	assert_output 0
	run -0 sh -c "jq -r 'select(.received_at >= \"2025-07-01\" and (.agency | startswith(\"vp-\"))) | .id' routed.jsonl | wc -l"
	assert_output 0
	run -0 sh -c "jq -r 'select(.received_at < \"2025-07-01\" and (.agency | startswith(\"pt-\"))) | .id' routed.jsonl | wc -l"
	assert_output 0
}

@test "pakn-route: the literal prefilter never changes a decision" {
	# The shipped rules, and the same rules with every pattern written so
	# that no literal can be taken from it ("[\s\S]{0}" matches nothing
	# more): routing must be the same record for record.
	gen-sample --rows 3000 --seed 5 --format jsonl > g.jsonl
	sed -E "s/(text|title|content): '([^']*)'/\1: '(?:\2)[\\\\s\\\\S]{0}'/" \
		"$TOP/routing-rules/phu-tho.yaml" > plain.yaml
	run -0 pakn-route --check plain.yaml
	grep -q 'S\]{0}' plain.yaml
	pakn-route --reroute -r "$TOP/routing-rules/phu-tho.yaml" g.jsonl | jq -c '[.route.rule, .agency]' > a.txt
	pakn-route --reroute -r plain.yaml g.jsonl | jq -c '[.route.rule, .agency]' > b.txt
	[ "$(wc -l < a.txt)" -eq 3000 ]
	run -0 diff a.txt b.txt
	# And keyword rules did fire on this data.
	run -0 sh -c "grep -c 'pollution\|power-cut\|social-insurance' a.txt"
	[ "$output" -gt 50 ]
}
