#!/bin/bash
# fuzz.sh - build and run vmalab's libFuzzer targets, and test the CLI on
# what they find.
#
#   fuzz.sh build              compile the targets (clang, libFuzzer, ASan,
#                              UBSan) into BUILD/fuzz/build
#   fuzz.sh corpus             (re)seed BUILD/fuzz/corpus/TARGET from
#                              fuzz/seeds, tests/data, slides and the
#                              built-in scenarios
#   fuzz.sh run SECONDS [T..]  fuzz each target (default: all) for SECONDS
#   fuzz.sh replay             run every crasher and corpus file once
#   fuzz.sh cli [MAX]          vmalab on every crasher and corpus file (at
#                              most MAX per target): exit 0, or 1 with a
#                              "vmalab: " message and no file left behind;
#                              never a signal
#   fuzz.sh smoke SECONDS      all of the above, briefly (tests/fuzz-smoke.sh)
#
# Targets: scenario (scenario_parse_mem and the run), maps
# (procfs_parse_maps), stat (procfs_parse_stat), trace (trace_read_line),
# quiz (quiz_parse_answers).
#
# Environment: top_srcdir and top_builddir (default: this script's tree
# and the current directory), VMALAB (default: BUILD/vmalab),
# FUZZ_ENGINE_SRCS (the library's sources, from Makefile.am; `make fuzz`
# and make check pass them), FUZZ_CC (default clang).
#
# Exit status: 0 all good, 1 a target crashed or the CLI misbehaved (the
# input is in BUILD/fuzz/artifacts/ or named on stderr), 77 no libFuzzer.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=${top_srcdir:-$(dirname "$here")}
build=${top_builddir:-$(pwd)}
src=$(cd "$src" && pwd)
build=$(cd "$build" && pwd)
VMALAB=${VMALAB:-$build/vmalab}
FUZZ_CC=${FUZZ_CC:-clang}
targets=(scenario maps stat trace quiz)
out=$build/fuzz/build
corpus=$build/fuzz/corpus
artifacts=$build/fuzz/artifacts

say() { printf 'fuzz: %s\n' "$*"; }
die() { printf 'fuzz: %s\n' "$*" >&2; exit 1; }

# Can $FUZZ_CC link a libFuzzer program? (Debian: clang, libclang-rt-14-dev)
have_libfuzzer() {
	local t
	command -v "$FUZZ_CC" >/dev/null 2>&1 || return 1
	t=$(mktemp -d) || return 1
	printf '%s\n' '#include <stdint.h>' '#include <stddef.h>' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	    'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	    >"$t/t.c"
	"$FUZZ_CC" -fsanitize=fuzzer,address,undefined -o "$t/t" "$t/t.c" \
	    >/dev/null 2>&1
	local st=$?
	rm -rf "$t"
	return $st
}

cmd_build() {
	if ! have_libfuzzer; then
		say "$FUZZ_CC cannot link with -fsanitize=fuzzer (Debian packages: clang libclang-rt-14-dev)"
		return 77
	fi
	[[ -n ${FUZZ_ENGINE_SRCS:-} ]] ||
		die "FUZZ_ENGINE_SRCS is not set: run 'make fuzz' (or make check) instead"
	[[ -f $build/engine/trace/listings.c ]] ||
		die "$build/engine/trace/listings.c is missing: run make first"
	MAKEFLAGS= MFLAGS= make -s -j"${FUZZ_JOBS:-2}" -f "$src/fuzz/fuzz.mk" \
	    srcdir="$src" builddir="$build" \
	    ENGINE_SRCS="$FUZZ_ENGINE_SRCS" FUZZ_CC="$FUZZ_CC" ||
		die "building the fuzz targets failed"
}

# add DIR FILE...: copy files into a corpus directory (names kept unique).
add() {
	local dir=$1 f
	shift
	mkdir -p "$dir"
	for f; do
		[[ -f $f ]] || continue
		cp -f "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
	done
}

