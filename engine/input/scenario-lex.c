/*
 * scenario-lex.c - the lexer of scenario lines: characters, pieces of a
 * line, numbers, and the units of strace output.
 *
 * Lexical rule used throughout the parser: a "string" (with \ escapes),
 * a <path> that follows an fd or AT_FDCWD, and a comment are single
 * units; commas, parentheses and '#' inside them mean nothing
 * (scen_lex_skip_unit).
 *
 * Numbers are read into an unsigned long and say NUM_OK, NUM_BAD (not a
 * number) or NUM_RANGE (more than 64 bits): the caller words the message.
 * Nothing here fails with a message or allocates.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "scenario-int.h"
#include "kernel/vm.h"

/* ---- characters and pieces ------------------------------------------- */

int
scen_lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

int
scen_lex_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
scen_lex_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

int
scen_lex_word(char c)
{
	return scen_lex_digit(c) || scen_lex_upper(c) ||
	    (c >= 'a' && c <= 'z') || c == '_';
}

int
scen_lex_hexval(char c)
{
	if (scen_lex_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
scen_lex_ws(const char *s)
{
	while (scen_lex_space(*s))
		s++;
	return (char *)s;
}

void
scen_lex_rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && scen_lex_space(s[n - 1]))
		s[--n] = '\0';
}

int
scen_lex_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

struct scen_str
scen_lex_trim(const char *s, size_t n)
{
	struct scen_str r = { s, n };

	while (r.n > 0 && scen_lex_space(r.s[0])) {
		r.s++;
		r.n--;
	}
	while (r.n > 0 && scen_lex_space(r.s[r.n - 1]))
		r.n--;
	return r;
}

int
scen_lex_eq(struct scen_str a, const char *lit)
{
	return a.n == strlen(lit) && memcmp(a.s, lit, a.n) == 0;
}

/* ASCII case-insensitive equality of a piece and a literal. */
int
scen_lex_caseeq(const char *s, size_t n, const char *lit)
{
	size_t i;

	if (n != strlen(lit))
		return 0;
	for (i = 0; i < n; i++) {
		char a = s[i], b = lit[i];

		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (b >= 'a' && b <= 'z')
			b = (char)(b - 'a' + 'A');
		if (a != b)
			return 0;
	}
	return 1;
}

/* How much of a piece to quote in a message. */
int
scen_lex_show(size_t n)
{
	return n > SCEN_SHOW ? SCEN_SHOW : (int)n;
}

/* ---- numbers ----------------------------------------------------------- */

/* Digits in `base`, all of [s, s+n). NUM_BAD before NUM_RANGE. */
int
scen_lex_digits(const char *s, size_t n, unsigned base, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;
	int d;

	if (n == 0)
		return NUM_BAD;
	for (i = 0; i < n; i++)
		if ((d = scen_lex_hexval(s[i])) < 0 || (unsigned)d >= base)
			return NUM_BAD;
	for (i = 0; i < n; i++) {
		d = scen_lex_hexval(s[i]);
		if (v > (ULONG_MAX - (unsigned long)d) / base)
			return NUM_RANGE;
		v = v * base + (unsigned long)d;
	}
	*out = v;
	return NUM_OK;
}

/* "0x1f" (hex) or "31" (decimal). */
int
scen_lex_number(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return scen_lex_digits(s + 2, n - 2, 16, out);
	return scen_lex_digits(s, n, 10, out);
}

/* Hex with or without "0x", as addresses are written in maps files. */
int
scen_lex_hexnum(const char *s, size_t n, unsigned long *out)
{
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return scen_lex_digits(s + 2, n - 2, 16, out);
	return scen_lex_digits(s, n, 16, out);
}

static int
scen_lex_mul(unsigned long *v, unsigned long by)
{
	if (by != 0 && *v > ULONG_MAX / by)
		return NUM_RANGE;
	*v *= by;
	return NUM_OK;
}

/* One factor of a limit: a number, with a K, M or G suffix if allowed. */
static int
scen_lex_limit_factor(struct scen_str t, int suffixes, unsigned long *out)
{
	unsigned long scale = 1;
	int rc;

	if (suffixes && t.n > 1) {
		switch (t.s[t.n - 1]) {
		case 'K': case 'k': scale = 1UL << 10; t.n--; break;
		case 'M': case 'm': scale = 1UL << 20; t.n--; break;
		case 'G': case 'g': scale = 1UL << 30; t.n--; break;
		}
	}
	if ((rc = scen_lex_number(t.s, t.n, out)) != NUM_OK)
		return rc;
	return scen_lex_mul(out, scale);
}

/*
 * A resource limit: "unlimited", "infinity", RLIM_INFINITY or
 * RLIM64_INFINITY, or a product of factors ("8192*1024", as strace prints
 * multiples of 1024).
 */
int
scen_lex_limit(const char *s, size_t n, int suffixes, unsigned long *out)
{
	struct scen_str a = scen_lex_trim(s, n), t;
	unsigned long v = 1, f;
	const char *star;
	int rc;

	if (scen_lex_eq(a, "unlimited") || scen_lex_eq(a, "infinity") ||
	    scen_lex_eq(a, "RLIM_INFINITY") ||
	    scen_lex_eq(a, "RLIM64_INFINITY")) {
		*out = RLIM_INFINITY;
		return NUM_OK;
	}
	for (;;) {
		star = memchr(a.s, '*', a.n);
		t = scen_lex_trim(a.s, star ? (size_t)(star - a.s) : a.n);
		if ((rc = scen_lex_limit_factor(t, suffixes, &f)) != NUM_OK ||
		    (rc = scen_lex_mul(&v, f)) != NUM_OK)
			return rc;
		if (star == NULL)
			break;
		a = scen_lex_trim(star + 1, a.n - (size_t)(star + 1 - a.s));
	}
	*out = v;
	return NUM_OK;
}

