/*
 * units.h - sizes as people read them: "4 KiB", "2 MiB", "43 TiB".
 *
 * One formatter for every place that shows a size to a person: the
 * stepper, the figures, the run output.  Powers of 1024 with the IEC
 * names; exact multiples print without a fraction ("2 MiB"), others
 * with one decimal ("1.5 MiB"); below 1 KiB, bytes ("512 B").
 */
#ifndef VMALAB_TRACE_UNITS_H
#define VMALAB_TRACE_UNITS_H

#include <stddef.h>

/*
 * Writes bytes as a human-readable size into buf (always terminated when
 * len > 0) and returns buf.  "43 TiB" needs 7 bytes; 16 always suffice.
 */
char	*fmt_size(char *buf, size_t len, unsigned long bytes);

#endif
