/*
 * test-listing.c - the listings, the decision registry and the events
 * agree with each other and with the engine's source.
 *
 *  - the registry is sorted, unique, and every entry is complete;
 *  - every DECIDE id in the engine's source is registered, and every
 *    registered id is used;
 *  - every statement line of an instrumented function is instrumented
 *    (so every executed line is a step);
 *  - the listings hold no instrumentation macro;
 *  - under a mixed workload, every event's line points at the listing line
 *    that holds it: a decision at the line with its condition, a value at
 *    the line that assigns it, a call at the signature.
 *
 * The source files are read from $top_srcdir/engine (default ".").
 */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check-util.h"
#include "trace/listing.h"

static const char *const sources[] = {
	"engine/kernel/mmap.c", "engine/kernel/vma.c", "engine/kernel/arch.c", "engine/malloc/malloc.c",
	"engine/kernel/mprotect.c", "engine/kernel/mremap.c", "engine/kernel/rbtree.c",
	"engine/kernel/linux6.c",
};

static char *
read_source(const char *name)
{
	const char *top = getenv("top_srcdir");
	char path[1024];
	FILE *fp;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", name);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s (set top_srcdir)", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, fp), n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Copies s without blanks into out (for comparing C text). */
static void
squeeze(const char *s, char *out, size_t len)
{
	size_t j = 0;

	for (; *s != '\0' && j + 1 < len; s++)
		if (!isspace((unsigned char)*s))
			out[j++] = *s;
	out[j] = '\0';
}

/* ---- the registry ------------------------------------------------------- */

START_TEST(test_registry_sorted)
{
	const struct decision *d;
	size_t flen;

	for (d = decisions; d->id != NULL; d++) {
		if (d != decisions)
			ck_assert_msg(strcmp(d[-1].id, d->id) < 0,
			    "%s and %s are out of order or repeated", d[-1].id,
			    d->id);
		flen = strlen(d->func);
		ck_assert_msg(strncmp(d->id, d->func, flen) == 0 &&
		    d->id[flen] == '.', "%s does not begin with %s.", d->id,
		    d->func);
		ck_assert_msg(d->explain != NULL && strlen(d->explain) > 20 &&
		    d->explain[strlen(d->explain) - 1] == '.',
		    "%s: the explanation should be a sentence", d->id);
		ck_assert_msg(d->kernel != NULL && *d->kernel != '\0',
		    "%s: no kernel line range", d->id);
		ck_assert_msg(d->not_taken == NULL ||
		    (strlen(d->not_taken) > 10 &&
		    d->not_taken[strlen(d->not_taken) - 1] == '.' &&
		    strcmp(d->not_taken, d->explain) != 0),
		    "%s: not_taken should be a sentence of its own", d->id);
		ck_assert_ptr_eq(decision_explain(d, 1), d->explain);
		ck_assert_ptr_eq(decision_explain(d, 0), d->not_taken);
		ck_assert_ptr_eq(decision_find(d->id), d);
	}
	ck_assert_ptr_null(decision_find("sys_brk.no_such_decision"));
	/* brk(NULL), how every program asks for its break, says so. */
	d = decision_find("sys_brk.below_min_brk");
	ck_assert(strstr(d->explain, "brk(NULL)") != NULL);
	ck_assert(strstr(d->explain, "never allowed") == NULL);
}
END_TEST

static int
source_uses(const char *id)
{
	char needle[256];
	char *src;
	size_t i;
	int found = 0;

	snprintf(needle, sizeof(needle), "DECIDE(\"%s\"", id);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]) && !found; i++) {
		src = read_source(sources[i]);
		found = strstr(src, needle) != NULL;
		free(src);
	}
	return found;
}

START_TEST(test_registry_matches_source)
{
	const struct decision *d;
	char *src, *p, *q, id[256];
	size_t i, n;

	for (d = decisions; d->id != NULL; d++)
		ck_assert_msg(source_uses(d->id),
		    "%s is registered but no DECIDE uses it", d->id);
	for (i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		src = read_source(sources[i]);
		for (p = src; (p = strstr(p, "DECIDE(\"")) != NULL; p = q) {
			p += strlen("DECIDE(\"");
			q = strchr(p, '"');
			ck_assert_ptr_nonnull(q);
			n = (size_t)(q - p);
			ck_assert_uint_lt(n, sizeof(id));
			memcpy(id, p, n);
			id[n] = '\0';
			ck_assert_msg(decision_find(id) != NULL,
			    "%s: DECIDE(\"%s\") is not registered", sources[i],
			    id);
		}
		free(src);
	}
}
END_TEST

