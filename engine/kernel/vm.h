/*
 * vm.h - the constants of the modelled kernel: page size, VM_* flags,
 * PROT_* and MAP_* values, errno values, rlimit slots.
 *
 * The values are those of Linux 4.14 on x86_64 (the ABI of mmap(2) is the
 * same on the other modelled architectures for everything used here).
 * They are defined under VM_-free kernel names so that the engine reads
 * like the kernel, but they never come from <sys/mman.h>: the engine is a
 * model and must not depend on the host's headers agreeing with 4.14.
 */
#ifndef VMALAB_VM_H
#define VMALAB_VM_H

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define offset_in_page(p) ((unsigned long)(p) & ~PAGE_MASK)

#define SIZE_128M	(128UL << 20)

/* vm_flags (include/linux/mm.h, 4.14) */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_PFNMAP	0x00000400UL
#define VM_DENYWRITE	0x00000800UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_MIXEDMAP	0x10000000UL
#define VM_SOFTDIRTY	0x08000000UL
#define VM_GROWSUP	0x00000000UL	/* no VM_GROWSUP on the modelled arches */
#define VM_STACK	VM_GROWSDOWN
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
#define VM_LOCKED_CLEAR_MASK (~VM_LOCKED)
#define VM_DATA_DEFAULT_FLAGS \
	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

/* mmap(2) prot and flags (asm-generic/mman-common.h, x86) */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8
#define PROT_GROWSDOWN	0x01000000
#define PROT_GROWSUP	0x02000000

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_32BIT	0x40
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000

/* mremap(2) flags (uapi/linux/mman.h) */
#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2

/* personality(2) bits the layout code reads */
#define READ_IMPLIES_EXEC	0x0400000
#define ADDR_COMPAT_LAYOUT	0x0200000

/* errno values, as the kernel returns them (negated) */
#define EPERM	1
#define EBADF	9
#define ENOMEM	12
#define EACCES	13
#define EEXIST	17
#define ENODEV	19
#define EINVAL	22
#define ENOSPC	28
#define EAGAIN	11
#define EOVERFLOW 75
#define EFAULT	14

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

#define RLIM_INFINITY	(~0UL)

/* The rlimits the model reads; numbered as in <asm-generic/resource.h>. */
enum vm_rlimit {
	VM_RLIMIT_DATA = 2,
	VM_RLIMIT_STACK = 3,
	VM_RLIMIT_MEMLOCK = 8,
	VM_RLIMIT_AS = 9,
	VM_RLIMIT_NLIMITS = 16
};

#endif
