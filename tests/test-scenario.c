/*
 * test-scenario.c - the parsers of scenario files, /proc/PID/maps and
 * /proc/PID/stat (engine/input/scenario.c, engine/input/procfs.c).
 *
 * Most checks are tables: a line as a student or strace writes it, and the
 * exact fields (or the exact "file:line: message") it must give. The files
 * in tests/data/scenario/ were captured for real (see the README there).
 *
 * Data files are found under $srcdir/tests/data/scenario when automake's
 * test driver sets srcdir, else under tests/data/scenario (run from the
 * top of the tree).
 */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "kernel/mm.h"
#include "input/scenario.h"
#include "kernel/vm.h"

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])
#define MAYRWX		(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define ERRNO(e)	((unsigned long)-(long)(e))
#define NOFD		((unsigned long)-1L)

static FILE *
data_open(const char *file)
{
	const char *srcdir = getenv("srcdir");
	char path[4096];
	FILE *fp;

	if (srcdir != NULL)
		snprintf(path, sizeof path, "%s/tests/data/scenario/%s", srcdir,
		    file);
	else
		snprintf(path, sizeof path, "tests/data/scenario/%s", file);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	return fp;
}

static int
parse(const char *text, struct scenario *sc, char *err)
{
	return scenario_parse_string(text, "t.scen", sc, err, SCEN_ERRLEN);
}

static int
is_zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n-- > 0)
		if (*b++ != 0)
			return 0;
	return 1;
}

/* ---- /proc/PID/maps lines ---------------------------------------------- */

static const struct maps_good {
	const char	*line;
	unsigned long	 start, end, flags, pgoff;
	const char	*path;
	unsigned	 major, minor;
	unsigned long	 inode;
} maps_good[] = {
	{ "7ffff7fc3000-7ffff7fc7000 r--p 00000000 00:00 0                "
	  "          [vvar]", 0x7ffff7fc3000, 0x7ffff7fc7000,
	  VM_READ | MAYRWX, 0, "[vvar]", 0, 0, 0 },
	{ "555555554000-555555555000 r-xp 00000000 fe:01 1234   "
	  "/usr/bin/true", 0x555555554000, 0x555555555000,
	  VM_READ | VM_EXEC | MAYRWX, 0, "/usr/bin/true", 0xfe, 1, 1234 },
	{ "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0        [stack]",
	  0x7ffffffde000, 0x7ffffffff000, VM_READ | VM_WRITE | MAYRWX |
	  VM_GROWSDOWN | VM_ACCOUNT, 0, "[stack]", 0, 0, 0 },
	{ "7f0000000000-7f0000002000 rw-s 00002000 00:05 1234   "
	  "/dev/shm/my file (deleted)", 0x7f0000000000, 0x7f0000002000,
	  VM_READ | VM_WRITE | VM_SHARED | VM_MAYSHARE | MAYRWX, 2,
	  "/dev/shm/my file (deleted)", 0, 5, 1234 },
	{ "7f0000000000-7f0000001000 ---p 00000000 00:00 0",
	  0x7f0000000000, 0x7f0000001000, MAYRWX, 0, NULL, 0, 0, 0 },
	{ "7f0000000000-7f0000001000 ---p 00000000 00:00 0 ",
	  0x7f0000000000, 0x7f0000001000, MAYRWX, 0, NULL, 0, 0, 0 },
	{ "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0     "
	  "             [vsyscall]", 0xffffffffff600000, 0xffffffffff601000,
	  VM_EXEC | MAYRWX, 0, "[vsyscall]", 0, 0, 0 },
	{ "7F0000000000-7F0000001000 rw-p 0001A000 FE:1F 5 x",
	  0x7f0000000000, 0x7f0000001000, VM_READ | VM_WRITE | MAYRWX |
	  VM_ACCOUNT, 0x1a, "x", 0xfe, 0x1f, 5 },
	{ "1000-2000\tr--p\t0\t00:00\t0\t/x", 0x1000, 0x2000,
	  VM_READ | MAYRWX, 0, "/x", 0, 0, 0 },
	{ "1000-2000 rw-p 0 00:00 0 [stack:1234]", 0x1000, 0x2000,
	  VM_READ | VM_WRITE | MAYRWX | VM_ACCOUNT, 0, "[stack:1234]", 0, 0,
	  0 },
	{ "1000-2000 rw-p 0 00:00 18446744073709551615 /x", 0x1000, 0x2000,
	  VM_READ | VM_WRITE | MAYRWX | VM_ACCOUNT, 0, "/x", 0, 0,
	  18446744073709551615UL },
};

START_TEST(test_maps_line_good)
{
	const struct maps_good *c = &maps_good[_i];
	struct scen_map m;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(procfs_parse_maps_line(c->line, &m, err, sizeof err) ==
	    0, "%s: %s", c->line, err);
	ck_assert_uint_eq(m.start, c->start);
	ck_assert_uint_eq(m.end, c->end);
	ck_assert_uint_eq(m.vm_flags, c->flags);
	ck_assert_uint_eq(m.pgoff, c->pgoff);
	ck_assert_pstr_eq(m.path, c->path);
	ck_assert_uint_eq(m.dev_major, c->major);
	ck_assert_uint_eq(m.dev_minor, c->minor);
	ck_assert_uint_eq(m.inode, c->inode);
	ck_assert_int_eq(m.lineno, 0);
	free(m.path);
}
END_TEST

static const struct maps_bad {
	const char	*line;
	const char	*msg;
} maps_bad[] = {
	{ "", "expected a hex start address" },
	{ "zz-1000 r--p 0 00:00 0", "expected a hex start address" },
	{ "00400000 r--p 0 00:00 0", "expected '-' after the start address" },
	{ "00400000- r--p 0 00:00 0", "expected a hex end address" },
	{ "11112222333344445-1 r--p 0 00:00 0",
	  "the start address is out of range (more than 16 hex digits)" },
	{ "1000-11112222333344445 r--p 0 00:00 0",
	  "the end address is out of range (more than 16 hex digits)" },
	{ "2000-1000 r--p 0 00:00 0", "start 0x2000 is not below end 0x1000" },
	{ "1000-1000 r--p 0 00:00 0", "start 0x1000 is not below end 0x1000" },
	{ "1001-2000 r--p 0 00:00 0", "start 0x1001 is not page aligned" },
	{ "1000-2001 r--p 0 00:00 0", "end 0x2001 is not page aligned" },
	{ "1000-2000r--p 0 00:00 0",
	  "expected a space after the address range" },
	{ "1000-2000 r-p 0 00:00 0", "expected permissions like r-xp" },
	{ "1000-2000 rwxpp 0 00:00 0", "expected permissions like r-xp" },
	{ "1000-2000 rwxq 0 00:00 0",
	  "unknown permission character 'q' in 'rwxq'" },
	{ "1000-2000 Rwxp 0 00:00 0",
	  "unknown permission character 'R' in 'Rwxp'" },
	{ "1000-2000 r--p zz 00:00 0", "expected a hex offset" },
	{ "1000-2000 r--p 11112222333344445 00:00 0",
	  "the offset is out of range (more than 16 hex digits)" },
	{ "1000-2000 r--p 00000800 00:00 0", "offset 0x800 is not page aligned" },
	{ "1000-2000 r--p 0 0000 0", "expected a device like fe:01" },
	{ "1000-2000 r--p 0 fe: 0", "expected a device like fe:01" },
	{ "1000-2000 r--p 0 123456789:0 0", "expected a device like fe:01" },
	{ "1000-2000 r--p 0 fe:01x 0", "expected a space after the device" },
	{ "1000-2000 r--p 0 fe:01", "expected a space after the device" },
	{ "1000-2000 r--p 0 fe:01 abc", "expected a decimal inode number" },
	{ "1000-2000 r--p 0 fe:01 18446744073709551616 /x",
	  "the inode number is out of range" },
	{ "1000-2000 r--p 0 fe:01 12x /x",
	  "expected a space after the inode number" },
};

START_TEST(test_maps_line_bad)
{
	const struct maps_bad *c = &maps_bad[_i];
	struct scen_map m;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(procfs_parse_maps_line(c->line, &m, err, sizeof err) ==
	    -1, "accepted: %s", c->line);
	ck_assert_str_eq(err, c->msg);
	ck_assert(is_zeroed(&m, sizeof m));
}
END_TEST

/*
 * The captured /proc/self/maps of cat(1): 38 lines, from the executable
 * to [vsyscall], which sits above TASK_SIZE and is kept here.
 *
 *   559c17420000 /usr/bin/cat ... [heap] ... libs ... [stack] [vsyscall]
 */
START_TEST(test_maps_file_real)
{
	FILE *fp = data_open("maps-cat.txt");
	struct scen_map *m;
	size_t n, i;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(procfs_parse_maps(fp, "maps-cat.txt", &m, &n, err,
	    sizeof err) == 0, "%s", err);
	fclose(fp);
	ck_assert_uint_eq(n, 38);
	ck_assert_uint_eq(m[0].start, 0x559c17420000);
	ck_assert_uint_eq(m[0].end, 0x559c17422000);
	ck_assert_uint_eq(m[0].vm_flags, VM_READ | MAYRWX);
	ck_assert_str_eq(m[0].path, "/usr/bin/cat");
	ck_assert_uint_eq(m[0].dev_major, 0xfe);
	ck_assert_uint_eq(m[0].inode, 247134);
	ck_assert_uint_eq(m[1].pgoff, 2);
	ck_assert_str_eq(m[5].path, "[heap]");
	ck_assert_uint_eq(m[5].vm_flags, VM_READ | VM_WRITE | MAYRWX |
	    VM_ACCOUNT);
	ck_assert_ptr_null(m[6].path);		/* "0 " and no path */
	ck_assert_uint_eq(m[25].vm_flags, VM_READ | VM_SHARED | VM_MAYSHARE |
	    MAYRWX);
	ck_assert_str_eq(m[36].path, "[stack]");
	ck_assert(m[36].vm_flags & VM_GROWSDOWN);
	ck_assert_str_eq(m[37].path, "[vsyscall]");
	ck_assert_uint_eq(m[37].start, 0xffffffffff600000);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(m[i].lineno, (int)i + 1);
	procfs_free_maps(m, n);
}
END_TEST

