/*
 * fail.c - see fail.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>

#include "fail.h"
#include "i18n.h"

int
engine_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		/* The format is the message: translated (po/README). */
		vsnprintf(err, errlen, _(fmt), ap);
		va_end(ap);
	}
	return -1;
}
