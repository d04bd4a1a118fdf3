/*
 * bench.h - what vmalab bench measures, apart from the command that asks.
 *
 *   bench-work.c    the workload (drawn from a seed) and the engine's
 *                   runs of it: untraced, traced, call by call, counted;
 *                   the search alone, tree against list
 *   bench-live.c    the yardsticks outside the engine: the live kernel in
 *                   a child process, the stepper's seek (tests/bench-seek)
 *   bench-insn.c    instructions per call: perf_event_open, else callgrind
 *   bench-report.c  the table (translated, padded by terminal columns)
 *                   and the CSV (English: programs read it)
 *   bench-record.c  vmalab record's overhead; replaying a long recording
 *
 * cmd-bench.c parses the options and calls these in turn, size by size.
 * The figures of one size gather in a struct bench_row.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel/mm.h"

#define BENCH_MAXSIZES	8
#define BENCH_NQUERY	2000	/* searches timed per size */

/* ---- the workload (bench-work.c) ---------------------------------------- */

enum bench_op_kind { BENCH_OP_MMAP, BENCH_OP_MUNMAP, BENCH_OP_BRK };

/*
 * A call: all a player needs but the slot's address, so that playing it
 * reads no table of the workload's at random (only the slot's address).
 */
struct bench_op {
	uint8_t		 kind;
	int8_t		 pages;		/* brk: -4..4; else the slot's 1..4 */
	uint8_t		 writable;	/* mmap: PROT_WRITE too */
	uint32_t	 slot;		/* mmap: new slot; munmap: its slot */
};

#define BENCH_OP_LEN(op)	((unsigned long)(op)->pages * PAGE_SIZE)
#define BENCH_OP_PROT(op)	(PROT_READ | ((op)->writable ? PROT_WRITE : 0))

/*
 * Slots are mappings: 0..nfill-1 the fill, made before the clock starts,
 * then one per mmap of the workload. Each has its size and protection.
 */
struct bench_workload {
	struct bench_op	*ops;
	size_t		 nops;
	size_t		 nfill;
	size_t		 nslots;
	uint8_t		*pages;		/* [nslots]: 1..4 */
	uint8_t		*writable;	/* [nslots]: PROT_WRITE too */
};

/*
 * Counting sink: node visits of the top-down search (assignments of
 * `vma` inside unmapped_area_topdown), per search.
 */
struct bench_visits {
	unsigned long	 events;	/* all of them, every function's */
	unsigned long	 cur, searches, total, max;
	unsigned long	 climbs;	/* of the total: back up to a parent */
	int		 in_search;
};

struct bench_search {
	double		 tree_ns, linear_ns;
	unsigned long	 mismatches;
};

/* ---- the yardsticks (bench-live.c) --------------------------------------- */

struct bench_kernel {
	int		 ok;
	double		 secs;
	long		 vmas_before, vmas_after, max_map_count;
	unsigned long	 errors;
	char		 why[160];
};

struct bench_seek {
	int		 ok;
	double		 seek_ms, draw_ms;
	char		 path[4200];
};

/* ---- one size ------------------------------------------------------------ */

struct bench_row {
	long		 n;		/* VMAs asked for */
	int		 vmas;		/* engine VMAs at the start */
	int		 vmas_end;
	double		 engine_s, traced_s;	/* seconds per workload */
	double		 decoded_s;	/* traced, and decoded after each call */
	double		 split_ns[3];	/* mean per call of each kind, timed
					   one by one, less clock_ns; best */
	double		 clock_ns;	/* what timing one call costs */
	unsigned long	 events;		/* events of the traced run */
	unsigned long	 engine_errors;
	double		 insn;		/* instructions per call; 0: none */
	struct bench_visits visits;
	struct bench_kernel kernel;
	struct bench_search search;
	size_t		 nops;
};

/* A size's workload, ready to be played from the engine's filled state. */
struct bench_size {
	struct bench_workload	 w;
	struct mm	*base;
	unsigned long	*fill;		/* the fill's addresses, by slot */
	long		 nfill;
};

/* ---- bench-work.c -------------------------------------------------------- */

/* CLOCK_MONOTONIC in seconds. Cannot fail. */
double	bench_work_now(void);
/* What reading the clock twice costs, in ns (the least of many tries). */
double	bench_work_clock_cost(void);
/*
 * Fill mapping i of `extra + nfill` (the extra ones first, then the
 * slots): its size and protection. Cannot fail.
 */
void	bench_work_fill_shape(const struct bench_workload *, long extra,
	    long i, unsigned long *len, unsigned long *prot);
/*
 * The workload for n VMAs (`reserve` of them left to the process) and
 * the engine's address space filled to n, in *bs; *row is reset for the
 * size. Returns 0, or -1 after reporting the error (nothing is left to
 * free).
 */
int	bench_work_prepare(long n, long reserve, size_t nops, uint64_t seed,
	    struct bench_size *bs, struct bench_row *row);
/*
 * One round: the workload untraced, traced, traced and decoded, then
 * untraced with each call timed; each figure kept when the best so far.
 * Returns 0, or -1 when out of memory (the row keeps its best).
 */