static const struct maps_file_bad {
	const char	*text;
	const char	*msg;
} maps_file_bad[] = {
	{ "1000-3000 r--p 0 00:00 0\n2000-4000 r--p 0 00:00 0\n",
	  "m:2: mapping 2000-4000 overlaps the mapping on line 1" },
	{ "1000-3000 r--p 0 00:00 0\n1000-2000 r--p 0 00:00 0\n",
	  "m:2: mapping 1000-2000 overlaps the mapping on line 1" },
	{ "5000-6000 r--p 0 00:00 0\n\n1000-2000 r--p 0 00:00 0\n",
	  "m:3: mapping 1000-2000 is below the mapping on line 1 "
	  "(entries must be in increasing address order)" },
	{ "1000-2000 r--p 0 00:00 0\n2000-3000 r--x 0 00:00 0\n",
	  "m:2: unknown permission character 'x' in 'r--x'" },
};

START_TEST(test_maps_file_bad)
{
	const struct maps_file_bad *c = &maps_file_bad[_i];
	FILE *fp = fmemopen((void *)c->text, strlen(c->text), "r");
	struct scen_map *m = (void *)1;
	size_t n = 99;
	char err[SCEN_ERRLEN] = "";

	ck_assert_int_eq(procfs_parse_maps(fp, "m", &m, &n, err, sizeof err),
	    -1);
	fclose(fp);
	ck_assert_str_eq(err, c->msg);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_maps_file_edges)
{
	static const char text[] = "1000-2000 r--p 0 00:00 0\r\n\n"
	    "2000-3000 rw-p 0 00:00 0 /a b\r\n";
	static const char nul[] = "1000-2000 r--p 0 00:00 0\n20\0000-3000\n";
	struct scen_map *m;
	size_t n;
	char err[SCEN_ERRLEN];
	FILE *fp = fmemopen((void *)text, sizeof text - 1, "r");

	ck_assert_int_eq(procfs_parse_maps(fp, NULL, &m, &n, err, sizeof err),
	    0);
	fclose(fp);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(m[1].path, "/a b");
	ck_assert_int_eq(m[1].lineno, 3);
	procfs_free_maps(m, n);

	fp = fmemopen((void *)nul, sizeof nul - 1, "r");
	ck_assert_int_eq(procfs_parse_maps(fp, "m", &m, &n, err, sizeof err),
	    -1);
	fclose(fp);
	ck_assert_str_eq(err, "m:2: the line contains a NUL byte");

	fp = fmemopen((void *)"", 0, "r");
	ck_assert_int_eq(procfs_parse_maps(fp, "m", &m, &n, err, sizeof err),
	    0);
	fclose(fp);
	ck_assert_ptr_null(m);
	ck_assert_uint_eq(n, 0);
	procfs_free_maps(NULL, 0);
}
END_TEST

/* ---- /proc/PID/stat ---------------------------------------------------- */

/* cat(1)'s own /proc/self/stat, taken with the maps above. */
START_TEST(test_stat_real)
{
	FILE *fp = data_open("stat-cat.txt");
	struct proc_stat st;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(procfs_parse_stat(fp, "stat-cat.txt", &st, err,
	    sizeof err) == 0, "%s", err);
	fclose(fp);
	ck_assert_uint_eq(st.start_code, 94128893468672UL);
	ck_assert_uint_eq(st.end_code, 94128893488553UL);
	ck_assert_uint_eq(st.start_stack, 140734622770736UL);
	ck_assert_uint_eq(st.start_data, 94128893504560UL);
	ck_assert_uint_eq(st.end_data, 94128893506176UL);
	ck_assert_uint_eq(st.start_brk, 94129278693376UL);	/* [heap] */
	ck_assert_uint_eq(st.start_brk, 0x559c2e383000);
	ck_assert_uint_eq(st.arg_start, 140734622775902UL);
	ck_assert_uint_eq(st.arg_end, 140734622775938UL);
	ck_assert_uint_eq(st.env_start, 140734622775938UL);
	ck_assert_uint_eq(st.env_end, 140734622777323UL);
}
END_TEST

/* Fields 3..n after the comm: "S 1 2 ...", with field k holding k. */
static char *
stat_text(const char *head, int nfields, int badfield)
{
	static char buf[4096];
	size_t o = (size_t)snprintf(buf, sizeof buf, "%s", head);
	int k;

	for (k = 3; k <= nfields; k++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, k == badfield ?
		    " x%d" : k == 3 ? " S" : " %d", k);
	snprintf(buf + o, sizeof buf - o, "\n");
	return buf;
}

START_TEST(test_stat_comm)
{
	const char *text = stat_text("42 (a) b) (c) d)", 52, 0);
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct proc_stat st;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(procfs_parse_stat(fp, "s", &st, err, sizeof err) == 0,
	    "%s", err);
	fclose(fp);
	ck_assert_uint_eq(st.start_code, 26);
	ck_assert_uint_eq(st.end_code, 27);
	ck_assert_uint_eq(st.start_stack, 28);
	ck_assert_uint_eq(st.start_data, 45);
	ck_assert_uint_eq(st.end_data, 46);
	ck_assert_uint_eq(st.start_brk, 47);
	ck_assert_uint_eq(st.env_end, 51);

	text = stat_text("42 (old kernel)", 47, 0);	/* before 3.5 */
	fp = fmemopen((void *)text, strlen(text), "r");
	ck_assert_int_eq(procfs_parse_stat(fp, "s", &st, err, sizeof err), 0);
	fclose(fp);
	ck_assert_uint_eq(st.start_brk, 47);
	ck_assert_uint_eq(st.arg_start, 0);
	ck_assert_uint_eq(st.env_end, 0);
}
END_TEST

static const struct stat_bad {
	const char	*head;
	int		 nfields, badfield;
	const char	*msg;
} stat_bad[] = {
	{ NULL, 0, 0, "s:1: the file is empty" },
	{ "42 cat)", 52, 0, "s:1: expected the command name in parentheses" },
	{ "42 (cat", 52, 0, "s:1: expected the command name in parentheses" },
	{ "42 (cat)", 6, 0, "s:1: found 6 fields, but start_brk is field 47 "
	  "(is this a /proc/PID/stat file?)" },
	{ "42 (cat)", 46, 0, "s:1: found 46 fields, but start_brk is field 47 "
	  "(is this a /proc/PID/stat file?)" },
	{ "42 (cat)", 52, 47, "s:1: field 47 (start_brk) is not a number: "
	  "'x47'" },
	{ "42 (cat)", 52, 26, "s:1: field 26 (startcode) is not a number: "
	  "'x26'" },
};

START_TEST(test_stat_bad)
{
	const struct stat_bad *c = &stat_bad[_i];
	const char *text = c->head ? stat_text(c->head, c->nfields,
	    c->badfield) : "";
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct proc_stat st;
	char err[SCEN_ERRLEN] = "";

	if (fp == NULL)		/* glibc before 2.22: no empty fmemopen */
		fp = tmpfile();
	ck_assert_int_eq(procfs_parse_stat(fp, "s", &st, err, sizeof err), -1);
	fclose(fp);
	ck_assert_str_eq(err, c->msg);
	ck_assert(is_zeroed(&st, sizeof st));
}
END_TEST

/* ---- system call lines: every form strace prints ---------------------- */

struct op_case {
	const char	*text;
	enum scen_op_kind kind;
	const char	*name;
	unsigned long	 args[6];
	const char	*path;
	int		 pid;
	int		 has_expect;
	unsigned long	 expect;
	const char	*note;
	size_t		 nops;		/* 0: 1 */
	size_t		 index;		/* which op to check */
	int		 lineno;	/* 0: 1 */
};

#define ALLMAP	(MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | \
	MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | \
	MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

