#!/bin/sh
# record.sh - vmalab record: programs run under ptrace, their start state
# and memory calls written as scenarios, checked against what the
# programs themselves saw and against an independent tracer.
#
# POSIX sh; TAP output; exit 0 when every test passed, 77 (skip) when
# this machine does not allow ptrace or turning randomization off (the
# reason is printed), 1 otherwise.
#
#   VMALAB      the program (default ./vmalab)
#   CC          the C compiler for the test programs (default cc)
#
# The test programs are built here, in $tmp:
#   calls.c      brk, mmap, munmap called directly; prints each result
#   threads.c    two threads mapping and unmapping; prints what each got
#   forks.c      forks once (a recording refuses it)
#   exec-maps.c  an independent tracer: /proc/PID/maps at the exec stop
#   deny.c       runs a command with ptrace or personality refused by a
#                seccomp filter, as in a container

. "${top_srcdir-.}/tests/tap.sh"
tap_start record
CC=${CC:-cc}

check() {
	desc=$1
	shift
	if "$@"; then
		ok "$desc"
	else
		not_ok "$desc"
	fi
}

# rec ARGS...: vmalab record from $tmp; stdout in $tmp/out, stderr in
# $tmp/err, the exit status in $rc.
rec() {
	(cd "$tmp" && "$VMALAB" record "$@") >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

status_is() {
	if test "$rc" -eq "$1"; then
		return 0
	fi
	echo "# exit status $rc, expected $1"
	sed 's/^/# stderr: /' "$tmp/err" | head -5
	return 1
}

# same FILE1 FILE2: equal files (a diff on failure).
same() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	diff "$1" "$2" | sed 's/^/# /' | head -20
	return 1
}

# maps_of SCN: the /proc/PID/maps lines of a recording's start state.
maps_of() {
	grep -E '^[0-9a-f]+-[0-9a-f]+ [-r][-w][-x][ps] ' "$1"
}

# calls_of SCN: "name result" for every call line, in order; "-1" for an
# error, the pid prefix of a thread dropped unless KEEP_PID is set.
calls_of() {
	grep -E '^(\[pid +[0-9]+\] )?[a-z_0-9]+\(' "$1" |
	sed -E 's/^\[pid +([0-9]+)\] /\1 /' |
	awk -v keep="${KEEP_PID-}" '{
		pid = ""
		if ($1 ~ /^[0-9]+$/) { pid = $1 " "; $1 = "" ; sub(/^ /, "") }
		name = $0; sub(/\(.*/, "", name)
		n = split($0, w, " = "); r = w[n]; sub(/ .*/, "", r)
		print (keep != "" ? pid : "") name " " r
	}'
}

# ---- can this machine record at all? ------------------------------------------

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "1..0 # SKIP no C compiler ($CC) for the test programs"
	exit 77
fi
rec -o probe.scn -- /bin/true
if test "$rc" -ne 0; then
	if grep -q -e "ptrace is not allowed" -e "randomization cannot be" \
	    -e "did not take effect" -e "PTRACE_GET_SYSCALL_INFO" \
	    -e "already traced" "$tmp/err"; then
		echo "1..0 # SKIP $(sed -n 's/^vmalab: record: //p' "$tmp/err" | head -1)"
		exit 77
	fi
fi