int	bench_work_play(struct bench_size *, struct bench_row *);
/*
 * The first `ncalls` calls untraced, played inside bench_work_counted,
 * with on(ctx) just before and off(ctx) just after it (either may be
 * NULL). Returns 0, or -1 when out of memory (on and off not called).
 */
int	bench_work_count(struct bench_size *, size_t ncalls,
	    void (*on)(void *), void (*off)(void *), void *ctx);
/* bench_work_count's inside: named here for callgrind, not to be called. */
void	bench_work_counted(struct mm *, const struct bench_op *, size_t n,
	    unsigned long *slots, unsigned long *errors);
/*
 * The figures taken once (the visits, the search alone, the live kernel
 * unless !kernel), then the size is freed. Returns 0, or -1 after
 * reporting the error; the size is freed either way.
 */
int	bench_work_finish(struct bench_size *, uint64_t seed, int kernel,
	    struct bench_row *);
/* Frees a size (a zeroed one too). */
void	bench_work_free(struct bench_size *);

/* ---- bench-live.c -------------------------------------------------------- */

/* The lines of /proc/self/maps, or -1 when it cannot be read. */
long	bench_live_count_vmas(void);
/*
 * The workload's calls made by the live kernel in a child process filled
 * to n VMAs. Never fails as such: k->ok is 0 and k->why says why when
 * the figures could not be taken.
 */
void	bench_live_kernel(const struct bench_workload *, long n,
	    struct bench_kernel *k);
/* tests/bench-seek beside this program: s->ok is 0 when it did not run. */
void	bench_live_seek(struct bench_seek *s);
/*
 * Keeps this process (and the children it forks) on the CPU it runs on
 * now. Returns that CPU, or -1 with errno set when it cannot.
 */
int	bench_live_pin(void);

/* ---- bench-insn.c -------------------------------------------------------- */

enum bench_insn_how { BENCH_INSN_NONE, BENCH_INSN_PERF, BENCH_INSN_CALLGRIND };

/* How instructions are counted on this machine, and with what. */
struct bench_insn {
	enum bench_insn_how how;
	int		 fd;		/* perf: the counter */
	size_t		 calls;		/* calls counted per size */
	uint64_t	 seed;
	long		 reserve;
	char		 why[240];	/* NONE: why not */
};

/*
 * Picks the counter: perf_event_open's user-space instruction count when
 * the machine allows it, else callgrind when valgrind is on PATH.
 * Never fails: with neither, i->how is BENCH_INSN_NONE and i->why says
 * why.
 */
void	bench_insn_init(struct bench_insn *i, size_t nops, uint64_t seed,
	    long reserve);
/*
 * Counts the instructions per call of one size into row->insn (in this
 * process with perf, a short run under callgrind otherwise). Returns 0,
 * or -1 with i->how set to BENCH_INSN_NONE and i->why saying why (the
 * sizes after it are then not counted).
 */
int	bench_insn_count(struct bench_insn *i, struct bench_size *bs,
	    struct bench_row *row);
void	bench_insn_free(struct bench_insn *i);
/*
 * The hidden half of callgrind's way: `vmalab bench --callgrind-child
 * RESERVE` plays the counted calls of each size and prints nothing.
 * Returns 0, or 1 after reporting the error.
 */
int	bench_insn_child(const long *sizes, int nsizes, size_t nops,
	    uint64_t seed, long reserve);

/* ---- bench-record.c ------------------------------------------------------ */

struct bench_record {
	long		 ncalls;	/* raw calls of the recorded child */
	int		 kernel;	/* the replay's profile, KERNEL_* */
	char		 dir[4096];	/* scratch */
	int		 overhead_ok;
	double		 plain_s, record_s, strace_s;	/* strace: -1 none */
	char		 why[240], strace_why[240];
	int		 replay_ok;
	double		 record_calls_s, parse_s, replay_s;
	size_t		 replayed, compared, agree;
	char		 replay_why[600];
};

/*
 * The overhead of vmalab record on the system python3, and the replay of
 * a recording of `ncalls` raw calls. Never fails as such: a figure that
 * could not be taken is left out with why.
 */
void	bench_record_measure(struct bench_record *, long ncalls);
/* What `vmalab bench --record-child N` runs: N raw mmap/munmap calls. */
int	bench_record_child(long n);
void	bench_record_report(FILE *, const struct bench_record *);

/*
 * The stepper's frame: a run of 2000 one-page mmaps recorded, then
 * tui_app_draw at 200x50 (a projector) timed at `frames` steps spread
 * over it. Returns 0 with the median and the slowest frame in ms and
 * the VMAs at the end, or -1 after reporting the error.
 */
int	bench_work_frame(int frames, double *median, double *worst,
	    int *nvmas);

/* ---- bench-report.c ------------------------------------------------------ */

/* The table and the targets, on fp. Cannot fail (fp's errors stay in fp). */
void	bench_report_table(FILE *fp, const struct bench_row *rows, int nrows,
	    const struct bench_seek *seek, const struct bench_insn *insn);
/*
 * The figures as CSV in path (through path.tmp). Returns 0, or
 * EXIT_INPUT after reporting the error (no file is left).
 */
int	bench_report_csv(const char *path, const struct bench_row *rows,
	    int nrows, const struct bench_seek *seek);

#endif
