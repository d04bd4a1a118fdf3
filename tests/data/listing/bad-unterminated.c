/* bad-unterminated.c - a fixture: a TRACE_FUNC that does not close. */
int
broken(struct mm *mm)
{
	TRACE_FUNC(broken, mm, V(mm->brk);
	return 0;
}
