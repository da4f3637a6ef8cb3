/*
 * Comment stripping and positioned parse errors for rules files.
 * Comments become spaces (newlines kept), so cJSON's error offset maps
 * straight back to a line and column of the original file.
 */
#include <cjson/cJSON.h>
#include <string.h>

#include "rules/jsonc.h"
#include "tally/error.h"
#include "util/alloc.h"
#include "util/limits.h"

static void position(const char *text, size_t offset, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* Blank out comments in place; returns the offset of an unterminated block comment or SIZE_MAX. */
static size_t strip(char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				if (s[i] == '\\' && i + 1 < len)
					i++;
			i++;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
			while (i < len && s[i] != '\n')
				s[i++] = ' ';
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			size_t start = i;

			s[i++] = ' ';
			s[i++] = ' ';
			while (i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/')) {
				if (s[i] != '\n')
					s[i] = ' ';
				i++;
			}
			if (i >= len)
				return start;
			s[i++] = ' ';
			s[i++] = ' ';
		} else {
			i++;
		}
	}
	return SIZE_MAX;
}

int tly_rules__parse_jsonc(cJSON **out, const char *text, size_t len, const char *origin)
{
	char *copy = NULL;
	const char *end = NULL;
	cJSON *root = NULL;
	size_t bad;
	int line, col, error = 0;

	*out = NULL;
	if (len > TLY_MAX_RULES_BYTES)
		return tly_error_set(TLY_ELIMIT, "%s: rules file larger than %zu bytes",
				     origin, TLY_MAX_RULES_BYTES);
	copy = tly_strndup(text, len);
	if (!copy)
		return TLY_ENOMEM;
	len = strlen(copy);
	bad = strip(copy, len);
	if (bad != SIZE_MAX) {
		position(text, bad, &line, &col);
		error = tly_error_set(TLY_EARG, "%s:%d:%d: unterminated comment", origin, line, col);
		goto out;
	}
	/* cJSON's length must count the terminating NUL when it is required. */
	root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	if (!root) {
		size_t off = end && end >= copy ? (size_t)(end - copy) : len;

		if (!end) {
			const char *ep = cJSON_GetErrorPtr();

			off = ep && ep >= copy && ep <= copy + len ? (size_t)(ep - copy) : len;
		}
		position(copy, off, &line, &col);
		error = tly_error_set(TLY_EARG, "%s:%d:%d: invalid JSON", origin, line, col);
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		error = tly_error_set(TLY_EARG, "%s: rules must be a JSON object", origin);
		goto out;
	}
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	tly_free(copy);
	return error;
}
