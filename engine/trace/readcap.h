/*
 * readcap.h - reading a text input line by line, with a cap on its size.
 *
 * Every file vmalab reads comes from a user: a scenario, a /proc file, a
 * trace, a quiz's answers, or a pipe that never ends (`yes | vmalab run -`).
 * Each reader names its own limits (the whole input, one line) and reads
 * through this, so that /dev/zero ends with a clear message instead of
 * eating the memory of the machine. Private to the engine and the grader
 * (not installed).
 */
#ifndef VMALAB_READCAP_H
#define VMALAB_READCAP_H

#include <stdio.h>
#include <sys/types.h>

#define READCAP_MIB	((size_t)1 << 20)

struct readcap {
	const char	*name;		/* the input, for messages */
	const char	*what;		/* "a scenario", for messages */
	size_t		 max_bytes;	/* of the whole input */
	size_t		 max_line;	/* of one line, newline included */
	size_t		 total;		/* bytes read so far */
	unsigned long	 lineno;	/* of the line last read */
	char		*line;		/* that line, NUL-terminated */
	size_t		 cap;
};

/* Starts reading `name`, which is `what` ("a scenario"), within the caps. */
void	readcap_init(struct readcap *, const char *name, const char *what,
	    size_t max_bytes, size_t max_line);
/*
 * Reads the next line (its newline kept, if any) into rc->line and returns
 * its length, which counts any NUL bytes in it. Returns 0 at the end of
 * the input, or -1 with the message in err: "NAME: larger than N MiB: ..."
 * past the input's cap, "NAME:LINE: a line longer than N MiB: ..." past
 * the line's, "NAME:LINE: cannot read the file" or "out of memory".
 */
ssize_t	readcap_line(struct readcap *, FILE *, char *err, size_t errlen);
/* Frees the line buffer; the struct may be read again after an init. */
void	readcap_free(struct readcap *);

#endif
