/*
 * listing.h - the numbered listings of the engine's kernel-mirroring
 * functions.
 *
 * The listings are generated at build time by mklisting from the engine's
 * own source files (listings.c is never edited by hand), so a listing can
 * not drift from the code that runs. The generator:
 *   - takes each function from its signature line to its closing brace;
 *   - drops lines that hold only instrumentation (TRACE_FUNC(...););
 *   - rewrites the instrumentation macros into the C they stand for:
 *       STEP;              ->  (nothing)
 *       DECIDE(id, c, ...) ->  c
 *       SET(v, e)          ->  v = e
 *       RETURN(x)          ->  return x
 *       GOTO(label)        ->  goto label
 *       DO(stmt)           ->  stmt
 *   - records, for each source line of the function, its listing line.
 *
 * Listing lines are numbered from 1 (the signature line).
 */
#ifndef VMALAB_LISTING_H
#define VMALAB_LISTING_H

struct listing {
	const char	 *name;		/* function name, e.g. "sys_brk" */
	const char	 *file;		/* source file, e.g. "engine/kernel/mmap.c" */
	int		  first_src;	/* source line of the signature */
	int		  nsrc;		/* source lines spanned */
	const short	 *src_to_line;	/* [nsrc]: listing line, 0 if dropped */
	int		  nlines;
	const char *const *lines;	/* [nlines]: listing text, no newline */
	int		  instrumented;	/* every line is a step */
	const char	 *student;	/* a student build (configure
					   --enable-student=LAB): the LAB whose
					   students write this function; its
					   listing is then its signature and
					   "your lab: write this". Else NULL. */
};

extern const struct listing *const listings[];	/* NULL-terminated */

/* Returns the listing of `name`, or NULL when there is none. */
const struct listing *listing_find(const char *name);

/*
 * Returns the listing line of source line `src_line` of `l`, or 0 when the
 * line is outside the function or was dropped from the listing.
 */
int	listing_line(const struct listing *l, int src_line);

#endif
