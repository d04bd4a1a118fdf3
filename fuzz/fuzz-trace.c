/*
 * fuzz-trace.c - the JSON Lines trace reader (engine/trace/trace-read.c).
 *
 * The input is read as one line (trace_read_line) and as a file
 * (trace_read_file). A line that reads must be stable: written back with
 * trace_format_jsonl, it reads again, and writing that gives the same
 * bytes. It must also print as text (trace_format_text), as a viewer
 * would.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "trace/trace-read.h"

static char *
format(const struct trace_read_event *ev, int text, size_t *len)
{
	struct trace_event view;
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	if (fp == NULL)
		abort();
	trace_read_view(ev, &view);
	if (text)
		trace_format_text(fp, &view);
	else
		trace_format_jsonl(fp, &view);
	fclose(fp);
	*len = size;
	return buf;
}

static int
count(void *ctx, const struct trace_read_event *ev)
{
	(*(unsigned long *)ctx)++;
	return ev->seq == 424242;	/* stop early, now and then */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_read_event ev, again;
	char err[TRACE_READ_ERRLEN];
	char *a, *b, *t;
	size_t na, nb, nt;
	unsigned long n = 0;
	FILE *fp;
	int rc;

	memset(err, 0x7f, sizeof(err));
	if (trace_read_line((const char *)data, size, FUZZ_NAME, 1, &ev, err,
	    sizeof(err)) != 0) {
		fuzz_check_msg(err, sizeof(err), 1);
		fuzz_check_zero(&ev, sizeof(ev), "struct trace_read_event");
	} else {
		a = format(&ev, 0, &na);
		if (trace_read_line(a, na, FUZZ_NAME, 1, &again, err,
		    sizeof(err)) != 0)
			fuzz_die("the reader refused what the writer wrote",
			    err);
		b = format(&again, 0, &nb);
		if (na != nb || memcmp(a, b, na) != 0)
			fuzz_die("write(read(x)) is not stable", a);
		t = format(&ev, 1, &nt);
		free(t);
		free(a);
		free(b);
		trace_read_event_free(&again);
		trace_read_event_free(&ev);
	}

	fp = fuzz_fopen(data, size);
	memset(err, 0x7f, sizeof(err));
	rc = trace_read_file(fp, FUZZ_NAME, count, &n, err, sizeof(err));
	fclose(fp);
	if (rc == -1)
		fuzz_check_msg(err, sizeof(err), 1);
	else if (rc != 0 && rc != 1)
		fuzz_die("trace_read_file returned something else", NULL);
	return 0;
}
