/*
 * quiz.h - lab 1: seeded questions about an address space, in the style
 * of the OSTEP homework simulators.
 *
 * A seed gives a scenario: a start state (a small program, its heap, a
 * few libraries with holes between them, the stack) and a handful of
 * calls. For each brk and mmap the student says what it returns and which
 * decision of the kernel's path decided it. The scenario is a valid
 * scenario file, so `vmalab run` replays it (as OSTEP's -c computes the
 * answers: the quiz is practice, not an exam).
 *
 * The decision that decided a call (quiz_reason) is:
 *   brk:  the last decision sys_brk took before returning (not counting
 *         sys_brk.populate and sys_brk.compat_brk, which never decide the
 *         result);
 *   mmap: the last decision of the last search that ran (unmapped_area or
 *         unmapped_area_topdown; not counting clip_low and clip_high, which
 *         only trim an answer already found); with no search, the last
 *         decision of arch_get_unmapped_area[_topdown] (a hint, MAP_FIXED);
 *         with neither, the last decision taken on the way.
 *
 * Libc only. Messages come back in the caller's buffer.
 */
#ifndef VMALAB_QUIZ_H
#define VMALAB_QUIZ_H

#include <stdint.h>
#include <stdio.h>

#include "grade.h"
#include "trace/trace.h"

#define QUIZ_MAXQ	16
#define QUIZ_ERRLEN	512

struct quiz_q {
	int		 op;		/* index of the call in the scenario */
	char		*call;		/* the call, as written */
	unsigned long	 answer;	/* what it returns */
	const struct decision *reason;
	int		 outcome;	/* of the reason */
	char		*excerpt;	/* the call's decisions, the reason
					   marked: why the answer is what it is */
};

struct quiz {
	uint64_t	 seed;
	int		 layout;	/* enum mm_layout */
	char		*text;		/* the scenario, without results */
	char		*key;		/* the same, with results and reasons */
	struct quiz_q	 q[QUIZ_MAXQ];
	int		 nq;
};

/*
 * Makes the quiz of `seed`; layout < 0: the seed picks it. Returns 0, or
 * -1 with a message in err (out of memory, or an engine error, which
 * would be a bug).
 */
int	quiz_make(struct quiz *, uint64_t seed, int layout, char *err,
	    size_t errlen);
void	quiz_free(struct quiz *);

/* The decision that decided a call, from its recording (see above). */
const struct trace_event *quiz_reason(const struct trace_rec *,
	    int is_brk);

/*
 * A student's answers file: "seed N", then "Qn VALUE DECISION" lines. A
 * '?' for the value or the decision (as --template leaves them) is a
 * blank: that part scores nothing, and the rest of the file is marked.
 */
struct quiz_answer {
	int		 given;		/* a line for this question */
	int		 line;
	int		 has_value;	/* not '?' */
	int		 has_decision;	/* not '?' */
	unsigned long	 value;
	char		 decision[96];
};

struct quiz_answers {
	int		 has_seed;
	uint64_t	 seed;
	int		 has_layout;
	int		 layout;
	struct quiz_answer a[QUIZ_MAXQ];
};

/*
 * Parses an answers file; `name` is used in messages. Returns 0, or -1
 * with "name:line: message" in err.
 */
int	quiz_parse_answers(FILE *, const char *name, struct quiz_answers *,
	    char *err, size_t errlen);

/*
 * Scores answers against the quiz: one test per question, worth 2 points
 * (the value, the decision). `reveal` puts the right answers in the
 * feedback. Returns 0, or -1 out of memory.
 */
int	quiz_grade(const struct quiz *, const struct quiz_answers *,
	    int reveal, struct grade_report *);

/* Parses "0x1234", "1234", "-ENOMEM", "-12". Returns 0 or -1. */
int	quiz_parse_value(const char *s, unsigned long *out);

#endif
