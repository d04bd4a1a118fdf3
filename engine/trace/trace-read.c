/*
 * trace-read.c - a strict reader for the JSON Lines of trace_format_jsonl.
 *
 * One line is one JSON object. The parser is a cursor over [p, end): it
 * never reads past `end`, so a line need not be NUL-terminated, and a
 * NUL byte inside it is an error like any other stray byte. Every failure
 * goes through rd_fail, which records the first message only; the object
 * is then thrown away whole (nothing half-filled reaches the caller).
 *
 * The grammar accepted, a subset of JSON sized to what the writer emits:
 *
 *   line   = ws object ws [ "\r" ] [ "\n" ]
 *   object = "{" ws [ member *( ws "," ws member ) ] ws "}"
 *   member = string ws ":" ws value      (the key decides the value's type)
 *   value  = string | integer | "true" | "false" | vals-object
 *
 * Integers are JSON's: an optional minus, then 0 or digits not starting
 * with 0; no fraction, no exponent (the writer never writes them).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "listing.h"
#include "readcap.h"
#include "trace-read.h"

/*
 * The caps of a trace read back. The reader keeps one line at a time, so
 * the whole file may be large (a long run's trace is a few GiB); one event
 * is a few hundred bytes, its longest string a listing line.
 */
#define TRACE_READ_MAX_BYTES	(2048 * READCAP_MIB)
#define TRACE_READ_MAX_LINE	(1 * READCAP_MIB)

/* Keys, as bits, to catch duplicates and check what goes together. */
enum {
	K_SEQ = 1 << 0, K_KIND = 1 << 1, K_DEPTH = 1 << 2, K_FUNC = 1 << 3,
	K_LINE = 1 << 4, K_SRC_LINE = 1 << 5, K_ID = 1 << 6,
	K_OUTCOME = 1 << 7, K_OP = 1 << 8, K_TEXT = 1 << 9, K_COND = 1 << 10,
	K_VALS = 1 << 11,
};

static const struct {
	const char	*name;
	unsigned	 bit;
} rd_keys[] = {
	{ "seq", K_SEQ }, { "kind", K_KIND }, { "depth", K_DEPTH },
	{ "func", K_FUNC }, { "line", K_LINE }, { "src_line", K_SRC_LINE },
	{ "id", K_ID }, { "outcome", K_OUTCOME }, { "op", K_OP },
	{ "text", K_TEXT }, { "cond", K_COND }, { "vals", K_VALS },
};

struct rd {
	const char	*start, *p, *end;
	const char	*file;
	unsigned long	 lineno;
	char		*err;
	size_t		 errlen;
	int		 failed;
};

static int
rd_fail(struct rd *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records the first error: "file:line: message at column N". */
static int
rd_fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	char msg[256];

	if (r->failed)
		return -1;
	r->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (r->err != NULL && r->errlen > 0)
		snprintf(r->err, r->errlen, "%s:%lu: %s (column %lu)",
		    r->file != NULL ? r->file : "trace", r->lineno, msg,
		    (unsigned long)(r->p - r->start) + 1);
	return -1;
}

static void
rd_ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

/* Describes the byte at the cursor for a message. */
static const char *
rd_here(struct rd *r, char *buf, size_t size)
{
	unsigned char c;

	if (r->p >= r->end)
		return "the end of the line";
	c = (unsigned char)*r->p;
	if (c == '\0')
		return "a NUL byte";
	if (c == '\n' || c == '\r')
		return "the end of the line";
	if (c < 0x20 || c >= 0x7f)
		snprintf(buf, size, "byte 0x%02x", c);
	else
		snprintf(buf, size, "'%c'", c);
	return buf;
}

static int
rd_expect(struct rd *r, char c, const char *what)
{
	char buf[16];

	rd_ws(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return 0;
	}
	return rd_fail(r, "expected %s, found %s", what,
	    rd_here(r, buf, sizeof(buf)));
}

/* ---- strings ----------------------------------------------------------- */

static int
rd_hex4(struct rd *r, unsigned *out)
{
	unsigned v = 0;
	int i;
	char c;

	for (i = 0; i < 4; i++) {
		if (r->p >= r->end)
			return rd_fail(r, "a \\u escape needs four hex digits");
		c = *r->p;
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned)(c - 'A' + 10);
		else
			return rd_fail(r, "a \\u escape needs four hex digits");
		r->p++;
	}
	*out = v;
	return 0;
}

