/*
 * fuzz.h - what the libFuzzer targets share: turning the input into a
 * FILE, and the checks of the parsers' failure contract, which the
 * sanitizers cannot see:
 *
 *   - a parser that fails writes "fuzz:LINE: message" (the name it was
 *     given, a line number, a non-empty message), NUL-terminated inside
 *     the caller's buffer;
 *   - and leaves its output zeroed: nothing half-built reaches a caller.
 *
 * A broken contract is reported on stderr and abort()s, which libFuzzer
 * records as a crash with the input that caused it.
 */
#ifndef VMALAB_FUZZ_H
#define VMALAB_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME	"fuzz"

static inline void
fuzz_die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: contract broken: %s%s%s\n", what,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	abort();
}

/*
 * err must be "fuzz:N: message", or "fuzz: message" for what is about the
 * whole file (no line says which quiz it is); with_line: only the first.
 */
static inline void
fuzz_check_msg(const char *err, size_t errlen, int with_line)
{
	const char *p;

	if (memchr(err, '\0', errlen) == NULL)
		fuzz_die("the message is not NUL-terminated", NULL);
	if (strncmp(err, FUZZ_NAME ":", sizeof(FUZZ_NAME)) != 0)
		fuzz_die("the message does not start with the file name", err);
	p = err + sizeof(FUZZ_NAME);
	if (with_line && (*p < '1' || *p > '9'))
		fuzz_die("the message has no line number", err);
	if (*p != ' ') {
		if (*p < '1' || *p > '9')
			fuzz_die("the line number is malformed", err);
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != ':')
			fuzz_die("the line number is malformed", err);
		p++;
	}
	if (p[0] != ' ' || p[1] == '\0' || p[1] == ' ')
		fuzz_die("the message is empty or malformed", err);
}

static inline void
fuzz_check_zero(const void *obj, size_t size, const char *what)
{
	const unsigned char *p = obj;
	size_t i;

	for (i = 0; i < size; i++)
		if (p[i] != 0)
			fuzz_die("a failed parse left its output non-zero",
			    what);
}

/* The input as a read-only stream (NUL bytes and all). */
static inline FILE *
fuzz_fopen(const uint8_t *data, size_t size)
{
	static char empty[1];
	FILE *fp;

	fp = fmemopen(size > 0 ? (void *)(uintptr_t)data : empty, size, "r");
	if (fp == NULL)
		fuzz_die("fmemopen failed", NULL);
	return fp;
}

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
