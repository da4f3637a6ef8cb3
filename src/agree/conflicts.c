/*
 * Conflicts of one image, as decided for the foundation (SPEC §6): MISSING
 * per (accepted cluster, voter not in it), EXTRA per object in a rejected
 * cluster, LABEL_MISMATCH and LOW_OVERLAP per member of an accepted cluster,
 * one TIE per tied vote (tied members are not EXTRA) with its votes (who
 * voted for which label, tly_tie_vote); LOW_OVERLAP below the
 * consensus label's report.low_overlap, else the member's shape kind's,
 * else the policy's (tly_agree_low_overlap); for labels, MISSING
 * per consensus label a voter lacks and EXTRA per label outside it.
 * Crowd regions (COCO iscrowd) as a QA lead reads them: skipping one is
 * common and harmless, so an accepted crowd region makes nobody MISSING;
 * its outline is rough by nature, so no LOW_OVERLAP either; but a member
 * that calls it another category (which objects it hides depends on that)
 * is a LABEL_MISMATCH. An object in no accepted cluster that lies inside
 * an accepted crowd region of its label (crowd IoU >= the pair's match
 * threshold, tly_match_pair_iou) is not
 * EXTRA: the region covers it. A rejected crowd region elsewhere is EXTRA
 * (a region the others did not see changes what evaluation ignores).
 * Checked by tests/agree/test_conflicts.c and test_crowd.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agree/conflicts.h"
#include "agree/crowd.h"

static int push(tly_agree_workspace *ws, uint32_t image, tly_conflict_kind kind, tly_task task,
		uint32_t annotator, int64_t object_id, int64_t consensus, uint32_t category, double iou)
{
	tly_conflict c;

	memset(&c, 0, sizeof(c));
	c.image = image;
	c.kind = kind;
	c.task = task;
	c.annotator = annotator;
	c.object_id = object_id;
	c.consensus = consensus;
	c.category = category;
	c.iou = iou;
	return TLY_AGREE_PUSH(&ws->conflicts, c) < 0 ? TLY_ENOMEM : 0;
}

int tly_agree__conflicts_accepted(tly_agree_workspace *ws, const tly_agree_context *ctx,
				  uint32_t image, size_t cons, const uint32_t *items_of)
{
	const tly_cons_object *co = &ws->cons.v[cons];
	const tly_cons_member *m = &ws->members.v[co->first_member];
	size_t i, nv = ws->vobj.annotator.n;
	int error = 0;

	for (i = 0; i < co->support; i++) {
		if (m[i].category != co->category &&
		    (error = push(ws, image, TLY_CONFLICT_LABEL_MISMATCH, TLY_TASK_OBJECTS, m[i].annotator,
				  m[i].object_id, (int64_t)cons, m[i].category, m[i].iou)) < 0)
			return error;
		/* the consensus label's report.low_overlap, else the member's kind's, else the policy's */
		if (!co->iscrowd &&
		    m[i].iou < tly_agree_low_overlap(ctx, co->category, ws->items.v[items_of[i]].geom->kind) &&
		    (error = push(ws, image, TLY_CONFLICT_LOW_OVERLAP, TLY_TASK_OBJECTS, m[i].annotator,
				  m[i].object_id, (int64_t)cons, m[i].category, m[i].iou)) < 0)
			return error;
	}
	if (co->iscrowd)
		return 0; /* people often skip crowd regions: not missing */
	memset(ws->seen.v, 0, nv);
	for (i = 0; i < co->support; i++)
		ws->seen.v[ws->item_voter.v[items_of[i]]] = 1;
	for (i = 0; i < nv; i++)
		if (!ws->seen.v[i] &&
		    (error = push(ws, image, TLY_CONFLICT_MISSING, TLY_TASK_OBJECTS, ws->vobj.annotator.v[i],
				  0, (int64_t)cons, co->category, NAN)) < 0)
			return error;
	return 0;
}

/*
 * Whether IT lies inside an accepted crowd region of the image (ws->cons,
 * with its mask in ws->masks when it has one).
 */
static int in_consensus_crowd(const tly_agree_workspace *ws, const tly_agree_context *ctx,
			      const tly_match_item *it)
{
	tly_match_item crowd;
	size_t k;

	memset(&crowd, 0, sizeof(crowd));
	crowd.owner = UINT32_MAX;
	crowd.iscrowd = 1;
	for (k = 0; k < ws->cons.n; k++) {
		const tly_cons_object *co = &ws->cons.v[k];
		tly_geometry g;

		if (!co->iscrowd)
			continue;
		g = co->geom;
		g.rle = k < ws->masks.n && ws->masks.v[k].m ? &ws->masks.v[k] : NULL;
		crowd.geom = &g;
		crowd.label = co->category;
		if (tly_agree__inside_crowd(it->geom, it->label, &g, co->category,
					    tly_match_pair_iou(&ctx->match, it, &crowd)))
			return 1;
	}
	return 0;
}

int tly_agree__conflicts_rejected(tly_agree_workspace *ws, const tly_agree_context *ctx,
				  uint32_t image, const uint32_t *items_of, size_t n)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++) {
		const tly_match_item *it = &ws->items.v[items_of[i]];

		if (in_consensus_crowd(ws, ctx, it))
			continue;
		if ((error = push(ws, image, TLY_CONFLICT_EXTRA, TLY_TASK_OBJECTS, it->owner, it->key,
				  -1, it->label, NAN)) < 0)
			return error;
	}
	return 0;
}

