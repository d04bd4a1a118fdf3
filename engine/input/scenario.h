/*
 * scenario.h - scenario files and /proc files, parsed into plain data.
 *
 * A scenario is what strace prints, so that a student can replay their own
 * program:
 *
 *   # comments start with #
 *   % layout legacy                       directives
 *   555555554000-555555555000 r--p 00000000 fe:00 1234  /usr/bin/true
 *   brk(NULL)                                           = 0x55555557a000
 *   mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x2aaaaaaea000
 *   munmap(0x2aaaaaaea000, 4096)          = 0
 *   mprotect(0x2aaaaaaeb000, 4096, PROT_READ) = 0
 *   mremap(0x2aaaaaaeb000, 4096, 8192, MREMAP_MAYMOVE) = 0x2aaaaaaeb000
 *   setrlimit(RLIMIT_DATA, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}) = 0
 *
 * Parsing is all or nothing: on any error the functions return -1, write
 * "file:line: message" into `err`, and leave nothing allocated in the
 * output (it is zeroed). The parsers never touch an mm: scenario data is
 * applied by run.c.
 */
#ifndef VMALAB_SCENARIO_H
#define VMALAB_SCENARIO_H

#include <stddef.h>
#include <stdio.h>

#define SCEN_ERRLEN 512

/* One line of /proc/PID/maps. */
struct scen_map {
	unsigned long	 start, end;
	unsigned long	 vm_flags;	/* VM_READ|VM_WRITE|VM_EXEC|VM_SHARED
					   |VM_MAY*, VM_GROWSDOWN for [stack],
					   VM_ACCOUNT for private writable */
	unsigned long	 pgoff;		/* in pages */
	char		*path;		/* NULL for anonymous; "[heap]" etc. */
	unsigned	 dev_major, dev_minor;
	unsigned long	 inode;
	int		 lineno;
};

/* The mm fields of /proc/PID/stat (0 where the file has none). */
struct proc_stat {
	unsigned long	 start_code, end_code, start_stack;
	unsigned long	 start_data, end_data, start_brk;
	unsigned long	 arg_start, arg_end, env_start, env_end;
};

/*
 * Argument conventions (set by the parser, scenario-call.c and the
 * files it uses):
 *  - NULL is 0; fd -1 is stored as (unsigned long)-1.
 *  - OP_MMAP: args[5] is the offset in bytes for mmap AND mmap2: strace
 *    prints mmap2's page offset already multiplied out to bytes.
 *  - OP_SETRLIMIT: args[0] resource (enum vm_rlimit numbering, 0..15),
 *    args[1] cur, args[2] max (RLIM_INFINITY for RLIM[64]_INFINITY),
 *    args[3] prlimit64's pid (0: the caller itself; 0 for setrlimit).
 *  - OP_OPEN: args[0] access mode (0 O_RDONLY, 1 O_WRONLY, 2 O_RDWR), path
 *    the decoded path string, expect the fd (or -errno).
 *  - OP_CLOSE: args[0] fd; path set when strace -y showed it.
 *  - OP_MREMAP: args[4] is the new address, 0 when the line has no fifth
 *    argument (strace prints it only with MREMAP_FIXED, and the kernel
 *    reads it only then).
 *  - OP_SKIP: name, text and note are set; args are not parsed.
 *  - The allocator's lines (malloc.c models glibc's main arena) are calls
 *    of the program, not system calls: malloc(SIZE), free(PTR),
 *    calloc(N, SIZE), realloc(PTR, SIZE), mallopt(PARAM, VALUE). They are
 *    numbered from 1 in file order, all five kinds together, in args[5];
 *    PTR is NULL, an address, or #N: the result of allocator call N
 *    (which must come earlier and be a malloc, calloc or realloc). For
 *    free and realloc, args[0] is the address and args[4] is N (0 for an
 *    address). OP_MALLOPT: args[0] is glibc's number of M_TRIM_THRESHOLD
 *    (-1), M_TOP_PAD (-2) or M_MMAP_THRESHOLD (-3), args[1] the value,
 *    an int, both stored as (unsigned long)(long).
 */
enum scen_op_kind {
	OP_BRK,		/* args[0] = brk */
	OP_MMAP,	/* args: addr, len, prot, flags, fd, off (bytes) */
	OP_MUNMAP,	/* args: addr, len */
	OP_SETRLIMIT,	/* args: resource, cur, max (setrlimit/prlimit64) */
	OP_OPEN,	/* open/openat: path, expected fd */
	OP_CLOSE,	/* args[0] = fd */
	OP_SKIP,	/* a syscall the engine does not model; note says why */
	OP_MALLOC,	/* args[0] = size */
	OP_FREE,	/* args[0] = ptr, args[4] = #N or 0 */
	OP_CALLOC,	/* args[0] = n, args[1] = size */
	OP_REALLOC,	/* args[0] = ptr, args[1] = size, args[4] = #N or 0 */
	OP_MALLOPT,	/* args[0] = param, args[1] = value */
	OP_MPROTECT,	/* args: addr, len, prot */
	OP_MREMAP,	/* args: addr, old len, new len, flags, new */
};

/* Is this one of the allocator's calls (OP_MALLOC .. OP_MALLOPT)? */
#define SCEN_OP_IS_ALLOC(k)	((k) >= OP_MALLOC && (k) <= OP_MALLOPT)

