/*
 * trace-read.h - reading back the JSON Lines that trace_format_jsonl
 * writes, one event per line:
 *
 *   {"seq":3,"kind":"decide","depth":1,"func":"sys_brk","line":11,
 *    "src_line":64,"id":"sys_brk.compat_brk","outcome":false,
 *    "cond":"mm->compat_brk && !mm->brk_randomized",
 *    "vals":{"compat_brk":"0x0","brk_randomized":"0x0"}}
 *
 * The reader is strict: it accepts what the writer writes (and any JSON
 * spelling of it: blanks between tokens, keys in any order, \u escapes)
 * and refuses everything else with a message, so that a viewer never
 * works from a trace it half understood:
 *
 *   - seq, kind and depth are required; seq is a non-negative integer
 *     below 2^64, depth one from 0 to TRACE_READ_MAXDEPTH (the engine's
 *     calls nest a few levels; a viewer indents by depth), the line
 *     numbers non-negative integers that fit an int;
 *   - func comes with line and src_line, and they only with func;
 *   - a decide event has id and outcome (true or false), and its
 *     condition is "cond"; other kinds have neither, and say "text";
 *   - a tree event has op (insert, erase, rotate, gap, recolor) and no
 *     text; other kinds have no op;
 *   - vals is an object of at most TRACE_MAXVALS values, each a string
 *     "0x" and 1 to 16 hex digits;
 *   - no key twice, no unknown key, no NUL byte (raw or \u0000), nothing
 *     after the object but blanks and one newline.
 *
 * Libc only. The engine's rule holds: nothing is printed, nothing exits;
 * errors come back as -1 and a message in the caller's buffer.
 */
#ifndef VMALAB_TRACE_READ_H
#define VMALAB_TRACE_READ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace.h"

#define TRACE_READ_ERRLEN	512
#define TRACE_READ_MAXDEPTH	1024

/* One event, as read: struct trace_event with strings of its own. */
struct trace_read_event {
	uint64_t		 seq;
	enum trace_kind		 kind;
	int			 depth;
	char			*func;		/* NULL when the line has none */
	int			 line, src_line;
	char			*id;		/* decide: the decision id */
	const struct decision	*decision;	/* its registry entry, or NULL
						   for an id the registry
						   does not know */
	int			 outcome;	/* decide: 1 taken, 0 not */
	enum trace_tree_op	 tree_op;	/* tree only */
	char			*text;		/* "text", or decide's "cond";
						   NULL when absent */
	int			 nvals;
	struct {
		char		*name;
		unsigned long	 value;
	}			 vals[TRACE_MAXVALS];
};

/*
 * trace_read_line: parses one line of `len` bytes at `buf` (a trailing
 * "\n" or "\r\n" is allowed; the bytes need not be NUL-terminated and are
 * never read past `len`). On success returns 0 and fills *ev, which the
 * caller frees with trace_read_event_free. On malformed input returns -1,
 * writes "file:lineno: message" into err (file NULL: "trace") and leaves
 * *ev zeroed with nothing allocated. Running out of memory is reported
 * the same way ("out of memory").
 */
int	trace_read_line(const char *buf, size_t len, const char *file,
	    unsigned long lineno, struct trace_read_event *ev, char *err,
	    size_t errlen);

/* Frees the strings of *ev and zeroes it. NULL-safe; idempotent. */
void	trace_read_event_free(struct trace_read_event *ev);

/*
 * trace_read_view: a struct trace_event that borrows the strings of `ev`
 * (valid while ev is), for trace_format_text and trace_format_jsonl. Its
 * `fn` is the function's listing when listing.h has one by that name.
 * An id unknown to the registry has no decision: the formatters print "?"
 * for it.
 */
void	trace_read_view(const struct trace_read_event *ev,
	    struct trace_event *out);

/*
 * trace_read_file: reads a whole JSON Lines file, line by line (at most
 * 2048 MiB in all, 1 MiB a line), calling `fn` on each event in order;
 * an empty line is an error, like any other malformed one. The event
 * passed to fn is freed after fn returns. fn returns 0 to go on, anything
 * else to stop (that value is then returned). Returns 0 at the end of the file, the value of
 * fn when it stopped early, or -1 with "file:line: message" in err (a
 * malformed line, a read error, out of memory; past a cap "file: larger
 * than 2048 MiB: ..." or "file:line: a line longer than 1 MiB: ...").
 */
int	trace_read_file(FILE *fp, const char *file,
	    int (*fn)(void *ctx, const struct trace_read_event *ev),
	    void *ctx, char *err, size_t errlen);

#endif
