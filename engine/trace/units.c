/*
 * units.c - see units.h.
 */
#include <stdio.h>

#include "units.h"

char *
fmt_size(char *buf, size_t len, unsigned long bytes)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	unsigned long div = 1024;
	int u = 0;

	if (len == 0)
		return buf;
	if (bytes < 1024) {
		snprintf(buf, len, "%lu B", bytes);
		return buf;
	}
	while (u < 5 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%lu %s", bytes / div, unit[u]);
	else
		snprintf(buf, len, "%.1f %s", (double)bytes / (double)div,
		    unit[u]);
	return buf;
}