/* ---- the lexical units of strace output -------------------------------- */

/* Index just past the unescaped `close` at or after s[i], or NPOS. */
size_t
scen_lex_skip_quoted(const char *s, size_t len, size_t i, char close)
{
	while (i < len) {
		if (s[i] == '\\')
			i += 2;
		else if (s[i] == close)
			return i + 1;
		else
			i++;
	}
	return NPOS;
}

/* Does s[i] open the <path> of strace -y ("3</x>", "AT_FDCWD</tmp>")? */
static int
scen_lex_fd_path_at(const char *s, size_t len, size_t i)
{
	return s[i] == '<' && i > 0 && scen_lex_word(s[i - 1]) && i + 1 < len &&
	    s[i + 1] != '<';
}

/* Index just past the unit starting at s[i]; never more than len. */
static size_t
scen_lex_skip_unit(const char *s, size_t len, size_t i)
{
	size_t e;

	if (s[i] == '"')
		e = scen_lex_skip_quoted(s, len, i + 1, '"');
	else if (scen_lex_fd_path_at(s, len, i))
		e = scen_lex_skip_quoted(s, len, i + 1, '>');
	else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
		for (e = i + 2; e + 1 < len; e++)
			if (s[e] == '*' && s[e + 1] == '/')
				break;
		e = e + 1 < len ? e + 2 : NPOS;
	} else
		return i + 1;
	return e == NPOS ? len : e;
}

/* The ')' closing the '(' at s[open], or NPOS (also on a wrong closer). */
size_t
scen_lex_close_paren(const char *s, size_t len, size_t open)
{
	size_t i = open;
	int depth = 0;

	while (i < len) {
		switch (s[i]) {
		case '(': case '[': case '{':
			depth++;
			break;
		case ')': case ']': case '}':
			if (--depth == 0)
				return s[i] == ')' ? i : NPOS;
			break;
		}
		i = scen_lex_skip_unit(s, len, i);
	}
	return NPOS;
}

/*
 * A trimmed piece without strace's C comments: with -X verbose strace
 * writes a value and then its names in a comment, and execve's envp is
 * an address and then "20 vars" in a comment. The value comes first.
 */
static struct scen_str
scen_lex_arg(const char *s, size_t n)
{
	struct scen_str a = scen_lex_trim(s, n);
	size_t i = 0;
	int depth = 0;

	while (i < a.n) {
		if (a.s[i] == '(' || a.s[i] == '[' || a.s[i] == '{')
			depth++;
		else if (a.s[i] == ')' || a.s[i] == ']' || a.s[i] == '}')
			depth--;
		else if (depth == 0 && a.s[i] == '/' && i + 1 < a.n &&
		    a.s[i + 1] == '*')
			return scen_lex_trim(a.s, i);
		i = scen_lex_skip_unit(a.s, a.n, i);
	}
	return a;
}

/*
 * Splits [s, s+len) at top-level commas into trimmed pieces without
 * comments; stores at most SCEN_MAXARGS and returns how many there are
 * ("" has none).
 */
int
scen_lex_split_args(const char *s, size_t len, struct scen_str *out)
{
	size_t i = 0, start = 0;
	int depth = 0, n = 0;

	if (scen_lex_trim(s, len).n == 0)
		return 0;
	for (;;) {
		if (i >= len || (s[i] == ',' && depth == 0)) {
			if (n < SCEN_MAXARGS)
				out[n] = scen_lex_arg(s + start,
				    (i < len ? i : len) - start);
			n++;
			if (i >= len)
				return n;
			start = ++i;
			continue;
		}
		if (s[i] == '(' || s[i] == '[' || s[i] == '{')
			depth++;
		else if (s[i] == ')' || s[i] == ']' || s[i] == '}')
			depth--;
		i = scen_lex_skip_unit(s, len, i);
	}
}

/*
 * Cuts a "# comment" outside strings and fd paths, then trailing blanks.
 * Inside a call's parentheses, '#' and a digit is no comment but an
 * allocator reference: free(#2).
 */
void
scen_lex_cut_call_comment(char *s)
{
	size_t len = strlen(s), i = 0;
	int depth = 0;

	while (i < len) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		else if (s[i] == '#' &&
		    !(depth > 0 && scen_lex_digit(s[i + 1]))) {
			s[i] = '\0';
			break;
		}
		i = scen_lex_skip_unit(s, len, i);
	}
	scen_lex_rtrim(s);
}

/* Directives and maps lines: a comment is a '#' after a blank. */
void
scen_lex_cut_comment(char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == '#' && (i == 0 || scen_lex_space(s[i - 1]))) {
			s[i] = '\0';
			break;
		}
	scen_lex_rtrim(s);
}

/* ---- names ------------------------------------------------------------- */

/* The entry of v[0..n) named [s, s+len), or NULL. */
const struct scen_name *
scen_lex_lookup(const struct scen_name *v, size_t n, const char *s,
    size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i].name) == len && memcmp(v[i].name, s, len) == 0)
			return &v[i];
	return NULL;
}
