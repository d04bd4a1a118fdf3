/*
 * listing.c - looking up the generated listings (listing.h).
 *
 * The table itself, listings[], is written at build time by mklisting into
 * listings.c; it is NULL-terminated and sorted by name.  There are about a
 * dozen listings, looked up once per traced call at most, so a linear scan
 * is all the search this needs.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>

#include "listing.h"

/*
 * Returns the listing of the function `name`, or NULL when no function of
 * that name is traced (or `name` is NULL).  Never fails otherwise.
 */
const struct listing *
listing_find(const char *name)
{
	const struct listing *const *l;

	if (name == NULL)
		return NULL;
	for (l = listings; *l != NULL; l++)
		if (strcmp((*l)->name, name) == 0)
			return *l;
	return NULL;
}

/*
 * Returns the listing line (1..l->nlines) of source line `src_line`, or 0
 * when `l` is NULL, when the line lies outside the function (before its
 * signature or after its closing brace) or when the line was dropped from
 * the listing (a TRACE_FUNC statement).
 */
int
listing_line(const struct listing *l, int src_line)
{
	if (l == NULL || src_line < l->first_src ||
	    src_line - l->first_src >= l->nsrc)
		return 0;
	return l->src_to_line[src_line - l->first_src];
}
