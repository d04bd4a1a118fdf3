/*
 * readcap.c - see readcap.h.
 *
 * getline() would do, but it grows its buffer without bound: on /dev/zero
 * (one endless line) it asks for more memory until there is none. This
 * reads a byte at a time (getc_unlocked, which costs about what getline's
 * own loop does) and checks both caps before each byte is stored, so the
 * buffer never holds more than the line's cap.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "fail.h"
#include "readcap.h"

void
readcap_init(struct readcap *rc, const char *name, const char *what,
    size_t max_bytes, size_t max_line)
{
	memset(rc, 0, sizeof *rc);
	rc->name = name != NULL ? name : "input";
	rc->what = what;
	rc->max_bytes = max_bytes;
	rc->max_line = max_line;
}

/* A cap as people say it: "256 MiB", "64 KiB", or bytes. */
static void
readcap_size(size_t n, char *buf, size_t len)
{
	if (n >= READCAP_MIB && n % READCAP_MIB == 0)
		snprintf(buf, len, "%zu MiB", n / READCAP_MIB);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, len, "%zu KiB", n / 1024);
	else
		snprintf(buf, len, "%zu bytes", n);
}

/* The message past a cap; the whole input's has no line number. */
static ssize_t
readcap_over(const struct readcap *rc, int whole, char *err, size_t errlen)
{
	char size[32];

	readcap_size(whole ? rc->max_bytes : rc->max_line, size, sizeof size);
	if (whole)
		return engine_fail(err, errlen, "%s: larger than %s: too "
		    "large for %s (is it the right file?)", rc->name, size,
		    rc->what);
	return engine_fail(err, errlen, "%s:%lu: a line longer than %s: too "
	    "long for %s (is it the right file?)", rc->name, rc->lineno, size,
	    rc->what);
}

/*
 * Makes room for byte n and the NUL after it. n < max_line, so the buffer
 * never grows past max_line + 1 bytes.
 */
static int
readcap_room(struct readcap *rc, size_t n)
{
	size_t ncap = rc->cap ? rc->cap : 256;
	char *nl;

	if (n + 1 < rc->cap)
		return 0;
	while (ncap <= n + 1)
		ncap *= 2;
	if (ncap > rc->max_line + 1)	/* n < max_line: still room */
		ncap = rc->max_line + 1;
	if ((nl = realloc(rc->line, ncap)) == NULL)
		return -1;
	rc->line = nl;
	rc->cap = ncap;
	return 0;
}

ssize_t
readcap_line(struct readcap *rc, FILE *fp, char *err, size_t errlen)
{
	size_t n = 0;
	int c;

	rc->lineno++;
	/* Invariant: line[0..n) holds this line so far, within both caps. */
	while ((c = getc_unlocked(fp)) != EOF) {
		if (rc->total >= rc->max_bytes)
			return readcap_over(rc, 1, err, errlen);
		if (n >= rc->max_line)
			return readcap_over(rc, 0, err, errlen);
		if (readcap_room(rc, n) < 0)
			return engine_fail(err, errlen, "%s: out of memory",
			    rc->name);
		rc->line[n++] = (char)c;
		rc->total++;
		if (c == '\n')
			break;
	}
	if (c == EOF && ferror(fp))
		return engine_fail(err, errlen, "%s:%lu: cannot read the file",
		    rc->name, rc->lineno);
	if (n == 0)
		return 0;
	rc->line[n] = '\0';
	return (ssize_t)n;
}

void
readcap_free(struct readcap *rc)
{
	free(rc->line);
	rc->line = NULL;
	rc->cap = 0;
}
