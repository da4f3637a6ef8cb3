/*
 * The throughput half of the bench: ingest the generated files into a fresh
 * store, load, compute with two thread counts (the results must be identical,
 * SPEC §9), save, and the whole `tally run` path once more; then hand over
 * to the quality tables. Times are wall clock on CLOCK_MONOTONIC.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

typedef struct {
	double parse, write, labels;   /* seconds */
	size_t submissions, objects, tags;
	int have_labels;
} ingest_figures;

typedef struct {
	double load, compute_a, compute_b, save, execute; /* seconds */
	size_t images, objects;                           /* in the loaded dataset */
} run_figures;

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int join(char *out, size_t size, const char *dir, const char *file)
{
	int len = snprintf(out, size, "%s/%s", dir, file);

	if (len < 0 || (size_t)len >= size)
		return tly_error_set(TLY_EARG, "%s: path too long", dir);
	return 0;
}

/* Parse and store one file, adding the time of each step to *parse and *write. */
static int ingest_one(ingest_figures *f, tly_store *st, const char *path, const char *annotator,
		      double *parse, double *write)
{
	tly_ingest_options io = TLY_INGEST_OPTIONS_INIT;
	tly_store_write_stats ws;
	tly_batch b;
	double t0, t1;
	int error;

	tly_batch_init(&b);
	io.annotator = annotator;
	t0 = bench_now();
	if ((error = tly_ingest_file(&b, path, &io)) < 0)
		goto out;
	t1 = bench_now();
	memset(&ws, 0, sizeof(ws));
	if ((error = tly_store_write_batch(&ws, st, &b, annotator)) < 0)
		goto out;
	*write += bench_now() - t1;
	*parse += t1 - t0;
	f->submissions += ws.submissions;
	f->objects += ws.objects;
	f->tags += ws.tags;
out:
	tly_batch_clear(&b);
	return error;
}

static int ingest_all(ingest_figures *f, tly_store *st, const char *dir)
{
	char path[4096], file[256];
	double unused = 0;
	int a, error = 0;

	memset(f, 0, sizeof(*f));
	for (a = 0; a < BENCH_ANNOTATORS; a++) {
		snprintf(file, sizeof(file), "%s.json", bench_profiles[a].name);
		if ((error = join(path, sizeof(path), dir, file)) < 0 ||
		    (error = ingest_one(f, st, path, bench_profiles[a].name, &f->parse,
					&f->write)) < 0)
			return error;
	}
	if ((error = join(path, sizeof(path), dir, BENCH_LABELS_FILE)) < 0)
		return error;
	if (access(path, R_OK) == 0) {
		double t0 = bench_now();

		f->have_labels = 1;
		/* The CSV names its annotators; parse and write are timed together. */
		if ((error = ingest_one(f, st, path, NULL, &unused, &unused)) < 0)
			return error;
		f->labels = bench_now() - t0;
	}
	return 0;
}

static void verdict(const char *question, int same, const char *what)
{
	if (same)
		printf("%s: yes\n", question);
	else
		printf("%s: no (first difference: %s)\n", question, what);
}

static void row(const char *what, double s, size_t images, size_t objects)
{
	printf("  %-50s %9.3f %11.0f", what, s, (double)images / s);
	if (objects)
		printf(" %11.0f\n", (double)objects / s);
	else
		printf(" %11s\n", "-");
}

static void summary(const tly_dataset *ds, const tly_result *r)
{
	size_t kinds[6] = {0}, flagged = 0, n_agree = 0, i;
	double agree = 0;

	for (i = 0; i < r->n_conflicts; i++)
		if ((size_t)r->conflicts[i].kind < 6)
			kinds[r->conflicts[i].kind]++;
	for (i = 0; i < r->n_images; i++) {
		flagged += r->images[i].flagged ? 1 : 0;
		if (!isnan(r->images[i].agreement)) {
			agree += r->images[i].agreement;
			n_agree++;
		}
	}
	printf("\nrun: %zu images, %zu annotators, %zu categories -> %zu consensus objects, "
	       "%zu consensus labels\n", ds->n_images, ds->n_annotators, ds->n_categories,
	       r->n_cons_objects, r->n_cons_tags);
	printf("     conflicts: %zu missing, %zu extra, %zu label_mismatch, %zu low_overlap, "
	       "%zu tie; %zu images flagged; mean image agreement %.4f\n",
	       kinds[TLY_CONFLICT_MISSING], kinds[TLY_CONFLICT_EXTRA],
	       kinds[TLY_CONFLICT_LABEL_MISMATCH], kinds[TLY_CONFLICT_LOW_OVERLAP],
	       kinds[TLY_CONFLICT_TIE], flagged, n_agree ? agree / (double)n_agree : 0.0);
}

static size_t count_objects(const tly_dataset *ds)
{
	size_t i, n = 0;

	for (i = 0; i < ds->n_images; i++)
		n += ds->images[i].n_objs;
	return n;
}

/* Open DIR/bench.db after removing any earlier one (and its WAL files). */
static int fresh_store(tly_store **st, char *db, size_t size, const char *dir)
{
	char side[4200];
	int error;

	if ((error = join(db, size, dir, "bench.db")) < 0)
		return error;
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
	return tly_store_open(st, db);
}

/*
 * Compute REPEAT times on THREADS threads: the first result goes to *out,
 * the fastest time to *best; a repeat that differs from the first clears *same.
 */
