#!/bin/sh
# make lint: the style guide's checkable rules (STYLE rules 4, 15, 19, 26).
#  - banned functions: sprintf strcpy strcat atoi atol sscanf gets, and raw
#    malloc/calloc/realloc/free outside src/util/alloc.c
#  - no file over 600 lines under src/ and include/
#  - every TLY_EXTERN declaration in include/ has a comment right above it
#  - stages include only earlier stages (util < geom < rules < store < ingest
#    < match < vote < agree < run < report|export < cli)
status=0
fail() { echo "lint: $*"; status=1; }

for f in $(find src include -name '*.[ch]' | sort); do
	grep -nE '\b(sprintf|vsprintf|strcpy|strcat|atoi|atol|sscanf|gets)[[:space:]]*\(' "$f" |
		while IFS= read -r l; do echo "lint: $f:$l: banned function"; done | grep . && status=1
	if [ "$f" != src/util/alloc.c ]; then
		grep -nE '(^|[^_a-z])(malloc|calloc|realloc|free)[[:space:]]*\(' "$f" | grep -vE '^[0-9]+:[[:space:]]*(/\*|\*)' |
			while IFS= read -r l; do echo "lint: $f:$l: allocate through src/util/alloc.h"; done | grep . && status=1
	fi
	n=$(wc -l <"$f")
	[ "$n" -gt 600 ] && fail "$f: $n lines (600 at most)"
done

for f in include/tally/*.h; do
	awk -v f="$f" '
		/TLY_EXTERN/ && !/define/ { if (!(prev ~ /\*\/[[:space:]]*$/ || prev ~ /^[[:space:]]*\/\*/ || prev ~ /TLY_EXTERN/)) { print "lint: " f ":" NR ": exported function without a doc comment"; bad = 1 } }
		{ if ($0 !~ /^[[:space:]]*$/) prev = $0 }
		END { exit bad }' "$f" || status=1
done

rank() {
	case "$1" in
	util|types|error) echo 0 ;; geom|rle|polygon|labelmap|raster) echo 1 ;; rules) echo 2 ;;
	store|dataset|batch|result) echo 3 ;; ingest) echo 4 ;; match) echo 5 ;;
	vote) echo 6 ;; agree|stats|dawid_skene|semantic|panoptic|staple) echo 7 ;; run) echo 8 ;; report|export|diff|review) echo 9 ;;
	cli|tally) echo 10 ;; *) echo 99 ;;
	esac
}
for f in $(find src -name '*.[ch]' | sort); do
	stage=$(echo "$f" | cut -d/ -f2)
	mine=$(rank "$stage")
	for inc in $(grep -oE '#include [<"](tally/[a-z_]+|tally|[a-z]+/[a-z_]+)\.h[>"]' "$f" | sed -E 's/#include [<"]//; s/\.h[>"]//'); do
		case "$inc" in
		tally) other=tally ;;
		tally/*) other=${inc#tally/} ;;
		*) other=${inc%%/*} ;;
		esac
		theirs=$(rank "$other")
		[ "$theirs" -eq 99 ] && continue
		[ "$theirs" -gt "$mine" ] && fail "$f includes $inc: a later stage ($other) than $stage"
		if [ "$stage" = cli ] && [ "$other" != util ] && [ "$other" != cli ] && [ "$theirs" -lt 10 ] && [ "${inc#tally}" = "$inc" ]; then
			fail "$f includes $inc: the CLI uses only the public API and src/util"
		fi
	done
done
[ "$status" -eq 0 ] && echo "lint: clean"
exit $status
