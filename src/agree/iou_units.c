/*
 * Units of Krippendorff's alpha over objects (tally/stats.h,
 * tly_stats_alpha_iou): each cluster the image's matching made is a unit
 * whose values are the voters' objects in it and "nothing" for the other
 * voters. Clusters hold at most one object per voter, so the in-cluster
 * distances cost at most |V|(|V|-1)/2 IoUs per cluster. Checked by
 * tests/agree/test_iou_units.c.
 */
#include "agree/iou_units.h"
#include "tally/error.h"
#include "tally/geom.h"

/* Sum of 1 - IoU over the member pairs of one cluster (1 for a pair whose labels differ). */
static double cluster_distance(const tly_match_item *items, const uint32_t *members, size_t n)
{
	double d = 0.0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const tly_match_item *a = &items[members[i]];

		for (j = i + 1; j < n; j++) {
			const tly_match_item *b = &items[members[j]];
			double iou = a->label == b->label ? tly_geom_iou(a->geom, b->geom) : 0.0;

			/* IoU is in [0, 1] by construction; clamp what rounding might push past */
			d += iou >= 1.0 ? 0.0 : iou <= 0.0 ? 1.0 : 1.0 - iou;
		}
	}
	return d;
}

int tly_agree__iou_units(tly_agree_workspace *ws, const char **why)
{
	size_t nv = ws->vobj.annotator.n, c, nc;

	ws->iou_units.n = 0;
	/* the clustering is the image's only when it has objects (else it is a stale one) */
	if (nv < 2 || ws->items.n == 0)
		return 0;
	nc = ws->clus.n_clusters;
	if (TLY_AGREE_RESERVE(&ws->iou_units, nc) < 0) {
		*why = "out of memory";
		return TLY_ENOMEM;
	}
	for (c = 0; c < nc; c++) {
		const uint32_t *members = ws->clus.members + ws->clus.start[c];
		size_t n = ws->clus.start[c + 1] - ws->clus.start[c];
		tly_stats_iou_unit u;

		if (n == 0 || ws->items.v[members[0]].iscrowd)
			continue;
		u.objects = (uint32_t)n;
		u.coders = (uint32_t)nv;
		u.distance = cluster_distance(ws->items.v, members, n);
		ws->iou_units.v[ws->iou_units.n++] = u;
	}
	return 0;
}