int bench_compute_best(tly_result *out, double *best, int *same, const char **what,
		       const tly_dataset *ds, const tly_rules *rules, int threads, int repeat)
{
	tly_run_options ro = TLY_RUN_OPTIONS_INIT;
	tly_result again;
	double t;
	int k, error = 0;

	memset(&again, 0, sizeof(again));
	ro.threads = threads;
	for (k = 0; k < repeat; k++) {
		tly_result *r = k ? &again : out;

		t = bench_now();
		if ((error = tly_run_compute(r, ds, rules, &ro)) < 0)
			break;
		t = bench_now() - t;
		if (k == 0 || t < *best)
			*best = t;
		if (k > 0 && *same && !bench_result_equal(out, &again, what))
			*same = 0;
		tly_result_clear(&again);
	}
	tly_result_clear(&again);
	return error;
}

static void print_throughput(const ingest_figures *f, const run_figures *rf,
			     const bench_measure_options *o)
{
	char label[64];

	printf("\nthroughput (%zu images x %d annotators, %zu annotator objects, %zu submissions)\n",
	       rf->images, BENCH_ANNOTATORS, f->objects, f->submissions);
	printf("  %-50s %9s %11s %11s\n", "step", "seconds", "images/s", "objects/s");
	row("ingest: parse (tly_ingest_file, 5 COCO files)", f->parse, rf->images, f->objects);
	row("ingest: store (tly_store_write_batch)", f->write, rf->images, f->objects);
	row("ingest: total", f->parse + f->write, rf->images, f->objects);
	if (f->have_labels)
	row("ingest: image labels (1 CSV, parse+store)", f->labels, rf->images, 0);
	row("load dataset (tly_store_load_dataset)", rf->load, rf->images, rf->objects);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_a,
		 o->repeat);
	row(label, rf->compute_a, rf->images, rf->objects);
	snprintf(label, sizeof(label), "run compute, threads %d (best of %d)", o->threads_b,
		 o->repeat);
	row(label, rf->compute_b, rf->images, rf->objects);
	row("save result (tly_store_save_result)", rf->save, rf->images, rf->objects);
	snprintf(label, sizeof(label), "run execute, threads %d (load+compute+save)",
		 o->threads_b);
	row(label, rf->execute, rf->images, rf->objects);
	printf("  (images/s counts an image once with all its annotators' work; objects/s counts\n"
	       "   every annotator's box)\n");
	printf("speed-up threads %d -> %d: %.2fx\n", o->threads_a, o->threads_b,
	       rf->compute_a / rf->compute_b);
}

int bench_measure(const char *dir, const bench_measure_options *o)
{
	tly_store *st = NULL;
	tly_rules *rules = NULL;
	tly_dataset ds, ds_x;
	tly_result ra, rb, rx;
	tly_run_options ro = TLY_RUN_OPTIONS_INIT;
	ingest_figures f;
	run_figures rf;
	char db[4096], q[64];
	const char *what = "", *what_x = "";
	double t;
	int same = 1, same_x, error = 0;

	memset(&ds, 0, sizeof(ds));
	memset(&ds_x, 0, sizeof(ds_x));
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	memset(&rx, 0, sizeof(rx));
	memset(&rf, 0, sizeof(rf));
	if ((error = fresh_store(&st, db, sizeof(db), dir)) < 0 ||
	    (error = tly_rules_new_default(&rules)) < 0 || (error = ingest_all(&f, st, dir)) < 0)
		goto out;
	t = bench_now();
	if ((error = tly_store_load_dataset(&ds, st)) < 0)
		goto out;
	rf.load = bench_now() - t;
	rf.images = ds.n_images;
	rf.objects = count_objects(&ds);

	/* The best of o->repeat timings: other processes only ever add time. */
	if ((error = bench_compute_best(&ra, &rf.compute_a, &same, &what, &ds, rules,
					o->threads_a, o->repeat)) < 0 ||
	    (error = bench_compute_best(&rb, &rf.compute_b, &same, &what, &ds, rules,
					o->threads_b, o->repeat)) < 0)
		goto out;
	if (same)
		same = bench_result_equal(&ra, &rb, &what);
	t = bench_now();
	if ((error = tly_store_save_result(st, &ds, &rb)) < 0)
		goto out;
	rf.save = bench_now() - t;
	/* What `tally run --threads B` does: load, compute, save, in one call. */
	ro.threads = o->threads_b;
	t = bench_now();
	if ((error = tly_run_execute(&rx, &ds_x, st, rules, &ro)) < 0)
		goto out;
	rf.execute = bench_now() - t;
	same_x = bench_result_equal(&rb, &rx, &what_x);

	print_throughput(&f, &rf, o);
	snprintf(q, sizeof(q), "threads %d vs %d identical (and every repeat)", o->threads_a,
		 o->threads_b);
	verdict(q, same, what);
	verdict("run execute equals compute + save", same_x, what_x);
	summary(&ds, &rb);
	if ((error = bench_quality(dir, &ds, &rb)) < 0 ||
	    (error = bench_weights(dir, &ds, &rb, rf.compute_b, o->threads_b)) < 0)
		goto out;
	if (!same || !same_x)
		error = tly_error_set(TLY_EARG, "results differ: %s", !same ? what : what_x);
out:
	tly_result_clear(&ra);
	tly_result_clear(&rb);
	tly_result_clear(&rx);
	tly_dataset_clear(&ds);
	tly_dataset_clear(&ds_x);
	tly_rules_free(rules);
	tly_store_close(st);
	return error;
}
