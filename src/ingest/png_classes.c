/*
 * The classes.json sidecar of PNG label maps: looked up from the map's
 * folder upwards, as YOLO's classes.txt is (yolo_side.c), but bounded by
 * the PATH the user named so a map never picks up a stranger's sidecar.
 * Strict: unknown keys are errors, since a misspelt "ignore" would
 * silently turn void pixels into a class. Tested by tests/ingest/test_png_map.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ingest/json_read.h"
#include "ingest/png_classes.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/sha256.h"

#define SIDECAR "classes.json"
/* Longest "image_ext" taken: an extension, not a path. */
#define MAX_EXT 32

void tly_ingest__png_classes_clear(tly_png_classes *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		tly_free(c->names[i]);
	tly_free(c->names);
	tly_free(c->path);
	tly_free(c->image_ext);
	memset(c, 0, sizeof(*c));
	c->ignore = 255;
}

/* Length of DIR without trailing slashes (but "/" stays "/"). */
static size_t trimmed(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n;
}

/*
 * The folders to look in, deepest first, as prefix lengths of DIR (PNG's
 * folder) in LENS: DIR itself, then its parents while DIR lies below ROOT.
 */
static size_t folders(size_t *lens, size_t cap, const char *dir, const char *root)
{
	size_t n = strlen(dir), r = root ? trimmed(root) : 0, k = 0;

	lens[k++] = n;
	while (r && k < cap) {
		/* Below ROOT: ROOT is a proper prefix ending at a folder boundary. */
		if (!(n > r && memcmp(dir, root, r) == 0 && (root[r - 1] == '/' || dir[r] == '/')))
			break;
		while (n > 0 && dir[n - 1] != '/')
			n--;
		while (n > 1 && dir[n - 1] == '/')
			n--;
		if (n == 0)
			break;
		lens[k++] = n;
	}
	return k;
}

static int set_name(tly_png_classes *c, tly_jloc at, const char *key, size_t v, const cJSON *name)
{
	size_t len;

	if (cJSON_IsNull(name))
		return 0;
	if (!cJSON_IsString(name))
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "expected a class name, got %s",
					     tly_ingest__json_kind(name));
	len = strlen(name->valuestring);
	if (len == 0)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "empty class name");
	if (len > TLY_MAX_STRING)
		return tly_ingest__json_fail(TLY_ELIMIT, at, key, "longer than TLY_MAX_STRING (%d bytes)",
					     TLY_MAX_STRING);
	if (c->ignore >= 0 && (int64_t)v == c->ignore)
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "value %zu is the ignore value", v);
	if (v >= c->n) {
		char **grown = tly_reallocarray(c->names, v + 1, sizeof(*grown));

		if (!grown)
			return TLY_ENOMEM;
		memset(grown + c->n, 0, (v + 1 - c->n) * sizeof(*grown));
		c->names = grown;
		c->n = v + 1;
	}
	if (c->names[v])
		return tly_ingest__json_fail(TLY_EINPUT, at, key, "value %zu is named twice", v);
	return (c->names[v] = tly_strdup(name->valuestring)) ? 0 : TLY_ENOMEM;
}

/* A decimal pixel value "0".."65535" (no sign, no leading zeros), or -1. */
static long pixel_value(const char *s)
{
	long v = 0;
	size_t i;

	if (!s[0] || (s[0] == '0' && s[1]) || strlen(s) > 5)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= TLY_PNG_MAX_VALUE ? v : -1;
}