static const struct op_case op_cases[] = {
	/* brk */
	{ .text = "brk(NULL)", .kind = OP_BRK, .name = "brk" },
	{ .text = "brk(NULL)                               = 0x558d1690d000",
	  .kind = OP_BRK, .name = "brk", .has_expect = 1,
	  .expect = 0x558d1690d000 },
	{ .text = "brk(0x55e3d97bc000) = 0x55e3d97bc000", .kind = OP_BRK,
	  .name = "brk", .args = { 0x55e3d97bc000 }, .has_expect = 1,
	  .expect = 0x55e3d97bc000 },
	/* mmap, mmap2 */
	{ .text = "mmap(NULL, 8192, PROT_READ|PROT_WRITE, "
	  "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x2aaaaaaea000", .kind = OP_MMAP,
	  .name = "mmap", .args = { 0, 8192, PROT_READ | PROT_WRITE,
	  MAP_PRIVATE | MAP_ANONYMOUS, NOFD, 0 }, .has_expect = 1,
	  .expect = 0x2aaaaaaea000 },
	{ .text = "mmap(NULL, 0x2000, PROT_READ|PROT_WRITE|PROT_EXEC, "
	  "MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE, -1, 0x0)",
	  .kind = OP_MMAP, .name = "mmap", .args = { 0, 0x2000, 7,
	  MAP_SHARED | MAP_ANONYMOUS | 0x100000, NOFD, 0 } },
	{ .text = "mmap(0x10000, 4096, 0x7, MAP_PRIVATE|0x80000, -1, 0)",
	  .kind = OP_MMAP, .name = "mmap", .args = { 0x10000, 4096, 7,
	  MAP_PRIVATE | 0x80000, NOFD, 0 } },
	{ .text = "mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE|MAP_FIXED|"
	  "MAP_ANONYMOUS|MAP_32BIT|MAP_GROWSDOWN|MAP_DENYWRITE|MAP_EXECUTABLE|"
	  "MAP_LOCKED|MAP_NORESERVE|MAP_POPULATE|MAP_NONBLOCK|MAP_STACK|"
	  "MAP_HUGETLB, -1, 0)", .kind = OP_MMAP, .name = "mmap",
	  .args = { 0, 4096, PROT_NONE, ALLMAP, NOFD, 0 } },
	{ .text = "mmap(NULL, 4096, PROT_READ|PROT_SEM|PROT_GROWSDOWN, "
	  "MAP_SHARED_VALIDATE|MAP_SYNC, 4, 0)", .kind = OP_MMAP,
	  .name = "mmap", .args = { 0, 4096, PROT_READ | PROT_SEM |
	  PROT_GROWSDOWN, MAP_SHARED_VALIDATE | 0x80000, 4, 0 } },
	{ .text = "mmap(NULL, 2097152, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|"
	  "MAP_HUGETLB|21<<MAP_HUGE_SHIFT, -1, 0)", .kind = OP_MMAP,
	  .name = "mmap", .args = { 0, 2097152, PROT_READ, MAP_PRIVATE |
	  MAP_ANONYMOUS | MAP_HUGETLB | (21UL << 26), NOFD, 0 } },
	{ .text = "mmap(NULL, 42563, PROT_READ, MAP_PRIVATE, "
	  "3</etc/ld.so.cache>, 0) = 0x7f4eadb40000 <0.000020>",
	  .kind = OP_MMAP, .name = "mmap", .args = { 0, 42563, PROT_READ,
	  MAP_PRIVATE, 3, 0 }, .path = "/etc/ld.so.cache", .has_expect = 1,
	  .expect = 0x7f4eadb40000 },
	{ .text = "mmap(NULL, 4096, PROT_READ, MAP_SHARED, "
	  "7</tmp/a\\76b, c (x)>, 0x1000) = 0x7f0000000000",
	  .kind = OP_MMAP, .name = "mmap", .args = { 0, 4096, PROT_READ,
	  MAP_SHARED, 7, 0x1000 }, .path = "/tmp/a>b, c (x)",
	  .has_expect = 1, .expect = 0x7f0000000000 },
	{ .text = "mmap2(NULL, 8192, PROT_READ, MAP_PRIVATE|MAP_DENYWRITE, "
	  "3</lib/libc.so.6>, 0x1a000) = 0xb7e00000", .kind = OP_MMAP,
	  .name = "mmap2", .args = { 0, 8192, PROT_READ, MAP_PRIVATE |
	  MAP_DENYWRITE, 3, 0x1a000 }, .path = "/lib/libc.so.6",
	  .has_expect = 1, .expect = 0xb7e00000 },
	{ .text = "mmap(NULL, 1099511627776, PROT_READ|PROT_WRITE, "
	  "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate "
	  "memory)", .kind = OP_MMAP, .name = "mmap", .args = { 0,
	  1099511627776UL, 3, MAP_PRIVATE | MAP_ANONYMOUS, NOFD, 0 },
	  .has_expect = 1, .expect = ERRNO(ENOMEM) },
	/* munmap, and every errno the engine returns */
	{ .text = "munmap(0x7f4eadb40000, 42563) = 0", .kind = OP_MUNMAP,
	  .name = "munmap", .args = { 0x7f4eadb40000, 42563 },
	  .has_expect = 1, .expect = 0 },
	{ .text = "munmap(0x1000, 18446744073709551615) = -1 EINVAL (Invalid "
	  "argument)", .kind = OP_MUNMAP, .name = "munmap",
	  .args = { 0x1000, ~0UL }, .has_expect = 1, .expect = ERRNO(EINVAL) },
	{ .text = "munmap(0, 1) = -1 EPERM (Operation not permitted)",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(EPERM) },
	{ .text = "munmap(0, 1) = -1 EBADF (Bad file descriptor)",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(EBADF) },
	{ .text = "munmap(0, 1) = -1 EACCES (Permission denied)",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(EACCES) },
	{ .text = "munmap(0, 1) = -1 EEXIST (File exists)", .kind = OP_MUNMAP,
	  .name = "munmap", .args = { 0, 1 }, .has_expect = 1,
	  .expect = ERRNO(EEXIST) },
	{ .text = "munmap(0, 1) = -1 ENODEV (No such device)",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(ENODEV) },
	{ .text = "munmap(0, 1) = -1 ENOSPC (No space left on device)",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(ENOSPC) },
	{ .text = "munmap(0, 1) = -1 EAGAIN (Resource temporarily "
	  "unavailable)", .kind = OP_MUNMAP, .name = "munmap",
	  .args = { 0, 1 }, .has_expect = 1, .expect = ERRNO(EAGAIN) },
	{ .text = "munmap(0, 1) = -1 EOVERFLOW (Value too large for defined "
	  "data type)", .kind = OP_MUNMAP, .name = "munmap", .args = { 0, 1 },
	  .has_expect = 1, .expect = ERRNO(EOVERFLOW) },
	{ .text = "munmap(0, 1) = ?", .kind = OP_MUNMAP, .name = "munmap",
	  .args = { 0, 1 } },
	/* setrlimit, prlimit64 */
	{ .text = "setrlimit(RLIMIT_DATA, {rlim_cur=8192*1024, "
	  "rlim_max=RLIM64_INFINITY}) = 0", .kind = OP_SETRLIMIT,
	  .name = "setrlimit", .args = { VM_RLIMIT_DATA, 8UL << 20,
	  RLIM_INFINITY }, .has_expect = 1, .expect = 0 },
	{ .text = "setrlimit(RLIMIT_AS, {rlim_cur=1048576, "
	  "rlim_max=RLIM_INFINITY}) = -1 EPERM (Operation not permitted)",
	  .kind = OP_SETRLIMIT, .name = "setrlimit", .args = { VM_RLIMIT_AS,
	  1048576, RLIM_INFINITY }, .has_expect = 1, .expect = ERRNO(EPERM) },
	{ .text = "prlimit64(0, RLIMIT_DATA, {rlim_cur=65536*1024, "
	  "rlim_max=RLIM64_INFINITY}, NULL) = 0", .kind = OP_SETRLIMIT,
	  .name = "prlimit64", .args = { VM_RLIMIT_DATA, 64UL << 20,
	  RLIM_INFINITY, 0 }, .has_expect = 1, .expect = 0 },
	{ .text = "prlimit64(1234, RLIMIT_MEMLOCK, {rlim_cur=64*1024, "
	  "rlim_max=64*1024}, {rlim_cur=8192*1024, rlim_max=8192*1024}) = 0",
	  .kind = OP_SETRLIMIT, .name = "prlimit64",
	  .args = { VM_RLIMIT_MEMLOCK, 65536, 65536, 1234 }, .has_expect = 1 },
	{ .text = "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
	  "rlim_max=RLIM64_INFINITY}) = 0 <0.000016>", .kind = OP_SKIP,
	  .name = "prlimit64", .has_expect = 1, .expect = 0,
	  .note = "prlimit64 with no new limit only reads it; skipped" },
	{ .text = "setrlimit(RLIMIT_DATA, 0x7ffd0000) = -1 EFAULT (Bad "
	  "address)", .kind = OP_SKIP, .name = "setrlimit", .has_expect = 1,
	  .expect = ERRNO(14), .note = "setrlimit shows no limits; skipped" },
	/* open, openat, close */
	{ .text = "openat(AT_FDCWD</tmp>, \"/etc/ld.so.cache\", "
	  "O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache> <0.000026>",
	  .kind = OP_OPEN, .name = "openat", .path = "/etc/ld.so.cache",
	  .has_expect = 1, .expect = 3 },
	{ .text = "openat(AT_FDCWD, \"/tmp/x y\", O_RDWR|O_CREAT|O_TRUNC, "
	  "0644) = 4", .kind = OP_OPEN, .name = "openat", .args = { 2 },
	  .path = "/tmp/x y", .has_expect = 1, .expect = 4 },
	{ .text = "open(\"/tmp/a\\\"b\\\\c\\n\\303\\251\\x41\", O_WRONLY) = "
	  "-1 ENOENT (No such file or directory)", .kind = OP_OPEN,
	  .name = "open", .args = { 1 }, .path = "/tmp/a\"b\\c\n\303\251A",
	  .has_expect = 1, .expect = ERRNO(2) },
	{ .text = "open(\"/tmp/#x\", O_RDONLY) = 3 # a real comment",
	  .kind = OP_OPEN, .name = "open", .path = "/tmp/#x",
	  .has_expect = 1, .expect = 3 },
	{ .text = "close(3</etc/ld.so.cache>) = 0", .kind = OP_CLOSE,
	  .name = "close", .args = { 3 }, .path = "/etc/ld.so.cache",
	  .has_expect = 1, .expect = 0 },
	{ .text = "close(3</tmp/#x>) = 0 <0.000015>", .kind = OP_CLOSE,
	  .name = "close", .args = { 3 }, .path = "/tmp/#x", .has_expect = 1 },
	{ .text = "close(3) = -1 EBADF (Bad file descriptor)",
	  .kind = OP_CLOSE, .name = "close", .args = { 3 }, .has_expect = 1,
	  .expect = ERRNO(EBADF) },
	/* mprotect: PROT_ names or a number, every errno it returns */
	{ .text = "mprotect(0x7f4eadb2d000, 16384, PROT_READ) = 0 <0.000033>",
	  .kind = OP_MPROTECT, .name = "mprotect", .args = { 0x7f4eadb2d000,
	  16384, PROT_READ }, .has_expect = 1 },
	{ .text = "mprotect(0x1000, 4096, PROT_NONE) = -1 ENOMEM (Cannot "
	  "allocate memory)", .kind = OP_MPROTECT, .name = "mprotect",
	  .args = { 0x1000, 4096, PROT_NONE }, .has_expect = 1,
	  .expect = ERRNO(ENOMEM) },
	{ .text = "mprotect(0x1000, 0x1000, PROT_READ|PROT_WRITE|PROT_EXEC|"
	  "PROT_GROWSDOWN) = -1 EACCES (Permission denied)",
	  .kind = OP_MPROTECT, .name = "mprotect", .args = { 0x1000, 4096,
	  PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN },
	  .has_expect = 1, .expect = ERRNO(EACCES) },
	{ .text = "mprotect(0x1001, 4096, 0x7) = -1 EINVAL (Invalid argument)",
	  .kind = OP_MPROTECT, .name = "mprotect", .args = { 0x1001, 4096, 7 },
	  .has_expect = 1, .expect = ERRNO(EINVAL) },
	/* mremap: four arguments, or five with MREMAP_FIXED */
	{ .text = "mremap(0x7f0000000000, 200704, 303104, MREMAP_MAYMOVE) = "
	  "0x7effffe00000", .kind = OP_MREMAP, .name = "mremap",
	  .args = { 0x7f0000000000, 200704, 303104, MREMAP_MAYMOVE },
	  .has_expect = 1, .expect = 0x7effffe00000 },
	{ .text = "mremap(0x7f0000000000, 8192, 4096, 0) = 0x7f0000000000",
	  .kind = OP_MREMAP, .name = "mremap", .args = { 0x7f0000000000, 8192,
	  4096, 0 }, .has_expect = 1, .expect = 0x7f0000000000 },
	{ .text = "mremap(0x7f0000000000, 4096, 8192, MREMAP_MAYMOVE|"
	  "MREMAP_FIXED, 0x7f0000200000) = 0x7f0000200000", .kind = OP_MREMAP,
	  .name = "mremap", .args = { 0x7f0000000000, 4096, 8192,
	  MREMAP_MAYMOVE | MREMAP_FIXED, 0x7f0000200000 }, .has_expect = 1,
	  .expect = 0x7f0000200000 },
	{ .text = "mremap(0x1000, 4096, 8192, 0x3, 0x20000) = 0x20000",
	  .kind = OP_MREMAP, .name = "mremap", .args = { 0x1000, 4096, 8192,
	  3, 0x20000 }, .has_expect = 1, .expect = 0x20000 },
	{ .text = "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_DONTUNMAP, "
	  "0x20000) = 0x20000", .kind = OP_MREMAP, .name = "mremap",
	  .args = { 0x1000, 4096, 8192, 5, 0x20000 }, .has_expect = 1,
	  .expect = 0x20000 },
	{ .text = "mremap(0x1000, 4096, 8192, 0) = -1 ENOMEM (Cannot allocate "
	  "memory)", .kind = OP_MREMAP, .name = "mremap", .args = { 0x1000,
	  4096, 8192, 0 }, .has_expect = 1, .expect = ERRNO(ENOMEM) },
	{ .text = "mremap(0x1000, 4096, 8192, 0) = -1 EFAULT (Bad address)",
	  .kind = OP_MREMAP, .name = "mremap", .args = { 0x1000, 4096, 8192,
	  0 }, .has_expect = 1, .expect = ERRNO(14) },
	{ .text = "[pid 5] mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE "
	  "<unfinished ...>\n"
	  "[pid 5] <... mremap resumed>) = 0x1000", .kind = OP_MREMAP,
	  .name = "mremap", .args = { 0x1000, 4096, 8192, MREMAP_MAYMOVE },
	  .pid = 5, .has_expect = 1, .expect = 0x1000 },
	/* calls the engine does not model */
	{ .text = "madvise(0x7f4eadb2d000, 16384, MADV_DONTNEED) = 0",
	  .kind = OP_SKIP, .name = "madvise", .has_expect = 1,
	  .note = "madvise is not modelled; skipped" },
	{ .text = "exit_group(0)                           = ?",
	  .kind = OP_SKIP, .name = "exit_group",
	  .note = "exit_group is not modelled; skipped" },
	{ .text = "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0(,)#\\0\\0\\0\\0\\3\\0>"
	  "\"..., 832) = 832", .kind = OP_SKIP, .name = "read",
	  .has_expect = 1, .expect = 832,
	  .note = "read is not modelled; skipped" },
	{ .text = "fstat(3</etc/ld.so.cache>, {st_mode=S_IFREG|0644, "
	  "st_size=42563, ...}) = 0", .kind = OP_SKIP, .name = "fstat",
	  .has_expect = 1, .note = "fstat is not modelled; skipped" },
	{ .text = "execve(\"/bin/true\", [\"/bin/true\"], 0x7ffc8a0 /* 20 vars "
	  "*/) = 0", .kind = OP_SKIP, .name = "execve", .has_expect = 1,
	  .note = "execve is not modelled; skipped" },
	{ .text = "access(\"/etc/ld.so.preload\", R_OK) = -1 EWEIRD (Odd)",
	  .kind = OP_SKIP, .name = "access",
	  .note = "access is not modelled; skipped" },
	{ .text = "fcntl(3, F_GETFD) = 0x1 (flags FD_CLOEXEC)",
	  .kind = OP_SKIP, .name = "fcntl", .has_expect = 1, .expect = 1,
	  .note = "fcntl is not modelled; skipped" },
	{ .text = "restart_syscall(<... resuming interrupted read ...>) = 0",
	  .kind = OP_SKIP, .name = "restart_syscall", .has_expect = 1,
	  .note = "restart_syscall is not modelled; skipped" },
	{ .text = "clone3({flags=CLONE_VM|CLONE_FS, stack_size=0x7fff00} => "
	  "{parent_tid=[12525]}, 88) = 12525", .kind = OP_SKIP,
	  .name = "clone3", .has_expect = 1, .expect = 12525,
	  .note = "clone3 is not modelled; skipped" },
	/* strace -X verbose and -X raw */
	{ .text = "mmap(NULL, 8192, 0x3 /* PROT_READ|PROT_WRITE */, 0x22 /* "
	  "MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0) = 0x7f0000000000",
	  .kind = OP_MMAP, .name = "mmap", .args = { 0, 8192, 3, 0x22, NOFD,
	  0 }, .has_expect = 1, .expect = 0x7f0000000000 },
	{ .text = "prlimit64(0, 0x2 /* RLIMIT_DATA */, {rlim_cur=8388608, "
	  "rlim_max=0xffffffffffffffff /* RLIM64_INFINITY */}, NULL) = 0",
	  .kind = OP_SETRLIMIT, .name = "prlimit64", .args = { VM_RLIMIT_DATA,
	  8388608, RLIM_INFINITY, 0 }, .has_expect = 1 },
	{ .text = "openat(-100 /* AT_FDCWD */, \"/x\", 0 /* O_RDONLY */) = 3",
	  .kind = OP_OPEN, .name = "openat", .path = "/x", .has_expect = 1,
	  .expect = 3 },
	/* pid prefixes and timestamps */
	{ .text = "[pid  1234] brk(NULL) = 0x1000", .kind = OP_BRK,
	  .name = "brk", .pid = 1234, .has_expect = 1, .expect = 0x1000 },
	{ .text = "1234  brk(NULL) = 0x1000", .kind = OP_BRK, .name = "brk",
	  .pid = 1234, .has_expect = 1, .expect = 0x1000 },
	{ .text = "12:34:56 brk(NULL) = 0x1000", .kind = OP_BRK,
	  .name = "brk", .has_expect = 1, .expect = 0x1000 },
	{ .text = "[pid 12] 12:34:56.123456 brk(NULL) = 0x1000",
	  .kind = OP_BRK, .name = "brk", .pid = 12, .has_expect = 1,
	  .expect = 0x1000 },
	{ .text = "1700000000.123456 brk(NULL) = 0x1000", .kind = OP_BRK,
	  .name = "brk", .has_expect = 1, .expect = 0x1000 },
	{ .text = "     0.000123 brk(NULL) = 0x1000", .kind = OP_BRK,
	  .name = "brk", .has_expect = 1, .expect = 0x1000 },
	{ .text = "77 21:21:29.847891 brk(NULL) = 0x1000 <0.000026>",
	  .kind = OP_BRK, .name = "brk", .pid = 77, .has_expect = 1,
	  .expect = 0x1000 },
	{ .text = "munmap(0x1000, 4096) = 0   # give it back",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0x1000, 4096 },
	  .has_expect = 1 },
	{ .text = "brk(NULL) = 0x1000\r\n", .kind = OP_BRK, .name = "brk",
	  .has_expect = 1, .expect = 0x1000 },
	{ .text = "brk(0000000000000000000000000000000000000000000001000)",
	  .kind = OP_BRK, .name = "brk", .args = { 1000 } },
	/* unfinished / resumed */
	{ .text = "[pid 12] mmap(NULL, 8192, PROT_READ <unfinished ...>\n"
	  "[pid 13] brk(NULL) = 0x1000\n"
	  "[pid 12] <... mmap resumed>, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
	  "0x7f0000000000", .kind = OP_MMAP, .name = "mmap",
	  .args = { 0, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, NOFD, 0 },
	  .pid = 12, .has_expect = 1, .expect = 0x7f0000000000, .nops = 2 },
	{ .text = "[pid 12] mmap(NULL, 8192, PROT_READ <unfinished ...>\n"
	  "[pid 13] brk(NULL) = 0x1000\n"
	  "[pid 12] <... mmap resumed>, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
	  "0x7f0000000000", .kind = OP_BRK, .name = "brk", .pid = 13,
	  .has_expect = 1, .expect = 0x1000, .nops = 2, .index = 1,
	  .lineno = 2 },
	{ .text = "[pid  3562] 21:21:33.374465 munmap(0x7f375ec88000, 4096 "
	  "<unfinished ...>\n"
	  "[pid  3561] 21:21:33.374570 brk(NULL <unfinished ...>\n"
	  "[pid  3562] 21:21:33.374658 <... munmap resumed>) = 0 <0.000139>\n"
	  "[pid  3561] 21:21:33.374751 <... brk resumed>) = 0x1000 "
	  "<0.000132>", .kind = OP_BRK, .name = "brk", .pid = 3561,
	  .has_expect = 1, .expect = 0x1000, .nops = 2, .index = 1,
	  .lineno = 2 },
	{ .text = "[pid 5] mmap(NULL, 4096 <unfinished ...>\n"
	  "[pid 5] +++ exited with 0 +++", .kind = OP_SKIP, .name = "mmap",
	  .pid = 5, .note = "mmap did not finish in the log; skipped" },
	{ .text = "[pid 5] futex(0x1, FUTEX_WAIT, 0, NULL <unfinished ...>\n"
	  "[pid 5] <... futex resumed> <unfinished ...>) = ?",
	  .kind = OP_SKIP, .name = "futex", .pid = 5,
	  .note = "futex did not finish (its process exited); skipped" },
	{ .text = "[pid 7] <... read resumed>\"abc\", 3) = 3", .kind = OP_SKIP,
	  .name = "read", .pid = 7,
	  .note = "read resumed, but its start is not in the log; skipped" },
	{ .text = "[pid 5] brk(NULL <unfinished ...>", .kind = OP_SKIP,
	  .name = "brk", .pid = 5,
	  .note = "brk did not finish in the log; skipped" },
	/* what strace itself writes into the log */
	{ .text = "[pid 12525] 21:23:51.058039 munmap(0x7fe16a1b5000, 4096"
	  "strace: Process 12527 attached\n) = 0 <0.000030>",
	  .kind = OP_MUNMAP, .name = "munmap", .args = { 0x7fe16a1b5000,
	  4096 }, .pid = 12525, .has_expect = 1 },
	{ .text = "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---\n"
	  "[pid 9] --- SIGSEGV {si_signo=SIGSEGV} ---\n"
	  "+++ exited with 0 +++\n"
	  "+++ killed by SIGKILL +++\n"
	  "strace: Process 123 attached\n"
	  "[ Process PID=123 runs in 32 bit mode. ]\n"
	  "brk(NULL)", .kind = OP_BRK, .name = "brk", .lineno = 7 },
};

