/*
 * check-util.c - pictures of address spaces and trace recordings for the
 * Check unit tests.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fopencookie */
#endif
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "grader/grade.h"

/* A picture read as the grader reads the labs' (grade_pic_mm), checked. */
struct mm *
pic_mm(const char *pic, unsigned long base, unsigned long unit, int layout)
{
	char err[256];
	struct mm *mm = grade_pic_mm(pic, base, unit, layout, err, sizeof(err));

	if (mm == NULL)
		ck_abort_msg("%s", err);
	check_mm(mm, "loading the picture");
	return mm;
}

void
check_mm(const struct mm *mm, const char *after)
{
	const char *msg = mm_validate(mm);

	ck_assert_msg(msg == NULL, "after %s: %s", after, msg);
}

/* ---- coverage ----------------------------------------------------------- */

static struct {
	const char	*id;
	int		 outcome;
} seen[1024];
static size_t nseen;

static void
coverage_add(const char *id, int outcome)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].outcome == outcome && strcmp(seen[i].id, id) == 0)
			return;
	if (nseen < sizeof(seen) / sizeof(seen[0])) {
		seen[nseen].id = id;
		seen[nseen].outcome = outcome;
		nseen++;
	}
}

int
coverage_saw(const char *id, int outcome)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].outcome == outcome && strcmp(seen[i].id, id) == 0)
			return 1;
	return 0;
}

/* ---- recordings --------------------------------------------------------- */

void
rec_start(struct mm *mm, struct trace_rec *rec, struct trace *t)
{
	trace_rec_init(rec);
	trace_rec_sink(t, rec);
	mm_trace_attach(mm, t);
}

void
rec_stop(struct mm *mm, struct trace_rec *rec)
{
	size_t i;
	const struct trace_event *ev;

	ck_assert_msg(mm->trace == NULL || mm->trace->depth == 0,
	    "call depth %d after the call: a traced function returned "
	    "without RETURN", mm->trace->depth);
	mm_trace_detach(mm);
	ck_assert_int_eq(trace_rec_decode(rec), 0);
	for (i = 0; i < rec->n; i++) {
		ev = &rec->ev[i];
		if (ev->kind != TRACE_DECIDE)
			continue;
		ck_assert_msg(ev->decision != NULL,
		    "%s:%d: a decision with no registered id", ev->func,
		    ev->line);
		coverage_add(ev->decision->id, ev->outcome);
	}
}

int
rec_saw(const struct trace_rec *rec, const char *id, int outcome)
{
	size_t i;

	for (i = 0; i < rec->n; i++)
		if (rec->ev[i].kind == TRACE_DECIDE &&
		    rec->ev[i].decision != NULL &&
		    rec->ev[i].outcome == outcome &&
		    strcmp(rec->ev[i].decision->id, id) == 0)
			return 1;
	return 0;
}

/* ---- endless streams ------------------------------------------------- */

struct endless {
	const char	*pattern;
	size_t		 len, pos;	/* pos: the next byte of pattern */
};

static ssize_t
endless_read(void *cookie, char *buf, size_t size)
{
	struct endless *e = cookie;
	size_t i;

	for (i = 0; i < size; i++) {
		buf[i] = e->pattern[e->pos];
		e->pos = (e->pos + 1) % e->len;
	}
	return (ssize_t)size;
}

static int
endless_close(void *cookie)
{
	free(cookie);
	return 0;
}

FILE *
endless_open(const char *pattern)
{
	static const cookie_io_functions_t io = {
		.read = endless_read,
		.close = endless_close,
	};
	struct endless *e = calloc(1, sizeof *e);
	FILE *fp;

	ck_assert_ptr_nonnull(e);
	e->pattern = pattern;
	e->len = strlen(pattern);
	ck_assert_uint_gt(e->len, 0);
	fp = fopencookie(e, "r", io);
	ck_assert_ptr_nonnull(fp);
	return fp;
}
