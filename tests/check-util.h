/*
 * check-util.h - helpers shared by the Check unit tests: address spaces
 * drawn as pictures (in the manner of the kernel's tools/testing/vma) and
 * traces recorded for assertions.
 */
#ifndef VMALAB_CHECK_UTIL_H
#define VMALAB_CHECK_UTIL_H

#include <stdio.h>

#include "kernel/mm.h"

/*
 * A picture of an address space, one character per `unit` bytes starting
 * at `base`:
 *   'A'..'Z'  a private read-write anonymous VMA; a run of the same
 *             letter is one VMA, a change of letter starts another
 *   'a'..'z'  the same, read-only (so it never merges with a neighbour)
 *   'H'       the heap: start_brk is its start, the break its end
 *   '#'       a stack that grows down (VM_GROWSDOWN)
 *   ' ', '.'  free
 *
 *        "AA B   ##"   at base 0x10000000, unit PAGE_SIZE:
 *        A = [0x10000000, 0x10002000)  B = [0x10003000, 0x10004000) ...
 *
 * Returns a new mm (x86_64, the given layout) holding the VMAs; without a
 * heap the break is at the end of the first VMA. Aborts the test on
 * failure.
 */
struct mm	*pic_mm(const char *pic, unsigned long base, unsigned long unit,
		    int layout);

/* The address of column `col` of a picture. */
#define PIC(base, unit, col)	((base) + (unsigned long)(col) * (unit))

/* Aborts the test when mm_validate finds a broken invariant. */
void		 check_mm(const struct mm *mm, const char *after);

/*
 * Recording: attach a recorder to mm, run, then ask whether a decision
 * was seen with an outcome. Observed (id, outcome) pairs are also added to
 * a process-wide coverage set that coverage tests read.
 */
void		 rec_start(struct mm *mm, struct trace_rec *rec,
		    struct trace *t);
void		 rec_stop(struct mm *mm, struct trace_rec *rec);
int		 rec_saw(const struct trace_rec *rec, const char *id,
		    int outcome);
/* Nonzero when (id, outcome) was seen by any recording so far. */
int		 coverage_saw(const char *id, int outcome);

/*
 * A stream that never ends: `pattern` (a string literal, not empty) over
 * and over, as /dev/zero or `yes` would give, for the readers' caps.
 * Aborts the test when the stream cannot be made; fclose frees it.
 */
FILE		*endless_open(const char *pattern);

#endif
