/*
 * vmalab.h - the program: its command table, option parsing, messages,
 * and what the commands share.
 *
 * Each command lives in cmd-NAME.c as one const struct cmd_entry with
 * designated initializers (tmux style) and is registered in the table in
 * vmalab.c. The entry declares its options (.opts), which vmalab.c's
 * parser reads; a command that takes another's options includes that
 * command's table rather than listing them again. A command's exec
 * returns the exit status:
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

/*
 * One row of a command's option table. An option: "--name VALUE" or
 * "--name=VALUE" when it has an arg, else "--name"; NAME --help lists it
 * with its help (a "\n" in which goes on under the previous line), or
 * not at all without one (the command's .help text names it, or it is
 * hidden). A row with .include stands for all the rows of that table,
 * wherever it sits; with a help too, --help prints that as a heading and
 * lists them. A row with only a help is a line of text in --help. The
 * table ends with a row of none of these. --help and -h are every
 * command's and are in no table.
 */
struct vmalab_opt {
	const char	*name;		/* without the dashes */
	int		 id;		/* > 0, what vmalab_getopt_next returns */
	const char	*arg;		/* its value in --help ("FILE"); NULL:
					   the option takes none */
	const char	*help;
	const struct vmalab_opt *include;
};

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "vmalab NAME " */
	const char	*summary;	/* one line for vmalab --help */
	const char	*help;		/* NAME --help: the text before .opts */
	const struct vmalab_opt *opts;	/* NULL: none but --help */
	int		 opts_col;	/* where --help starts their help */
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
extern const struct cmd_entry cmd_html_entry;
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
/* NAME --help: the usage line, the text and the options' table.
 * Returns 0 (write errors stay in fp). */
int	vmalab_cmd_help(const struct cmd_entry *, FILE *);
/* Flushes stdout; a write error is reported and gives EXIT_INPUT. */
int	vmalab_finish(int status);

/* ---- options (vmalab.c) ----------------------------------------------- */

/*
 * A small GNU-style parser of the options in the command's table
 * (cmd->opts): "--name VALUE", "--name=VALUE", "--" ends the options,
 * operands may come anywhere, "-" is an operand. Every command takes
 * --help (and -h).
 */
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
/*
 * The next option's id (its value in g->arg), or VMALAB_OPT_END,
 * _OPERAND (in g->arg), _HELP, or _ERROR after reporting a usage error
 * (an option not in the table, a missing or an unwanted value).
 */
int	vmalab_getopt_next(struct vmalab_getopt *);

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

/*
 * The ids of run's options. A command that includes run's tables numbers
 * its own options from CMD_RUN_OPT_LAST up, so that cmd_run_parse can
 * tell them from run's.
 */
enum {
	CMD_RUN_OPT_MAPS = 1, CMD_RUN_OPT_STAT, CMD_RUN_OPT_BRK,
	CMD_RUN_OPT_LAYOUT, CMD_RUN_OPT_MMAP_BASE, CMD_RUN_OPT_ARCH,
	CMD_RUN_OPT_ASLR, CMD_RUN_OPT_TRACE, CMD_RUN_OPT_TRACE_FILE,
	CMD_RUN_OPT_CHECK, CMD_RUN_OPT_KERNEL, CMD_RUN_OPT_LAST
};

/* The options that set the start state (--maps ... --aslr), to include. */
extern const struct vmalab_opt cmd_run_start_opts[];

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
	int		 made_up;	/* results, but no start state */
};

/*
 * Parses the options of cmd's table into *a: run's own, and those of a
 * command that includes run's tables (maps, step, dot). An option whose
 * id is CMD_RUN_OPT_LAST or more goes to own(cmd, ctx, id, value), which
 * returns 0, or non-zero after reporting a usage error. Returns 0 to go
 * on, or -1 to stop with *status (0 after --help).
 */
int	cmd_run_parse(const struct cmd_entry *, int argc, char **argv,
	    struct cmd_run_args *a, int (*own)(const struct cmd_entry *,
	    void *ctx, int id, const char *arg), void *ctx, int *status);
/* Reads and parses every input and starts the run; with no scenario, the
 * built-in one, or the start state of --maps/--stat/--brk alone. Says once
 * on stderr (under --check: with the first mismatch) when the scenario has
 * results but no start state. Returns 0, or -1 after reporting the error
 * (in->... is then freed). */
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
