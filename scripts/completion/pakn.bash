# bash completion for pakn-ingest, pakn-route, pakn-deadline, pakn-report,
# pakn-publish.
#
# Installed by `make install` as PREFIX/share/bash-completion/completions/pakn
# (linked under each program's name, so bash-completion loads it on the
# first TAB), or sourced by hand: `. scripts/completion/pakn.bash`.
#
# The options are read from the program's own --help (once per shell and
# program), so they follow the program; the values of the options that
# take a fixed set are listed here, and options naming a file or folder
# complete file names.

declare -gA _pakn_opts_cache

# _pakn_opts PROG: the long options of PROG, "--name=" for those that take
# a value, from its --help.
_pakn_opts() {
	local prog=$1
	if [[ -z ${_pakn_opts_cache[$prog]+set} ]]; then
		_pakn_opts_cache[$prog]=$(
			"$prog" --help 2>/dev/null |
				grep -oE -- '(^|[ ,])--[a-z][a-z0-9-]*(\[?=)?' |
				sed -E 's/^[ ,]//; s/\[=$//' | sort -u |
				awk '{ o[NR] = $0; has[$0] = 1 }
					END { for (i = 1; i <= NR; i++)
						if (!has[o[i] "="]) printf "%s ", o[i] }'
		)
	fi
	printf '%s' "${_pakn_opts_cache[$prog]}"
}

# _pakn_values PROG OPTION: the fixed values of OPTION, or "FILE"/"DIR"
# for a file or folder name, or nothing (free text).
_pakn_values() {
	case $1:$2 in
	pakn-ingest:-f | pakn-ingest:--format) echo "csv jsonl json" ;;
	pakn-ingest:-e | pakn-ingest:--encoding) echo "utf-8 utf-16 windows-1258 tcvn3 vni" ;;
	pakn-ingest:--date-order) echo "dmy mdy ymd" ;;
	pakn-ingest:-d | pakn-ingest:--delimiter) echo ", ; tab |" ;;
	pakn-report:-f | pakn-report:--format) echo "text md csv json html xlsx pdf" ;;
	pakn-report:--lang) echo "vi en" ;;
	pakn-report:--split-by) echo "agency" ;;
	pakn-report:--by) echo "agency category channel kind district commune week day level" ;;
	pakn-deadline:--format) echo "json ics" ;;
	pakn-publish:-f | pakn-publish:--format) echo "json csv html" ;;
	pakn-publish:--allow) echo FILE ;;
	pakn-report:--published) echo FILE ;;
	pakn-deadline:--unit) echo "working_days days working_hours" ;;
	*:--outdir) echo DIR ;;
	*:-o | *:--output | *:--rejects | *:-r | *:--rules | *:--check | \
		*:--calendar-file | *:-p | *:--profile) echo FILE ;;
	esac
}

_pakn() {
	local prog=${1##*/} cur prev opt values
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	# --opt=value
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
	elif [[ $prev == -* && $prev != *=* ]] &&
		[[ " $(_pakn_opts "$1") " == *" $prev= "* || $prev == -[fedmpor] ]]; then
		opt=$prev
	fi
	if [[ -n ${opt:-} ]]; then
		values=$(_pakn_values "$prog" "$opt")
		case $values in
		FILE) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
		DIR) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
		'') ;;
		*) mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur") ;;
		esac
		return 0
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$(_pakn_opts "$1")" -- "$cur")
		# "--name=": no space after it, the value follows.
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}

complete -o filenames -F _pakn pakn-ingest pakn-route pakn-deadline pakn-report pakn-publish
