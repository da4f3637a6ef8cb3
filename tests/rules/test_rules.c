/*
 * Rules parsing: defaults equal rules/default.json, comments, dotted keys,
 * and every bad value rejected naming its key (SPEC §8).
 */
#include <math.h>
#include <string.h>

#include "harness.h"
#include "tally/geom.h"
#include "tally/rules.h"
#include "util/alloc.h"
#include "util/buf.h"

static tly_rules *parse(const char *text)
{
	tly_rules *r = NULL;

	if (tly_rules_parse(&r, text, strlen(text), "t.json") != 0)
		return NULL;
	return r;
}

static void expect_error(const char *text, const char *message)
{
	tly_rules *r = NULL;
	int rc = tly_rules_parse(&r, text, strlen(text), "t.json");

	CU_ASSERT_EQUAL(rc, TLY_EARG);
	CU_ASSERT_PTR_NULL(r);
	if (strcmp(tly_error_last(), message) != 0)
		fprintf(stderr, "got  '%s'\nwant '%s'\n", tly_error_last(), message);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), message);
}

static void test_default_file_equals_builtin(void)
{
	tly_rules *file = NULL, *builtin = NULL;
	const tly_policy *a, *b;

	CHECK_OK(tly_rules_load(&file, "rules/default.json"));
	CHECK_OK(tly_rules_new_default(&builtin));
	CU_ASSERT_STRING_EQUAL(tly_rules_json(file), tly_rules_json(builtin));
	/* field by field: memcmp would also compare padding bytes */
	a = tly_rules_policy(file);
	b = tly_rules_policy(builtin);
	CU_ASSERT_EQUAL(a->match_iou, b->match_iou);
	CU_ASSERT_EQUAL(a->match_class_aware, b->match_class_aware);
	CU_ASSERT_EQUAL(a->quorum.kind, b->quorum.kind);
	CU_ASSERT_EQUAL(a->quorum.count, b->quorum.count);
	CU_ASSERT_EQUAL(a->quorum.fraction, b->quorum.fraction);
	CU_ASSERT_EQUAL(a->tie, b->tie);
	CU_ASSERT_EQUAL(a->box, b->box);
	CU_ASSERT_EQUAL(a->weights, b->weights);
	CU_ASSERT_EQUAL(a->low_overlap, b->low_overlap);
	CU_ASSERT_EQUAL(a->min_agreement, b->min_agreement);
	CU_ASSERT_EQUAL(a->n_label_order, 0);
	CU_ASSERT_EQUAL(b->n_label_order, 0);
	tly_rules_free(file);
	tly_rules_free(builtin);
}

static void test_canonical_json(void)
{
	tly_rules *r = NULL;

	CHECK_OK(tly_rules_new_default(&r));
	CU_ASSERT_STRING_EQUAL(tly_rules_json(r),
		"{\"match\":{\"iou\":0.5,\"class_aware\":false},"
		"\"vote\":{\"quorum\":\"majority\",\"tie\":\"review\",\"box\":\"median\",\"weights\":\"equal\","
		"\"mask\":\"majority\",\"em\":{\"tolerance\":1e-09,\"max_iterations\":1000},\"smoothing\":1},"
		"\"report\":{\"low_overlap\":0.8,\"period\":\"week\"},"
		"\"review\":{\"min_agreement\":0.7,\"max_conflicts\":null,\"ties\":true},"
		"\"aliases\":{},\"ignore\":[],\"labels\":{},\"geometry\":{}}");
	tly_rules_free(r);
}