/* Appends code point `cp` as UTF-8 at q (room for 4 bytes). */
static char *
rd_utf8(char *q, unsigned cp)
{
	if (cp < 0x80) {
		*q++ = (char)cp;
	} else if (cp < 0x800) {
		*q++ = (char)(0xc0 | (cp >> 6));
		*q++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*q++ = (char)(0xe0 | (cp >> 12));
		*q++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*q++ = (char)(0xf0 | (cp >> 18));
		*q++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*q++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*q++ = (char)(0x80 | (cp & 0x3f));
	}
	return q;
}

/* One escape after the backslash, decoded at *q. */
static int
rd_escape(struct rd *r, char **q)
{
	unsigned cp, lo;
	char c;

	if (r->p >= r->end)
		return rd_fail(r, "a string ends inside an escape");
	c = *r->p++;
	switch (c) {
	case '"': case '\\': case '/':
		*(*q)++ = c;
		return 0;
	case 'b': *(*q)++ = '\b'; return 0;
	case 'f': *(*q)++ = '\f'; return 0;
	case 'n': *(*q)++ = '\n'; return 0;
	case 'r': *(*q)++ = '\r'; return 0;
	case 't': *(*q)++ = '\t'; return 0;
	case 'u':
		break;
	default:
		r->p--;
		return rd_fail(r, "unknown escape \\%c in a string",
		    c >= 0x20 && c < 0x7f ? c : '?');
	}
	if (rd_hex4(r, &cp) != 0)
		return -1;
	if (cp == 0)
		return rd_fail(r, "\\u0000 (a NUL byte) in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return rd_fail(r, "a lone low surrogate in a string");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
			return rd_fail(r, "a high surrogate without its low "
			    "surrogate in a string");
		r->p += 2;
		if (rd_hex4(r, &lo) != 0)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return rd_fail(r, "a high surrogate without its low "
			    "surrogate in a string");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	*q = rd_utf8(*q, cp);
	return 0;
}

/*
 * A string at the cursor, decoded into a new buffer. A decoded string is
 * never longer than its encoding (the longest, a surrogate pair, is 12
 * bytes for 4), so the encoded length bounds the buffer.
 */
static int
rd_string(struct rd *r, char **out)
{
	const char *s;
	char *buf, *q;
	size_t n;
	char here[16];

	*out = NULL;
	rd_ws(r);
	if (r->p >= r->end || *r->p != '"')
		return rd_fail(r, "expected a string, found %s",
		    rd_here(r, here, sizeof(here)));
	s = ++r->p;
	while (r->p < r->end && *r->p != '"') {
		if (*r->p == '\\' && r->p + 1 < r->end)
			r->p++;
		r->p++;
	}
	n = (size_t)(r->p - s);
	r->p = s;
	if ((buf = malloc(n + 1)) == NULL)
		return rd_fail(r, "out of memory");
	for (q = buf; ; ) {
		if (r->p >= r->end) {
			free(buf);
			return rd_fail(r, "a string is not closed");
		}
		if (*r->p == '"')
			break;
		if (*r->p == '\\') {
			r->p++;
			if (rd_escape(r, &q) != 0) {
				free(buf);
				return -1;
			}
			continue;
		}
		if ((unsigned char)*r->p < 0x20) {
			free(buf);
			return rd_fail(r, "%s in a string (control characters "
			    "must be escaped)", *r->p == '\0' ? "a NUL byte" :
			    "a control character");
		}
		*q++ = *r->p++;
	}
	r->p++;		/* the closing quote */
	*q = '\0';
	*out = buf;
	return 0;
}

/* A key, compared in place: keys are plain ASCII without escapes. */
static int
rd_key(struct rd *r, unsigned *bit)
{
	char *key;
	size_t i;

	if (rd_string(r, &key) != 0)
		return -1;
	for (i = 0; i < sizeof(rd_keys) / sizeof(rd_keys[0]); i++) {
		if (strcmp(key, rd_keys[i].name) == 0) {
			free(key);
			*bit = rd_keys[i].bit;
			return 0;
		}
	}
	/* The message quotes at most 40 bytes of the key, printable only. */
	for (i = 0; key[i] != '\0' && i < 40; i++)
		if ((unsigned char)key[i] < 0x20 || (unsigned char)key[i] >= 0x7f)
			key[i] = '?';
	key[i] = '\0';
	rd_fail(r, "unknown key \"%s\"", key);
	free(key);
	return -1;
}

/* ---- numbers, booleans, names ---------------------------------------- */

/*
 * A JSON integer in [min, max] (min <= 0): *sval gets it signed, *uval
 * unsigned (either may be NULL).
 */
static int
rd_integer(struct rd *r, const char *what, long long min, uint64_t max,
    int64_t *sval, uint64_t *uval)
{
	uint64_t v = 0, lim;
	int neg = 0;
	char here[16];

	rd_ws(r);
	if (r->p < r->end && *r->p == '-') {
		if (min == 0)
			return rd_fail(r, "%s must not be negative", what);
		neg = 1;
		r->p++;
	}
	if (r->p >= r->end || *r->p < '0' || *r->p > '9')
		return rd_fail(r, "%s must be an integer, found %s", what,
		    rd_here(r, here, sizeof(here)));
	if (*r->p == '0' && r->p + 1 < r->end && r->p[1] >= '0' &&
	    r->p[1] <= '9')
		return rd_fail(r, "%s: an integer must not start with 0", what);
	lim = neg ? (uint64_t)-(min + 1) + 1 : max;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		unsigned d = (unsigned)(*r->p - '0');

		if (v > (lim - d) / 10)
			return rd_fail(r, "%s is out of range", what);
		v = v * 10 + d;
		r->p++;
	}
	if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E'))
		return rd_fail(r, "%s must be a whole number", what);
	if (uval != NULL)
		*uval = v;
	if (sval != NULL)
		*sval = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)v) : (int64_t)v;
	return 0;
}