/* ---- the listings -------------------------------------------------------- */

static int
is_declaration(const char *line)
{
	static const char *const types[] = {
		"struct ", "unsigned ", "int ", "bool ", "long ",
	};
	size_t i;

	while (*line == ' ' || *line == '\t')
		line++;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strncmp(line, types[i], strlen(types[i])) == 0)
			return strchr(line, '=') == NULL;
	return 0;
}

static int
is_instrumented_line(const char *line)
{
	static const char *const macros[] = {
		"STEP;", "SET(", "DECIDE(", "RETURN(", "GOTO(", "DO(",
		"TRACE_FUNC(",
	};
	size_t i;

	for (i = 0; i < sizeof(macros) / sizeof(macros[0]); i++)
		if (strstr(line, macros[i]) != NULL)
			return 1;
	return 0;
}

/* Source line `n` (1-based) of `src`, copied into buf. */
static const char *
source_line(const char *src, int n, char *buf, size_t len)
{
	const char *end;
	size_t k;

	while (--n > 0 && (src = strchr(src, '\n')) != NULL)
		src++;
	ck_assert_ptr_nonnull(src);
	end = strchr(src, '\n');
	k = end ? (size_t)(end - src) : strlen(src);
	if (k >= len)
		k = len - 1;
	memcpy(buf, src, k);
	buf[k] = '\0';
	return buf;
}

START_TEST(test_every_statement_is_a_step)
{
	const struct listing *const *l;
	char *src, line[4096];
	int i, in_comment;

	for (l = listings; *l != NULL; l++) {
		if (!(*l)->instrumented)
			continue;
		src = read_source((*l)->file);
		in_comment = 0;
		for (i = 0; i < (*l)->nsrc; i++) {
			source_line(src, (*l)->first_src + i, line, sizeof(line));
			if (strstr(line, "/*") != NULL)
				in_comment = 1;
			if (in_comment) {
				if (strstr(line, "*/") != NULL)
					in_comment = 0;
				continue;
			}
			if (strchr(line, ';') == NULL || is_declaration(line))
				continue;
			ck_assert_msg(is_instrumented_line(line),
			    "%s:%d: a statement of %s that is not a step: %s",
			    (*l)->file, (*l)->first_src + i, (*l)->name, line);
		}
		free(src);
	}
}
END_TEST

START_TEST(test_listings_are_clean)
{
	static const char *const macros[] = {
		"STEP", "SET(", "DECIDE(", "RETURN(", "GOTO(", "DO(",
		"TRACE_FUNC", "V(", "VN(",
	};
	const struct listing *const *l;
	int i, instrumented = 0;
	size_t m;

	for (l = listings; *l != NULL; l++) {
		ck_assert_ptr_eq(listing_find((*l)->name), *l);
		instrumented += (*l)->instrumented;
		ck_assert_msg(strstr((*l)->lines[0], (*l)->name) != NULL ||
		    ((*l)->nlines > 1 && strstr((*l)->lines[1], (*l)->name)),
		    "%s: the listing does not open with its signature",
		    (*l)->name);
		for (i = 0; i < (*l)->nlines; i++)
			for (m = 0; m < sizeof(macros) / sizeof(macros[0]); m++)
				ck_assert_msg(strstr((*l)->lines[i], macros[m]) == NULL,
				    "%s:%d still says %s: %s", (*l)->name, i + 1,
				    macros[m], (*l)->lines[i]);
	}
	/*
	 * sys_brk, do_brk, do_brk_flags, the two x86 hooks, the two
	 * searches; sys_mmap, do_mmap_pgoff, do_mmap, get_unmapped_area,
	 * mmap_region; vma_link,
	 * __vma_link, __vma_link_list, __vma_link_rb, vma_gap_update; the
	 * tree's rb_insert_augmented, rb_erase_augmented, __rb_erase_color,
	 * rb_rotate_left and rb_rotate_right; and sys_mprotect,
	 * mprotect_fixup, sys_mremap, vma_to_resize, vma_expandable,
	 * mremap_to, move_vma, copy_vma; and the 6.18 profile's
	 * get_area_6x, thp_get_unmapped_area and __thp_get_unmapped_area
	 */
	ck_assert_int_eq(instrumented, 33);
	ck_assert_ptr_null(listing_find("no_such_function"));
}
END_TEST

