/*
 * Label Studio annotation times (src/ingest/labelstudio_time.c): ISO 8601
 * texts against unix seconds given by GNU date (`date -u -d TIME +%s`),
 * leap years and bad values; updated_at over created_at in a file; exact
 * messages; the real export's times when ../shared/fixtures-external is there.
 */
#include "ingest_test.h"
#include "ingest/labelstudio.h"

typedef struct {
	const char *text;
	int64_t seconds; /* `date -u -d ... +%s` of the UTC time in the comment */
} good_time;

static void test_iso_good(void)
{
	static const good_time good[] = {
		{"2021-05-12T19:42:28.202961Z", 1620848548},  /* Label Studio's own form; fraction dropped */
		{"2024-02-29T00:00:00Z", 1709164800},         /* a leap day (2024 divisible by 4) */
		{"2000-02-29T12:00:00Z", 951825600},          /* 2000 is a leap year (divisible by 400) */
		{"2100-03-01T00:00:00Z", 4107542400},         /* 2100 is not (divisible by 100 only) */
		{"2024-05-06 11:30:12+02:00", 1714987812},    /* = 2024-05-06T09:30:12Z */
		{"2024-05-06t11:30+0200", 1714987800},        /* no seconds, offset without colon */
		{"2024-05-06T04:30:00,5-05", 1714987800},     /* comma fraction, hour-only offset */
		{"2024-05-06T09:30:00", 1714987800},          /* no zone: taken as UTC */
		{"2024-05-06T09:30:00z", 1714987800},
		{"2016-12-31T23:59:60Z", 1483228800},         /* leap second: 2017-01-01T00:00:00Z */
		{"1970-01-01T00:00:01Z", 1},
		{"9999-12-31T23:59:59Z", 253402300799},
	};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t t = -1;

		if (tly_ingest__iso_time(&t, good[i].text) != 0 || t != good[i].seconds)
			fprintf(stderr, "\n%s: got %lld\n", good[i].text, (long long)t);
		CU_ASSERT_EQUAL(tly_ingest__iso_time(&t, good[i].text), 0);
		CU_ASSERT_EQUAL(t, good[i].seconds);
	}
}

static void test_iso_bad(void)
{
	static const char *const bad[] = {
		"", "2024-05-06", "2024-05-06T", "2024-5-06T09:30Z", "2024-05-6T09:30Z",
		"2023-02-29T00:00:00Z", /* 2023 is not a leap year */
		"1900-02-29T00:00:00Z", /* nor 1900 (and it is before 1970) */
		"2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-05-00T00:00:00Z",
		"2024-05-06T24:00:00Z", "2024-05-06T09:60:00Z", "2024-05-06T09:30:61Z",
		"2024-05-06T09:30:00.Z", "2024-05-06T09:30:00Zjunk", "2024-05-06T09:30:00+24:00",
		"2024-05-06T09:30:00+02:60", "2024-05-06T09:30:00+2", "2024-05-06T09:30:00 ", "2024-05-06X09:30Z",
		"1970-01-01T00:00:00Z",      /* 0 would read as "no time" */
		"1970-01-01T00:30:00+01:00", /* 1969-12-31T23:30:00Z */
		"1969-12-31T23:59:59Z", "99999-01-01T00:00:00Z",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = -1;

		if (tly_ingest__iso_time(&t, bad[i]) != -1)
			fprintf(stderr, "\naccepted \"%s\"\n", bad[i]);
		CU_ASSERT_EQUAL(tly_ingest__iso_time(&t, bad[i]), -1);
		CU_ASSERT_EQUAL(t, 0);
	}
}

static size_t sub_of(const tly_batch *b, const char *image, const char *who, tly_task task)
{
	size_t i;

	for (i = 0; i < b->n_subs; i++)
		if (strcmp(b->images[b->subs[i].image].name, image) == 0 && strcmp(b->subs[i].annotator, who) == 0 &&
		    b->subs[i].task == task)
			return i;
	CU_FAIL("no such submission");
	return 0;
}

/*
 * user1 has both times (updated_at wins), user2 created_at only, user3
 * neither (0, unknown); the file holds a region and a choice, so each
 * annotation is an objects and a labels submission, both dated alike.
 * 2024-05-13T08:00:00Z = 1715587200, 2024-05-06T09:30:00Z = 1714987800.
 */
