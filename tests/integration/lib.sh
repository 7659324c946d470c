# shellcheck shell=bash
# Helpers shared by tests/integration/run and tests/browser/run.
# Source it after setting SUITE (a name: "integration", "browser").
#
# It sources scripts/lib/stack.sh (so REPO, free_port, stack_start, ...),
# prints TAP lines, builds the server when METAS_BUILD is unset, starts the
# real stack in $METAS_TEST_DIR/$SUITE and stops it on exit whatever
# happens, and checks that no process of the stack is left behind.

# shellcheck source=../../scripts/lib/stack.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/stack.sh"

: "${SUITE:?set SUITE before sourcing lib.sh}"
export METAS_TEST_DIR=${METAS_TEST_DIR:-$REPO/.test}

T_PASS=0
T_FAIL=0

# ---- TAP -------------------------------------------------------------------

pass() { T_PASS=$((T_PASS + 1)); printf 'ok - %s\n' "$1"; }
# fail DESC [WHY]: WHY goes after "# " on the same line, then as comments.
fail() {
    T_FAIL=$((T_FAIL + 1))
    if [ $# -ge 2 ] && [ -n "$2" ]; then
        printf 'not ok - %s # %s\n' "$1" "$(printf '%s' "$2" | head -1 | cut -c1-300)"
    else
        printf 'not ok - %s\n' "$1"
    fi
}
skip() { T_PASS=$((T_PASS + 1)); printf 'ok - %s # SKIP %s\n' "$1" "$2"; }
# diag [TEXT...]: TAP comments, from the arguments or from stdin.
diag() {
    if [ $# -gt 0 ]; then printf '%s\n' "$@"; else cat; fi | sed 's/^/# /'
}

# is GOT EXPECTED DESC
is() {
    if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "expected '$2' got '$1'"; fi
}
# ok_if DESC CMD...: pass when CMD succeeds.
ok_if() {
    local d=$1; shift
    if "$@"; then pass "$d"; else fail "$d" "failed: $*"; fi
}
# has FILE NEEDLE DESC: the file contains the exact text.
has() {
    if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3" "'$2' not found"; fi
}
# hasnt FILE NEEDLE DESC
hasnt() {
    if grep -qF -- "$2" "$1"; then fail "$3" "'$2' found"; else pass "$3"; fi
}

# ---- the database ----------------------------------------------------------
# sqlq SQL: run SQL as root on the stack's database (rows tab-separated, no
# header). A statement that writes is followed by `metasctl invalidate`, as
# the operations guide asks after any change by hand: metasd's workers keep
# copies of sessions and months while nothing is written through metasd or
# metasctl (cache_ms, 1 s, bounds the rest). Reads invalidate nothing, so the
# suites still prove that metasd's own writes show at once.
sqlq() {
    local rc=0
    mariadb --no-defaults -S "$STATE/run/mysql.sock" -uroot -N -B \
        --default-character-set=utf8mb4 metas -e "$1" || rc=$?
    if printf '%s' "$1" | grep -qiwE 'insert|update|delete|replace|drop|create|alter|truncate|rename'; then
        "$METAS_BUILD/metasctl" -c "$STATE/etc/metas.conf" invalidate >/dev/null ||
            printf '# sqlq: metasctl invalidate failed\n' >&2
    fi
    return $rc
}

# ---- HTTP through nginx ----------------------------------------------------
# http [curl args...] URL-PATH: sets ST (status) and fills $H (headers), $B (body).
H=
B=
http() {
    local path=${*: -1}
    local args=("${@:1:$#-1}")
    : >"$B"; : >"$H"      # curl leaves -o untouched when there is no body
    ST=$(curl -sS --max-time 20 -o "$B" -D "$H" -w '%{http_code}' "${args[@]}" \
        "http://127.0.0.1:$PORT$path" 2>"$B.err") || ST=${ST:-000}
}
# raw_http REQUEST: send REQUEST (printf %b escapes) on a new connection and
# print the whole response, as the client receives it, until nginx closes.
raw_http() {
    local out
    out=$(exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf '%b' "$1" >&3 && timeout 10 cat <&3 | base64 -w0)
    printf '%s' "$out" | base64 -d
}
# hdr NAME: the value of a header of the last response ("" when absent).
hdr() {
    grep -i "^$1:" "$H" | tail -1 | cut -d: -f2- | sed -e 's/^[[:space:]]*//' -e 's/\r$//'
}

# ---- building and the stack --------------------------------------------------

ensure_build() {
    if [ -z "${METAS_BUILD:-}" ]; then
        METAS_BUILD=$METAS_TEST_DIR/build
        # as scripts/dev-test builds it; in a subshell, since build() may die
        if ! (build "$METAS_BUILD" --enable-werror --enable-sanitizers CFLAGS="-O1 -g") >&2; then
            fail "metasd and metasctl build with sanitizers into $METAS_BUILD"
            exit 1
        fi
    fi
    export METAS_BUILD
    if [ ! -x "$METAS_BUILD/metasd" ] || [ ! -x "$METAS_BUILD/metasctl" ]; then
        die "no encuentro metasd y metasctl en $METAS_BUILD"
    fi
}

STACK_UP=0
STACK_STOPPED=0
BG_PIDS=()      # background jobs of the test itself, ended on exit

# A fresh state folder: a database from an earlier run would hide seeding bugs.
start_stack() {
    STATE=$METAS_TEST_DIR/$SUITE
    if [ -L "$STATE/run" ] || [ -s "$STATE/metasd.pid" ] || [ -s "$STATE/mariadb.pid" ]; then
        stack_stop "$STATE" 2>/dev/null || true     # leftovers of a run killed hard
    fi
    rm -rf "$STATE"
    mkdir -p "$STATE"
    WORK=$STATE/work
    mkdir -p "$WORK"
    H=$WORK/headers
    B=$WORK/body
    PORT=$(free_port)
    stack_start "$STATE" "$PORT" "$METAS_BUILD" >"$WORK/stack_start.log" 2>&1 &
    if wait $!; then
        STACK_UP=1
        pass "the stack starts (MariaDB, metasd, nginx on 127.0.0.1:$PORT answer /healthz)"
    else
        diag <"$WORK/stack_start.log"
        fail "the stack starts (MariaDB, metasd, nginx on 127.0.0.1:$PORT answer /healthz)"
        exit 1      # the EXIT trap stops what did start
    fi
}

# The pids of every process of the stack: MariaDB, metasd (master and its
# workers), nginx (master and its workers).
stack_pids() {
    local f p
    for f in mariadb metasd nginx; do
        p=$(cat "$STATE/$f.pid" 2>/dev/null) || continue
        [ -n "$p" ] || continue
        echo "$p"
        pgrep -P "$p" 2>/dev/null || true
    done
}

print_logs() {
    local f
    for f in "$STATE"/log/{metasd,nginx-error,mariadb}.log; do
        [ -f "$f" ] || continue
        diag "---- tail of $f" 
        tail -25 "$f" | diag
    done
}

# finish: stop the stack, check nothing is left, print the summary, exit.
finish() {
    local left=() p pids
    trap - EXIT
    for p in "${BG_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    if [ "$STACK_UP" = 1 ] || [ -n "${STATE:-}" ]; then
        pids=$(stack_pids | sort -u)
        stack_stop "$STATE" >/dev/null 2>&1
        STACK_STOPPED=1
        for p in $pids; do
            kill -0 "$p" 2>/dev/null && left+=("$p")
        done
        if [ ${#left[@]} -eq 0 ]; then
            pass "stack_stop leaves no process of the stack behind"
        else
            fail "stack_stop leaves no process of the stack behind" "still running: ${left[*]}"
            ps -o pid,user,cmd -p "${left[*]// /,}" 2>/dev/null | diag
        fi
        if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: (Address|Undefined|Leak)' \
            "$STATE/log/metasd.log" 2>/dev/null; then
            fail "metasd's log has no sanitizer report"
            grep -E -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$STATE/log/metasd.log" |
                head -40 | diag
        else
            pass "metasd's log has no sanitizer report"
        fi
    fi
    [ "$T_FAIL" -gt 0 ] && [ -n "${STATE:-}" ] && print_logs
    diag "$SUITE: $T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ] && [ "$T_PASS" -gt 0 ] && exit 0
    exit 1
}

# On any exit (die in stack.sh, an error, a signal): clean up and summarise.
on_exit() {
    local rc=$?
    [ "$STACK_STOPPED" = 1 ] && exit $rc
    [ $rc -ne 0 ] && [ "$T_FAIL" -eq 0 ] && fail "$SUITE ran to the end" "exit status $rc"
    finish
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