/* ---- events against listings -------------------------------------------- */

static void
check_event(const struct trace_event *ev)
{
	char want[2048], have[4096];
	const char *text;

	if (ev->fn == NULL)
		return;
	ck_assert_msg(ev->line >= 1 && ev->line <= ev->fn->nlines,
	    "%s: event line %d outside the listing", ev->func, ev->line);
	text = ev->fn->lines[ev->line - 1];
	squeeze(text, have, sizeof(have));
	switch (ev->kind) {
	case TRACE_CALL:
		ck_assert_int_eq(ev->line, 1);
		break;
	case TRACE_DECIDE:
		squeeze(ev->text, want, sizeof(want));
		ck_assert_msg(strstr(have, want) != NULL,
		    "%s:%d: the decision %s is not on that line (%s)",
		    ev->func, ev->line, ev->decision->id, text);
		break;
	case TRACE_VALUE:
		snprintf(want, sizeof(want), "%s=", ev->text);
		squeeze(want, want, sizeof(want));
		ck_assert_msg(strstr(have, want) != NULL,
		    "%s:%d: %s is not assigned on that line (%s)", ev->func,
		    ev->line, ev->text, text);
		break;
	case TRACE_STEP:
		ck_assert_msg(ev->fn->instrumented && *have != '\0',
		    "%s:%d: a step on an empty line", ev->func, ev->line);
		break;
	case TRACE_RETURN:
		ck_assert_msg(strstr(have, "return") != NULL,
		    "%s:%d: a return from a line without one (%s)", ev->func,
		    ev->line, text);
		break;
	default:
		break;
	}
}

/* A deterministic mixed workload: brk, mmap with and without hints,
 * MAP_FIXED, munmap, then mprotect and mremap, in both layouts and on
 * every architecture. */
