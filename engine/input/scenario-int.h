/*
 * scenario-int.h - what the parts of the scenario parser share (not
 * installed; scenario.h is the public header).
 *
 * The parser reads a scenario line by line, in these files:
 *
 *   scenario.c            the reader: lines, what kind each is, the
 *                         struct scenario it builds, errors and storage
 *   scenario-lex.c        characters, numbers and the units of a line
 *   scenario-directive.c  "% name args": the start state
 *   scenario-strace.c     the strace line around a call: pid, time,
 *                         <unfinished ...> / resumed>, strace's messages
 *   scenario-call.c       "name(args) = result" and the modelled calls
 *   scenario-arg.c        the arguments of those calls: flags, fds, paths
 *   scenario-alloc.c      the allocator's calls: malloc, free, ...
 *   scenario-result.c     what follows '=': a value, an errno, a time
 *
 * The /proc/PID/maps lines of a scenario are read by procfs.c, the same
 * code that reads a whole maps file.
 *
 * Every function that takes a scen_parser and fails writes
 * "file:line: message" into the caller's buffer with scen_fail and
 * returns -1 (NULL for pointers); the scenario is freed at the end, all
 * or nothing (scenario.c).
 */
#ifndef VMALAB_SCENARIO_INT_H
#define VMALAB_SCENARIO_INT_H

#include <stddef.h>

#include "scenario.h"

#define NPOS		((size_t)-1)
#define SCEN_MAXARGS	8	/* more than any modelled call takes */
#define SCEN_SHOW	30	/* characters of bad input quoted in messages */

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

/* An unfinished call waiting for its "<... name resumed>" line. */
struct scen_pending {
	int		 pid;
	size_t		 op;		/* index in sc->ops */
};

struct scen_parser {
	struct scenario	*sc;
	const char	*name;		/* file name for messages */
	int		 lineno;	/* the line being read */
	int		 op_lineno;	/* where the current logical line began */
	int		 first_op_line;	/* 0 until the first system call */
	char		*err;
	size_t		 errlen;
	size_t		 mapcap, opcap;
	struct scen_pending *pend;
	size_t		 npend, pendcap;
	char		*carry;		/* a call cut by a strace message */
	int		 carry_line;
	unsigned long	 nalloc;	/* allocator calls so far (#N) */
};

/* A piece of a line: not NUL-terminated. */
struct scen_str {
	const char	*s;
	size_t		 n;
};

/* A name strace prints for a number: "PROT_READ", "ENOMEM", ... */
struct scen_name {
	const char	*name;
	unsigned long	 value;
};

/* A set of flag names and how messages call one of them. */
struct scen_flagset {
	const char		*what;		/* "unknown mmap flag X" */
	const char		*field;		/* "the flags of mmap" */
	const struct scen_name	*names;
	size_t			 n;
};

/* What the number readers return. */
enum { NUM_OK = 0, NUM_BAD = -1, NUM_RANGE = -2 };

/* ---- scenario.c: errors and storage ------------------------------------ */

