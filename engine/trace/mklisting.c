/*
 * mklisting.c - the build-time generator of the engine's listings.
 *
 *	mklisting [-s STRIP_PREFIX] [-l LAB -x FUNC...] FILE.c... > listings.c
 *
 * Reads the engine's own C files and writes, for every traced function (one
 * whose body holds TRACE_FUNC(name, ...)), a `struct listing` (listing.h):
 * the function as a student should read it, with the instrumentation macros
 * of instrument.h rewritten into the C they stand for, and the map from each
 * source line to its listing line:
 *
 *	TRACE_FUNC(name, mm, ...);	(the line is dropped)
 *	STEP;				(nothing)
 *	DECIDE(id, cond, vals...)	cond
 *	SET(var, expr)			var = expr
 *	RETURN(x)			return x
 *	GOTO(label)			goto label
 *	DO(stmt)			stmt
 *
 * A function using STEP, SET, GOTO or DO is "instrumented": every line of
 * it is a step.  The macros are known here by name: change them in
 * instrument.h and here together.
 *
 * It works in three passes over each file:
 *
 *   1. classify: mark every byte as code, comment or literal, so that no
 *      later pass sees a macro name inside a comment or a string;
 *   2. find:     each TRACE_FUNC names a function.  Its body runs from the
 *      nearest `{` at column 0 above to the next `}` at column 0 below; its
 *      signature starts just after the nearest line above the `{` that is
 *      blank, a `}`, the end of a comment or a preprocessor line:
 *
 *		}				<- stop
 *						<- stop (blank)
 *		unsigned long			<- first_src
 *		unmapped_area(struct mm *mm, ...)
 *		{
 *			TRACE_FUNC(unmapped_area, mm, V(length));
 *			...
 *		}				<- last line
 *
 *   3. rewrite:  copy the function, replacing each macro invocation.  One
 *      invariant carries the line map: every newline of the source survives
 *      exactly once and in order, so output line k is source line k.  Text
 *      that is removed therefore leaves its newlines behind (with the
 *      indentation that follows each), and a multi-line DECIDE keeps one
 *      listing line per source line.  Lines left blank where a TRACE_FUNC
 *      statement was are then dropped from the listing.
 *
 * A student build (configure --enable-student=LAB) names the lab with -l
 * and the functions its students write with -x: the listing of each of
 * those is its signature and one line, "your lab: write this", and none of
 * its source lines maps to a line (its steps and decisions have no place
 * in it; trace.c leaves them out of what a student sees). Its text is not
 * in listings.c at all, so not in the student's vmalab. A function of -x
 * that is not traced (lab 2's gap callbacks) has no listing to hide.
 *
 * mklisting runs on the build machine: C99 + POSIX, nothing else.  Unlike
 * the engine it is a program of its own: on any error it prints
 * "mklisting: FILE:LINE: message" and exits 1, before writing anything.
 * Like a compiler pass it keeps all it allocates until it exits.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a byte of the source is, as far as macro matching cares. */
enum kind { CODE, COMMENT, LITERAL };

/* One input file, read whole. */
struct src {
	const char	*path;		/* as given: for error messages */
	const char	*file;		/* path without the strip prefix */
	char		*text;		/* ends with '\n', then a NUL */
	size_t		 len;
	char		*kind;		/* [len]: enum kind of each byte */
	size_t		*line;		/* [nline + 2]: offset of line n, 1.. */
	int		 nline;
	char		*cpp;		/* [nline + 1]: line n is a # line */
};

/* One traced function and, once rendered, its listing. */
struct func {
	char		*name;
	struct src	*src;
	int		 trace_line;	/* line of its TRACE_FUNC */
	int		 open;		/* line of the body's `{` */
	int		 first, last;	/* signature line, closing `}` line */
	short		*map;		/* [last - first + 1] */
	char		**lines;	/* [nlines] */
	int		 nlines;
	int		 instrumented;
	int		 hidden;	/* -x: the student's to write */
};