static void
workload(struct mm *mm, unsigned seed)
{
	unsigned long addr, len, start_brk = mm->start_brk;
	int i, op;

	srand(seed);
	for (i = 0; i < 300; i++) {
		op = rand() % 6;
		len = (unsigned long)(rand() % 64 + 1) * PAGE_SIZE;
		addr = mm->mmap_base - (unsigned long)(rand() % 512) * PAGE_SIZE;
		switch (op) {
		case 0:
			sys_brk(mm, start_brk + (unsigned long)(rand() % 256) * 1000);
			break;
		case 1:
			sys_mmap(mm, 0, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
			break;
		case 2:
			sys_mmap(mm, addr, len, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
			break;
		case 3:
			sys_mmap(mm, addr, len, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
			break;
		default:
			sys_munmap(mm, addr, len);
			break;
		}
	}
	/* Then mprotect and mremap over what is there. */
	for (i = 0; i < 200; i++) {
		len = (unsigned long)(rand() % 64 + 1) * PAGE_SIZE;
		addr = mm->mmap_base - (unsigned long)(rand() % 512) * PAGE_SIZE;
		switch (rand() % 4) {
		case 0:
			sys_mprotect(mm, addr, len, (unsigned long)rand() % 8);
			break;
		case 1:
			sys_mremap(mm, addr, len, len / 2, 0, 0);
			break;
		case 2:
			sys_mremap(mm, addr, len, len * 2, MREMAP_MAYMOVE, 0);
			break;
		default:
			sys_mremap(mm, addr, len, len, MREMAP_MAYMOVE |
			    MREMAP_FIXED, addr - (unsigned long)(rand() % 512) *
			    PAGE_SIZE);
			break;
		}
	}
}

START_TEST(test_events_point_at_listing)
{
	const struct arch *const *a;
	struct mm *mm;
	struct trace t;
	struct trace_rec rec;
	size_t i, steps = 0;
	int layout;

	for (a = arches; *a != NULL; a++) {
		for (layout = LAYOUT_LEGACY; layout <= LAYOUT_TOPDOWN; layout++) {
			mm = mm_new(*a);
			mm_setup_layout(mm, layout, 0);
			mm->start_brk = mm->brk = 0x10000000;
			rec_start(mm, &rec, &t);
			workload(mm, (unsigned)layout + 7);
			rec_stop(mm, &rec);
			for (i = 0; i < rec.n; i++) {
				check_event(&rec.ev[i]);
				steps += rec.ev[i].kind == TRACE_STEP;
			}
			check_mm(mm, (*a)->name);
			trace_rec_free(&rec);
			mm_free(mm);
		}
	}
	ck_assert_uint_gt(steps, 1000);
}
END_TEST

/* ---- the mmap path, step by step ------------------------------------------ */

struct want {
	enum trace_kind	 kind;
	const char	*func;		/* NULL: any */
	const char	*what;		/* a decision id, a value, a tree op */
};

/* Whether event ev is what w asks for. */
static int
want_match(const struct trace_event *ev, const struct want *w)
{
	if (ev->kind != w->kind)
		return 0;
	if (w->func != NULL && (ev->func == NULL || strcmp(ev->func, w->func)))
		return 0;
	if (w->what == NULL)
		return 1;
	switch (ev->kind) {
	case TRACE_DECIDE:
		return ev->decision != NULL && strcmp(ev->decision->id,
		    w->what) == 0;
	case TRACE_VALUE:
		return strcmp(ev->text, w->what) == 0;
	case TRACE_TREE:
		return strcmp(trace_tree_op_name(ev->tree_op), w->what) == 0;
	default:
		return 1;
	}
}

/*
 * An mmap that lands above two VMAs (1B with a red right child 2): the
 * new VMA hangs under 2, so the tree rotates left at 1. Every function of
 * the path reports its call, its lines and its return, in this order.
 */
START_TEST(test_mmap_steps_in_order)
{
	static const struct want path[] = {
		{ TRACE_CALL, "sys_mmap", NULL },
		{ TRACE_DECIDE, "sys_mmap", "sys_mmap.file_backed" },
		{ TRACE_STEP, "sys_mmap", NULL },
		{ TRACE_CALL, "do_mmap_pgoff", NULL },
		{ TRACE_CALL, "do_mmap", NULL },
		{ TRACE_DECIDE, "do_mmap", "do_mmap.hint" },
		{ TRACE_VALUE, "do_mmap", "len" },
		{ TRACE_CALL, "get_unmapped_area", NULL },
		{ TRACE_CALL, "arch_get_unmapped_area_topdown", NULL },
		{ TRACE_CALL, "vm_unmapped_area", NULL },
		{ TRACE_CALL, "unmapped_area_topdown", NULL },
		{ TRACE_RETURN, "unmapped_area_topdown", NULL },
		{ TRACE_RETURN, "get_unmapped_area", NULL },
		{ TRACE_VALUE, "do_mmap", "addr" },
		{ TRACE_DECIDE, "do_mmap", "do_mmap.file" },
		{ TRACE_VALUE, "do_mmap", "pgoff" },
		{ TRACE_CALL, "mmap_region", NULL },
		{ TRACE_CALL, "find_vma_links", NULL },
		{ TRACE_DECIDE, "mmap_region", "mmap_region.overlap" },
		{ TRACE_CALL, "vma_merge", NULL },
		{ TRACE_DECIDE, "mmap_region", "mmap_region.merged" },
		{ TRACE_VALUE, "mmap_region", "vma->vm_start" },
		{ TRACE_CALL, "vma_link", NULL },
		{ TRACE_CALL, "__vma_link", NULL },
		{ TRACE_CALL, "__vma_link_list", NULL },
		{ TRACE_DECIDE, "__vma_link_list", "__vma_link_list.has_prev" },
		{ TRACE_RETURN, "__vma_link_list", NULL },
		{ TRACE_CALL, "__vma_link_rb", NULL },
		{ TRACE_DECIDE, "__vma_link_rb", "__vma_link_rb.has_next" },
		{ TRACE_VALUE, "__vma_link_rb", "mm->highest_vm_end" },
		{ TRACE_STEP, "__vma_link_rb", NULL },
		{ TRACE_CALL, "vma_gap_update", NULL },
		{ TRACE_TREE, NULL, "gap" },
		{ TRACE_RETURN, "vma_gap_update", NULL },
		{ TRACE_TREE, NULL, "insert" },
		{ TRACE_CALL, "rb_insert_augmented", NULL },
		{ TRACE_DECIDE, "rb_insert_augmented", "rb_insert_augmented.black_parent" },
		{ TRACE_DECIDE, "rb_insert_augmented", "rb_insert_augmented.red_uncle" },
		{ TRACE_DECIDE, "rb_insert_augmented", "rb_insert_augmented.inner_child" },
		{ TRACE_CALL, "rb_rotate_left", NULL },
		{ TRACE_TREE, NULL, "rotate" },
		{ TRACE_RETURN, "rb_rotate_left", NULL },
		{ TRACE_TREE, NULL, "recolor" },
		{ TRACE_TREE, NULL, "recolor" },
		{ TRACE_RETURN, "rb_insert_augmented", NULL },
		{ TRACE_RETURN, "__vma_link_rb", NULL },
		{ TRACE_RETURN, "__vma_link", NULL },
		{ TRACE_VALUE, "vma_link", "mm->map_count" },
		{ TRACE_RETURN, "vma_link", NULL },
		{ TRACE_STEP, "mmap_region", NULL },
		{ TRACE_RETURN, "mmap_region", NULL },
		{ TRACE_DECIDE, "do_mmap", "do_mmap.populate" },
		{ TRACE_RETURN, "do_mmap", NULL },
		{ TRACE_RETURN, "do_mmap_pgoff", NULL },
		{ TRACE_VALUE, "sys_mmap", "ret" },
		{ TRACE_DECIDE, "sys_mmap", "sys_mmap.populate" },
		{ TRACE_RETURN, "sys_mmap", NULL },
	};
	const size_t npath = sizeof(path) / sizeof(path[0]);
	struct mm *mm = mm_new(arch_find("x86_64"));
	struct trace_rec rec;
	struct trace t;
	unsigned long a;
	size_t i, k = 0;
	int depth = 0;

	mm_setup_layout(mm, LAYOUT_TOPDOWN, 0);
	for (a = 0x10000000; a < 0x10004000; a += 2 * PAGE_SIZE)
		ck_assert_uint_eq(sys_mmap(mm, a, PAGE_SIZE, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0), a);
	rec_start(mm, &rec, &t);
	a = sys_mmap(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0);
	rec_stop(mm, &rec);
	ck_assert(!IS_ERR_VALUE(a));
	for (i = 0; i < rec.n && k < npath; i++) {
		check_event(&rec.ev[i]);
		if (want_match(&rec.ev[i], &path[k]))
			k++;
	}
	ck_assert_msg(k == npath, "the path stops after %zu of %zu: "
	    "no %s of %s (%s) in order", k, npath,
	    k < npath ? trace_kind_name(path[k].kind) : "",
	    k < npath && path[k].func ? path[k].func : "-",
	    k < npath && path[k].what ? path[k].what : "-");
	/* Every call returns: the depth comes back to where it began. */
	for (i = 0; i < rec.n; i++)
		depth += (rec.ev[i].kind == TRACE_CALL) -
		    (rec.ev[i].kind == TRACE_RETURN);
	ck_assert_int_eq(depth, 0);
	check_mm(mm, "the traced mmap");
	trace_rec_free(&rec);
	mm_free(mm);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("listing");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_registry_sorted);
	tcase_add_test(tc, test_registry_matches_source);
	tcase_add_test(tc, test_every_statement_is_a_step);
	tcase_add_test(tc, test_listings_are_clean);
	tcase_add_test(tc, test_events_point_at_listing);
	tcase_add_test(tc, test_mmap_steps_in_order);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
