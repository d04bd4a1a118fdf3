/*
 * record.c - run a program under ptrace and see its memory calls.
 *
 * The program starts as `setarch -R PROG` starts it (`setarch -R -L` for
 * the legacy layout), so that its addresses are those the kernel picks
 * without randomization, and vmalab's model can be asked for the same:
 *
 *   vmalab                               the child
 *   fork ------------------------------> personality(ADDR_NO_RANDOMIZE
 *                                            [| ADDR_COMPAT_LAYOUT])
 *                                        ptrace(PTRACE_TRACEME)
 *   waitpid: stopped <------------------ raise(SIGSTOP)
 *   PTRACE_SETOPTIONS, PTRACE_CONT
 *                                        execvp(PROG, ARGS)
 *   waitpid: PTRACE_EVENT_EXEC <-------- the new image is in place and
 *   hooks->start (reads /proc/PID)       not one instruction of it ran
 *   PTRACE_SYSCALL, then at every stop:
 *     the entry of a call: remember its number and arguments
 *     its exit: the kernel's result; a memory call goes to hooks->call
 *
 * A failure in the child before the exec (personality, PTRACE_TRACEME,
 * execvp) comes back through a close-on-exec pipe: a successful exec
 * closes it, a failure writes the step and errno into it.
 *
 * PTRACE_GET_SYSCALL_INFO (Linux 5.3) gives the number, arguments and
 * result of a call without reading registers, so nothing here depends
 * on the processor; the numbers are those of <sys/syscall.h>, so a
 * program of another word size (a 32-bit one under a 64-bit vmalab) is
 * refused rather than misread.
 *
 * Threads (clone with CLONE_VM and without CLONE_VFORK) share the mm and
 * the recording; PTRACE_O_TRACECLONE attaches them before they run, and
 * their memory calls run one at a time (record_release). A
 * fork or vfork makes another address space, and a second execve
 * another start: both are refused, the program killed (a scenario has
 * one start state and one address space).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record.h"

#define NELEM(a)		(sizeof (a) / sizeof (a)[0])
#define RECORD_ARCH_64BIT	0x80000000U	/* __AUDIT_ARCH_64BIT */
#define RECORD_ERESTART_MIN	512		/* ERESTARTSYS .. */
#define RECORD_ERESTART_MAX	516		/* .. ERESTART_RESTARTBLOCK */
#define RECORD_PAD		39		/* strace's column of " = " */
#define RECORD_MREMAP_FIXED	2		/* <linux/mman.h> */
#define RECORD_MAP_HUGE_SHIFT	26
#define RECORD_MAP_HUGE_MASK	0x3fUL

/* ---- the calls that are recorded ---------------------------------------- */

/* How an argument is printed. RA_END ends a list shorter than six. */
enum record_arg {
	RA_END, RA_ADDR, RA_LEN, RA_PROT, RA_MAP, RA_FD, RA_OFF, RA_PGOFF,
	RA_NEWADDR, RA_MREMAP, RA_MADV, RA_INT, RA_HEX, RA_PID, RA_RES,
	RA_RLIM_NEW, RA_RLIM_OLD, RA_MCL, RA_SHMFLG,
};

struct record_sys {
	long		 nr;
	const char	*name;
	unsigned char	 args[6];
	int		 addr_result;	/* the result is an address */
	/* NULL: every call; else is this one recorded? */
	int		(*wanted)(const struct record_call *, pid_t pid);
};

/*
 * madvise changes the VMAs (their flags, so it may split or merge them)
 * only with these; MADV_DONTNEED, MADV_FREE, MADV_WILLNEED, MADV_COLD,
 * MADV_PAGEOUT, MADV_POPULATE_*, MADV_COLLAPSE, MADV_REMOVE and the guard
 * and poison advice act on pages and leave the VMAs as they are.
 */
static const struct {
	unsigned long	 value;
	const char	*name;
	int		 vmas;
} record_madvise[] = {
	{ 0, "MADV_NORMAL", 1 },	{ 1, "MADV_RANDOM", 1 },
	{ 2, "MADV_SEQUENTIAL", 1 },	{ 3, "MADV_WILLNEED", 0 },
	{ 4, "MADV_DONTNEED", 0 },	{ 8, "MADV_FREE", 0 },
	{ 9, "MADV_REMOVE", 0 },	{ 10, "MADV_DONTFORK", 1 },
	{ 11, "MADV_DOFORK", 1 },	{ 12, "MADV_MERGEABLE", 1 },
	{ 13, "MADV_UNMERGEABLE", 1 },	{ 14, "MADV_HUGEPAGE", 1 },
	{ 15, "MADV_NOHUGEPAGE", 1 },	{ 16, "MADV_DONTDUMP", 1 },
	{ 17, "MADV_DODUMP", 1 },	{ 18, "MADV_WIPEONFORK", 1 },
	{ 19, "MADV_KEEPONFORK", 1 },	{ 20, "MADV_COLD", 0 },
	{ 21, "MADV_PAGEOUT", 0 },	{ 22, "MADV_POPULATE_READ", 0 },
	{ 23, "MADV_POPULATE_WRITE", 0 }, { 24, "MADV_DONTNEED_LOCKED", 0 },
	{ 25, "MADV_COLLAPSE", 0 },	{ 100, "MADV_HWPOISON", 0 },
	{ 101, "MADV_SOFT_OFFLINE", 0 }, { 102, "MADV_GUARD_INSTALL", 0 },
	{ 103, "MADV_GUARD_REMOVE", 0 },
};

static int
record_want_madvise(const struct record_call *c, pid_t pid)
{
	size_t i;

	for (i = 0; i < NELEM(record_madvise); i++)
		if (record_madvise[i].value == c->args[2])
			return record_madvise[i].vmas;
	return 1;		/* unknown advice: keep it, to be safe */
}

/* prlimit64 on the program itself, with a new limit (not a read). */
static int
record_want_prlimit(const struct record_call *c, pid_t pid)
{
	return (c->args[0] == 0 || c->args[0] == (unsigned long)pid) &&
	    c->args[2] != 0;
}

