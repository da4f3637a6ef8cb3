/*
 * Parse-everything-then-store, shared by tally ingest and tally consensus.
 */
#include <string.h>

#include "cli/batches.h"
#include "util/alloc.h"

void tly_cli_batches_clear(tly_cli_batches *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		tly_batch_clear(&b->items[i]);
	tly_free(b->items);
	tly_free(b->overrides);
	memset(b, 0, sizeof(*b));
}

static int reserve(tly_cli_batches *b)
{
	size_t cap;
	void *p;

	if (b->n < b->cap)
		return 0;
	cap = b->cap ? b->cap * 2 : 8;
	p = tly_reallocarray(b->items, cap, sizeof(*b->items));
	if (!p)
		return TLY_ENOMEM;
	b->items = p;
	p = tly_reallocarray(b->overrides, cap, sizeof(*b->overrides));
	if (!p)
		return TLY_ENOMEM;
	b->overrides = p;
	b->cap = cap;
	return 0;
}

int tly_cli_batches_parse(tly_cli_batches *b, const char *path, const tly_ingest_options *opts)
{
	tly_ingest_options io = *opts;
	char **files = NULL;
	size_t n_files = 0, i;
	int error;

	/* PNG label maps look for their classes.json up to the PATH given. */
	io.root = path;
	if ((error = tly_ingest_expand_format(&files, &n_files, path, io.format)) < 0)
		return error;
	for (i = 0; i < n_files; i++) {
		if ((error = reserve(b)) < 0)
			break;
		tly_batch_init(&b->items[b->n]);
		b->overrides[b->n] = io.annotator;
		b->n++;
		if ((error = tly_ingest_file(&b->items[b->n - 1], files[i], &io)) < 0)
			break;
	}
	tly_ingest_paths_free(files, n_files);
	return error;
}

static void log_stats(FILE *log, const tly_batch *b, const tly_store_write_stats *s)
{
	if (s->skipped) {
		fprintf(log, "%s: already ingested (same content), nothing changed\n", b->path);
		return;
	}
	fprintf(log, "%s (%s%s): %zu submissions (%zu replaced), %zu objects, %zu labels, "
		"%zu new images", b->path, b->format, b->gold ? ", gold" : "", s->submissions,
		s->submissions_replaced, s->objects, s->tags, s->images_new);
	if (s->maps)
		fprintf(log, ", %zu label maps", s->maps);
	if (b->n_repairs)
		fprintf(log, "; %zu shapes of kinds tally does not read yet were skipped", b->n_repairs);
	fputc('\n', log);
}

int tly_cli_batches_store(tly_cli_batches *b, tly_store *st, FILE *log)
{
	tly_store_write_stats *stats = NULL;
	size_t i;
	int error;

	stats = tly_calloc(b->n ? b->n : 1, sizeof(*stats));
	if (!stats)
		return TLY_ENOMEM;
	/* One outer transaction: a file that the store refuses (an image size
	 * that contradicts an earlier file, say) undoes the files before it too. */
	if ((error = tly_store_begin(st)) < 0)
		goto out;
	for (i = 0; i < b->n; i++) {
		if ((error = tly_store_write_batch(&stats[i], st, &b->items[i], b->overrides[i])) < 0) {
			tly_store_rollback(st);
			goto out;
		}
	}
	if ((error = tly_store_commit(st)) < 0)
		goto out;
	/* Only now, so nothing reaches stdout when the command fails. */
	for (i = 0; log && i < b->n; i++)
		log_stats(log, &b->items[i], &stats[i]);
out:
	tly_free(stats);
	return error;
}
