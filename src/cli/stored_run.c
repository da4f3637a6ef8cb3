/*
 * Loading a stored run for the commands that render one, and opening the
 * store for any command that only works on what ingest wrote.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/exitcode.h"
#include "cli/opts.h"
#include "cli/stored_run.h"

void tly_stored_run_init(tly_stored_run *sr)
{
	memset(sr, 0, sizeof(*sr));
}

void tly_stored_run_clear(tly_stored_run *sr)
{
	tly_result_clear(&sr->result);
	tly_dataset_clear(&sr->ds);
	tly_store_close(sr->st);
	sr->st = NULL;
}

int tly_cli_open_existing(tly_store **out, const char *db)
{
	struct stat st;
	int error;

	*out = NULL;
	/* Opening creates a missing store: a mistyped --db would leave an empty one behind. */
	if (stat(db, &st) != 0 && errno == ENOENT)
		return tly_cli_die(TLY_EXIT_STORE, "%s: no such store (tally ingest creates one)", db);
	if ((error = tly_store_open(out, db)) < 0)
		return tly_cli_fail(error);
	return 0;
}

/*
 * Fold aliases and drop ignored labels in the loaded dataset as the run's
 * own rules did when it computed, so what a report counts from the dataset
 * (objects drawn, labels in use) is what the run saw. A run whose stored
 * rules no longer parse keeps the raw dataset.
 */
static int prepare_for_run(tly_stored_run *sr)
{
	const char *json = sr->result.rules_json;
	tly_rules *rules = NULL;
	int error = 0;

	if (json && tly_rules_parse(&rules, json, strlen(json), "stored run rules") == 0)
		error = tly_run_prepare(&sr->ds, rules);
	tly_rules_free(rules);
	return error < 0 ? tly_cli_fail(error) : 0;
}

int tly_stored_run_load(tly_stored_run *sr, const char *db, const char *run)
{
	long id = 0;
	int status, error;

	/* run ids start at 1; without --run, 0 asks for the latest */
	if (run && tly_opts_int(&id, run, "--run", 1, INT32_MAX))
		return TLY_EXIT_USAGE;
	if ((status = tly_cli_open_existing(&sr->st, db ? db : "tally.db")) != 0)
		return status;
	if ((error = tly_store_load_result(&sr->result, &sr->ds, sr->st, id)) < 0)
		return tly_cli_fail(error);
	return prepare_for_run(sr);
}
