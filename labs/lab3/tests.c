/*
 * tests.c - lab 3's visible tests: unmapped_area, bottom-up.
 *
 * Each test is a row of the table: a name, its points, one line about it,
 * and the case. Search cases are pictures, one character per page from
 * 0x10000000 (one per 64 pages where a stack's guard gap is involved):
 *
 *     "AAA..BB....CC"     A = [0x10000000, 0x10003000), a free gap of two
 *                         pages, B, a gap of four, C; '#' is a stack,
 *                         lower case is read-only, '.' and ' ' are free
 *
 * and the request: len (in columns), low and high (columns; a negative
 * high reaches that many columns past the picture's end), and any
 * alignment. The grader runs the engine's unmapped_area (the reference)
 * and yours on copies of the same tree and compares the results and
 * every decision. Your grade is the sum of the points of the tests you
 * pass; hidden tests, like these, add more cases of the same kinds.
 */
#include "grader/grade.h"

#define S(...)	(&(const struct grade_search){ __VA_ARGS__ })
#define P	PAGE_SIZE

extern const struct grade_test lab3_hidden[] __attribute__((weak));

static const struct grade_test lab3_tests[] = {
	{ .name = "length-overflow", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("length + align_mask wraps around: -ENOMEM"),
	  .arg = S(.pic = "AA..BB", .len = 1, .low = 0, .high = 6,
	      .align_mask = ~0UL & PAGE_MASK,
	      .what = N_("The length plus the alignment slack does not fit in "
	      "an unsigned long.")) },
	{ .name = "high-below-length", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("high_limit is below the length: -ENOMEM"),
	  .arg = S(.pic = "AA..BB", .len = 4, .low = 0, .high_addr = P,
	      .what = N_("high_limit (one page) is smaller than the request.")) },
	{ .name = "low-above-high", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("no room between low_limit and high_limit: -ENOMEM"),
	  .arg = S(.pic = "AA......BB", .len = 4, .low = 6, .high = 8) },
	{ .name = "empty-tree", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("no VMA at all: the answer is low_limit"),
	  .arg = S(.pic = "........", .len = 2, .low = 1, .high = 8) },
	{ .name = "lowest-gap", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("the first gap, below every VMA, fits"),
	  .arg = S(.pic = "..AA...BB....CC", .len = 2, .low = 0,
	      .high = 15) },
	{ .name = "skip-small-gaps", .points = 2, .run = grade_run_search,
	  .about = N_("gaps too small for the request are passed over"),
	  .arg = S(.pic = "A.B..C...D....E", .len = 3, .low = 0,
	      .high = 15) },
	{ .name = "exact-fit", .points = 2, .run = grade_run_search,
	  .about = N_("a gap exactly as long as the request fits"),
	  .arg = S(.pic = "AAA..BB....CC", .len = 2, .low = 0, .high = 13,
	      .what = N_("The gap between A and B is exactly two pages long.")) },
	{ .name = "above-last-vma", .points = 2, .run = grade_run_search,
	  .about = N_("only the space above the last VMA fits"),
	  .arg = S(.pic = "AA.BB.CC", .len = 3, .low = 0, .high = -8) },
	{ .name = "no-fit", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("nothing fits below high_limit: -ENOMEM"),
	  .arg = S(.pic = "AA.BB.CC", .len = 3, .low = 0, .high = 8) },
	{ .name = "low-limit-in-gap", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("a gap that begins below low_limit is clipped to it"),
	  .arg = S(.pic = "AA......BB", .len = 2, .low = 4, .high = 10) },
	{ .name = "low-limit-skips", .points = 2, .run = grade_run_search,
	  .about = N_("gaps that end too close above low_limit are passed over"),
	  .arg = S(.pic = "A..B..C....D", .len = 2, .low = 5, .high = 12) },
	{ .name = "high-limit", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("the space above the last VMA is past high_limit"),
	  .arg = S(.pic = "AA..BB....", .len = 3, .low = 0, .high = 7) },
	{ .name = "alignment", .points = 2, .run = grade_run_search,
	  .about = N_("align_mask and align_offset move the answer up"),
	  .arg = S(.pic = "A.....B....", .len = 1, .low = 0, .high = 11,
	      .align_mask = 3 * P, .align_offset = P) },
	{ .name = "stack-guard-gap", .points = 2, .run = grade_run_search,
	  .about = N_("a stack's guard gap is not free space (vm_start_gap)"),
	  .arg = S(.pic = "AA.......##", .unit = 64 * P, .len = 4, .low = 0,
	      .high = -6,
	      .what = N_("One column is 64 pages here, so the stack's guard gap "
	      "(256 pages) is four columns.")) },
	{ .name = "deep-tree", .points = 3, .run = grade_run_search,
	  .about = N_("one fitting gap in a tree of 40 VMAs"),
	  .arg = S(.pic = "A.B.C.D.E.F.G.I.J.K.L.M.N.O.P.Q.R.S.T.U...V.W.X.Y."
	      "Z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.", .len = 3, .low = 0,
	      .high = 82) },
	{ .name = "climb-back-up", .points = 2, .run = grade_run_search,
	  .about = N_("a subtree that promised a gap below low_limit: back up"),
	  .arg = S(.pic = "......A.B.C.D.E.F.G.I.J.K.L.M..N", .len = 2,
	      .low = 14, .high = 32) },
	{ .name = "random", .points = 4, .run = grade_run_search_random,
	  .about = N_("300 random trees and requests against the reference"),
	  .arg = &(const struct grade_random){ .seed = 3, .rounds = 300,
	      .maxcols = 40 } },
	{ .name = "random-stacks", .points = 3,
	  .run = grade_run_search_random,
	  .about = N_("200 random trees with stacks"),
	  .arg = &(const struct grade_random){ .seed = 33, .rounds = 200,
	      .maxcols = 40, .stacks = 1 } },
	{ .name = "through-mmap", .points = 2, .run = grade_run_scenario,
	  .about = N_("mmap calls replayed through the engine with your search"),
	  .arg = &(const struct grade_scenario){ .text =
	      "% layout legacy\n"
	      "% start_brk 0x555555556000\n"
	      "% brk 0x555555556000\n"
	      "2aaaaaaab000-2aaaaaaad000 r-xp 00000000 08:01 2 /usr/lib/a.so\n"
	      "2aaaaaaaf000-2aaaaaab0000 rw-p 00002000 08:01 2 /usr/lib/a.so\n"
	      "2aaaaaab3000-2aaaaaab4000 r--p 00000000 08:01 3 /usr/lib/b.so\n"
	      "555555554000-555555556000 r-xp 00000000 08:01 1 /usr/bin/x\n"
	      "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
	      "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "munmap(0x2aaaaaaab000, 4096)\n"
	      "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(0x2aaaaaaaf000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n",
	      .what = N_("A legacy (bottom-up) process maps, unmaps and maps "
	      "again.") } },
	{ .name = "efficiency-1000", .points = 2,
	  .run = grade_run_search_efficiency, .cpu_seconds = 5,
	  .about = N_("a tree of 1000 VMAs: read O(log n) of them"),
	  .arg = &(const struct grade_efficiency){ .n = 1000 } },
	{ .name = "efficiency-65530", .points = 4,
	  .run = grade_run_search_efficiency, .cpu_seconds = 10,
	  .about = N_("a tree of 65,530 VMAs (max_map_count): O(log n) reads"),
	  .arg = &(const struct grade_efficiency){ .n = 65530 } },
	{ .name = NULL }
};

static const struct grade_lab lab3 = {
	.name = "lab3",
	.title = N_("unmapped_area, bottom-up, with the augmented tree"),
	.files = "unmapped_area.c",
	.tests = lab3_tests,
	.hidden = lab3_hidden,
	.student = { .unmapped_area = lab_unmapped_area },
};

int
main(int argc, char **argv)
{
	return grade_main(&lab3, argc, argv);
}