cat >"$tmp/exec-maps.c" <<'EOF'
/* /proc/PID/maps of a program stopped at its exec, as setarch -R runs it. */
#include <signal.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char path[64], buf[4096];
	size_t n;
	FILE *fp;
	pid_t pid;
	int st;

	if (argc < 2 || (pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		personality(ADDR_NO_RANDOMIZE);
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		return 1;
	snprintf(path, sizeof path, "/proc/%d/maps", (int)pid);
	if ((fp = fopen(path, "r")) == NULL)
		return 1;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(fp);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return 0;
}
EOF

cat >"$tmp/calls.c" <<'EOF'
/* brk, mmap and munmap called directly; the results are printed at the
 * end with write(2), so that printing makes no memory call of its own. */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static char out[4096];
static size_t n;

static void
note(const char *name, unsigned long v)
{
	n += (size_t)snprintf(out + n, sizeof out - n, "%s 0x%lx\n", name, v);
}

static void
note_rc(const char *name, int rc)
{
	n += (size_t)snprintf(out + n, sizeof out - n, "%s %d\n", name, rc);
}

int
main(void)
{
	unsigned long b0;
	char *a, *b;

	b0 = (unsigned long)syscall(SYS_brk, 0);
	note("brk", b0);
	note("brk", (unsigned long)syscall(SYS_brk, b0 + 3 * 4096 + 100));
	note("brk", (unsigned long)syscall(SYS_brk, b0 + 4096));
	a = mmap(NULL, 5 * 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	note("mmap", (unsigned long)a);
	b = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	note("mmap", (unsigned long)b);
	note_rc("munmap", munmap(a + 4096, 4096));
	note("mmap", (unsigned long)mmap(NULL, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	note_rc("munmap", munmap(b, 3 * 4096));
	note("mmap", (unsigned long)mmap(a + 2 * 4096, 2 * 4096, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	note_rc("munmap", munmap(a + 1, 4096));		/* EINVAL */
	if (write(1, out, n) != (ssize_t)n)
		return 1;
	return 0;
}
EOF

cat >"$tmp/threads.c" <<'EOF'
/* Two threads map three regions each and unmap one; each line printed:
 * "TID mmap RESULT" and "TID munmap 0". */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct worker {
	long		 tid;
	size_t		 pages;
	unsigned long	 got[3];
	int		 rc;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	int i;

	w->tid = syscall(SYS_gettid);
	for (i = 0; i < 3; i++)
		w->got[i] = (unsigned long)mmap(NULL, (w->pages + i) * 4096,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	w->rc = munmap((void *)w->got[1], (w->pages + 1) * 4096);
	return NULL;
}

int
main(void)
{
	struct worker w[2] = { { 0, 3, { 0 }, 0 }, { 0, 7, { 0 }, 0 } };
	pthread_t t;
	int i, k;

	if (pthread_create(&t, NULL, work, &w[1]) != 0)
		return 1;
	work(&w[0]);
	pthread_join(t, NULL);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 3; i++)
			printf("%ld mmap 0x%lx\n", w[k].tid, w[k].got[i]);
		printf("%ld munmap %d\n", w[k].tid, w[k].rc);
	}
	return 0;
}
EOF

cat >"$tmp/forks.c" <<'EOF'
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return 0;
}
EOF

cat >"$tmp/deny.c" <<'EOF'
/* deny CALL PROG ARGS...: PROG with CALL (ptrace or personality) failing
 * with EPERM, as a container's seccomp profile makes it. */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sock_filter f[4] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { 4, f };

	if (argc < 3)
		return 2;
	f[1].k = strcmp(argv[1], "ptrace") == 0 ? SYS_ptrace : SYS_personality;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		return 2;
	execv(argv[2], argv + 2);
	return 127;
}
EOF

built=yes
for prog in exec-maps calls forks; do
	$CC -o "$tmp/$prog" "$tmp/$prog.c" 2>"$tmp/cc.err" || built=no
done
$CC -pthread -o "$tmp/threads" "$tmp/threads.c" 2>>"$tmp/cc.err" || built=no
if test "$built" = no; then
	sed 's/^/# /' "$tmp/cc.err" | head -10
	echo "not ok 1 - the test programs compile"
	echo "1..1"
	exit 1
fi

# ---- /bin/true and ls /: the start state and the parse --------------------------

# start_state NAME PROG ARGS...: record, and compare the start state with
# the independent tracer's maps at the exec stop.
start_state() {
	name=$1
	shift
	words="$*"
	rec -o "$name.scn" -- "$@"
	check "record $*: exit 0" status_is 0
	check "record $*: the exit status on stderr" \
	    grep -q "^vmalab: record: $1 exited with status 0; [0-9]* memory calls recorded in $name.scn" "$tmp/err"
	check "record $*: the head, with the kernel version" eval \
	    'sed -n 1p "$tmp/$name.scn" | grep -q "^# vmalab record of $words, " &&
	    grep -q "^% recorded_on Linux [^ ]* [^ ]*\$" "$tmp/$name.scn"'
	(cd "$tmp" && ./exec-maps "$@") >"$tmp/$name.maps"
	maps_of "$tmp/$name.scn" >"$tmp/$name.rec.maps"
	check "record $*: the maps lines are /proc/PID/maps at the exec stop" \
	    same "$tmp/$name.maps" "$tmp/$name.rec.maps"
	(cd "$tmp" && "$VMALAB" run "$name.scn") >"$tmp/run.out" 2>"$tmp/err"
	rc=$?
	check "record $*: vmalab run reads it (exit 0)" status_is 0
	first_brk=$(calls_of "$tmp/$name.scn" | awk '$1 == "brk" { print $2; exit }')
	head_brk=$(sed -n 's/^% brk  *\(0x[0-9a-f]*\) .*/\1/p' "$tmp/$name.scn")
	check "record $*: % brk is what the first brk(NULL) found" \
	    test -n "$head_brk" -a "$first_brk" = "$head_brk"
}

start_state true /bin/true
ls=$(command -v ls)
start_state ls "$ls" /
check "record ls /: ls's own output is not in the recording" eval \
    '! grep -qx "bin" "$tmp/ls.scn"'

# ---- calls: every result the program saw ----------------------------------------

rec -o calls.scn -- ./calls
check "record ./calls: exit 0" status_is 0
cp "$tmp/out" "$tmp/calls.saw"
k=$(wc -l <"$tmp/calls.saw")
calls_of "$tmp/calls.scn" | tail -n "$k" >"$tmp/calls.rec"
check "record ./calls: its $k calls and results are what it saw" \
    eval 'test "$k" -eq 10 && same "$tmp/calls.saw" "$tmp/calls.rec"'
(cd "$tmp" && "$VMALAB" run --check calls.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "record ./calls: vmalab run --check agrees" status_is 0
(cd "$tmp" && "$VMALAB" step --dump calls.scn) >"$tmp/step.out" 2>"$tmp/err"
rc=$?
check "record ./calls: vmalab step opens on it" eval \
    'status_is 0 && grep -q "calls.scn, line" "$tmp/step.out"'

rec -o legacy.scn --layout legacy -- ./calls
cp "$tmp/out" "$tmp/legacy.saw"
calls_of "$tmp/legacy.scn" | tail -n "$k" >"$tmp/legacy.rec"
check "record --layout legacy ./calls: legacy addresses, as it saw them" \
    eval 'grep -q "^% layout legacy " "$tmp/legacy.scn" &&
    grep -q "^mmap 0x2aaaaa" "$tmp/legacy.saw" &&
    same "$tmp/legacy.saw" "$tmp/legacy.rec"'
(cd "$tmp" && "$VMALAB" run --check legacy.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "record --layout legacy ./calls: vmalab run --check agrees" status_is 0

# ---- threads: every call of both -------------------------------------------------

rec -o threads.scn -- ./threads
check "record ./threads: exit 0" status_is 0
cp "$tmp/out" "$tmp/threads.saw"
KEEP_PID=1 calls_of "$tmp/threads.scn" >"$tmp/threads.rec"
missing=0
while read -r line; do
	grep -qx "$line" "$tmp/threads.rec" || {
		echo "# not in the recording: $line"
		missing=$((missing + 1))
	}
done <"$tmp/threads.saw"
check "record ./threads: the 8 calls of both threads, with their pids" \
    eval 'test "$(wc -l <"$tmp/threads.saw")" -eq 8 && test "$missing" -eq 0'

# ---- real programs, replayed exactly with --kernel 6.18 --------------------------

# Each program is recorded, then replayed with --check: with the 6.18
# profile every call must agree (this machine's kernel is the oracle, so
# that is checked only on 6.13 or later). With the 4.14 profile, every
# call that disagrees must be a difference README.md names:
#   huge-page alignment: an mmap of a file on ext4/xfs/erofs whose range
#     holds a whole 2 MiB-aligned page of the file, placed at an address
#     congruent to its offset modulo 2 MiB; an anonymous mmap with no
#     hint, or an mremap that moves, of a multiple of 2 MiB, placed on a
#     2 MiB boundary;
#   unaccounting: an mprotect or mremap that meets a VMA boundary 4.14
#     keeps because VM_ACCOUNT stayed on a never-written anonymous VMA
#     that lost write (6.18's trace shows mprotect_unaccount_6x taken).
# named_414 checks each disagreement in turn: a huge-page one is then
# given the kernel's answer (the call made MAP_FIXED or MREMAP_FIXED at
# the recorded address, which leaves the same VMAs) and the replay goes
# on; an unaccounting one leaves the two models with different VMA
# boundaries, so the comparison ends there (said as a comment).
PMD=2097152

# huge_named LINE: is the call line a huge-page alignment, by the rule
# above, from its arguments and the kernel's answer alone?
huge_named() {
	# shellcheck disable=SC2046 # the fields are words on purpose
	set -- $(printf '%s\n' "$1" | sed -E '
	    s/^(\[pid +[0-9]+\] )?//
	    s/^mmap\(([^,]*), ([0-9]+), [^,]*, ([^,]*), (.*), (0x[0-9a-f]+|[0-9]+)\) += (0x[0-9a-f]+).*/mmap \1 \2 \3 \5 \6/
	    s/^mremap\((0x[0-9a-f]+), ([0-9]+), ([0-9]+), ([A-Z_|]+)\) += (0x[0-9a-f]+).*/mremap \1 \2 \3 \4 \5/')
	case $1 in
	mmap)
		hint=$2 len=$3 flags=$4 off=$5 got=$6
		case $flags in
		*MAP_FIXED*) return 1 ;;
		*MAP_ANONYMOUS*)
			test "$hint" = NULL &&
			    test $((len % PMD)) -eq 0 && test $((got % PMD)) -eq 0
			return
			;;
		esac
		oa=$(( (off + PMD - 1) / PMD * PMD ))
		test $((off + len)) -ge $((oa + PMD)) &&
		    test $(( (got - off) % PMD )) -eq 0
		;;
	mremap)
		len=$4 flags=$5 got=$6
		case $flags in
		*MREMAP_FIXED*) return 1 ;;
		*MREMAP_MAYMOVE*)
			test $((len % PMD)) -eq 0 && test $((got % PMD)) -eq 0
			;;
		*) return 1 ;;
		esac
		;;
	*) return 1 ;;
	esac
}