START_TEST(test_op_good)
{
	const struct op_case *c = &op_cases[_i];
	struct scenario sc;
	const struct scen_op *op;
	char err[SCEN_ERRLEN] = "";
	int i;

	ck_assert_msg(parse(c->text, &sc, err) == 0, "%s: %s", c->text, err);
	ck_assert_uint_eq(sc.nops, c->nops ? c->nops : 1);
	op = &sc.ops[c->index];
	ck_assert_int_eq(op->kind, c->kind);
	ck_assert_str_eq(op->name, c->name);
	if (c->kind != OP_SKIP)
		for (i = 0; i < 6; i++)
			ck_assert_msg(op->args[i] == c->args[i],
			    "args[%d] = %#lx, expected %#lx", i, op->args[i],
			    c->args[i]);
	ck_assert_pstr_eq(op->path, c->path);
	ck_assert_int_eq(op->pid, c->pid);
	ck_assert_int_eq(op->has_expect, c->has_expect);
	ck_assert_uint_eq(op->expect, c->expect);
	ck_assert_pstr_eq(op->note, c->note);
	ck_assert_int_eq(op->lineno, c->lineno ? c->lineno : 1);
	ck_assert_ptr_nonnull(op->text);
	scenario_free(&sc);
}
END_TEST

/* op->text is the call alone: no pid, time or result. */
START_TEST(test_op_text)
{
	struct scenario sc;
	char err[SCEN_ERRLEN];

	ck_assert_int_eq(parse("[pid 3] 12:00:00.5 munmap(0x1000, 4096) = 0 "
	    "<0.1>\n[pid 4] mmap(NULL, 4096, PROT_READ <unfinished ...>\n"
	    "[pid 4] <... mmap resumed>, MAP_SHARED, 3</x>, 0) = 0x2000\n",
	    &sc, err), 0);
	ck_assert_str_eq(sc.ops[0].text, "munmap(0x1000, 4096)");
	ck_assert_str_eq(sc.ops[1].text,
	    "mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3</x>, 0)");
	ck_assert_int_eq(sc.ops[1].lineno, 2);
	scenario_free(&sc);
}
END_TEST

