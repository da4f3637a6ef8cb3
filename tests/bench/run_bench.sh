#!/bin/sh
# `make bench`: generate the synthetic data set (10k images x 5 annotators x
# ~10 boxes unless BENCH_IMAGES says otherwise) in a temporary folder, time
# ingest and run on it, score the consensus against the truth (equal votes,
# then dawid-skene and one-coin reliability weights), time the
# kernels, then the instance-segmentation consensus (`seg`: 2000 images of
# polygons unless BENCH_SEG_IMAGES says otherwise), the semantic consensus
# (`sem`: 300 images of label maps unless BENCH_SEM_IMAGES says otherwise), clean up.
# Extra arguments go to `tally-bench measure` (e.g. --threads 1,4).
set -e
BUILD=${BUILD:-build}
BIN="$BUILD/bench/tally-bench"
IMAGES=${BENCH_IMAGES:-10000}
SEED=${BENCH_SEED:-1}
[ -x "$BIN" ] || { echo "run_bench.sh: $BIN not built (make bench)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/tally-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
# Timings on a busy machine are slower and the thread speed-up smaller: say how busy it was.
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
echo "tally-bench: $(nproc 2>/dev/null || echo '?') cores, load average $load, data in $dir"
"$BIN" gen "$dir" --images "$IMAGES" --seed "$SEED"
"$BIN" measure "$dir" "$@"
echo
"$BIN" kernels
echo
"$BIN" seg "$dir/seg" --seed "$SEED" ${BENCH_SEG_IMAGES:+--images "$BENCH_SEG_IMAGES"}
echo
"$BIN" sem "$dir/sem" --seed "$SEED" ${BENCH_SEM_IMAGES:+--images "$BENCH_SEM_IMAGES"}
