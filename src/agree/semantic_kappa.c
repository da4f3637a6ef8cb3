/*
 * Fleiss' kappa over the pixels of label maps (issue 4): J. L. Fleiss,
 * Psychological Bulletin 76(5), 1971, eqs. 2-9 and kappa_j of eq. 11, with
 * each pixel's own number of ratings n_i as tly_stats_fleiss (tally/stats.h)
 * documents, counted per image from sufficient sums (never a per-pixel
 * array) and combined over images, with a bootstrap over images.
 * Checked by tests/agree/test_semantic_kappa.c (hand-worked tables, and
 * tly_stats_fleiss on the same pixels expanded one per item).
 *
 * The algebra. Pixel i (kept when n_i >= 2) has n_ij ratings of class j.
 *   Overall: P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)), P = sum_i P_i / N,
 *   p_j = R_j / T with R_j = sum_i n_ij and T = sum_i n_i, Pe = sum_j p_j^2,
 *   kappa = (P - Pe) / (1 - Pe): needs N, sum_i P_i, T and every R_j.
 *   Class j, the table collapsed to {j, not j}: the pixel's two counts are
 *   n_ij and n_i - n_ij, and n_ij^2 + (n_i - n_ij)^2 = n_i^2 - 2 n_ij (n_i - n_ij), so
 *     P_i(j) = 1 - 2 d_ij,  d_ij = n_ij (n_i - n_ij) / (n_i (n_i - 1)),
 *     P(j) = 1 - 2 D_j / N  with D_j = sum_i d_ij,
 *   and the collapsed shares are p = p_j, q = 1 - p_j: Pe(j) = p^2 + q^2 = 1 - 2pq.
 *   kappa_j = (P(j) - Pe(j)) / (1 - Pe(j)) = (2pq - 2 D_j / N) / (2pq)
 *           = 1 - (D_j / N) / (p q):
 *   needs N, T, R_j and D_j. The kept pixels are the same for every class
 *   (n_i >= 2 of any class), as tly_stats_fleiss drops items.
 * Every quantity is a sum over pixels, so an image's sums add to the run's,
 * a segment of L identical pixels adds L times one pixel's terms, and a
 * bootstrap resample that draws image m w_m times weighs its sums by w_m
 * (exactly the statistic of the resampled images' pixels).
 */
#include <math.h>
#include <string.h>

#include "agree/interval.h"
#include "agree/semantic.h"
#include "tally/error.h"
#include "util/alloc.h"

#define IGN TLY_LABEL_IGNORE

int tly_semantic__kappa_reset(tly_semantic_workspace *ws)
{
	size_t ncat = ws->ncat, c;

	if (TLY_AGREE_RESERVE(&ws->kcount, ncat) < 0 || TLY_AGREE_RESERVE(&ws->kclass, ncat) < 0 ||
	    TLY_AGREE_RESERVE(&ws->ktouched, ws->voters.n) < 0)
		return TLY_ENOMEM;
	ws->kcount.n = ws->kclass.n = ncat;
	for (c = 0; c < ncat; c++) {
		ws->kcount.v[c] = 0;
		memset(&ws->kclass.v[c], 0, sizeof(ws->kclass.v[c]));
		ws->kclass.v[c].category = (uint32_t)c;
	}
	ws->kpixels = ws->kratings = 0;
	ws->kagree = 0.0;
	return 0;
}

/*
 * One segment of LEN pixels whose N_I ratings are the counts of the T
 * classes TOUCHED (kcount): each sum of the file's comment gains LEN times
 * the pixel's term. Products of counts are exact in double (n_i <= voters).
 */
static void add_segment(tly_semantic_workspace *ws, const uint32_t *touched, size_t t, uint32_t n_i,
			uint32_t len)
{
	double pairs = (double)n_i * (double)(n_i - 1), l = (double)len, sq = 0.0;
	size_t j;

	for (j = 0; j < t; j++) {
		tly_semantic_kappa_class *kc = &ws->kclass.v[touched[j]];
		double x = (double)ws->kcount.v[touched[j]];

		sq += x * x;
		kc->ratings += (uint64_t)ws->kcount.v[touched[j]] * len;
		kc->disagree += l * (x * ((double)n_i - x)) / pairs;
	}
	ws->kpixels += len;
	ws->kratings += (uint64_t)n_i * len;
	ws->kagree += l * (sq - (double)n_i) / pairs;
}

