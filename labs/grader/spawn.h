/*
 * spawn.h - a child process, start to end: start it running a function
 * or a program, read what it writes through pipes until a wall-clock
 * deadline, then reap it and say how it ended.
 *
 *          parent (spawn_wait)                   child
 *   out  <---- its stdout and stderr ---------- printf, the compiler's words
 *   res  <---- a pipe of its own -------------- fn(arg, resfd), or fd 3
 *                                               of a program
 *
 * One struct spawn is one child. The caller fills in what the child runs
 * and which pipes it wants (a sink per pipe); spawn_start forks, and
 * spawn_wait reads, kills when it must, and reaps. spawn_run is both.
 * Children started without pipes can be reaped in any order with
 * spawn_wait_any (a scheduler of N at a time).
 *
 * A child never outlives the process that started it: it is killed when
 * its parent ends (Linux's PR_SET_PDEATHSIG, kept across exec), so a
 * grading killed by SIGTERM or SIGKILL leaves nothing running.
 *
 * Libc only (POSIX fork, pipe, poll, waitpid; Linux's prctl).
 */
#ifndef VMALAB_SPAWN_H
#define VMALAB_SPAWN_H

#include <signal.h>
#include <stddef.h>
#include <sys/types.h>

/* Bytes a sink is handed at a time, at the most. */
#define SPAWN_CHUNK	8192

/* The descriptor a program (not a function) finds its result pipe on. */
#define SPAWN_RES_FD	3

/*
 * One of the child's pipes, seen from the parent. With `sink` NULL the
 * pipe is not made (the child keeps the parent's stdout and stderr, or
 * has no result pipe). The sink receives the bytes as they arrive;
 * returning -1 stops the reading, and the child is then killed.
 */
struct spawn_pipe {
	int		(*sink)(void *arg, const char *p, size_t n);
	void		 *arg;
	int		  drain;	/* after the reaping, read what is left */
	int		  fd;		/* spawn's: the read end, or -1 */
};

/* How a child ended; `code` in struct spawn adds the number. */
enum spawn_how {
	SPAWN_EXITED,		/* it exited: code is its exit status */
	SPAWN_SIGNALED,		/* a signal ended it: code is the signal */
	SPAWN_TIMEOUT,		/* the deadline passed and it was killed */
	SPAWN_STOPPED,		/* a sink stopped the reading; it was killed */
};

struct spawn {
	/*
	 * What the child runs: fn(arg, resfd), whose return value is its
	 * exit status (resfd is the result pipe's write end, or -1); or,
	 * with fn NULL, the program argv[0] found as execvp finds it, with
	 * the result pipe on SPAWN_RES_FD. A program that cannot be run
	 * says "cannot run PROG: why" on its stderr and exits 127.
	 */
	int		(*fn)(void *arg, int resfd);
	void		 *arg;
	char *const	 *argv;

	struct spawn_pipe out;		/* stdout and stderr, one pipe */
	struct spawn_pipe res;		/* results, apart from its output */
	double		 timeout;	/* seconds to read pipes; 0: no end */
	int		 group;		/* a process group of its own */
	int		 null_stdin;	/* stdin from /dev/null */

	/* Filled in by spawn_start and spawn_wait. */
	pid_t		 pid;
	int		 status;	/* as waitpid gives it; -1 before */
	enum spawn_how	 how;
	int		 code;		/* exit status or signal number */
	int		 running;	/* started and not reaped yet */
	double		 deadline;	/* CLOCK_MONOTONIC seconds, or 0 */
};

/*
 * Starts the child (stdio is flushed first, so nothing buffered is
 * written twice). Returns 0; or -1 with errno set when a pipe or the
 * fork failed: then no child exists and no descriptor is left open.
 */
int	spawn_start(struct spawn *);

/*
 * Reads the child's pipes into their sinks until every pipe is closed,
 * the deadline passes or a sink returns -1; kills the child when it
 * stopped early, then reaps it and fills in status, how and code. With
 * `group`, the child's process group is killed at the end too: nothing
 * it started outlives spawn_wait (and with a pipe, the child itself is
 * killed once its pipes close, as a test that hid its output would be).
 * The deadline bounds the reading: a child without pipes is waited for
 * as long as it runs. Returns 0; -1 when the child could not be reaped
 * (status and code -1), or was not running (nothing is done then).
 */
int	spawn_wait(struct spawn *);

/* spawn_start, then spawn_wait. Returns -1 when either failed. */
int	spawn_run(struct spawn *);

/*
 * For children started without pipes or deadline (a pipe's sink is
 * only handed what `drain` finds after the end): waits until one of the
 * running ones among v[0..n) ends, reaps it and fills it in. A child of
 * ours that is not in v is reaped and passed over. Returns the one that
 * ended; NULL when none of them is running (or waitpid failed), and
 * NULL with errno EINTR when a signal came while *stop was set (stop may
 * be NULL: then a signal never ends the wait).
 */
struct spawn	*spawn_wait_any(struct spawn *const *v, size_t n,
		    const volatile sig_atomic_t *stop);

#endif
