/*
 * tests.c - lab 4's visible tests: unmapped_area_topdown.
 *
 * Each test is a row of the table: a name, its points, one line about it,
 * and the case. Search cases are pictures, one character per page from
 * 0x10000000 (one per 64 pages where a stack's guard gap is involved):
 *
 *     "AA....BB..CC"      A = [0x10000000, 0x10002000), a free gap of four
 *                         pages, B, a gap of two, C; '#' is a stack,
 *                         lower case is read-only, '.' and ' ' are free
 *
 * and the request: len (in columns), low and high (columns; a negative
 * high reaches that many columns past the picture's end), and any
 * alignment. The grader runs the engine's unmapped_area_topdown (the
 * reference) and yours on copies of the same tree and compares the
 * results and every decision. Hidden tests add more cases of the same
 * kinds.
 */
#include "grader/grade.h"

#define S(...)	(&(const struct grade_search){ .topdown = 1, __VA_ARGS__ })
#define P	PAGE_SIZE

extern const struct grade_test lab4_hidden[] __attribute__((weak));

static const struct grade_test lab4_tests[] = {
	{ .name = "length-overflow", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("length + align_mask wraps around: -ENOMEM"),
	  .arg = S(.pic = "AA..BB", .len = 1, .low = 0, .high = 6,
	      .align_mask = ~0UL & PAGE_MASK) },
	{ .name = "high-below-length", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("high_limit is below the length: -ENOMEM"),
	  .arg = S(.pic = "AA..BB", .len = 4, .low = 0, .high_addr = P) },
	{ .name = "low-above-high", .points = 1, .gate = 1, .run = grade_run_search,
	  .about = N_("no room between low_limit and high_limit: -ENOMEM"),
	  .arg = S(.pic = "AA......BB", .len = 4, .low = 6, .high = 8) },
	{ .name = "empty-tree", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("no VMA at all: the answer ends at high_limit"),
	  .arg = S(.pic = "........", .len = 2, .low = 1, .high = 8) },
	{ .name = "above-last-vma", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("the space above the last VMA is the highest fit"),
	  .arg = S(.pic = "AA..BB", .len = 2, .low = 0, .high = -4) },
	{ .name = "highest-gap", .points = 2, .run = grade_run_search,
	  .about = N_("the highest gap of the tree that fits"),
	  .arg = S(.pic = "AA...BB..CC", .len = 2, .low = 0, .high = 11) },
	{ .name = "exact-fit", .points = 2, .run = grade_run_search,
	  .about = N_("a gap exactly as long as the request fits"),
	  .arg = S(.pic = "AA....BB..CC", .len = 2, .low = 0, .high = 12,
	      .what = N_("The gap between B and C is exactly two pages long.")) },
	{ .name = "skip-small-gaps", .points = 2, .run = grade_run_search,
	  .about = N_("gaps too small for the request are passed over"),
	  .arg = S(.pic = "A....B...C..D.E", .len = 3, .low = 0, .high = 15) },
	{ .name = "high-limit-clip", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("a gap that ends above high_limit is clipped to it"),
	  .arg = S(.pic = "AA.......BB", .len = 2, .low = 0, .high = 6) },
	{ .name = "low-limit", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("the only gap lies below low_limit: -ENOMEM"),
	  .arg = S(.pic = "AA..BBBB", .len = 2, .low = 3, .high = 8) },
	{ .name = "low-limit-fits", .points = 2, .run = grade_run_search,
	  .about = N_("a gap that begins below low_limit but ends above it"),
	  .arg = S(.pic = "AA....BB", .len = 2, .low = 3, .high = 8) },
	{ .name = "no-fit", .points = 2, .gate = 1, .run = grade_run_search,
	  .about = N_("nothing fits: -ENOMEM"),
	  .arg = S(.pic = "AA.BB.CC", .len = 3, .low = 0, .high = 8) },
	{ .name = "alignment", .points = 2, .run = grade_run_search,
	  .about = N_("align_mask and align_offset move the answer down"),
	  .arg = S(.pic = "A.........B", .len = 1, .low = 0, .high = 11,
	      .align_mask = 3 * P, .align_offset = P) },
	{ .name = "stack-guard-gap", .points = 2, .run = grade_run_search,
	  .about = N_("a stack's guard gap is not free space (vm_start_gap)"),
	  .arg = S(.pic = "AA.......##..", .unit = 64 * P, .len = 2, .low = 0,
	      .high = 9,
	      .what = N_("One column is 64 pages here, so the stack's guard gap "
	      "(256 pages) is four columns.")) },
	{ .name = "deep-tree", .points = 3, .run = grade_run_search,
	  .about = N_("one fitting gap in a tree of 40 VMAs"),
	  .arg = S(.pic = "A.B.C.D.E.F.G.I.J.K.L.M.N.O.P.Q.R.S.T.U...V.W.X.Y."
	      "Z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.", .len = 3, .low = 0,
	      .high = 82) },
	{ .name = "climb-back-up", .points = 2, .run = grade_run_search,
	  .about = N_("a subtree that promised a gap above high_limit: back up"),
	  .arg = S(.pic = "A..B.C.D.E.F.G.I.J.K.L.M.N......", .len = 2,
	      .low = 0, .high = 18) },
	{ .name = "random", .points = 4, .run = grade_run_search_random,
	  .about = N_("300 random trees and requests against the reference"),
	  .arg = &(const struct grade_random){ .seed = 4, .rounds = 300,
	      .maxcols = 40, .topdown = 1 } },
	{ .name = "random-stacks", .points = 3,
	  .run = grade_run_search_random,
	  .about = N_("200 random trees with stacks"),
	  .arg = &(const struct grade_random){ .seed = 44, .rounds = 200,
	      .maxcols = 40, .stacks = 1, .topdown = 1 } },
	{ .name = "through-mmap", .points = 2, .run = grade_run_scenario,
	  .about = N_("mmap calls replayed through the engine with your search"),
	  .arg = &(const struct grade_scenario){ .text =
	      "% layout topdown\n"
	      "% start_brk 0x555555556000\n"
	      "% brk 0x555555556000\n"
	      "555555554000-555555556000 r-xp 00000000 08:01 1 /usr/bin/x\n"
	      "7ffff7ff0000-7ffff7ff3000 r-xp 00000000 08:01 2 /usr/lib/a.so\n"
	      "7ffff7ff5000-7ffff7ff6000 rw-p 00003000 08:01 2 /usr/lib/a.so\n"
	      "7ffff7ffa000-7ffff7fff000 r-xp 00000000 08:01 3 /usr/lib/ld.so\n"
	      "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
	      "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "munmap(0x7ffff7ffa000, 8192)\n"
	      "mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(0x7ffff7ff0000, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n",
	      .what = N_("A top-down process maps, unmaps and maps again.") } },
	{ .name = "efficiency-1000", .points = 2,
	  .run = grade_run_search_efficiency, .cpu_seconds = 5,
	  .about = N_("a tree of 1000 VMAs: read O(log n) of them"),
	  .arg = &(const struct grade_efficiency){ .n = 1000, .topdown = 1 } },
	{ .name = "efficiency-65530", .points = 4,
	  .run = grade_run_search_efficiency, .cpu_seconds = 10,
	  .about = N_("a tree of 65,530 VMAs (max_map_count): O(log n) reads"),
	  .arg = &(const struct grade_efficiency){ .n = 65530,
	      .topdown = 1 } },
	{ .name = NULL }
};

static const struct grade_lab lab4 = {
	.name = "lab4",
	.title = N_("unmapped_area_topdown, the highest fit"),
	.files = "unmapped_area_topdown.c",
	.tests = lab4_tests,
	.hidden = lab4_hidden,
	.student = { .unmapped_area_topdown = lab_unmapped_area_topdown },
};

int
main(int argc, char **argv)
{
	return grade_main(&lab4, argc, argv);
}
