#!/bin/sh
# Runs every unit-test binary, the fuzz corpora and the end-to-end cases;
# sums what they report and ends with "N passed, N failed".
BUILD=${BUILD:-build}
passed=0
failed=0
bad=""
for t in $(find "$BUILD/tests" -type f -perm -u+x -name 'test_*' | sort); do
	out=$("$t" 2>&1)
	status=$?
	line=$(printf '%s\n' "$out" | grep '^TLY-RESULT' | tail -n 1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out"
		echo "FAIL $t: crashed or printed no result (exit $status)"
		failed=$((failed + 1))
		bad="$bad $t"
		continue
	fi
	run=$(echo "$line" | awk '{print $3}')
	nf=$(echo "$line" | awk '{print $4}')
	passed=$((passed + run - nf))
	failed=$((failed + nf))
	if [ "$nf" -ne 0 ] || [ "$status" -ne 0 ]; then
		printf '%s\n' "$out"
		[ "$nf" -eq 0 ] && failed=$((failed + 1))
		bad="$bad $t"
	else
		echo "ok   $t ($run cases)"
	fi
done
for f in $(find "$BUILD/fuzz" -type f -perm -u+x -name '*_fuzz' 2>/dev/null | sort); do
	name=$(basename "$f" _fuzz)
	if "$f" tests/fuzz/corpus/"$name"/* >/dev/null 2>&1; then
		echo "ok   $f (corpus replayed)"
		passed=$((passed + 1))
	else
		echo "FAIL $f"
		failed=$((failed + 1))
		bad="$bad $f"
	fi
done
if [ -x tests/e2e/run_e2e.sh ] || [ -f tests/e2e/run_e2e.sh ]; then
	e2e=$(BUILD="$BUILD" sh tests/e2e/run_e2e.sh 2>&1)
	printf '%s\n' "$e2e" | grep -v '^E2E-RESULT'
	line=$(printf '%s\n' "$e2e" | grep '^E2E-RESULT' | tail -n 1)
	if [ -n "$line" ]; then
		passed=$((passed + $(echo "$line" | awk '{print $2}')))
		failed=$((failed + $(echo "$line" | awk '{print $3}')))
	else
		failed=$((failed + 1))
		bad="$bad e2e"
	fi
fi
[ -n "$bad" ] && echo "failing:$bad"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