static const struct record_sys record_calls[] = {
	{ SYS_brk, "brk", { RA_ADDR }, 1, NULL },
#if defined(SYS_mmap) && !defined(__i386__)	/* i386's takes a struct */
	{ SYS_mmap, "mmap", { RA_ADDR, RA_LEN, RA_PROT, RA_MAP, RA_FD,
	  RA_OFF }, 1, NULL },
#endif
#ifdef SYS_mmap2
	{ SYS_mmap2, "mmap2", { RA_ADDR, RA_LEN, RA_PROT, RA_MAP, RA_FD,
	  RA_PGOFF }, 1, NULL },
#endif
	{ SYS_munmap, "munmap", { RA_ADDR, RA_LEN }, 0, NULL },
	{ SYS_mprotect, "mprotect", { RA_ADDR, RA_LEN, RA_PROT }, 0, NULL },
#ifdef SYS_pkey_mprotect
	{ SYS_pkey_mprotect, "pkey_mprotect", { RA_ADDR, RA_LEN, RA_PROT,
	  RA_INT }, 0, NULL },
#endif
	{ SYS_mremap, "mremap", { RA_ADDR, RA_LEN, RA_LEN, RA_MREMAP,
	  RA_NEWADDR }, 1, NULL },
	{ SYS_madvise, "madvise", { RA_ADDR, RA_LEN, RA_MADV }, 0,
	  record_want_madvise },
	{ SYS_mlock, "mlock", { RA_ADDR, RA_LEN }, 0, NULL },
	{ SYS_munlock, "munlock", { RA_ADDR, RA_LEN }, 0, NULL },
#ifdef SYS_mlock2
	{ SYS_mlock2, "mlock2", { RA_ADDR, RA_LEN, RA_HEX }, 0, NULL },
#endif
	{ SYS_mlockall, "mlockall", { RA_MCL }, 0, NULL },
	{ SYS_munlockall, "munlockall", { RA_END }, 0, NULL },
#ifdef SYS_mseal
	{ SYS_mseal, "mseal", { RA_ADDR, RA_LEN, RA_HEX }, 0, NULL },
#endif
#ifdef SYS_shmat
	{ SYS_shmat, "shmat", { RA_INT, RA_ADDR, RA_SHMFLG }, 1, NULL },
	{ SYS_shmdt, "shmdt", { RA_ADDR }, 0, NULL },
#endif
#ifdef SYS_setrlimit
	{ SYS_setrlimit, "setrlimit", { RA_RES, RA_RLIM_NEW }, 0, NULL },
#endif
	{ SYS_prlimit64, "prlimit64", { RA_PID, RA_RES, RA_RLIM_NEW,
	  RA_RLIM_OLD }, 0, record_want_prlimit },
};

static const struct record_sys *
record_find_sys(unsigned long nr)
{
	size_t i;

	for (i = 0; i < NELEM(record_calls); i++)
		if ((unsigned long)record_calls[i].nr == nr)
			return &record_calls[i];
	return NULL;
}

/* The index of the argument printed as `kind`, or -1. */
static int
record_arg_index(const struct record_sys *sys, enum record_arg kind)
{
	int i;

	for (i = 0; i < 6 && sys->args[i] != RA_END; i++)
		if (sys->args[i] == kind)
			return i;
	return -1;
}

/* ---- names -------------------------------------------------------------- */

struct record_name {
	unsigned long	 value;
	const char	*name;
};

