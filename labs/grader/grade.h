/*
 * grade.h - the lab grader: student-side instrumentation, tests with their
 * points, the isolated runner, the comparison with the reference, and the
 * reports (text for people, results.json for Gradescope).
 *
 * A lab's grader is one small program:
 *
 *   student's file(s)  +  labs/labN/tests.c [+ hidden.c]  +  libvmalab.a
 *
 * The student's functions are compiled with labs/include/vmalab-lab.h,
 * which gives them the engine's instrumentation macros (DECIDE, SET,
 * RETURN, ...) under the same names and decision ids, and renames the
 * kernel's function names to the lab_* names declared below. The
 * reference is the engine's own function, already in libvmalab.a. A test
 * runs both on copies of one address space (mm_clone), records both
 * traces, and reports the first decision where they part.
 *
 * Every test runs in a child process of its own (grade.c): a crash, a
 * loop, an exit(), a fork or a flood of output fails that test with a
 * reason and nothing else. Only the parent writes results.
 *
 * Libc only (POSIX and Linux system calls through libc).
 */
#ifndef VMALAB_GRADE_H
#define VMALAB_GRADE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel/mm.h"
#include "kernel/rbtree.h"
#include "trace/i18n.h"
#include "trace/trace.h"

/* ---- what a student writes ---------------------------------------------
 *
 * vmalab-lab.h renames the kernel's names to these, so a student writes
 * `unmapped_area` and the grader links `lab_unmapped_area` beside the
 * engine's own `unmapped_area` (the reference).
 */
unsigned long	lab_unmapped_area(struct mm *,
		    const struct vm_unmapped_area_info *);
unsigned long	lab_unmapped_area_topdown(struct mm *,
		    const struct vm_unmapped_area_info *);
unsigned long	lab_vma_compute_subtree_gap(const struct vma *);
void		lab_vma_gap_propagate(struct rb_node *, struct rb_node *);
void		lab_vma_gap_copy(struct rb_node *, struct rb_node *);
void		lab_vma_gap_rotate(struct rb_node *, struct rb_node *);
unsigned long	lab_sys_brk(struct mm *, unsigned long);

/* ---- student-side instrumentation (grade-lab.c) -------------------------
 *
 * The student's TRACE_FUNC declares one of these; the events it reports
 * look like the engine's (same kinds, same decision registry), with the
 * student's file and line in place of the engine's listing.
 */
struct lab_func {
	const char	*name;		/* "unmapped_area" */
	const char	*file;		/* __FILE__ of the student's code */
};

void		lab_instr_call(struct mm *, const struct lab_func *, int line,
		    int n, const struct trace_val *);
void		lab_instr_step(struct mm *, const struct lab_func *, int line);
int		lab_instr_decide(struct mm *, const struct lab_func *, int line,
		    const char *id, const char *cond, int outcome, int n,
		    const struct trace_val *);
void		lab_instr_value(struct mm *, const struct lab_func *, int line,
		    const char *var, unsigned long value);
void		lab_instr_return(struct mm *, const struct lab_func *, int line,
		    unsigned long value);
void		lab_instr_tree(struct mm *, enum trace_tree_op, int n,
		    const struct trace_val *);

/*
 * Is this decision registered by the student's code with an id the
 * registry does not know (a typo)? Such events carry a decision whose
 * explanation says so.
 */
int		lab_decision_unknown(const struct decision *);

/* The student line the instrumentation saw last (for crash reports). */
extern const char *volatile lab_last_file;
extern volatile int lab_last_line;

/* ---- tests --------------------------------------------------------------- */

/* Gradescope's visibilities (hidden tests are never in a handout). */
enum grade_vis {
	GRADE_VISIBLE,
	GRADE_HIDDEN,		/* "hidden": students never see it */
	GRADE_AFTER_PUBLISHED,	/* "after_published" */
};

struct grade_ctx;

struct grade_test {
	const char	*name;		/* [a-z0-9-]+, unique in the lab */
	int		 points;
	enum grade_vis	 vis;
	const char	*about;		/* one line: what it checks */
	/* Runs in the child. Returns 1 (pass) or 0 (fail, having said why). */
	int		(*run)(struct grade_ctx *, const void *arg);
	const void	*arg;
	int		 cpu_seconds;	/* 0: GRADE_CPU_DEFAULT */
	/*
	 * An error case, or an answer a function that never searches can
	 * hit (-ENOMEM, 0, low_limit, the old break): it counts only once
	 * one of the lab's other tests passes, so that a skeleton, or a
	 * function that returns a constant, scores 0.
	 */
	int		 gate;
};

#define GRADE_CPU_DEFAULT	2