/* A macro invocation NAME(arg, ...) in a source. */
struct call {
	const char	*name;
	size_t		 namelen;
	size_t		 at;		/* offset of NAME */
	size_t		 close;		/* offset of the matching ) */
	int		 nargs;
	size_t		 arg[2][2];	/* first two arguments: [start, end);
				   only the first nargs are set */
};

/* A growing string. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

/* The rewriting of one function. */
struct rw {
	struct src	*s;
	struct func	*f;
	struct buf	 out;
	char		*in_trace;	/* [nsrc]: line meets a TRACE_FUNC */
};

static struct func	**funcs;
static int		  nfuncs;
static const char	 *student_lab;	/* -l: the lab of a student build */
static char		**hidden;	/* -x: its functions */
static int		  nhidden;

/* Prints "mklisting: FILE:LINE: message" and exits 1. */
static void
die(const struct src *s, int line, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "mklisting: %s:%d: ", s->path, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Never returns NULL: running out of memory ends the program. */
static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL) {
		fputs("mklisting: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static void
buf_add(struct buf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static char *
xstrndup(const char *p, size_t n)
{
	char	*q = xrealloc(NULL, n + 1);

	memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

static int
is_ident(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* ------------------------------------------------------------------ */
/* Pass 0: reading, and the line index.                                */
/* ------------------------------------------------------------------ */

/*
 * Reads `path` whole into s->text, dropping the \r of \r\n and adding a
 * final newline when it lacks one.  Exits on any I/O error.
 */
static void
src_read(struct src *s, const char *path)
{
	struct buf	 b = { NULL, 0, 0 };
	FILE		*f;
	int		 c;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "mklisting: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	while ((c = getc(f)) != EOF) {
		if (c == '\n' && b.len > 0 && b.p[b.len - 1] == '\r')
			b.len--;
		buf_addc(&b, (char)c);
	}
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "mklisting: %s: read error\n", path);
		exit(1);
	}
	if (b.len == 0 || b.p[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	s->text = b.p;
	s->len = b.len;
}

/* Fills s->line: line n (1..nline) is [line[n], line[n + 1] - 1). */
static void
src_index(struct src *s)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < s->len; i++)
		n += s->text[i] == '\n';
	s->nline = n;
	s->line = xrealloc(NULL, (n + 2) * sizeof *s->line);
	s->line[1] = 0;
	for (i = 0, n = 1; i < s->len; i++)
		if (s->text[i] == '\n')
			s->line[++n] = i + 1;
}

/* The line (1..nline) holding byte `off`. */
static int
line_of(const struct src *s, size_t off)
{
	int	lo = 1, hi = s->nline;

	/* Invariant: line[lo] <= off < line[hi + 1]. */
	while (lo < hi) {
		int	mid = lo + (hi - lo + 1) / 2;

		if (s->line[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Length of line n without its newline or trailing white space. */
static size_t
line_rlen(const struct src *s, int n)
{
	const char	*p = s->text + s->line[n];
	size_t		 len = s->line[n + 1] - 1 - s->line[n];

	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	return len;
}

/* Is line n exactly `str` from column 0, trailing white space aside? */
static int
line_is(const struct src *s, int n, const char *str)
{
	return line_rlen(s, n) == strlen(str) &&
	    memcmp(s->text + s->line[n], str, strlen(str)) == 0 &&
	    s->kind[s->line[n]] == CODE;
}

/* ------------------------------------------------------------------ */
/* Pass 1: classify every byte as code, comment or literal.            */
/* ------------------------------------------------------------------ */

/*
 * A small lexer: // and block comments, "strings" and 'c'haracters with
 * backslash escapes.  An unterminated literal ends at its newline, so one
 * stray quote cannot hide the rest of the file.  Then marks preprocessor
 * lines, continuations included.
 */
static void
src_classify(struct src *s)
{
	const char	*t = s->text;
	size_t		 i;
	int		 st = CODE, n;
	char		 quote = 0;

	s->kind = xrealloc(NULL, s->len);
	for (i = 0; i < s->len; i++) {
		switch (st) {
		case CODE:
			s->kind[i] = CODE;
			if (t[i] == '/' &&
			    (t[i + 1] == '/' || t[i + 1] == '*')) {
				st = t[i + 1];	/* a comment opens: 2 bytes */
				s->kind[i] = s->kind[i + 1] = COMMENT;
				i++;
			} else if (t[i] == '"' || t[i] == '\'') {
				quote = t[i];
				s->kind[i] = LITERAL;
				st = LITERAL;
			}
			break;
		case '/':		/* a // comment, up to the newline */
			s->kind[i] = t[i] == '\n' ? CODE : COMMENT;
			if (t[i] == '\n')
				st = CODE;
			break;
		case '*':		/* a block comment, up to its end */
			s->kind[i] = COMMENT;
			if (t[i] == '*' && t[i + 1] == '/') {
				s->kind[++i] = COMMENT;
				st = CODE;
			}
			break;
		default:		/* inside a literal */
			s->kind[i] = LITERAL;
			if (t[i] == '\\')
				s->kind[++i] = LITERAL;
			else if (t[i] == quote || t[i] == '\n')
				st = CODE;
			break;
		}
	}

	s->cpp = xrealloc(NULL, s->nline + 1);
	s->cpp[0] = 0;
	for (n = 1; n <= s->nline; n++) {
		const char	*p = t + s->line[n];

		while (is_blank(*p))
			p++;
		s->cpp[n] = (*p == '#' && s->kind[p - t] == CODE) ||
		    (n > 1 && s->cpp[n - 1] && line_rlen(s, n - 1) > 0 &&
		     t[s->line[n - 1] + line_rlen(s, n - 1) - 1] == '\\');
	}
}

/* ------------------------------------------------------------------ */
/* Macro invocations.                                                  */
/* ------------------------------------------------------------------ */

/* Does an identifier start at `i` (code, not in the middle of a word)? */
static int
ident_start(const struct src *s, size_t i)
{
	return s->kind[i] == CODE && is_ident(s->text[i]) &&
	    !isdigit((unsigned char)s->text[i]) &&
	    (i == 0 || !is_ident(s->text[i - 1]));
}

/* Length of the identifier at `i`. */
static size_t
ident_len(const struct src *s, size_t i)
{
	size_t	n = 0;

	while (is_ident(s->text[i + n]))
		n++;
	return n;
}

/* Is the identifier of length n at `i` exactly `word`? */
static int
word_is(const struct src *s, size_t i, size_t n, const char *word)
{
	return n == strlen(word) && memcmp(s->text + i, word, n) == 0;
}

/* Notes the end of the argument that started at *start, at `end`. */
static void
call_arg(struct call *c, size_t *start, size_t end)
{
	if (c->nargs < 2) {
		c->arg[c->nargs][0] = *start;
		c->arg[c->nargs][1] = end;
	}
	c->nargs++;
	*start = end + 1;
}

/*
 * Parses the invocation of the macro named by the identifier at `at` (n
 * bytes): its parenthesis, its arguments split at top-level commas (commas
 * nested in (), [], {} or inside literals and comments do not split), and
 * the matching parenthesis.  Returns 0 when no '(' follows the name (then
 * it is no invocation), 1 on success.  Exits when the invocation does not
 * end: it reaches the end of the file, a top-level ';' or an unbalanced
 * closing bracket.
 */
static int
call_parse(const struct src *s, size_t at, size_t n, struct call *c)
{
	const char	*t = s->text;
	size_t		 p = at + n, start;
	int		 depth = 0;

	while (is_blank(t[p]))
		p++;
	if (t[p] != '(' || s->kind[p] != CODE)
		return 0;
	c->name = t + at;
	c->namelen = n;
	c->at = at;
	c->nargs = 0;
	/* Invariant: depth brackets are open inside the parentheses. */
	for (start = ++p; p < s->len; p++) {
		char	ch = t[p];

		if (s->kind[p] != CODE || ch == '\0')
			continue;
		if (strchr("([{", ch))
			depth++;
		else if (depth > 0 && strchr(")]}", ch))
			depth--;
		else if (ch == ')') {
			call_arg(c, &start, p);
			c->close = p;
			return 1;
		} else if (ch == ',' && depth == 0)
			call_arg(c, &start, p);
		else if (strchr(";]}", ch))	/* depth 0: a runaway */
			break;
	}
	die(s, line_of(s, at), "unterminated %.*s(", (int)n, t + at);
	return 0;
}

/* Trims white space (newlines included) off the argument [*a, *b). */
static void
trim(const struct src *s, size_t *a, size_t *b)
{
	while (*a < *b && isspace((unsigned char)s->text[*a]))
		(*a)++;
	while (*b > *a && isspace((unsigned char)s->text[*b - 1]))
		(*b)--;
}

/* ------------------------------------------------------------------ */
/* Pass 2: find the traced functions.                                  */
/* ------------------------------------------------------------------ */

/*
 * A line that cannot belong to a signature, so the signature starts below
 * it: blank, a closing brace at column 0 (`}` and also `};`), the end of a
 * comment, a // comment or a preprocessor line.
 */
static int
ends_above_signature(const struct src *s, int n)
{
	const char	*p = s->text + s->line[n];
	size_t		 len = line_rlen(s, n);

	while (is_blank(*p))
		p++;
	return len == 0 || s->text[s->line[n]] == '}' || s->cpp[n] ||
	    (p[0] == '/' && p[1] == '/') ||
	    (len >= 2 && memcmp(s->text + s->line[n] + len - 2, "*/", 2) == 0);
}

/* The nearest line above `n` that is `{` at column 0, or 0. */
static int
find_open(const struct src *s, int n)
{
	while (--n >= 1 && !line_is(s, n, "{"))
		;
	return n < 0 ? 0 : n;
}

/* The first line below `n` that is `}` at column 0, or 0. */
static int
find_close(const struct src *s, int n)
{
	while (++n <= s->nline)
		if (line_is(s, n, "}"))
			return n;
	return 0;
}

/*
 * Frames the function around f->trace_line: its `{`, its `}` and its
 * signature.  `what` names the TRACE_FUNC in messages.  Exits when there is
 * no such function.
 */
static void
func_frame(struct func *f, const char *what)
{
	struct src	*s = f->src;
	int		 n;

	f->open = find_open(s, f->trace_line);
	f->last = f->open ? find_close(s, f->open) : 0;
	if (f->open == 0 || (f->last != 0 && f->last < f->trace_line))
		die(s, f->trace_line, "%s is not inside a function body "
		    "(no `{' at column 0 above it)", what);
	if (f->last == 0)
		die(s, f->open, "function of %s has no closing `}' at column 0",
		    what);
	for (n = f->open - 1; n >= 1 && !ends_above_signature(s, n); n--)
		;
	f->first = n + 1;
	if (f->first == f->open)
		die(s, f->open, "no signature above the `{' of %s", what);
}

/* Exits if `f` repeats a listing name or shares a body with another. */
static void
func_check_unique(const struct func *f)
{
	int	i;

	for (i = 0; i < nfuncs; i++) {
		const struct func	*g = funcs[i];

		if (strcmp(g->name, f->name) == 0)
			die(f->src, f->trace_line, "duplicate listing name "
			    "`%s' (first at %s:%d)", f->name, g->src->path,
			    g->trace_line);
		if (g->src == f->src && g->open == f->open)
			die(f->src, f->trace_line, "second TRACE_FUNC in one "
			    "function (first at line %d)", g->trace_line);
	}
}

/* Adds the function of the TRACE_FUNC invocation `c`; exits on error. */
static void
func_add(struct src *s, const struct call *c)
{
	struct func	*f = xrealloc(NULL, sizeof *f);
	size_t		 a = c->arg[0][0], b = c->arg[0][1], i;
	char		 what[128];

	memset(f, 0, sizeof *f);
	f->src = s;
	f->trace_line = line_of(s, c->at);
	trim(s, &a, &b);
	for (i = a; i < b && is_ident(s->text[i]); i++)
		;
	if (a == b || i != b || isdigit((unsigned char)s->text[a]))
		die(s, f->trace_line, "TRACE_FUNC needs a function name first");
	if (c->nargs < 2)
		die(s, f->trace_line, "TRACE_FUNC(%.*s) needs the mm argument",
		    (int)(b - a), s->text + a);
	f->name = xstrndup(s->text + a, b - a);
	snprintf(what, sizeof what, "TRACE_FUNC(%s)", f->name);
	func_frame(f, what);
	func_check_unique(f);
	funcs = xrealloc(funcs, (nfuncs + 1) * sizeof *funcs);
	funcs[nfuncs++] = f;
}

/* Adds every function traced in `s`: TRACE_FUNC(...) in code. */
static void
src_find(struct src *s)
{
	struct call	c;
	size_t		i;

	for (i = 0; i < s->len; i++) {
		if (!ident_start(s, i) || s->cpp[line_of(s, i)])
			continue;
		if (!word_is(s, i, ident_len(s, i), "TRACE_FUNC")) {
			i += ident_len(s, i) - 1;
			continue;
		}
		if (call_parse(s, i, strlen("TRACE_FUNC"), &c)) {
			func_add(s, &c);
			i = c.close;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Pass 3: rewrite a function into its listing.                        */
/* ------------------------------------------------------------------ */

static void	rw_text(struct rw *, size_t, size_t);

/*
 * Removes [a, b) from the listing but keeps its newlines, each with the
 * indentation that follows it, so the line structure survives:
 * "V(a),\n\t\t   V(b))" leaves "\n\t\t   ".
 */
static void
rw_drop(struct rw *rw, size_t a, size_t b)
{
	const char	*t = rw->s->text;

	while (a < b) {
		if (t[a++] != '\n')
			continue;
		buf_addc(&rw->out, '\n');
		while (a < b && is_blank(t[a]))
			buf_addc(&rw->out, t[a++]);
	}
}

/* `STEP;` and the blanks after it vanish; returns where to go on. */
static size_t
rw_step(struct rw *rw, size_t i, size_t n)
{
	const char	*t = rw->s->text;
	size_t		 p = i + n;

	rw->f->instrumented = 1;
	while (is_blank(t[p]))
		p++;
	if (t[p] != ';') {		/* a bare STEP: leave it be */
		buf_add(&rw->out, t + i, n);
		return i + n;
	}
	for (p++; is_blank(t[p]); p++)
		;
	return p;
}

/* TRACE_FUNC(...); vanishes; its lines are marked for dropping. */
static size_t
rw_trace_func(struct rw *rw, const struct call *c)
{
	const char	*t = rw->s->text;
	size_t		 p = c->close + 1, q;
	int		 n;

	for (q = p; is_blank(t[q]); q++)
		;
	if (t[q] == ';')
		for (p = q + 1; is_blank(t[p]); p++)
			;
	rw_drop(rw, c->at, p);
	for (n = line_of(rw->s, c->at); n <= line_of(rw->s, p - 1); n++)
		rw->in_trace[n - rw->f->first] = 1;
	return p;
}

/* DECIDE(id, cond, vals...) -> cond. */
static void
rw_decide(struct rw *rw, const struct call *c)
{
	size_t	a, b;

	if (c->nargs < 2)
		die(rw->s, line_of(rw->s, c->at),
		    "DECIDE needs an id and a condition");
	a = c->arg[1][0];
	b = c->arg[1][1];
	trim(rw->s, &a, &b);
	if (a == b)
		die(rw->s, line_of(rw->s, c->at),
		    "DECIDE with an empty condition");
	rw_drop(rw, c->at, a);
	rw_text(rw, a, b);
	rw_drop(rw, b, c->close + 1);
}

/* SET(var, expr) -> var = expr. */
static void
rw_set(struct rw *rw, const struct call *c)
{
	size_t	va, vb, ea, eb;

	if (c->nargs != 2)
		die(rw->s, line_of(rw->s, c->at),
		    "SET needs a variable and an expression");
	va = c->arg[0][0], vb = c->arg[0][1];
	ea = c->arg[1][0], eb = c->arg[1][1];
	trim(rw->s, &va, &vb);
	trim(rw->s, &ea, &eb);
	if (va == vb || ea == eb)
		die(rw->s, line_of(rw->s, c->at),
		    "SET needs a variable and an expression");
	rw->f->instrumented = 1;
	rw_drop(rw, c->at, va);
	rw_text(rw, va, vb);
	buf_add(&rw->out, " = ", 3);
	rw_drop(rw, vb, ea);
	rw_text(rw, ea, eb);
	rw_drop(rw, eb, c->close + 1);
}

/*
 * The macros around one statement: RETURN(x) -> return x, GOTO(l) ->
 * goto l, DO(s) -> s.  `kw` is the keyword put in front ("" for DO);
 * `empty_ok` says whether the argument may be empty.
 */
static void
rw_statement(struct rw *rw, const struct call *c, const char *kw,
    int empty_ok)
{
	size_t	a = c->arg[0][0], b = c->arg[0][1];

	trim(rw->s, &a, &b);
	if (c->nargs != 1 || (a == b && !empty_ok))
		die(rw->s, line_of(rw->s, c->at), "%.*s takes one argument",
		    (int)c->namelen, c->name);
	buf_add(&rw->out, kw, strlen(kw));
	if (*kw != '\0' && a != b)
		buf_addc(&rw->out, ' ');
	rw_drop(rw, c->at, a);
	rw_text(rw, a, b);
	rw_drop(rw, b, c->close + 1);
}

/*
 * Rewrites the identifier at `i` (n bytes) when it is a macro invocation
 * ending before `end`; copies it otherwise.  Returns where to go on.
 * Exits when an invocation runs past `end`.
 */
static size_t
rw_ident(struct rw *rw, size_t i, size_t n, size_t end)
{
	struct src	*s = rw->s;
	struct call	 c;

	if (word_is(s, i, n, "STEP"))
		return rw_step(rw, i, n);
	if (!(word_is(s, i, n, "DECIDE") || word_is(s, i, n, "SET") ||
	    word_is(s, i, n, "RETURN") || word_is(s, i, n, "GOTO") ||
	    word_is(s, i, n, "DO") || word_is(s, i, n, "TRACE_FUNC")) ||
	    !call_parse(s, i, n, &c)) {
		buf_add(&rw->out, s->text + i, n);
		return i + n;
	}
	if (c.close >= end)
		die(s, line_of(s, i), "%.*s( runs past the end of %s",
		    (int)n, s->text + i, rw->f->name);
	if (word_is(s, i, n, "TRACE_FUNC"))
		return rw_trace_func(rw, &c);
	if (word_is(s, i, n, "DECIDE"))
		rw_decide(rw, &c);
	else if (word_is(s, i, n, "SET"))
		rw_set(rw, &c);
	else if (word_is(s, i, n, "RETURN"))
		rw_statement(rw, &c, "return", 1);
	else {
		rw->f->instrumented = 1;	/* GOTO and DO are steps */
		rw_statement(rw, &c, word_is(s, i, n, "GOTO") ? "goto" : "",
		    0);
	}
	return c.close + 1;
}

/* Rewrites [a, b): code through rw_ident, comments and literals as is. */
static void
rw_text(struct rw *rw, size_t a, size_t b)
{
	while (a < b) {
		if (ident_start(rw->s, a))
			a = rw_ident(rw, a, ident_len(rw->s, a), b);
		else
			buf_addc(&rw->out, rw->s->text[a++]);
	}
}

/*
 * One line of display text: tabs expanded to 8-column stops (UTF-8
 * continuation bytes take no column), trailing white space stripped.
 */
static char *
display_line(const char *p, size_t n)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i, col = 0;

	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (p[i] == '\t') {
			do
				buf_addc(&b, ' ');
			while (++col % 8 != 0);
			continue;
		}
		buf_addc(&b, p[i]);
		col += ((unsigned char)p[i] & 0xc0) != 0x80;
	}
	while (b.len > 0 && isspace((unsigned char)b.p[b.len - 1]))
		b.p[--b.len] = '\0';
	return b.p;
}

/*
 * Splits the rewritten text into listing lines and fills the line map:
 * a line left blank where a TRACE_FUNC statement was is dropped (0), all
 * others are numbered 1.. in order.
 */
static void
func_number(struct rw *rw)
{
	struct func	*f = rw->f;
	const char	*p = rw->out.p, *nl;
	int		 i, nsrc = f->last - f->first + 1;

	f->map = xrealloc(NULL, nsrc * sizeof *f->map);
	f->lines = xrealloc(NULL, nsrc * sizeof *f->lines);
	for (i = 0; i < nsrc; i++, p = nl + 1) {
		char	*line;

		nl = strchr(p, '\n');
		line = display_line(p, nl - p);
		if (line[0] == '\0' && rw->in_trace[i]) {
			f->map[i] = 0;
			free(line);
			continue;
		}
		f->lines[f->nlines++] = line;
		f->map[i] = (short)f->nlines;
	}
}

/* Is `name` one of the functions of -x? */
static int
func_is_hidden(const char *name)
{
	int	i;

	for (i = 0; i < nhidden; i++)
		if (strcmp(hidden[i], name) == 0)
			return 1;
	return 0;
}

/*
 * A student build's listing of `f`: its signature and opening brace (the
 * student's skeleton has them too), the line that says whose body it is,
 * and the closing brace. No source line maps to it, and the lines of the
 * body are freed, never written out.
 */
static void
func_hide(struct func *f)
{
	char	 note[128];
	int	 i, keep = f->open - f->first + 1, nsrc = f->last - f->first + 1;

	for (i = keep; i < f->nlines; i++)
		free(f->lines[i]);
	snprintf(note, sizeof note, "\t/* your lab: write this (%s: the body "
	    "is yours to write) */", student_lab);
	f->lines[keep] = display_line(note, strlen(note));
	f->lines[keep + 1] = xstrndup("}", 1);
	f->nlines = keep + 2;
	for (i = 0; i < nsrc; i++)
		f->map[i] = 0;
	f->instrumented = 0;
	f->hidden = 1;
}

/* Renders the listing of `f`; exits on a malformed macro. */
static void
func_render(struct func *f)
{
	struct rw	 rw;
	struct src	*s = f->src;
	size_t		 a = s->line[f->first], b = s->line[f->last + 1];
	size_t		 i, nl = 0;

	if (f->last - f->first + 1 > SHRT_MAX)
		die(s, f->first, "function %s is too long", f->name);
	memset(&rw, 0, sizeof rw);
	rw.s = s;
	rw.f = f;
	rw.in_trace = xrealloc(NULL, f->last - f->first + 1);
	memset(rw.in_trace, 0, f->last - f->first + 1);
	buf_add(&rw.out, "", 0);
	rw_text(&rw, a, b);

	/* The invariant of pass 3: one newline per source line. */
	for (i = 0; i < rw.out.len; i++)
		nl += rw.out.p[i] == '\n';
	if (nl != (size_t)(f->last - f->first + 1))
		die(s, f->first, "internal error: %s lost its line structure",
		    f->name);
	func_number(&rw);
	free(rw.out.p);
	free(rw.in_trace);
	if (func_is_hidden(f->name))
		func_hide(f);
}

/* ------------------------------------------------------------------ */
/* Output.                                                             */
/* ------------------------------------------------------------------ */

/*
 * Writes `p` as a C string literal: backslash and quote escaped, bytes
 * outside printable ASCII as three-digit octal (so a following digit
 * cannot join the escape), and the second '?' of "??" escaped so that no
 * trigraph can form.
 */
static void
emit_str(FILE *o, const char *p)
{
	const unsigned char	*q = (const unsigned char *)p;

	putc('"', o);
	for (; *q != '\0'; q++) {
		if (*q == '\\' || *q == '"')
			fprintf(o, "\\%c", *q);
		else if (*q == '?' && q > (const unsigned char *)p &&
		    q[-1] == '?')
			fputs("\\?", o);
		else if (*q < 0x20 || *q >= 0x7f)
			fprintf(o, "\\%03o", *q);
		else
			putc(*q, o);
	}
	putc('"', o);
}

static void
emit_func(FILE *o, const struct func *f)
{
	int	i, nsrc = f->last - f->first + 1;

	fprintf(o, "\n/* %s: %s lines %d-%d */\n", f->name, f->src->file,
	    f->first, f->last);
	fprintf(o, "static const short src_to_line_%s[%d] = {", f->name, nsrc);
	for (i = 0; i < nsrc; i++)
		fprintf(o, "%s%d,", i % 12 == 0 ? "\n\t" : " ", f->map[i]);
	fprintf(o, "\n};\nstatic const char *const lines_%s[%d] = {\n",
	    f->name, f->nlines);
	for (i = 0; i < f->nlines; i++) {
		fputs("\t/* ", o);
		fprintf(o, "%3d */ ", i + 1);
		emit_str(o, f->lines[i]);
		fputs(",\n", o);
	}
	fprintf(o, "};\nextern const struct listing listing_%s;\n", f->name);
	fprintf(o, "const struct listing listing_%s = {\n\t.name = ", f->name);
	emit_str(o, f->name);
	fputs(",\n\t.file = ", o);
	emit_str(o, f->src->file);
	fprintf(o, ",\n\t.first_src = %d,\n\t.nsrc = %d,\n", f->first, nsrc);
	fprintf(o, "\t.src_to_line = src_to_line_%s,\n", f->name);
	fprintf(o, "\t.nlines = %d,\n\t.lines = lines_%s,\n", f->nlines,
	    f->name);
	fprintf(o, "\t.instrumented = %d,\n", f->instrumented);
	if (f->hidden) {
		fputs("\t.student = ", o);
		emit_str(o, student_lab);
		fputs(",\n", o);
	}
	fputs("};\n", o);
}

static int
func_cmp(const void *a, const void *b)
{
	return strcmp((*(struct func *const *)a)->name,
	    (*(struct func *const *)b)->name);
}

/* Writes the whole generated file, listings sorted by name. */
static void
emit(FILE *o)
{
	int	i;

	qsort(funcs, nfuncs, sizeof *funcs, func_cmp);
	fputs("/* Generated by mklisting: do not edit. */\n", o);
	fputs("#include <stddef.h>\n\n#include \"trace/listing.h\"\n", o);
	for (i = 0; i < nfuncs; i++)
		emit_func(o, funcs[i]);
	fputs("\nconst struct listing *const listings[] = {\n", o);
	for (i = 0; i < nfuncs; i++)
		fprintf(o, "\t&listing_%s,\n", funcs[i]->name);
	fputs("\tNULL,\n};\n", o);
}

static void
usage(void)
{
	fputs("usage: mklisting [-s strip-prefix] [-l lab -x func...] "
	    "file.c...\n", stderr);
	exit(1);
}

int
main(int argc, char **argv)
{
	const char	*strip = NULL;
	int		 ch, i;

	while ((ch = getopt(argc, argv, "l:s:x:")) != -1) {
		switch (ch) {
		case 'l':
			student_lab = optarg;
			break;
		case 's':
			strip = optarg;
			break;
		case 'x':
			hidden = xrealloc(hidden, (nhidden + 1) * sizeof *hidden);
			hidden[nhidden++] = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || (nhidden > 0) != (student_lab != NULL))
		usage();

	/* Every file is read and checked before a byte is written. */
	for (i = optind; i < argc; i++) {
		struct src	*s = xrealloc(NULL, sizeof *s);

		memset(s, 0, sizeof *s);
		s->path = s->file = argv[i];
		if (strip != NULL &&
		    strncmp(argv[i], strip, strlen(strip)) == 0)
			s->file = argv[i] + strlen(strip);
		src_read(s, argv[i]);
		src_index(s);
		src_classify(s);
		src_find(s);
	}
	for (i = 0; i < nfuncs; i++)
		func_render(funcs[i]);

	emit(stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "mklisting: write error: %s\n",
		    strerror(errno));
		return 1;
	}
	return 0;
}
