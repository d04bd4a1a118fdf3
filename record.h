/*
 * record.h - run a program under ptrace and see every memory call it
 * makes, with the kernel's result (vmalab record).
 *
 * record_run starts the program as `setarch -R` does (and `setarch -R -L`
 * with legacy), stops it right after its execve, calls hooks->start while
 * nothing of the new program has run, then hooks->call after each memory
 * call, in the order the calls returned. Threads of the program share the
 * recording; a fork, a vfork or a second execve is refused (a recording
 * is one address space from one start).
 *
 * Linux only; needs PTRACE_GET_SYSCALL_INFO (Linux 5.3).
 */
#ifndef RECORD_H
#define RECORD_H

#include <stdio.h>
#include <sys/types.h>

#define RECORD_ERRLEN	512

struct record_opts {
	char *const	*argv;		/* PROG and its arguments */
	int		 legacy;	/* ADDR_COMPAT_LAYOUT as well */
};

struct record_sys;			/* one entry of record.c's table */

/* One memory call, as the kernel saw it. */
struct record_call {
	pid_t		 tid;
	int		 prefix;	/* more than one thread so far: the
					   line gets strace -f's "[pid N] " */
	const struct record_sys *sys;
	const char	*name;		/* "mmap", "brk", ... */
	unsigned long	 args[6];
	long		 result;	/* what the kernel returned: -errno on
					   an error */
	const char	*path;		/* the mapped file, or NULL */
	long long	 size;		/* its size, -1 when unknown */
	unsigned long	 fs_type;	/* statfs f_type, 0 when unknown */
	int		 has_rlim[2];	/* new, old limits read */
	unsigned long long rlim[2][2];	/* {cur, max} of each */
};

struct record_hooks {
	/* At the exec stop. Returns 0, or -1 to stop after reporting why
	 * (record_run then returns -1 with an empty err). */
	int	(*start)(void *arg, pid_t pid);
	/* After each memory call. Returns 0, or -1 to stop, as start. */
	int	(*call)(void *arg, const struct record_call *);
};

/* How the program ended. */
struct record_exit {
	pid_t		 pid;
	int		 exited;	/* 1: status, 0: killed by signal */
	int		 status;
	int		 signal;
};

/*
 * Runs opts->argv[0] (searched in PATH) to its end. Returns 0 with *ex
 * set; or -1 with a message in err (ptrace or personality refused, the
 * program not found, a fork or second execve, a signal to vmalab), or
 * with err empty after a hook's -1: the program is then killed and
 * reaped. SIGINT, SIGTERM and SIGHUP are caught while it runs.
 */
int	record_run(const struct record_opts *, const struct record_hooks *,
	    void *arg, struct record_exit *ex, char *err, size_t errlen);

/*
 * Writes one call as strace -y prints it ("mmap(NULL, 8192, PROT_READ,
 * MAP_PRIVATE, 3</usr/lib/libc.so.6>, 0) = 0x7ffff7dc3000"), after a
 * line "% fs ext4 </usr/lib/libc.so.6>   # SIZE bytes, statfs f_type ..."
 * for a file mapping (a comment alone when the filesystem has no name).
 */
void	record_print_call(FILE *, const struct record_call *);

#endif
