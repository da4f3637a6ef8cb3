/*
 * Reading a rules document into a tly_policy (SPEC §8). Keys are walked
 * as dotted paths, so {"match": {"iou": 0.6}} and {"match.iou": 0.6} are
 * the same key; each leaf must be a known key with a valid value.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "rules/jsonc.h"
#include "rules/lists.h"
#include "rules/rules.h"
#include "tally/error.h"
#include "tally/rules.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/strmap.h"

struct tly_rules {
	tly_policy policy;
	tly_rules__lists lists; /* what the policy's label arrays point into */
	char *json; /* canonical form of policy */
};

typedef int (*setter)(tly_policy *p, const cJSON *v, const char *origin, const char *key);

static int bad(const char *origin, const char *key, const char *expected)
{
	return tly_error_set(TLY_EARG, "%s: %s: expected %s", origin, key, expected);
}

int tly_rules__unit_number(double *out, const cJSON *v, const char *origin, const char *key,
			   int zero_ok)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble > 1.0 ||
	    v->valuedouble < 0.0 || (!zero_ok && v->valuedouble == 0.0))
		return bad(origin, key, zero_ok ? "a number in [0, 1]" : "a number in (0, 1]");
	*out = v->valuedouble;
	return 0;
}

static int set_match_iou(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	return tly_rules__unit_number(&p->match_iou, v, origin, key, 0);
}

static int set_class_aware(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (!cJSON_IsBool(v))
		return bad(origin, key, "true or false");
	p->match_class_aware = cJSON_IsTrue(v);
	return 0;
}

static int set_quorum(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	return tly_rules__quorum(&p->quorum, v, origin, key);
}

int tly_rules__quorum(tly_quorum *q, const cJSON *v, const char *origin, const char *key)
{
	const char *expected = "\"majority\", \"unanimous\", an integer count >= 1 "
			       "or a fraction in (0, 1)";

	if (cJSON_IsString(v)) {
		if (strcmp(v->valuestring, "majority") == 0) {
			q->kind = TLY_QUORUM_MAJORITY;
			return 0;
		}
		if (strcmp(v->valuestring, "unanimous") == 0) {
			q->kind = TLY_QUORUM_FRACTION;
			q->fraction = 1.0;
			return 0;
		}
		return bad(origin, key, expected);
	}
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || !(v->valuedouble > 0))
		return bad(origin, key, expected);
	if (v->valuedouble < 1.0) {
		q->kind = TLY_QUORUM_FRACTION;
		q->fraction = v->valuedouble;
		return 0;
	}
	/* 1 and up must be whole: a count of annotators. */
	if (v->valuedouble != floor(v->valuedouble) || v->valuedouble > TLY_MAX_ANNOTATORS)
		return bad(origin, key, expected);
	q->kind = TLY_QUORUM_COUNT;
	q->count = (uint32_t)v->valuedouble;
	return 0;
}

/* Match a string value against NAMES; *out gets its index. */
static int choice(int *out, const cJSON *v, const char *const *names, const char *origin,
		  const char *key, const char *expected)
{
	int i;

	if (cJSON_IsString(v)) {
		for (i = 0; names[i]; i++) {
			if (strcmp(v->valuestring, names[i]) == 0) {
				*out = i;
				return 0;
			}
		}
	}
	return bad(origin, key, expected);
}

static int set_tie(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	static const char *const names[] = {"review", "first", NULL};
	int i, error;

	if ((error = choice(&i, v, names, origin, key, "\"review\" or \"first\"")) < 0)
		return error;
	p->tie = i ? TLY_TIE_FIRST : TLY_TIE_REVIEW;
	return 0;
}

static int set_box(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	static const char *const names[] = {"median", "mean", NULL};
	int i, error;

	if ((error = choice(&i, v, names, origin, key, "\"median\" or \"mean\"")) < 0)
		return error;
	p->box = i ? TLY_BOX_MEAN : TLY_BOX_MEDIAN;
	return 0;
}

static int set_weights(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	static const char *const names[] = {"equal", "gold", "dawid-skene", "one-coin", "staple", NULL};
	int i, error;

	if ((error = choice(&i, v, names, origin, key,
			    "\"equal\", \"gold\", \"dawid-skene\", \"one-coin\" or \"staple\"")) < 0)
		return error;
	/* "staple" weighs the raters of masks; labels keep equal votes (vote.mask says the same) */
	if (i == 4) {
		p->weights = TLY_WEIGHTS_EQUAL;
		p->mask = TLY_MASK_STAPLE;
	} else {
		p->weights = (tly_weights_policy)i;
	}
	return 0;
}

static int set_mask(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	static const char *const names[] = {"majority", "staple", NULL};
	int i, error;

	if ((error = choice(&i, v, names, origin, key, "\"majority\" or \"staple\"")) < 0)
		return error;
	p->mask = i ? TLY_MASK_STAPLE : TLY_MASK_MAJORITY;
	return 0;
}