/* ---- bad lines: the exact message, with the line number ---------------- */

static const struct bad_case {
	const char	*text;
	const char	*msg;
} bad_cases[] = {
	{ "mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0",
	  "t.scen:1: expected ')' after the arguments of mmap" },
	{ "# c\n\nbrk(NULL)\nmmap(NULL, 8192, PROT_READ, MAP_FOO, -1, 0) = 0",
	  "t.scen:4: unknown mmap flag MAP_FOO" },
	{ "mmap(NULL, 8192, PROT_READ|PROT_BAR, MAP_PRIVATE, -1, 0)",
	  "t.scen:1: unknown mmap protection PROT_BAR" },
	{ "mmap(NULL, 8192, PROT_READ, MAP_PRIVATE|, -1, 0)",
	  "t.scen:1: empty term in the flags of mmap" },
	{ "mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1)",
	  "t.scen:1: mmap takes 6 arguments, found 5" },
	{ "brk()", "t.scen:1: brk takes 1 argument, found 0" },
	{ "mprotect(0x1000, 4096)",
	  "t.scen:1: mprotect takes 3 arguments, found 2" },
	{ "mprotect(0x1000, 4096, PROT_READ|PROT_FOO) = 0",
	  "t.scen:1: unknown mprotect protection PROT_FOO" },
	{ "mprotect(0x1000, 4k, PROT_READ) = 0",
	  "t.scen:1: expected a number for the length of mprotect, "
	  "found '4k'" },
	{ "mprotect(0x1000, 4096, PROT_READ) = -1 EFOO (Foo)",
	  "t.scen:1: unknown errno name EFOO in the result of mprotect" },
	{ "mremap(0x1000, 4096, 8192)",
	  "t.scen:1: mremap takes 4 or 5 arguments, found 3" },
	{ "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE, 0x2000, 0)",
	  "t.scen:1: mremap takes 4 or 5 arguments, found 6" },
	{ "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FOO) = 0x1000",
	  "t.scen:1: unknown mremap flag MREMAP_FOO" },
	{ "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED) = 0x2000",
	  "t.scen:1: mremap with MREMAP_FIXED takes a new address as "
	  "argument 5" },
	{ "mremap(0x1000, 4096, 8192, 3) = 0x2000",
	  "t.scen:1: mremap with MREMAP_FIXED takes a new address as "
	  "argument 5" },
	{ "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, new)",
	  "t.scen:1: expected a number for the new address of mremap, "
	  "found 'new'" },
	{ "mremap(0x1000, 4096, 1x, MREMAP_MAYMOVE)",
	  "t.scen:1: expected a number for the new length of mremap, "
	  "found '1x'" },
	{ "mremap(0x1000, 4096, 8192, MREMAP_MAYMOVE) = 0x1000 junk",
	  "t.scen:1: unexpected text after the result of mremap: 'junk'" },
	{ "open(\"/x\")", "t.scen:1: open takes 2 or 3 arguments, found 1" },
	{ "mmap(NULL, , PROT_READ, MAP_PRIVATE, -1, 0)",
	  "t.scen:1: argument 2 of mmap is empty" },
	{ "mmap(NULL, 12x, PROT_READ, MAP_PRIVATE, -1, 0)",
	  "t.scen:1: expected a number for the length of mmap, found '12x'" },
	{ "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0x1z)",
	  "t.scen:1: expected a number for the offset of mmap, found '0x1z'" },
	{ "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 1x</a>, 0)",
	  "t.scen:1: expected a number for the file descriptor of mmap, "
	  "found '1x'" },
	{ "mmap(0x1ffffffffffffffff, 4096, PROT_READ, MAP_PRIVATE, -1, 0)",
	  "t.scen:1: the address of mmap is out of range (more than 64 bits)" },
	{ "brk(99999999999999999999)",
	  "t.scen:1: the address of brk is out of range (more than 64 bits)" },
	{ "brk(NULL) = 0x1ffffffffffffffff",
	  "t.scen:1: the result of brk is out of range (more than 64 bits)" },
	{ "brk(NULL) = -1 EFOO (Foo)",
	  "t.scen:1: unknown errno name EFOO in the result of brk" },
	{ "brk(NULL) = 0x1000 junk",
	  "t.scen:1: unexpected text after the result of brk: 'junk'" },
	{ "brk(NULL) 0x1000", "t.scen:1: expected '= result' after the "
	  "arguments of brk, found '0x1000'" },
	{ "brk(NULL) = zz", "t.scen:1: expected a number after '=' in the "
	  "result of brk, found 'zz'" },
	{ "brk(NULL) = 0x1000 <0.1", "t.scen:1: expected a time like "
	  "<0.000123> after the result of brk" },
	{ "brk(NULL) = 0x1000 (note", "t.scen:1: expected ')' after the note "
	  "on the result of brk" },
	{ "brk NULL", "t.scen:1: expected '(' after the system call name brk" },
	{ "!!!", "t.scen:1: expected a system call, a directive (%), a "
	  "/proc/PID/maps line or a comment, found '!!!'" },
	{ "[pid 12 brk(NULL)", "t.scen:1: expected ']' after the pid" },
	{ "[pid x] brk(NULL)", "t.scen:1: expected a pid after '[pid'" },
	{ "[pid 99999999999] brk(NULL)", "t.scen:1: the pid is out of range" },
	{ "[pid 1] 12:00:00.1 ",
	  "t.scen:1: expected a system call after the pid or the time" },
	{ "setrlimit(RLIMIT_FOO, {rlim_cur=1, rlim_max=2}) = 0",
	  "t.scen:1: unknown resource limit 'RLIMIT_FOO' in setrlimit" },
	{ "setrlimit(16, {rlim_cur=1, rlim_max=1})",
	  "t.scen:1: unknown resource limit '16' in setrlimit" },
	{ "setrlimit(RLIMIT_DATA, {rlim_cur=1}) = 0",
	  "t.scen:1: expected {rlim_cur=..., rlim_max=...} in setrlimit, "
	  "found '{rlim_cur=1}'" },
	{ "setrlimit(RLIMIT_DATA, {rlim_cur=1, rlim_max=lots}) = 0",
	  "t.scen:1: expected a number for rlim_max of setrlimit, "
	  "found 'lots'" },
	{ "setrlimit(RLIMIT_DATA, {rlim_cur=18446744073709551615*1024, "
	  "rlim_max=RLIM64_INFINITY})",
	  "t.scen:1: rlim_cur of setrlimit is out of range (more than 64 bits)" },
	{ "setrlimit(RLIMIT_DATA, {cur=1, rlim_max=2})",
	  "t.scen:1: expected rlim_cur=... in setrlimit, found 'cur=1'" },
	{ "prlimit64(me, RLIMIT_DATA, NULL, NULL)",
	  "t.scen:1: expected a pid for prlimit64, found 'me'" },
	{ "open(/etc/passwd, O_RDONLY) = 3", "t.scen:1: expected a quoted "
	  "path in the arguments of open, found '/etc/passwd'" },
	{ "open(\"/etc/passwd, O_RDONLY) = 3",
	  "t.scen:1: expected ')' after the arguments of open" },
	{ "open(\"a\\0b\", O_RDONLY)", "t.scen:1: the path contains a NUL byte" },
	{ "close(3</etc/x) = 0",
	  "t.scen:1: expected ')' after the arguments of close" },
	{ "close(3</a>b) = 0", "t.scen:1: expected '>' after the file name in "
	  "the arguments of close" },
	{ "close(x) = 0", "t.scen:1: expected a number for the file "
	  "descriptor of close, found 'x'" },
	{ "close(</x>) = 0", "t.scen:1: expected a file descriptor for close, "
	  "found '</x>'" },
	{ "[pid 12] munmap(0x1000 <unfinished ...>\n"
	  "[pid 12] <... mmap resumed>) = 0",
	  "t.scen:2: '<... mmap resumed>' does not match the unfinished "
	  "munmap of pid 12 on line 1" },
	{ "[pid 12] munmap(0x1000, 4096 <unfinished ...>\n"
	  "[pid 12] <... munmap resumed>) = 0x1x",
	  "t.scen:2: expected a number after '=' in the result of munmap, "
	  "found '0x1x'" },
	{ "<... mmap>", "t.scen:1: expected '<... NAME resumed>'" },
	{ "brk(NULL)\n00400000-00401000 r-xp 00000000 00:00 0",
	  "t.scen:2: a /proc/PID/maps line must come before the system calls "
	  "(the first is on line 1)" },
	{ "00400000-00401000 r-zp 00000000 00:00 0",
	  "t.scen:1: unknown permission character 'z' in 'r-zp'" },
	{ "00400000-00402000 r-xp 0 00:00 0\n00401000-00403000 r-xp 0 00:00 0",
	  "t.scen:2: mapping 401000-403000 overlaps the mapping on line 1" },
	{ "munmap(0x1000, 4096strace: Process 1 attached",
	  "t.scen:1: expected ')' after the arguments of munmap" },
	/* directives */
	{ "% foo 1", "t.scen:1: unknown directive '% foo'" },
	{ "%", "t.scen:1: expected a directive name after '%'" },
	{ "% layout sideways", "t.scen:1: unknown layout 'sideways'; expected "
	  "legacy or topdown" },
	{ "% layout", "t.scen:1: expected '% layout legacy|topdown'" },
	{ "% layout legacy topdown",
	  "t.scen:1: expected '% layout legacy|topdown'" },
	{ "% arch mips", "t.scen:1: unknown architecture 'mips'; expected "
	  "x86_64, i386, arm or arm64" },
	{ "% rlimit FOO 1", "t.scen:1: unknown resource limit 'FOO'" },
	{ "% rlimit DATA", "t.scen:1: expected '% rlimit NAME CUR [MAX]'" },
	{ "% rlimit DATA 10X", "t.scen:1: expected a number (with K, M or G) "
	  "or unlimited for % rlimit, found '10X'" },
	{ "% rlimit DATA 2M 1M",
	  "t.scen:1: the soft limit of RLIMIT_DATA is above its hard limit" },
	{ "% rlimit DATA 99999999999G",
	  "t.scen:1: the value of % rlimit is out of range (more than 64 bits)" },
	{ "% brk xyz", "t.scen:1: expected a hex address for % brk, "
	  "found 'xyz'" },
	{ "% brk 0x1ffffffffffffffff",
	  "t.scen:1: the value of % brk is out of range (more than 64 bits)" },
	{ "% def_flags maybe", "t.scen:1: expected '% def_flags locked|0'" },
	{ "% aliasing maybe", "t.scen:1: expected '% aliasing on|off'" },
	{ "% cap_ipc_lock", "t.scen:1: expected '% cap_ipc_lock on|off'" },
	{ "% max_map_count 0",
	  "t.scen:1: % max_map_count must be between 1 and 2147483647" },
	{ "% aslr x", "t.scen:1: expected a number for % aslr, found 'x'" },
	{ "% title   # only a comment", "t.scen:1: expected '% title TEXT'" },
};

