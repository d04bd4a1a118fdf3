/* bad-dup.c - a fixture: two functions claim one listing name. */
int
first(struct mm *mm)
{
	TRACE_FUNC(same, mm);
	RETURN(1);
}

int
second(struct mm *mm)
{
	TRACE_FUNC(same, mm);
	RETURN(2);
}
