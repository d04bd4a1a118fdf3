/*
 * grade-build.h - vmalab grade's driver: one submission graded (lab 1's
 * answers scored; for labs 2-5 the student's files compiled with the
 * lab's tests into a grading program, which is run), or a folder of
 * submissions graded N at a time (grade-batch.c).
 *
 *   DIR/gap.c + labs/lab2/tests.c [+ hidden.c] + labs/common/stubs.c
 *       + libgrader.a + libvmalab.a  --$CC-->  TMP/grade-lab2  --run-->
 *   the report on stdout, --json/--tsv files
 *
 * Not installed, and not part of a lab's grading program: the command
 * (cmd-grade.c) uses it. What the command knows and this layer must not
 * include (where vmalab was built or installed, its compiler, how it
 * reports an error) comes in a struct grade_build_conf.
 */
#ifndef VMALAB_GRADE_BUILD_H
#define VMALAB_GRADE_BUILD_H

#include <stddef.h>

/* A lab, as the driver sees it. */
struct grade_build_lab {
	const char	*name;		/* "lab3" */
	const char	*title;
	const char	*files[4];	/* what the student hands in */
	int		 quiz;		/* lab 1: answers, nothing compiled */
};

/* The labs, ending with a NULL name. */
extern const struct grade_build_lab grade_build_labs[];

/* Where a lab's parts are, and how to report: the caller's knowledge. */
struct grade_build_conf {
	const char	*labs;		/* the labs tree, not resolved yet */
	const char	*inc;		/* the engine's headers */
	const char	*inc_labs;	/* the grader's (grader/grade.h) */
	const char	*lib;		/* libvmalab.a */
	const char	*grader;	/* libgrader.a */
	const char	*cc;		/* the compiler unless $CC names one */
	const char	*san_cflags;	/* the sanitizer flags, or "" */
	/* Says what went wrong, on stderr, as the program's message. */
	void		(*error)(const char *fmt, ...)
			    __attribute__((format(printf, 1, 2)));
};

/* What to grade and how (vmalab grade's options). */
struct grade_build_args {
	const struct grade_build_lab *lab;
	const char	*dir;		/* the submission */
	char		**tests;	/* TEST operands (shell patterns) */
	int		 ntests;
	const char	*json, *tsv, *labs, *batch, *csv, *reports;
	int		 visible, verbose, reveal, keep, jobs;
	const char	*cpu;		/* --cpu, passed on as given */
	const char	*deadline;	/* --deadline: the whole run, seconds */
	const char	*hidden_seed;	/* --hidden-seed N, or NULL */
	const char	*feedback;	/* --feedback full|names|score */
	int		 no_sandbox;	/* --no-sandbox: run it unsandboxed */
};

/* The lab called `name`, or NULL. */
const struct grade_build_lab *grade_build_find_lab(const char *name);

/*
 * Grades the submission in `dir` (lab 1: a directory holding
 * answers.txt, or the file itself) for a->lab: the report on stdout, the
 * --json and --tsv files. Returns the exit status: 0 at full marks, 1
 * below them (or a malformed answers file), 2 when grading could not
 * run (said through c->error).
 */
int	grade_build_one(const struct grade_build_conf *c,
	    const struct grade_build_args *a, const char *dir);

/*
 * snprintf for paths: returns 0, or -1 when the result did not fit (the
 * buffer then holds an empty string, never a cut path).
 */
int	grade_build_path(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Is p a directory (following links)? 0 when it is not or cannot be seen. */
int	grade_build_is_dir(const char *p);

/*
 * Grades every subdirectory of a->batch (one per student), a->jobs at a
 * time, each in a child process: a CSV row per submission on stdout or
 * into a->csv, each report into a->reports/NAME.txt when asked. Returns
 * 0, or 2 with a message through c->error when the folder could not be
 * read or a file not written (a submission that fails to grade is a row
 * with status "error", not a failure of the batch).
 */
int	grade_batch_run(const struct grade_build_conf *c,
	    const struct grade_build_args *a);

#endif
