/*
 * builtin.c - the built-in scenarios: the ones plain `vmalab` and
 * `vmalab run` without a SCENARIO replay, and that `vmalab scenario NAME`
 * prints for an instructor to copy and edit.
 *
 * Each is a scenario file as a string (see scenario.h for the format)
 * whose every system call carries its expected result, so that
 * `vmalab scenario NAME | vmalab run --check -` passes: a change in the
 * engine that moves an address shows up as a failing test, not as a
 * lecture that quietly tells a different story.
 *
 * When editing one, keep the comments true: each step says which
 * decision of the kernel's path it is there to show. Regenerate the
 * results with `vmalab run` and check the trace with `vmalab run --trace
 * text`.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <string.h>

#include "builtin.h"

/*
 * lecture1: the default. Top-down x86_64: the heap grows with brk, three
 * mmaps go down from below the libraries, a munmap opens a hole, and the
 * last search finds that hole by pruning the tree with rb_subtree_gap.
 */
/*
 * The start state lecture1, malloc and threshold share: /usr/bin/demo, a
 * small PIE program just started with randomization off, top-down.
 */
#define DEMO_PROCESS \
	"% arch x86_64\n" \
	"% layout topdown\n" \
	"% rlimit RLIMIT_STACK 8M unlimited\n" \
	"% start_code  0x555555555000\n" \
	"% end_code    0x555555556000\n" \
	"% start_data  0x555555557df0\n" \
	"% end_data    0x555555558010\n" \
	"% start_brk   0x555555559000\n" \
	"% brk         0x555555559000\n" \
	"% start_stack 0x7fffffffe2f0\n" \
	"555555554000-555555555000 r--p 00000000 fe:01 1835020                    /usr/bin/demo\n" \
	"555555555000-555555556000 r-xp 00001000 fe:01 1835020                    /usr/bin/demo\n" \
	"555555556000-555555557000 r--p 00002000 fe:01 1835020                    /usr/bin/demo\n" \
	"555555557000-555555558000 r--p 00002000 fe:01 1835020                    /usr/bin/demo\n" \
	"555555558000-555555559000 rw-p 00003000 fe:01 1835020                    /usr/bin/demo\n" \
	"7ffff7dd2000-7ffff7df8000 r--p 00000000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n" \
	"7ffff7df8000-7ffff7f4e000 r-xp 00026000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n" \
	"7ffff7f4e000-7ffff7fa1000 r--p 0017c000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n" \
	"7ffff7fa1000-7ffff7fa5000 r--p 001cf000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n" \
	"7ffff7fa5000-7ffff7fa7000 rw-p 001d3000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n" \
	"7ffff7fa7000-7ffff7fb4000 rw-p 00000000 00:00 0\n" \
	"7ffff7fc2000-7ffff7fc4000 rw-p 00000000 00:00 0\n" \
	"7ffff7fc4000-7ffff7fc8000 r--p 00000000 00:00 0                          [vvar]\n" \
	"7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0                          [vdso]\n" \
	"7ffff7fca000-7ffff7fcb000 r--p 00000000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" \
	"7ffff7fcb000-7ffff7ff1000 r-xp 00001000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" \
	"7ffff7ff1000-7ffff7ffb000 r--p 00027000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" \
	"7ffff7ffb000-7ffff7ffd000 r--p 00031000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" \
	"7ffff7ffd000-7ffff7fff000 rw-p 00033000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n" \
	"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n" \
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"

