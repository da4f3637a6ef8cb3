#!/bin/sh
# End-to-end cases are data (STYLE rule 21): each folder fixtures/e2e/<case>/ holds
#   setup     optional shell lines run first; they must succeed
#   cmd       the shell line under test
#   status    expected exit status (default 0)
#   stderr    expected standard error, exactly (optional)
#   stdout    expected standard output, exactly (optional)
#   expected/ files that must equal those of the same name the case wrote to $OUT
#   unchanged present: the store $OUT/t.db must dump the same before and after cmd
# Lines see $TALLY (the binary), $CASE (the case folder) and $OUT (a fresh temp folder),
# and run from the repository root. Timing fields are masked, and $OUT's value is
# written back as the text $OUT, before comparing; so is a report.json period dated
# (in part) by ingest time, which is the day the test runs (a case whose setup
# straddles midnight UTC, or Sunday to Monday, would see two periods: rerun it).
# Cases about periods use files that carry their own submission times.
# Prints one line per case and "E2E-RESULT <passed> <failed>".
BUILD=${BUILD:-build}
TALLY=$(pwd)/$BUILD/tally
export TALLY
passed=0
failed=0
only=${1:-}

mask() {
	sed -e "s|$OUT|\$OUT|g" -e 's/"\(created_at\|date_created\|load\|compute\|save\)": *"[^"]*"/"\1": "X"/g' \
	    -e 's/"\(load\|compute\|save\)": *[-0-9.eE+]*/"\1": 0/g' \
	    -e 's/"period":"[0-9-]*"\(,"days":[0-9]*,"images":[0-9]*,"ingest_dated":[1-9]\)/"period":"X"\1/g' \
	    -e 's/^time: .*/time: X/' \
	    -e 's/[0-9.]*s load, .*/X/' "$1"
}

dump() {
	[ -f "$1" ] && sqlite3 "$1" .dump 2>/dev/null || echo "(no store)"
}

for dir in fixtures/e2e/*/; do
	name=$(basename "$dir")
	[ -n "$only" ] && [ "$only" != "$name" ] && continue
	CASE=${dir%/}
	OUT=$(mktemp -d)
	export CASE OUT
	why=""
	if [ -f "$CASE/setup" ] && ! sh -e "$CASE/setup" >"$OUT/.setup.log" 2>&1; then
		why="setup failed: $(tail -n 3 "$OUT/.setup.log")"
	fi
	if [ -z "$why" ]; then
		[ -f "$CASE/unchanged" ] && dump "$OUT/t.db" >"$OUT/.before.sql"
		sh "$CASE/cmd" >"$OUT/.stdout" 2>"$OUT/.stderr"
		got=$?
		want=0
		[ -f "$CASE/status" ] && want=$(cat "$CASE/status")
		if [ "$got" != "$want" ]; then
			why="exit status $got, expected $want; stderr: $(head -c 300 "$OUT/.stderr")"
		elif [ -f "$CASE/stderr" ] && ! mask "$OUT/.stderr" | cmp -s - "$CASE/stderr"; then
			why="stderr differs: got '$(mask "$OUT/.stderr")' expected '$(cat "$CASE/stderr")'"
		elif [ -f "$CASE/stdout" ] && ! mask "$OUT/.stdout" | cmp -s - "$CASE/stdout"; then
			why="stdout differs: $(mask "$OUT/.stdout" | diff "$CASE/stdout" - | head -n 10)"
		elif [ -f "$CASE/unchanged" ] && ! dump "$OUT/t.db" | cmp -s - "$OUT/.before.sql"; then
			why="the store changed"
		fi
	fi
	if [ -z "$why" ] && [ -d "$CASE/expected" ]; then
		for e in $(cd "$CASE/expected" && find . -type f | sort); do
			if [ ! -f "$OUT/$e" ]; then
				why="missing output $e"
				break
			fi
			if ! mask "$OUT/$e" | cmp -s - "$CASE/expected/$e"; then
				why="$e differs: $(mask "$OUT/$e" | diff "$CASE/expected/$e" - | head -n 12)"
				break
			fi
		done
	fi
	if [ -z "$why" ]; then
		echo "ok   e2e $name"
		passed=$((passed + 1))
	else
		echo "FAIL e2e $name: $why"
		failed=$((failed + 1))
	fi
	rm -rf "$OUT"
done
echo "E2E-RESULT $passed $failed"
[ "$failed" -eq 0 ]
