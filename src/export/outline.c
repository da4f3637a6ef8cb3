/*
 * Mask -> polygon (outline.h). The boundary of a mask is the set of pixel
 * edges between a foreground and a background pixel; each is directed
 * with its foreground pixel on the right (y down), so every vertex has as
 * many edges in as out, and walking them closes rings. Why the result
 * rasterises back exactly: pycocotools' frPoly (and tly_polygon_to_rle,
 * its port) fills even-odd, toggling a column at each crossing of its
 * centre line; only horizontal edges cross a column centre, and the
 * horizontal boundary edges are exactly where a column changes between
 * background and foreground. Vertical edges cross none; a bridge walked
 * out and back crosses every column centre twice at the same row, which
 * cancels. Tested by tests/export/test_outline.c (random masks through
 * tly_polygon_to_rle).
 */
#include <string.h>

#include "export/outline.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

/* Directions, clockwise on screen: turning right is +1. */
enum { RIGHT, DOWN, LEFT, UP };
static const int step_x[4] = {1, 0, -1, 0}, step_y[4] = {0, 1, 0, -1};

typedef struct {
	uint32_t x, y; /* vertex, crop coordinates */
	int dir;       /* the edge taken from it */
} step;

typedef TLY_VEC(step) steps;

static int on(const tly_export__crop *c, int64_t x, int64_t y)
{
	return x >= 0 && y >= 0 && x < c->w && y < c->h && c->px[(size_t)y * c->w + (size_t)x];
}

/* Out-edges of every vertex of the (w + 1) x (h + 1) grid, one bit per direction. */
static uint8_t *boundary(const tly_export__crop *c)
{
	size_t vw = (size_t)c->w + 1, x, y;
	uint8_t *out = tly_calloc(vw * ((size_t)c->h + 1), 1);

	if (!out)
		return NULL;
	for (y = 0; y < c->h; y++)
		for (x = 0; x < c->w; x++) {
			int64_t X = (int64_t)x, Y = (int64_t)y;

			if (!on(c, X, Y))
				continue;
			if (!on(c, X, Y - 1))
				out[y * vw + x] |= 1u << RIGHT; /* top edge, left to right */
			if (!on(c, X + 1, Y))
				out[y * vw + x + 1] |= 1u << DOWN; /* right edge, downwards */
			if (!on(c, X, Y + 1))
				out[(y + 1) * vw + x + 1] |= 1u << LEFT; /* bottom edge, right to left */
			if (!on(c, X - 1, Y))
				out[(y + 1) * vw + x] |= 1u << UP; /* left edge, upwards */
		}
	return out;
}

/*
 * Walk the ring from vertex (X, Y) until it comes back, taking each edge
 * once. Where two rings touch at a corner (two edges out) the walk turns
 * right first, keeping to its own pixels; either choice would fill the same.
 */
static int walk(steps *ring, uint8_t *edges, size_t vw, uint32_t x, uint32_t y)
{
	static const int prefer[4] = {1, 0, 3, 2}; /* right turn, straight, left turn, back */
	uint32_t x0 = x, y0 = y;
	int in = -1, d, k;

	ring->count = 0;
	do {
		uint8_t *e = &edges[(size_t)y * vw + x];

		for (d = -1, k = 0; k < 4 && d < 0; k++) {
			int t = in < 0 ? k : (in + prefer[k]) % 4;

			if (*e & (1u << t))
				d = t;
		}
		/* Every vertex reached has an edge out: in and out degrees are equal. */
		if (d < 0)
			return tly_error_set(TLY_EARG, "export: outline: a ring does not close");
		*e = (uint8_t)(*e & ~(1u << d));
		if (TLY_VEC_PUSH(ring, ((step){x, y, d})) < 0)
			return TLY_ENOMEM;
		x = (uint32_t)((int64_t)x + step_x[d]);
		y = (uint32_t)((int64_t)y + step_y[d]);
		in = d;
	} while (x != x0 || y != y0);
	return 0;
}

static int put(tly_export__points *out, uint32_t x, uint32_t y)
{
	if (TLY_VEC_PUSH(out, x) < 0 || TLY_VEC_PUSH(out, y) < 0)
		return TLY_ENOMEM;
	return 0;
}

/* The corners of RING (where the direction changes), in image coordinates. */
static int corners(tly_export__points *out, const steps *ring, const tly_export__crop *c)
{
	size_t i, n = ring->count;
	int error = 0;

	for (i = 0; i < n && !error; i++)
		if (ring->items[i].dir != ring->items[(i + n - 1) % n].dir)
			error = put(out, ring->items[i].x + c->x, ring->items[i].y + c->y);
	return error;
}

int tly_export__outline(tly_export__points *out, const tly_export__crop *c, const char *where)
{
	size_t vw = (size_t)c->w + 1, vh = (size_t)c->h + 1, v, rings = 0;
	uint32_t s0x = 0, s0y = 0;
	uint8_t *edges = boundary(c);
	steps ring = {NULL, 0, 0};
	int error = 0;

	out->count = 0;
	if (!edges)
		return TLY_ENOMEM;
	/* Row-major: a ring's first vertex is its top-left one, always a corner. */
	for (v = 0; v < vw * vh && !error; v++) {
		while (edges[v] && !error) {
			uint32_t x = (uint32_t)(v % vw), y = (uint32_t)(v / vw);

			if ((error = walk(&ring, edges, vw, x, y)) < 0)
				break;
			if (rings++ == 0) {
				s0x = x + c->x;
				s0y = y + c->y;
				error = corners(out, &ring, c);
				continue;
			}
			/* Out along a bridge, round the ring, back to its start and over the bridge again. */
			if ((error = put(out, s0x, s0y)) < 0 || (error = corners(out, &ring, c)) < 0)
				break;
			error = put(out, x + c->x, y + c->y);
		}
	}
	if (!error && out->count / 2 > TLY_MAX_POLYGON_POINTS)
		error = tly_error_set(TLY_ELIMIT, "export: %s: the mask's outline has more than "
				      "TLY_MAX_POLYGON_POINTS (%d) vertices", where, TLY_MAX_POLYGON_POINTS);
	TLY_VEC_CLEAR(&ring);
	tly_free(edges);
	return error;
}