struct scen_op {
	enum scen_op_kind kind;
	int		 lineno;
	char		*name;		/* "mmap", "mmap2", "prlimit64", ... */
	char		*text;		/* the call as written, without pid,
					   timestamp and result */
	unsigned long	 args[6];
	char		*path;		/* mmap's file from strace -y
					   ("3</etc/ld.so.cache>"), open's path */
	int		 pid;		/* strace -f pid prefix, 0 if none */
	int		 has_expect;	/* "= result" was present */
	unsigned long	 expect;	/* address, 0, or -errno as the kernel
					   returns it */
	char		*note;		/* OP_SKIP: e.g. "madvise is
					   not modelled; skipped" */
};

/* Directives, and what the /proc lines told. `set` flags say which. */
struct scen_mmfields {
#define SCEN_F_START_CODE	0x0001
#define SCEN_F_END_CODE		0x0002
#define SCEN_F_START_DATA	0x0004
#define SCEN_F_END_DATA		0x0008
#define SCEN_F_START_BRK	0x0010
#define SCEN_F_BRK		0x0020
#define SCEN_F_START_STACK	0x0040
#define SCEN_F_MMAP_BASE	0x0080
#define SCEN_F_DEF_FLAGS	0x0100
	unsigned	 set;
	unsigned long	 start_code, end_code, start_data, end_data;
	unsigned long	 start_brk, brk, start_stack, mmap_base, def_flags;
};

struct scenario {
	char		*file;		/* name used in messages */
	int		 layout;	/* -1 unset, else enum mm_layout */
	char		*arch;		/* NULL unset */
	int		 has_aslr;
	unsigned long long aslr_seed;
	struct scen_mmfields mm;
	/* rlimits: rlim_set[r] nonzero when "% rlimit" gave one */
	int		 rlim_set[16];
	unsigned long	 rlim_cur[16], rlim_max[16];
	int		 personality_set;
	unsigned long	 personality;
	int		 max_map_count;		/* 0 unset */
	int		 mmap_min_addr_set;
	unsigned long	 mmap_min_addr;
	int		 aliasing;		/* -1 unset, 0 off, 1 on */
	int		 cap_ipc_lock;		/* -1 unset */
	char		*title;			/* "% title ..." */
	int		 kernel;		/* "% kernel": -1 unset, else
						   KERNEL_4_14 or KERNEL_6_18 */
	char		*recorded_on;		/* "% recorded_on Linux 6.18.4 ..." */
	/* "% fs FSNAME PATH": the filesystem of each file (6.x placement). */
	struct scen_fs {
		char	*fs, *path;
	}		*fs;
	size_t		 nfs;

	struct scen_map	*maps;
	size_t		 nmaps;
	struct scen_op	*ops;
	size_t		 nops;
};

/*
 * Parses a scenario from `fp`; `name` is used in messages. Reads at most
 * 256 MiB, in lines of at most 4 MiB. Returns 0, or -1 with "name:line:
 * message" (past the size cap: "name: larger than 256 MiB: ...") in err
 * and *sc zeroed.
 */
int	scenario_parse(FILE *fp, const char *name, struct scenario *sc,
	    char *err, size_t errlen);
/* The same, from a string in memory (NULL is the empty string). */
int	scenario_parse_string(const char *text, const char *name,
	    struct scenario *sc, char *err, size_t errlen);
/*
 * The same, from `len` arbitrary bytes (they may hold NUL bytes, which are
 * an error on the line that has them). Never reads outside [buf, buf+len);
 * the entry point for fuzzing.
 */
int	scenario_parse_mem(const void *buf, size_t len, const char *name,
	    struct scenario *sc, char *err, size_t errlen);
void	scenario_free(struct scenario *sc);

/*
 * Parses one /proc/PID/maps line (no newline). Returns 0, or -1 with a
 * message (without file:line) in err. out->path is allocated.
 */
int	procfs_parse_maps_line(const char *line, struct scen_map *out,
	    char *err, size_t errlen);
/*
 * Parses a whole /proc/PID/maps file (at most 32 MiB, in lines of at
 * most 64 KiB). Entries must be in increasing address order and must not
 * overlap. Returns 0 with a new array in *maps, or -1 with "name:line:
 * message" (past the size cap: "name: larger than 32 MiB: ...") in err.
 */
int	procfs_parse_maps(FILE *fp, const char *name, struct scen_map **maps,
	    size_t *nmaps, char *err, size_t errlen);
void	procfs_free_maps(struct scen_map *maps, size_t nmaps);
/*
 * Checks that `next` may follow `prev` (whose lineno is set) in a maps
 * list: next->start >= prev->end. Returns 0, or -1 with "mapping S-E
 * overlaps the mapping on line N" (or "is below ...") in err.
 */
int	procfs_check_next(const struct scen_map *prev,
	    const struct scen_map *next, char *err, size_t errlen);
/* Parses /proc/PID/stat (its first line, at most 1 MiB). Returns 0, or -1
 * with "name:1: message" in err. */
int	procfs_parse_stat(FILE *fp, const char *name, struct proc_stat *st,
	    char *err, size_t errlen);

/* Names of rlimit resources ("RLIMIT_DATA" <-> 2); -1 / NULL if unknown. */
int		 scenario_rlimit_id(const char *name);
const char	*scenario_rlimit_name(int id);

#endif
