/*
 * hidden.c - lab 3's hidden tests: never in a handout, never installed.
 * The visible tests' kinds at their edges and on bigger trees.
 */
#include "grader/grade.h"

#define S(...)	(&(const struct grade_search){ __VA_ARGS__ })
#define P	PAGE_SIZE

extern const struct grade_test lab3_hidden[];

const struct grade_test lab3_hidden[] = {
	{ .name = "h-gap-end-at-low", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search,
	  .about = "a gap that ends exactly at low_limit + length",
	  .arg = S(.pic = "AA....BB", .len = 2, .low = 4, .high = 8) },
	{ .name = "h-highest-exact", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search,
	  .about = "the space above the last VMA, exactly at high_limit",
	  .arg = S(.pic = "AA.BB", .len = 3, .low = 0, .high = 8) },
	{ .name = "h-align-offset", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search,
	  .about = "an alignment of 8 pages with an offset of 3",
	  .arg = S(.pic = "AAA..B..........C", .len = 2, .low = 0,
	      .high = 17, .align_mask = 7 * P, .align_offset = 3 * P) },
	{ .name = "h-random-large", .points = 3, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random,
	  .about = "1000 random trees of up to 120 columns",
	  .arg = &(const struct grade_random){ .seed = 303, .rounds = 1000,
	      .maxcols = 120 } },
	{ .name = "h-random-stacks", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_random,
	  .about = "500 random trees with stacks",
	  .arg = &(const struct grade_random){ .seed = 333, .rounds = 500,
	      .maxcols = 60, .stacks = 1 } },
	{ .name = "h-efficiency-30000", .points = 3, .vis = GRADE_HIDDEN,
	  .run = grade_run_search_efficiency, .cpu_seconds = 10,
	  .about = "a tree of 30,000 VMAs",
	  .arg = &(const struct grade_efficiency){ .n = 30000 } },
	{ .name = NULL }
};
