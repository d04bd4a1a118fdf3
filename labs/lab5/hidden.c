/*
 * hidden.c - lab 5's hidden tests: never in a handout, never installed.
 *
 * Generators, not cases: each row draws its heaps, breaks and limits
 * from its seed mixed with the instructor's (vmalab grade --hidden-seed
 * N, or the autograder package's config), and the reference (sys_brk)
 * computes every answer at grading time. Knowing this file tells a
 * student the kinds of tests, as the visible ones do, and nothing of the
 * cases.
 */
#include "grader/grade.h"

#define B(...)	(&(const struct grade_brk_random){ __VA_ARGS__ })

extern const struct grade_test lab5_hidden[];

const struct grade_test lab5_hidden[] = {
	{ .name = "h-brk-generated-1", .points = 4, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk_random, .cpu_seconds = 5,
	  .about = N_("generated heaps and breaks: grow, shrink, same page"),
	  .arg = B(.seed = 501, .rounds = 150, .hidden = 1) },
	{ .name = "h-brk-generated-2", .points = 4, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk_random, .cpu_seconds = 5,
	  .about = N_("more generated cases: limits, locked heaps, compat_brk"),
	  .arg = B(.seed = 502, .rounds = 150, .hidden = 1) },
	{ .name = "h-brk-generated-3", .points = 4, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk_random, .cpu_seconds = 5,
	  .about = N_("more generated cases, from another seed"),
	  .arg = B(.seed = 503, .rounds = 150, .hidden = 1) },
	{ .name = NULL }
};
