/*
 * The effective rules laid out for a person (`tally rules check`): the
 * canonical JSON, one key per line, indented two spaces. Derived from the
 * canonical text so the two can never disagree about a value.
 */
#include "tally/error.h"
#include "tally/rules.h"
#include "util/alloc.h"
#include "util/buf.h"

static void indent(tly_buf *b, int depth)
{
	int i;

	tly_buf_putc(b, '\n');
	for (i = 0; i < depth; i++)
		tly_buf_puts(b, "  ");
}

int tly_rules_pretty(char **out, const tly_rules *r)
{
	tly_buf b = TLY_BUF_INIT;
	const char *s = tly_rules_json(r);
	int depth = 0, in_string = 0;

	*out = NULL;
	for (; *s; s++) {
		char c = *s;

		if (in_string) {
			tly_buf_putc(&b, c);
			if (c == '\\' && s[1])
				tly_buf_putc(&b, *++s);
			else if (c == '"')
				in_string = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_string = 1;
			tly_buf_putc(&b, c);
			break;
		case '{':
		case '[':
			tly_buf_putc(&b, c);
			indent(&b, ++depth);
			break;
		case '}':
		case ']':
			indent(&b, --depth);
			tly_buf_putc(&b, c);
			break;
		case ',':
			tly_buf_putc(&b, c);
			indent(&b, depth);
			break;
		case ':':
			tly_buf_puts(&b, ": ");
			break;
		default:
			tly_buf_putc(&b, c);
		}
	}
	tly_buf_putc(&b, '\n');
	if (b.error) {
		tly_buf_clear(&b);
		return tly_error_set(TLY_ENOMEM, "rules: out of memory");
	}
	*out = tly_buf_detach(&b);
	return 0;
}
