/*
 * hidden.c - lab 2's hidden tests: never in a handout, never installed.
 *
 * Generators, not cases: each row draws its trees and operations from its
 * seed mixed with the instructor's (vmalab grade --hidden-seed N, or the
 * autograder package's config), and the reference computes every answer
 * at grading time. Knowing this file tells a student the kinds of tests,
 * as the visible ones do, and nothing of the cases.
 */
#include "grader/grade.h"

#define GR(...)	(&(const struct grade_gap_random){ __VA_ARGS__ })
#define OPS(...) (&(const struct grade_gap_ops){ __VA_ARGS__ })

extern const struct grade_test lab2_hidden[];

const struct grade_test lab2_hidden[] = {
	{ .name = "h-gap-random", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_random, .cpu_seconds = 5,
	  .about = N_("generated trees, stacks among them: every node's gap"),
	  .arg = GR(.seed = 20, .rounds = 150, .stacks = 1, .hidden = 1) },
	{ .name = "h-insert-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = N_("1000 VMAs inserted in a generated order"),
	  .arg = OPS(.seed = 21, .n = 1000, .order = 2, .hidden = 1) },
	{ .name = "h-erase-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = N_("1000 VMAs inserted, then 900 erased"),
	  .arg = OPS(.seed = 22, .n = 1000, .order = 2, .erase = 900,
	      .hidden = 1) },
	{ .name = "h-stacks-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = N_("1000 VMAs with stacks, your compute"),
	  .arg = OPS(.seed = 23, .n = 1000, .order = 2, .erase = 500,
	      .stacks = 1, .own_compute = 1, .hidden = 1) },
	{ .name = NULL }
};