static const struct record_name record_prot_names[] = {
	{ PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" },
	{ PROT_EXEC, "PROT_EXEC" }, { 0x8, "PROT_SEM" },
	{ 0x01000000, "PROT_GROWSDOWN" }, { 0x02000000, "PROT_GROWSUP" },
};

/* The bits above the type (MAP_SHARED, MAP_PRIVATE...), as strace names them. */
static const struct record_name record_map_names[] = {
	{ MAP_FIXED, "MAP_FIXED" }, { MAP_ANONYMOUS, "MAP_ANONYMOUS" },
#ifdef MAP_32BIT
	{ MAP_32BIT, "MAP_32BIT" },
#endif
	{ MAP_GROWSDOWN, "MAP_GROWSDOWN" }, { MAP_DENYWRITE, "MAP_DENYWRITE" },
	{ MAP_EXECUTABLE, "MAP_EXECUTABLE" }, { MAP_LOCKED, "MAP_LOCKED" },
	{ MAP_NORESERVE, "MAP_NORESERVE" }, { MAP_POPULATE, "MAP_POPULATE" },
	{ MAP_NONBLOCK, "MAP_NONBLOCK" }, { MAP_STACK, "MAP_STACK" },
	{ MAP_HUGETLB, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0x4000000, "MAP_UNINITIALIZED" },
};

static const struct record_name record_maptype_names[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" },
};

static const struct record_name record_mremap_names[] = {
	{ 1, "MREMAP_MAYMOVE" }, { 2, "MREMAP_FIXED" },
	{ 4, "MREMAP_DONTUNMAP" },
};

static const struct record_name record_mcl_names[] = {
	{ 1, "MCL_CURRENT" }, { 2, "MCL_FUTURE" }, { 4, "MCL_ONFAULT" },
};

static const struct record_name record_shm_names[] = {
	{ 010000, "SHM_RDONLY" }, { 020000, "SHM_RND" },
	{ 040000, "SHM_REMAP" }, { 0100000, "SHM_EXEC" },
};

static const struct record_name record_rlimit_names[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" },
	{ 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" },
	{ 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
	{ 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" },
	{ 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" },
	{ 15, "RLIMIT_RTTIME" },
};

/* The errors memory calls return, by the names the scenario parser reads. */
static const struct record_name record_errno_names[] = {
	{ EPERM, "EPERM" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
	{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ETXTBSY, "ETXTBSY" },
	{ EFBIG, "EFBIG" }, { ENOSPC, "ENOSPC" }, { ENOSYS, "ENOSYS" },
	{ EOVERFLOW, "EOVERFLOW" }, { EOPNOTSUPP, "EOPNOTSUPP" },
};

/* statfs f_type: the magic numbers of <linux/magic.h> that hold files. */
static const struct record_name record_fs_names[] = {
	{ 0xef53, "ext4" },		/* ext2, ext3 and ext4 share it */
	{ 0x01021994, "tmpfs" },	/* and shmem, memfd, devtmpfs */
	{ 0x794c7630, "overlay" },	{ 0x9123683e, "btrfs" },
	{ 0x58465342, "xfs" },		{ 0x73717368, "squashfs" },
	{ 0xe0f5e1e2, "erofs" },	{ 0xf2f52010, "f2fs" },
	{ 0x2fc12fc1, "zfs" },		{ 0xca451a4e, "bcachefs" },
	{ 0x6969, "nfs" },		{ 0x65735546, "fuse" },
	{ 0x01021997, "9p" },		{ 0xff534d42, "cifs" },
	{ 0xfe534d42, "smb2" },		{ 0x00c36400, "ceph" },
	{ 0x858458f6, "ramfs" },	{ 0x958458f6, "hugetlbfs" },
	{ 0x4d44, "vfat" },		{ 0x2011bab0, "exfat" },
	{ 0x5346544e, "ntfs" },		{ 0x9660, "iso9660" },
	{ 0x15013346, "udf" },		{ 0x9fa0, "proc" },
	{ 0x62656572, "sysfs" },	{ 0x1cd1, "devpts" },
	{ 0x09041934, "anon_inode" },
};

static const char *
record_lookup(const struct record_name *t, size_t n, unsigned long v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == v)
			return t[i].name;
	return NULL;
}

/* The name of a statfs f_type ("ext4"), or NULL when unknown. */
static const char *
record_fs_name(unsigned long fs_type)
{
	return record_lookup(record_fs_names, NELEM(record_fs_names),
	    fs_type & 0xffffffffUL);
}

/* ---- printing a call ---------------------------------------------------- */

/* A line being written: the column, for strace's padding. */
struct record_line {
	FILE		*fp;
	int		 col;
};

static void
record_out(struct record_line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
record_out(struct record_line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(l->fp, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->col += n;
}

/* "A|B|0x40": the named bits, then what is left in hex. */
static void
record_out_bits(struct record_line *l, unsigned long v, int any,
    const struct record_name *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((v & t[i].value) != t[i].value)
			continue;
		record_out(l, "%s%s", any ? "|" : "", t[i].name);
		v &= ~t[i].value;
		any = 1;
	}
	if (v != 0 || !any)
		record_out(l, "%s%#lx", any ? "|" : "", v);
}

static void
record_out_flags(struct record_line *l, unsigned long v, const char *zero,
    const struct record_name *t, size_t n)
{
	if (v == 0)
		record_out(l, "%s", zero);
	else
		record_out_bits(l, v, 0, t, n);
}

/* MAP_PRIVATE|MAP_ANONYMOUS, and a huge page size as 21<<MAP_HUGE_SHIFT. */
static void
record_out_map(struct record_line *l, unsigned long v)
{
	const char *type = record_lookup(record_maptype_names,
	    NELEM(record_maptype_names), v & 0xf);
	unsigned long huge = (v >> RECORD_MAP_HUGE_SHIFT) & RECORD_MAP_HUGE_MASK;
	int any = 0;

	if (type != NULL) {
		record_out(l, "%s", type);
		v &= ~0xfUL;
		any = 1;
	}
	if ((v & MAP_HUGETLB) && huge != 0) {
		v &= ~(RECORD_MAP_HUGE_MASK << RECORD_MAP_HUGE_SHIFT);
		record_out_bits(l, v, any, record_map_names,
		    NELEM(record_map_names));
		record_out(l, "|%lu<<MAP_HUGE_SHIFT", huge);
	} else if (v != 0 || !any)
		record_out_bits(l, v, any, record_map_names,
		    NELEM(record_map_names));
}

/*
 * A path as strace -y shows it between < and >, escaped so that the
 * scenario parser gives back the name /proc/PID/maps prints: maps shows
 * a newline as the four characters \012, so "\\012" here; '>' and '\\'
 * are escaped, other control bytes written as octal escapes.
 */
static void
record_out_path(struct record_line *l, const char *p)
{
	unsigned char c;

	for (; (c = (unsigned char)*p) != '\0'; p++) {
		if (c == '\n')
			record_out(l, "\\\\012");
		else if (c == '\\' || c == '>')
			record_out(l, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			record_out(l, "\\%03o", c);
		else
			record_out(l, "%c", c);
	}
}

static void
record_out_rlim_value(struct record_line *l, unsigned long long v)
{
	if (v == ~0ULL || (sizeof (long) == 4 && v == 0xffffffffULL))
		record_out(l, "RLIM64_INFINITY");
	else
		record_out(l, "%llu", v);
}

static void
record_out_rlim(struct record_line *l, const struct record_call *c,
    int which, unsigned long ptr)
{
	if (ptr == 0) {
		record_out(l, "NULL");
		return;
	}
	if (!c->has_rlim[which]) {
		record_out(l, "%#lx", ptr);
		return;
	}
	record_out(l, "{rlim_cur=");
	record_out_rlim_value(l, c->rlim[which][0]);
	record_out(l, ", rlim_max=");
	record_out_rlim_value(l, c->rlim[which][1]);
	record_out(l, "}");
}

static void
record_out_name(struct record_line *l, unsigned long v,
    const struct record_name *t, size_t n)
{
	const char *name = record_lookup(t, n, v);

	if (name != NULL)
		record_out(l, "%s", name);
	else
		record_out(l, "%lu", v);
}

static void
record_out_arg(struct record_line *l, const struct record_call *c, int i)
{
	unsigned long v = c->args[i];
	size_t k;

	switch ((enum record_arg)c->sys->args[i]) {
	case RA_ADDR:
	case RA_NEWADDR:
		if (v == 0)
			record_out(l, "NULL");
		else
			record_out(l, "%#lx", v);
		break;
	case RA_LEN:
		record_out(l, "%lu", v);
		break;
	case RA_PROT:
		record_out_flags(l, v, "PROT_NONE", record_prot_names,
		    NELEM(record_prot_names));
		break;
	case RA_MAP:
		record_out_map(l, v);
		break;
	case RA_FD:
		record_out(l, "%d", (int)v);
		if (c->path != NULL) {
			record_out(l, "<");
			record_out_path(l, c->path);
			record_out(l, ">");
		}
		break;
	case RA_OFF:
		record_out(l, v == 0 ? "0" : "%#lx", v);
		break;
	case RA_PGOFF:		/* strace prints mmap2's offset in bytes */
		record_out(l, v == 0 ? "0" : "%#llx",
		    (unsigned long long)v * 4096);
		break;
	case RA_MREMAP:
		record_out_flags(l, v, "0", record_mremap_names,
		    NELEM(record_mremap_names));
		break;
	case RA_MADV:
		for (k = 0; k < NELEM(record_madvise); k++)
			if (record_madvise[k].value == v)
				break;
		if (k < NELEM(record_madvise))
			record_out(l, "%s", record_madvise[k].name);
		else
			record_out(l, "%#lx /* MADV_??? */", v);
		break;
	case RA_INT:
	case RA_PID:
		record_out(l, "%d", (int)v);
		break;
	case RA_HEX:
		record_out(l, "%#lx", v);
		break;
	case RA_RES:
		record_out_name(l, v, record_rlimit_names,
		    NELEM(record_rlimit_names));
		break;
	case RA_RLIM_NEW:
		record_out_rlim(l, c, 0, v);
		break;
	case RA_RLIM_OLD:
		record_out_rlim(l, c, 1, v);
		break;
	case RA_MCL:
		record_out_flags(l, v, "0", record_mcl_names,
		    NELEM(record_mcl_names));
		break;
	case RA_SHMFLG:
		record_out_flags(l, v, "0", record_shm_names,
		    NELEM(record_shm_names));
		break;
	case RA_END:
		break;
	}
}

/* " = 0x7ffff7dc3000", " = 0", " = -1 ENOMEM (Cannot allocate memory)". */
static void
record_out_result(struct record_line *l, const struct record_call *c)
{
	long r = c->result;
	const char *name;

	if (r < 0 && r >= -4095) {
		name = record_lookup(record_errno_names,
		    NELEM(record_errno_names), (unsigned long)-r);
		if (name != NULL)
			record_out(l, " = -1 %s (%s)", name, strerror((int)-r));
		else		/* no name the parser knows: the value itself */
			record_out(l, " = %ld (%s)", r, strerror((int)-r));
	} else if (c->sys->addr_result)
		record_out(l, " = %#lx", (unsigned long)r);
	else
		record_out(l, " = %ld", r);
}

/*
 * "% fs ext4 </usr/lib/libc.so.6>   # 1922136 bytes, statfs f_type 0xef53":
 * the filesystem decides whether 6.x aligns the mapping for huge pages.
 * A filesystem without a name here gets a comment only, and the replay
 * its default.
 */
static void
record_out_file_note(FILE *fp, const struct record_call *c)
{
	struct record_line l = { fp, 0 };
	const char *fs = c->fs_type == 0 ? NULL : record_fs_name(c->fs_type);

	if (fs != NULL) {
		record_out(&l, "%% fs %s <", fs);
		record_out_path(&l, c->path);
		record_out(&l, ">   #");
	} else {
		record_out(&l, "# ");
		record_out_path(&l, c->path);
		record_out(&l, ":");
	}
	if (c->size >= 0)
		record_out(&l, " %lld bytes", c->size);
	else
		record_out(&l, " size unknown");
	if (c->fs_type == 0)
		record_out(&l, ", filesystem unknown\n");
	else if (fs == NULL)
		record_out(&l, ", on an unknown filesystem (statfs f_type "
		    "%#lx)\n", c->fs_type & 0xffffffffUL);
	else
		record_out(&l, ", statfs f_type %#lx\n",
		    c->fs_type & 0xffffffffUL);
}

void
record_print_call(FILE *fp, const struct record_call *c)
{
	struct record_line l = { fp, 0 };
	int i, last = 6;

	if (c->path != NULL)
		record_out_file_note(fp, c);
	if (c->prefix)
		fprintf(fp, "[pid %5d] ", (int)c->tid);
	/* mremap shows its fifth argument only with MREMAP_FIXED, as strace. */
	if (record_arg_index(c->sys, RA_NEWADDR) == 4 &&
	    !(c->args[3] & RECORD_MREMAP_FIXED))
		last = 4;
	record_out(&l, "%s(", c->name);
	for (i = 0; i < last && c->sys->args[i] != RA_END; i++) {
		if (i > 0)
			record_out(&l, ", ");
		record_out_arg(&l, c, i);
	}
	record_out(&l, ")");
	if (l.col < RECORD_PAD)
		fprintf(fp, "%*s", RECORD_PAD - l.col, "");
	record_out_result(&l, c);
	fputc('\n', fp);
}

/* ---- the tracer's state ------------------------------------------------- */

/* What a task of the program is doing, as far as the tracer knows. */
enum record_state {
	RT_RUNNING,		/* a thread of the program */
	RT_EXPECTED,		/* announced by its parent, not stopped yet */
	RT_NEW,			/* stopped before its parent announced it */
	RT_FOREIGN,		/* another address space: killed at the end */
};

struct record_task {
	pid_t		 tid;
	enum record_state state;
	int		 in_call;	/* between a call's entry and exit */
	unsigned long	 nr;
	unsigned long	 args[6];
	unsigned long	 clone_flags;	/* of the clone it is in */
	int		 has_rlim;
	unsigned long long rlim[2];	/* the new limit, read at the entry */
	unsigned long	 held;		/* > 0: waits at a memory call's entry
					   (the order it came in) */
};

struct record {
	const struct record_opts *opts;
	const struct record_hooks *hooks;
	void		*arg;
	pid_t		 pid;		/* the program (its first thread) */
	int		 alive;		/* pid not reaped yet */
	struct record_task *tasks;
	size_t		 ntasks, cap;
	int		 prefix;	/* a second thread was seen */
	pid_t		 busy;		/* the task inside a memory call */
	unsigned long	 nheld;		/* tasks held so far */
	struct record_exit *ex;
	int		 ended;		/* ex is set */
	char		*err;
	size_t		 errlen;
	char		 path[PATH_MAX];
};

/* Why the child stopped before its exec, written into the pipe. */
enum record_step {
	RS_PERSONALITY = 1, RS_PERSONALITY_IGNORED, RS_TRACEME, RS_EXEC,
};

struct record_report {
	int		 step;
	int		 err;
};

static volatile sig_atomic_t record_signalled;

static int
record_fail(struct record *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The message for the caller; returns -1. */
static int
record_fail(struct record *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err[0] != '\0')
		return -1;	/* the first reason is the one to tell */
	va_start(ap, fmt);
	vsnprintf(r->err, r->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static struct record_task *
record_task_find(struct record *r, pid_t tid)
{
	size_t i;

	for (i = 0; i < r->ntasks; i++)
		if (r->tasks[i].tid == tid)
			return &r->tasks[i];
	return NULL;
}

static struct record_task *
record_task_add(struct record *r, pid_t tid, enum record_state state)
{
	struct record_task *t;
	size_t cap;

	if (r->ntasks == r->cap) {
		cap = r->cap ? 2 * r->cap : 8;
		if ((t = realloc(r->tasks, cap * sizeof *t)) == NULL) {
			record_fail(r, "out of memory");
			return NULL;
		}
		r->tasks = t;
		r->cap = cap;
	}
	t = &r->tasks[r->ntasks++];
	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->state = state;
	return t;
}

static void
record_task_remove(struct record *r, struct record_task *t)
{
	*t = r->tasks[--r->ntasks];
}

/* Resumes a stopped task to its next system call stop, with `sig`. */
static void
record_resume(pid_t tid, int sig)
{
	/* ESRCH: it was killed meanwhile; its exit comes through waitpid. */
	(void)ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)sig);
}

/* Kills every task and reaps them all (the program never outlives us). */
static void
record_kill_all(struct record *r)
{
	int st;
	size_t i;

	if (r->alive)
		kill(r->pid, SIGKILL);
	for (i = 0; i < r->ntasks; i++)
		kill(r->tasks[i].tid, SIGKILL);
	while (waitpid(-1, &st, __WALL) > 0 || errno == EINTR)
		continue;
	r->ntasks = 0;
}

/* ---- reading the tracee -------------------------------------------------- */

/* len bytes at addr in the tracee; 0, or -1 when unreadable. */
static int
record_peek(pid_t tid, unsigned long addr, void *buf, size_t len)
{
	unsigned char *out = buf;
	size_t done = 0, n;
	long word;

	while (done < len) {
		errno = 0;
		word = ptrace(PTRACE_PEEKDATA, tid, (void *)(addr + done),
		    NULL);
		if (word == -1 && errno != 0)
			return -1;
		n = len - done < sizeof word ? len - done : sizeof word;
		memcpy(out + done, &word, n);
		done += n;
	}
	return 0;
}

/* A struct rlimit (setrlimit: longs) or rlimit64 (prlimit64: 64 bits). */
static int
record_peek_rlim(pid_t tid, const struct record_sys *sys, unsigned long addr,
    unsigned long long out[2])
{
	unsigned long l[2];
	uint64_t q[2];

	if (strcmp(sys->name, "prlimit64") == 0) {
		if (record_peek(tid, addr, q, sizeof q) < 0)
			return -1;
		out[0] = q[0];
		out[1] = q[1];
		return 0;
	}
	if (record_peek(tid, addr, l, sizeof l) < 0)
		return -1;
	out[0] = l[0];
	out[1] = l[1];
	return 0;
}

/* The file behind a mapping's fd: its path, size and filesystem. */
static void
record_file(struct record *r, struct record_call *c, int fd)
{
	char link[64];
	struct stat st;
	struct statfs fs;
	ssize_t n;

	snprintf(link, sizeof link, "/proc/%d/fd/%d", (int)c->tid, fd);
	n = readlink(link, r->path, sizeof r->path - 1);
	if (n <= 0)
		return;		/* not an open fd: the number alone */
	r->path[n] = '\0';
	c->path = r->path;
	c->size = stat(link, &st) == 0 ? (long long)st.st_size : -1;
	c->fs_type = statfs(link, &fs) == 0 ?
	    (unsigned long)fs.f_type : 0;
}

/* ---- one memory call at a time -------------------------------------------- */

/*
 * Threads may make memory calls at the same time; the kernel runs them
 * one after the other (mmap_lock), in an order the tracer cannot see.
 * So it makes the order itself: a thread at the entry of a memory call
 * waits there (stopped, "held") while another thread is inside one, and
 * the recording's order is the order the kernel ran them.
 */
static void
record_release(struct record *r)
{
	struct record_task *next = NULL;
	size_t i;

	r->busy = 0;
	for (i = 0; i < r->ntasks; i++)
		if (r->tasks[i].held != 0 &&
		    (next == NULL || r->tasks[i].held < next->held))
			next = &r->tasks[i];
	if (next == NULL)
		return;
	next->held = 0;
	r->busy = next->tid;
	record_resume(next->tid, 0);
}

/* ---- one system call ----------------------------------------------------- */

static int
record_is_clone(unsigned long nr)
{
	if (nr == SYS_clone)
		return 1;
#ifdef SYS_clone3
	if (nr == SYS_clone3)
		return 1;
#endif
#ifdef SYS_fork
	if (nr == SYS_fork)
		return 1;
#endif
#ifdef SYS_vfork
	if (nr == SYS_vfork)
		return 1;
#endif
	return 0;
}

/* The flags of a clone, clone3, fork or vfork at its entry. */
static unsigned long
record_clone_flags(const struct record_task *t)
{
	uint64_t flags;

#ifdef SYS_clone3
	if (t->nr == SYS_clone3)	/* struct clone_args starts with them */
		return record_peek(t->tid, t->args[0], &flags,
		    sizeof flags) == 0 ? (unsigned long)flags : 0;
#endif
#ifdef SYS_vfork
	if (t->nr == SYS_vfork)
		return CLONE_VM | CLONE_VFORK | SIGCHLD;
#endif
	if (t->nr == SYS_clone)
		return t->args[0];
	return SIGCHLD;			/* fork */
}

static int
record_entry(struct record *r, struct record_task *t,
    const struct __ptrace_syscall_info *in)
{
	const struct record_sys *sys;
	int k;

	if (((in->arch & RECORD_ARCH_64BIT) != 0) != (sizeof (long) == 8))
		return record_fail(r, "%s runs as a %d-bit program: vmalab "
		    "record follows only programs of its own word size "
		    "(%d bits)", r->opts->argv[0], sizeof (long) == 8 ? 32 : 64,
		    (int)(8 * sizeof (long)));
	t->in_call = 1;
	t->nr = (unsigned long)in->entry.nr;
	for (k = 0; k < 6; k++)
		t->args[k] = (unsigned long)in->entry.args[k];
	t->has_rlim = 0;
	if (record_is_clone(t->nr))
		t->clone_flags = record_clone_flags(t);
	if ((sys = record_find_sys(t->nr)) == NULL)
		return 0;
	if ((k = record_arg_index(sys, RA_RLIM_NEW)) >= 0 && t->args[k] != 0)
		t->has_rlim = record_peek_rlim(t->tid, sys, t->args[k],
		    t->rlim) == 0;
	if (r->busy != 0 && r->busy != t->tid) {
		t->held = ++r->nheld;	/* after the one inside */
		return 1;
	}
	r->busy = t->tid;
	return 0;
}

static int
record_exit_stop(struct record *r, struct record_task *t,
    const struct __ptrace_syscall_info *in)
{
	const struct record_sys *sys;
	struct record_call c;
	int k;

	if (!t->in_call)
		return 0;	/* execve's return: its entry was before */
	t->in_call = 0;
	if (r->busy == t->tid)
		record_release(r);
	if ((sys = record_find_sys(t->nr)) == NULL)
		return 0;
	memset(&c, 0, sizeof c);
	c.tid = t->tid;
	c.prefix = r->prefix;
	c.sys = sys;
	c.name = sys->name;
	memcpy(c.args, t->args, sizeof c.args);
	c.result = (long)in->exit.rval;
	c.size = -1;
	if (-c.result >= RECORD_ERESTART_MIN &&
	    -c.result <= RECORD_ERESTART_MAX)
		return 0;	/* interrupted: the kernel runs it again */
	if (sys->wanted != NULL && !sys->wanted(&c, r->pid))
		return 0;
	if ((k = record_arg_index(sys, RA_FD)) >= 0 &&
	    !(c.args[3] & MAP_ANONYMOUS) && (int)c.args[k] >= 0)
		record_file(r, &c, (int)c.args[k]);
	c.has_rlim[0] = t->has_rlim;
	memcpy(c.rlim[0], t->rlim, sizeof c.rlim[0]);
	if ((k = record_arg_index(sys, RA_RLIM_OLD)) >= 0 && c.args[k] != 0 &&
	    c.result == 0)
		c.has_rlim[1] = record_peek_rlim(t->tid, sys, c.args[k],
		    c.rlim[1]) == 0;
	return r->hooks->call(r->arg, &c);
}

static int
record_syscall_stop(struct record *r, struct record_task *t)
{
	struct __ptrace_syscall_info in;

	memset(&in, 0, sizeof in);
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof in,
	    &in) < 0)
		return record_fail(r, "PTRACE_GET_SYSCALL_INFO: %s (it needs "
		    "Linux 5.3 or later)", strerror(errno));
	if (in.op == PTRACE_SYSCALL_INFO_ENTRY)
		return record_entry(r, t, &in);
	if (in.op == PTRACE_SYSCALL_INFO_EXIT)
		return record_exit_stop(r, t, &in);
	return 0;
}

/* ---- threads, forks and execs -------------------------------------------- */

/* A new task: a thread joins the recording, another process is refused. */
static int
record_new_task(struct record *r, struct record_task *parent, pid_t tid)
{
	unsigned long f = parent->clone_flags;
	struct record_task *t = record_task_find(r, tid);
	enum record_state was;

	if (!(f & CLONE_VM) || (f & CLONE_VFORK)) {
		if (t == NULL && record_task_add(r, tid, RT_FOREIGN) == NULL)
			return -1;
		if (t != NULL)
			t->state = RT_FOREIGN;
		return record_fail(r, "%s %s (pid %d made pid %d): a recording "
		    "is one address space from one start, and the child's is "
		    "another; record the program the child runs on its own "
		    "(vmalab record -- PROG ...)", r->opts->argv[0],
		    (f & CLONE_VFORK) ? "called vfork or posix_spawn to run "
		    "another program" : "forked", (int)parent->tid, (int)tid);
	}
	r->prefix = 1;
	if (t == NULL)
		return record_task_add(r, tid, RT_EXPECTED) == NULL ? -1 : 0;
	was = t->state;
	t->state = RT_RUNNING;
	if (was == RT_NEW)
		record_resume(tid, 0);
	return 0;
}

/* A second execve: name the program it runs, the one to record. */
static int
record_fail_exec(struct record *r, const struct record_task *t)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof link, "/proc/%d/exe", (int)r->pid);
	if ((n = readlink(link, r->path, sizeof r->path - 1)) <= 0)
		n = snprintf(r->path, sizeof r->path, "another program");
	r->path[n] = '\0';
	return record_fail(r, "%s ran %s (a second execve, in pid %d), "
	    "whose address space starts anew: a wrapper or a #!/usr/bin/env "
	    "script does this; record the program it runs directly "
	    "(vmalab record -- %s ...)", r->opts->argv[0], r->path,
	    (int)t->tid, r->path);
}

static int
record_event(struct record *r, struct record_task *t, int event)
{
	unsigned long msg = 0;

	switch (event) {
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		if (ptrace(PTRACE_GETEVENTMSG, t->tid, NULL, &msg) < 0)
			return record_fail(r, "PTRACE_GETEVENTMSG: %s",
			    strerror(errno));
		return record_new_task(r, t, (pid_t)msg);
	case PTRACE_EVENT_EXEC:
		return record_fail_exec(r, t);
	}
	return 0;
}

/* A stop that is not a system call or an event: a signal to pass on. */
static void
record_signal_stop(struct record_task *t, int sig)
{
	siginfo_t si;

	if (t->state == RT_EXPECTED && sig == SIGSTOP) {
		t->state = RT_RUNNING;	/* a new thread's first stop */
		record_resume(t->tid, 0);
		return;
	}
	/* No siginfo: a group-stop (SIGSTOP, SIGTSTP); it cannot be kept
	 * under PTRACE_TRACEME, so the program goes on. */
	if (ptrace(PTRACE_GETSIGINFO, t->tid, NULL, &si) < 0)
		sig = 0;
	record_resume(t->tid, sig);
}

/* A task has ended. */
static void
record_gone(struct record *r, struct record_task *t, int st)
{
	pid_t tid = t->tid;

	if (tid == r->pid) {
		r->ex->pid = r->pid;
		r->ex->exited = WIFEXITED(st);
		r->ex->status = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
		r->ex->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		r->ended = 1;
		r->alive = 0;
	}
	record_task_remove(r, t);
	if (r->busy == tid)	/* killed inside a memory call */
		record_release(r);
}

/* One waitpid report. Returns 0, or -1 to stop. */
static int
record_stop(struct record *r, pid_t tid, int st)
{
	struct record_task *t = record_task_find(r, tid);
	int sig = WIFSTOPPED(st) ? WSTOPSIG(st) : 0, rc;

	if (t == NULL) {
		if (WIFSTOPPED(st))	/* a new task, before its parent's event */
			return record_task_add(r, tid, RT_NEW) == NULL ? -1 : 0;
		return 0;
	}
	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		record_gone(r, t, st);
		return 0;
	}
	if (!WIFSTOPPED(st))
		return 0;
	if (sig == (SIGTRAP | 0x80)) {
		if ((rc = record_syscall_stop(r, t)) < 0)
			return -1;
		if (rc == 0)		/* 1: held at the entry */
			record_resume(tid, 0);
	} else if (sig == SIGTRAP && (st >> 16) != 0) {
		if (record_event(r, t, st >> 16) < 0)
			return -1;
		record_resume(tid, 0);
	} else
		record_signal_stop(t, sig);
	return 0;
}

static int
record_loop(struct record *r)
{
	pid_t tid;
	int st;

	while (r->ntasks > 0) {
		if (record_signalled)
			return record_fail(r, "interrupted by signal %d "
			    "(%s)", (int)record_signalled,
			    strsignal((int)record_signalled));
		tid = waitpid(-1, &st, __WALL);
		if (tid < 0 && errno == EINTR)
			continue;
		if (tid < 0)
			break;		/* ECHILD: nothing left */
		if (record_stop(r, tid, st) < 0)
			return -1;
	}
	if (!r->ended)
		return record_fail(r, "lost %s: waitpid: %s", r->opts->argv[0],
		    strerror(errno));
	return 0;
}

/* ---- starting the program ------------------------------------------------ */

static void
record_child_fail(int fd, int step, int err)
{
	struct record_report rep = { step, err };

	(void)!write(fd, &rep, sizeof rep);
	_exit(127);
}

/* In the child: what setarch -R [-L] does, then be traced, then exec. */
static void
record_child(const struct record_opts *o, int fd)
{
	unsigned long want = ADDR_NO_RANDOMIZE |
	    (o->legacy ? ADDR_COMPAT_LAYOUT : 0);
	int cur = personality(0xffffffff);

	if (cur == -1 || personality((unsigned long)cur | want) == -1)
		record_child_fail(fd, RS_PERSONALITY, errno);
	if (((unsigned long)personality(0xffffffff) & want) != want)
		record_child_fail(fd, RS_PERSONALITY_IGNORED, 0);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1)
		record_child_fail(fd, RS_TRACEME, errno);
	raise(SIGSTOP);		/* the parent sets its options */
	execvp(o->argv[0], o->argv);
	record_child_fail(fd, RS_EXEC, errno);
}

/* "kernel.yama.ptrace_scope is 2", or "" when there is no Yama. */
static int
record_ptrace_scope(void)
{
	FILE *fp = fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
	int scope = -1;

	if (fp != NULL) {
		if (fscanf(fp, "%d", &scope) != 1)
			scope = -1;
		fclose(fp);
	}
	return scope;
}

/*
 * A number field of our own /proc/self/status, which the child shares:
 * "TracerPid" (strace -f, gdb), "Seccomp" (2: a filter). 0 if unknown.
 */
static long
record_status(const char *key)
{
	char line[128];
	size_t n = strlen(key);
	FILE *fp = fopen("/proc/self/status", "r");
	long v = 0;

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(fp);
	return v;
}

static int
record_fail_traceme(struct record *r, int err)
{
	int scope = record_ptrace_scope();
	long tracer = record_status("TracerPid");

	if (err == EPERM && tracer != 0)
		return record_fail(r, "the program is already traced (vmalab "
		    "itself is, by pid %ld, and a process has one tracer): "
		    "run vmalab record outside strace -f or gdb", tracer);
	if (record_status("Seccomp") == 2)
		return record_fail(r, "ptrace is not allowed here "
		    "(PTRACE_TRACEME: %s): a seccomp filter forbids it (Seccomp: "
		    "2 in /proc/self/status), as in many containers; start the "
		    "container with --cap-add SYS_PTRACE and --security-opt "
		    "seccomp=unconfined, or record on the host", strerror(err));
	if (scope >= 2)
		return record_fail(r, "ptrace is not allowed here "
		    "(PTRACE_TRACEME: %s): kernel.yama.ptrace_scope is %d, %s",
		    strerror(err), scope, scope == 2 ? "so only a process "
		    "with CAP_SYS_PTRACE may trace; try as root (sudo), or ask "
		    "for 'sysctl kernel.yama.ptrace_scope=1'" : "which forbids "
		    "all tracing until the next reboot; record on another "
		    "machine");
	return record_fail(r, "ptrace is not allowed here (PTRACE_TRACEME: "
	    "%s): a security module (AppArmor, SELinux) or the container "
	    "forbids it; start the container with --cap-add SYS_PTRACE, or "
	    "record on the host", strerror(err));
}

/* The child ended before its exec: tell why. */
static int
record_fail_child(struct record *r, int fd, int st)
{
	struct record_report rep;
	const char *prog = r->opts->argv[0];

	if (read(fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
		return record_fail(r, "%s ended before its exec (wait status "
		    "%#x)", prog, (unsigned)st);
	switch (rep.step) {
	case RS_PERSONALITY:
		return record_fail(r, "address-space randomization cannot be "
		    "turned off here (personality(ADDR_NO_RANDOMIZE): %s): %s; "
		    "record on the host, or start the container with "
		    "--security-opt seccomp=unconfined", strerror(rep.err),
		    record_status("Seccomp") == 2 ? "a seccomp filter forbids "
		    "it, as Docker's default profile does" : "the kernel or a "
		    "security module refuses it");
	case RS_PERSONALITY_IGNORED:
		return record_fail(r, "personality(ADDR_NO_RANDOMIZE) did not "
		    "take effect (a seccomp filter answers it without running "
		    "it?); record on the host");
	case RS_TRACEME:
		return record_fail_traceme(r, rep.err);
	}
	if (rep.err == ENOENT && strchr(prog, '/') == NULL)
		return record_fail(r, "%s: command not found (not in PATH)",
		    prog);
	return record_fail(r, "cannot run %s: %s", prog, strerror(rep.err));
}

/* The child is reaped: it must not be killed by its pid again. */
static int
record_gone_early(struct record *r, int fd, int st)
{
	r->alive = 0;
	return record_fail_child(r, fd, st);
}

/* waitpid for one task, through EINTR unless vmalab was signalled. */
static int
record_wait(struct record *r, int *st)
{
	while (waitpid(r->pid, st, __WALL) < 0) {
		if (errno != EINTR || record_signalled)
			return record_fail(r, "waitpid: %s", errno == EINTR ?
			    "interrupted" : strerror(errno));
	}
	return 0;
}

/* From the child's SIGSTOP to its exec stop; the pipe tells failures. */
static int
record_to_exec(struct record *r, int fd)
{
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC |
	    PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	    PTRACE_O_EXITKILL;
	int st, sig = 0;

	if (record_wait(r, &st) < 0)
		return -1;
	if (!WIFSTOPPED(st))
		return record_gone_early(r, fd, st);
	if (ptrace(PTRACE_SETOPTIONS, r->pid, NULL, (void *)opts) < 0)
		return record_fail(r, "PTRACE_SETOPTIONS: %s",
		    strerror(errno));
	for (;;) {
		if (ptrace(PTRACE_CONT, r->pid, NULL, (void *)(long)sig) < 0)
			return record_fail(r, "PTRACE_CONT: %s",
			    strerror(errno));
		if (record_wait(r, &st) < 0)
			return -1;
		if (!WIFSTOPPED(st))
			return record_gone_early(r, fd, st);
		if (st >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			return 0;
		sig = WSTOPSIG(st);	/* a signal before the exec */
	}
}

static int
record_spawn(struct record *r)
{
	int fds[2], rc;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return record_fail(r, "pipe: %s", strerror(errno));
	fflush(NULL);		/* nothing buffered twice */
	if ((r->pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return record_fail(r, "fork: %s", strerror(errno));
	}
	if (r->pid == 0) {
		close(fds[0]);
		record_child(r->opts, fds[1]);
	}
	r->alive = 1;
	close(fds[1]);
	rc = record_to_exec(r, fds[0]);
	close(fds[0]);
	if (rc == 0 && record_task_add(r, r->pid, RT_RUNNING) == NULL)
		rc = -1;
	return rc;
}

/* ---- the whole run ------------------------------------------------------- */

static void
record_on_signal(int sig)
{
	record_signalled = sig;
}

/* SIGINT, SIGTERM, SIGHUP: stop waiting, kill the program, clean up. */
static void
record_signals(struct sigaction old[3], int install)
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = record_on_signal;	/* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		if (install)
			sigaction(sigs[i], &sa, &old[i]);
		else
			sigaction(sigs[i], &old[i], NULL);
	}
}

int
record_run(const struct record_opts *o, const struct record_hooks *h,
    void *arg, struct record_exit *ex, char *err, size_t errlen)
{
	struct sigaction old[3];
	struct record r;
	int rc;

	memset(&r, 0, sizeof r);
	memset(ex, 0, sizeof *ex);
	r.opts = o;
	r.hooks = h;
	r.arg = arg;
	r.ex = ex;
	r.err = err;
	r.errlen = errlen;
	err[0] = '\0';
	record_signalled = 0;
	record_signals(old, 1);
	rc = record_spawn(&r);
	if (rc == 0 && h->start(arg, r.pid) < 0)
		rc = -1;		/* the hook told why */
	if (rc == 0) {
		record_resume(r.pid, 0);
		rc = record_loop(&r);
	}
	if (rc < 0)
		record_kill_all(&r);
	record_signals(old, 0);
	free(r.tasks);
	return rc;
}
