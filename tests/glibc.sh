#!/bin/bash
#
# glibc.sh - the malloc model (engine/malloc/malloc.c) against the machine's own
# glibc. For each sequence of malloc/free/calloc/realloc/mallopt calls:
#
#   1. tests/glibc-driver makes the calls with the real glibc, under
#      `setarch -R` (no randomization) and
#      `strace -e trace=brk,mmap,munmap,mremap,getpid`; it copies its
#      /proc/self/maps and /proc/self/stat just before a getpid() marker,
#      so that only the sequence's own system calls lie between the two
#      markers;
#   2. `vmalab run --maps --stat --trace text` replays the same sequence
#      on the model, started from those two files; the model's system
#      calls are the trace's "note: brk(...) = ..." lines;
#   3. both lists are normalized (brk addresses relative to the first
#      brk(NULL)) and compared: the names and sizes, in order, must be
#      equal. The mmap/munmap/mremap addresses and the pointers malloc,
#      calloc and realloc returned are compared too; where only they
#      differ, the kernels differ (the engine is 4.14; since 6.7 Linux
#      aligns anonymous mappings whose length is a multiple of 2 MiB to
#      2 MiB), not the allocators: reported, not failed. The random
#      sequences avoid such lengths.
#
# realloc of a mapped chunk is glibc's mremap(MREMAP_MAYMOVE), and the
# model's (engine/kernel/mremap.c): the fixed cases make it grow in
# place, move and shrink, and the test fails unless each of the three
# agrees in every address at least once.
#
# The sequences: tests/data/malloc/*.seq (fixed cases), then GLIBC_SEQS
# random ones (default 60) of GLIBC_OPS calls (default 80), from seed
# GLIBC_SEED (default 1): a failing one is reproduced with
# GLIBC_SEED=N GLIBC_SEQS=1. GLIBC_KEEP=DIR keeps every file there.
# Seeds take turns among three kinds of sequence (seed % 3):
#   0  mixed sizes, around and above the mmap threshold, and mallopt;
#   1  bursts of small chunks of a few sizes: more than the tcache holds,
#      so fastbins, small bins and malloc_consolidate come into play;
#   2  mixed, with a page mapped 256 KiB above the break: brk soon fails
#      and malloc falls back to mmap for its heap (non-contiguous, with
#      fenceposts).
#
#   glibc.sh --record NAME.seq...  writes NAME.calls next to each: the
#                                real glibc's calls without addresses
#                                ("brk +0x21000 = +0x21000", "mmap 200704"),
#                                which tests/test-malloc compares with the
#                                model where strace cannot run.
#
# Environment (set by make check): VMALAB, top_builddir, top_srcdir,
# STRACE, SETARCH. Exit 0 pass, 1 fail, 77 skip (no strace or setarch, or
# not permitted here, or not glibc).

top_srcdir=${top_srcdir:-$(dirname "$0")/..}
top_builddir=${top_builddir:-.}
VMALAB=${VMALAB:-$top_builddir/vmalab}
DRIVER=${GLIBC_DRIVER:-$top_builddir/tests/glibc-driver}
STRACE=${STRACE:-$(command -v strace)}
SETARCH=${SETARCH:-$(command -v setarch)}
nseqs=${GLIBC_SEQS:-60}
nops=${GLIBC_OPS:-80}
seed=${GLIBC_SEED:-1}

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	exit 1
}

[ -n "$STRACE" ] || skip "no strace"
[ -n "$SETARCH" ] || skip "no setarch"
[ -x "$DRIVER" ] || fail "no driver at $DRIVER (make check builds it)"
[ "$1" = --record ] || [ -x "$VMALAB" ] || fail "no vmalab at $VMALAB"
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null) || skip "not glibc"
"$SETARCH" "$(uname -m)" -R true 2>/dev/null ||
    skip "setarch -R is not permitted here"
"$STRACE" -o /dev/null -e trace=getpid true 2>/dev/null ||
    skip "strace is not permitted here (ptrace)"

if [ -n "$GLIBC_KEEP" ]; then
	tmp=$GLIBC_KEEP
	mkdir -p "$tmp" || fail "cannot create $tmp"
