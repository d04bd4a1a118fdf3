/* bad-nobrace.c - a fixture: a function whose `}' is not at column 0. */
int
broken(struct mm *mm)
{
	TRACE_FUNC(broken, mm);
	return 0;
	}
