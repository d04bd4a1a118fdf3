/* gap.c - a fixture: a second file, functions after #endif and a comment. */
#include "instrument.h"

#ifdef CONFIG_MMU
#endif
static unsigned long unmapped_area(struct mm *mm,
				   struct vm_unmapped_area_info *info)
{
	TRACE_FUNC(unmapped_area, mm, V(info->length), V(info->low_limit),
	    V(info->high_limit));
	unsigned long length = info->length;

	STEP; if (DECIDE("unmapped_area.too_long",
			 length > info->high_limit, V(length)))
		STEP; RETURN(-ENOMEM);
	STEP; RETURN(info->low_limit);	/* café: non-ASCII stays */
}
/* Tabs expand to 8 columns; "quotes" and \backslashes are escaped. */
int arch_tab(struct mm *mm)
{
	TRACE_FUNC(arch_tab, mm);
	char *s = "a\tb \"q\" \\";	/*	tab */

	RETURN(DECIDE("arch_tab.odd", s[0] == '\'', V(s[0])));
}