else
	tmp=${TMPDIR:-/tmp}/glibc-sh.$$
	rm -rf "$tmp" && mkdir -p "$tmp" || fail "cannot create $tmp"
	trap 'rm -rf "$tmp"' EXIT
fi

# Our own copies: a make running elsewhere may relink the originals.
{ [ "$1" = --record ] || cp "$VMALAB" "$tmp/vmalab.bin"; } &&
    cp "$DRIVER" "$tmp/glibc-driver.bin" ||
    fail "cannot copy the programs to $tmp"
VMALAB=$tmp/vmalab.bin
DRIVER=$tmp/glibc-driver.bin

# ---- normalizing ------------------------------------------------------------

# Lines "brk(...) = ...", "mmap(...) = ..." on stdin (strace's, or the
# model's notes) -> one normalized call a line:
#   brk NULL = +0x0, brk +0x21000 = +0x21000, mmap 200704 = 0x7ffff7d9f000,
#   munmap 0x7ffff7d9f000 200704 = 0, mremap 0x... 200704 266240 = 0x...
normalize() {
	local line name args res base= a
	while IFS= read -r line; do
		line=${line#"${line%%[! ]*}"}
		line=${line#note: }
		name=${line%%(*}
		args=${line#*(}
		args=${args%%)*}
		res=${line##*= }
		case $name in
		brk)
			if [ -z "$base" ]; then
				base=$res
			fi
			res=$(printf '+0x%x' $((res - base)))
			if [ "$args" = NULL ]; then
				echo "brk NULL = $res"
			else
				a=$(printf '+0x%x' $((args - base)))
				echo "brk $a = $res"
			fi
			;;
		mmap)
			args=${args#NULL, }
			echo "mmap ${args%%,*} = $res"
			;;
		munmap)
			echo "munmap ${args%%,*} ${args##*, } = $res"
			;;
		mremap)
			IFS=', ' read -r a b c _ <<<"$args"
			echo "mremap $a $b $c = $res"
			;;
		esac
	done
}

# The same without addresses: names, sizes, brk deltas.
sizes_only() {
	sed -E -e 's/^(mmap [0-9]+) = .*/\1/' \
	    -e 's/^munmap [^ ]+ ([0-9]+) = .*/munmap \1/' \
	    -e 's/^mremap [^ ]+ ([0-9]+) ([0-9]+) = .*/mremap \1 \2/' "$1"
}

# The calls between the two getpid() markers of a strace file.
strace_calls() {
	sed -n '/^getpid()/,/^getpid()/p' "$1" | grep -E '^(brk|mmap|munmap|mremap)\(' | normalize
}

# The model's calls in a text trace.
model_calls() {
	grep -E '^ *note: (brk|mmap|munmap|mremap)\(' "$1" | normalize
}

# The pointers of `vmalab run`'s result lines, as "N 0x..." like the driver.
model_results() {
	grep -E '^(malloc|free|calloc|realloc|mallopt)\(' "$1" |
	    awk '{ n++; r = $NF; if ($0 ~ /^free\(/) r = "-";
		else if (r ~ /^[0-9]+$/ && $0 !~ /^mallopt/) r = sprintf("0x%x", r);
		print n, r }'
}

# ---- one sequence --------------------------------------------------------------

# run_glibc NAME FILE.seq: the real glibc's calls into $tmp/NAME.
run_glibc() {
	local name=$1 seq=$2 d=$tmp/$1
	mkdir -p "$d"
	if ! "$SETARCH" "$(uname -m)" -R "$STRACE" -o "$d/strace" \
	    -e trace=brk,mmap,munmap,mremap,getpid \
	    "$DRIVER" $driver_opts -m "$d/maps" -s "$d/stat" "$seq" \
	    >"$d/glibc.out" 2>"$d/driver.err"; then
		echo "$name: the driver failed: $(cat "$d/driver.err")"
		return 1
	fi
	strace_calls "$d/strace" >"$d/glibc.calls"
}

