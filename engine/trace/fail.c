/*
 * fail.c - see fail.h.
 */
#include <stdarg.h>
#include <stdio.h>

#include "fail.h"

int
engine_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
