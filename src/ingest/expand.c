/*
 * What a PATH on the command line stands for: the file itself, or every
 * .json, .csv, .xml and .txt file below a folder (not the side files
 * classes.txt, sizes.csv, classes.json), or with --format png every .png
 * file (but not the confidence/ folder of tally's own png export, which
 * sits beside its classes.json), in byte order of their paths so a
 * folder ingests the same way on every machine. Hidden entries (".git",
 * editor backups) and symbolic links to folders (which can loop) are not
 * followed. Tested by tests/ingest/test_expand.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tally/error.h"
#include "tally/ingest.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/vec.h"

/* Deeper folder trees than this are surely a mistake (or a bind-mount loop). */
#define MAX_DIR_DEPTH 64

typedef TLY_VEC(char *) path_list;

static int wanted(const char *name, int png)
{
	size_t n = strlen(name);

	if (png)
		return n > 4 && strcasecmp(name + n - 4, ".png") == 0;
	/* Side files: read by the YOLO and PNG readers, not annotation files themselves. */
	if (strcmp(name, "classes.txt") == 0 || strcmp(name, "sizes.csv") == 0 ||
	    strcmp(name, "classes.json") == 0)
		return 0;
	return (n > 5 && strcasecmp(name + n - 5, ".json") == 0) ||
	       (n > 4 && (strcasecmp(name + n - 4, ".csv") == 0 || strcasecmp(name + n - 4, ".xml") == 0 ||
			  strcasecmp(name + n - 4, ".txt") == 0));
}

static char *join(const char *dir, const char *name)
{
	tly_buf b = TLY_BUF_INIT;
	size_t n = strlen(dir);

	tly_buf_puts(&b, dir);
	if (n && dir[n - 1] != '/')
		tly_buf_putc(&b, '/');
	tly_buf_puts(&b, name);
	if (b.error) {
		tly_buf_clear(&b);
		return NULL;
	}
	return tly_buf_detach(&b);
}

static int push(path_list *out, char *path)
{
	if (!path)
		return TLY_ENOMEM;
	if (TLY_VEC_PUSH(out, path) < 0) {
		tly_free(path);
		return TLY_ENOMEM;
	}
	return 0;
}

/* tally's png export writes DIR/classes.json beside DIR/confidence/ (confidence maps, not label maps). */
static int export_confidence(const char *dir, const char *name)
{
	struct stat st;
	char *side;
	int found;

	if (strcmp(name, "confidence") != 0 || !(side = join(dir, "classes.json")))
		return 0;
	found = stat(side, &st) == 0 && S_ISREG(st.st_mode);
	tly_free(side);
	return found;
}

static int walk(path_list *out, const char *dir, int depth, int png)
{
	DIR *d;
	struct dirent *e;
	struct stat st, lst;
	char *child = NULL;
	int error = 0;

	if (depth > MAX_DIR_DEPTH)
		return tly_error_set(TLY_ELIMIT, "%s: folders nested deeper than %d", dir, MAX_DIR_DEPTH);
	d = opendir(dir);
	if (!d)
		return tly_error_set(TLY_EIO, "%s: cannot open folder: %s", dir, strerror(errno));
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (!(child = join(dir, e->d_name))) {
			error = TLY_ENOMEM;
			break;
		}
		if (lstat(child, &lst) < 0 || stat(child, &st) < 0) {
			/* A dangling link or a file removed meanwhile: nothing to read. */
			tly_free(child);
			continue;
		}
		if (S_ISDIR(st.st_mode) && !S_ISLNK(lst.st_mode)) {
			if (!(png && export_confidence(dir, e->d_name)))
				error = walk(out, child, depth + 1, png);
			tly_free(child);
		} else if (S_ISREG(st.st_mode) && wanted(e->d_name, png)) {
			error = push(out, child);
		} else {
			tly_free(child);
		}
		if (error < 0)
			break;
	}
	if (!error && errno)
		error = tly_error_set(TLY_EIO, "%s: cannot list folder: %s", dir, strerror(errno));
	closedir(d);
	return error;
}

static int by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder of PNGs alone is most likely label maps: say how to read them. */
static int no_files(const char *path)
{
	path_list pngs = {NULL, 0, 0};
	int error = walk(&pngs, path, 0, 1);

	tly_ingest_paths_free(pngs.items, pngs.count);
	if (error < 0)
		return error;
	return tly_error_set(TLY_EINPUT, "%s: no .json, .csv, .xml or .txt files in this folder%s", path,
			     pngs.count ? " (for PNG label maps pass --format png)" : "");
}

void tly_ingest_paths_free(char **paths, size_t n)
{
	size_t i;

	if (!paths)
		return;
	for (i = 0; i < n; i++)
		tly_free(paths[i]);
	tly_free(paths);
}

int tly_ingest_expand(char ***paths, size_t *n, const char *path)
{
	return tly_ingest_expand_format(paths, n, path, NULL);
}

int tly_ingest_expand_format(char ***paths, size_t *n, const char *path, const char *format)
{
	path_list list = {NULL, 0, 0};
	struct stat st;
	int png = format && strcmp(format, "png") == 0;
	int error = 0;

	if (!paths || !n || !path)
		return tly_error_set(TLY_EARG, "tly_ingest_expand: paths, n and path are required");
	*paths = NULL;
	*n = 0;
	if (stat(path, &st) < 0)
		return tly_error_set(TLY_EIO, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		error = push(&list, tly_strdup(path));
	} else if ((error = walk(&list, path, 0, png)) == 0 && list.count == 0) {
		error = png ? tly_error_set(TLY_EINPUT, "%s: no .png files in this folder", path) : no_files(path);
	}
	if (error < 0) {
		tly_ingest_paths_free(list.items, list.count);
		return error;
	}
	qsort(list.items, list.count, sizeof(*list.items), by_bytes);
	*paths = list.items;
	*n = list.count;
	return 0;
}
