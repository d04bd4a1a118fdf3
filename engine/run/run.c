/*
 * run.c - the driver: a parsed scenario applied to an mm, one system call
 * at a time.
 *
 * A run has two halves:
 *
 *   run_start   the start state. A fresh mm is built from the directives,
 *               the command line and the /proc lines; on any error it is
 *               freed again, so nothing is ever half-applied.
 *   run_op      one system call: brk, mmap, munmap and setrlimit go to
 *               the engine (mmap.c), mprotect and mremap to mprotect.c
 *               and mremap.c; open and close keep the file table that
 *               strace's fd numbers refer to; the rest are skipped.
 *
 * The results are in the kernel's form (an address, 0, or -errno), and
 * run_format_result prints them the way strace does, so that the output
 * of `vmalab run` reads like the input it replays.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/fail.h"
#include "malloc/malloc.h"
#include "run.h"
#include "kernel/vm.h"

#define RUN_DEFAULT_BRK	0x555555559000UL	/* an empty scenario's break */
#define STRACE_COLUMN	40			/* where strace puts "= " */

/* ---- errno names and texts ------------------------------------------- */

/*
 * The errno values of Linux (x86, arm, generic), with the names strace
 * prints and glibc's strerror texts. Values are written out rather than
 * taken from <errno.h>: the engine models Linux whatever the host.
 */
static const struct run_errno {
	int		 value;
	const char	*name;
	const char	*text;
} run_errnos[] = {
	{ EPERM, "EPERM", "Operation not permitted" },
	{ 2, "ENOENT", "No such file or directory" },
	{ 3, "ESRCH", "No such process" },
	{ 4, "EINTR", "Interrupted system call" },
	{ EBADF, "EBADF", "Bad file descriptor" },
	{ EAGAIN, "EAGAIN", "Resource temporarily unavailable" },
	{ ENOMEM, "ENOMEM", "Cannot allocate memory" },
	{ EACCES, "EACCES", "Permission denied" },
	{ 14, "EFAULT", "Bad address" },
	{ EEXIST, "EEXIST", "File exists" },
	{ ENODEV, "ENODEV", "No such device" },
	{ 20, "ENOTDIR", "Not a directory" },
	{ 21, "EISDIR", "Is a directory" },
	{ EINVAL, "EINVAL", "Invalid argument" },
	{ 23, "ENFILE", "Too many open files in system" },
	{ 24, "EMFILE", "Too many open files" },
	{ 26, "ETXTBSY", "Text file busy" },
	{ ENOSPC, "ENOSPC", "No space left on device" },
	{ 30, "EROFS", "Read-only file system" },
	{ 36, "ENAMETOOLONG", "File name too long" },
	{ 38, "ENOSYS", "Function not implemented" },
	{ 40, "ELOOP", "Too many levels of symbolic links" },
	{ EOVERFLOW, "EOVERFLOW", "Value too large for defined data type" },
};

static const struct run_errno *
run_errno_find(int err)
{
	size_t i;

	for (i = 0; i < sizeof run_errnos / sizeof run_errnos[0]; i++)
		if (run_errnos[i].value == err)
			return &run_errnos[i];
	return NULL;
}

const char *
run_errno_name(int err)
{
	const struct run_errno *e = run_errno_find(err);

	return e != NULL ? e->name : NULL;
}

const char *
run_strerror(int err)
{
	const struct run_errno *e = run_errno_find(err);

	return e != NULL ? e->text : NULL;
}

/* ---- the start state: mappings ----------------------------------------- */

/* A mapping of the input with the name of the file it came from. */
struct run_src {
	const struct scen_map	*m;
	const char		*file;
};

/*
 * The names of special mappings are kept as literals when they are the
 * usual ones, so that a VMA's vm_name never points into the input.
 */
static const char *const run_known_names[] = {
	"[heap]", "[stack]", "[vdso]", "[vvar]", "[vvar_vclock]",
	"[vsyscall]", "[uprobes]", "[sigpage]", "[vectors]",
};