static int read_classes(tly_png_classes *c, tly_jloc top, const cJSON *classes)
{
	tly_jloc at = {top.file, "classes"};
	const cJSON *e;
	char key[32];
	size_t i = 0;
	long v;
	int error;

	c->has_classes = 1;
	for (e = classes->child; e; e = e->next, i++) {
		if (cJSON_IsArray(classes)) {
			if (i > TLY_PNG_MAX_VALUE)
				return tly_ingest__json_fail(TLY_EINPUT, top, "classes", "more than %d entries "
							     "(pixel values have at most 16 bits)",
							     TLY_PNG_MAX_VALUE + 1);
			snprintf(key, sizeof(key), "classes[%zu]", i);
			error = set_name(c, top, key, i, e);
		} else if ((v = pixel_value(e->string)) < 0) {
			return tly_ingest__json_fail(TLY_EINPUT, at, e->string, "not a pixel value (0 to %d)",
						     TLY_PNG_MAX_VALUE);
		} else {
			error = set_name(c, at, e->string, (size_t)v, e);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

static int read_ignore(tly_png_classes *c, tly_jloc top, const cJSON *v)
{
	if (!(v->valuedouble >= 0) || v->valuedouble > TLY_PNG_MAX_VALUE ||
	    floor(v->valuedouble) != v->valuedouble)
		return tly_ingest__json_fail(TLY_EINPUT, top, "ignore", "expected a pixel value (0 to %d) or null",
					     TLY_PNG_MAX_VALUE);
	c->ignore = (int64_t)v->valuedouble;
	return 0;
}

static int read_ext(tly_png_classes *c, tly_jloc top, const cJSON *root)
{
	const char *ext;
	size_t n;
	int error;

	if ((error = tly_ingest__json_name(&ext, top, root, "image_ext", 0)) < 0 || !ext)
		return error;
	n = strlen(ext);
	if (ext[0] != '.' || n < 2 || n > MAX_EXT || strchr(ext, '/') || strchr(ext, '\\'))
		return tly_ingest__json_fail(TLY_EINPUT, top, "image_ext",
					     "expected an extension such as \".jpg\", got \"%s\"", ext);
	return (c->image_ext = tly_strdup(ext)) ? 0 : TLY_ENOMEM;
}

static int parse(tly_png_classes *c, const char *text, size_t len)
{
	tly_jloc top = {c->path, ""};
	cJSON *root = NULL;
	const cJSON *e, *classes;
	int error;

	if ((error = tly_ingest__json_parse(&root, c->path, text, len)) < 0)
		return error;
	if (!cJSON_IsObject(root)) {
		error = tly_ingest__json_fail(TLY_EINPUT, top, NULL, "expected a JSON object at the top, got %s",
					      tly_ingest__json_kind(root));
		goto out;
	}
	for (e = root->child; e; e = e->next)
		if (strcmp(e->string, "classes") && strcmp(e->string, "ignore") && strcmp(e->string, "image_ext")) {
			error = tly_ingest__json_fail(TLY_EINPUT, top, NULL, "unknown key \"%s\" (classes, ignore "
						      "or image_ext)", e->string);
			goto out;
		}
	/* The ignore value first, so a class named at it is refused. "ignore": null
	 * (which json_member reports as absent) means there is no ignore value. */
	if ((error = tly_ingest__json_member(&e, top, root, "ignore", cJSON_Number, 0)) < 0)
		goto out;
	if (e)
		error = read_ignore(c, top, e);
	else if (cJSON_GetObjectItemCaseSensitive(root, "ignore"))
		c->ignore = -1;
	if (error < 0 ||
	    (error = tly_ingest__json_member(&classes, top, root, "classes", cJSON_Object | cJSON_Array, 0)) < 0 ||
	    (classes && (error = read_classes(c, top, classes)) < 0))
		goto out;
	error = read_ext(c, top, root);
out:
	cJSON_Delete(root);
	return error;
}

int tly_ingest__png_classes(tly_png_classes *out, const char *png, const char *root)
{
	const char *slash = strrchr(png, '/');
	tly_buf dir = TLY_BUF_INIT, path = TLY_BUF_INIT, text = TLY_BUF_INIT;
	size_t lens[64], k, i;
	int error = 0;

	memset(out, 0, sizeof(*out));
	out->ignore = 255;
	if (slash)
		tly_buf_put(&dir, png, slash == png ? 1 : (size_t)(slash - png));
	else
		tly_buf_puts(&dir, ".");
	if (dir.error)
		return dir.error;
	k = folders(lens, sizeof(lens) / sizeof(lens[0]), dir.ptr, root);
	for (i = 0; i < k && !out->path; i++) {
		path.size = 0;
		tly_buf_put(&path, dir.ptr, lens[i]);
		tly_buf_puts(&path, lens[i] && dir.ptr[lens[i] - 1] == '/' ? SIDECAR : "/" SIDECAR);
		if ((error = path.error) < 0)
			goto out;
		if (access(path.ptr, F_OK) == 0)
			out->path = tly_buf_detach(&path);
	}
	if (out->path && (error = tly_buf_read_file(&text, out->path, TLY_MAX_RULES_BYTES)) == 0) {
		tly_sha256_hex(out->sha256, text.ptr ? text.ptr : "", text.size);
		error = parse(out, text.ptr ? text.ptr : "", text.size);
	}
out:
	tly_buf_clear(&dir);
	tly_buf_clear(&path);
	tly_buf_clear(&text);
	return error;
}
