/*
 * Enum <-> stored text, one table per enum (store/names.h). The CHECK
 * constraints in schema.c list the same spellings.
 */
#include <string.h>

#include "store/names.h"

typedef struct {
	int value;
	const char *text;
} entry;

static const entry tasks[] = {
	{TLY_TASK_OBJECTS, "objects"},
	{TLY_TASK_LABELS, "labels"},
};

static const entry geoms[] = {
	{TLY_GEOM_BOX, "box"},
	{TLY_GEOM_POLYGON, "polygon"},
	{TLY_GEOM_MASK, "mask"},
	{TLY_GEOM_POINT, "point"},
};

static const entry conflicts[] = {
	{TLY_CONFLICT_MISSING, "missing"},
	{TLY_CONFLICT_EXTRA, "extra"},
	{TLY_CONFLICT_LABEL_MISMATCH, "label_mismatch"},
	{TLY_CONFLICT_LOW_OVERLAP, "low_overlap"},
	{TLY_CONFLICT_TIE, "tie"},
	{TLY_CONFLICT_MISMATCHING_ATTRIBUTES, "mismatching_attributes"},
};

static const entry references[] = {
	{TLY_REF_CONSENSUS, "consensus"},
	{TLY_REF_GOLD, "gold"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_of(const entry *t, size_t n, int value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].text;
	return NULL;
}

static int parse(int *out, const entry *t, size_t n, const char *text)
{
	size_t i;

	for (i = 0; text && i < n; i++) {
		if (strcmp(t[i].text, text) == 0) {
			*out = t[i].value;
			return 0;
		}
	}
	return -1;
}

const char *tly_store__task_name(tly_task task)
{
	return name_of(tasks, COUNT(tasks), (int)task);
}

const char *tly_store__geom_name(tly_geom_kind kind)
{
	return name_of(geoms, COUNT(geoms), (int)kind);
}

const char *tly_store__conflict_name(tly_conflict_kind kind)
{
	return name_of(conflicts, COUNT(conflicts), (int)kind);
}

const char *tly_store__reference_name(tly_reference ref)
{
	return name_of(references, COUNT(references), (int)ref);
}

int tly_store__task_parse(tly_task *out, const char *text)
{
	int v;

	if (parse(&v, tasks, COUNT(tasks), text) < 0)
		return -1;
	*out = (tly_task)v;
	return 0;
}

int tly_store__geom_parse(tly_geom_kind *out, const char *text)
{
	int v;

	if (parse(&v, geoms, COUNT(geoms), text) < 0)
		return -1;
	*out = (tly_geom_kind)v;
	return 0;
}

int tly_store__conflict_parse(tly_conflict_kind *out, const char *text)
{
	int v;

	if (parse(&v, conflicts, COUNT(conflicts), text) < 0)
		return -1;
	*out = (tly_conflict_kind)v;
	return 0;
}

int tly_store__reference_parse(tly_reference *out, const char *text)
{
	int v;

	if (parse(&v, references, COUNT(references), text) < 0)
		return -1;
	*out = (tly_reference)v;
	return 0;
}
