/*
 * The state of the CVAT for images reader while expat streams a file,
 * shared by its three parts: cvat.c (the element structure and expat),
 * cvat_meta.c (who annotated: the people <meta> names) and cvat_image.c
 * (an <image> and its shapes into the batch).
 */
#ifndef TLY_INGEST_CVAT_H
#define TLY_INGEST_CVAT_H

#include <expat.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest/cvat_shape.h"
#include "ingest/xml.h"
#include "tally/batch.h"
#include "tally/ingest.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/strmap.h"
#include "util/vec.h"

/* What an open element is, decided from its name and its parent's kind. */
enum {
	TLY_CVAT_K_NONE,
	TLY_CVAT_K_ROOT,
	TLY_CVAT_K_VERSION,
	TLY_CVAT_K_META,
	TLY_CVAT_K_SCOPE,
	TLY_CVAT_K_TASKS,
	TLY_CVAT_K_ID,
	TLY_CVAT_K_PERSON,
	TLY_CVAT_K_USERNAME,
	TLY_CVAT_K_IGNORE,
	TLY_CVAT_K_IMAGE,
	TLY_CVAT_K_SHAPE,
	TLY_CVAT_K_SKIP,
	TLY_CVAT_K_ATTR
};

/* <meta> blocks that can name people: a job, a task, a project, a project's task. */
enum { TLY_CVAT_S_JOB, TLY_CVAT_S_TASK, TLY_CVAT_S_PROJECT, TLY_CVAT_S_PROJECT_TASK };

typedef struct {
	unsigned char kind;
	unsigned char aux; /* TLY_CVAT_K_PERSON: 0 assignee, 1 owner */
	size_t scope;	   /* in <meta>: index into scopes of the enclosing block */
} tly_ingest__cvat_frame;

typedef struct {
	int kind; /* TLY_CVAT_S_* */
	char *id;
	char *who[2]; /* assignee, owner usernames; NULL when not given */
} tly_ingest__cvat_scope;

/* A shape of the open image, kept until </image> says whose it is. */
typedef struct {
	char *label;
	tly_geometry geom;
	char *extra;
	unsigned long line, col;
} tly_ingest__cvat_pending;

/* An (image, annotator) stored, to recognise the image listed again. */
typedef struct {
	char sha[65]; /* of the <image> element's content */
	int32_t w, h;
	unsigned long line;
} tly_ingest__cvat_listed;

typedef struct tly_ingest__cvat_state {
	tly_ingest__xml_doc x; /* first: expat's user data is this state */
	const char *data;
	tly_batch *b;
	const tly_ingest_options *opts;
	size_t depth;
	tly_ingest__cvat_frame stack[TLY_MAX_XML_DEPTH + 2];
	tly_buf text;
	int person_child; /* the open <assignee>/<owner> holds an element */
	TLY_VEC(tly_ingest__cvat_scope) scopes;
	tly_strmap task_ids;	 /* task id -> scopes index */
	int meta_done;		 /* an <image> was seen: <meta> is over */
	const char *file_who[2]; /* assignee, owner of the job/task/project; borrowed */
	/* the open <image> */
	char *img_name, *img_task;
	int32_t img_w, img_h;
	unsigned long img_line, img_col;
	size_t img_body;    /* byte offset where its content starts */
	size_t img_skipped; /* its shapes skipped: counted in n_repairs if it is stored */
	TLY_VEC(tly_ingest__cvat_pending) objs;
	TLY_VEC(char *) tags;
	/* the open shape and <attribute> */
	tly_ingest__cvat_shape shape;
	const char *shape_el;
	unsigned long sh_line, sh_col, at_line, at_col;
	char *attr_name;
	/* images stored */
	TLY_VEC(tly_ingest__cvat_listed) seen;
	TLY_VEC(size_t) seen_image; /* batch image of each seen entry */
	TLY_VEC(const char *) seen_who;
	tly_strmap seen_by;	/* "name\x1fannotator" -> seen index */
	TLY_VEC(size_t) n_objs; /* objects per batch image */
	int any_objs, any_tags;
} tly_ingest__cvat_state;

/* The open element's collected text, NUL-terminated (TRIM: without surrounding white space). */
char *tly_ingest__cvat_text(tly_ingest__cvat_state *v, int trim);

/* Replace *SLOT with a copy of S (out of memory stops the parser). */
int tly_ingest__cvat_set_string(tly_ingest__cvat_state *v, char **slot, const char *s);

/* cvat_meta.c: classify child NAME of the <meta> element UP into F. */
void tly_ingest__cvat_meta_child(tly_ingest__cvat_state *v, tly_ingest__cvat_frame *f,
				 const tly_ingest__cvat_frame *up, const char *name);
/* cvat_meta.c: an <id>, <username>, <assignee> or <owner> F closes (UP is its parent). */
void tly_ingest__cvat_meta_end(tly_ingest__cvat_state *v, const tly_ingest__cvat_frame *f,
			       const tly_ingest__cvat_frame *up);
/* cvat_meta.c: <meta> is over (the first <image> opens): settle the file's people. */
void tly_ingest__cvat_meta_done(tly_ingest__cvat_state *v);
/* cvat_meta.c: who annotated the open image, or NULL when nobody is named. Borrowed. */
const char *tly_ingest__cvat_annotator(const tly_ingest__cvat_state *v);

/* cvat_image.c: an <image> opens with XML attributes ATTRS at LINE:COL. */
void tly_ingest__cvat_image_start(tly_ingest__cvat_state *v, const char **attrs, unsigned long line,
				  unsigned long col);
/* cvat_image.c: the open shape closes: kept until its image closes. */
void tly_ingest__cvat_image_shape(tly_ingest__cvat_state *v);
/* cvat_image.c: the open <image> closes: into the batch. */
void tly_ingest__cvat_image_end(tly_ingest__cvat_state *v);
/* cvat_image.c: once the file is read, the submissions of every image stored. */
int tly_ingest__cvat_image_submissions(tly_ingest__cvat_state *v);
/* cvat_image.c: free the open image's shapes and name. */
void tly_ingest__cvat_image_clear(tly_ingest__cvat_state *v);

#endif
