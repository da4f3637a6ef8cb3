/*
 * The in-memory annotation model: what the store loads for a run and what
 * match, vote and agree read. Plain structs, arrays owned by the dataset,
 * every cross-reference an index (never a pointer) so it copies and saves simply.
 */
#ifndef TALLY_DATASET_H
#define TALLY_DATASET_H

#include "types.h"
#include "geom.h"
#include "labelmap.h"

/*
 * What a submission answers. An annotator may label objects on an image and
 * also give it image-level labels; the two are voted separately, each over
 * the annotators who did that task (SPEC §3, §5).
 */
typedef enum {
	TLY_TASK_OBJECTS = 0, /* boxes (later polygons, masks, points) */
	TLY_TASK_LABELS = 1   /* image-level labels / tags (classification) */
} tly_task;

/* One annotator's answer for one image and task; may hold nothing (SPEC §3). */
typedef struct {
	int64_t id;         /* store id */
	uint32_t annotator; /* index into tly_dataset.annotators */
	tly_task task;
	int gold;           /* 1: reference labels, audited against, never vote */
	int64_t time;       /* unix seconds (UTC): when the file says it was submitted
			     * (submissions.submitted_at) when it says, else when it was
			     * ingested (submissions.ingested_at); dates the audit over time */
	int time_submitted; /* 1: time is the file's submission time; 0: the ingest time */
} tly_submission;

/*
 * One attribute of an object (CVAT <attribute>, COCO "attributes"; issue 5):
 * indices into tly_dataset.attr_names and attr_values.
 */
typedef struct {
	uint32_t name;
	uint32_t value;
} tly_attr;

/* A spatial object drawn by one annotator. */
typedef struct {
	int64_t id;         /* store id: unique, stable, used to break ties */
	uint32_t sub;       /* index into the image's subs */
	uint32_t annotator; /* = subs[sub].annotator, cached for the matcher */
	uint32_t category;  /* index into tly_dataset.categories */
	tly_geometry geom;
	int iscrowd;        /* COCO iscrowd flag as ingested */
	uint32_t attr_first; /* the object's attributes: its image's attrs[attr_first .. +n_attrs), */
	uint32_t n_attrs;    /* ascending by name index (so by name); 0 when it has none */
} tly_object;

/* An image-level label given by one annotator. */
typedef struct {
	int64_t id;
	uint32_t sub;
	uint32_t annotator;
	uint32_t category;
} tly_tag;

/*
 * One annotator's label map for an image (semantic segmentation, or the
 * category layer of a panoptic segmentation). Gold maps are references.
 */
typedef struct {
	int64_t id;         /* store id (label_maps.id) */
	uint32_t annotator; /* index into tly_dataset.annotators */
	int gold;
	int panoptic;       /* 1: from COCO panoptic: the annotator's thing objects on this
			     * image are its instances, its stuff is this map */
	tly_labelmap map;   /* owned; values are category indices, or TLY_LABEL_IGNORE */
} tly_map_submission;

typedef struct {
	int64_t id;      /* store id */
	char *name;      /* file basename: the identity across annotators */
	int32_t width;   /* pixels; 0 when no input gave it */
	int32_t height;
	size_t n_subs;
	tly_submission *subs; /* sorted by (annotator, task, gold) */
	size_t n_objs;
	tly_object *objs;     /* sorted by id */
	size_t n_tags;
	tly_tag *tags;        /* sorted by id */
	size_t n_rles;
	tly_rle *rles;        /* owned: the masks of its polygon/mask objects, in object order;
			       * objs[i].geom.rle points here (NULL for boxes) */
	size_t n_maps;
	tly_map_submission *maps; /* sorted by (annotator, gold); at most one per pair */
	size_t n_attrs;
	tly_attr *attrs;      /* owned: the attributes of its objects, each object's run by name */
} tly_image;

/*
 * What label maps say about a category: the pixel value that stands for it
 * (for writing maps back out) and, from panoptic input, whether it is a
 * thing (counted instances) or stuff (amorphous regions).
 */
typedef struct {
	int64_t value;   /* pixel value (semantic) or COCO category id (panoptic) first
			  * seen for it: the smallest value naming it in the stored map
			  * with the smallest id (label_maps.id) that names it; -1 when
			  * no label map names it */
	int isthing;     /* 1 thing, 0 stuff, -1 unknown (no panoptic map names it).
			  * When panoptic files disagree, thing wins: its segments were
			  * stored as mask objects too, which only a thing's vote uses */
} tly_category_info;

typedef struct {
	int64_t id;   /* store id */
	char *name;
} tly_named;

/*
 * A whole store's annotations. Images are sorted by name; annotators and
 * categories by store id (first seen first). Owned by whoever loaded it,
 * masks included (objects' geom.rle borrow from their image's rles);
 * free with tly_dataset_clear.
 */
typedef struct {
	size_t n_images;
	tly_image *images;
	size_t n_annotators;
	tly_named *annotators;
	size_t n_categories;
	tly_named *categories;
	tly_category_info *category_info; /* [n_categories] when the store holds at least one
					   * label map (even one all ignore), else NULL */
	int64_t map_ignore_value;          /* the ignore value of the first stored label map (by
					    * id) that has one; 255 when none: written for ignored
					    * pixels when label maps are exported */
	/* Polygons that could not be rasterised because their image's size is
	 * unknown (0), and masks whose size differs from their image's: they
	 * keep their box (rle NULL) and are matched by box IoU. */
	size_t n_shapes_by_box;
	/* The attribute names and values the objects use, each once, sorted
	 * bytewise (so index order is name order). A value is text, compared
	 * as such: CVAT's as written, COCO's strings as they are, booleans
	 * "true" / "false", numbers in their shortest form ("2"). Owned. */
	size_t n_attr_names;
	char **attr_names;
	size_t n_attr_values;
	char **attr_values;
	/* [n_categories] owned, or NULL when no category is retired: 1 for a
	 * category tly_run_prepare folded into its canonical label (an alias)
	 * or dropped (an ignored label, or an alias of one). It keeps its
	 * index, unused; reports and exports leave it out of their category
	 * lists (tly_dataset_category_retired). */
	unsigned char *category_retired;
} tly_dataset;

/* Release everything the dataset owns and zero it. NULL-safe. */
TLY_EXTERN void tly_dataset_clear(tly_dataset *ds);

/*
 * Index of the category / annotator named NAME, or -1. Linear: for tests
 * and the command line, not for hot loops.
 */
TLY_EXTERN long tly_dataset_find_category(const tly_dataset *ds, const char *name);

/*
 * The object of IM with store id ID, or NULL (an object since replaced).
 * Binary search: an image's objects are sorted by id.
 */
TLY_EXTERN const tly_object *tly_image_object(const tly_image *im, int64_t id);
TLY_EXTERN long tly_dataset_find_annotator(const tly_dataset *ds, const char *name);

/*
 * Whether the labels task is multi-label: some non-gold labels submission
 * holds other than exactly one label. Decides how labels are voted and how
 * kappa treats them (SPEC §5, §6).
 */
TLY_EXTERN int tly_dataset_labels_multi(const tly_dataset *ds);

/*
 * 1 when category C of DS is retired by the rules' aliases or ignore list
 * (tly_dataset.category_retired), 0 when it is listed (also for C out of
 * range). Reports and exports skip retired categories in their lists.
 */
TLY_EXTERN int tly_dataset_category_retired(const tly_dataset *ds, size_t c);

/* The categories of DS that are not retired: what reports count as its categories. */
TLY_EXTERN size_t tly_dataset_n_listed_categories(const tly_dataset *ds);

#endif