# take_answer LINE: the call at LINE of $tmp/n.scn, made fixed at the
# address the kernel returned.
take_answer() {
	sed -E "$1"'{
	    s/^((\[pid +[0-9]+\] )?mmap\()[^,]*(, [0-9]+, [^,]*, )(MAP_[A-Z]+)(.*= (0x[0-9a-f]+))/\1\6\3\4|MAP_FIXED\5/
	    s/^((\[pid +[0-9]+\] )?mremap\(0x[0-9a-f]+, [0-9]+, [0-9]+, [A-Z_|]+)(\) += (0x[0-9a-f]+))/\1|MREMAP_FIXED, \4\3/
	}' "$tmp/n.scn" >"$tmp/n.next" && mv "$tmp/n.next" "$tmp/n.scn"
}

# named_414 SCN: 0 when every disagreement under 4.14 is a named one;
# $named counts them, $unnamed says what was not.
named_414() {
	cp "$tmp/$1" "$tmp/n.scn"
	(cd "$tmp" && "$VMALAB" run --trace jsonl --kernel 6.18 "$1") \
	    >"$tmp/n.jsonl" 2>/dev/null
	named=0
	unnamed=
	while ! (cd "$tmp" && "$VMALAB" run --check --kernel 4.14 n.scn) \
	    >/dev/null 2>"$tmp/n.err"; do
		line=$(sed -n '1s/^vmalab: n\.scn:\([0-9]*\): .*/\1/p' "$tmp/n.err")
		if test -z "$line"; then
			unnamed=$(sed -n 1p "$tmp/n.err")
			return 1
		fi
		text=$(sed -n "${line}p" "$tmp/n.scn")
		if huge_named "$text"; then
			named=$((named + 1))
			take_answer "$line"
			test "$named" -lt 500 || return 1
			continue
		fi
		case $text in
		mprotect\(* | mremap\(* | \[pid*mprotect\(* | \[pid*mremap\(*)
			if grep -q '"id":"mprotect_unaccount_6x.unaccount","outcome":true' \
			    "$tmp/n.jsonl"; then
				named=$((named + 1))
				echo "# $1: line $line, unaccounting (named); the VMAs differ from here on: $text"
				return 0
			fi
			;;
		esac
		unnamed="line $line: $text"
		return 1
	done
	return 0
}

# replay_both NAME PROG ARGS...: record, replay with 6.18 (must agree on
# a 6.13+ kernel), check the 4.14 disagreements.
replay_both() {
	name=$1
	shift
	rec -o "$name.scn" -- "$@"
	check "record $*: exit 0" status_is 0
	(cd "$tmp" && "$VMALAB" run --check --kernel 6.18 "$name.scn") \
	    >/dev/null 2>"$tmp/err"
	rc=$?
	if test "$new6" = yes; then
		check "record $*: run --check --kernel 6.18 agrees on all $(calls_of "$tmp/$name.scn" | wc -l) calls" \
		    status_is 0
	else
		skip "record $*: run --check --kernel 6.18" \
		    "kernel $(uname -r) is older than 6.13 (exit $rc)"
	fi
	if test "$new6" = no; then
		skip "record $*: under --kernel 4.14, each disagreement a named one" \
		    "the named differences are those of 6.13 - 6.18"
	elif named_414 "$name.scn"; then
		ok "record $*: under --kernel 4.14, $named disagreements, each a named one"
	else
		not_ok "record $*: under --kernel 4.14, a disagreement README.md does not name: $unnamed"
	fi
}

ls=$(command -v ls)
bash=$(command -v bash)
new6=no
case $(uname -r) in
[7-9].* | 6.1[3-9]* | 6.[2-9][0-9]*) new6=yes ;;
esac

printf '%s\n' "# a bytearray past 3 MB: glibc's realloc of a mapped chunk is mremap" \
    'b = bytearray()' 'while len(b) < 3500000:' '    b += b"x" * 65536' \
    'print(len(b))' >"$tmp/grow.py"
replay_both ls-6 "$ls" /
replay_both bash-6 "$bash" -c true
if test -x /usr/bin/python3; then
	replay_both python-6 /usr/bin/python3 grow.py
	check "record python3 grow.py: its realloc calls mremap" \
	    grep -q '^mremap(' "$tmp/python-6.scn"
else
	skip "record python3 grow.py" "no /usr/bin/python3 (the system python)"
fi
for p in perl:-e:1 git:--version cmake:--version; do
	prog=${p%%:*}
	args=$(echo "${p#*:}" | tr : ' ')
	if path=$(command -v "$prog"); then
		# shellcheck disable=SC2086 # the arguments are words on purpose
		replay_both "$prog-6" "$path" $args
	else
		skip "record $prog $args" "$prog is not installed (./setup installs it)"
	fi
done
if test -f "$tmp/cmake-6.scn"; then
	check "record cmake --version: maps a file of 2 MiB or more" \
	    grep -q '^mmap(NULL, [0-9]\{7,\}, .*<.*\.so[^>]*>' "$tmp/cmake-6.scn"
fi
src=${top_srcdir-.}/tests/record
CXX=${CXX:-c++}
if $CXX -O2 -o "$tmp/hello" "$src/hello.cc" 2>"$tmp/cc.err"; then
	replay_both hello-6 ./hello
else
	sed 's/^/# /' "$tmp/cc.err" | head -5
	skip "record of a C++ program" "no C++ compiler ($CXX)"
fi
if $CC -O2 -o "$tmp/memcalls" "$src/memcalls.c" 2>"$tmp/cc.err"; then
	replay_both memcalls-6 ./memcalls
	sed 's/ 0xffffffffffffffff$/ -1/' "$tmp/out" >"$tmp/memcalls.saw"
	k=$(wc -l <"$tmp/memcalls.saw")
	calls_of "$tmp/memcalls-6.scn" | tail -n "$k" >"$tmp/memcalls.rec"
	check "record ./memcalls: its $k calls and results are what it saw" \
	    eval 'test "$k" -eq 15 && same "$tmp/memcalls.saw" "$tmp/memcalls.rec"'
else
	sed 's/^/# /' "$tmp/cc.err" | head -5
	not_ok "tests/record/memcalls.c compiles"
fi
replay_both threads-6 ./threads
if $CC -O2 -o "$tmp/files" "$src/files.c" 2>"$tmp/cc.err"; then
	replay_both files-6 ./files big.dat
	check "record ./files: the filesystems named (memfd: tmpfs)" eval \
	    'grep -q "^% fs tmpfs </memfd:vmalab (deleted)>" "$tmp/files-6.scn" &&
	    grep -q "^% fs [a-z0-9]* <$tmp/big.dat>" "$tmp/files-6.scn"'
else
	sed 's/^/# /' "$tmp/cc.err" | head -5
	not_ok "tests/record/files.c compiles"
fi

# run --check under 4.14 of a recording from 6.x that disagrees: the hint.
for name in cmake-6 hello-6; do
	test -f "$tmp/$name.scn" || continue
	(cd "$tmp" && "$VMALAB" run --check "$name.scn") >/dev/null 2>"$tmp/err"
	rc=$?
	test "$new6" = yes || break
	check "run --check $name.scn (4.14): fails and suggests --kernel 6.18" \
	    eval 'status_is 1 && grep -q "^vmalab: $name.scn: recorded on Linux 6.*, replayed with the 4.14 profile:" "$tmp/err" &&
	    grep -q "try --kernel 6.18\$" "$tmp/err"'
	break
done

# The directives: wrong ones are errors with the line.
printf '%% kernel 5.4\n' >"$tmp/bad.scn"
(cd "$tmp" && "$VMALAB" run bad.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "% kernel 5.4: an error naming the line and the choices" eval \
    'status_is 1 && grep -q "^vmalab: bad.scn:1: unknown kernel .5.4.; expected 4.14 or 6.18" "$tmp/err"'
printf '%% fs ext4 /no/brackets\n' >"$tmp/bad.scn"
(cd "$tmp" && "$VMALAB" run bad.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "% fs without <PATH>: an error with the usage" eval \
    'status_is 1 && grep -q "^vmalab: bad.scn:1: expected .% fs FSNAME <PATH>." "$tmp/err"'
(cd "$tmp" && "$VMALAB" run --kernel 5.4 calls.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "run --kernel 5.4: a usage error (2)" status_is 2
# % fs decides: a file on nfs goes first-fit under mmap_base
# (0x7ffff7fff000), one on ext4 is aligned for a huge page below it.
cat >"$tmp/fs.scn" <<'EOS'
% kernel 6.18
% fs nfs </net/big>
% fs ext4 </usr/big>
555555554000-555555555000 r--p 00000000 fe:00 1 /usr/bin/prog
mmap(NULL, 4194304, PROT_READ, MAP_PRIVATE, 4</net/big>, 0) = 0x7ffff7bff000
mmap(NULL, 4194304, PROT_READ, MAP_PRIVATE, 3</usr/big>, 0) = 0x7ffff7600000
EOS
(cd "$tmp" && "$VMALAB" run --check fs.scn) >/dev/null 2>"$tmp/err"
rc=$?
check "% fs: a file on ext4 is aligned for huge pages, one on nfs is not" \
    status_is 0

# The check itself: a made-up disagreement (a small mmap's answer moved
# up by a page) is not a named one.
line=$(grep -n -m 1 -E '^mmap\(NULL, [0-9]{1,5}, .* = 0x[0-9a-f]+$' "$tmp/ls-6.scn" |
    cut -d: -f1)
v=$(sed -n "${line}s/.* = //p" "$tmp/ls-6.scn")
sed "${line}s/ = $v\$/ = $(printf '%#x' $((v + 4096)))/" "$tmp/ls-6.scn" \
    >"$tmp/moved.scn"
test "$new6" = yes &&
check "a made-up disagreement is not a named one" eval \
    '! cmp -s "$tmp/ls-6.scn" "$tmp/moved.scn" && ! named_414 moved.scn &&
    echo "# $unnamed" | grep -q "^# line $line: mmap(NULL"'

# ---- vmalab bench: the recording figures -----------------------------------------

(cd "$tmp" && "$VMALAB" bench --ops 100 --sizes 300 --repeat 1 --no-kernel \
    --no-seek) >"$tmp/bench.out" 2>"$tmp/err"
rc=$?
sed -n '/^Recording/,$p' "$tmp/bench.out" | sed 's/^/# /'
check "bench: vmalab record's overhead beside python3 plain" eval \
    'status_is 0 && grep -Eq "plain [0-9.]+ s; vmalab record [0-9.]+ s \([0-9.]+x\)" "$tmp/bench.out"'
check "bench: a 100000-call recording replayed, every result the kernel's" \
    eval 'grep -Eq "^ +([0-9]+) of \1 results as the kernel.s" "$tmp/bench.out" &&
    grep -Eq "recording of 100000 raw mmap/munmap calls \(1[0-9]{5} in all" "$tmp/bench.out"'

# ---- failures: a clear message, a non-zero exit, no file ------------------------

rec -o missing.scn -- ./no-such-program
check "record of a missing program: exit 1, the reason, no file" eval \
    'status_is 1 && grep -q "^vmalab: record: cannot run ./no-such-program: No such file" "$tmp/err" &&
    test ! -e "$tmp/missing.scn" && ! ls "$tmp" | grep -q "^missing.scn"'
rec -o missing.scn -- no-such-program-in-path
check "record of a name not in PATH: command not found" eval \
    'status_is 1 && grep -q "^vmalab: record: no-such-program-in-path: command not found" "$tmp/err" &&
    ! ls "$tmp" | grep -q "^missing.scn"'
rec -o forks.scn -- ./forks
check "record of a program that forks: refused, no file" eval \
    'status_is 1 && grep -q "^vmalab: record: ./forks forked" "$tmp/err" &&
    ! ls "$tmp" | grep -q "^forks.scn"'
rec -o exec.scn -- sh -c 'exec /bin/true'
check "record of a program that execs another: refused, names it, no file" eval \
    'status_is 1 && grep -q "^vmalab: record: sh ran /[a-z/]*true (a second execve" "$tmp/err" &&
    ! ls "$tmp" | grep -q "^exec.scn"'
rec -- ./no-such-program
check "record to stdout of a missing program: nothing written" eval \
    'status_is 1 && test ! -s "$tmp/out"'

# deny CALL: vmalab record -o denied.scn -- /bin/true under a seccomp
# filter that refuses CALL; rc 77 when the filter cannot be set up.
deny() {
	(cd "$tmp" && ./deny "$1" "$VMALAB" record -o denied.scn -- /bin/true) \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if test "$rc" -eq 2 && test ! -s "$tmp/err"; then
		rc=77
	fi
}

if $CC -o "$tmp/deny" "$tmp/deny.c" 2>/dev/null; then
	deny ptrace
	if test "$rc" -eq 77; then
		skip "record where ptrace is refused" "no seccomp filter here"
	else
		check "record where seccomp refuses ptrace: why and what to try" eval \
		    'status_is 1 && grep -q "^vmalab: record: ptrace is not allowed here (PTRACE_TRACEME: .*seccomp.*--cap-add SYS_PTRACE" "$tmp/err" &&
		    ! ls "$tmp" | grep -q "^denied.scn"'
	fi
	deny personality
	if test "$rc" -eq 77; then
		skip "record where personality is refused" "no seccomp filter here"
	else
		check "record where seccomp refuses personality: why and what to try" eval \
		    'status_is 1 && grep -q "^vmalab: record: address-space randomization cannot be turned off here (personality(ADDR_NO_RANDOMIZE): .*seccomp=unconfined" "$tmp/err" &&
		    ! ls "$tmp" | grep -q "^denied.scn"'
	fi
else
	skip "record where ptrace is refused" "no <linux/seccomp.h>"
	skip "record where personality is refused" "no <linux/seccomp.h>"
fi
if test -n "${STRACE-}"; then
	(cd "$tmp" && "$STRACE" -f -o /dev/null "$VMALAB" record -o traced.scn -- /bin/true) \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "record under strace -f: the program is already traced" eval \
	    'status_is 1 && grep -q "^vmalab: record: the program is already traced" "$tmp/err"'
else
	skip "record under strace -f: the program is already traced" "no strace"
fi

# ---- standard output, the program's exit status, usage ---------------------------

rec -- sh -c 'exit 3'
check "record without -o: the recording on stdout, status 3 reported" eval \
    'status_is 0 && sed -n 1p "$tmp/out" | grep -q "^# vmalab record of sh -c exit 3" &&
    grep -q "^vmalab: record: sh exited with status 3" "$tmp/err" &&
    grep -q "^# sh exited with status 3;" "$tmp/out"'
(cd "$tmp" && "$VMALAB" run -) <"$tmp/out" >/dev/null 2>"$tmp/err"
rc=$?
check "record without -o: vmalab run - reads it" status_is 0
rec
check "record with no program: a usage error (2)" status_is 2
rec --layout sideways -- /bin/true
check "record --layout sideways: a usage error (2)" status_is 2
rec --help
check "record --help: the usage" eval \
    'status_is 0 && grep -q "^Usage: vmalab record " "$tmp/out"'

tap_end