struct grade_lab {
	const char	*name;		/* "lab3" */
	const char	*title;		/* "unmapped_area, bottom-up" */
	const char	*files;		/* what the student hands in */
	const struct grade_test *tests;	/* ends with .name == NULL */
	const struct grade_test *hidden; /* NULL in a handout */
	struct mm_hooks	 student;	/* the student's functions */
	struct rb_augment_callbacks student_gap; /* lab 2: the callbacks */
};

/* Feedback from a test body, printf-style; lines are kept in order. */
void	grade_say(struct grade_ctx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The lab being graded (its student hooks). */
const struct grade_lab *grade_lab_of(const struct grade_ctx *);

/*
 * grade_main: the whole grader program for one lab.
 *
 *   grade-labN [--json FILE] [--tsv FILE] [--visible] [--list] [--verbose]
 *              [--cpu SECONDS] [TEST...]
 *
 * TEST operands select tests by name (shell patterns). Prints a line per
 * test and "Score: x/y"; returns 0 at full marks, 1 otherwise, 2 on a
 * usage error.
 */
int	grade_main(const struct grade_lab *, int argc, char **argv);

/* ---- results and reports (grade.c) -------------------------------------- */

struct grade_result {
	char		*name;
	int		 score, max;
	int		 gate;		/* see struct grade_test */
	enum grade_vis	 vis;
	double		 secs;
	char		*output;	/* feedback, NUL-terminated, may be "" */
};

struct grade_report {
	const char	*lab, *title;
	char		*preamble;	/* e.g. compiler warnings, or NULL */
	struct grade_result *r;
	size_t		 n, cap;
};

/* Appends a result (strings are copied). Returns 0, or -1 out of memory. */
int	grade_report_add(struct grade_report *, const char *name, int score,
	    int max, enum grade_vis, double secs, const char *output);
void	grade_report_free(struct grade_report *);
void	grade_report_total(const struct grade_report *, int *score, int *max);
/* The text report: a line per test, feedback under failures, Score. */
void	grade_report_text(FILE *, const struct grade_report *, int verbose);
/*
 * Gradescope's results.json: score, execution_time, output, tests[] with
 * name, number, score, max_score, status, output, visibility. Outputs are
 * cut so that the file stays under 100 KiB. Returns 0, or -1 on a write
 * error.
 */
int	grade_report_json(FILE *, const struct grade_report *);
/* Tab-separated: "name\tscore\tmax\tstatus" per test. */
int	grade_report_tsv(FILE *, const struct grade_report *);
/* JSON string escaping, for the writers above and for callers. */
void	grade_json_string(FILE *, const char *s, size_t max);

/* ---- test helpers (grade-check.c) ----------------------------------------
 *
 * Pictures of address spaces, one character per `unit` bytes from `base`
 * (the legend of the kernel's tools/testing/vma, as in the unit tests):
 *   'A'..'Z'  a private read-write anonymous VMA; a run of one letter is
 *             one VMA, a change of letter starts another
 *   'a'..'z'  the same, read-only (so it never merges)
 *   'H'       the heap: start_brk is its start, brk its end
 *   '#'       a stack that grows down (VM_GROWSDOWN: a guard gap below it)
 *   ' ', '.'  free
 */
#define GRADE_BASE	0x10000000UL

struct mm	*grade_pic_mm(const char *pic, unsigned long base,
		    unsigned long unit, int layout, char *err, size_t errlen);

/*
 * Draws the address space of `mm` in the window [base, base + ncols*unit)
 * with a ruler, and under it one row per mark (a labelled range).
 */
struct grade_mark {
	const char	*label;
	unsigned long	 start, end;	/* end == start: one '^' at start */
	char		 c;
};
void	grade_draw(struct grade_ctx *, const struct mm *, unsigned long base,
	    unsigned long unit, int ncols, const struct grade_mark *marks,
	    int nmarks);

/* A search case for labs 3 and 4: the limits are picture columns. */
struct grade_search {
	const char	*pic;
	unsigned long	 unit;		/* 0: PAGE_SIZE */
	int		 len;		/* in units */
	int		 low, high;	/* columns; high < 0: -high columns
					   beyond the end of the picture */
	unsigned long	 align_mask, align_offset;	/* bytes */
	unsigned long	 low_addr, high_addr;	/* nonzero: these instead */
	int		 topdown;
	const char	*what;		/* one line for the feedback */
};
int	grade_run_search(struct grade_ctx *, const void *grade_search);

/* Random trees and queries against the reference. */
struct grade_random {
	unsigned	 seed;
	int		 rounds;
	int		 maxcols;
	int		 topdown;
	int		 stacks;	/* also trees with a '#' stack */
	int		 edges;		/* requests at a gap's exact edges */
	int		 hidden;	/* seeded by the instructor's seed */
};
int	grade_run_search_random(struct grade_ctx *, const void *grade_random);

/*
 * Hidden tests are generated: their cases come from the row's seed mixed
 * with the instructor's (vmalab grade --hidden-seed N, or the autograder
 * package's config), so the public source holds generators and no case.
 */
uint64_t grade_hidden_mix(unsigned seed);

/* Lab 2: vma_compute_subtree_gap on every node of random trees. */
struct grade_gap_random {
	unsigned	 seed;
	int		 rounds;
	int		 stacks;
	int		 hidden;
};
int	grade_run_gap_random(struct grade_ctx *, const void *grade_gap_random);

/* Lab 5: random brk calls, growing, shrinking, at the limits. */
struct grade_brk_random {
	unsigned	 seed;
	int		 rounds;
	int		 hidden;
};
int	grade_run_brk_random(struct grade_ctx *, const void *grade_brk_random);

/*
 * Efficiency: a tree of `n` VMAs; each query must return what the
 * reference returns and read no more VMAs than the bound.
 */
struct grade_efficiency {
	int		 n;
	int		 topdown;
	int		 hidden;	/* shuffled by the instructor's seed */
};
int	grade_run_search_efficiency(struct grade_ctx *,
	    const void *grade_efficiency);
/* The bound: 16 * ceil(log2(n + 1)) VMAs (the reference reads under half). */
int	grade_visit_bound(int n);

/*
 * A scenario replayed through the whole engine, once with the reference
 * and once with the lab's student hooks; every result and the final
 * address space must agree.
 */
struct grade_scenario {
	const char	*text;		/* a scenario file */
	const char	*what;
};
int	grade_run_scenario(struct grade_ctx *, const void *grade_scenario);

/* Lab 2: the gap of every node of a picture's tree, by the student's
 * vma_compute_subtree_gap, against the reference. */
struct grade_gap {
	const char	*pic;
	unsigned long	 unit;		/* 0: PAGE_SIZE */
	int		 only_col;	/* > 0: only the VMA at this column - 1 */
	int		 poison;	/* children's values set to sentinels */
	const char	*what;
};
int	grade_run_gap(struct grade_ctx *, const void *grade_gap);

/* Lab 2: inserts and erases through the student's callbacks. */
struct grade_gap_ops {
	unsigned	 seed;
	int		 n;		/* VMAs to insert */
	int		 order;		/* 0 ascending, 1 descending, 2 random */
	int		 erase;		/* then erase this many, at random */
	int		 stacks;	/* some VMAs grow down */
	int		 own_compute;	/* callbacks use the student's compute */
	int		 hidden;	/* seeded by the instructor's seed */
	const char	*what;
};
int	grade_run_gap_ops(struct grade_ctx *, const void *grade_gap_ops);

/* Lab 5: one brk call. */
struct grade_brk {
	const char	*pic;
	unsigned long	 unit;		/* 0: PAGE_SIZE */
	int		 brk_col;	/* no 'H': start_brk = brk at this column */
	long		 cur_off;	/* mm->brk = heap end - cur_off bytes */
	int		 from_start;	/* the argument is start_brk + arg */
	long		 arg;		/* else heap end (page) + arg */
	unsigned long	 rlimit_data;	/* 0: infinite */
	unsigned long	 rlimit_as;	/* 0: infinite */
	unsigned long	 data_bytes;	/* end_data - start_data */
	int		 compat_brk;
	int		 locked;	/* mlockall(MCL_FUTURE) */
	int		 then_brk;	/* > 0: a second call, with arg2 */
	long		 arg2;
	const char	*what;
};
int	grade_run_brk(struct grade_ctx *, const void *grade_brk);

/* ---- the first difference (grade-diff.c) --------------------------------- */

/*
 * Compares the decisions of `func` in two recordings, the reference's
 * and the student's, and says where they part, in plain words. Returns
 * 1 when every decision and return agreed, 0 otherwise (having said so).
 */
int	grade_diff_decisions(struct grade_ctx *, const char *func,
	    const struct trace_rec *ref, const struct trace_rec *stu);

/* A trace sink that records at most `max` events (then stops). */
struct grade_rec {
	struct trace_rec rec;
	size_t		 max;
	int		 truncated;
};
void	grade_rec_sink(struct trace *, struct grade_rec *, size_t max);

/* "0x10002000", "-ENOMEM", "0": a result as a student reads it. */
const char *grade_fmt_result(unsigned long v, char *buf, size_t len);

#endif