# check NAME FILE.seq: 0 when glibc and the model make the same calls
# with the same sizes (exact=1 when the addresses and pointers agree too);
# explains otherwise.
check() {
	local name=$1 seq=$2 d=$tmp/$1
	exact=0
	run_glibc "$name" "$seq" || return 1
	if ! "$VMALAB" run --maps "$d/maps" --stat "$d/stat" --trace text \
	    "$seq" >"$d/model.out" 2>"$d/model.err"; then
		echo "$name: vmalab run failed: $(head -3 "$d/model.err")"
		return 1
	fi
	model_calls "$d/model.out" >"$d/model.calls"
	ncalls=$(wc -l <"$d/glibc.calls")
	if ! diff -u <(sizes_only "$d/glibc.calls") \
	    <(sizes_only "$d/model.calls") >"$d/sizes.diff"; then
		echo "$name: the system calls differ (- $glibc, + model):"
		diff -u "$d/glibc.calls" "$d/model.calls" | head -24 |
		    sed 's/^/    /'
		echo "    (sequence: $seq)"
		return 1
	fi
	model_results "$d/model.out" >"$d/model.results"
	if ! diff -u "$d/glibc.calls" "$d/model.calls" >"$d/calls.diff"; then
		echo "$name: the same calls and sizes; the live kernel placed" \
		    "a mapping elsewhere:"
		head -8 "$d/calls.diff" | sed 's/^/    /'
		return 0
	fi
	if ! diff -u "$d/glibc.out" "$d/model.results" >"$d/results.diff"; then
		echo "$name: the same system calls, but other results" \
		    "(- $glibc, + model; N result):"
		head -12 "$d/results.diff" | sed 's/^/    /'
		return 1
	fi
	exact=1
	count_mremaps "$d/glibc.calls"
	return 0
}

# count_mremaps FILE: the kinds of mremap (realloc of a mapped chunk) in
# a sequence whose every address agrees, into grew_inplace, grew_moved and
# shrank.
grew_inplace=0 grew_moved=0 shrank=0
count_mremaps() {
	local name a old new eq res
	while read -r name a old new eq res; do
		[ "$name" = mremap ] || continue
		if [ "$new" -lt "$old" ]; then
			shrank=$((shrank + 1))
		elif [ "$res" = "$a" ]; then
			grew_inplace=$((grew_inplace + 1))
		else
			grew_moved=$((grew_moved + 1))
		fi
	done <"$1"
}

# ---- random sequences ----------------------------------------------------------

# A 31-bit LCG, so that a seed gives the same sequence on every machine.
rng=1
rnd() {		# rnd N -> r in [0, N)
	rng=$(( (rng * 1103515245 + 12345) & 0x7fffffff ))
	r=$(( (rng >> 8) % $1 ))
}

# A request size: mostly small, some around and above the threshold.
rsize() {
	rnd 100
	local k=$r
	if [ $k -lt 35 ]; then rnd 128; r=$((r + 1))
	elif [ $k -lt 60 ]; then rnd 1100; r=$((r + 1))
	elif [ $k -lt 75 ]; then rnd 70000; r=$((r + 1000))
	elif [ $k -lt 85 ]; then rnd 40000; r=$((r + 110000))
	elif [ $k -lt 96 ]; then rnd 400000; r=$((r + 70000))
	else rnd 1000000; r=$((r + 1100000))
	fi
	# no mapping of a multiple of 2 MiB: see the top of this file
	if [ $(( ((((r + 23) & ~15) + 8 + 4095) & ~4095) % 2097152 )) -eq 0 ]
	then
		r=$((r - 8192))
	fi
}

