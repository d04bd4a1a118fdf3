/* bad-decide.c - a fixture: a DECIDE without its condition. */
int
broken(struct mm *mm)
{
	TRACE_FUNC(broken, mm);
	if (DECIDE("broken.x"))
		return 1;
	return 0;
}