static void test_file_times(void)
{
	static const char text[] =
		"[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": ["
		"{\"completed_by\": 1, \"created_at\": \"2024-05-06T09:30:00.1Z\", \"updated_at\": \"2024-05-13T08:00:00Z\","
		" \"result\": [{\"type\": \"choices\", \"value\": {\"choices\": [\"cat\"]}}]},"
		"{\"completed_by\": 2, \"created_at\": \"2024-05-06T09:30:00Z\", \"updated_at\": null,"
		" \"result\": [{\"type\": \"rectanglelabels\", \"original_width\": 10, \"original_height\": 10,"
		" \"value\": {\"x\": 0, \"y\": 0, \"width\": 50, \"height\": 50, \"rectanglelabels\": [\"cat\"]}}]},"
		"{\"completed_by\": 3, \"result\": []}]}]";
	tly_batch b;
	tly_task task;

	CHECK_OK(parse_text(&b, "l.json", text, NULL, NULL));
	CU_ASSERT_EQUAL_FATAL(b.n_subs, 6);
	for (task = TLY_TASK_OBJECTS; task <= TLY_TASK_LABELS; task++) {
		CU_ASSERT_EQUAL(b.subs[sub_of(&b, "a.jpg", "user1", task)].submitted_at, 1715587200);
		CU_ASSERT_EQUAL(b.subs[sub_of(&b, "a.jpg", "user2", task)].submitted_at, 1714987800);
		CU_ASSERT_EQUAL(b.subs[sub_of(&b, "a.jpg", "user3", task)].submitted_at, 0);
	}
	tly_batch_clear(&b);
}

#define ANN(fields) "[{\"data\": {\"image\": \"a.jpg\"}, \"annotations\": [{\"completed_by\": 1, " fields "}]}]"

static const bad_case bad[] = {
	{ANN("\"updated_at\": \"yesterday\""), NULL, NULL, TLY_EINPUT,
	 "l.json: [0].annotations[0].updated_at: expected an ISO 8601 time after 1970 such as "
	 "\"2024-05-06T09:30:00Z\", got \"yesterday\""},
	/* Only the time used is read: a good updated_at hides a bad created_at, not the reverse. */
	{ANN("\"updated_at\": null, \"created_at\": \"2024-02-30T00:00:00Z\""), NULL, NULL, TLY_EINPUT,
	 "l.json: [0].annotations[0].created_at: expected an ISO 8601 time after 1970 such as "
	 "\"2024-05-06T09:30:00Z\", got \"2024-02-30T00:00:00Z\""},
	{ANN("\"created_at\": 1714987800"), NULL, NULL, TLY_EINPUT,
	 "l.json: [0].annotations[0].created_at: expected a string, got a number"},
};

static void test_bad(void)
{
	tly_batch b;

	check_bad_cases("l.json", bad, sizeof(bad) / sizeof(bad[0]));
	CHECK_OK(parse_text(&b, "l.json", ANN("\"updated_at\": \"2024-05-06T09:30:00Z\", \"created_at\": \"x\""),
			    NULL, NULL));
	CU_ASSERT_EQUAL(b.subs[0].submitted_at, 1714987800);
	tly_batch_clear(&b);
}

/*
 * label-studio-evalme's test_bbox.json, task 187: pagocmb@bk.ru created
 * it 2021-05-12T18:45:40.563712Z and last saved it 2021-05-12T19:42:28.202961Z
 * (1620848548); jack@ai.com 2021-05-24T13:23:37.449558Z both (1621862617).
 */
static void test_external(void)
{
	char path[256];
	tly_ingest_options o = TLY_INGEST_OPTIONS_INIT;
	tly_batch b;

	if (!external("label-studio/test_bbox.json", path, sizeof(path)))
		return;
	tly_batch_init(&b);
	CHECK_OK(tly_ingest_file(&b, path, &o));
	CU_ASSERT_EQUAL(b.subs[sub_of(&b, "Highway20030201_1002591.jpg", "pagocmb@bk.ru", TLY_TASK_OBJECTS)]
				.submitted_at, 1620848548);
	CU_ASSERT_EQUAL(b.subs[sub_of(&b, "Highway20030201_1002591.jpg", "jack@ai.com", TLY_TASK_OBJECTS)]
				.submitted_at, 1621862617);
	tly_batch_clear(&b);
}

TLY_TESTS("ingest_labelstudio_time", {"iso_good", test_iso_good}, {"iso_bad", test_iso_bad},
	  {"file_times", test_file_times}, {"bad", test_bad}, {"external", test_external})