# A size for the bursts: a few small classes, some medium, a few large.
rsize_small() {
	local classes=(8 24 40 56 72 88 104 120 200 400 1000)
	rnd 100
	if [ $r -lt 75 ]; then
		rnd ${#classes[@]}
		local c=${classes[$r]}
		rnd 8
		r=$((c + r))
	elif [ $r -lt 93 ]; then rnd 4000; r=$((r + 1000))
	else rnd 130000; r=$((r + 70000))
	fi
}

# gen SEED N > FILE: N calls; frees and reallocs only of live pointers.
gen() {
	local i n=$2 k live=() idx p burst=0 size=rsize
	rng=$1
	[ $(($1 % 3)) -eq 1 ] && size=rsize_small
	for ((i = 1; i <= n; i++)); do
		rnd 100
		k=$r
		if [ $size = rsize_small ] && [ $burst -eq 0 ] && [ $k -lt 8 ]
		then
			# a burst: many chunks of one size, freed later
			rnd 20
			burst=$((r + 8))
			rsize_small
			bsize=$r
		fi
		if [ $burst -gt 0 ]; then
			burst=$((burst - 1))
			echo "malloc($bsize)"
			live+=("$i")
		elif [ ${#live[@]} -eq 0 ] || [ $k -lt 40 ]; then
			$size
			echo "malloc($r)"
			live+=("$i")
		elif [ $k -lt 72 ]; then
			rnd ${#live[@]}
			idx=$r
			echo "free(#${live[$idx]})"
			unset 'live[idx]'
			live=("${live[@]}")
		elif [ $k -lt 80 ]; then
			rnd 20
			local cn=$((r + 1))
			rnd 3000
			echo "calloc($cn, $((r + 1)))"
			live+=("$i")
		elif [ $k -lt 97 ]; then
			rnd ${#live[@]}
			idx=$r
			p=${live[$idx]}
			unset 'live[idx]'
			live=("${live[@]}")
			rnd 20
			if [ $r -eq 0 ]; then
				echo "realloc(#$p, 0)"
			else
				$size
				echo "realloc(#$p, $r)"
				live+=("$i")
			fi
		else
			rnd 3
			case $r in
			0) rnd 300000; echo "mallopt(M_MMAP_THRESHOLD, $r)" ;;
			1) rnd 262144; echo "mallopt(M_TOP_PAD, $r)" ;;
			2) rnd 600000; echo "mallopt(M_TRIM_THRESHOLD, $r)" ;;
			esac
		fi
	done
}

# ---- main --------------------------------------------------------------------

if [ "$1" = --record ]; then
	shift
	[ $# -gt 0 ] || fail "usage: glibc.sh --record NAME.seq..."
	driver_opts=
	for seq; do
		name=$(basename "$seq" .seq)
		run_glibc "$name" "$seq" || exit 1
		{
			echo "# $name.seq under $glibc ($(uname -m)), recorded" \
			    "by tests/glibc.sh --record"
			sizes_only "$tmp/$name/glibc.calls"
		} >"${seq%.seq}.calls" || exit 1
		echo "wrote ${seq%.seq}.calls"
	done
	exit 0
fi

echo "$glibc, model engine/malloc/malloc.c; seed $seed, $nseqs sequences of $nops calls"
pass=0 nexact=0 failed=0 total=0
run_one() {	# NAME FILE.seq
	if check "$1" "$2"; then
		pass=$((pass + 1))
		nexact=$((nexact + exact))
		total=$((total + ncalls))
		return 0
	fi
	failed=$((failed + 1))
	return 1
}
driver_opts=
for seq in "$top_srcdir"/tests/data/malloc/*.seq; do
	[ -f "$seq" ] || continue
	run_one "$(basename "$seq" .seq)" "$seq"
done
for ((s = seed; s < seed + nseqs; s++)); do
	driver_opts=
	[ $((s % 3)) -eq 2 ] && driver_opts="-b 0x40000"
	gen "$s" "$nops" >"$tmp/random-$s.seq"
	run_one "random-$s" "$tmp/random-$s.seq" ||
		echo "    reproduce: GLIBC_SEED=$s GLIBC_SEQS=1 GLIBC_OPS=$nops" \
		    "GLIBC_KEEP=/tmp/glibc bash tests/glibc.sh"
done
echo "$pass sequences agree in calls and sizes ($total system calls)," \
    "$nexact of them in every address and pointer too; $failed differ"
echo "mremap of a mapped chunk, agreeing in every address: $grew_inplace" \
    "grew in place, $grew_moved moved, $shrank shrank"
[ "$failed" -eq 0 ] || exit 1
# tests/data/malloc/realloc.seq and mremap.seq make all three happen.
[ "$grew_inplace" -gt 0 ] && [ "$grew_moved" -gt 0 ] && [ "$shrank" -gt 0 ] ||
    fail "realloc of a mapped chunk did not grow in place, move and" \
	"shrink with the same addresses in glibc and the model"
exit 0
