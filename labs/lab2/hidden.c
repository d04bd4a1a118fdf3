/*
 * hidden.c - lab 2's hidden tests: never in a handout, never installed.
 * They are the visible tests' kinds on bigger trees and at the edges.
 */
#include "grader/grade.h"

#define G(...)	(&(const struct grade_gap){ __VA_ARGS__ })
#define OPS(...) (&(const struct grade_gap_ops){ __VA_ARGS__ })

extern const struct grade_test lab2_hidden[];

const struct grade_test lab2_hidden[] = {
	{ .name = "h-gap-stack-exact", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap,
	  .about = "a guard gap exactly as long as the free space below it",
	  .arg = G(.pic = "AA....##", .unit = 64 * PAGE_SIZE, .only_col = 7) },
	{ .name = "h-insert-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = "2000 VMAs inserted in random order",
	  .arg = OPS(.seed = 21, .n = 2000, .order = 2) },
	{ .name = "h-erase-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = "2000 VMAs inserted, then 1900 erased",
	  .arg = OPS(.seed = 22, .n = 2000, .order = 2, .erase = 1900) },
	{ .name = "h-stacks-big", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_gap_ops, .cpu_seconds = 5,
	  .about = "1000 VMAs with stacks, your compute",
	  .arg = OPS(.seed = 23, .n = 1000, .order = 2, .erase = 500,
	      .stacks = 1, .own_compute = 1) },
	{ .name = NULL }
};