static const char *
run_intern(struct run *r, const char *name)
{
	char **grown, *copy;
	size_t i;

	for (i = 0; i < sizeof run_known_names / sizeof run_known_names[0];
	    i++)
		if (strcmp(run_known_names[i], name) == 0)
			return run_known_names[i];
	for (i = 0; i < r->nnames; i++)
		if (strcmp(r->names[i], name) == 0)
			return r->names[i];
	grown = realloc(r->names, (r->nnames + 1) * sizeof *grown);
	if (grown == NULL)
		return NULL;
	r->names = grown;
	if ((copy = strdup(name)) == NULL)
		return NULL;
	r->names[r->nnames++] = copy;
	return copy;
}

/* Is this the path /proc shows for shared anonymous or SysV memory? */
static int
run_is_shmem_path(const char *path)
{
	static const char deleted[] = " (deleted)";
	size_t n = strlen(path), d = sizeof deleted - 1;

	if (strcmp(path, "/dev/zero (deleted)") == 0)
		return 1;
	return strncmp(path, "/SYSV", 5) == 0 && n > d &&
	    strcmp(path + n - d, deleted) == 0;
}

/* A fresh file for shared anonymous memory, named as /proc named it. */
static struct vfile *
run_shmem_file(struct mm *mm, const char *path)
{
	struct vfile *f = mm_file_anon_shared(mm);
	char *copy;

	if (f == NULL || strcmp(f->path, path) == 0)
		return f;
	if ((copy = strdup(path)) == NULL)
		return NULL;
	free(f->path);
	f->path = copy;
	return f;
}

/* Maps one entry of the input into r->mm. Returns 0 or -1 with err. */
static int
run_add_map(struct run *r, const struct run_src *s, char *err,
    size_t errlen)
{
	const struct scen_map *m = s->m;
	struct mm *mm = r->mm;
	unsigned long flags = m->vm_flags, pgoff = m->pgoff;
	struct vfile *file = NULL;
	const char *name = NULL, *msg;

	if (m->path != NULL && m->path[0] == '[') {
		if ((name = run_intern(r, m->path)) == NULL)
			return engine_fail(err, errlen, "%s:%d: out of memory",
			    s->file, m->lineno);
		if (strcmp(m->path, "[stack]") == 0)
			flags |= VM_GROWSDOWN;
	} else if (m->path != NULL && !run_is_shmem_path(m->path)) {
		file = mm_file(mm, m->path);
	} else if (m->path != NULL || (flags & VM_MAYSHARE)) {
		/* shmem_zero_setup: each one is a file of its own. */
		file = run_shmem_file(mm, m->path != NULL ? m->path :
		    "/dev/zero (deleted)");
	}
	if ((m->path != NULL && m->path[0] != '[' && file == NULL) ||
	    ((flags & VM_MAYSHARE) && file == NULL))
		return engine_fail(err, errlen, "%s:%d: out of memory", s->file,
		    m->lineno);
	/* An anonymous private VMA's pgoff is its address in pages. */
	if (file == NULL)
		pgoff = m->start >> PAGE_SHIFT;
	if (mm_add_vma(mm, m->start, m->end, flags, pgoff, file, name,
	    &msg) == NULL)
		return engine_fail(err, errlen, "%s:%d: mapping %lx-%lx: %s",
		    s->file, m->lineno, m->start, m->end, msg);
	return 0;
}

/*
 * Merges the two inputs (each already in address order: the parsers
 * check that) into one list in address order, refusing overlaps between
 * them. Returns the list (caller frees), or NULL with err.
 */
static struct run_src *
run_merge_maps(const struct scen_map *a, size_t na, const char *fa,
    const struct scen_map *b, size_t nb, const char *fb, char *err,
    size_t errlen)
{
	struct run_src *v;
	size_t i = 0, j = 0, n = 0;

	v = calloc(na + nb + 1, sizeof *v);
	if (v == NULL) {
		engine_fail(err, errlen, "%s: out of memory", fb);
		return NULL;
	}
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i].start <= b[j].start))
			v[n] = (struct run_src){ &a[i++], fa };
		else
			v[n] = (struct run_src){ &b[j++], fb };
		if (n > 0 && v[n].m->start < v[n - 1].m->end) {
			engine_fail(err, errlen, "%s:%d: mapping %lx-%lx "
			    "overlaps the mapping %lx-%lx on %s:%d", v[n].file,
			    v[n].m->lineno, v[n].m->start, v[n].m->end,
			    v[n - 1].m->start, v[n - 1].m->end, v[n - 1].file,
			    v[n - 1].m->lineno);
			free(v);
			return NULL;
		}
		n++;
	}
	return v;
}