static void test_partial_and_dotted(void)
{
	tly_rules *r = parse("/* strict boxes */ {\"match.iou\": 0.75, // dotted\n"
			     " \"vote\": {\"quorum\": 3, \"tie\": \"first\", \"box\": \"mean\"}}");
	const tly_policy *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	p = tly_rules_policy(r);
	CU_ASSERT_EQUAL(p->match_iou, 0.75);
	CU_ASSERT_EQUAL(p->quorum.kind, TLY_QUORUM_COUNT);
	CU_ASSERT_EQUAL(p->quorum.count, 3);
	CU_ASSERT_EQUAL(p->tie, TLY_TIE_FIRST);
	CU_ASSERT_EQUAL(p->box, TLY_BOX_MEAN);
	/* untouched keys keep their defaults */
	CU_ASSERT_EQUAL(p->low_overlap, 0.8);
	CU_ASSERT_EQUAL(p->match_class_aware, 0);
	tly_rules_free(r);
}

static void test_quorum_forms(void)
{
	tly_rules *r = parse("{\"vote\":{\"quorum\":0.6}}");

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(tly_rules_policy(r)->quorum.kind, TLY_QUORUM_FRACTION);
	CU_ASSERT_EQUAL(tly_rules_policy(r)->quorum.fraction, 0.6);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_rules_json(r), "\"quorum\":0.6,"));
	tly_rules_free(r);
	r = parse("{\"vote\":{\"quorum\":\"unanimous\"}}");
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	CU_ASSERT_EQUAL(tly_rules_policy(r)->quorum.kind, TLY_QUORUM_FRACTION);
	CU_ASSERT_EQUAL(tly_rules_policy(r)->quorum.fraction, 1.0);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_rules_json(r), "\"quorum\":\"unanimous\""));
	tly_rules_free(r);
}

static void test_quorum_met(void)
{
	tly_quorum maj = {TLY_QUORUM_MAJORITY, 0, 0}, two = {TLY_QUORUM_COUNT, 2, 0};
	tly_quorum frac = {TLY_QUORUM_FRACTION, 0, 2.0 / 3.0};

	/* majority is strictly more than half */
	CU_ASSERT_FALSE(tly_quorum_met(&maj, 2, 4));
	CU_ASSERT_TRUE(tly_quorum_met(&maj, 3, 5));
	CU_ASSERT_TRUE(tly_quorum_met(&maj, 1, 1));
	CU_ASSERT_FALSE(tly_quorum_met(&maj, 1, 2));
	CU_ASSERT_FALSE(tly_quorum_met(&maj, 0, 0));
	CU_ASSERT_TRUE(tly_quorum_met(&two, 2, 10));
	CU_ASSERT_FALSE(tly_quorum_met(&two, 1, 1));
	/* 2 of 3 meets 2/3; 3 of 5 (0.6) does not */
	CU_ASSERT_TRUE(tly_quorum_met(&frac, 2, 3));
	CU_ASSERT_FALSE(tly_quorum_met(&frac, 3, 5));
}