START_TEST(test_bad)
{
	const struct bad_case *c = &bad_cases[_i];
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(parse(c->text, &sc, err) == -1, "accepted: %s", c->text);
	ck_assert_str_eq(err, c->msg);
	ck_assert(is_zeroed(&sc, sizeof sc));
}
END_TEST

/* ---- directives -------------------------------------------------------- */

static const struct dir_case {
	const char	*text;
	size_t		 offset, size;	/* the field in struct scenario */
	unsigned long	 value;
	unsigned	 set;		/* SCEN_F_* expected in sc.mm.set */
} dir_cases[] = {
#define F(f)	offsetof(struct scenario, f), sizeof(((struct scenario *)0)->f)
	{ "% layout legacy            # directives: layout, arch",
	  F(layout), LAYOUT_LEGACY, 0 },
	{ "% layout topdown", F(layout), LAYOUT_TOPDOWN, 0 },
	{ "% aslr 42", F(aslr_seed), 42, 0 },
	{ "% aslr 0xdeadbeef", F(has_aslr), 1, 0 },
	{ "% brk 55555557a000", F(mm.brk), 0x55555557a000, SCEN_F_BRK },
	{ "% start_brk 0x555555579000", F(mm.start_brk), 0x555555579000,
	  SCEN_F_START_BRK },
	{ "% start_data 555555558000", F(mm.start_data), 0x555555558000,
	  SCEN_F_START_DATA },
	{ "% end_data 555555559010", F(mm.end_data), 0x555555559010,
	  SCEN_F_END_DATA },
	{ "% start_code 555555554000", F(mm.start_code), 0x555555554000,
	  SCEN_F_START_CODE },
	{ "% end_code 555555555f01", F(mm.end_code), 0x555555555f01,
	  SCEN_F_END_CODE },
	{ "% start_stack 7fffffffe3a0", F(mm.start_stack), 0x7fffffffe3a0,
	  SCEN_F_START_STACK },
	{ "% mmap_base 7ffff7fff000", F(mm.mmap_base), 0x7ffff7fff000,
	  SCEN_F_MMAP_BASE },
	{ "% def_flags locked", F(mm.def_flags), VM_LOCKED,
	  SCEN_F_DEF_FLAGS },
	{ "% def_flags 0", F(mm.def_flags), 0, SCEN_F_DEF_FLAGS },
	{ "% personality 0200000", F(personality), ADDR_COMPAT_LAYOUT, 0 },
	{ "% personality 0x0200000", F(personality_set), 1, 0 },
	{ "% max_map_count 65530", F(max_map_count), 65530, 0 },
	{ "% mmap_min_addr 65536", F(mmap_min_addr), 65536, 0 },
	{ "% mmap_min_addr 0x1000", F(mmap_min_addr_set), 1, 0 },
	{ "% aliasing on", F(aliasing), 1, 0 },
	{ "% aliasing off", F(aliasing), 0, 0 },
	{ "% cap_ipc_lock on", F(cap_ipc_lock), 1, 0 },
	{ "% cap_ipc_lock off", F(cap_ipc_lock), 0, 0 },
	{ "% rlimit DATA 8M", F(rlim_set[VM_RLIMIT_DATA]), 1, 0 },
	{ "\t%   layout\tlegacy  ", F(layout), LAYOUT_LEGACY, 0 },
#undef F
};

START_TEST(test_directive)
{
	const struct dir_case *c = &dir_cases[_i];
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";
	unsigned long v = 0;
	unsigned int u;
	unsigned long long ull;

	ck_assert_msg(parse(c->text, &sc, err) == 0, "%s: %s", c->text, err);
	if (c->size == sizeof u) {
		memcpy(&u, (char *)&sc + c->offset, sizeof u);
		v = u;
	} else if (c->size == sizeof ull) {
		memcpy(&ull, (char *)&sc + c->offset, sizeof ull);
		v = (unsigned long)ull;
	}
	ck_assert_msg(v == c->value, "%s: %#lx, expected %#lx", c->text, v,
	    c->value);
	ck_assert_uint_eq(sc.mm.set, c->set);
	ck_assert_uint_eq(sc.nops, 0);
	scenario_free(&sc);
}
END_TEST

static const struct rlim_case {
	const char	*text;
	int		 id;
	unsigned long	 cur, max;
} rlim_cases[] = {
	{ "% rlimit DATA 8M", VM_RLIMIT_DATA, 8UL << 20, RLIM_INFINITY },
	{ "% rlimit RLIMIT_STACK 8192K unlimited", VM_RLIMIT_STACK,
	  8UL << 20, RLIM_INFINITY },
	{ "% rlimit as 1G 2g", VM_RLIMIT_AS, 1UL << 30, 2UL << 30 },
	{ "% rlimit MEMLOCK 64k 64K", VM_RLIMIT_MEMLOCK, 65536, 65536 },
	{ "% rlimit STACK RLIM_INFINITY RLIM64_INFINITY", VM_RLIMIT_STACK,
	  RLIM_INFINITY, RLIM_INFINITY },
	{ "% rlimit DATA infinity", VM_RLIMIT_DATA, RLIM_INFINITY,
	  RLIM_INFINITY },
	{ "% rlimit DATA 8192*1024 0x10000000", VM_RLIMIT_DATA, 8UL << 20,
	  0x10000000 },
	{ "% rlimit NOFILE 1024 4096", 7, 1024, 4096 },
};

START_TEST(test_directive_rlimit)
{
	const struct rlim_case *c = &rlim_cases[_i];
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";
	int i;

	ck_assert_msg(parse(c->text, &sc, err) == 0, "%s: %s", c->text, err);
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++)
		ck_assert_int_eq(sc.rlim_set[i], i == c->id);
	ck_assert_uint_eq(sc.rlim_cur[c->id], c->cur);
	ck_assert_uint_eq(sc.rlim_max[c->id], c->max);
	scenario_free(&sc);
}
END_TEST

