/*
 * The effective rules laid out for a person (`tally rules check`): the
 * canonical JSON with every key (an empty report.label_order too, which
 * the stored form leaves out), one key per line, indented two spaces.
 * Derived from the canonical text so the two can never disagree about a value.
 */
#include "rules/rules.h"
#include "tally/error.h"
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
	char *text = tly_rules__canonical(tly_rules_policy(r), 1);
	const char *s = text;
	int depth = 0, in_string = 0;

	*out = NULL;
	if (!text)
		return tly_error_set(TLY_ENOMEM, "rules: out of memory");
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
			/* an empty list stays on its line: {} and [] */
			if (s[1] == (c == '{' ? '}' : ']')) {
				tly_buf_putc(&b, c);
				tly_buf_putc(&b, *++s);
				break;
			}
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
	tly_free(text);
	if (b.error) {
		tly_buf_clear(&b);
		return tly_error_set(TLY_ENOMEM, "rules: out of memory");
	}
	*out = tly_buf_detach(&b);
	return 0;
}
