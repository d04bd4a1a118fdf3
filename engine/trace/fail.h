/*
 * fail.h - the engine's one way of failing with a message: the caller's
 * buffer gets it, the caller gets -1.
 */
#ifndef VMALAB_FAIL_H
#define VMALAB_FAIL_H

#include <stddef.h>

/*
 * Writes the message into err (when there is room) and returns -1. The
 * format is looked up in vmalab's catalogue first (xgettext takes it
 * from a call unmarked: po/README), so the message is in the user's
 * language; what it is filled with is not.
 */
int	engine_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