static const struct builtin builtin_lecture1 = {
	.name = "lecture1",
	.title = "the heap grows with brk, mmap fills the space below the "
	    "libraries (top-down)",
	.text =
	"# lecture1 - a first lecture on brk and mmap: x86_64, top-down layout.\n"
	"#\n"
	"# Replay it with the trace:   vmalab run --trace text\n"
	"# See where it ends:          vmalab maps\n"
	"# Copy it and change it:      vmalab scenario lecture1 > my.scn\n"
	"#\n"
	"# The process is a small PIE program, /usr/bin/demo, just started with\n"
	"# randomization off (as under `setarch -R`, or in gdb). Its address space\n"
	"# is the /proc/PID/maps below. From the bottom:\n"
	"#\n"
	"#   0x555555554000  demo itself: r--p headers, r-xp code, r--p constants,\n"
	"#                   r--p (relro), rw-p data. The heap will start right\n"
	"#                   after it, at start_brk = 0x555555559000.\n"
	"#        ...        a gap of about 42 TiB: room for the heap to grow up\n"
	"#                   and for mmap to grow down\n"
	"#   0x7ffff7dd2000  libc.so.6 (five segments) and its .bss\n"
	"#   0x7ffff7fb4000  a free gap of 56 KiB: ld.so mapped /etc/ld.so.cache\n"
	"#                   here while it looked for libc, then unmapped it\n"
	"#   0x7ffff7fc2000  ld.so's early allocations, [vvar], [vdso], ld.so\n"
	"#   0x7ffff7fff000  mmap_base. Top-down, mmap searches downwards from\n"
	"#                   here: TASK_SIZE minus a gap kept for the stack (its\n"
	"#                   8 MiB rlimit plus the 1 MiB stack guard gap, raised to\n"
	"#                   the 128 MiB minimum): 0x7ffffffff000 - 128 MiB.\n"
	"#   0x7ffffffde000  [stack]; above TASK_SIZE, the [vsyscall] page, which\n"
	"#                   is not a VMA of this mm at all.\n"
	"#\n"
	"% title Lecture 1: the heap grows with brk, mmap fills the space below the libraries\n"
	DEMO_PROCESS
	"#\n"
	"# 1. malloc's first call asks where the break is. brk(0) is below\n"
	"#    start_brk, so sys_brk changes nothing and returns the current break\n"
	"#    (sys_brk.below_min_brk).\n"
	"brk(NULL)                               = 0x555555559000\n"
	"#\n"
	"# 2. malloc grows the heap by 132 KiB. Nothing is mapped between the\n"
	"#    break and the next VMA (libc, 42 TiB away), so do_brk maps a new\n"
	"#    VMA: the [heap] appears at start_brk.\n"
	"brk(0x55555557a000)                     = 0x55555557a000\n"
	"#\n"
	"# 3. And again: this time do_brk finds the [heap] VMA right below the\n"
	"#    old break, and vma_merge just extends it (no new VMA).\n"
	"brk(0x55555559b000)                     = 0x55555559b000\n"
	"#\n"
	"# 4. A malloc of 200000 bytes is above M_MMAP_THRESHOLD (128 KiB), so\n"
	"#    malloc calls mmap instead. mmap rounds the length up to whole pages\n"
	"#    (0x31000 = 200704 bytes). The top-down search starts at mmap_base:\n"
	"#    the 56 KiB gap above libc is too small, so the area lands right\n"
	"#    below the lowest library, libc: 0x7ffff7dd2000 - 0x31000.\n"
	"mmap(NULL, 200000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7da1000\n"
	"#\n"
	"# 5. The program maps a word list (962 KiB) to read it. It lands right\n"
	"#    below the area of step 4.\n"
	"openat(AT_FDCWD, \"/usr/share/dict/words\", O_RDONLY) = 3\n"
	"mmap(NULL, 985084, PROT_READ, MAP_PRIVATE, 3, 0) = 0x7ffff7cb0000\n"
	"close(3)                                = 0\n"
	"#\n"
	"# 6. Another large malloc (132 KiB): below the word list.\n"
	"mmap(NULL, 135168, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7c8f000\n"
	"#\n"
	"# 7. Done with the word list: munmap opens a hole of 964 KiB between the\n"
	"#    areas of steps 6 and 4.\n"
	"munmap(0x7ffff7cb0000, 985084)          = 0\n"
	"#\n"
	"# 8. A malloc of 512 KiB. It does not fit the 56 KiB gap above libc, it\n"
	"#    does fit the hole. Watch unmapped_area_topdown: each VMA in the tree\n"
	"#    knows the largest gap in its subtree (rb_subtree_gap), so the search\n"
	"#    walks down the tree and skips every subtree whose rb_subtree_gap is\n"
	"#    smaller than the length (go_right / go_left not taken), without\n"
	"#    looking at a single VMA inside it. It finds the highest gap that\n"
	"#    fits, the hole, and takes its top: 0x7ffff7da1000 - 0x80000.\n"
	"#    The new area touches the one of step 4, with the same flags, so\n"
	"#    vma_merge extends that VMA downwards: /proc shows one line for both.\n"
	"mmap(NULL, 524288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7d21000\n",
};