static void test_bad_values_name_the_key(void)
{
	expect_error("{\"match\":{\"iuo\":0.5}}", "t.json: unknown key match.iuo");
	expect_error("{\"labels\":{\"car\":{\"match\":{\"i0u\":0.7}}}}",
		     "t.json: unknown key labels.car.match.i0u");
	expect_error("{\"match\":{\"iou\":1.5}}", "t.json: match.iou: expected a number in (0, 1]");
	expect_error("{\"match\":{\"iou\":0}}", "t.json: match.iou: expected a number in (0, 1]");
	expect_error("{\"match\":{\"iou\":\"0.5\"}}", "t.json: match.iou: expected a number in (0, 1]");
	expect_error("{\"match\":{\"class_aware\":1}}", "t.json: match.class_aware: expected true or false");
	expect_error("{\"vote\":{\"quorum\":2.5}}",
		     "t.json: vote.quorum: expected \"majority\", \"unanimous\", an integer count >= 1 or a fraction in (0, 1)");
	expect_error("{\"vote\":{\"quorum\":-1}}",
		     "t.json: vote.quorum: expected \"majority\", \"unanimous\", an integer count >= 1 or a fraction in (0, 1)");
	expect_error("{\"vote\":{\"tie\":\"coin\"}}", "t.json: vote.tie: expected \"review\" or \"first\"");
	expect_error("{\"vote\":{\"box\":\"max\"}}", "t.json: vote.box: expected \"median\" or \"mean\"");
	expect_error("{\"vote\":{\"weights\":\"votes\"}}",
		     "t.json: vote.weights: expected \"equal\", \"gold\", \"dawid-skene\", \"one-coin\" or \"staple\"");
	expect_error("{\"vote\":{\"em\":{\"tolerance\":0}}}", "t.json: vote.em.tolerance: expected a number in (0, 1)");
	expect_error("{\"vote.em.max_iterations\":2.5}",
		     "t.json: vote.em.max_iterations: expected an integer from 1 to 1000000");
	expect_error("{\"report\":{\"period\":\"month\"}}",
		     "t.json: report.period: expected \"none\", \"day\" or \"week\"");
	expect_error("{\"review\":{\"max_conflicts\":-1}}",
		     "t.json: review.max_conflicts: expected null (no limit) or an integer >= 0");
	expect_error("{\"labels\":{\"car\":{\"match\":{\"iou\":1.5}}}}",
		     "t.json: labels.car.match.iou: expected a number in (0, 1]");
	expect_error("{\"labels.car\":{\"match\":{\"iuo\":0.5}}}", "t.json: unknown key labels.car.match.iuo");
	expect_error("{\"geometry\":{\"circle\":{\"match.iou\":0.5}}}",
		     "t.json: geometry.circle: geometry is box, polygon, mask or point");
	expect_error("{\"geometry.mask.vote.quorum\":2}", "t.json: unknown key geometry.mask.vote.quorum");
	expect_error("{\"labels\":{\"car\":{\"match.iou\":0.5}},\"labels.car.match.iou\":0.6}",
		     "t.json: key labels.car.match.iou is given twice");
	expect_error("{\"aliases\":{\"auto\":\"car\",\"car\":\"vehicle\"}}",
		     "t.json: aliases.auto: \"car\" must be a canonical label, not itself an alias");
	expect_error("{\"aliases\":{\"car\":\"car\"}}",
		     "t.json: aliases.car: \"car\" must be a canonical label, not itself an alias");
	expect_error("{\"aliases\":{\"auto\":\"car\"},\"ignore\":[\"auto\"]}",
		     "t.json: aliases.auto: the label is also in ignore");
	expect_error("{\"aliases\":{\"auto\":\"car\"},\"labels\":{\"auto\":{\"match.iou\":0.6}}}",
		     "t.json: labels.auto: the label is an alias of \"car\"; set its rules on \"car\"");
	expect_error("{\"ignore\":[\"x\",\"x\"]}", "t.json: ignore: \"x\" is listed twice");
	expect_error("{\"ignore\":\"x\"}", "t.json: ignore: expected an array of label names");
	expect_error("{\"aliases\":{\"a\":1}}", "t.json: aliases.a: expected a label name");
	expect_error("{\"report\":{\"low_overlap\":null}}", "t.json: report.low_overlap: expected a number in [0, 1]");
	expect_error("{\"review\":{\"min_agreement\":-0.1}}", "t.json: review.min_agreement: expected a number in [0, 1]");
	expect_error("{\"match\":{\"iou\":0.5,\"iou\":0.7}}", "t.json: key match.iou is given twice");
	expect_error("{\"match.iou\":0.5,\"match\":{\"iou\":0.5}}", "t.json: key match.iou is given twice");
}

static void test_syntax_errors_have_positions(void)
{
	/* line 2, column 20: the "}" where the value of "iou" should start */
	expect_error("{\n  \"match\": {\"iou\": }\n}", "t.json:2:20: invalid JSON");
	expect_error("{ /* never closed", "t.json:1:3: unterminated comment");
	expect_error("[1, 2]", "t.json: rules must be a JSON object");
	expect_error("", "t.json:1:1: invalid JSON");
}

