/*
 * slab.c - where VMAs come from: a cache of objects of one size, as the
 * kernel's vm_area_cachep (kmem_cache_zalloc, kmem_cache_alloc,
 * kmem_cache_free).
 *
 * Objects sit in slots of whole cache lines, aligned on a line, carved
 * from slabs of 64 KiB; a freed object's slot is the next one given out.
 * For the engine this does two things. What a search reads of a VMA (the
 * first 64 bytes of struct vma) is one cache line. And the mmap that fills
 * the hole an munmap left gets the memory that munmap freed, so VMAs that
 * are neighbours in the address space tend to be neighbours in memory.
 * As a kmem_cache keeps its slabs until it is shrunk, slabs are not given
 * back: the cache holds as many objects as were ever live at once, and
 * keeps every slab reachable (a list through each slab's first slot).
 *
 * Built with AddressSanitizer, or run with VMALAB_NO_SLAB set in the
 * environment (tests/valgrind.sh does), each object is a calloc of its own
 * and is given back to free() at once, so that the tools see every use
 * after free.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"

#define CACHE_LINE	64
#define SLAB_SIZE	(64 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_BYPASS	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_BYPASS	1
#endif
#endif
#ifndef SLAB_BYPASS
#define SLAB_BYPASS	0
#endif

struct kmem_cache {
	const char	*name;
	size_t		 size;		/* of an object */
	size_t		 slot;		/* size in whole cache lines */
	int		 bypass;	/* -1 not decided; 1: calloc and free */
	void		*free;		/* freed objects, through their first word */
	char		*next, *end;	/* the newest slab's unused slots */
	void		*slabs;		/* the newest slab; each links the last */
};

static struct kmem_cache vma_cache = {
	"vm_area_struct", sizeof(struct vma),
	(sizeof(struct vma) + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE,
	-1, NULL, NULL, NULL, NULL,
};
struct kmem_cache *const vm_area_cachep = &vma_cache;

static int
cache_bypass(struct kmem_cache *c)
{
	if (c->bypass < 0) {
		const char *e = getenv("VMALAB_NO_SLAB");

		c->bypass = SLAB_BYPASS || (e != NULL && *e != '\0');
	}
	return c->bypass;
}

/* A new slab: its first slot links the slabs, the rest are for objects. */
static int
cache_grow(struct kmem_cache *c)
{
	char *slab = aligned_alloc(CACHE_LINE, SLAB_SIZE);

	if (slab == NULL)
		return -1;
	*(void **)slab = c->slabs;
	c->slabs = slab;
	c->next = slab + c->slot;
	c->end = slab + SLAB_SIZE / c->slot * c->slot;
	return 0;
}

/*
 * kmem_cache_alloc: an object of the cache, its contents undefined.
 * Returns NULL when out of memory. `gfp` is there for the kernel's
 * spelling and means nothing here.
 */
void *
kmem_cache_alloc(struct kmem_cache *c, unsigned gfp)
{
	void *obj;

	(void)gfp;
	if (cache_bypass(c))
		return malloc(c->size);
	if ((obj = c->free) != NULL) {
		c->free = *(void **)obj;
		return obj;
	}
	if (c->next == c->end && cache_grow(c) < 0)
		return NULL;
	obj = c->next;
	c->next += c->slot;
	return obj;
}

/* kmem_cache_zalloc: the same, zeroed. */
void *
kmem_cache_zalloc(struct kmem_cache *c, unsigned gfp)
{
	void *obj = kmem_cache_alloc(c, gfp);

	if (obj != NULL)
		memset(obj, 0, c->size);
	return obj;
}

/* kmem_cache_free: gives `obj` back; its slot is the next one given out. */
void
kmem_cache_free(struct kmem_cache *c, void *obj)
{
	if (obj == NULL)
		return;
	if (cache_bypass(c)) {
		free(obj);
		return;
	}
	*(void **)obj = c->free;
	c->free = obj;
}
