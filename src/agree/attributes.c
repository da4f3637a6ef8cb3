/*
 * Attribute votes (issue 5: "attributes are ingested, voted (plurality with
 * the quorum) and reported as mismatching_attributes conflicts"). For each
 * accepted cluster and each attribute name a member gave: the members'
 * values are counted; the most given value is the consensus value when its
 * count meets the cluster's quorum (the consensus label's, as for the
 * cluster itself) out of the cluster's members, who are the annotators that
 * saw the object. Two or more values tied at that count follow vote.tie as
 * labels do: "review" gives no value (a tied entry, no conflict, the image
 * not flagged), "first" the tied value that sorts first bytewise (the
 * dataset's attr_values are sorted, so the smallest index), an ordinary
 * consensus value. Each member whose value differs from a consensus value,
 * or who gave none, is a mismatching_attributes conflict. Worked cases in
 * tests/agree/test_attributes.c.
 */
#include <stdlib.h>
#include <string.h>

#include "agree/attributes.h"

/* The quorum of CATEGORY: its labels.NAME.vote.quorum, else vote.quorum. */
static const tly_quorum *quorum_of(const tly_agree_context *ctx, uint32_t category)
{
	const tly_override *o;

	if (!ctx->policy->n_labels || category >= ctx->n_categories)
		return &ctx->policy->quorum;
	o = tly_policy_label(ctx->policy, ctx->label_names[category]);
	return o && o->has_quorum ? &o->quorum : &ctx->policy->quorum;
}

static int cmp_ref(const void *pa, const void *pb)
{
	const tly_agree_attrref *a = pa, *b = pb;

	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return (a->member > b->member) - (a->member < b->member);
}

/* Every member's attributes of cluster ITEMS_OF[0..n) into ws->attr_refs, sorted. */
static int gather(tly_agree_workspace *ws, const tly_image *im, const uint32_t *items_of, size_t n,
		  const char **why)
{
	size_t i, k;

	ws->attr_refs.n = 0;
	for (i = 0; i < n; i++) {
		const tly_object *o = tly_image_object(im, ws->items.v[items_of[i]].key);

		if (!o || (size_t)o->attr_first + o->n_attrs > im->n_attrs) {
			*why = "a cluster member that is no object of the image, or attributes out of range";
			return TLY_EARG;
		}
		for (k = 0; k < o->n_attrs; k++) {
			tly_agree_attrref r;

			r.name = im->attrs[o->attr_first + k].name;
			r.value = im->attrs[o->attr_first + k].value;
			r.member = (uint32_t)i;
			if (TLY_AGREE_PUSH(&ws->attr_refs, r) < 0) {
				*why = "out of memory";
				return TLY_ENOMEM;
			}
		}
	}
	if (ws->attr_refs.n > 1)
		qsort(ws->attr_refs.v, ws->attr_refs.n, sizeof(*ws->attr_refs.v), cmp_ref);
	return 0;
}

/*
 * The plurality value of the name group G[0..ng) (sorted by value):
 * *best and its count *votes; returns how many values share that count.
 * Only a larger count replaces *best, so on a tie it is the smallest
 * value index: the tied value that sorts first (vote.tie "first").
 */
static size_t plurality(uint32_t *best, uint32_t *votes, const tly_agree_attrref *g, size_t ng)
{
	size_t i, run, tied = 0;

	*best = UINT32_MAX;
	*votes = 0;
	for (i = 0; i < ng; i += run) {
		for (run = 1; i + run < ng && g[i + run].value == g[i].value; run++)
			;
		if (run > *votes) {
			*best = g[i].value;
			*votes = (uint32_t)run;
			tied = 1;
		} else if (run == *votes) {
			tied++;
		}
	}
	return tied;
}

/* A mismatching_attributes conflict of member M of consensus object CONS, with its details. */
static int mismatch(tly_agree_workspace *ws, uint32_t image, size_t cons, const uint32_t *items_of,
		    uint32_t m, uint32_t name, uint32_t value, uint32_t consensus)
{
	const tly_match_item *it = &ws->items.v[items_of[m]];
	tly_conflict c;
	tly_conflict_attr d;

	memset(&c, 0, sizeof(c));
	c.image = image;
	c.kind = TLY_CONFLICT_MISMATCHING_ATTRIBUTES;
	c.task = TLY_TASK_OBJECTS;
	c.annotator = it->owner;
	c.object_id = it->key;
	c.consensus = (int64_t)cons;
	c.category = it->label;
	c.iou = ws->members.v[ws->cons.v[cons].first_member + m].iou;
	memset(&d, 0, sizeof(d));
	d.conflict = ws->conflicts.n;
	d.name = name;
	d.value = value;
	d.consensus = consensus;
	if (TLY_AGREE_PUSH(&ws->conflicts, c) < 0 || TLY_AGREE_PUSH(&ws->kattrs, d) < 0)
		return TLY_ENOMEM;
	return 0;
}

/* Vote name group G[0..ng) of consensus object CONS (N members); record the outcome and conflicts. */
static int vote_name(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image, size_t cons,
		     const uint32_t *items_of, size_t n, const tly_agree_attrref *g, size_t ng)
{
	tly_cons_attr a;
	uint32_t best, votes, m, value;
	size_t tied = plurality(&best, &votes, g, ng), i;
	int error;

	/* as for labels: a plurality under the quorum is no consensus, tied or not */
	if (!tly_quorum_met(quorum_of(ctx, ws->cons.v[cons].category), votes, (uint32_t)n))
		return 0;
	memset(&a, 0, sizeof(a));
	a.object = cons;
	a.name = g[0].name;
	a.value = tied > 1 && ctx->policy->tie == TLY_TIE_REVIEW ? UINT32_MAX : best;
	if (TLY_AGREE_PUSH(&ws->cattrs, a) < 0)
		return TLY_ENOMEM;
	if (a.value == UINT32_MAX)
		return 0;
	for (m = 0; m < n; m++) {
		for (i = 0, value = UINT32_MAX; i < ng; i++)
			if (g[i].member == m)
				value = g[i].value;
		if (value != best && (error = mismatch(ws, image, cons, items_of, m, a.name, value, best)) < 0)
			return error;
	}
	return 0;
}

int tly_agree__vote_attributes(tly_agree_workspace *ws, const tly_agree_context *ctx,
			       const tly_image *im, uint32_t image, const char **why)
{
	size_t c, cons = 0, i, j;
	int error = 0;

	/* without objects the clustering and the votes hold an earlier image's */
	if (ws->items.n == 0 || im->n_attrs == 0)
		return 0;
	for (c = 0; c < ws->votes.n; c++) {
		const uint32_t *items_of = ws->clus.members + ws->clus.start[c];
		size_t n = ws->clus.start[c + 1] - ws->clus.start[c];

		if (ws->votes.v[c].status != TLY_VOTE_ACCEPTED)
			continue;
		if ((error = gather(ws, im, items_of, n, why)) < 0)
			return error;
		for (i = 0; i < ws->attr_refs.n; i = j) {
			for (j = i + 1; j < ws->attr_refs.n && ws->attr_refs.v[j].name == ws->attr_refs.v[i].name; j++)
				;
			if ((error = vote_name(ws, ctx, image, cons, items_of, n, ws->attr_refs.v + i, j - i)) < 0) {
				*why = "out of memory";
				return error;
			}
		}
		cons++;
	}
	return 0;
}