/* legacy: the same program and calls in the bottom-up layout. */
static const struct builtin builtin_legacy = {
	.name = "legacy",
	.title = "the same story in the legacy layout: mmap searches upwards "
	    "from TASK_SIZE/3",
	.text =
	"# legacy - lecture 1's story in the legacy (bottom-up) layout.\n"
	"#\n"
	"# The same program as in lecture1, started with `setarch -L -R`\n"
	"# (ADDR_COMPAT_LAYOUT, randomization off). The difference is where mmap\n"
	"# looks: bottom-up, from mmap_base = TASK_UNMAPPED_BASE =\n"
	"# PAGE_ALIGN(TASK_SIZE / 3) = 0x2aaaaaaab000, upwards. So the kernel put\n"
	"# ld.so there first, then [vvar] and [vdso], and ld.so put libc above them:\n"
	"#\n"
	"#   0x2aaaaaaab000  mmap_base: ld.so, [vvar], [vdso], ld.so's early\n"
	"#                   allocations\n"
	"#   0x2aaaaaae8000  a free gap of 56 KiB where /etc/ld.so.cache was\n"
	"#   0x2aaaaaaf6000  libc.so.6 (five segments) and its .bss\n"
	"#        ...        free up to the program\n"
	"#   0x555555554000  demo, then its heap: brk works as in the top-down\n"
	"#                   layout, mmap does not come near it\n"
	"#   0x7ffffffde000  [stack]\n"
	"#\n"
	"% title The same story in the legacy layout: mmap searches upwards from TASK_SIZE/3\n"
	"% arch x86_64\n"
	"% layout legacy\n"
	"% rlimit RLIMIT_STACK 8M unlimited\n"
	"% start_code  0x555555555000\n"
	"% end_code    0x555555556000\n"
	"% start_data  0x555555557df0\n"
	"% end_data    0x555555558010\n"
	"% start_brk   0x555555559000\n"
	"% brk         0x555555559000\n"
	"% start_stack 0x7fffffffe2f0\n"
	"2aaaaaaab000-2aaaaaaac000 r--p 00000000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"2aaaaaaac000-2aaaaaad2000 r-xp 00001000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"2aaaaaad2000-2aaaaaadc000 r--p 00027000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"2aaaaaadc000-2aaaaaade000 r--p 00031000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"2aaaaaade000-2aaaaaae0000 rw-p 00033000 fe:01 1574410                    /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"2aaaaaae0000-2aaaaaae4000 r--p 00000000 00:00 0                          [vvar]\n"
	"2aaaaaae4000-2aaaaaae6000 r-xp 00000000 00:00 0                          [vdso]\n"
	"2aaaaaae6000-2aaaaaae8000 rw-p 00000000 00:00 0\n"
	"2aaaaaaf6000-2aaaaab1c000 r--p 00000000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"2aaaaab1c000-2aaaaac72000 r-xp 00026000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"2aaaaac72000-2aaaaacc5000 r--p 0017c000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"2aaaaacc5000-2aaaaacc9000 r--p 001cf000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"2aaaaacc9000-2aaaaaccb000 rw-p 001d3000 fe:01 1574418                    /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"2aaaaaccb000-2aaaaacd8000 rw-p 00000000 00:00 0\n"
	"555555554000-555555555000 r--p 00000000 fe:01 1835020                    /usr/bin/demo\n"
	"555555555000-555555556000 r-xp 00001000 fe:01 1835020                    /usr/bin/demo\n"
	"555555556000-555555557000 r--p 00002000 fe:01 1835020                    /usr/bin/demo\n"
	"555555557000-555555558000 r--p 00002000 fe:01 1835020                    /usr/bin/demo\n"
	"555555558000-555555559000 rw-p 00003000 fe:01 1835020                    /usr/bin/demo\n"
	"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"
	"#\n"
	"# 1-3. The heap: exactly as in the top-down layout.\n"
	"brk(NULL)                               = 0x555555559000\n"
	"brk(0x55555557a000)                     = 0x55555557a000\n"
	"brk(0x55555559b000)                     = 0x55555559b000\n"
	"#\n"
	"# 4. malloc(200000) -> mmap of 0x31000 bytes. Bottom-up, unmapped_area\n"
	"#    wants the LOWEST gap at or above mmap_base that fits: the 56 KiB gap\n"
	"#    after ld.so is too small, the next one begins right after libc's\n"
	"#    .bss. The new area touches the .bss VMA and has the same flags\n"
	"#    (private, anonymous, read-write), so vma_merge extends the .bss VMA\n"
	"#    upwards instead of making a new one.\n"
	"mmap(NULL, 200000, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x2aaaaacd8000\n"
	"#\n"
	"# 5. The word list goes right above it.\n"
	"openat(AT_FDCWD, \"/usr/share/dict/words\", O_RDONLY) = 3\n"
	"mmap(NULL, 985084, PROT_READ, MAP_PRIVATE, 3, 0) = 0x2aaaaad09000\n"
	"close(3)                                = 0\n"
	"#\n"
	"# 6. Another large malloc: above the word list.\n"
	"mmap(NULL, 135168, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x2aaaaadfa000\n"
	"#\n"
	"# 7. munmap the word list: a 964 KiB hole between steps 4 and 6.\n"
	"munmap(0x2aaaaad09000, 985084)          = 0\n"
	"#\n"
	"# 8. malloc(512 KiB). unmapped_area walks the tree left first (lower\n"
	"#    addresses first), skipping every subtree whose rb_subtree_gap is\n"
	"#    smaller than the length, and takes the lowest gap that fits: the\n"
	"#    bottom of the hole, which again merges with the area below it.\n"
	"mmap(NULL, 524288, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x2aaaaad09000\n",
};

