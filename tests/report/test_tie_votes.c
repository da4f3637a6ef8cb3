/*
 * A tie conflict's votes in the report (src/report/tie_votes.c): finding
 * them by conflict, and tie_votes.csv with a second tie (a labels tie on
 * b,1.png) added to the story of tests/report/sample.h; names that CSV
 * must quote (b,1.png and eve's) quoted per RFC 4180.
 */
#include "report/tie_votes.h"
#include "sample.h"

/*
 * The story's conflicts: 0 label_mismatch, 1 tie (votes 0-1: alice 4 dog,
 * bob 6 cat), both on a.jpg; added here: 2 a labels tie on b,1.png with one
 * vote (eve's tag 8, cat) = vote 2.
 */
static void add_label_tie(tly_result *r)
{
	r->conflicts = tly_reallocarray(r->conflicts, 3, sizeof(tly_conflict));
	r->tie_votes = tly_reallocarray(r->tie_votes, 3, sizeof(tly_tie_vote));
	CU_ASSERT_FATAL(r->conflicts && r->tie_votes);
	r->conflicts[2] = (tly_conflict){1, TLY_CONFLICT_TIE, TLY_TASK_LABELS, UINT32_MAX, 0, -1, 1, NAN};
	r->n_conflicts = 3;
	r->tie_votes[2] = (tly_tie_vote){2, 8, 2, 1};
	r->n_tie_votes = 3;
}

static void test_lookup(void)
{
	tly_dataset ds;
	tly_result r;
	size_t first = 99, n = 99;

	sample_build(&ds, &r);
	add_label_tie(&r);
	/* Conflict 0 is no tie: nothing, at the position its votes would take. */
	tly_report__tie_votes_of(&first, &n, &r, 0);
	CU_ASSERT(first == 0 && n == 0);
	tly_report__tie_votes_of(&first, &n, &r, 1);
	CU_ASSERT(first == 0 && n == 2);
	tly_report__tie_votes_of(&first, &n, &r, 2);
	CU_ASSERT(first == 2 && n == 1);
	/* Past the last conflict, and a run with no votes at all. */
	tly_report__tie_votes_of(&first, &n, &r, 3);
	CU_ASSERT(first == 3 && n == 0);
	r.n_tie_votes = 0;
	tly_report__tie_votes_of(&first, &n, &r, 1);
	CU_ASSERT(first == 0 && n == 0);
	r.n_tie_votes = 3;
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

static void render_csv(tly_buf *b, const tly_dataset *ds, const tly_result *r)
{
	tly_report__view v;

	CHECK_OK(tly_report__view_init(&v, ds, r));
	tly_report__csv_tie_votes(b, &v);
	tly_buf_putc(b, '\0');
	CU_ASSERT_EQUAL(b->error, 0);
	tly_report__view_clear(&v);
}

static void test_csv(void)
{
	tly_dataset ds;
	tly_result r;
	tly_buf b = TLY_BUF_INIT;

	sample_build(&ds, &r);
	add_label_tie(&r);
	render_csv(&b, &ds, &r);
	CU_ASSERT_STRING_EQUAL(b.ptr, "image,tie,task,annotator,object_id,label\n"
				      "a.jpg,1,objects,alice,4,dog\n"
				      "a.jpg,1,objects,bob,6,cat\n"
				      "\"b,1.png\",1,labels,\"eve \"\"e\"\", <x> & 'y'\",8,cat\n");
	tly_buf_clear(&b);
	/*
	 * A second tie on b,1.png (conflict 3: objects, alice's object 9, dog)
	 * is that image's tie 2; a.jpg's numbering is its own.
	 */
	r.conflicts = tly_reallocarray(r.conflicts, 4, sizeof(tly_conflict));
	r.tie_votes = tly_reallocarray(r.tie_votes, 4, sizeof(tly_tie_vote));
	CU_ASSERT_FATAL(r.conflicts && r.tie_votes);
	r.conflicts[3] = (tly_conflict){1, TLY_CONFLICT_TIE, TLY_TASK_OBJECTS, UINT32_MAX, 0, -1, 0, NAN};
	r.n_conflicts = 4;
	r.tie_votes[3] = (tly_tie_vote){3, 9, 0, 0};
	r.n_tie_votes = 4;
	render_csv(&b, &ds, &r);
	CU_ASSERT_STRING_EQUAL(b.ptr, "image,tie,task,annotator,object_id,label\n"
				      "a.jpg,1,objects,alice,4,dog\n"
				      "a.jpg,1,objects,bob,6,cat\n"
				      "\"b,1.png\",1,labels,\"eve \"\"e\"\", <x> & 'y'\",8,cat\n"
				      "\"b,1.png\",2,objects,alice,9,dog\n");
	tly_buf_clear(&b);
	/* Nothing tied (or a run saved before votes were kept): the header alone. */
	r.n_tie_votes = 0;
	render_csv(&b, &ds, &r);
	CU_ASSERT_STRING_EQUAL(b.ptr, "image,tie,task,annotator,object_id,label\n");
	r.n_tie_votes = 4;
	tly_buf_clear(&b);
	tly_result_clear(&r);
	tly_dataset_clear(&ds);
}

TLY_TESTS("report_tie_votes", {"lookup", test_lookup}, {"csv", test_csv})
