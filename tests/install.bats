#!/usr/bin/env bats
# make install DESTDIR=...: every file a man page names is installed where
# its FILES section says; the cron lines call what is installed; the bash
# completion loads and completes each program's options.
bats_require_minimum_version 1.5.0
load test_helper

setup_file() {
	export DEST="$BATS_FILE_TMPDIR/dest"
	# The build under test is installed as it is (nothing is rebuilt).
	make -s -C "$TOP" install DESTDIR="$DEST" PREFIX=/usr/local BUILD="$PAKN_BUILD" \
		>"$BATS_FILE_TMPDIR/install.log" 2>&1 || {
		cat "$BATS_FILE_TMPDIR/install.log" >&2
		return 1
	}
}

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# files_section PAGE: the paths the FILES section of a man page names.
files_section() {
	sed -n '/^\.SH FILES/,/^\.SH /p' "$1" | sed -n 's/^\.I \(\/.*\)/\1/p'
}

@test "install: the programs, man pages, licence and the notes the man pages name are installed" {
	for p in pakn-ingest pakn-route pakn-deadline pakn-report; do
		[ -x "$DEST/usr/local/bin/$p" ]
		[ -f "$DEST/usr/local/share/man/man1/$p.1" ]
	done
	for f in share/doc/pakn/LICENSE share/doc/pakn/README.md \
		share/doc/pakn/routing-rules/README.md share/doc/pakn/calendars/example.yaml \
		share/doc/pakn/calendars/README.md share/pakn/daily-overdue \
		share/pakn/parallel-report share/pakn/check-calendar \
		share/pakn/phu-tho.yaml share/pakn/calendars/2027.yaml; do
		[ -f "$DEST/usr/local/$f" ] || { echo "missing: $f"; false; }
	done
	cmp "$TOP/LICENSE" "$DEST/usr/local/share/doc/pakn/LICENSE"
}

@test "install: every path in a man page's FILES section is installed, and every source file a page names is in its FILES" {
	for page in "$TOP"/cmd/pakn-*.1; do
		n=0
		while read -r path; do
			[ -e "$DEST$path" ] || { echo "$(basename "$page"): $path is not installed"; false; }
			n=$((n + 1))
		done < <(files_section "$page")
		[ "$n" -ge 3 ] || { echo "$(basename "$page"): FILES names $n paths"; false; }
		files=$(sed -n '/^\.SH FILES/,/^\.SH /p' "$page")
		# Source-tree names used in the page (rules, calendars, scripts).
		for src in $(grep -oE '\b(routing-rules|calendars|scripts)/[A-Za-z0-9._-]*[A-Za-z0-9]' "$page" | sort -u); do
			[[ "$files" == *"$src"* ]] || { echo "$(basename "$page") names $src, its FILES does not"; false; }
		done
	done
}

@test "install: the cron lines call the installed daily-overdue, which finds pakn-deadline with cron's PATH" {
	cron=$(grep -E '^30 6 .*daily-overdue' "$TOP/cmd/pakn-deadline.1")
	script=$(awk '{ print $6 }' <<<"$cron")
	[ "$script" = /usr/local/share/pakn/daily-overdue ] || { echo "cron calls $script"; false; }
	[ -x "$DEST$script" ]
	grep -q '^PATH=/usr/local/bin' "$TOP/cmd/pakn-deadline.1"
	# Installed under DESTDIR, with cron's PATH and no build folder: the
	# pakn-deadline of the same PREFIX is found.
	run -0 --separate-stderr env -u PAKN_BUILD PATH=/usr/bin:/bin "$DEST$script" -d lists \
		--as-of 2024-05-06 "$DATA/deadline/cases.jsonl"
	[[ "$stderr" == "daily-overdue: 4 agencies, 4 overdue, 1 due within 1 working days, in lists" ]]
}

@test "install: bash completion loads and completes the programs' options" {
	comp="$DEST/usr/local/share/bash-completion/completions"
	for p in pakn-ingest pakn-route pakn-deadline pakn-report; do
		[ -e "$comp/$p" ] || { echo "no completion for $p"; false; }
	done
	# complete WORDS...: what TAB offers for the last word, as bash would
	# ask (bash-completion loads the file named after the command).
	complete_words() {
		PATH="$DEST/usr/local/bin:$PATH" bash --norc --noprofile -c '
			. "$1" || exit 9
			shift
			complete -p "$1" >/dev/null || exit 8
			COMP_WORDS=("$@")
			COMP_CWORD=$(($# - 1))
			COMP_LINE="$*"
			COMP_POINT=${#COMP_LINE}
			fn=$(complete -p "$1" | sed -n "s/.*-F \([^ ]*\).*/\1/p")
			prev=""
			[ $# -ge 2 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
			"$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "$prev"
			printf "%s\n" "${COMPREPLY[@]}"' _ "$comp/$1" "$@"
	}
	run -0 complete_words pakn-deadline --cal
	assert_output $'--calendar-file=\n--calendar-status\n--calendar='
	run -0 complete_words pakn-report --format=h
	assert_output html
	run -0 complete_words pakn-report -f ''
	assert_output $'text\nmd\ncsv\njson\nhtml\nxlsx\npdf'
	run -0 complete_words pakn-ingest --enc
	assert_output --encoding=
	run -0 complete_words pakn-route --ex
	assert_output --explain
	# A file option completes file names.
	touch rules-a.yaml
	run -0 complete_words pakn-route -r rules-
	assert_output rules-a.yaml
}

@test "install: every option a program's --help lists is documented in its man page" {
	for page in "$TOP"/cmd/pakn-*.1; do
		p=$(basename "$page" .1)
		# the options of the help text, not of its examples
		opts=$("$PAKN_BUILD/$p" --help | sed '/^Examples:/,$d' |
			grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
		[ -n "$opts" ]
		for o in $opts; do
			grep -qF -- "${o//-/\\-}" "$page" || {
				echo "$p: $o is not in $page"
				return 1
			}
		done
	done
}
