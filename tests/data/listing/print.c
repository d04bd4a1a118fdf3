/*
 * print.c - the driver of tests/test-listing-gen.sh.  Linked with the
 * listings mklisting generated from the fixtures and with listing.c, it
 * prints every listing one source line per row:
 *
 *	  SRC  LINE | listing text		(LINE is "-" when dropped)
 *
 * and checks the lookups of listing.c, printing FAIL on any mismatch.  The
 * script compares the whole output with listings.expected.
 */
#include <stdio.h>

#include "listing.h"

/* Does the map number the listing lines 1..nlines once each, in order? */
static int
map_is_ordered(const struct listing *l)
{
	int	src, ln, next = 1;

	for (src = l->first_src; src < l->first_src + l->nsrc; src++) {
		if ((ln = listing_line(l, src)) == 0)
			continue;
		if (ln != next++)
			return 0;
	}
	return next == l->nlines + 1;
}

static void
print_listing(const struct listing *l)
{
	int	src, ln, last = l->first_src + l->nsrc - 1;

	printf("== %s  %s:%d-%d  %d lines  %s\n", l->name, l->file,
	    l->first_src, last, l->nlines,
	    l->instrumented ? "instrumented" : "logged");
	for (src = l->first_src; src <= last; src++) {
		if ((ln = listing_line(l, src)) == 0)
			printf("%4d   - |\n", src);
		else if (l->lines[ln - 1][0] == '\0')
			printf("%4d %3d |\n", src, ln);
		else
			printf("%4d %3d | %s\n", src, ln, l->lines[ln - 1]);
	}
	if (!map_is_ordered(l))
		printf("FAIL: the map is not 1..%d in order\n", l->nlines);
	if (listing_find(l->name) != l)
		printf("FAIL: listing_find(\"%s\")\n", l->name);
	if (listing_line(l, l->first_src - 1) != 0 ||
	    listing_line(l, last + 1) != 0)
		printf("FAIL: listing_line outside %s\n", l->name);
}

int
main(void)
{
	const struct listing *const *l;

	for (l = listings; *l != NULL; l++)
		print_listing(*l);
	if (listing_find("no_such_function") != NULL ||
	    listing_find(NULL) != NULL || listing_line(NULL, 1) != 0)
		printf("FAIL: lookups of what is not there\n");
	return 0;
}
