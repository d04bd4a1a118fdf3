/*
 * grade-lab.c - the instrumentation behind a student's DECIDE, SET,
 * RETURN, ...: the same events the engine reports, with the student's
 * file and line.
 *
 * An engine event names its function's numbered listing (ev->fn). A
 * student's function has no generated listing, so each lab_func gets a
 * listing of its own here with no lines: the trace formatters then print
 * "unmapped_area:57" and no text, and ev->fn->file names the student's
 * file for the grader's messages.
 */
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "trace/listing.h"

const char *volatile lab_last_file;
volatile int lab_last_line;

/* Listings for the student's functions: a few per lab, found by pointer. */
#define LAB_NLISTINGS	32
static struct {
	const struct lab_func	*key;
	struct listing		 l;
} lab_listings[LAB_NLISTINGS];

static const struct listing *
lab_listing(const struct lab_func *f)
{
	int i;

	for (i = 0; i < LAB_NLISTINGS; i++) {
		if (lab_listings[i].key == f)
			return &lab_listings[i].l;
		if (lab_listings[i].key == NULL) {
			lab_listings[i].key = f;
			lab_listings[i].l.name = f->name;
			lab_listings[i].l.file = f->file;
			lab_listings[i].l.instrumented = 1;
			return &lab_listings[i].l;
		}
	}
	return NULL;		/* more than 32 traced functions: no file */
}

/*
 * Decision ids the registry does not know (a typo in the student's code)
 * get an entry of their own, so that the event still says which id was
 * written. They live until the process ends.
 */
#define LAB_NUNKNOWN	64
static struct decision lab_unknown[LAB_NUNKNOWN];
static int lab_nunknown;

static const struct decision *
lab_decision(const char *id)
{
	const struct decision *d = decision_find(id);
	int i;

	if (d != NULL)
		return d;
	for (i = 0; i < lab_nunknown; i++)
		if (strcmp(lab_unknown[i].id, id) == 0)
			return &lab_unknown[i];
	if (lab_nunknown == LAB_NUNKNOWN)
		return NULL;
	lab_unknown[lab_nunknown].id = id;	/* a string literal */
	lab_unknown[lab_nunknown].func = "?";
	lab_unknown[lab_nunknown].explain =
	    "(not an id of the decision registry: check its spelling against "
	    "the handout's table)";
	lab_unknown[lab_nunknown].kernel = "";
	return &lab_unknown[lab_nunknown++];
}

int
lab_decision_unknown(const struct decision *d)
{
	return d != NULL && d >= lab_unknown && d < lab_unknown + LAB_NUNKNOWN;
}

static void
lab_event(struct trace_event *ev, enum trace_kind kind,
    const struct lab_func *f, int line)
{
	const struct listing *l = lab_listing(f);

	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->fn = l;
	ev->func = f->name;
	ev->src_line = line;
	ev->line = line;
	ev->depth = -1;
	lab_last_file = f->file;
	lab_last_line = line;
}

/* The student-side events: a lab header, then trace.c's emitters. */
void
lab_instr_call(struct mm *mm, const struct lab_func *f, int line, int n,
    const struct trace_val *vals)
{
	struct trace_event ev;

	lab_event(&ev, TRACE_CALL, f, line);
	trace_emit_call(mm->trace, &ev, n, vals);
}

void
lab_instr_step(struct mm *mm, const struct lab_func *f, int line)
{
	struct trace_event ev;

	lab_event(&ev, TRACE_STEP, f, line);
	trace_emit(mm->trace, &ev);
}

int
lab_instr_decide(struct mm *mm, const struct lab_func *f, int line,
    const char *id, const char *cond, int outcome, int n,
    const struct trace_val *vals)
{
	struct trace_event ev;

	lab_event(&ev, TRACE_DECIDE, f, line);
	return trace_emit_decide(mm->trace, &ev, lab_decision(id), cond,
	    outcome, n, vals);
}

void
lab_instr_value(struct mm *mm, const struct lab_func *f, int line,
    const char *var, unsigned long value)
{
	struct trace_event ev;

	lab_event(&ev, TRACE_VALUE, f, line);
	trace_emit_value(mm->trace, &ev, var, value);
}

void
lab_instr_return(struct mm *mm, const struct lab_func *f, int line,
    unsigned long value)
{
	struct trace_event ev;

	lab_instr_step(mm, f, line);
	lab_event(&ev, TRACE_RETURN, f, line);
	trace_emit_return(mm->trace, &ev, value);
}

void
lab_instr_tree(struct mm *mm, enum trace_tree_op op, int n,
    const struct trace_val *vals)
{
	trace_emit_tree(mm->trace, op, n, vals);
}