static void test_missing_file(void)
{
	tly_rules *r = NULL;

	CU_ASSERT_EQUAL(tly_rules_load(&r, "rules/no-such-file.json"), TLY_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_error_last(), "rules/no-such-file.json: cannot open"));
}

/* Every shipped policy parses, and says what its comments promise. */
static void test_shipped_files(void)
{
	static const struct {
		const char *path;
		double iou, low_overlap, min_agreement;
		tly_quorum_kind quorum;
		double fraction;
		uint32_t count;
	} files[] = {
		{"rules/default.json", 0.5, 0.8, 0.7, TLY_QUORUM_MAJORITY, 0, 0},
		{"rules/strict.json", 0.75, 0.9, 0.9, TLY_QUORUM_FRACTION, 1.0, 0},
		{"rules/lenient.json", 0.4, 0.6, 0.5, TLY_QUORUM_COUNT, 0, 2},
		{"rules/classification.json", 0.5, 0.8, 0.67, TLY_QUORUM_FRACTION, 0.6, 0},
		{"rules/detection.json", 0.5, 0.8, 0.7, TLY_QUORUM_MAJORITY, 0, 0},
		{"rules/instance-segmentation.json", 0.5, 0.7, 0.7, TLY_QUORUM_MAJORITY, 0, 0},
		{"rules/semantic-segmentation.json", 0.5, 0.8, 0.6, TLY_QUORUM_MAJORITY, 0, 0},
		{"rules/ratings.json", 0.5, 0.8, 0.67, TLY_QUORUM_MAJORITY, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		tly_rules *r = NULL;
		const tly_policy *p;

		CHECK_OK(tly_rules_load(&r, files[i].path));
		p = tly_rules_policy(r);
		CHECK_NEAR(p->match_iou, files[i].iou, 0);
		CHECK_NEAR(p->low_overlap, files[i].low_overlap, 0);
		CHECK_NEAR(p->min_agreement, files[i].min_agreement, 0);
		CU_ASSERT_EQUAL(p->quorum.kind, files[i].quorum);
		if (files[i].quorum == TLY_QUORUM_FRACTION)
			CHECK_NEAR(p->quorum.fraction, files[i].fraction, 0);
		if (files[i].quorum == TLY_QUORUM_COUNT)
			CU_ASSERT_EQUAL(p->quorum.count, files[i].count);
		tly_rules_free(r);
	}
}

/* The person-readable layout of the defaults, written out by hand. */
static void test_pretty(void)
{
	static const char want[] = "{\n"
				   "  \"match\": {\n"
				   "    \"iou\": 0.5,\n"
				   "    \"class_aware\": false\n"
				   "  },\n"
				   "  \"vote\": {\n"
				   "    \"quorum\": \"majority\",\n"
				   "    \"tie\": \"review\",\n"
				   "    \"box\": \"median\",\n"
				   "    \"weights\": \"equal\",\n"
				   "    \"mask\": \"majority\",\n"
				   "    \"em\": {\n"
				   "      \"tolerance\": 1e-09,\n"
				   "      \"max_iterations\": 1000\n"
				   "    },\n"
				   "    \"smoothing\": 1\n"
				   "  },\n"
				   "  \"report\": {\n"
				   "    \"low_overlap\": 0.8,\n"
				   "    \"period\": \"week\",\n"
				   "    \"label_order\": []\n"
				   "  },\n"
				   "  \"review\": {\n"
				   "    \"min_agreement\": 0.7,\n"
				   "    \"max_conflicts\": null,\n"
				   "    \"ties\": true\n"
				   "  },\n"
				   "  \"aliases\": {},\n"
				   "  \"ignore\": [],\n"
				   "  \"labels\": {},\n"
				   "  \"geometry\": {}\n"
				   "}\n";
	tly_rules *r = NULL;
	char *text = NULL;

	CHECK_OK(tly_rules_new_default(&r));
	CHECK_OK(tly_rules_pretty(&text, r));
	CU_ASSERT_STRING_EQUAL(text, want);
	tly_free(text);
	tly_rules_free(r);
}

/* The list keys in their nested and dotted forms, the lookups, and their canonical text. */
static void test_lists(void)
{
	tly_rules *r = parse("{\"aliases\": {\"automobile\": \"car\", \"Car\": \"car\"},\n"
			     " \"ignore\": [\"__ignore__\", \"blurry\"],\n"
			     " \"labels\": {\"person\": {\"match\": {\"iou\": 0.6}, \"vote.quorum\": 2}},\n"
			     " \"labels.traffic.light.report.low_overlap\": 0.5,\n"
			     " \"geometry.mask\": {\"match\": {\"iou\": 0.4}},\n"
			     " \"vote\": {\"weights\": \"staple\"}, \"review.max_conflicts\": 3,\n"
			     " \"review.ties\": false, \"report.period\": \"day\"}");
	const tly_policy *p;
	const tly_override *o;

	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	p = tly_rules_policy(r);
	CU_ASSERT_STRING_EQUAL(tly_policy_alias(p, "automobile"), "car");
	CU_ASSERT_STRING_EQUAL(tly_policy_alias(p, "Car"), "car");
	CU_ASSERT_PTR_NULL(tly_policy_alias(p, "car"));
	CU_ASSERT(tly_policy_ignored(p, "blurry"));
	CU_ASSERT(!tly_policy_ignored(p, "car"));
	o = tly_policy_label(p, "person");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(o->match_iou, 0.6);
	CU_ASSERT(o->has_quorum && o->quorum.kind == TLY_QUORUM_COUNT && o->quorum.count == 2);
	CU_ASSERT(isnan(o->low_overlap));
	/* a label name with dots: the known suffix is taken from the end */
	o = tly_policy_label(p, "traffic.light");
	CU_ASSERT_PTR_NOT_NULL_FATAL(o);
	CU_ASSERT_EQUAL(o->low_overlap, 0.5);
	CU_ASSERT_EQUAL(p->geometry[TLY_GEOM_MASK - 1].match_iou, 0.4);
	CU_ASSERT(isnan(p->geometry[TLY_GEOM_BOX - 1].match_iou));
	/* "staple" = equal label votes + STAPLE masks */
	CU_ASSERT_EQUAL(p->weights, TLY_WEIGHTS_EQUAL);
	CU_ASSERT_EQUAL(p->mask, TLY_MASK_STAPLE);
	CU_ASSERT_EQUAL(p->max_conflicts, 3);
	CU_ASSERT_EQUAL(p->review_ties, 0);
	CU_ASSERT_EQUAL(p->period, TLY_PERIOD_DAY);
	CU_ASSERT_PTR_NOT_NULL(strstr(tly_rules_json(r),
		"\"aliases\":{\"Car\":\"car\",\"automobile\":\"car\"},\"ignore\":[\"__ignore__\",\"blurry\"],"
		"\"labels\":{\"person\":{\"match\":{\"iou\":0.6},\"vote\":{\"quorum\":2}},"
		"\"traffic.light\":{\"report\":{\"low_overlap\":0.5}}},\"geometry\":{\"mask\":{\"match\":{\"iou\":0.4}}}}"));
	tly_rules_free(r);
}

TLY_TESTS("rules",
	  {"lists", test_lists},
	  {"shipped_files", test_shipped_files},
	  {"pretty", test_pretty},
	  {"default_file_equals_builtin", test_default_file_equals_builtin},
	  {"canonical_json", test_canonical_json},
	  {"partial_and_dotted", test_partial_and_dotted},
	  {"quorum_forms", test_quorum_forms},
	  {"quorum_met", test_quorum_met},
	  {"bad_values_name_the_key", test_bad_values_name_the_key},
	  {"syntax_errors_have_positions", test_syntax_errors_have_positions},
	  {"missing_file", test_missing_file})