/*
 * malloc: the step before the kernel's. The readings open with it: a
 * program calls malloc, and glibc's allocator decides between growing the
 * heap with brk and a mapping of its own with mmap (M_MMAP_THRESHOLD, 128
 * KiB). The same process as lecture1.
 */
static const struct builtin builtin_malloc = {
	.name = "malloc",
	.title = "malloc(100) vs malloc(200000): brk or mmap",
	.text =
	"# malloc - malloc(100) against malloc(200000): where the memory comes from.\n"
	"#\n"
	"# Each line is a call of the program into glibc's malloc (glibc 2.36,\n"
	"# x86_64). In the trace (vmalab run --trace text) the allocator's decisions\n"
	"# come first (libc_malloc, int_malloc, sysmalloc: glibc's __libc_malloc,\n"
	"# _int_malloc, sysmalloc), then the system calls it makes (== brk(...)) and\n"
	"# the kernel's path for each. The process is lecture1's: a small program,\n"
	"# /usr/bin/demo, before its first malloc.\n"
	"#\n"
	"% title malloc(100) vs malloc(200000): brk or mmap\n"
	DEMO_PROCESS
	"#\n"
	"# 1. The first malloc of the program. glibc first allocates its per-thread\n"
	"#    cache (tcache, 640 bytes: a 656-byte chunk), and there is no heap yet:\n"
	"#    sysmalloc grows it. morecore asks where the break is (brk(NULL), the\n"
	"#    first time only), then moves it by 656 + 128 KiB of top_pad + 32,\n"
	"#    rounded up to pages: 132 KiB. The 100 bytes need a chunk of 112\n"
	"#    (100 + 8 for the size field, rounded up to 16), cut from the top of\n"
	"#    the new heap; malloc returns the address after the chunk's 16-byte\n"
	"#    header: start_brk + 0x290 + 0x10.\n"
	"malloc(100)                             = 0x5555555592a0\n"
	"#\n"
	"# 2. 200000 bytes are above the threshold (sysmalloc.try_mmap): the\n"
	"#    request gets a mapping of its own, 200000 + 8 rounded up to 16, + 8\n"
	"#    more, rounded up to pages: mmap(NULL, 200704). The kernel puts it\n"
	"#    below libc, as in lecture1's step 4; the pointer is 16 bytes in.\n"
	"malloc(200000)                          = 0x7ffff7da1010\n"
	"#\n"
	"# 3. A mapped chunk goes back to the kernel whole: munmap. (And the\n"
	"#    threshold moves: see the built-in scenario threshold.)\n"
	"free(#2)                                = <void>\n"
	"#\n"
	"# 4. A small chunk stays with malloc: it goes into the tcache, for the next\n"
	"#    malloc of that size. No system call; the heap keeps its 132 KiB.\n"
	"free(#1)                                = <void>\n",
};

