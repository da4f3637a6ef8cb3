/*
 * Label Studio's JSON export (labelstud.io/guide/export: "JSON"): an array
 * of tasks, each with data.image and annotations[]. Every annotation not
 * cancelled (was_cancelled) is one annotator's submission of the image,
 * even with no result (SPEC §3); predictions are a model's, not an
 * annotator's, and are ignored. The annotator is completed_by: its email
 * when it is an object with one, else "user<id>" (the number, or the
 * object's id), else --annotator. ground_truth: true makes that
 * submission gold; updated_at (else created_at) dates it (labelstudio_time.c).
 * The image is named by the basename of data.image (see
 * image_name). Results are read by labelstudio_result.c. Tested by
 * tests/ingest/test_labelstudio.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ingest/labelstudio.h"
#include "ingest/readers.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"

typedef tly_ingest__ls_state ls;
typedef tly_ingest__ls_annotation annotation;

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Undo %XX escapes of S in place (a '%' not followed by two hex digits stays); -1 on %00. */
static int percent_decode(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*w = (char)(hex(s[1]) * 16 + hex(s[2]));
			if (!*w)
				return -1;
			w++;
			s += 2;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
	return 0;
}

/* S starts with 8 hex digits, a '-' and a name: Label Studio's upload prefix. */
static int upload_prefixed(const char *s)
{
	int i;

	for (i = 0; i < 8; i++)
		if (hex(s[i]) < 0)
			return 0;
	return s[8] == '-' && s[9];
}

/*
 * The image a task's data.image names, as other formats name it: the
 * basename, with the query string and fragment dropped and %XX escapes
 * undone ("http://h/a%20b.jpg?t=1" -> "a b.jpg"); for Label Studio's local
 * files ("/data/local-files/?d=dir/x.jpg") the file in d; and for its
 * uploads ("/data/upload/1/3f2a9c1b-x.jpg") without the 8-hex-digit prefix
 * Label Studio adds to keep uploads apart, so the name is the file's as
 * the annotators' other exports know it. *out is the caller's (tly_free).
 */
static int image_name(char **out, tly_jloc at, const char *key, const char *url)
{
	char *s = tly_strdup(url), *p, *q, *name = NULL;
	const char *base;

	*out = NULL;
	if (!s)
		return TLY_ENOMEM;
	if ((p = strchr(s, '#')) != NULL)
		*p = '\0';
	if ((q = strchr(s, '?')) != NULL) {
		*q++ = '\0';
		for (p = q; p && !name; p = q) {
			if ((q = strchr(p, '&')) != NULL)
				*q++ = '\0';
			if (p[0] == 'd' && p[1] == '=')
				name = p + 2;
		}
	}
	if (!name)
		name = s;
	if (percent_decode(name) < 0) {
		tly_free(s);
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "%%00 in \"%.200s\"", url);
	}
	base = tly_ingest__basename(name);
	if (strstr(url, "/data/upload/") && upload_prefixed(base))
		base += 9;
	if (!base[0] || tly_ingest__utf8_check(base, strlen(base)) != strlen(base)) {
		tly_free(s);
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "no file name (valid UTF-8) in \"%.200s\"",
					     url);
	}
	*out = tly_strdup(base);
	tly_free(s);
	return *out ? 0 : TLY_ENOMEM;
}

/* The task's image: data.image, or data's only string when the config names it otherwise. */
static int task_image(char **out, tly_jloc at, const cJSON *task)
{
	const cJSON *data, *v, *only = NULL;
	char path[128];
	tly_jloc in = {at.file, path};
	size_t strings = 0;
	int error;

	if ((error = tly_ingest__json_member(&data, at, task, "data", cJSON_Object, 1)) < 0)
		return error;
	snprintf(path, sizeof(path), "%s.data", at.path);
	if ((error = tly_ingest__json_member(&v, in, data, "image", cJSON_String, 0)) < 0)
		return error;
	if (!v) {
		for (v = data->child; v; v = v->next)
			if (cJSON_IsString(v)) {
				only = v;
				strings++;
			}
		if (strings != 1)
			return tly_ingest__json_fail(TLY_EINPUT, in, NULL, "missing \"image\"");
		v = only;
	}
	return image_name(out, in, v->string, v->valuestring);
}