static int set_em_tolerance(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble > 0) || !(v->valuedouble < 1))
		return bad(origin, key, "a number in (0, 1)");
	p->em_tolerance = v->valuedouble;
	return 0;
}

static int set_em_max_iterations(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < 1 ||
	    v->valuedouble > 1000000)
		return bad(origin, key, "an integer from 1 to 1000000");
	p->em_max_iterations = (uint32_t)v->valuedouble;
	return 0;
}

static int set_smoothing(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || !(v->valuedouble <= 1e6))
		return bad(origin, key, "a number in [0, 1000000]");
	p->smoothing = v->valuedouble;
	return 0;
}

static int set_period(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	static const char *const names[] = {"none", "day", "week", NULL};
	int i, error;

	if ((error = choice(&i, v, names, origin, key, "\"none\", \"day\" or \"week\"")) < 0)
		return error;
	p->period = (tly_period_policy)i;
	return 0;
}

static int set_max_conflicts(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (cJSON_IsNull(v)) {
		p->max_conflicts = -1;
		return 0;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) || v->valuedouble < 0 ||
	    v->valuedouble > 1e9)
		return bad(origin, key, "null (no limit) or an integer >= 0");
	p->max_conflicts = (int64_t)v->valuedouble;
	return 0;
}

static int set_review_ties(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	if (!cJSON_IsBool(v))
		return bad(origin, key, "true or false");
	p->review_ties = cJSON_IsTrue(v);
	return 0;
}

static int set_low_overlap(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	return tly_rules__unit_number(&p->low_overlap, v, origin, key, 1);
}

static int set_min_agreement(tly_policy *p, const cJSON *v, const char *origin, const char *key)
{
	return tly_rules__unit_number(&p->min_agreement, v, origin, key, 1);
}

static const struct {
	const char *key;
	setter set;
} keys[] = {
	{"match.iou", set_match_iou},
	{"match.class_aware", set_class_aware},
	{"vote.quorum", set_quorum},
	{"vote.tie", set_tie},
	{"vote.box", set_box},
	{"vote.weights", set_weights},
	{"vote.mask", set_mask},
	{"vote.em.tolerance", set_em_tolerance},
	{"vote.em.max_iterations", set_em_max_iterations},
	{"vote.smoothing", set_smoothing},
	{"report.low_overlap", set_low_overlap},
	{"report.period", set_period},
	{"review.min_agreement", set_min_agreement},
	{"review.max_conflicts", set_max_conflicts},
	{"review.ties", set_review_ties},
};

/*
 * Walk OBJ's members as dotted keys. SEEN holds the keys already set, so a
 * key given twice ({"iou": 0.5, "iou": 0.7}, or "match.iou" beside
 * "match": {"iou"}) is an error rather than a silent last-one-wins.
 */
static int apply(tly_policy *p, tly_rules__lists *l, const cJSON *obj, const char *prefix,
		 const char *origin, int depth, tly_strmap *seen)
{
	size_t dummy;
	int handled;
	const cJSON *item;
	tly_buf path = TLY_BUF_INIT;
	size_t i;
	int error = 0;

	if (depth > 8)
		return tly_error_set(TLY_EARG, "%s: %s: nested too deeply", origin, prefix);
	cJSON_ArrayForEach(item, obj) {
		path.size = 0;
		if (prefix[0])
			tly_buf_printf(&path, "%s.%s", prefix, item->string);
		else
			tly_buf_puts(&path, item->string);
		if (path.error) {
			error = path.error;
			goto out;
		}
		if ((error = tly_rules__list_key(l, p, path.ptr, item, origin, &handled)) < 0)
			goto out;
		if (handled)
			continue;
		if (cJSON_IsObject(item)) {
			if ((error = apply(p, l, item, path.ptr, origin, depth + 1, seen)) < 0)
				goto out;
			continue;
		}
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(keys[i].key, path.ptr) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0])) {
			error = tly_error_set(TLY_EARG, "%s: unknown key %s", origin, path.ptr);
			goto out;
		}
		if (tly_strmap_get(seen, path.ptr, &dummy)) {
			error = tly_error_set(TLY_EARG, "%s: key %s is given twice", origin, path.ptr);
			goto out;
		}
		if ((error = tly_strmap_put(seen, path.ptr, i)) < 0 ||
		    (error = keys[i].set(p, item, origin, path.ptr)) < 0)
			goto out;
	}
out:
	tly_buf_clear(&path);
	return error;
}

void tly_rules__quorum_json(tly_buf *b, const tly_quorum *q)
{
	switch (q->kind) {
	case TLY_QUORUM_MAJORITY:
		tly_buf_puts(b, "\"majority\"");
		break;
	case TLY_QUORUM_COUNT:
		tly_buf_printf(b, "%u", q->count);
		break;
	case TLY_QUORUM_FRACTION:
		if (q->fraction >= 1.0)
			tly_buf_puts(b, "\"unanimous\"");
		else
			tly_buf_put_json_number(b, q->fraction);
		break;
	}
}