void tly_semantic__kappa_chunk(tly_semantic_workspace *ws, size_t n)
{
	const uint32_t *const *rows = ws->rows.v;
	uint32_t *count = ws->kcount.v, *touched = ws->ktouched.v;
	size_t nv = ws->voters.n, k, i, t, j;

	/* one voter rates no pixel twice: nothing is kept */
	if (nv < 2)
		return;
	for (k = 0; k < n; k++) {
		uint32_t n_i = 0;

		for (i = 0, t = 0; i < nv; i++) {
			uint32_t v = rows[i][k];

			if (v == IGN)
				continue;
			if (count[v]++ == 0)
				touched[t++] = v;
			n_i++;
		}
		if (n_i >= 2)
			add_segment(ws, touched, t, n_i, ws->seg.v[k]);
		for (j = 0; j < t; j++)
			count[touched[j]] = 0;
	}
}

int tly_semantic__kappa_rows(tly_semantic_image_result *out, const tly_semantic_workspace *ws)
{
	size_t c, m = 0;

	out->kappa_pixels = ws->kpixels;
	out->kappa_ratings = ws->kratings;
	out->kappa_agree = ws->kagree;
	out->n_kappa_classes = 0;
	out->kappa_classes = NULL;
	for (c = 0; c < ws->kclass.n; c++)
		m += ws->kclass.v[c].ratings > 0;
	if (m == 0)
		return 0;
	if (!(out->kappa_classes = tly_reallocarray(NULL, m, sizeof(*out->kappa_classes))))
		return TLY_ENOMEM;
	for (c = 0; c < ws->kclass.n; c++)
		if (ws->kclass.v[c].ratings > 0)
			out->kappa_classes[out->n_kappa_classes++] = ws->kclass.v[c];
	return 0;
}

typedef struct {
	const tly_semantic_image_result *images;
	const size_t *kept;  /* the images with a kept pixel */
	size_t n_kept;
	size_t k;            /* categories */
	const size_t *group; /* [n_kept] each kept image's bootstrap group */
} kappa_ctx;

/*
 * The statistics of the file's comment with image KEPT[u] counted
 * WEIGHTS[group[u]] times (NULL: once); SCRATCH: R_j and D_j, [2k].
 */
static int kappa_eval(double *out, const void *vctx, const uint32_t *weights, double *scratch)
{
	const kappa_ctx *c = vctx;
	double *col = scratch, *dis = scratch + c->k;
	double pixels = 0.0, total = 0.0, agree = 0.0, pe = 0.0;
	size_t u, j;
	int one_class = 0;

	for (j = 0; j < c->k; j++)
		col[j] = dis[j] = 0.0;
	for (u = 0; u < c->n_kept; u++) {
		const tly_semantic_image_result *im = &c->images[c->kept[u]];
		double w = weights ? (double)weights[c->group[u]] : 1.0;

		if (w == 0.0)
			continue;
		pixels += w * (double)im->kappa_pixels;
		total += w * (double)im->kappa_ratings;
		agree += w * im->kappa_agree;
		for (j = 0; j < im->n_kappa_classes; j++) {
			const tly_semantic_kappa_class *kc = &im->kappa_classes[j];

			col[kc->category] += w * (double)kc->ratings;
			dis[kc->category] += w * kc->disagree;
		}
	}
	for (j = 0; j <= c->k; j++)
		out[j] = NAN;
	if (pixels == 0.0)
		return 0;
	for (j = 0; j < c->k; j++) {
		double p = col[j] / total;

		pe += p * p;
		/* counts are integers below 2^53: exact, so Pe = 1 exactly when one class has every rating */
		if (col[j] == total)
			one_class = 1;
		if (col[j] > 0.0 && col[j] < total)
			out[1 + j] = 1.0 - (dis[j] / pixels) / (p * (1.0 - p));
	}
	if (!one_class)
		out[0] = (agree / pixels - pe) / (1.0 - pe);
	return 0;
}