static int
run_add_gate(struct run *r, const struct scen_map *m)
{
	const struct scen_map **grown;

	grown = realloc(r->gates, (r->ngates + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	r->gates = grown;
	r->gates[r->ngates++] = m;
	return 0;
}

/* All the mappings of the input, into r->mm. */
static int
run_load_maps(struct run *r, const struct run_opts *o, char *err,
    size_t errlen)
{
	const struct scenario *sc = r->sc;
	const char *fa = o->maps_name != NULL ? o->maps_name : "maps";
	struct run_src *v;
	size_t i, n = o->nmaps + sc->nmaps;
	int rc = 0;

	v = run_merge_maps(o->maps, o->nmaps, fa, sc->maps, sc->nmaps,
	    sc->file, err, errlen);
	if (v == NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		const struct scen_map *m = v[i].m;

		if (m->start >= r->mm->task_size && m->path != NULL &&
		    m->path[0] == '[') {
			/* The gate page ([vsyscall], arm's [vectors]). */
			if (run_add_gate(r, m) < 0)
				rc = engine_fail(err, errlen, "%s:%d: out of "
				    "memory", v[i].file, m->lineno);
		} else if (m->end > r->mm->task_size) {
			rc = engine_fail(err, errlen, "%s:%d: mapping %lx-%lx "
			    "lies above TASK_SIZE (0x%lx on %s)", v[i].file,
			    m->lineno, m->start, m->end, r->mm->task_size,
			    r->mm->arch->name);
		} else {
			rc = run_add_map(r, &v[i], err, errlen);
		}
	}
	free(v);
	return rc;
}

/* ---- the start state: mm fields --------------------------------------- */

/*
 * The end of the program's image: the first run of mappings of one file,
 * and the anonymous mapping right after it (a .bss larger than the file's
 * last page). 0 when no mapping is file-backed.
 */
static unsigned long
run_image_end(const struct mm *mm, unsigned long *code_start,
    unsigned long *code_end)
{
	const struct vma *v, *last = NULL;
	const struct vfile *f = NULL;

	for (v = mm->mmap; v != NULL; v = v->vm_next) {
		if (f == NULL && v->vm_file != NULL &&
		    !(v->vm_flags & VM_MAYSHARE))
			f = v->vm_file;
		if (f == NULL)
			continue;
		if (v->vm_file != f)
			break;
		if ((v->vm_flags & VM_EXEC) && *code_start == 0) {
			*code_start = v->vm_start;
			*code_end = v->vm_end;
		}
		last = v;
	}
	if (last == NULL)
		return 0;
	v = last->vm_next;
	if (v != NULL && v->vm_start == last->vm_end && v->vm_file == NULL &&
	    v->vm_name == NULL && (v->vm_flags & VM_WRITE))
		last = v;
	return last->vm_end;
}

static const struct vma *
run_find_named(const struct mm *mm, const char *name)
{
	const struct vma *v;

	for (v = mm->mmap; v != NULL; v = v->vm_next)
		if (v->vm_name != NULL && strcmp(v->vm_name, name) == 0)
			return v;
	return NULL;
}

/* The fields with nothing said about them: see run_start. */
static void
run_default_fields(struct mm *mm, int *brk_defaulted)
{
	const struct vma *heap = run_find_named(mm, "[heap]");
	const struct vma *stack = run_find_named(mm, "[stack]");
	unsigned long cs = 0, ce = 0, end = run_image_end(mm, &cs, &ce);

	mm->start_code = cs;
	mm->end_code = ce;
	if (heap != NULL) {
		/* mprotect may have split the heap: brk is the last one's end. */
		mm->start_brk = heap->vm_start;
		mm->brk = heap->vm_end;
		for (; heap != NULL; heap = heap->vm_next)
			if (heap->vm_name != NULL &&
			    strcmp(heap->vm_name, "[heap]") == 0)
				mm->brk = heap->vm_end;
		*brk_defaulted = 0;
	} else {
		mm->start_brk = mm->brk = end != 0 ? PAGE_ALIGN(end) :
		    RUN_DEFAULT_BRK;
		*brk_defaulted = 1;
	}
	if (stack != NULL)
		mm->start_stack = stack->vm_end - PAGE_SIZE;
}

static void
run_directive_fields(struct mm *mm, const struct scen_mmfields *f,
    int *brk_defaulted)
{
	if (f->set & SCEN_F_START_CODE)
		mm->start_code = f->start_code;
	if (f->set & SCEN_F_END_CODE)
		mm->end_code = f->end_code;
	if (f->set & SCEN_F_START_DATA)
		mm->start_data = f->start_data;
	if (f->set & SCEN_F_END_DATA)
		mm->end_data = f->end_data;
	if (f->set & SCEN_F_START_STACK)
		mm->start_stack = f->start_stack;
	if (f->set & SCEN_F_DEF_FLAGS)
		mm->def_flags = f->def_flags;
	if (f->set & SCEN_F_START_BRK) {
		/* A break not given with it stays at start_brk or above. */
		if (mm->brk < f->start_brk || *brk_defaulted)
			mm->brk = f->start_brk;
		mm->start_brk = f->start_brk;
		*brk_defaulted = 0;
	}
	if (f->set & SCEN_F_BRK) {
		mm->brk = f->brk;
		*brk_defaulted = 0;
	}
}

static void
run_stat_fields(struct mm *mm, const struct proc_stat *st,
    int *brk_defaulted)
{
	if (st->start_code != 0 || st->end_code != 0) {
		mm->start_code = st->start_code;
		mm->end_code = st->end_code;
	}
	if (st->start_stack != 0)
		mm->start_stack = st->start_stack;
	if (st->start_data != 0 || st->end_data != 0) {
		mm->start_data = st->start_data;
		mm->end_data = st->end_data;
	}
	if (st->start_brk != 0) {
		if (mm->brk < st->start_brk || *brk_defaulted)
			mm->brk = st->start_brk;
		mm->start_brk = st->start_brk;
		*brk_defaulted = 0;
	}
}

/* randomize_page(start, range): start plus a random number of pages. */
static void
run_randomize_brk(struct mm *mm)
{
	unsigned long pages = mm->arch->brk_rnd_range >> PAGE_SHIFT;

	if (pages == 0)
		return;
	mm->start_brk += (mm_random(mm) % pages) << PAGE_SHIFT;
	mm->brk = mm->start_brk;
	mm->brk_randomized = true;
}

static int
run_fields(struct run *r, const struct run_opts *o, char *err,
    size_t errlen)
{
	struct mm *mm = r->mm;
	int defaulted;

	run_default_fields(mm, &defaulted);
	run_directive_fields(mm, &r->sc->mm, &defaulted);
	if (o->stat != NULL)
		run_stat_fields(mm, o->stat, &defaulted);
	if (o->has_brk) {
		mm->brk = o->brk;
		defaulted = 0;
	}
	if (defaulted && mm->aslr_seed != 0)
		run_randomize_brk(mm);
	if (mm->brk < mm->start_brk)
		return engine_fail(err, errlen, "%s: the break 0x%lx is below "
		    "start_brk 0x%lx", o->has_brk ? "--brk" : r->sc->file,
		    mm->brk, mm->start_brk);
	return 0;
}

/* ---- the start state: the rest ---------------------------------------- */

/* The directives that set the task and the sysctls around the mm. */
static void
run_directive_task(struct mm *mm, const struct scenario *sc)
{
	int i;

	for (i = 0; i < VM_RLIMIT_NLIMITS && i < 16; i++) {
		if (!sc->rlim_set[i])
			continue;
		mm->rlim[i].cur = sc->rlim_cur[i];
		mm->rlim[i].max = sc->rlim_max[i];
	}
	if (sc->personality_set)
		mm->personality = sc->personality;
	if (sc->max_map_count > 0)
		mm->max_map_count = sc->max_map_count;
	if (sc->mmap_min_addr_set)
		mm->mmap_min_addr = sc->mmap_min_addr;
	if (sc->aliasing >= 0)
		mm->cache_aliasing = sc->aliasing != 0;
	if (sc->cap_ipc_lock >= 0)
		mm->cap_ipc_lock = sc->cap_ipc_lock != 0;
}

static void
run_layout(struct mm *mm, const struct scenario *sc,
    const struct run_opts *o)
{
	int layout = o->has_layout ? (int)o->layout : sc->layout;
	uint64_t seed = 0;

	if (o->has_aslr)
		seed = o->aslr_seed;
	else if (sc->has_aslr)
		seed = sc->aslr_seed;
	mm_setup_layout(mm, layout, seed);
	if (o->has_mmap_base || (sc->mm.set & SCEN_F_MMAP_BASE)) {
		mm->mmap_base = o->has_mmap_base ? o->mmap_base :
		    sc->mm.mmap_base;
		/* The bottom-up search starts from the legacy base. */
		if (mm->layout == LAYOUT_LEGACY)
			mm->mmap_legacy_base = mm->mmap_base;
	}
}

/*
 * The kernel profile (--kernel, else "% kernel", else 4.14), and the
 * filesystem of each file "% fs" names, which the 6.18 profile's
 * placement reads (linux6.c). Returns 0, or -1 when out of memory.
 */
static int
run_kernel(struct mm *mm, const struct scenario *sc,
    const struct run_opts *o)
{
	struct vfile *f;
	size_t i;

	if (o->has_kernel)
		mm->kernel = o->kernel;
	else if (sc->kernel >= 0)
		mm->kernel = sc->kernel;
	for (i = 0; i < sc->nfs; i++) {
		if ((f = mm_file(mm, sc->fs[i].path)) == NULL)
			return -1;
		f->fs_kind = vfile_fs_kind(sc->fs[i].fs);
	}
	return 0;
}

int
run_start(struct run *r, const struct scenario *sc,
    const struct run_opts *opts, char *err, size_t errlen)
{
	static const struct run_opts none;
	const struct run_opts *o = opts != NULL ? opts : &none;
	const char *archname = o->arch != NULL ? o->arch : sc->arch;
	const struct arch *arch = NULL;
	const char *msg;

	memset(r, 0, sizeof *r);
	r->sc = sc;
	if (archname != NULL && (arch = arch_find(archname)) == NULL)
		return engine_fail(err, errlen, "%s: unknown architecture '%s'",
		    o->arch != NULL ? "--arch" : sc->file, archname);
	if ((r->mm = mm_new(arch)) == NULL)
		return engine_fail(err, errlen, "%s: out of memory", sc->file);
	run_directive_task(r->mm, sc);
	if (run_kernel(r->mm, sc, o) < 0) {
		engine_fail(err, errlen, "%s: out of memory", sc->file);
		goto fail;
	}
	run_layout(r->mm, sc, o);
	if (run_load_maps(r, o, err, errlen) < 0 ||
	    run_fields(r, o, err, errlen) < 0)
		goto fail;
	if ((msg = mm_validate(r->mm)) != NULL) {
		engine_fail(err, errlen, "%s: the start state is inconsistent: "
		    "%s", sc->file, msg);
		goto fail;
	}
	r->maps[0] = o->maps;
	r->nmaps[0] = o->nmaps;
	r->maps[1] = sc->maps;
	r->nmaps[1] = sc->nmaps;
	return 0;
fail:
	run_end(r);
	return -1;
}

void
run_end(struct run *r)
{
	size_t i;

	mm_free(r->mm);
	for (i = 0; i < r->nnames; i++)
		free(r->names[i]);
	free(r->names);
	free(r->fds);
	free(r->gates);
	run_alloc_free(r);
	memset(r, 0, sizeof *r);
}

/* ---- the file table --------------------------------------------------- */

static struct run_fd *
run_fd_find(struct run *r, long fd)
{
	size_t i;

	for (i = 0; i < r->nfds; i++)
		if (r->fds[i].fd == fd)
			return &r->fds[i];
	return NULL;
}

/* The lowest free descriptor from 3 (0, 1 and 2 are the terminal's). */
static long
run_fd_lowest(struct run *r)
{
	long fd = 3;

	while (run_fd_find(r, fd) != NULL)
		fd++;
	return fd;
}

static unsigned long
run_open(struct run *r, const struct scen_op *op)
{
	struct run_fd *slot, *grown;
	struct vfile *f;
	long fd;

	if (op->has_expect && IS_ERR_VALUE(op->expect))
		return op->expect;	/* it failed for the real program */
	fd = op->has_expect ? (long)op->expect : run_fd_lowest(r);
	if ((f = mm_file(r->mm, op->path != NULL ? op->path : "?")) == NULL)
		return (unsigned long)-ENOMEM;
	if ((slot = run_fd_find(r, fd)) == NULL) {
		if (r->nfds == r->fdcap) {
			size_t cap = r->fdcap ? 2 * r->fdcap : 8;

			grown = realloc(r->fds, cap * sizeof *grown);
			if (grown == NULL)
				return (unsigned long)-ENOMEM;
			r->fds = grown;
			r->fdcap = cap;
		}
		slot = &r->fds[r->nfds++];
	}
	slot->fd = fd;
	slot->file = f;
	return (unsigned long)fd;
}

static unsigned long
run_close(struct run *r, const struct scen_op *op)
{
	struct run_fd *slot = run_fd_find(r, (long)op->args[0]);

	if (slot != NULL) {
		*slot = r->fds[--r->nfds];
		return 0;
	}
	if (op->path != NULL)
		return 0;	/* opened before the trace began */
	return op->has_expect ? op->expect : (unsigned long)-EBADF;
}

/* The file an mmap maps: strace -y's path, the fd table, or "fd N". */
static struct vfile *
run_mmap_file(struct run *r, const struct scen_op *op)
{
	long fd = (long)op->args[4];
	struct run_fd *slot;
	char name[32];

	if (op->args[3] & MAP_ANONYMOUS)
		return NULL;
	if (op->path != NULL)
		return mm_file(r->mm, op->path);
	if ((slot = run_fd_find(r, fd)) != NULL)
		return slot->file;
	if (fd < 0)
		return NULL;
	snprintf(name, sizeof name, "fd %ld", fd);
	return mm_file(r->mm, name);
}

/* ---- one system call --------------------------------------------------- */

static void
run_emit(struct mm *mm, enum trace_kind kind, const char *text)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.text = text;
	ev.depth = 0;
	trace_emit(mm->trace, &ev);
}

/* ---- the allocator's calls --------------------------------------------- */

/* The address of a free or realloc: as written, or #N's result. */
static unsigned long
run_alloc_ptr(const struct run *r, const struct scen_op *op)
{
	unsigned long n = op->args[4];

	if (n == 0)
		return op->args[0];
	return n <= r->naresults ? r->aresults[n - 1] : 0;
}

/* Keeps the result of allocator call op->args[5] for later #N. */
static int
run_alloc_keep(struct run *r, const struct scen_op *op, unsigned long res)
{
	unsigned long *grown;
	size_t n = op->args[5], cap;

	if (n == 0)
		return 0;
	if (n > r->arescap) {
		cap = r->arescap ? 2 * r->arescap : 16;
		while (cap < n)
			cap *= 2;
		if ((grown = realloc(r->aresults, cap * sizeof *grown)) == NULL)
			return -1;
		r->aresults = grown;
		r->arescap = cap;
	}
	while (r->naresults < n)
		r->aresults[r->naresults++] = 0;
	r->aresults[n - 1] = res;
	return 0;
}

/*
 * One allocator call: the model makes its system calls into the engine.
 * -EINVAL where glibc would abort, -ENOMEM when the host is out of memory.
 */
static unsigned long
run_alloc(struct run *r, const struct scen_op *op)
{
	const unsigned long *a = op->args;
	unsigned long res = 0;
	int rc = 0;

	if (r->arena == NULL && (r->arena = malloc_arena_new()) == NULL)
		return (unsigned long)-ENOMEM;
	switch (op->kind) {
	case OP_MALLOC:
		res = malloc_do_malloc(r->arena, r->mm, a[0]);
		break;
	case OP_CALLOC:
		res = malloc_do_calloc(r->arena, r->mm, a[0], a[1]);
		break;
	case OP_REALLOC:
		res = malloc_do_realloc(r->arena, r->mm, run_alloc_ptr(r, op),
		    a[1]);
		break;
	case OP_FREE:
		rc = malloc_do_free(r->arena, r->mm, run_alloc_ptr(r, op));
		break;
	default:
		rc = malloc_do_mallopt(r->arena, r->mm, (int)(long)a[0],
		    (int)(long)a[1]);
		res = (unsigned long)rc;
		break;
	}
	if (rc < 0 || res == ~0UL) {
		if (r->mm->trace != NULL)
			run_emit(r->mm, TRACE_NOTE, malloc_arena_error(r->arena));
		res = (unsigned long)-EINVAL;
	}
	if (run_alloc_keep(r, op, res) < 0)
		return (unsigned long)-ENOMEM;
	return res;
}

int
run_alloc_copy(struct run *dst, const struct run *src)
{
	dst->arena = NULL;
	dst->aresults = NULL;
	dst->naresults = dst->arescap = 0;
	if (src->arena != NULL &&
	    (dst->arena = malloc_arena_clone(src->arena)) == NULL)
		return -1;
	if (src->naresults > 0) {
		dst->aresults = malloc(src->naresults * sizeof *dst->aresults);
		if (dst->aresults == NULL) {
			run_alloc_free(dst);
			return -1;
		}
		memcpy(dst->aresults, src->aresults,
		    src->naresults * sizeof *dst->aresults);
		dst->naresults = dst->arescap = src->naresults;
	}
	return 0;
}

void
run_alloc_free(struct run *r)
{
	malloc_arena_free(r->arena);
	free(r->aresults);
	r->arena = NULL;
	r->aresults = NULL;
	r->naresults = r->arescap = 0;
}

const char *
run_alloc_error(const struct run *r)
{
	return r->arena != NULL ? malloc_arena_error(r->arena) : "";
}

unsigned long
run_op(struct run *r, const struct scen_op *op)
{
	struct mm *mm = r->mm;
	const unsigned long *a = op->args;

	if (mm->trace != NULL) {
		mm->trace->depth = 0;
		run_emit(mm, TRACE_SYSCALL, op->text);
		if (op->kind == OP_SKIP && op->note != NULL)
			run_emit(mm, TRACE_NOTE, op->note);
	}
	switch (op->kind) {
	case OP_BRK:
		return mm_sys_brk(mm, a[0]);
	case OP_MMAP:
		return sys_mmap(mm, a[0], a[1], a[2], a[3],
		    run_mmap_file(r, op), a[5]);
	case OP_MUNMAP:
		return sys_munmap(mm, a[0], a[1]);
	case OP_MPROTECT:
		return sys_mprotect(mm, a[0], a[1], a[2]);
	case OP_MREMAP:
		return sys_mremap(mm, a[0], a[1], a[2], a[3], a[4]);
	case OP_SETRLIMIT:
		if (a[0] >= VM_RLIMIT_NLIMITS)
			return (unsigned long)-EINVAL;
		return (unsigned long)sys_setrlimit(mm, (int)a[0], a[1], a[2]);
	case OP_OPEN:
		return run_open(r, op);
	case OP_CLOSE:
		return run_close(r, op);
	case OP_MALLOC:
	case OP_FREE:
	case OP_CALLOC:
	case OP_REALLOC:
	case OP_MALLOPT:
		return run_alloc(r, op);
	case OP_SKIP:
		break;
	}
	return 0;
}

int
run_op_modelled(const struct scen_op *op)
{
	switch (op->kind) {
	case OP_BRK:
	case OP_MMAP:
	case OP_MUNMAP:
	case OP_MPROTECT:
	case OP_MREMAP:
	case OP_SETRLIMIT:
	case OP_MALLOC:
	case OP_FREE:
	case OP_CALLOC:
	case OP_REALLOC:
	case OP_MALLOPT:
		return 1;
	default:
		return 0;
	}
}

/* ---- results as strace prints them ----------------------------------- */

int
run_format_result(const struct scen_op *op, unsigned long result,
    char *buf, size_t len)
{
	const struct run_errno *e;
	int err = (int)-(long)result;

	if (op->kind == OP_BRK || ((op->kind == OP_MMAP ||
	    op->kind == OP_MREMAP || op->kind == OP_MALLOC ||
	    op->kind == OP_CALLOC || op->kind == OP_REALLOC) &&
	    !IS_ERR_VALUE(result)))
		return snprintf(buf, len, result ? "0x%lx" : "%lu", result);
	if (op->kind == OP_FREE && !IS_ERR_VALUE(result))
		return snprintf(buf, len, "<void>");	/* as ltrace prints it */
	if (!IS_ERR_VALUE(result))
		return snprintf(buf, len, "%ld", (long)result);
	if ((e = run_errno_find(err)) != NULL)
		return snprintf(buf, len, "-1 %s (%s)", e->name, e->text);
	return snprintf(buf, len, "-1 errno %d", err);
}

int
run_format_line(const struct scen_op *op, unsigned long result, char *buf,
    size_t len)
{
	char res[96];
	int n = (int)strlen(op->text) + 1;

	run_format_result(op, result, res, sizeof res);
	return snprintf(buf, len, "%s %*s= %s", op->text,
	    n < STRACE_COLUMN ? STRACE_COLUMN - n : 0, "", res);
}

int
run_check(const struct run *r, const struct scen_op *op,
    unsigned long result, char *msg, size_t msglen)
{
	char got[96], want[96];

	if (!op->has_expect || !run_op_modelled(op) || result == op->expect)
		return 1;
	run_format_result(op, result, got, sizeof got);
	run_format_result(op, op->expect, want, sizeof want);
	engine_fail(msg, msglen, "%s:%d: %s returned %s, the scenario "
	    "expects %s", r->sc->file, op->lineno, op->name, got, want);
	return 0;
}

/* ---- /proc/PID/maps of the result ------------------------------------ */

const char *
run_vma_name(const struct mm *mm, const struct vma *vma)
{
	if (vma->vm_file != NULL)
		return vma->vm_file->path;
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		return "[heap]";
	if (mm->start_stack != 0 ? (vma->vm_start <= mm->start_stack &&
	    vma->vm_end >= mm->start_stack) : (vma->vm_flags & VM_GROWSDOWN))
		return "[stack]";
	if (vma->vm_name != NULL && strcmp(vma->vm_name, "[heap]") != 0 &&
	    strcmp(vma->vm_name, "[stack]") != 0)
		return vma->vm_name;
	return NULL;
}

void
run_vma_dev(const struct run *r, const struct vma *vma, unsigned *major,
    unsigned *minor, unsigned long *inode)
{
	const struct scen_map *m;
	size_t i, k;
	int pass;

	*major = *minor = 0;
	*inode = 0;
	if (vma->vm_file == NULL)
		return;
	/* The entry the VMA came from, else (not for shmem) one of its file. */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < 2; k++) {
			for (i = 0; i < r->nmaps[k]; i++) {
				m = &r->maps[k][i];
				if (m->path == NULL ||
				    strcmp(m->path, vma->vm_file->path) != 0)
					continue;
				if (pass == 0 ? (vma->vm_start < m->start ||
				    vma->vm_start >= m->end) :
				    run_is_shmem_path(m->path))
					continue;
				*major = m->dev_major;
				*minor = m->dev_minor;
				*inode = m->inode;
				return;
			}
		}
	}
}