/* The canonical text: every key, fixed order, so equal policies hash equally. */
char *tly_rules__canonical(const tly_policy *p, int every_key)
{
	static const char *const weights[] = {"equal", "gold", "dawid-skene", "one-coin"};
	static const char *const periods[] = {"none", "day", "week"};
	tly_buf b = TLY_BUF_INIT;

	tly_buf_puts(&b, "{\"match\":{\"iou\":");
	tly_buf_put_json_number(&b, p->match_iou);
	tly_buf_printf(&b, ",\"class_aware\":%s},\"vote\":{\"quorum\":",
		       p->match_class_aware ? "true" : "false");
	tly_rules__quorum_json(&b, &p->quorum);
	tly_buf_printf(&b, ",\"tie\":\"%s\",\"box\":\"%s\",\"weights\":\"%s\",\"mask\":\"%s\","
		       "\"em\":{\"tolerance\":",
		       p->tie == TLY_TIE_FIRST ? "first" : "review",
		       p->box == TLY_BOX_MEAN ? "mean" : "median", weights[p->weights],
		       p->mask == TLY_MASK_STAPLE ? "staple" : "majority");
	tly_buf_put_json_number(&b, p->em_tolerance);
	tly_buf_printf(&b, ",\"max_iterations\":%u},\"smoothing\":", p->em_max_iterations);
	tly_buf_put_json_number(&b, p->smoothing);
	tly_buf_puts(&b, "},\"report\":{\"low_overlap\":");
	tly_buf_put_json_number(&b, p->low_overlap);
	tly_buf_printf(&b, ",\"period\":\"%s\"", periods[p->period]);
	tly_rules__order_json(&b, p, every_key);
	tly_buf_puts(&b, "},\"review\":{\"min_agreement\":");
	tly_buf_put_json_number(&b, p->min_agreement);
	if (p->max_conflicts < 0)
		tly_buf_puts(&b, ",\"max_conflicts\":null");
	else
		tly_buf_printf(&b, ",\"max_conflicts\":%lld", (long long)p->max_conflicts);
	tly_buf_printf(&b, ",\"ties\":%s},", p->review_ties ? "true" : "false");
	tly_rules__lists_json(&b, p);
	tly_buf_puts(&b, "}");
	if (b.error) {
		tly_buf_clear(&b);
		return NULL;
	}
	return tly_buf_detach(&b);
}

/* Make the rules object; it takes over L's lists (L is left empty either way). */
static int finish(tly_rules **out, const tly_policy *p, tly_rules__lists *l)
{
	tly_rules *r = tly_calloc(1, sizeof(*r));

	if (!r) {
		tly_rules__lists_clear(l);
		return TLY_ENOMEM;
	}
	r->policy = *p;
	r->lists = *l;
	memset(l, 0, sizeof(*l));
	r->json = tly_rules__canonical(p, 0);
	if (!r->json) {
		tly_rules_free(r);
		return TLY_ENOMEM;
	}
	*out = r;
	return 0;
}

int tly_rules_parse(tly_rules **out, const char *text, size_t len, const char *origin)
{
	cJSON *root = NULL;
	tly_strmap seen = TLY_STRMAP_INIT;
	tly_rules__lists lists;
	tly_policy p;
	int error;

	*out = NULL;
	memset(&lists, 0, sizeof(lists));
	tly_policy_init_defaults(&p);
	if ((error = tly_rules__parse_jsonc(&root, text, len, origin)) < 0)
		return error;
	if ((error = apply(&p, &lists, root, "", origin, 0, &seen)) == 0 &&
	    (error = tly_rules__lists_finish(&lists, &p, origin)) == 0)
		error = finish(out, &p, &lists);
	tly_rules__lists_clear(&lists);
	tly_strmap_clear(&seen);
	cJSON_Delete(root);
	return error;
}

int tly_rules_load(tly_rules **out, const char *path)
{
	tly_buf b = TLY_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = tly_buf_read_file(&b, path, TLY_MAX_RULES_BYTES)) == 0)
		error = tly_rules_parse(out, b.ptr, b.size, path);
	tly_buf_clear(&b);
	return error;
}

int tly_rules_new_default(tly_rules **out)
{
	tly_rules__lists lists;
	tly_policy p;

	*out = NULL;
	memset(&lists, 0, sizeof(lists));
	tly_policy_init_defaults(&p);
	return finish(out, &p, &lists);
}

void tly_rules_free(tly_rules *r)
{
	if (!r)
		return;
	tly_rules__lists_clear(&r->lists);
	tly_free(r->json);
	tly_free(r);
}

const tly_policy *tly_rules_policy(const tly_rules *r)
{
	return &r->policy;
}

const char *tly_rules_json(const tly_rules *r)
{
	return r->json;
}
