/* hostile lab3: follows a NULL pointer after one traced decision (a crash) */
#include "vmalab-lab.h"

unsigned long
unmapped_area(struct mm *mm, const struct vm_unmapped_area_info *info)
{
	struct rb_node *rb = NULL;

	TRACE_FUNC(unmapped_area, mm, VN("length", info->length));
	if (DECIDE("unmapped_area.length_overflow", info->length == 0,
	    VN("info->length", info->length)))
		RETURN(-ENOMEM);
	/* The test program dies here, in every test. */
	RETURN(*(volatile unsigned long *)&rb->rb_left);
}