/* An integer in [0, max]. */
static int
rd_int(struct rd *r, const char *what, int max, int *out)
{
	int64_t v;

	if (rd_integer(r, what, 0, (uint64_t)max, &v, NULL) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int
rd_bool(struct rd *r, const char *what, int *out)
{
	char here[16];

	rd_ws(r);
	if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) {
		r->p += 4;
		*out = 1;
		return 0;
	}
	if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) {
		r->p += 5;
		*out = 0;
		return 0;
	}
	return rd_fail(r, "%s must be true or false, found %s", what,
	    rd_here(r, here, sizeof(here)));
}

/* A string that must be one of names[0..n-1]; *out its index. */
static int
rd_name(struct rd *r, const char *what, const char *(*name)(unsigned),
    unsigned n, unsigned *out)
{
	char *s;
	unsigned i;

	if (rd_string(r, &s) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(s, name(i)) == 0) {
			free(s);
			*out = i;
			return 0;
		}
	}
	free(s);
	return rd_fail(r, "unknown %s", what);
}

static const char *
kind_at(unsigned i)
{
	return trace_kind_name((enum trace_kind)i);
}

static const char *
op_at(unsigned i)
{
	return trace_tree_op_name((enum trace_tree_op)i);
}

#define NKINDS		(TRACE_NOTE + 1)
#define NTREE_OPS	(TREE_RECOLOR + 1)

/* "0x" and 1 to 16 hex digits, as the writer prints unsigned longs. */
static int
rd_hexval(struct rd *r, unsigned long *out)
{
	char *s, *q;
	unsigned long v = 0;
	int digits = 0;

	if (rd_string(r, &s) != 0)
		return -1;
	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		free(s);
		return rd_fail(r, "a value must be a string \"0x\" and hex "
		    "digits");
	}
	for (q = s + 2; *q != '\0'; q++, digits++) {
		unsigned d;

		if (*q >= '0' && *q <= '9')
			d = (unsigned)(*q - '0');
		else if (*q >= 'a' && *q <= 'f')
			d = (unsigned)(*q - 'a' + 10);
		else if (*q >= 'A' && *q <= 'F')
			d = (unsigned)(*q - 'A' + 10);
		else
			break;
		if (v > (~0UL >> 4)) {
			free(s);
			return rd_fail(r, "a value does not fit in 64 bits");
		}
		v = v << 4 | d;
	}
	if (*q != '\0' || digits == 0) {
		free(s);
		return rd_fail(r, "a value must be a string \"0x\" and hex "
		    "digits");
	}
	free(s);
	*out = v;
	return 0;
}

