/*
 * Who annotated a CVAT file: the people its <meta> names. Task exports
 * write <meta><task> with <owner> and <assignee> (each <username> and
 * <email>, or empty), job exports <meta><job>, project exports
 * <meta><project> with its <tasks><task> list, whose ids the images carry
 * in task_id. An image's annotator is its task's assignee, else the job's,
 * task's or project's assignee, else --annotator, else the task's owner,
 * else the job's, task's or project's owner: an assignee is who CVAT gave
 * the work to, an owner only who created the task, so --annotator, said on
 * purpose, outranks an owner. Tested by tests/ingest/test_cvat.c.
 */
#include <string.h>

#include "ingest/cvat.h"
#include "tally/error.h"

typedef tly_ingest__cvat_state cvat;
typedef tly_ingest__cvat_frame frame;
typedef tly_ingest__cvat_scope scope;

static int push_scope(cvat *v, int kind, frame *f)
{
	scope s;

	memset(&s, 0, sizeof(s));
	s.kind = kind;
	if (TLY_VEC_PUSH(&v->scopes, s) < 0)
		return tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	f->kind = TLY_CVAT_K_SCOPE;
	f->scope = v->scopes.count - 1;
	return 0;
}

void tly_ingest__cvat_meta_child(cvat *v, frame *f, const frame *up, const char *name)
{
	f->scope = up->scope;
	f->kind = TLY_CVAT_K_IGNORE;
	if (up->kind == TLY_CVAT_K_META) {
		if (strcmp(name, "job") == 0)
			push_scope(v, TLY_CVAT_S_JOB, f);
		else if (strcmp(name, "task") == 0)
			push_scope(v, TLY_CVAT_S_TASK, f);
		else if (strcmp(name, "project") == 0)
			push_scope(v, TLY_CVAT_S_PROJECT, f);
	} else if (up->kind == TLY_CVAT_K_SCOPE) {
		if (strcmp(name, "id") == 0) {
			f->kind = TLY_CVAT_K_ID;
		} else if (strcmp(name, "assignee") == 0 || strcmp(name, "owner") == 0) {
			f->kind = TLY_CVAT_K_PERSON;
			f->aux = name[0] == 'o';
			v->person_child = 0;
		} else if (strcmp(name, "tasks") == 0 &&
			   v->scopes.items[up->scope].kind == TLY_CVAT_S_PROJECT) {
			f->kind = TLY_CVAT_K_TASKS;
		}
	} else if (up->kind == TLY_CVAT_K_TASKS) {
		if (strcmp(name, "task") == 0)
			push_scope(v, TLY_CVAT_S_PROJECT_TASK, f);
	} else if (up->kind == TLY_CVAT_K_PERSON) {
		v->person_child = 1;
		if (strcmp(name, "username") == 0)
			f->kind = TLY_CVAT_K_USERNAME;
	}
}

static void set_person(cvat *v, size_t at, int which)
{
	const char *t = tly_ingest__cvat_text(v, 1);

	if (!t)
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
	else if (t[0])
		tly_ingest__cvat_set_string(v, &v->scopes.items[at].who[which], t);
}

static void set_id(cvat *v, size_t at)
{
	scope *s = &v->scopes.items[at];
	const char *t = tly_ingest__cvat_text(v, 1);

	if (!t) {
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
		return;
	}
	if (tly_ingest__cvat_set_string(v, &s->id, t) < 0)
		return;
	/* Images name their task; jobs and projects are not looked up by id. */
	if ((s->kind == TLY_CVAT_S_TASK || s->kind == TLY_CVAT_S_PROJECT_TASK) &&
	    tly_strmap_put(&v->task_ids, t, at) < 0)
		tly_ingest__xml_stop(&v->x, TLY_ENOMEM);
}

void tly_ingest__cvat_meta_end(cvat *v, const frame *f, const frame *up)
{
	if (f->kind == TLY_CVAT_K_ID)
		set_id(v, f->scope);
	else if (f->kind == TLY_CVAT_K_USERNAME)
		set_person(v, up->scope, up->aux);
	/* <assignee>name</assignee> without a <username> inside: the text is the name. */
	else if (f->kind == TLY_CVAT_K_PERSON && !v->person_child)
		set_person(v, f->scope, f->aux);
}

/* The job's, task's or project's person (WHICH: 0 assignee, 1 owner), in that order. */
static const char *file_person(const cvat *v, int which)
{
	static const int order[3] = {TLY_CVAT_S_JOB, TLY_CVAT_S_TASK, TLY_CVAT_S_PROJECT};
	size_t i;
	int k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < v->scopes.count; i++)
			if (v->scopes.items[i].kind == order[k] && v->scopes.items[i].who[which])
				return v->scopes.items[i].who[which];
	return NULL;
}

void tly_ingest__cvat_meta_done(cvat *v)
{
	v->meta_done = 1;
	v->file_who[0] = file_person(v, 0);
	v->file_who[1] = file_person(v, 1);
}

const char *tly_ingest__cvat_annotator(const cvat *v)
{
	const scope *t = NULL;
	size_t i;

	if (v->img_task && tly_strmap_get(&v->task_ids, v->img_task, &i))
		t = &v->scopes.items[i];
	if (t && t->who[0])
		return t->who[0];
	if (v->file_who[0])
		return v->file_who[0];
	if (v->opts->annotator)
		return v->opts->annotator;
	return t && t->who[1] ? t->who[1] : v->file_who[1];
}