/*
 * threshold: the dynamic mmap threshold. Freeing a mapped chunk larger
 * than the threshold raises it (and the trim threshold with it), so the
 * same request next time comes from the heap.
 */
static const struct builtin builtin_threshold = {
	.name = "threshold",
	.title = "the threshold moves after a free",
	.text =
	"# threshold - M_MMAP_THRESHOLD moves after a free.\n"
	"#\n"
	"# glibc starts with an mmap threshold of 128 KiB and a trim threshold of\n"
	"# 128 KiB. When a program frees a mapped chunk larger than the threshold\n"
	"# (up to 32 MiB), glibc takes it as a sign that such sizes are normal for\n"
	"# this program: the threshold becomes that chunk's size and the trim\n"
	"# threshold twice that (libc_free.dyn_threshold). mallopt of any of them\n"
	"# stops it. The process is lecture1's.\n"
	"#\n"
	"% title The threshold moves after a free\n"
	DEMO_PROCESS
	"#\n"
	"# 1. The first call: the tcache comes from a new 132 KiB heap (brk), and\n"
	"#    200000 bytes (a 200704-byte mapping) from mmap.\n"
	"malloc(200000)                          = 0x7ffff7da1010\n"
	"#\n"
	"# 2. munmap. The chunk (200704) was above the threshold (131072): the\n"
	"#    threshold becomes 200704, the trim threshold 401408.\n"
	"free(#1)                                = <void>\n"
	"#\n"
	"# 3. The same request is now below the threshold (200016 < 200704): it\n"
	"#    comes from the heap. The top is too small, so the heap grows by\n"
	"#    200016 + 128 KiB + 32 minus the top already there, in pages:\n"
	"#    brk(+0x30000). The chunk starts right after the tcache.\n"
	"malloc(200000)                          = 0x5555555592a0\n"
	"#\n"
	"# 4. It merges into the top: 331120 bytes. Under the old trim threshold\n"
	"#    (128 KiB) free would have shrunk the heap with brk; under the new one\n"
	"#    (401408) it keeps it (int_free.trim not taken).\n"
	"free(#3)                                = <void>\n"
	"#\n"
	"# 5. 500000 bytes are above even the new threshold: mmap(503808), below\n"
	"#    libc.\n"
	"malloc(500000)                          = 0x7ffff7d57010\n"
	"#\n"
	"# 6. munmap, and the threshold rises again: 503808 (trim: 1007616).\n"
	"free(#5)                                = <void>\n"
	"#\n"
	"# 7. 300000 bytes: a mapping at first, the heap now. The top kept in\n"
	"#    step 4 holds them: no system call at all.\n"
	"malloc(300000)                          = 0x5555555592a0\n",
};

const struct builtin *const builtins[] = {
	&builtin_lecture1,
	&builtin_legacy,
	&builtin_malloc,
	&builtin_threshold,
	NULL
};

/* Returns the built-in scenario called `name`, or NULL when there is none. */
const struct builtin *
builtin_find(const char *name)
{
	const struct builtin *const *b;

	if (name == NULL)
		return NULL;
	for (b = builtins; *b != NULL; b++)
		if (strcmp((*b)->name, name) == 0)
			return *b;
	return NULL;
}
