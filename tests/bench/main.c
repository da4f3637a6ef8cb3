/*
 * tally-bench: `gen` writes synthetic annotator data with a known truth,
 * `measure` times ingest and run on it and scores the consensus against the
 * truth, `all` does both, `seg` does both for polygons (instance segmentation),
 * `sem` for PNG label maps (semantic segmentation).
 * tests/bench/run_bench.sh drives it for `make bench`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static const char usage[] =
	"usage: tally-bench gen DIR [--images N] [--seed S] [--no-labels]\n"
	"       tally-bench measure DIR [--threads A,B] [--repeat R]\n"
	"       tally-bench all DIR [--images N] [--seed S] [--no-labels] [--threads A,B] [--repeat R]\n"
	"       tally-bench kernels\n"
	"       tally-bench seg DIR [--images N] [--seed S] [--threads A,B] [--repeat R]\n"
	"       tally-bench sem DIR [--images N] [--seed S] [--threads A,B] [--repeat R]\n"
	"gen writes DIR/ann1..ann5.json (COCO, one per annotator), DIR/truth.json and,\n"
	"unless --no-labels, DIR/labels.csv and DIR/truth_labels.csv (image labels).\n"
	"measure ingests them into DIR/bench.db, computes R times (best time kept) with A\n"
	"and B threads, checks every result is identical and scores everyone against the\n"
	"truth. Defaults: --images 10000 --seed 1 --threads 1,2 --repeat 3.\n"
	"seg writes DIR/seg_ann1..5.json (COCO polygons of 640x480 images), then times\n"
	"ingest, load, compute and save of instance-segmentation consensus and scores it\n"
	"against the truth at mask IoU >= 0.5 (default --images 2000).\n"
	"sem writes DIR/ann1..5/*.png (512x384 label maps, 6 classes), then times ingest,\n"
	"load, compute and save of semantic consensus, in megapixels per second, and\n"
	"scores pixel accuracy against the truth (default --images 300).\n";

static int parse_u64(uint64_t *out, const char *s, uint64_t min, uint64_t max, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "tally-bench: %s: expected a number in [%llu, %llu], got '%s'\n",
			what, (unsigned long long)min, (unsigned long long)max, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_threads(bench_measure_options *m, const char *s)
{
	const char *comma = strchr(s, ',');
	char a[32];
	uint64_t x, y;

	if (!comma || (size_t)(comma - s) >= sizeof(a)) {
		fprintf(stderr, "tally-bench: --threads: expected A,B, got '%s'\n", s);
		return -1;
	}
	memcpy(a, s, (size_t)(comma - s));
	a[comma - s] = '\0';
	if (parse_u64(&x, a, 1, 1024, "--threads") < 0 ||
	    parse_u64(&y, comma + 1, 1, 1024, "--threads") < 0)
		return -1;
	m->threads_a = (int)x;
	m->threads_b = (int)y;
	return 0;
}

int main(int argc, char **argv)
{
	bench_gen_options g = {10000, 1, 1};
	bench_measure_options m = {1, 2, 3};
	const char *cmd, *dir;
	uint64_t v;
	int i, images_set = 0, error = 0;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "kernels")) {
		if (bench_kernels() < 0) {
			fprintf(stderr, "tally-bench: %s\n", tly_error_last());
			return 2;
		}
		return 0;
	}
	if (argc < 3) {
		fputs(usage, stderr);
		return 1;
	}
	cmd = argv[1];
	dir = argv[2];
	if (strcmp(cmd, "gen") && strcmp(cmd, "measure") && strcmp(cmd, "all") &&
	    strcmp(cmd, "seg") && strcmp(cmd, "sem")) {
		fprintf(stderr, "tally-bench: unknown command '%s'\n%s", cmd, usage);
		return 1;
	}
	for (i = 3; i < argc; i++) {
		const char *opt = argv[i];

		if (!strcmp(opt, "--no-labels")) {
			g.labels = 0;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "tally-bench: %s: missing value or unknown option\n", opt);
			return 1;
		}
		if (!strcmp(opt, "--images")) {
			if (parse_u64(&v, argv[++i], 1, 10000000, opt) < 0)
				return 1;
			g.images = (size_t)v;
			images_set = 1;
		} else if (!strcmp(opt, "--seed")) {
			if (parse_u64(&g.seed, argv[++i], 0, UINT64_MAX, opt) < 0)
				return 1;
		} else if (!strcmp(opt, "--repeat")) {
			if (parse_u64(&v, argv[++i], 1, 100, opt) < 0)
				return 1;
			m.repeat = (int)v;
		} else if (!strcmp(opt, "--threads")) {
			if (parse_threads(&m, argv[++i]) < 0)
				return 1;
		} else {
			fprintf(stderr, "tally-bench: unknown option '%s'\n%s", opt, usage);
			return 1;
		}
	}
	if (!strcmp(cmd, "seg")) {
		if (!images_set)
			g.images = 2000;
		error = bench_seg(dir, &g, &m);
	} else if (!strcmp(cmd, "sem")) {
		if (!images_set)
			g.images = 300;
		error = bench_sem(dir, &g, &m);
	} else if (strcmp(cmd, "measure"))
		error = bench_generate(dir, &g);
	if (!error && strcmp(cmd, "gen") && strcmp(cmd, "seg") && strcmp(cmd, "sem"))
		error = bench_measure(dir, &m);
	if (error < 0) {
		fprintf(stderr, "tally-bench: %s\n", tly_error_last());
		return 2;
	}
	return 0;
}
