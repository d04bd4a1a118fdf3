/*
 * tests.c - lab 2's visible tests: vma_compute_subtree_gap and the three
 * callbacks that keep rb_subtree_gap right while the tree changes.
 *
 * The gap tests are pictures, one character per page from 0x10000000
 * (one per 64 pages where a stack's guard gap is involved):
 *
 *     "A.B..C"            three VMAs with gaps of one and two pages; '#'
 *                         is a stack (a guard gap below it), '.' is free
 *
 * The grader builds the tree with the engine, then asks your
 * vma_compute_subtree_gap for every node (or the one at .only_col - 1)
 * and compares with the engine's. The callback tests insert and erase
 * VMAs through your propagate, copy and rotate (the engine's red-black
 * tree calls them as it rebalances) and check every node's
 * rb_subtree_gap after each operation. Hidden tests add more of the same.
 */
#include "grader/grade.h"

#define G(...)	(&(const struct grade_gap){ __VA_ARGS__ })
#define OPS(...) (&(const struct grade_gap_ops){ __VA_ARGS__ })

extern const struct grade_test lab2_hidden[] __attribute__((weak));

static const struct grade_test lab2_tests[] = {
	{ .name = "gap-adjacent", .points = 1, .gate = 1, .run = grade_run_gap,
	  .about = N_("a VMA right after its vm_prev, no children: gap 0"),
	  .arg = G(.pic = "AAAABB", .only_col = 5) },
	{ .name = "gap-first", .points = 1, .run = grade_run_gap,
	  .about = N_("the first VMA: its gap reaches down to address 0"),
	  .arg = G(.pic = "..AA", .only_col = 3) },
	{ .name = "gap-prev", .points = 2, .run = grade_run_gap,
	  .about = N_("the gap between a VMA and its vm_prev"),
	  .arg = G(.pic = "AA...BB", .only_col = 6) },
	{ .name = "gap-children", .points = 2, .run = grade_run_gap,
	  .about = N_("every node of a tree: its own gap and its children's"),
	  .arg = G(.pic = "A.B..C...D....E.....F..G.IIJ") },
	{ .name = "gap-stack", .points = 2, .gate = 1, .run = grade_run_gap,
	  .about = N_("a stack's guard gap reaching below vm_prev's end: 0"),
	  .arg = G(.pic = "AA.##", .unit = 64 * PAGE_SIZE, .only_col = 4,
	      .what = N_("One column is 64 pages; the guard gap (256 pages) is "
	      "four columns, more than the free space below the stack.")) },
	{ .name = "gap-uses-children", .points = 2, .run = grade_run_gap,
	  .about = N_("the children's stored values are used as they are"),
	  .arg = G(.pic = "A.B..C...D....E.....F..G.IIJ", .poison = 1) },
	{ .name = "insert-ascending", .points = 2, .run = grade_run_gap_ops,
	  .about = N_("64 VMAs inserted in address order"),
	  .arg = OPS(.seed = 1, .n = 64, .order = 0) },
	{ .name = "insert-descending", .points = 2, .run = grade_run_gap_ops,
	  .about = N_("64 VMAs inserted from the top down"),
	  .arg = OPS(.seed = 2, .n = 64, .order = 1) },
	{ .name = "insert-random", .points = 2, .run = grade_run_gap_ops,
	  .about = N_("200 VMAs inserted in random order"),
	  .arg = OPS(.seed = 3, .n = 200, .order = 2) },
	{ .name = "erase-random", .points = 3, .run = grade_run_gap_ops,
	  .about = N_("200 VMAs inserted, then 150 erased at random"),
	  .arg = OPS(.seed = 4, .n = 200, .order = 2, .erase = 150) },
	{ .name = "stacks", .points = 2, .run = grade_run_gap_ops,
	  .about = N_("inserts and erases with stacks among the VMAs"),
	  .arg = OPS(.seed = 5, .n = 120, .order = 2, .erase = 60,
	      .stacks = 1, .own_compute = 1) },
	{ .name = "your-compute", .points = 2, .run = grade_run_gap_ops,
	  .about = N_("your callbacks with your vma_compute_subtree_gap"),
	  .arg = OPS(.seed = 6, .n = 200, .order = 2, .erase = 100,
	      .own_compute = 1) },
	{ .name = "in-the-engine", .points = 3, .run = grade_run_scenario,
	  .about = N_("mmap, munmap and brk through the engine, with your gap"),
	  .arg = &(const struct grade_scenario){ .text =
	      "% layout topdown\n"
	      "% start_brk 0x555555556000\n"
	      "% brk 0x555555556000\n"
	      "555555554000-555555556000 r-xp 00000000 08:01 1 /usr/bin/x\n"
	      "7ffff7ff0000-7ffff7ff3000 r-xp 00000000 08:01 2 /usr/lib/a.so\n"
	      "7ffff7ff5000-7ffff7ff6000 rw-p 00003000 08:01 2 /usr/lib/a.so\n"
	      "7ffff7ffa000-7ffff7fff000 r-xp 00000000 08:01 3 /usr/lib/ld.so\n"
	      "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
	      "brk(0x55555555a000)\n"
	      "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "munmap(0x7ffff7ff1000, 4096)\n"
	      "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "munmap(0x7ffff7ffa000, 8192)\n"
	      "mmap(NULL, 12288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n"
	      "brk(0x555555558000)\n"
	      "mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)\n",
	      .what = N_("The engine used your vma_compute_subtree_gap for "
	      "every gap update.") } },
	{ .name = NULL }
};

static const struct grade_lab lab2 = {
	.name = "lab2",
	.title = N_("the augmented gap: rb_subtree_gap and its callbacks"),
	.files = "gap.c",
	.tests = lab2_tests,
	.hidden = lab2_hidden,
	.student = { .compute_subtree_gap = lab_vma_compute_subtree_gap },
	.student_gap = {
		.propagate = lab_vma_gap_propagate,
		.copy = lab_vma_gap_copy,
		.rotate = lab_vma_gap_rotate,
	},
};

int
main(int argc, char **argv)
{
	return grade_main(&lab2, argc, argv);
}
