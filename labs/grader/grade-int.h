/*
 * grade-int.h - what the grader's own files share (not installed).
 */
#ifndef VMALAB_GRADE_INT_H
#define VMALAB_GRADE_INT_H

#include "grade.h"

/* Feedback a child may send (more is cut with a note). */
#define GRADE_SAY_MAX	(24 * 1024)

struct grade_ctx {
	const struct grade_lab	*lab;
	const struct grade_test	*test;
	int			 fd;	/* the result pipe; -1: print to stdout */
	size_t			 said;	/* bytes of feedback so far */
	int			 cut;	/* feedback was cut */
};

/*
 * A hook for SIGSEGV and SIGBUS in a test child: the efficiency tests
 * count the pages of VMAs a search reads by leaving them inaccessible and
 * opening each one on its first fault. Returns 1 when the fault was the
 * hook's (the access is retried), 0 for a real crash.
 */
extern int	(*grade_fault_hook)(void *addr);

/*
 * Between these two, SIGSEGV and SIGBUS go to grade_fault_hook first;
 * a fault the hook does not claim goes to the handler that was there
 * before (the runner's crash report, or the default). Return 0 or -1.
 */
int	grade_fault_begin(void);
void	grade_fault_end(void);

/* Writes feedback in the child (also used by grade_say). */
void	grade_said(struct grade_ctx *, const char *s, size_t n);

#endif
