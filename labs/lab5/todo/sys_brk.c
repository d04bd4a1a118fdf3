
	/*
	 * TODO: move the break to `brk`, as Linux 4.14 does (README.md):
	 *
	 *  1. The lowest legal break: mm->end_data with CONFIG_COMPAT_BRK and
	 *     no heap randomization, else mm->start_brk (sys_brk.compat_brk);
	 *     below it, fail (.below_min_brk).
	 *  2. check_data_rlimit(): the heap plus the data segment may not
	 *     exceed RLIMIT_DATA (.rlimit_data).
	 *  3. Page-align the new and the old break; the same page means no
	 *     mapping changes (.same_page).
	 *  4. Shrinking is always allowed: do_munmap the pages above the new
	 *     break (.shrink, .munmap_ok).
	 *  5. Growing: refuse when the new break plus a guard page reaches
	 *     vm_start_gap() of the next VMA (.next_too_close); then do_brk()
	 *     maps the pages (.do_brk_failed).
	 *  6. On success mm->brk keeps the UNALIGNED value; fault the new
	 *     pages in when mlockall(MCL_FUTURE) asked for it
	 *     (.populate: mm_populate). On failure return the old break.
	 *
	 * Write each condition as DECIDE("sys_brk.<id>", condition,
	 * V(value), ...) so that the grader can compare your decisions with
	 * the kernel's, step by step.
	 */
	(void)newbrk;
	(void)oldbrk;
	(void)next;
	(void)min_brk;
	(void)populate;
	SET(retval, mm->brk);
	RETURN(retval);
