/*
 * diffop.c - a call of the differential tests, made on either side and
 * written as a line (see diffop.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diffop.h"

unsigned long
dop_engine(struct mm *mm, const struct dop *op)
{
	switch (op->kind) {
	case DOP_BRK:
		return sys_brk(mm, op->a[0]);
	case DOP_MMAP:
		return sys_mmap(mm, op->a[0], op->a[1], op->a[2], op->a[3],
		    NULL, op->a[4]);
	case DOP_MUNMAP:
		return sys_munmap(mm, op->a[0], op->a[1]);
	case DOP_SETRLIMIT:
		return (unsigned long)sys_setrlimit(mm, (int)op->a[0],
		    op->a[1], op->a[2]);
	case DOP_MAXMAP:
		mm->max_map_count = (int)op->a[0];
		return 0;
	case DOP_MPROTECT:
		return sys_mprotect(mm, op->a[0], op->a[1], op->a[2]);
	case DOP_MREMAP:
		return sys_mremap(mm, op->a[0], op->a[1], op->a[2], op->a[3],
		    op->a[4]);
	}
	return 0;
}

unsigned long
dop_model(struct bf_mm *bf, const struct dop *op)
{
	switch (op->kind) {
	case DOP_BRK:
		return bf_brk(bf, op->a[0]);
	case DOP_MMAP:
		return bf_mmap(bf, op->a[0], op->a[1], op->a[2], op->a[3],
		    op->a[4]);
	case DOP_MUNMAP:
		return bf_munmap(bf, op->a[0], op->a[1]);
	case DOP_SETRLIMIT:
		return (unsigned long)bf_setrlimit(bf, (int)op->a[0], op->a[1],
		    op->a[2]);
	case DOP_MAXMAP:
		bf->max_map_count = (int)op->a[0];
		return 0;
	case DOP_MPROTECT:
		return bf_mprotect(bf, op->a[0], op->a[1], op->a[2]);
	case DOP_MREMAP:
		return bf_mremap(bf, op->a[0], op->a[1], op->a[2], op->a[3],
		    op->a[4]);
	}
	return 0;
}

int
dop_add_both(struct mm *mm, struct bf_mm *bf, struct bf_mm *scratch,
    unsigned long start, unsigned long end, unsigned long flags,
    unsigned long pgoff, const char *path, unsigned file_id,
    const char **err)
{
	if (path == NULL)
		pgoff = start >> PAGE_SHIFT;
	bf_copy(scratch, bf);
	if (end > bf->task_size || bf_add(scratch, start, end, flags, pgoff,
	    path == NULL ? 0 : file_id) != 0 || !bf_monotone(scratch))
		return -1;
	if (mm_add_vma(mm, start, end, flags, pgoff, path == NULL ? NULL :
	    mm_file(mm, path), NULL, err) == NULL)
		return 1;
	bf_copy(bf, scratch);
	return 0;
}

int
dop_add_object(struct mm *mm, struct bf_mm *bf, struct bf_mm *scratch,
    unsigned long at, const char *path, unsigned file_id, unsigned long *end,
    const char **err)
{
	static const unsigned long seg[4] = { 2, 12, 4, 2 };
	static const unsigned long fl[4] = { F_R, F_RX, F_R, F_RW };
	unsigned long pg = 0;
	int i, rc = 0;

	for (i = 0; i < 4; i++) {
		rc = dop_add_both(mm, bf, scratch, at, at + seg[i] * PAGE_SIZE,
		    fl[i], pg, path, file_id, err);
		if (rc != 0)
			break;
		at += seg[i] * PAGE_SIZE;
		pg += seg[i];
	}
	*end = at;
	return rc;
}

int
dop_model_layout(struct bf_mm *bf, const struct mm *mm, int asked)
{
	const char *arch = mm->arch->name;

	bf->hooks = strcmp(arch, "arm64") == 0 ? BF_HOOKS_GENERIC :
	    BF_HOOKS_X86;
	/* Only x86 (4.13 on) ignores an unlimited stack when picking. */
	if (bf->hooks == BF_HOOKS_GENERIC &&
	    mm->rlim[VM_RLIMIT_STACK].cur == RLIM_INFINITY)
		asked = LAYOUT_LEGACY;
	bf->topdown = asked == LAYOUT_TOPDOWN;
	bf->map_32bit = strcmp(arch, "x86_64") == 0;
	bf->task_size = mm->task_size;
	bf->mmap_min_addr = mm->mmap_min_addr;
	bf->stack_guard_gap = mm->stack_guard_gap;
	bf->def_flags = mm->def_flags;
	bf->legacy_base = mm->mmap_legacy_base;
	bf->unmapped_base = mm->arch->unmapped_base;
	bf->mmap_base = mm->mmap_base;
	return asked;
}