/* Writes "file:line: message" into the caller's buffer; returns -1. */
int	scen_fail(struct scen_parser *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* A new string of n bytes of s; NULL (with the message) out of memory. */
char	*scen_strndup(struct scen_parser *, const char *s, size_t n);
/* a then b in a new string; NULL (with the message) out of memory. */
char	*scen_concat(struct scen_parser *, const char *a, const char *b);
/* Grows *v (of *cap elements of size sz) to hold at least n + 1. */
int	scen_grow(struct scen_parser *, void **v, size_t *cap, size_t n,
	    size_t sz);
/* A new op at the current line, OP_SKIP; NULL out of memory. */
struct scen_op *scen_new_op(struct scen_parser *, int pid);
/* Frees what an op holds and zeroes it. */
void	scen_clear_op(struct scen_op *);
/* Makes op an OP_SKIP with the note "NAME note; skipped"; 0 or -1. */
int	scen_skip_note(struct scen_parser *, struct scen_op *,
	    const char *note);

/* ---- scenario-lex.c: characters, numbers, units ------------------------ */

int	scen_lex_space(char);
int	scen_lex_digit(char);
int	scen_lex_upper(char);
int	scen_lex_word(char);
int	scen_lex_hexval(char);		/* -1 for no hex digit */
char	*scen_lex_ws(const char *);
void	scen_lex_rtrim(char *);
int	scen_lex_prefix(const char *s, const char *prefix);
struct scen_str scen_lex_trim(const char *s, size_t n);
int	scen_lex_eq(struct scen_str, const char *lit);
int	scen_lex_caseeq(const char *s, size_t n, const char *lit);
int	scen_lex_show(size_t n);
/* These return NUM_OK, NUM_BAD or NUM_RANGE; *out is set on NUM_OK. */
int	scen_lex_digits(const char *s, size_t n, unsigned base,
	    unsigned long *out);
int	scen_lex_number(const char *s, size_t n, unsigned long *out);
int	scen_lex_hexnum(const char *s, size_t n, unsigned long *out);
int	scen_lex_limit(const char *s, size_t n, int suffixes,
	    unsigned long *out);
/*
 * Decodes the C escapes strace writes (\n \\ \> \ooo ...) in [s, s+n)
 * into a new string; NULL after scen_fail (a NUL byte, memory). `what`
 * names the string in the message.
 */
char	*scen_arg_unescape(struct scen_parser *, const char *s, size_t n,
	    const char *what);
size_t	scen_lex_skip_quoted(const char *s, size_t len, size_t i,
	    char close);
size_t	scen_lex_close_paren(const char *s, size_t len, size_t open);
int	scen_lex_split_args(const char *s, size_t len, struct scen_str *out);
void	scen_lex_cut_call_comment(char *);
void	scen_lex_cut_comment(char *);
const struct scen_name *scen_lex_lookup(const struct scen_name *v,
	    size_t n, const char *s, size_t len);

/* ---- the kinds of line ------------------------------------------------- */

/* scenario-directive.c: "% name args" (s is after the '%'). */
int	scen_dir_parse(struct scen_parser *, char *s);

/* scenario-strace.c: a line of strace output. */
int	scen_strace_line(struct scen_parser *, char *s);
/* Where "strace: Process N attached" cuts a call, or NPOS. */
size_t	scen_strace_msg(const char *s);
/* At the end of the log: the calls still unfinished become skipped. */
int	scen_strace_end(struct scen_parser *);

/* ---- scenario-call.c: one call ----------------------------------------- */

/* The name before '(' into op->name; its length, or 0 after scen_fail. */
size_t	scen_call_name(struct scen_parser *, struct scen_op *, const char *s);
/* "name(args) = result" into op (kind, lineno and pid already set). */
int	scen_call_parse(struct scen_parser *, struct scen_op *, const char *s);

/* scenario-arg.c: the arguments of the calls (see each for its syntax). */
extern const struct scen_flagset scen_arg_prot, scen_arg_mapflags;
extern const struct scen_flagset scen_arg_mprot, scen_arg_mremapflags;
int	scen_arg_num(struct scen_parser *, const struct scen_op *,
	    struct scen_str, const char *field, unsigned long *out);
int	scen_arg_flags(struct scen_parser *, const struct scen_op *,
	    struct scen_str, const struct scen_flagset *, unsigned long *out);
int	scen_arg_fd(struct scen_parser *, struct scen_op *, struct scen_str,
	    int keep_path, unsigned long *out);
int	scen_arg_path(struct scen_parser *, struct scen_op *,
	    struct scen_str);
int	scen_arg_resource(struct scen_parser *, const struct scen_op *,
	    struct scen_str, unsigned long *out);
int	scen_arg_rlim(struct scen_parser *, struct scen_op *,
	    struct scen_str);

/* scenario-alloc.c: the allocator's calls, in scen_call_parse's table. */
int	scen_alloc_malloc(struct scen_parser *, struct scen_op *,
	    const struct scen_str *);
int	scen_alloc_free(struct scen_parser *, struct scen_op *,
	    const struct scen_str *);
int	scen_alloc_calloc(struct scen_parser *, struct scen_op *,
	    const struct scen_str *);
int	scen_alloc_realloc(struct scen_parser *, struct scen_op *,
	    const struct scen_str *);
int	scen_alloc_mallopt(struct scen_parser *, struct scen_op *,
	    const struct scen_str *);

/* scenario-result.c: what follows the call's ')'. */
int	scen_result(struct scen_parser *, struct scen_op *, const char *s);

#endif