/* "vals": {"name":"0x..", ...} */
static int
rd_vals(struct rd *r, struct trace_read_event *ev)
{
	char here[16];

	if (rd_expect(r, '{', "'{' to open vals") != 0)
		return -1;
	rd_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return 0;
	}
	for (;;) {
		if (ev->nvals == TRACE_MAXVALS)
			return rd_fail(r, "more than %d values in vals",
			    TRACE_MAXVALS);
		if (rd_string(r, &ev->vals[ev->nvals].name) != 0)
			return -1;
		ev->nvals++;
		if (rd_expect(r, ':', "':' after a value's name") != 0 ||
		    rd_hexval(r, &ev->vals[ev->nvals - 1].value) != 0)
			return -1;
		rd_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return 0;
		}
		return rd_fail(r, "expected ',' or '}' in vals, found %s",
		    rd_here(r, here, sizeof(here)));
	}
}

/* ---- the object ------------------------------------------------------- */

static int
rd_member(struct rd *r, struct trace_read_event *ev, unsigned *seen)
{
	unsigned bit, u = 0;

	if (rd_key(r, &bit) != 0)
		return -1;
	if (*seen & bit)
		return rd_fail(r, "a key appears twice");
	*seen |= bit;
	if (rd_expect(r, ':', "':' after a key") != 0)
		return -1;
	switch (bit) {
	case K_SEQ:
		return rd_integer(r, "seq", 0, UINT64_MAX, NULL, &ev->seq);
	case K_KIND:
		if (rd_name(r, "kind", kind_at, NKINDS, &u) != 0)
			return -1;
		ev->kind = (enum trace_kind)u;
		return 0;
	case K_DEPTH:
		return rd_int(r, "depth", TRACE_READ_MAXDEPTH, &ev->depth);
	case K_FUNC:
		return rd_string(r, &ev->func);
	case K_LINE:
		return rd_int(r, "line", INT_MAX, &ev->line);
	case K_SRC_LINE:
		return rd_int(r, "src_line", INT_MAX, &ev->src_line);
	case K_ID:
		return rd_string(r, &ev->id);
	case K_OUTCOME:
		return rd_bool(r, "outcome", &ev->outcome);
	case K_OP:
		if (rd_name(r, "tree op", op_at, NTREE_OPS, &u) != 0)
			return -1;
		ev->tree_op = (enum trace_tree_op)u;
		return 0;
	case K_TEXT:
	case K_COND:
		if (*seen & K_TEXT && *seen & K_COND)
			return rd_fail(r, "an event has \"text\" or \"cond\", "
			    "not both");
		return rd_string(r, &ev->text);
	case K_VALS:
		return rd_vals(r, ev);
	}
	return rd_fail(r, "internal error: key without a reader");
}

/* What goes together, once the whole object is read. */
static int
rd_consistent(struct rd *r, const struct trace_read_event *ev,
    unsigned seen)
{
	const unsigned fkeys = K_FUNC | K_LINE | K_SRC_LINE;
	int decide = ev->kind == TRACE_DECIDE, tree = ev->kind == TRACE_TREE;

	if (!(seen & K_SEQ))
		return rd_fail(r, "the event has no \"seq\"");
	if (!(seen & K_KIND))
		return rd_fail(r, "the event has no \"kind\"");
	if (!(seen & K_DEPTH))
		return rd_fail(r, "the event has no \"depth\"");
	if ((seen & fkeys) != 0 && (seen & fkeys) != fkeys)
		return rd_fail(r, "\"func\", \"line\" and \"src_line\" go "
		    "together");
	if (decide && (seen & (K_ID | K_OUTCOME)) != (K_ID | K_OUTCOME))
		return rd_fail(r, "a decide event needs \"id\" and "
		    "\"outcome\"");
	if (!decide && (seen & (K_ID | K_OUTCOME | K_COND)))
		return rd_fail(r, "only a decide event has \"id\", "
		    "\"outcome\" or \"cond\"");
	if (decide && (seen & K_TEXT))
		return rd_fail(r, "a decide event's condition is \"cond\", "
		    "not \"text\"");
	if (tree && !(seen & K_OP))
		return rd_fail(r, "a tree event needs \"op\"");
	if (tree && (seen & K_TEXT))
		return rd_fail(r, "a tree event has no \"text\"");
	if (!tree && (seen & K_OP))
		return rd_fail(r, "only a tree event has \"op\"");
	return 0;
}