START_TEST(test_directive_text)
{
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";

	ck_assert_int_eq(parse("", &sc, err), 0);
	ck_assert_int_eq(sc.layout, -1);
	ck_assert_int_eq(sc.aliasing, -1);
	ck_assert_int_eq(sc.cap_ipc_lock, -1);
	ck_assert_ptr_null(sc.arch);
	ck_assert_ptr_null(sc.title);
	ck_assert_str_eq(sc.file, "t.scen");
	scenario_free(&sc);

	ck_assert_msg(parse("% arch arm\n% arch arm64\n"
	    "% title Lab 3: the brk path   # not part of it\n", &sc, err) == 0,
	    "%s", err);
	ck_assert_str_eq(sc.arch, "arm64");
	ck_assert_str_eq(sc.title, "Lab 3: the brk path");
	scenario_free(&sc);
}
END_TEST

/* ---- whole scenarios and real strace logs ------------------------------ */

/* The example of the brief, as a student would write it. */
START_TEST(test_brief_example)
{
	static const char text[] =
	    "# comments start with #\n"
	    "% layout legacy            # directives: layout, arch, rlimit, "
	    "mm fields ...\n"
	    "555555554000-555555555000 r--p 00000000 fe:00 1234   "
	    "/usr/bin/true   # /proc/PID/maps lines build the start state\n"
	    "brk(NULL)                                                   = "
	    "0x55555557a000\n"
	    "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
	    "-1, 0) = 0x2aaaaaaea000\n"
	    "munmap(0x2aaaaaaea000, 4096)                                = 0\n"
	    "setrlimit(RLIMIT_DATA, {rlim_cur=8192*1024, "
	    "rlim_max=RLIM64_INFINITY}) = 0\n";
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(parse(text, &sc, err) == 0, "%s", err);
	ck_assert_int_eq(sc.layout, LAYOUT_LEGACY);
	ck_assert_uint_eq(sc.nmaps, 1);
	ck_assert_str_eq(sc.maps[0].path, "/usr/bin/true");
	ck_assert_int_eq(sc.maps[0].lineno, 3);
	ck_assert_uint_eq(sc.nops, 4);
	ck_assert_int_eq(sc.ops[0].kind, OP_BRK);
	ck_assert_int_eq(sc.ops[0].lineno, 4);
	ck_assert_uint_eq(sc.ops[0].expect, 0x55555557a000);
	ck_assert_int_eq(sc.ops[1].kind, OP_MMAP);
	ck_assert_uint_eq(sc.ops[1].expect, 0x2aaaaaaea000);
	ck_assert_int_eq(sc.ops[2].kind, OP_MUNMAP);
	ck_assert_uint_eq(sc.ops[2].args[1], 4096);
	ck_assert_int_eq(sc.ops[3].kind, OP_SETRLIMIT);
	ck_assert_uint_eq(sc.ops[3].args[1], 8UL << 20);
	ck_assert_int_eq(sc.ops[3].lineno, 7);
	scenario_free(&sc);
}
END_TEST

/* strace -f -tt -y -T ... /bin/true, on the machine that built this. */
START_TEST(test_strace_true)
{
	FILE *fp = data_open("strace-ftty.txt");
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";

	ck_assert_msg(scenario_parse(fp, "strace-ftty.txt", &sc, err,
	    sizeof err) == 0, "%s", err);
	fclose(fp);
	ck_assert_uint_eq(sc.nops, 18);		/* 19 lines, one "+++" */
	ck_assert_int_eq(sc.ops[0].kind, OP_BRK);
	ck_assert_uint_eq(sc.ops[0].expect, 0x558d1690d000);
	ck_assert_int_eq(sc.ops[2].kind, OP_OPEN);
	ck_assert_str_eq(sc.ops[2].path, "/etc/ld.so.cache");
	ck_assert_uint_eq(sc.ops[2].expect, 3);
	ck_assert_int_eq(sc.ops[3].kind, OP_MMAP);
	ck_assert_uint_eq(sc.ops[3].args[1], 42563);
	ck_assert_uint_eq(sc.ops[3].args[4], 3);
	ck_assert_str_eq(sc.ops[3].path, "/etc/ld.so.cache");
	ck_assert_int_eq(sc.ops[4].kind, OP_CLOSE);
	ck_assert_str_eq(sc.ops[5].path, "/lib/x86_64-linux-gnu/libc.so.6");
	ck_assert_str_eq(sc.ops[6].path,
	    "/usr/lib/x86_64-linux-gnu/libc.so.6");
	ck_assert_uint_eq(sc.ops[7].args[3], MAP_PRIVATE | MAP_FIXED |
	    MAP_DENYWRITE);
	ck_assert_uint_eq(sc.ops[7].args[5], 0x26000);
	ck_assert_int_eq(sc.ops[13].kind, OP_MPROTECT);
	ck_assert_str_eq(sc.ops[13].name, "mprotect");
	ck_assert_uint_eq(sc.ops[13].args[0], 0x7f4eadb2d000);
	ck_assert_uint_eq(sc.ops[13].args[1], 16384);
	ck_assert_uint_eq(sc.ops[13].args[2], PROT_READ);
	ck_assert_int_eq(sc.ops[16].kind, OP_SKIP);
	ck_assert_str_eq(sc.ops[16].name, "prlimit64");
	ck_assert_int_eq(sc.ops[17].kind, OP_MUNMAP);
	ck_assert_uint_eq(sc.ops[17].args[0], 0x7f4eadb40000);
	ck_assert_int_eq(sc.ops[17].lineno, 18);
	scenario_free(&sc);
}
END_TEST

/*
 * strace -f of four threads doing mmap/munmap at once: 315 lines with 120
 * unfinished/resumed pairs, 4 "+++" lines, 2 "strace: Process N attached"
 * lines and one such message cut into line 36 (continued on line 37).
 * 315 - 120 - 4 - 2 - 1 = 188 calls.
 */
START_TEST(test_strace_threads)
{
	FILE *fp = data_open("strace-threads.txt");
	struct scenario sc;
	char err[SCEN_ERRLEN] = "";
	size_t i, count[OP_MREMAP + 1] = { 0 };
	int last = 0;

	ck_assert_msg(scenario_parse(fp, "strace-threads.txt", &sc, err,
	    sizeof err) == 0, "%s", err);
	fclose(fp);
	ck_assert_uint_eq(sc.nops, 188);
	for (i = 0; i < sc.nops; i++) {
		count[sc.ops[i].kind]++;
		ck_assert_int_gt(sc.ops[i].lineno, last);	/* input order */
		last = sc.ops[i].lineno;
		ck_assert_int_eq(sc.ops[i].has_expect, 1);
		if (sc.ops[i].lineno == 36) {
			ck_assert_int_eq(sc.ops[i].kind, OP_MUNMAP);
			ck_assert_int_eq(sc.ops[i].pid, 12525);
			ck_assert_uint_eq(sc.ops[i].args[0], 0x7fe16a1b5000);
		}
	}
	ck_assert_uint_eq(count[OP_BRK], 4);
	ck_assert_uint_eq(count[OP_MMAP], 91);
	ck_assert_uint_eq(count[OP_MUNMAP], 81);
	ck_assert_uint_eq(count[OP_SETRLIMIT], 1);
	ck_assert_uint_eq(count[OP_OPEN], 2);
	ck_assert_uint_eq(count[OP_CLOSE], 2);
	ck_assert_uint_eq(count[OP_MPROTECT], 6);	/* one unfinished */
	ck_assert_uint_eq(count[OP_SKIP], 1);	/* prlimit64 reading */
	scenario_free(&sc);
}
END_TEST

/* ---- robustness -------------------------------------------------------- */

START_TEST(test_all_or_nothing)
{
	struct scenario sc;
	char err[SCEN_ERRLEN];

	ck_assert_int_eq(parse("% layout topdown\n% title t\n"
	    "1000-2000 r--p 0 00:00 0 /x\nbrk(NULL)\n"
	    "[pid 3] mmap(NULL <unfinished ...>\n"
	    "mmap(NULL, 4096, PROT_READ, MAP_BOGUS, -1, 0)\n", &sc, err), -1);
	ck_assert_str_eq(err, "t.scen:6: unknown mmap flag MAP_BOGUS");
	ck_assert(is_zeroed(&sc, sizeof sc));
	scenario_free(&sc);		/* harmless on a zeroed scenario */
	scenario_free(NULL);
}
END_TEST

START_TEST(test_nul_and_crlf)
{
	static const char nul[] = "brk(NULL)\r\n\0brk(NULL)\n";
	static const char crlf[] = "% layout legacy\r\n"
	    "1000-2000 r--p 0 00:00 0 /x\r\nbrk(NULL) = 0x1000\r\n";
	struct scenario sc;
	char err[SCEN_ERRLEN];

	ck_assert_int_eq(scenario_parse_mem(nul, sizeof nul - 1, "n", &sc, err,
	    sizeof err), -1);
	ck_assert_str_eq(err, "n:2: the line contains a NUL byte");

	ck_assert_int_eq(scenario_parse_mem(crlf, sizeof crlf - 1, "c", &sc,
	    err, sizeof err), 0);
	ck_assert_int_eq(sc.layout, LAYOUT_LEGACY);
	ck_assert_str_eq(sc.maps[0].path, "/x");
	ck_assert_uint_eq(sc.ops[0].expect, 0x1000);
	scenario_free(&sc);

	/* a buffer that ends inside a call: "brk(NU" */
	ck_assert_int_eq(scenario_parse_mem(crlf, sizeof crlf - 1 - 15, "c",
	    &sc, err, sizeof err), -1);
	ck_assert_str_eq(err, "c:3: expected ')' after the arguments of brk");
}
END_TEST

START_TEST(test_long_lines)
{
	size_t big = 1 << 20, i;
	char *text = malloc(big + 64), err[SCEN_ERRLEN];
	struct scenario sc;
	FILE *fp;

	ck_assert_ptr_nonnull(text);
	memcpy(text, "brk(", 4);
	memset(text + 4, '0', big);
	memcpy(text + 4 + big, "1000) = 0x1000 # ", 17);
	memset(text + 21 + big, '#', 20);
	text[41 + big] = '\0';
	ck_assert_msg(parse(text, &sc, err) == 0, "%s", err);
	ck_assert_uint_eq(sc.ops[0].args[0], 1000);
	scenario_free(&sc);

	fp = tmpfile();
	for (i = 0; i < 3; i++) {
		fputs(text, fp);
		fputc('\n', fp);
	}
	fputs("brk(NULL", fp);		/* no newline at the end */
	rewind(fp);
	ck_assert_int_eq(scenario_parse(fp, "big", &sc, err, sizeof err), -1);
	ck_assert_str_eq(err, "big:4: expected ')' after the arguments of brk");
	fclose(fp);
	free(text);
}
END_TEST

