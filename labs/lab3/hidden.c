/*
 * hidden.c - lab 3's hidden tests: never in a handout, never installed.
 *
 * Generators, not cases: each row draws its trees and requests from its
 * seed mixed with the instructor's (vmalab grade --hidden-seed N, or the
 * autograder package's config), and the reference (unmapped_area)
 * computes every answer at grading time. Knowing this file tells a
 * student the kinds of tests, as the visible ones do, and nothing of the
 * cases.
 */
#include "grader/grade.h"

#define R(...)	(&(const struct grade_random){ __VA_ARGS__ })

extern const struct grade_test lab3_hidden[];

const struct grade_test lab3_hidden[] = {
	{ .name = "h-edges", .points = 4, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random, .cpu_seconds = 5,
	  .about = N_("generated requests at a gap's exact edges"),
	  .arg = R(.seed = 301, .rounds = 600, .maxcols = 40, .edges = 1,
	      .hidden = 1) },
	{ .name = "h-edges-stacks", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random, .cpu_seconds = 5,
	  .about = N_("the same, with stacks and their guard gaps"),
	  .arg = R(.seed = 302, .rounds = 300, .maxcols = 40, .edges = 1,
	      .stacks = 1, .hidden = 1) },
	{ .name = "h-random-large", .points = 3, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random, .cpu_seconds = 5,
	  .about = N_("1000 generated trees of up to 120 columns"),
	  .arg = R(.seed = 303, .rounds = 1000, .maxcols = 120,
	      .hidden = 1) },
	{ .name = "h-random-stacks", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random, .cpu_seconds = 5,
	  .about = N_("500 generated trees with stacks"),
	  .arg = R(.seed = 333, .rounds = 500, .maxcols = 60, .stacks = 1,
	      .hidden = 1) },
	{ .name = "h-efficiency-30000", .points = 3, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_efficiency, .cpu_seconds = 10,
	  .about = N_("a tree of 30,000 VMAs, shuffled by the seed"),
	  .arg = &(const struct grade_efficiency){ .n = 30000,
	      .hidden = 1 } },
	{ .name = NULL }
};
