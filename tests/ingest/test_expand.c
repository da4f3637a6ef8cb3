/*
 * Expanding a PATH: a file is itself; a folder is its .json/.csv files,
 * recursively, in byte order, skipping hidden entries and links to folders.
 * Builds a small tree in a temporary folder.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest_test.h"

static char root[64];

static void touch(const char *rel)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs("{}", f);
	fclose(f);
}

static void sub(const char *rel)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
}

/* Undo test_folder's tree, deepest entries first. */
static void remove_tree(void)
{
	static const char *const entries[] = {
		"link", "empty", ".git/x.json", ".git", "sub/deeper/d.csv", "sub/deeper", "sub/c.json", "sub",
		".hidden.json", "notes.md", "a.xml", "l.txt", "classes.txt", "sizes.csv", "classes.json", "a.png",
		"Z.JSON", "a.csv", "b.json"};
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, entries[i]);
		CU_ASSERT_EQUAL(remove(path), 0);
	}
	CU_ASSERT_EQUAL(remove(root), 0);
}

static void expect_paths(const char *arg, const char *const *want, size_t n)
{
	char **paths = NULL, full[256];
	size_t got = 0, i;

	CHECK_OK(tly_ingest_expand(&paths, &got, arg));
	CU_ASSERT_EQUAL(got, n);
	for (i = 0; i < n && i < got; i++) {
		snprintf(full, sizeof(full), "%s/%s", root, want[i]);
		CU_ASSERT_STRING_EQUAL(paths[i], full);
	}
	tly_ingest_paths_free(paths, got);
}

/*
 * The tree: b.json, a.csv, a.xml, l.txt, Z.JSON, notes.md, the side
 * files classes.txt, sizes.csv (YOLO's) and classes.json (PNG label
 * maps'), which are not annotation files, .hidden.json, a.png (listed
 * only for --format png: checked in test_png_map.c),
 * sub/c.json, sub/deeper/d.csv, .git/x.json, empty/, link -> sub. Byte
 * order puts 'Z' (0x5A) before 'a' (0x61), and "a.csv" before "a.xml".
 */
static void test_folder(void)
{
	static const char *const want[] = {"Z.JSON", "a.csv", "a.xml", "b.json", "l.txt", "sub/c.json",
					   "sub/deeper/d.csv"};
	char path[256], **paths = NULL;
	size_t n = 9;

	snprintf(root, sizeof(root), "/tmp/tally-expand-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(root));
	touch("b.json");
	touch("a.csv");
	touch("Z.JSON");
	touch("notes.md");
	touch("a.xml");
	touch("l.txt");
	touch("classes.txt");
	touch("sizes.csv");
	touch("classes.json");
	touch("a.png");
	touch(".hidden.json");
	sub("sub");
	touch("sub/c.json");
	sub("sub/deeper");
	touch("sub/deeper/d.csv");
	sub(".git");
	touch(".git/x.json");
	sub("empty");
	snprintf(path, sizeof(path), "%s/link", root);
	CU_ASSERT_EQUAL(symlink("sub", path), 0);

	expect_paths(root, want, 7);
	/* A trailing slash does not double. */
	snprintf(path, sizeof(path), "%s/", root);
	expect_paths(path, want, 7);
	/* A file stands for itself, whatever its name. */
	snprintf(path, sizeof(path), "%s/notes.md", root);
	CHECK_OK(tly_ingest_expand(&paths, &n, path));
	CU_ASSERT_EQUAL_FATAL(n, 1);
	CU_ASSERT_STRING_EQUAL(paths[0], path);
	tly_ingest_paths_free(paths, n);
	/* A folder with nothing to read is an error. */
	snprintf(path, sizeof(path), "%s/empty", root);
	CU_ASSERT_EQUAL(tly_ingest_expand(&paths, &n, path), TLY_EINPUT);
	CU_ASSERT_PTR_NULL(paths);
	CU_ASSERT_EQUAL(n, 0);
	{
		char msg[400];

		snprintf(msg, sizeof(msg), "%s: no .json, .csv, .xml or .txt files in this folder", path);
		CU_ASSERT_STRING_EQUAL(tly_error_last(), msg);
	}
	remove_tree();
}

static void test_missing(void)
{
	char **paths = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(tly_ingest_expand(&paths, &n, "fixtures/ingest/no-such-folder"), TLY_EIO);
	CU_ASSERT_STRING_EQUAL(tly_error_last(), "fixtures/ingest/no-such-folder: No such file or directory");
	CU_ASSERT_EQUAL(tly_ingest_expand(NULL, &n, "x"), TLY_EARG);
	tly_ingest_paths_free(NULL, 0);
}

/* The repository's own fixture folder, as the command would see it. */
static void test_fixture_folder(void)
{
	char **paths = NULL;
	size_t n = 0;

	CHECK_OK(tly_ingest_expand(&paths, &n, "fixtures/ingest/labelme"));
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_STRING_EQUAL(paths[0], "fixtures/ingest/labelme/empty.json");
	CU_ASSERT_STRING_EQUAL(paths[1], "fixtures/ingest/labelme/mask.json");
	CU_ASSERT_STRING_EQUAL(paths[2], "fixtures/ingest/labelme/shapes.json");
	tly_ingest_paths_free(paths, n);
}

TLY_TESTS("ingest_expand",
	  {"folder", test_folder},
	  {"missing", test_missing},
	  {"fixture_folder", test_fixture_folder})
