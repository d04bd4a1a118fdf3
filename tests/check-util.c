/*
 * check-util.c - pictures of address spaces and trace recordings for the
 * Check unit tests.
 */
#include <check.h>
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
