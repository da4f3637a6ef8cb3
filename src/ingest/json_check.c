/*
 * RFC 8259 JSON grammar as an iterative scanner with an explicit stack,
 * so hostile nesting costs nothing and the first error has an exact
 * position. Stricter than cJSON where cJSON silently mangles input:
 * \u0000 and raw NULs (would truncate C strings), invalid UTF-8, lone
 * surrogates, numbers longer than cJSON's 63-byte number buffer.
 * Tested by tests/ingest/test_json_check.c.
 */
#include <string.h>

#include "ingest/json_check.h"
#include "ingest/text.h"
#include "tally/error.h"
#include "util/limits.h"

/* cJSON copies a number into a 64-byte buffer and would split a longer one. */
#define MAX_NUMBER_CHARS 63

typedef struct {
	const char *file;
	const unsigned char *s;
	size_t len;
	size_t i;
} scanner;

static int fail(const scanner *sc, size_t at, const char *what)
{
	size_t line, col;

	tly_ingest__position(&line, &col, (const char *)sc->s, at);
	if (at >= sc->len)
		what = "unexpected end of input";
	return tly_error_set(TLY_EINPUT, "%s:%zu:%zu: invalid JSON: %s", sc->file, line, col, what);
}

static int is_digit(const scanner *sc, size_t i)
{
	return i < sc->len && sc->s[i] >= '0' && sc->s[i] <= '9';
}

