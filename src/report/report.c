/*
 * The report API (tally/report.h): builds the view of a run, then hands it
 * to the JSON, CSV or HTML writer. Tests: tests/report/test_report.c.
 */
#include <string.h>

#include "tally/error.h"
#include "tally/report.h"
#include "report/csv.h"
#include "report/html.h"
#include "report/json.h"
#include "report/view.h"
#include "util/buf.h"

int tly_report_format_parse(tly_report_format *out, const char *name)
{
	if (!out || !name)
		return tly_error_set(TLY_EARG, "report: no format given");
	if (strcmp(name, "json") == 0)
		*out = TLY_REPORT_JSON;
	else if (strcmp(name, "csv") == 0)
		*out = TLY_REPORT_CSV;
	else if (strcmp(name, "html") == 0)
		*out = TLY_REPORT_HTML;
	else
		return tly_error_set(TLY_EARG, "unknown report format %s (json, csv or html)", name);
	return 0;
}

static int render_view(tly_buf *b, tly_report_format fmt, const tly_report__view *v)
{
	int error = 0;

	if (fmt == TLY_REPORT_JSON)
		error = tly_report__json(b, v);
	else if (fmt == TLY_REPORT_HTML)
		tly_report__html(b, v);
	else
		return tly_error_set(TLY_EARG, "report: %s cannot be rendered to one string",
				     fmt == TLY_REPORT_CSV ? "csv (a folder of tables)" : "this format");
	if (!error && b->error)
		error = tly_error_set(b->error, "report: cannot build the output: %s",
				      b->error == TLY_ENOMEM ? "out of memory" : "too large");
	return error;
}

int tly_report_render(char **out, size_t *len, tly_report_format fmt,
		      const tly_dataset *ds, const tly_result *r)
{
	tly_report__view v;
	tly_buf b = TLY_BUF_INIT;
	int error = 0;

	if (!out || !len)
		return tly_error_set(TLY_EARG, "report: no output given");
	*out = NULL;
	*len = 0;
	if ((error = tly_report__view_init(&v, ds, r)) < 0)
		return error;
	if ((error = render_view(&b, fmt, &v)) < 0)
		goto out;
	*len = b.size;
	*out = tly_buf_detach(&b);
	if (!*out) {
		*len = 0;
		error = TLY_ENOMEM;
	}
out:
	tly_buf_clear(&b);
	tly_report__view_clear(&v);
	return error;
}

int tly_report_write(const char *path, tly_report_format fmt,
		     const tly_dataset *ds, const tly_result *r)
{
	tly_report__view v;
	tly_buf b = TLY_BUF_INIT;
	int error = 0;

	if (!path)
		return tly_error_set(TLY_EARG, "report: no output path given");
	if ((error = tly_report__view_init(&v, ds, r)) < 0)
		return error;
	if (fmt == TLY_REPORT_CSV)
		error = tly_report__csv_write(path, &v);
	else if ((error = render_view(&b, fmt, &v)) == 0)
		error = tly_write_file(path, b.ptr, b.size);
	tly_buf_clear(&b);
	tly_report__view_clear(&v);
	return error;
}
