/*
 * Version 11 of the store's schema (store/schema.h; the steps before it are
 * in schema.c, which lists them all): the votes of tied votes, so a stored
 * run says who voted for which label where a vote tied. Its own file so
 * that schema.c stays under the size cap; the conventions, and the comment
 * on every column, are schema.c's.
 */
#include "store/schema.h"

/*
 * Version 11: under vote.tie 'review' a tied vote gives one 'tie' conflict
 * and no consensus; its votes are kept here (tally/result.h tly_tie_vote):
 * a tied object cluster has a row per member, a tied single-label image
 * vote a row per voter. Runs saved before version 11 have no rows.
 */
const char *const tly_store__schema_v11[] = {
	"CREATE TABLE tie_votes (\n"
	"  -- The votes of each tied vote (vote.tie 'review'): who voted for which label. A tied\n"
	"  -- object cluster has one row per member; a tied single-label image vote one row per\n"
	"  -- voter of the image's labels task (every voter, not only those of the tied labels).\n"
	"  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,  -- the run\n"
	"  conflict_idx INTEGER NOT NULL CHECK (conflict_idx >= 0),  -- conflicts.idx of the run's 'tie' conflict\n"
	"  annotator_id INTEGER NOT NULL REFERENCES annotators(id),  -- the voter\n"
	"  object_id    INTEGER NOT NULL,  -- its objects.id (objects task) or tags.id (labels task)\n"
	"  category_id  INTEGER NOT NULL REFERENCES categories(id),  -- the label it gave\n"
	"  PRIMARY KEY (run_id, conflict_idx, annotator_id)\n"
	") WITHOUT ROWID;\n",
	NULL,
};
