/*
 * Every cap a number read from input must meet before it sizes anything
 * (STYLE rule 17). Over a cap is a TLY_ELIMIT error naming the cap.
 */
#ifndef TLY_UTIL_LIMITS_H
#define TLY_UTIL_LIMITS_H

#define TLY_MAX_FILE_BYTES      ((size_t)1 << 31)   /* one input file: 2 GiB */
#define TLY_MAX_RULES_BYTES     ((size_t)1 << 20)   /* a rules file: 1 MiB */
#define TLY_MAX_JSON_DEPTH      64                  /* nesting of any JSON input */
#define TLY_MAX_XML_DEPTH       64                  /* nesting of XML elements */
#define TLY_MAX_STRING          4096                /* a name: image, label, annotator */
#define TLY_MAX_IMAGE_SIDE      100000              /* width or height, pixels */
#define TLY_MAX_OBJECTS_IMAGE   100000              /* objects on one image, all annotators */
#define TLY_MAX_ANNOTATORS      10000               /* distinct annotators in a store */
#define TLY_MAX_CATEGORIES      100000              /* distinct labels in a store */
#define TLY_MAX_POLYGON_POINTS  1000000             /* vertices of one polygon */
#define TLY_MAX_MAP_PIXELS      ((uint64_t)1 << 27) /* pixels of one decoded label map or PNG: 134 M */
#define TLY_MAX_RLE_RUNS        100000000           /* runs in one RLE */
#define TLY_MAX_COORD           1e7                 /* |coordinate| in pixels */
#define TLY_MAX_THREADS         1024
/* Matching one image: box pairs whose extents overlap (each gets an IoU), and
 * those kept as candidates (IoU >= match.iou). Mutually overlapping crowds
 * grow as objects squared; past these the image is refused, not ground through. */
#define TLY_MAX_OVERLAP_TESTS   200000000
#define TLY_MAX_CANDIDATE_PAIRS 4000000
/* vote.weights: cells of all annotators' confusion matrices (annotators x
 * classes squared), held about three times over while a run estimates them. */
#define TLY_MAX_CONFUSION_CELLS ((size_t)1 << 24)

#endif