static int
rd_object(struct rd *r, struct trace_read_event *ev)
{
	unsigned seen = 0;
	char here[16];

	if (rd_expect(r, '{', "'{' at the start of an event") != 0)
		return -1;
	rd_ws(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return rd_consistent(r, ev, seen);
	}
	for (;;) {
		if (rd_member(r, ev, &seen) != 0)
			return -1;
		rd_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			break;
		}
		return rd_fail(r, "expected ',' or '}' after a member, found "
		    "%s", rd_here(r, here, sizeof(here)));
	}
	if (rd_consistent(r, ev, seen) != 0)
		return -1;
	/* Only blanks and the line's end may follow. */
	rd_ws(r);
	if (r->p < r->end && *r->p == '\r')
		r->p++;
	if (r->p < r->end && *r->p == '\n')
		r->p++;
	if (r->p != r->end)
		return rd_fail(r, "%s after the event",
		    rd_here(r, here, sizeof(here)));
	return 0;
}

int
trace_read_line(const char *buf, size_t len, const char *file,
    unsigned long lineno, struct trace_read_event *ev, char *err,
    size_t errlen)
{
	struct rd r;

	memset(ev, 0, sizeof(*ev));
	memset(&r, 0, sizeof(r));
	r.start = r.p = buf != NULL ? buf : "";
	r.end = r.start + (buf != NULL ? len : 0);
	r.file = file;
	r.lineno = lineno;
	r.err = err;
	r.errlen = errlen;
	if (rd_object(&r, ev) != 0) {
		trace_read_event_free(ev);
		return -1;
	}
	if (ev->id != NULL)
		ev->decision = decision_find(ev->id);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	return 0;
}

void
trace_read_event_free(struct trace_read_event *ev)
{
	int i;

	if (ev == NULL)
		return;
	free(ev->func);
	free(ev->id);
	free(ev->text);
	for (i = 0; i < TRACE_MAXVALS; i++)
		free(ev->vals[i].name);
	memset(ev, 0, sizeof(*ev));
}

void
trace_read_view(const struct trace_read_event *ev, struct trace_event *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->seq = ev->seq;
	out->kind = ev->kind;
	out->func = ev->func;
	out->fn = ev->func != NULL ? listing_find(ev->func) : NULL;
	out->line = ev->line;
	out->src_line = ev->src_line;
	out->depth = ev->depth;
	out->decision = ev->decision;
	out->outcome = ev->outcome;
	out->tree_op = ev->tree_op;
	out->text = ev->kind == TRACE_TREE ? trace_tree_op_name(ev->tree_op) :
	    ev->text;
	out->nvals = ev->nvals;
	for (i = 0; i < ev->nvals; i++) {
		out->vals[i].name = ev->vals[i].name;
		out->vals[i].value = ev->vals[i].value;
	}
}

/* ---- files ------------------------------------------------------------ */

int
trace_read_file(FILE *fp, const char *file,
    int (*fn)(void *ctx, const struct trace_read_event *ev), void *ctx,
    char *err, size_t errlen)
{
	struct trace_read_event ev;
	struct readcap rd;
	ssize_t n;
	int rc = 0;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	readcap_init(&rd, file != NULL ? file : "trace", "a JSON Lines trace",
	    TRACE_READ_MAX_BYTES, TRACE_READ_MAX_LINE);
	while ((n = readcap_line(&rd, fp, err, errlen)) > 0) {
		if (trace_read_line(rd.line, (size_t)n, file, rd.lineno, &ev,
		    err, errlen) != 0) {
			rc = -1;
			break;
		}
		rc = fn(ctx, &ev);
		trace_read_event_free(&ev);
		if (rc != 0)
			break;
	}
	if (n < 0)
		rc = -1;	/* readcap_line wrote the message */
	readcap_free(&rd);
	return rc;
}
