/*
 * check-util.c - pictures of address spaces and trace recordings for the
 * Check unit tests.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"

#define VM_RW	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | \
		 VM_ACCOUNT)
#define VM_RO	(VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

static unsigned long
pic_flags(char c)
{
	if (c == '#')
		return VM_RW | VM_GROWSDOWN;
	if (c >= 'a' && c <= 'z')
		return VM_RO;
	return VM_RW;
}

static int
pic_free(char c)
{
	return c == ' ' || c == '.';
}

struct mm *
pic_mm(const char *pic, unsigned long base, unsigned long unit, int layout)
{
	struct mm *mm = mm_new(NULL);
	const char *err = NULL;
	size_t i = 0, j, n = strlen(pic);
	unsigned long start;

	ck_assert_ptr_nonnull(mm);
	mm_setup_layout(mm, layout, 0);
	while (i < n) {
		if (pic_free(pic[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && pic[j] == pic[i]; j++)
			;
		start = PIC(base, unit, i);
		if (mm_add_vma(mm, start, PIC(base, unit, j), pic_flags(pic[i]),
		    start >> PAGE_SHIFT, NULL, NULL, &err) == NULL)
			ck_abort_msg("picture \"%s\": %s", pic, err);
		if (pic[i] == 'H') {
			mm->start_brk = start;
			mm->brk = PIC(base, unit, j);
		} else if (mm->brk == 0)
			mm->start_brk = mm->brk = PIC(base, unit, j);
		i = j;
	}
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
	mm->trace = t;
}

void
rec_stop(struct mm *mm, struct trace_rec *rec)
{
	size_t i;
	const struct trace_event *ev;

	ck_assert_msg(mm->trace == NULL || mm->trace->depth == 0,
	    "call depth %d after the call: a traced function returned "
	    "without RETURN", mm->trace->depth);
	mm->trace = NULL;
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
