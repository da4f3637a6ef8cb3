/*
 * The votes of tied votes in the store (table tie_votes, schema version
 * 11): their check inside tly_result_check, their rows saved by
 * tly_store_save_result and read back by tly_store_load_result.
 */
#ifndef TLY_STORE_TIE_VOTES_H
#define TLY_STORE_TIE_VOTES_H

#include "store/store.h"
#include "tally/result.h"

/*
 * R's tie_votes against DS and R's conflicts: each row's conflict a TIE
 * conflict of R, its annotator and category entries of DS, rows strictly
 * in (conflict, annotator) order. 0, or TLY_EARG "result: tie_votes[I]...".
 */
int tly_store__check_tie_votes(const tly_dataset *ds, const tly_result *r);

/*
 * Insert R's tie_votes for run RUN_ID (annotators and categories as their
 * store ids in DS). R has passed tly_result_check. 0 or a tly_error_code;
 * the caller rolls back on error.
 */
int tly_store__save_tie_votes(tly_store *st, const tly_dataset *ds, const tly_result *r, int64_t run_id);

/*
 * Read run RUN_ID's rows into R's empty tie_votes (its conflicts already
 * loaded), by conflict then annotator; a run saved before version 11 has
 * none. 0, TLY_ENOMEM, or TLY_ESTORE "DBFILE: corrupt store: run N,
 * tie_votes row I" for a row whose conflict is no TIE conflict of the run
 * or that names no annotator or category of DS. On error R stays valid for
 * tly_result_clear.
 */
int tly_store__load_tie_votes(tly_result *r, const tly_dataset *ds, tly_store *st, int64_t run_id);

#endif
