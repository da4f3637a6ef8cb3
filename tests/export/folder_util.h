/*
 * Test helpers for the folder exports: a scratch folder, reading a file or
 * a PNG it holds, and removing the folder with everything in it.
 */
#ifndef TLY_TEST_EXPORT_FOLDER_UTIL_H
#define TLY_TEST_EXPORT_FOLDER_UTIL_H

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "tally/raster.h"
#include "util/buf.h"

#define FOLDER_UNUSED __attribute__((unused))

/* DIR/NAME into B (cleared first); 0 or the read's error. */
static FOLDER_UNUSED int folder_read(tly_buf *b, const char *dir, const char *name)
{
	tly_buf path = TLY_BUF_INIT;
	int error;

	tly_buf_clear(b);
	tly_buf_printf(&path, "%s/%s", dir, name);
	error = tly_buf_read_file(b, path.ptr, (size_t)1 << 24);
	tly_buf_clear(&path);
	return error;
}

/* Decode the PNG DIR/NAME into *out (the caller clears it). */
static FOLDER_UNUSED void folder_png(tly_raster *out, const char *dir, const char *name)
{
	tly_buf b = TLY_BUF_INIT;

	tly_raster_init(out);
	CHECK_OK(folder_read(&b, dir, name));
	CHECK_OK(tly_png_read(out, (const uint8_t *)b.ptr, b.size, name));
	tly_buf_clear(&b);
}

/* Whether DIR/NAME exists. */
static FOLDER_UNUSED int folder_has(const char *dir, const char *name)
{
	tly_buf path = TLY_BUF_INIT;
	struct stat st;
	int yes;

	tly_buf_printf(&path, "%s/%s", dir, name);
	yes = stat(path.ptr, &st) == 0;
	tly_buf_clear(&path);
	return yes;
}

/* rm -r PATH (files and folders the tests made; links are removed, not followed). */
static FOLDER_UNUSED void folder_remove(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		remove(path);
		return;
	}
	if ((d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			tly_buf child = TLY_BUF_INIT;

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			tly_buf_printf(&child, "%s/%s", path, e->d_name);
			folder_remove(child.ptr);
			tly_buf_clear(&child);
		}
		closedir(d);
	}
	rmdir(path);
}

/* A fresh scratch folder name under /tmp (the folder itself is made): DIR must hold 64 bytes. */
static FOLDER_UNUSED void folder_scratch(char *dir, const char *tag)
{
	snprintf(dir, 64, "/tmp/tally-%s-XXXXXX", tag);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
}

#endif
