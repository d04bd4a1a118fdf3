/*
 * hidden.c - lab 5's hidden tests: never in a handout, never installed.
 * The visible tests' kinds at their edges.
 */
#include "grader/grade.h"

#define B(...)	(&(const struct grade_brk){ __VA_ARGS__ })
#define P	((long)PAGE_SIZE)
#define PIC	"AAA.HHH......BB"

extern const struct grade_test lab5_hidden[];

const struct grade_test lab5_hidden[] = {
	{ .name = "h-shrink-unaligned", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk,
	  .about = "an unaligned break goes down into the page below",
	  .arg = B(.pic = PIC, .cur_off = 0x300, .arg = -P - 0x80) },
	{ .name = "h-same-page-up", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk,
	  .about = "a move up inside the last page",
	  .arg = B(.pic = PIC, .cur_off = 0x800, .arg = -0x10) },
	{ .name = "h-stack-guard-exact", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk,
	  .about = "growing to one page below a stack's guard gap: allowed",
	  .arg = B(.pic = "A.HH......##", .unit = 64 * PAGE_SIZE,
	      .arg = 64 * P) },
	{ .name = "h-compat-below-end-data", .points = 1,
	  .vis = GRADE_HIDDEN, .run = grade_run_brk,
	  .about = "CONFIG_COMPAT_BRK: below end_data is still refused",
	  .arg = B(.pic = PIC, .from_start = 1, .arg = -3 * P,
	      .compat_brk = 1) },
	{ .name = "h-mlock-limit", .points = 2, .vis = GRADE_HIDDEN,
	  .run = grade_run_brk,
	  .about = "mlockall and RLIMIT_MEMLOCK: do_brk refuses",
	  .arg = B(.pic = "AAA.HHH..........................BB",
	      .arg = 20 * P, .locked = 1) },
	{ .name = "h-scenario", .points = 3, .vis = GRADE_HIDDEN,
	  .run = grade_run_scenario,
	  .about = "malloc-like growth and trimming",
	  .arg = &(const struct grade_scenario){ .text =
	      "% layout legacy\n"
	      "% start_data 0x600000\n"
	      "% end_data 0x601000\n"
	      "% start_brk 0x602000\n"
	      "% brk 0x602000\n"
	      "400000-401000 r-xp 00000000 08:01 1 /usr/bin/y\n"
	      "600000-601000 rw-p 00000000 08:01 1 /usr/bin/y\n"
	      "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
	      "brk(NULL)\n"
	      "brk(0x623000)\n"
	      "brk(0x644000)\n"
	      "brk(0x633000)\n"
	      "brk(0x601800)\n"
	      "brk(0x602000)\n"
	      "brk(0x603010)\n" } },
	{ .name = NULL }
};
