/*
 * Reliability-weighted consensus (vote.weights, issue 4) against equal
 * votes on the synthetic data: the generator's annotators differ in label
 * error (objects 2-15%) and image-label error (5-30%), so a model that
 * learns who is reliable should label more objects and images right. Each
 * model's run is timed (both passes and the EM between them) and scored
 * against the truth as in quality.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static void print_row(const char *name, double seconds, const tly_result *r, const bench_consensus_score *q)
{
	printf("  %-12s %9.3f", name, seconds);
	if (r->weights == TLY_WEIGHTS_DAWID_SKENE || r->weights == TLY_WEIGHTS_ONE_COIN)
		printf(" %8u", r->em_iterations);
	else
		printf(" %8s", "-");
	printf(" %10.4f %10.4f %9llu\n", q->object_f1, q->label_accuracy, (unsigned long long)q->labels_none);
}

int bench_weights(const char *dir, const tly_dataset *ds, const tly_result *equal, double equal_seconds,
		  int threads)
{
	static const char *const models[] = {"dawid-skene", "one-coin"};
	bench_consensus_score base, q;
	tly_run_options ro = TLY_RUN_OPTIONS_INIT;
	tly_rules *rules = NULL;
	tly_result r;
	char text[128];
	double t;
	size_t m;
	int error;

	memset(&r, 0, sizeof(r));
	if ((error = bench_consensus_quality(&base, dir, ds, equal)) < 0)
		return error;
	printf("\nreliability weighting (vote.weights) against equal votes, %d threads, scored against the truth\n",
	       threads);
	printf("  %-12s %9s %8s %10s %10s %9s\n", "weights", "compute s", "EM iter", "object F1", "label acc",
	       "no label");
	print_row("equal", equal_seconds, equal, &base);
	ro.threads = threads;
	for (m = 0; m < sizeof(models) / sizeof(models[0]); m++) {
		snprintf(text, sizeof(text), "{\"vote\": {\"weights\": \"%s\"}}", models[m]);
		if ((error = tly_rules_parse(&rules, text, strlen(text), "bench")) < 0)
			break;
		t = bench_now();
		error = tly_run_compute(&r, ds, rules, &ro);
		t = bench_now() - t;
		tly_rules_free(rules);
		rules = NULL;
		if (error < 0 || (error = bench_consensus_quality(&q, dir, ds, &r)) < 0)
			break;
		print_row(models[m], t, &r, &q);
		printf("    gain over equal: object F1 %+.4f, label accuracy %+.4f\n", q.object_f1 - base.object_f1,
		       q.label_accuracy - base.label_accuracy);
		tly_result_clear(&r);
	}
	tly_result_clear(&r);
	return error;
}