int tly_agree__conflict_tie(tly_agree_workspace *ws, uint32_t image, tly_task task, uint32_t category)
{
	return push(ws, image, TLY_CONFLICT_TIE, task, UINT32_MAX, 0, -1, category, NAN);
}

/* One vote of the TIE conflict just pushed (the last of ws->conflicts); room reserved. */
static void tie_vote(tly_agree_workspace *ws, uint32_t annotator, int64_t object_id, uint32_t category)
{
	tly_tie_vote t;

	memset(&t, 0, sizeof(t));
	t.conflict = ws->conflicts.n - 1;
	t.object_id = object_id;
	t.annotator = annotator;
	t.category = category;
	ws->tvotes.v[ws->tvotes.n++] = t;
}

int tly_agree__conflict_tie_cluster(tly_agree_workspace *ws, uint32_t image, uint32_t category,
				    const uint32_t *items_of, size_t n)
{
	size_t first = ws->tvotes.n, i, j;
	tly_tie_vote *t;
	int error;

	if ((error = tly_agree__conflict_tie(ws, image, TLY_TASK_OBJECTS, category)) < 0)
		return error;
	if (TLY_AGREE_RESERVE(&ws->tvotes, first + n) < 0)
		return TLY_ENOMEM;
	for (i = 0; i < n; i++) {
		const tly_match_item *it = &ws->items.v[items_of[i]];

		tie_vote(ws, it->owner, it->key, it->label);
	}
	/* Rows go by annotator (one member each); a cluster is small, so insertion sort. */
	t = ws->tvotes.v + first;
	for (i = 1; i < n; i++) {
		tly_tie_vote x = t[i];

		for (j = i; j > 0 && t[j - 1].annotator > x.annotator; j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
	return 0;
}

static int cmp_u32(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return (a > b) - (a < b);
}

/*
 * The label a tied label vote would name: the most given label, the
 * bytewise-first name among equals (the same order vote.tie = first uses).
 */
static int tie_label(uint32_t *out, tly_agree_workspace *ws, const tly_agree_context *ctx)
{
	size_t i, run, best_run = 0;
	uint32_t *s;

	*out = 0;
	ws->scratch.n = 0;
	if (TLY_AGREE_RESERVE(&ws->scratch, ws->labels.n) < 0)
		return TLY_ENOMEM;
	s = ws->scratch.v;
	if (ws->labels.n)
		memcpy(s, ws->labels.v, ws->labels.n * sizeof(*s));
	if (ws->labels.n > 1)
		qsort(s, ws->labels.n, sizeof(*s), cmp_u32);
	for (i = 0; i < ws->labels.n; i += run) {
		for (run = 1; i + run < ws->labels.n && s[i + run] == s[i]; run++)
			;
		if (run > best_run ||
		    (run == best_run && strcmp(ctx->label_names[s[i]], ctx->label_names[*out]) < 0)) {
			best_run = run;
			*out = s[i];
		}
	}
	return 0;
}

int tly_agree__conflicts_labels(tly_agree_workspace *ws, const tly_agree_context *ctx, uint32_t image)
{
	const tly_vote_label *c = ws->lvote.v;
	size_t nc = ws->lvote.n, v;
	int error = 0;

	if (ws->tie_labels) {
		uint32_t cat;

		if ((error = tie_label(&cat, ws, ctx)) < 0 ||
		    (error = tly_agree__conflict_tie(ws, image, TLY_TASK_LABELS, cat)) < 0)
			return error;
		/* Every voter's vote, whether or not its label tied: who said what. */
		if (TLY_AGREE_RESERVE(&ws->tvotes, ws->tvotes.n + ws->labels.n) < 0)
			return TLY_ENOMEM;
		for (v = 0; v < ws->vlab.annotator.n; v++) {
			const tly_label_set *s = &ws->sets.v[v];
			size_t off = (size_t)(s->labels - ws->labels.v), i;

			for (i = 0; i < s->n; i++)
				tie_vote(ws, ws->vlab.annotator.v[v], ws->label_tag.v[off + i], s->labels[i]);
		}
	}
	for (v = 0; v < ws->vlab.annotator.n; v++) {
		const tly_label_set *s = &ws->sets.v[v];
		size_t off = (size_t)(s->labels - ws->labels.v), i = 0, j = 0;
		uint32_t who = ws->vlab.annotator.v[v];

		/* merge walk over two ascending lists */
		while (i < s->n || j < nc) {
			if (j >= nc || (i < s->n && s->labels[i] < c[j].category)) {
				/* tied votes have no consensus to be extra against */
				if (!ws->tie_labels &&
				    (error = push(ws, image, TLY_CONFLICT_EXTRA, TLY_TASK_LABELS, who,
						  ws->label_tag.v[off + i], -1, s->labels[i], NAN)) < 0)
					return error;
				i++;
			} else if (i >= s->n || c[j].category < s->labels[i]) {
				if ((error = push(ws, image, TLY_CONFLICT_MISSING, TLY_TASK_LABELS, who, 0,
						  (int64_t)j, c[j].category, NAN)) < 0)
					return error;
				j++;
			} else {
				i++;
				j++;
			}
		}
	}
	return 0;
}