/* Appends to buf[*len..size), keeping it terminated. */
static void
put(char *buf, size_t size, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

/* The names of the bits set in v, joined by "|"; `zero` when none. */
static void
put_flags(char *buf, size_t size, size_t *len, unsigned long v,
    const char *const *names, const unsigned long *bits, size_t n,
    const char *zero)
{
	size_t i;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (bits[i] == 0 || (v & bits[i]) != bits[i])
			continue;
		put(buf, size, len, "%s%s", first ? "" : "|", names[i]);
		v &= ~bits[i];
		first = 0;
	}
	if (v != 0)
		put(buf, size, len, "%s%#lx", first ? "" : "|", v);
	else if (first)
		put(buf, size, len, "%s", zero);
}

char *
dop_format(char *buf, size_t size, const struct dop *op)
{
	static const char *const pn[] = { "PROT_READ", "PROT_WRITE",
	    "PROT_EXEC" };
	static const unsigned long pb[] = { PROT_READ, PROT_WRITE, PROT_EXEC };
	static const char *const fn[] = { "MAP_SHARED_VALIDATE", "MAP_SHARED",
	    "MAP_PRIVATE", "MAP_FIXED", "MAP_ANONYMOUS", "MAP_32BIT",
	    "MAP_GROWSDOWN", "MAP_LOCKED", "MAP_NORESERVE", "MAP_POPULATE" };
	static const unsigned long fb[] = { MAP_SHARED_VALIDATE, MAP_SHARED,
	    MAP_PRIVATE, MAP_FIXED, MAP_ANONYMOUS, MAP_32BIT, MAP_GROWSDOWN,
	    MAP_LOCKED, MAP_NORESERVE, MAP_POPULATE };
	static const char *const gn[] = { "PROT_GROWSDOWN", "PROT_GROWSUP" };
	static const unsigned long gb[] = { PROT_GROWSDOWN, PROT_GROWSUP };
	static const char *const mn[] = { "MREMAP_MAYMOVE", "MREMAP_FIXED" };
	static const unsigned long mb[] = { MREMAP_MAYMOVE, MREMAP_FIXED };
	static const char *const rn[16] = { [VM_RLIMIT_DATA] = "RLIMIT_DATA",
	    [VM_RLIMIT_AS] = "RLIMIT_AS", [VM_RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK" };
	size_t len = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	switch (op->kind) {
	case DOP_BRK:
		put(buf, size, &len, "brk(%#lx)", op->a[0]);
		break;
	case DOP_MMAP:
		put(buf, size, &len, "mmap(%#lx, %lu, ", op->a[0], op->a[1]);
		put_flags(buf, size, &len, op->a[2], pn, pb, 3, "PROT_NONE");
		put(buf, size, &len, ", ");
		put_flags(buf, size, &len, op->a[3], fn, fb,
		    sizeof(fb) / sizeof(fb[0]), "0");
		put(buf, size, &len, ", -1, %#lx)", op->a[4]);
		break;
	case DOP_MUNMAP:
		put(buf, size, &len, "munmap(%#lx, %lu)", op->a[0], op->a[1]);
		break;
	case DOP_SETRLIMIT:
		put(buf, size, &len, "setrlimit(%s, {rlim_cur=%#lx, "
		    "rlim_max=%#lx})", rn[op->a[0] & 15] ? rn[op->a[0] & 15] :
		    "?", op->a[1], op->a[2]);
		break;
	case DOP_MAXMAP:
		put(buf, size, &len, "sysctl vm.max_map_count=%lu", op->a[0]);
		break;
	case DOP_MPROTECT:
		put(buf, size, &len, "mprotect(%#lx, %lu, ", op->a[0], op->a[1]);
		put_flags(buf, size, &len, op->a[2] & 7, pn, pb, 3, "PROT_NONE");
		if (op->a[2] & ~7UL) {
			put(buf, size, &len, "|");
			put_flags(buf, size, &len, op->a[2] & ~7UL, gn, gb, 2,
			    "0");
		}
		put(buf, size, &len, ")");
		break;
	case DOP_MREMAP:
		put(buf, size, &len, "mremap(%#lx, %lu, %lu, ", op->a[0],
		    op->a[1], op->a[2]);
		put_flags(buf, size, &len, op->a[3], mn, mb, 2, "0");
		if (op->a[3] & MREMAP_FIXED)
			put(buf, size, &len, ", %#lx", op->a[4]);
		put(buf, size, &len, ")");
		break;
	}
	return buf;
}
