/*
 * grade-int.h - what the grader's own files share (not installed).
 */
#ifndef VMALAB_GRADE_INT_H
#define VMALAB_GRADE_INT_H

#include "grade.h"

/* Feedback a child may send (more is cut with a note). */
#define GRADE_SAY_MAX	(24 * 1024)

struct grade_ctx {
	const struct grade_lab	*lab;
	const struct grade_test	*test;
	int			 fd;	/* the result pipe; -1: print to stdout */
	size_t			 said;	/* bytes of feedback so far */
	int			 cut;	/* feedback was cut */
};

/*
 * A hook for SIGSEGV and SIGBUS in a test child: the efficiency tests
 * count the pages of VMAs a search reads by leaving them inaccessible and
 * opening each one on its first fault. Returns 1 when the fault was the
 * hook's (the access is retried), 0 for a real crash.
 */
extern int	(*grade_fault_hook)(void *addr);

/*
 * Between these two, SIGSEGV and SIGBUS go to grade_fault_hook first;
 * a fault the hook does not claim goes to the handler that was there
 * before (the runner's crash report, or the default). Return 0 or -1.
 */
int	grade_fault_begin(void);
void	grade_fault_end(void);

/* Writes feedback in the child (also used by grade_say). */
void	grade_said(struct grade_ctx *, const char *s, size_t n);

/*
 * In a test's child (grade.c): its context, the wall-clock time by
 * which it must be done (CLOCK_MONOTONIC seconds), and the end of the
 * test as failed (the feedback said so first). Used by grade-proxy.c.
 */
struct grade_ctx *grade_child_ctx(void);
double	grade_child_deadline(void);
void	grade_child_fail(void) __attribute__((noreturn));
/* "a segmentation fault: ...", or NULL for a signal without words. */
const char *grade_signal_words(int sig);
/* The terminal columns of UTF-8 text (wcwidth: CJK takes two). */
int	grade_cols(const char *);
/*
 * "SIGSEGV: a segmentation fault: ..." for the crashing signals, else
 * "SIGTERM (Terminated)", into buf. Returns buf.
 */
const char *grade_signal_say(int sig, char *buf, size_t len);

/*
 * grade-proxy.c: how the student's test program is run. `program` is
 * its path; with `sandbox`, it runs under bubblewrap (`bwrap`), in a
 * tmpfs of `tmpfs_bytes`; `static_program` says it needs no shared
 * libraries (only the program is bound into the sandbox).
 */
struct grade_proxy_conf {
	const char	*program;
	const char	*bwrap;
	int		 sandbox;
	int		 static_program;
	unsigned long	 tmpfs_bytes;
	double		 cpu;		/* the current test's CPU seconds */
};
extern struct grade_proxy_conf grade_proxy;

/* The efficiency tests' arena: its VMAs travel with their slot. */
struct grade_proxy_arena {
	char		*mem;
	size_t		 size;
	unsigned	 per_page, slot;
};
extern struct grade_proxy_arena grade_proxy_arena;
/* Pages the last call read: its process's page faults, the kernel's count. */
extern unsigned long grade_proxy_faults;

/* The instructor's seed of the generated hidden tests (--hidden-seed). */
extern unsigned long grade_hidden_seed;
extern int grade_hidden_seeded;

/* What a hidden test's feedback shows (--feedback). */
enum { GRADE_FB_FULL, GRADE_FB_NAMES, GRADE_FB_SCORE };

/* Ends the test's program; says what it printed. */
void	grade_proxy_end(void);
void	grade_proxy_say_output(struct grade_ctx *);

#endif