static void skip_ws(scanner *sc)
{
	while (sc->i < sc->len && (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' ||
				   sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
		sc->i++;
}

/* The code unit of the 4 hex digits at S[I..I+4), or -1. */
static long hex4(const scanner *sc, size_t i)
{
	long v = 0;
	size_t k;

	if (i + 4 > sc->len)
		return -1;
	for (k = i; k < i + 4; k++) {
		unsigned char c = sc->s[k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/* A \u escape at I (pointing at the backslash); returns its length or fails. */
static int scan_u_escape(const scanner *sc, size_t i, size_t *adv)
{
	long cp = hex4(sc, i + 2), lo;

	if (cp < 0)
		return fail(sc, i + 6 > sc->len ? sc->len : i, "bad \\u escape");
	if (cp == 0)
		return fail(sc, i, "\\u0000 in a string");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail(sc, i, "lone UTF-16 surrogate in a \\u escape");
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		/* A high surrogate must be followed by a low one (cJSON agrees). */
		if (i + 12 > sc->len || sc->s[i + 6] != '\\' || sc->s[i + 7] != 'u' ||
		    (lo = hex4(sc, i + 8)) < 0xDC00 || lo > 0xDFFF)
			return fail(sc, i, "lone UTF-16 surrogate in a \\u escape");
		*adv = 12;
		return 0;
	}
	*adv = 6;
	return 0;
}

static int scan_string(scanner *sc)
{
	size_t i = sc->i + 1, adv = 0;
	int error;

	while (i < sc->len) {
		unsigned char c = sc->s[i];

		if (c == '"') {
			sc->i = i + 1;
			return 0;
		}
		if (c < 0x20)
			return fail(sc, i, "control character in a string");
		if (c == '\\') {
			if (i + 1 >= sc->len)
				break;
			c = sc->s[i + 1];
			if (c == 'u') {
				if ((error = scan_u_escape(sc, i, &adv)) < 0)
					return error;
				i += adv;
				continue;
			}
			if (c == 0 || !strchr("\"\\/bfnrt", c))
				return fail(sc, i, "bad escape in a string");
			i += 2;
		} else if (c < 0x80) {
			i++;
		} else {
			adv = tly_ingest__utf8_len(sc->s + i, sc->len - i);
			if (!adv)
				return fail(sc, i, "invalid UTF-8 in a string");
			i += adv;
		}
	}
	return fail(sc, sc->len, "");
}

static int scan_number(scanner *sc)
{
	size_t start = sc->i, i = sc->i;

	if (sc->s[i] == '-')
		i++;
	if (i < sc->len && sc->s[i] == '0') {
		i++;
	} else if (is_digit(sc, i)) {
		while (is_digit(sc, i))
			i++;
	} else {
		return fail(sc, i, "bad number");
	}
	if (i < sc->len && sc->s[i] == '.') {
		if (!is_digit(sc, ++i))
			return fail(sc, i, "bad number");
		while (is_digit(sc, i))
			i++;
	}
	if (i < sc->len && (sc->s[i] == 'e' || sc->s[i] == 'E')) {
		i++;
		if (i < sc->len && (sc->s[i] == '+' || sc->s[i] == '-'))
			i++;
		if (!is_digit(sc, i))
			return fail(sc, i, "bad number");
		while (is_digit(sc, i))
			i++;
	}
	if (i - start > MAX_NUMBER_CHARS) {
		size_t line, col;

		tly_ingest__position(&line, &col, (const char *)sc->s, start);
		return tly_error_set(TLY_ELIMIT, "%s:%zu:%zu: number longer than %d characters",
				     sc->file, line, col, MAX_NUMBER_CHARS);
	}
	sc->i = i;
	return 0;
}

static int scan_literal(scanner *sc)
{
	static const char *const words[] = {"true", "false", "null"};
	size_t k, n, avail = sc->len - sc->i;

	for (k = 0; k < 3; k++) {
		n = strlen(words[k]);
		if (avail >= n && memcmp(sc->s + sc->i, words[k], n) == 0) {
			sc->i += n;
			return 0;
		}
		if (avail < n && memcmp(sc->s + sc->i, words[k], avail) == 0)
			return fail(sc, sc->len, "");
	}
	return fail(sc, sc->i, "expected a value");
}

/* What the scanner expects next. */
enum { VALUE, VALUE_OR_CLOSE, KEY, KEY_OR_CLOSE, AFTER_VALUE };

/* A scalar, or the opening of a container pushed on STACK. */
static int scan_value(scanner *sc, char *stack, int *depth, int *state)
{
	unsigned char c = sc->s[sc->i];

	*state = AFTER_VALUE;
	if (c == '{' || c == '[') {
		if (*depth >= TLY_MAX_JSON_DEPTH) {
			size_t line, col;

			tly_ingest__position(&line, &col, (const char *)sc->s, sc->i);
			return tly_error_set(TLY_ELIMIT,
					     "%s:%zu:%zu: JSON nested deeper than TLY_MAX_JSON_DEPTH (%d)",
					     sc->file, line, col, TLY_MAX_JSON_DEPTH);
		}
		stack[(*depth)++] = (char)c;
		sc->i++;
		*state = c == '{' ? KEY_OR_CLOSE : VALUE_OR_CLOSE;
		return 0;
	}
	if (c == '"')
		return scan_string(sc);
	if (c == '-' || (c >= '0' && c <= '9'))
		return scan_number(sc);
	return scan_literal(sc);
}

int tly_ingest__json_check(const char *file, const char *data, size_t len)
{
	char stack[TLY_MAX_JSON_DEPTH];
	scanner sc;
	int depth = 0, state = VALUE, error = 0;
	unsigned char c;

	sc.file = file;
	sc.s = (const unsigned char *)data;
	sc.len = len;
	sc.i = tly_ingest__bom_len(data, len);
	for (;;) {
		skip_ws(&sc);
		if (sc.i >= len)
			return state == AFTER_VALUE && depth == 0 ? 0 : fail(&sc, len, "");
		c = sc.s[sc.i];
		switch (state) {
		case VALUE_OR_CLOSE:
			if (c == ']') {
				depth--;
				sc.i++;
				state = AFTER_VALUE;
				break;
			}
			/* fall through */
		case VALUE:
			error = scan_value(&sc, stack, &depth, &state);
			break;
		case KEY_OR_CLOSE:
			if (c == '}') {
				depth--;
				sc.i++;
				state = AFTER_VALUE;
				break;
			}
			/* fall through */
		case KEY:
			if (c != '"')
				return fail(&sc, sc.i, "expected a string key");
			if ((error = scan_string(&sc)) < 0)
				return error;
			skip_ws(&sc);
			if (sc.i >= len || sc.s[sc.i] != ':')
				return fail(&sc, sc.i, "expected ':'");
			sc.i++;
			state = VALUE;
			break;
		default: /* AFTER_VALUE */
			if (depth == 0)
				return fail(&sc, sc.i, "unexpected text after the JSON value");
			if (c == ',') {
				sc.i++;
				state = stack[depth - 1] == '{' ? KEY : VALUE;
			} else if (c == (stack[depth - 1] == '{' ? '}' : ']')) {
				depth--;
				sc.i++;
			} else {
				return fail(&sc, sc.i, stack[depth - 1] == '{' ? "expected ',' or '}'"
									: "expected ',' or ']'");
			}
		}
		if (error < 0)
			return error;
	}
}