/* The arguments' checks: 0 or TLY_EARG with the message set. */
static int check_images(const tly_semantic_image_result *images, size_t n_images, size_t n_categories)
{
	size_t m, j;

	if (!images && n_images)
		return tly_error_set(TLY_EARG, "semantic_kappa: %zu images but no array", n_images);
	for (m = 0; m < n_images; m++) {
		if (images[m].n_kappa_classes && !images[m].kappa_classes)
			return tly_error_set(TLY_EARG, "semantic_kappa: image %zu: class rows missing", m);
		for (j = 0; j < images[m].n_kappa_classes; j++)
			if (images[m].kappa_classes[j].category >= n_categories)
				return tly_error_set(TLY_EARG, "semantic_kappa: image %zu: class %u not below %zu",
						     m, images[m].kappa_classes[j].category, n_categories);
	}
	return 0;
}

int tly_semantic_kappa(tly_stat *out, tly_stat *per_category, size_t n_categories,
		       const tly_semantic_image_result *images, size_t n_images,
		       const tly_stats_bootstrap *boot)
{
	kappa_ctx c = {images, NULL, 0, n_categories, NULL};
	tly_stats__resampler rs = {0, 0, NULL, 0, 0, kappa_eval, NULL};
	size_t *kept = NULL, *group = NULL;
	double *values = NULL, *scratch = NULL;
	tly_stat *all = NULL;
	size_t m, j, k = n_categories, n_pixels = 0;
	int error = 0;

	if (!out)
		return tly_error_set(TLY_EARG, "semantic_kappa: no output");
	tly_stats__undefined(out);
	for (j = 0; per_category && j < k; j++)
		tly_stats__undefined(&per_category[j]);
	if ((error = check_images(images, n_images, k)) < 0 ||
	    (error = tly_stats__check_boot(boot, n_images, "semantic_kappa")) < 0)
		return error;
	if (k == SIZE_MAX)
		return tly_error_set(TLY_ELIMIT, "semantic_kappa: %zu categories", k);
	kept = tly_calloc(n_images ? n_images : 1, sizeof(*kept));
	group = tly_calloc(n_images ? n_images : 1, sizeof(*group));
	scratch = tly_calloc(k ? k : 1, 2 * sizeof(*scratch));
	values = tly_calloc(k + 1, sizeof(*values));
	all = tly_calloc(k + 1, sizeof(*all));
	if (!kept || !group || !scratch || !values || !all) {
		error = tly_error_set(TLY_ENOMEM, "semantic_kappa: out of memory");
		goto out;
	}
	for (m = 0; m < n_images; m++) {
		if (images[m].kappa_pixels == 0)
			continue;
		kept[c.n_kept++] = m;
		n_pixels += (size_t)images[m].kappa_pixels;
	}
	c.kept = kept;
	c.group = group;
	kappa_eval(values, &c, NULL, scratch);
	for (j = 0; j <= k; j++) {
		tly_stats__undefined(&all[j]);
		all[j].value = values[j];
		all[j].n = n_pixels;
	}
	rs.n_stats = k + 1;
	rs.n_groups = tly_stats__group_index(group, c.n_kept, boot ? boot->group : NULL, kept);
	rs.n_scratch = 2 * k;
	rs.ctx = &c;
	if ((error = tly_stats__bootstrap(all, &rs, boot)) < 0) {
		if (error == TLY_ENOMEM)
			error = tly_error_set(error, "semantic_kappa: out of memory for the bootstrap");
		goto out;
	}
	*out = all[0];
	for (j = 0; per_category && j < k; j++)
		per_category[j] = all[1 + j];
out:
	tly_free(kept);
	tly_free(group);
	tly_free(scratch);
	tly_free(values);
	tly_free(all);
	return error;
}
