/*
 * tests.c - lab 5's visible tests: sys_brk.
 *
 * Each test is a row of the table: a name, its points, one line about it,
 * and the case: a picture of the address space, one character per page
 * from 0x10000000 (one per 64 pages where a stack's guard gap is
 * involved), in which 'H' is the heap (start_brk at its start, the break
 * at its end), and the brk() argument, given relative to the end of the
 * heap (.arg, bytes) or to start_brk (.from_start). The data segment
 * ends two pages below start_brk. The grader calls the engine's sys_brk
 * (the reference) and yours on copies of the same address space and
 * compares the result, the VMAs, mm->brk, the counters and every
 * decision. Hidden tests add more cases of the same kinds.
 */
#include "grader/grade.h"

#define B(...)	(&(const struct grade_brk){ __VA_ARGS__ })
#define P	((long)PAGE_SIZE)

/* The heap of the usual picture starts at column 4. */
#define PIC	"AAA.HHH......BB"
#define START	((long)(GRADE_BASE + 4 * PAGE_SIZE))

extern const struct grade_test lab5_hidden[] __attribute__((weak));

static const struct grade_test lab5_tests[] = {
	{ .name = "brk-null", .points = 1, .gate = 1, .run = grade_run_brk,
	  .about = N_("brk(0) asks for the break: it returns it unchanged"),
	  .arg = B(.pic = PIC, .from_start = 1, .arg = -START,
	      .what = N_("brk(NULL), as malloc's first call makes it.")) },
	{ .name = "below-min-brk", .points = 2, .gate = 1, .run = grade_run_brk,
	  .about = N_("a break below start_brk is refused"),
	  .arg = B(.pic = PIC, .from_start = 1, .arg = -P) },
	{ .name = "rlimit-data", .points = 2, .gate = 1, .run = grade_run_brk,
	  .about = N_("heap + data beyond RLIMIT_DATA is refused"),
	  .arg = B(.pic = "aaa.HHH......bb", .arg = P,
	      .data_bytes = 3 * PAGE_SIZE, .rlimit_data = 5 * PAGE_SIZE,
	      .what = N_("Heap (four pages) plus data (three) would be seven "
	      "pages; RLIMIT_DATA allows five.")) },
	{ .name = "rlimit-data-ok", .points = 1, .run = grade_run_brk,
	  .about = N_("heap + data exactly at RLIMIT_DATA is allowed"),
	  .arg = B(.pic = "aaa.HHH......bb", .arg = P, .data_bytes = 0x1000,
	      .rlimit_data = 5 * PAGE_SIZE,
	      .what = N_("Read-only mappings (lower case) do not count against "
	      "RLIMIT_DATA.")) },
	{ .name = "same-page", .points = 2, .run = grade_run_brk,
	  .about = N_("a move down inside the last page changes only mm->brk"),
	  .arg = B(.pic = PIC, .cur_off = 0x100, .arg = -0x800) },
	{ .name = "grow", .points = 2, .run = grade_run_brk,
	  .about = N_("the heap grows by two pages (do_brk extends it)"),
	  .arg = B(.pic = PIC, .arg = 2 * P) },
	{ .name = "grow-unaligned", .points = 2, .run = grade_run_brk,
	  .about = N_("an unaligned break: mm->brk keeps the exact value"),
	  .arg = B(.pic = PIC, .cur_off = 0x234, .arg = 0x1010) },
	{ .name = "first-brk", .points = 2, .run = grade_run_brk,
	  .about = N_("no heap yet: the first growth makes a new VMA"),
	  .arg = B(.pic = "AAA.........BB", .brk_col = 4, .arg = 2 * P) },
	{ .name = "grow-at-top", .points = 1, .run = grade_run_brk,
	  .about = N_("nothing above the heap: find_vma finds no next VMA"),
	  .arg = B(.pic = "AAA.HHH", .arg = 3 * P) },
	{ .name = "shrink", .points = 2, .run = grade_run_brk,
	  .about = N_("the heap shrinks by two pages (do_munmap)"),
	  .arg = B(.pic = PIC, .arg = -2 * P) },
	{ .name = "shrink-to-start", .points = 1, .run = grade_run_brk,
	  .about = N_("back to start_brk: the whole heap goes"),
	  .arg = B(.pic = PIC, .from_start = 1, .arg = 0) },
	{ .name = "guard-page", .points = 2, .gate = 1, .run = grade_run_brk,
	  .about = N_("one free page must stay between the heap and the next VMA"),
	  .arg = B(.pic = PIC, .arg = 6 * P,
	      .what = N_("The new break would leave no free page below B.")) },
	{ .name = "guard-page-exact", .points = 2, .run = grade_run_brk,
	  .about = N_("growing to one page below the next VMA is allowed"),
	  .arg = B(.pic = PIC, .arg = 5 * P) },
	{ .name = "stack-guard-gap", .points = 2, .gate = 1, .run = grade_run_brk,
	  .about = N_("the next VMA is a stack: its guard gap counts"),
	  .arg = B(.pic = "A.HH.....##", .unit = 64 * PAGE_SIZE,
	      .arg = 64 * P,
	      .what = N_("One column is 64 pages; the stack's guard gap (256 "
	      "pages) is four columns.")) },
	{ .name = "do-brk-fails", .points = 2, .gate = 1, .run = grade_run_brk,
	  .about = N_("do_brk refuses (RLIMIT_AS): the old break comes back"),
	  .arg = B(.pic = PIC, .arg = 2 * P,
	      .rlimit_as = 6 * PAGE_SIZE) },
	{ .name = "mlockall-populate", .points = 2, .run = grade_run_brk,
	  .about = N_("with mlockall(MCL_FUTURE) the new pages are populated"),
	  .arg = B(.pic = PIC, .arg = 2 * P, .locked = 1) },
	{ .name = "compat-brk", .points = 2, .run = grade_run_brk,
	  .about = N_("CONFIG_COMPAT_BRK: the break may go down to end_data"),
	  .arg = B(.pic = PIC, .from_start = 1, .arg = -P,
	      .compat_brk = 1) },
	{ .name = "grow-then-shrink", .points = 2, .run = grade_run_brk,
	  .about = N_("two calls: up three pages, then down two"),
	  .arg = B(.pic = PIC, .arg = 3 * P, .then_brk = 1,
	      .arg2 = -2 * P) },
	{ .name = "through-scenario", .points = 3, .run = grade_run_scenario,
	  .about = N_("a program's brk calls replayed through the engine"),
	  .arg = &(const struct grade_scenario){ .text =
	      "% layout topdown\n"
	      "% start_data 0x555555557000\n"
	      "% end_data 0x555555558010\n"
	      "% start_brk 0x555555559000\n"
	      "% brk 0x555555559000\n"
	      "555555554000-555555557000 r-xp 00000000 08:01 1 /usr/bin/x\n"
	      "555555557000-555555559000 rw-p 00003000 08:01 1 /usr/bin/x\n"
	      "555555561000-555555562000 r--p 00000000 08:01 2 /usr/share/t\n"
	      "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n"
	      "brk(NULL)\n"
	      "brk(0x55555557a000)\n"
	      "brk(0x55555557a800)\n"
	      "brk(0x55555555c123)\n"
	      "brk(0x555555560000)\n"
	      "brk(0x55555555f000)\n"
	      "setrlimit(RLIMIT_DATA, {rlim_cur=16384, rlim_max=RLIM64_INFINITY})\n"
	      "brk(0x555555560000)\n"
	      "brk(0x555555558000)\n",
	      .what = N_("A program moves its break up and down; a file is "
	      "mapped a little above the heap.") } },
	{ .name = NULL }
};

static const struct grade_lab lab5 = {
	.name = "lab5",
	.title = N_("sys_brk: moving the program break"),
	.files = "sys_brk.c",
	.tests = lab5_tests,
	.hidden = lab5_hidden,
	.student = { .sys_brk = lab_sys_brk },
};

int
main(int argc, char **argv)
{
	return grade_main(&lab5, argc, argv);
}