/* Who made annotation ANN: into BUF (SIZE bytes) or borrowed from the tree; NULL when unnamed. */
static int annotator_of(const char **out, char *buf, size_t size, tly_jloc at, const cJSON *ann)
{
	const cJSON *by, *email;
	char path[128];
	tly_jloc in = {at.file, path};
	int64_t id;
	int error;

	*out = NULL;
	if ((error = tly_ingest__json_member(&by, at, ann, "completed_by", cJSON_Number | cJSON_Object, 0)) <
		    0 ||
	    !by)
		return error;
	if (cJSON_IsNumber(by)) {
		if ((error = tly_ingest__json_id(&id, at, ann, "completed_by")) < 0)
			return error;
	} else {
		snprintf(path, sizeof(path), "%s.completed_by", at.path);
		if ((error = tly_ingest__json_member(&email, in, by, "email", cJSON_String, 0)) < 0)
			return error;
		if (email && email->valuestring[0])
			return tly_ingest__json_name(out, in, by, "email", 1);
		if ((error = tly_ingest__json_id(&id, in, by, "id")) < 0)
			return error;
	}
	snprintf(buf, size, "user%" PRId64, id);
	*out = buf;
	return 0;
}

static int flag(int *out, tly_jloc at, const cJSON *obj, const char *key)
{
	const cJSON *v;
	int error;

	*out = 0;
	if ((error = tly_ingest__json_member(&v, at, obj, key, cJSON_True | cJSON_False, 0)) < 0)
		return error;
	*out = v && cJSON_IsTrue(v);
	return 0;
}

/* Ids of ANN's region results, so choices describing a region are told from image labels. */
static int collect_regions(annotation *a, const cJSON *results)
{
	const cJSON *r, *id, *type;
	int error;

	for (r = results ? results->child : NULL; r; r = r->next) {
		id = cJSON_GetObjectItemCaseSensitive(r, "id");
		type = cJSON_GetObjectItemCaseSensitive(r, "type");
		if (cJSON_IsString(id) &&
		    !(cJSON_IsString(type) && strcmp(type->valuestring, "choices") == 0) &&
		    (error = tly_strmap_put(&a->regions, id->valuestring, 0)) < 0)
			return error;
	}
	return 0;
}

/* Note the annotation as a submission; one image twice by one annotator is ambiguous. */
static int add_entry(ls *c, tly_jloc at, const annotation *a, int gold, int64_t time, size_t t, size_t k)
{
	tly_ingest__ls_entry e;
	tly_buf key = TLY_BUF_INIT;
	size_t prev;
	int error = 0;

	tly_buf_printf(&key, "%zu\x1f%s", a->image, a->who);
	if ((error = key.error) < 0)
		goto out;
	if (tly_strmap_get(&c->seen, key.ptr, &prev)) {
		error = tly_ingest__json_fail(
			TLY_EINPUT, at, NULL, "%s annotated %s again (also [%zu].annotations[%zu])", a->who,
			a->name, c->entries.items[prev].task, c->entries.items[prev].annotation);
		goto out;
	}
	memset(&e, 0, sizeof(e));
	e.image = a->image;
	e.gold = gold;
	e.time = time;
	e.task = t;
	e.annotation = k;
	if (!(e.who = tly_strdup(a->who)) || TLY_VEC_PUSH(&c->entries, e) < 0) {
		tly_free(e.who);
		error = TLY_ENOMEM;
		goto out;
	}
	error = tly_strmap_put(&c->seen, key.ptr, c->entries.count - 1);
out:
	tly_buf_clear(&key);
	return error;
}

