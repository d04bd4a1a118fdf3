/*
 * vmalab.h - the program: its command table, option parsing, messages,
 * and what the commands share.
 *
 * Each command lives in cmd-NAME.c as one const struct cmd_entry with
 * designated initializers (tmux style) and is registered in the table in
 * vmalab.c. A command's exec returns the exit status:
 *
 *   0  success
 *   1  bad input (a scenario, maps or stat file), an I/O error, or a
 *      --check mismatch
 *   2  a usage error (unknown option, missing argument)
 */
#ifndef VMALAB_H
#define VMALAB_H

#include <stdio.h>

#include "input/builtin.h"
#include "run/run.h"

#define EXIT_INPUT	1
#define EXIT_USAGE	2

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "vmalab NAME " */
	const char	*summary;	/* one line for vmalab --help */
	const char	*help;		/* the options, for NAME --help */
	int		(*exec)(const struct cmd_entry *, int, char **);
};

extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_step_entry;
extern const struct cmd_entry cmd_maps_entry;
extern const struct cmd_entry cmd_listing_entry;
extern const struct cmd_entry cmd_snapshot_entry;
extern const struct cmd_entry cmd_record_entry;
extern const struct cmd_entry cmd_scenario_entry;
extern const struct cmd_entry cmd_dot_entry;
extern const struct cmd_entry cmd_grade_entry;
extern const struct cmd_entry cmd_quiz_entry;
extern const struct cmd_entry cmd_bench_entry;

/* Returns the command called `name`, or NULL. */
const struct cmd_entry *vmalab_cmd_find(const char *name);

/* ---- messages (vmalab.c) --------------------------------------------- */

/* "vmalab: message" on stderr. */
void	vmalab_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* A usage error: the message, a hint at --help; returns EXIT_USAGE. */
int	vmalab_usage_error(const struct cmd_entry *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* NAME --help: the usage line and the options. Returns 0 (or 1 on a
 * write error). */
int	vmalab_cmd_help(const struct cmd_entry *, FILE *);
/* Flushes stdout; a write error is reported and gives EXIT_INPUT. */
int	vmalab_finish(int status);

/* ---- options (vmalab.c) ----------------------------------------------- */

/*
 * A small GNU-style parser for long options: "--name VALUE",
 * "--name=VALUE", "--" ends the options, operands may come anywhere,
 * "-" is an operand. Every command takes --help (and -h).
 */
struct vmalab_opt {
	const char	*name;		/* without the dashes */
	int		 has_arg;
	int		 id;		/* > 0 */
};

enum {
	VMALAB_OPT_END = 0,	/* no more arguments */
	VMALAB_OPT_OPERAND = -1,	/* an operand: in g->arg */
	VMALAB_OPT_ERROR = -2,	/* a usage error, already reported */
	VMALAB_OPT_HELP = -3,	/* --help or -h */
};

struct vmalab_getopt {
	const struct cmd_entry	*cmd;
	int			 argc, i;
	char			**argv;
	int			 no_more;	/* after "--" */
	const char		*arg;		/* the option's value */
	const char		*opt;		/* the option as written */
};

void	vmalab_getopt_init(struct vmalab_getopt *, const struct cmd_entry *,
	    int argc, char **argv);
int	vmalab_getopt_next(struct vmalab_getopt *, const struct vmalab_opt *opts);

/*
 * Numbers in arguments. vmalab_parse_addr: hex digits, "0x" optional;
 * vmalab_parse_ulong: decimal, or hex with "0x". Both return 0, -1 for
 * a malformed number, -2 for one that does not fit; *out is set only on
 * success.
 */
int	vmalab_parse_addr(const char *s, unsigned long *out);
int	vmalab_parse_ulong(const char *s, unsigned long long *out);

/* ---- what run and maps share (cmd-run.c) ------------------------------- */

enum cmd_trace { CMD_TRACE_NONE, CMD_TRACE_TEXT, CMD_TRACE_JSONL };

struct cmd_run_args {
	struct run_opts	 opts;
	const char	*maps_file, *stat_file;
	enum cmd_trace	 trace;
	const char	*trace_file;
	int		 check;
	const char	*scenario;	/* NULL: the built-in default */
};

/* The inputs of a run, and the run itself once started. */
struct cmd_run_input {
	struct scenario	 sc;
	struct scen_map	*maps;
	size_t		 nmaps;
	struct proc_stat stat;
	struct run	 run;
	int		 started;
};

/*
 * Parses the options of run and maps: those of the start state, and with
 * CMD_RUN_TRACE --trace and --trace-file, with CMD_RUN_CHECK --check.
 * Returns 0 to go on, or -1 to stop with *status (0 after --help).
 */
#define CMD_RUN_TRACE	0x1
#define CMD_RUN_CHECK	0x2
int	cmd_run_parse(const struct cmd_entry *, int argc, char **argv,
	    struct cmd_run_args *, int which, int *status);
/* Reads and parses every input and starts the run. Returns 0, or -1
 * after reporting the error (in->... is then freed). */
int	cmd_run_load(const struct cmd_run_args *, struct cmd_run_input *);
void	cmd_run_free(struct cmd_run_input *);
/* Replays every call without printing (for maps); --check as in run.
 * Returns 0 or EXIT_INPUT. */
int	cmd_run_replay_quiet(const struct cmd_run_args *,
	    struct cmd_run_input *);

/* ---- what snapshot and record share (cmd-snapshot.c) ------------------- */

/* A process's state as /proc shows it: maps, stat, limits, cmdline. */
struct cmd_snapshot;

/* The head of the scenario: what the comments and directives say. */
struct cmd_snapshot_head {
	const char	*what;		/* "snapshot of process 12": the first
					   comment and the title */
	const char	*how;		/* the command that made it */
	const char	*notes;		/* more "# ..." lines, or NULL */
	const char	*layout;	/* NULL: guessed from the mappings */
	const char	*layout_why;	/* the comment on a given layout */
	int		 brk_exact;	/* taken at an exec: brk is start_brk */
	const char	*directives;	/* more "% ..." lines, or NULL */
};

/* Reads /proc/PID. Returns the state, or NULL after reporting why. */
struct cmd_snapshot *cmd_snapshot_take(long pid);
/* Writes the directives and maps lines of a scenario to fp (the caller
 * checks fp for write errors). */
void	cmd_snapshot_write(FILE *, const struct cmd_snapshot *,
	    const struct cmd_snapshot_head *);
unsigned long cmd_snapshot_start_brk(const struct cmd_snapshot *);
void	cmd_snapshot_free(struct cmd_snapshot *);

/* One /proc/PID/maps line as the kernel prints it (cmd-maps.c). */
void	cmd_maps_print_line(FILE *, unsigned long start, unsigned long end,
	    unsigned long flags, unsigned long long offset, unsigned major,
	    unsigned minor, unsigned long inode, const char *name);

#endif