cmd_corpus() {
	local t b tmp f
	for t in "${targets[@]}"; do
		mkdir -p "$corpus/$t"
		add "$corpus/$t" "$src"/fuzz/seeds/"$t"/*
	done
	shopt -s nullglob globstar
	add "$corpus/scenario" "$src"/tests/data/**/*.scn "$src"/slides/*.scn \
	    "$src"/tests/data/scenario/strace-*.txt
	add "$corpus/maps" "$src"/tests/data/**/*.maps \
	    "$src"/tests/data/scenario/maps-*.txt
	add "$corpus/stat" "$src"/tests/data/**/*.stat \
	    "$src"/tests/data/scenario/stat-*.txt
	add "$corpus/quiz" "$src"/labs/lab1/answers.txt
	if [[ -x $VMALAB ]]; then
		tmp=$(mktemp -d)
		for b in $("$VMALAB" scenario | awk '{ print $1 }'); do
			"$VMALAB" scenario "$b" >"$tmp/$b.scn" 2>/dev/null &&
				cp -f "$tmp/$b.scn" "$corpus/scenario/builtin-$b.scn"
			# One line per kind of event (kind, function, decision).
			"$VMALAB" run --trace jsonl "$tmp/$b.scn" 2>/dev/null |
			    grep '^{' >>"$tmp/all.jsonl"
		done
		awk -v dir="$corpus/trace" '{
			key = ""
			if (match($0, /"kind":"[a-z]*"/)) key = key substr($0, RSTART, RLENGTH)
			if (match($0, /"func":"[^"]*"/)) key = key substr($0, RSTART, RLENGTH)
			if (match($0, /"id":"[^"]*"/)) key = key substr($0, RSTART, RLENGTH)
			if (match($0, /"op":"[a-z]*"/)) key = key substr($0, RSTART, RLENGTH)
			if (!(key in seen)) { seen[key] = 1; n++; print > (dir "/event-" n ".jsonl"); close(dir "/event-" n ".jsonl") }
		}' "$tmp/all.jsonl"
		head -c 4000 "$tmp/all.jsonl" >"$corpus/trace/several.jsonl"
		# Lab 1: the quiz's own key as an answers file (as labs.sh does).
		for b in 1 2 3; do
			"$VMALAB" quiz --seed "$b" --answers 2>/dev/null >"$tmp/key" || continue
			{
				echo "seed $b"
				sed -n 's/^# Q\([0-9]*\): \(.*\), decided by \([^ ]*\) .*/Q\1 \2 \3/p' "$tmp/key" |
				    sed 's/ -1 \([A-Z]*\) ([^)]*)/ -\1/'
			} >"$corpus/quiz/key-$b.txt"
		done
		rm -rf "$tmp"
	fi
	shopt -u nullglob globstar
}

opts_of() {
	local t=$1 dict=$src/fuzz/dict/$1.dict
	printf '%s\n' -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
	    -print_final_stats=0 "-artifact_prefix=$artifacts/$t-"
	[[ -f $dict ]] && printf '%s\n' "-dict=$dict"
}

cmd_run() {
	local secs=$1 t st rc=0
	shift
	(($# > 0)) || set -- "${targets[@]}"
	mkdir -p "$artifacts"
	for t; do
		[[ -x $out/fuzz-$t ]] || die "no target $t (fuzz.sh build first)"
		mkdir -p "$corpus/$t"
		say "fuzz-$t for ${secs}s"
		mapfile -t o < <(opts_of "$t")
		"$out/fuzz-$t" "${o[@]}" -max_total_time="$secs" \
		    "$corpus/$t" >"$build/fuzz/fuzz-$t.log" 2>&1
		st=$?
		if ((st != 0)); then
			say "fuzz-$t FAILED (exit $st); the log:"
			tail -n 60 "$build/fuzz/fuzz-$t.log" >&2
			rc=1
		else
			grep -E '^#[0-9]+.*DONE' "$build/fuzz/fuzz-$t.log" |
			    sed "s/^/fuzz: fuzz-$t: /" | tail -n 1
		fi
	done
	return $rc
}

# Runs each input once through its target.
cmd_replay() {
	local t rc=0 files
	mkdir -p "$artifacts"
	shopt -s nullglob
	for t in "${targets[@]}"; do
		files=("$src"/fuzz/crashers/"$t"/* "$corpus/$t"/*)
		((${#files[@]} > 0)) || continue
		mapfile -t o < <(opts_of "$t")
		if ! "$out/fuzz-$t" "${o[@]}" "${files[@]}" \
		    >"$build/fuzz/replay-$t.log" 2>&1; then
			say "replaying the $t inputs FAILED; the log:"
			tail -n 60 "$build/fuzz/replay-$t.log" >&2
			rc=1
		fi
	done
	shopt -u nullglob
	say "replayed the crashers and the corpus"
	return $rc
}

# cli_cmd KIND DIR ARGS...: vmalab ARGS on one input; prints a complaint
# and returns 1 when it misbehaves. OUT (a file the command writes) must
# not exist after a failure, nor OUT.tmp ever.
cli_cmd() {
	local kind=$1 dir=$2 st err out=$dir/out
	shift 2
	rm -f "$out" "$out.tmp"
	timeout 60 "$VMALAB" "$@" >"$dir/stdout" 2>"$dir/stderr" </dev/null
	st=$?
	err=
	if ((st == 124)); then
		err="hung (60 s)"
	elif ((st > 1)); then
		err="exit status $st"
	elif ((st == 1)) && ! grep -q '^vmalab: ' "$dir/stderr" &&
	    ! { [[ $kind == quiz ]] && grep -q '^Score: ' "$dir/stdout"; }; then
		# (vmalab grade exits 1 below full marks, with its score)
		err="exit 1 without a 'vmalab: ' message"
	elif ((st == 1)) && [[ $kind != quiz && -e $out ]]; then
		err="a failed run left its output file behind"
	elif [[ -e $out.tmp ]]; then
		err="a temporary file was left behind"
	elif grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer' "$dir/stderr"; then
		err="a sanitizer report"
	fi
	[[ -z $err ]] && return 0
	printf 'fuzz: vmalab %s: %s\n' "$*" "$err" >&2
	sed 's/^/    /' "$dir/stderr" | head -n 20 >&2
	return 1
}

# cli_one KIND FILE: the commands that read this kind of input.
cli_one() {
	local kind=$1 f=$2 dir rc=0
	dir=$(mktemp -d) || return 1
	: >"$dir/empty.scn"
	case $kind in
	scenario)
		cli_cmd "$kind" "$dir" run --trace jsonl --trace-file "$dir/out" "$f" || rc=1
		cli_cmd "$kind" "$dir" dot -T dot -o "$dir/out" "$f" || rc=1 ;;
	maps)
		cli_cmd "$kind" "$dir" run --maps "$f" --trace jsonl \
		    --trace-file "$dir/out" "$dir/empty.scn" || rc=1 ;;
	stat)
		cli_cmd "$kind" "$dir" run --stat "$f" --trace jsonl \
		    --trace-file "$dir/out" || rc=1 ;;
	quiz)
		mkdir "$dir/sub" && cp "$f" "$dir/sub/answers.txt" &&
		    cli_cmd "$kind" "$dir" grade lab1 "$dir/sub" || rc=1 ;;
	esac
	rm -rf "$dir"
	return $rc
}

cmd_cli() {
	local max=${1:-0} t f n rc=0 total=0 failed=0
	[[ -x $VMALAB ]] || die "no vmalab at $VMALAB"
	shopt -s nullglob
	for t in scenario maps stat quiz; do
		n=0
		for f in "$src"/fuzz/crashers/"$t"/* "$corpus/$t"/*; do
			((max > 0 && n >= max)) && break
			n=$((n + 1))
			total=$((total + 1))
			cli_one "$t" "$f" || { rc=1; failed=$((failed + 1)); }
		done
	done
	shopt -u nullglob
	say "vmalab on $total inputs: $failed misbehaved"
	return $rc
}

cmd_smoke() {
	local secs=${1:-3} st rc=0
	cmd_build
	st=$?
	((st == 0)) || return $st
	cmd_corpus
	cmd_replay || rc=1
	cmd_run "$secs" || rc=1
	cmd_cli "${FUZZ_CLI_MAX:-150}" || rc=1
	return $rc
}

case ${1:-} in
build) cmd_build ;;
corpus) cmd_corpus ;;
run) shift; [[ ${1:-} =~ ^[0-9]+$ ]] || die "usage: fuzz.sh run SECONDS [TARGET...]"
     cmd_run "$@" ;;
replay) cmd_replay ;;
cli) shift; cmd_cli "${1:-0}" ;;
smoke) shift; cmd_smoke "${1:-3}" ;;
*) die "usage: fuzz.sh build|corpus|run SECONDS [TARGET...]|replay|cli [MAX]|smoke [SECONDS]" ;;
esac