static int read_annotation(ls *c, tly_jloc at, const cJSON *ann, const char *name, size_t t, size_t k)
{
	annotation a;
	const cJSON *results, *r;
	char buf[32], path[160], where[384];
	size_t j = 0;
	int64_t time;
	int cancelled, gold, error;

	memset(&a, 0, sizeof(a));
	a.name = name;
	if (!cJSON_IsObject(ann))
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected an object, got %s",
					     tly_ingest__json_kind(ann));
	if ((error = flag(&cancelled, at, ann, "was_cancelled")) < 0 || cancelled ||
	    (error = flag(&gold, at, ann, "ground_truth")) < 0 ||
	    (error = annotator_of(&a.who, buf, sizeof(buf), at, ann)) < 0 ||
	    (error = tly_ingest__ls_time(&time, at, ann)) < 0 ||
	    (error = tly_ingest__json_member(&results, at, ann, "result", cJSON_Array, 0)) < 0)
		return error;
	if (!a.who && !(a.who = c->opts->annotator))
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL,
					     "no annotator (completed_by): pass --annotator");
	snprintf(where, sizeof(where), "%s: %s", at.file, at.path);
	if ((error = tly_batch_add_image(&a.image, c->b, name, 0, 0, where)) < 0 ||
	    (error = add_entry(c, at, &a, gold, time, t, k)) < 0 || (error = collect_regions(&a, results)) < 0)
		goto out;
	for (r = results ? results->child : NULL; r && !error; r = r->next, j++) {
		tly_jloc in = {at.file, path};

		snprintf(path, sizeof(path), "%s.result[%zu]", at.path, j);
		error = tly_ingest__ls_result(c, &a, in, r);
	}
out:
	tly_strmap_clear(&a.regions);
	return error;
}

static int read_task(ls *c, tly_jloc at, const cJSON *task, size_t t)
{
	const cJSON *anns, *ann;
	char *name = NULL, path[96];
	size_t k = 0;
	int error;

	if (!cJSON_IsObject(task))
		return tly_ingest__json_fail(TLY_EINPUT, at, NULL, "expected a task object, got %s",
					     tly_ingest__json_kind(task));
	if ((error = tly_ingest__json_member(&anns, at, task, "annotations", cJSON_Array, 0)) < 0 || !anns ||
	    !anns->child)
		return error;
	if ((error = task_image(&name, at, task)) < 0)
		return error;
	for (ann = anns->child; ann && !error; ann = ann->next, k++) {
		tly_jloc in = {at.file, path};

		snprintf(path, sizeof(path), "%s.annotations[%zu]", at.path, k);
		error = read_annotation(c, in, ann, name, t, k);
	}
	tly_free(name);
	return error;
}

/*
 * Each annotation is a submission of each task the file holds: objects
 * when it has regions or no choices at all, labels when it has choices;
 * ground_truth makes them gold.
 */
static int add_submissions(ls *c)
{
	size_t i, sub;
	int error;

	for (i = 0; i < c->entries.count; i++) {
		const tly_ingest__ls_entry *e = &c->entries.items[i];

		if (c->any_objs || !c->any_tags) {
			if ((error = tly_batch_add_submission(&sub, c->b, e->image, e->who,
							      TLY_TASK_OBJECTS)) < 0)
				return error;
			c->b->subs[sub].gold |= e->gold;
			c->b->subs[sub].submitted_at = e->time;
		}
		if (c->any_tags) {
			if ((error = tly_batch_add_submission(&sub, c->b, e->image, e->who,
							      TLY_TASK_LABELS)) < 0)
				return error;
			c->b->subs[sub].gold |= e->gold;
			c->b->subs[sub].submitted_at = e->time;
		}
	}
	return 0;
}

int tly_ingest__labelstudio(tly_batch *b, const cJSON *root, const tly_ingest_options *opts)
{
	tly_jloc top = {b->path, ""};
	const cJSON *task;
	char path[32];
	ls c;
	size_t t = 0, i;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.b = b;
	c.opts = opts;
	c.file = b->path;
	if (!cJSON_IsArray(root))
		return tly_ingest__json_fail(TLY_EINPUT, top, NULL,
					     "expected a JSON array of tasks at the top, got %s",
					     tly_ingest__json_kind(root));
	for (task = root->child; task && !error; task = task->next, t++) {
		tly_jloc at = {b->path, tly_ingest__json_index_path(path, sizeof(path), "", t)};

		error = read_task(&c, at, task, t);
	}
	if (!error)
		error = add_submissions(&c);
	for (i = 0; i < c.entries.count; i++)
		tly_free(c.entries.items[i].who);
	TLY_VEC_CLEAR(&c.entries);
	TLY_VEC_CLEAR(&c.n_objs);
	tly_strmap_clear(&c.seen);
	return error;
}
