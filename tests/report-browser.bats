#!/usr/bin/env bats
# pakn-report's HTML in a real browser: headless Chromium opens the report
# of the hand-worked fixture (tests/report.bats), which must render with no
# console error (the page has no script, and its Content-Security-Policy
# would report anything fetched or run), keep the <script> from a case's
# content as text, and give a screenshot of an A4-sized page.
#
# The screenshot is kept in $PAKN_BUILD/report-screenshot.png for a person
# to look at.  Chromium comes from scripts/setup (Debian package chromium).
bats_require_minimum_version 1.5.0
load test_helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	[ -n "$CHROMIUM" ] || skip "chromium is not installed (scripts/setup installs it)"
}

@test "pakn-report: the HTML report renders in headless Chromium with no console error, screenshot saved" {
	pakn-report --month 2021-11 --as-of 2021-12-06 -f html \
		--title 'UBND tỉnh Vĩnh Phúc' "$DATA/report/month.jsonl" >report.html
	run -0 browse --screenshot="$PWD/shot.png" --window-size=1240,1754 \
		"file://$PWD/report.html"
	printf '%s\n' "$output" >chrome.log
	assert_equal "$(console_errors chrome.log)" ""
	# A PNG of the A4-proportioned window (1240 x 1754 pixels).
	run -0 python3 -c 'import struct,sys; d=open("shot.png","rb").read(24); print(d[:8]==b"\x89PNG\r\n\x1a\n", *struct.unpack(">II", d[16:24]))'
	assert_output 'True 1240 1754'
	[ "$(stat -c %s shot.png)" -gt 20000 ]	# not a blank page
	cp shot.png "$PAKN_BUILD/report-screenshot.png"
}

@test "pakn-report: in the rendered page the <script> of a case is text, and the figures are there" {
	pakn-report --month 2021-11 --as-of 2021-12-06 -f html \
		"$DATA/report/month.jsonl" >report.html
	run -0 --separate-stderr browse --dump-dom "file://$PWD/report.html"
	printf '%s\n' "$output" >dom.html
	printf '%s\n' "$stderr" >chrome.log
	assert_equal "$(console_errors chrome.log)" ""
	# The DOM has no script element: the case's content stayed text.
	run -1 grep -c -i '<script' dom.html
	run -0 grep -c 'Đốt rác gây ô nhiễm &lt;script&gt;alert("x")&lt;/script&gt; &amp; khói' dom.html
	# The summary, the three charts and every table made it to the DOM.
	run -0 grep -c '<svg ' dom.html
	assert_output 3
	run -0 grep -c '<td class="below">30,0 %</td>' dom.html
	run -0 grep -c '<tr><td class="id">R12</td>' dom.html
}

@test "pakn-report: the console check catches a page's script error (control)" {
	# The check above must be able to fail: a page with an error.
	printf '<!DOCTYPE html><p>x</p><script>notDefined();</script>\n' >bad.html
	run -0 browse --dump-dom "file://$PWD/bad.html"
	printf '%s\n' "$output" >chrome.log
	run -0 console_errors chrome.log
	assert_output --partial 'Uncaught ReferenceError: notDefined is not defined'
}