/*
 * The caps of every reader here, on streams that never end: one endless
 * line (/dev/zero), endless comments or blank lines (`yes '# c'`). Each
 * stops with its own message, nothing allocated and the output zeroed.
 */
START_TEST(test_caps)
{
	struct scenario sc;
	struct scen_map *maps = (struct scen_map *)1;
	struct proc_stat st;
	size_t nmaps = 1;
	char err[SCEN_ERRLEN];
	FILE *fp;

	fp = endless_open("0");
	ck_assert_int_eq(scenario_parse(fp, "zero", &sc, err, sizeof err), -1);
	fclose(fp);
	ck_assert_str_eq(err, "zero:1: a line longer than 4 MiB: too long for "
	    "a scenario (is it the right file?)");
	ck_assert(is_zeroed(&sc, sizeof sc));

	/* 2^26 lines of 4 bytes: the cap comes before any parse error. */
	fp = endless_open("# c\n");
	ck_assert_int_eq(scenario_parse(fp, "<stdin>", &sc, err, sizeof err),
	    -1);
	fclose(fp);
	ck_assert_str_eq(err, "<stdin>: larger than 256 MiB: too large for a "
	    "scenario (is it the right file?)");
	ck_assert(is_zeroed(&sc, sizeof sc));

	fp = endless_open("7");
	ck_assert_int_eq(procfs_parse_maps(fp, "m", &maps, &nmaps, err,
	    sizeof err), -1);
	fclose(fp);
	ck_assert_str_eq(err, "m:1: a line longer than 64 KiB: too long for a "
	    "/proc/PID/maps file (is it the right file?)");
	ck_assert_ptr_null(maps);
	ck_assert_uint_eq(nmaps, 0);

	fp = endless_open("\n");	/* blank lines are skipped */
	ck_assert_int_eq(procfs_parse_maps(fp, NULL, &maps, &nmaps, err,
	    sizeof err), -1);
	fclose(fp);
	ck_assert_str_eq(err, "maps: larger than 32 MiB: too large for a "
	    "/proc/PID/maps file (is it the right file?)");
	ck_assert_ptr_null(maps);

	fp = endless_open("1 (x) ");
	ck_assert_int_eq(procfs_parse_stat(fp, "s", &st, err, sizeof err), -1);
	fclose(fp);
	ck_assert_str_eq(err, "s: larger than 1 MiB: too large for a "
	    "/proc/PID/stat file (is it the right file?)");
	ck_assert(is_zeroed(&st, sizeof st));
}
END_TEST

/*
 * At the cap a file still reads: a scenario line of 4 MiB, its newline
 * included. One byte more and it does not.
 */
START_TEST(test_caps_edge)
{
	size_t big = 4 << 20, i;
	char *text = malloc(big + 1), err[SCEN_ERRLEN];
	struct scenario sc;
	FILE *fp = tmpfile();

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(fp);
	memset(text, '#', big - 1);	/* a comment */
	text[big - 1] = '\n';
	fwrite(text, 1, big, fp);
	fputs("brk(NULL) = 0x1000\n", fp);
	rewind(fp);
	ck_assert_msg(scenario_parse(fp, "edge", &sc, err, sizeof err) == 0,
	    "%s", err);
	ck_assert_uint_eq(sc.nops, 1);
	ck_assert_int_eq(sc.ops[0].lineno, 2);
	scenario_free(&sc);

	/* One byte more, and the first line is too long. */
	rewind(fp);
	for (i = 0; i < big; i++)
		fputc('#', fp);
	fputc('\n', fp);
	rewind(fp);
	ck_assert_int_eq(scenario_parse(fp, "edge", &sc, err, sizeof err), -1);
	ck_assert_str_eq(err, "edge:1: a line longer than 4 MiB: too long for "
	    "a scenario (is it the right file?)");
	fclose(fp);
	free(text);
}
END_TEST

/* xorshift64*: a fixed stream, so that a failure can be replayed. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static void
fuzz_one(const char *buf, size_t len)
{
	struct scenario sc;
	char err[SCEN_ERRLEN];

	err[0] = '\0';
	if (scenario_parse_mem(buf, len, "f", &sc, err, sizeof err) == 0)
		scenario_free(&sc);
	else {
		ck_assert(is_zeroed(&sc, sizeof sc));
		ck_assert_msg(strncmp(err, "f:", 2) == 0, "bad message %s", err);
	}
	ck_assert(is_zeroed(&sc, sizeof sc));
}

/*
 * Mutations of a valid scenario (flips, NULs, inserted syntax, cuts) and
 * plain random bytes: every parse must end in 0 or a clean -1.
 */
START_TEST(test_fuzz)
{
	static const char seed[] =
	    "% layout legacy\n% rlimit DATA 8M 16M\n% title x # y\n"
	    "1000-2000 r--p 0 fe:00 1 /a b (deleted)\n"
	    "[pid  12] 12:34:56.123456 mmap(NULL, 8192, PROT_READ "
	    "<unfinished ...>\n"
	    "[pid  12] <... mmap resumed>, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = "
	    "0x7f0000000000 <0.000020>\n"
	    "openat(AT_FDCWD</tmp>, \"/etc/x\\n\", O_RDONLY) = 3</etc/x> # c\n"
	    "munmap(0x7f0000000000, 4096strace: Process 9 attached\n) = 0\n"
	    "prlimit64(0, RLIMIT_STACK, {rlim_cur=8192*1024, "
	    "rlim_max=RLIM64_INFINITY}, NULL) = -1 EPERM (x)\n"
	    "read(3, \"\\177ELF\"..., 832) = 832\n+++ exited with 0 +++\n";
	static const char syms[] = "()<>[]{}\"\\#,|=-*% \n\r\t0x:.";
	const char *iters = getenv("VMALAB_FUZZ_ITERS");
	long n = iters ? atol(iters) : 20000, k;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	char buf[sizeof seed + 64];
	size_t len, i, m;

	for (k = 0; k < n; k++) {
		memcpy(buf, seed, sizeof seed - 1);
		len = sizeof seed - 1;
		for (m = rnd(&s) % 8 + 1; m > 0; m--) {
			i = rnd(&s) % len;
			switch (rnd(&s) % 4) {
			case 0: buf[i] = (char)rnd(&s); break;
			case 1: buf[i] = syms[rnd(&s) % (sizeof syms - 1)]; break;
			case 2: buf[i] = '\0'; break;
			case 3: len = i + 1; break;
			}
		}
		fuzz_one(buf, len);
		for (i = 0; i < 64; i++)
			buf[i] = (char)rnd(&s);
		fuzz_one(buf, rnd(&s) % 65);
	}
}
END_TEST

START_TEST(test_rlimit_names)
{
	int i;

	ck_assert_int_eq(scenario_rlimit_id("RLIMIT_DATA"), VM_RLIMIT_DATA);
	ck_assert_int_eq(scenario_rlimit_id("DATA"), VM_RLIMIT_DATA);
	ck_assert_int_eq(scenario_rlimit_id("data"), VM_RLIMIT_DATA);
	ck_assert_int_eq(scenario_rlimit_id("rlimit_as"), VM_RLIMIT_AS);
	ck_assert_int_eq(scenario_rlimit_id("STACK"), VM_RLIMIT_STACK);
	ck_assert_int_eq(scenario_rlimit_id("MEMLOCK"), VM_RLIMIT_MEMLOCK);
	ck_assert_int_eq(scenario_rlimit_id("RLIMIT_"), -1);
	ck_assert_int_eq(scenario_rlimit_id(""), -1);
	ck_assert_int_eq(scenario_rlimit_id(NULL), -1);
	ck_assert_int_eq(scenario_rlimit_id("RLIMIT_FOO"), -1);
	ck_assert_str_eq(scenario_rlimit_name(VM_RLIMIT_DATA), "RLIMIT_DATA");
	ck_assert_ptr_null(scenario_rlimit_name(VM_RLIMIT_NLIMITS));
	ck_assert_ptr_null(scenario_rlimit_name(-1));
	for (i = 0; i < VM_RLIMIT_NLIMITS; i++)
		ck_assert_int_eq(scenario_rlimit_id(scenario_rlimit_name(i)), i);
}
END_TEST

static Suite *
scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc;

	tc = tcase_create("procfs");
	tcase_add_loop_test(tc, test_maps_line_good, 0, NELEM(maps_good));
	tcase_add_loop_test(tc, test_maps_line_bad, 0, NELEM(maps_bad));
	tcase_add_test(tc, test_maps_file_real);
	tcase_add_loop_test(tc, test_maps_file_bad, 0, NELEM(maps_file_bad));
	tcase_add_test(tc, test_maps_file_edges);
	tcase_add_test(tc, test_stat_real);
	tcase_add_test(tc, test_stat_comm);
	tcase_add_loop_test(tc, test_stat_bad, 0, NELEM(stat_bad));
	suite_add_tcase(s, tc);

	tc = tcase_create("lines");
	tcase_add_loop_test(tc, test_op_good, 0, NELEM(op_cases));
	tcase_add_test(tc, test_op_text);
	tcase_add_loop_test(tc, test_bad, 0, NELEM(bad_cases));
	tcase_add_loop_test(tc, test_directive, 0, NELEM(dir_cases));
	tcase_add_loop_test(tc, test_directive_rlimit, 0, NELEM(rlim_cases));
	tcase_add_test(tc, test_directive_text);
	tcase_add_test(tc, test_rlimit_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, test_brief_example);
	tcase_add_test(tc, test_strace_true);
	tcase_add_test(tc, test_strace_threads);
	suite_add_tcase(s, tc);

	tc = tcase_create("robust");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_all_or_nothing);
	tcase_add_test(tc, test_nul_and_crlf);
	tcase_add_test(tc, test_long_lines);
	tcase_add_test(tc, test_caps);
	tcase_add_test(tc, test_caps_edge);
	tcase_add_test(tc, test_fuzz);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(scenario_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
