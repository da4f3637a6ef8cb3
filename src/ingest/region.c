/*
 * Geometry JSON for extra_json (region.h). Rotation follows screen
 * coordinates, y downwards: a point at angle t about the pivot goes to
 * t + DEG, which looks clockwise, as both CVAT and Label Studio draw a
 * positive "rotation". Tested by tests/ingest/test_cvat.c and test_labelstudio.c.
 */
#include <math.h>

#include "geom/rle.h"
#include "ingest/region.h"

/* pi to double precision (M_PI is not in C11). */
#define PI 3.14159265358979323846

void tly_ingest__region_polygon(tly_buf *out, tly_box *box, const double *xy, size_t n)
{
	double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
	size_t i;

	tly_buf_puts(out, "\"segmentation\":[[");
	for (i = 0; i < n; i++) {
		double x = xy[2 * i], y = xy[2 * i + 1];

		if (i == 0 || x < x0)
			x0 = x;
		if (i == 0 || x > x1)
			x1 = x;
		if (i == 0 || y < y0)
			y0 = y;
		if (i == 0 || y > y1)
			y1 = y;
		if (i)
			tly_buf_putc(out, ',');
		tly_buf_put_json_number(out, x);
		tly_buf_putc(out, ',');
		tly_buf_put_json_number(out, y);
	}
	tly_buf_puts(out, "]]");
	box->x = x0;
	box->y = y0;
	box->w = x1 - x0;
	box->h = y1 - y0;
}

int tly_ingest__region_unrotated(double deg)
{
	return fmod(deg, 360.0) == 0;
}

void tly_ingest__region_rotated(double xy[8], double x, double y, double w, double h, double deg, double px,
				double py)
{
	const double cx[4] = {x, x + w, x + w, x}, cy[4] = {y, y, y + h, y + h};
	double t = fmod(deg, 360.0) * PI / 180.0, c = cos(t), s = sin(t);
	int k;

	/* Quarter turns exactly: cos(pi / 2) is 6e-17, not 0, and would leak into the corners. */
	if (fmod(deg, 90.0) == 0) {
		static const double qc[4] = {1, 0, -1, 0}, qs[4] = {0, 1, 0, -1};
		double q = fmod(deg, 360.0) / 90.0;
		int i = (int)(q < 0 ? q + 4 : q);

		c = qc[i];
		s = qs[i];
	}

	for (k = 0; k < 4; k++) {
		double dx = cx[k] - px, dy = cy[k] - py;

		xy[2 * k] = px + dx * c - dy * s;
		xy[2 * k + 1] = py + dx * s + dy * c;
	}
}

void tly_ingest__region_mask(tly_buf *out, tly_box *box, const tly_rle *mask)
{
	tly_buf_puts(out, "\"segmentation\":");
	tly_rle__put_coco_json(out, mask);
	*box = tly_rle_bbox(mask);
}
