# shellcheck shell=bash
# JSON API helpers for the integration suites, sourced after lib.sh and
# start_stack (they use $STATE, $WORK, http, $ST and $B).
#   sqlq SQL             one query as MariaDB's root, tab-separated, no header
#   jget PATH [FILE]     a member of the JSON body (a.b.0.c), "null" when absent
#   jstr TEXT            TEXT as a JSON string
#   login NAME USER PW   log in through the API; cookie jar and CSRF token kept as NAME
#   as NAME CURL-ARGS... PATH   a request with NAME's cookies
#   api NAME METHOD PATH [JSON] a request with NAME's cookies and CSRF token
# jget PATH [FILE]: a member of the JSON in FILE (default: the last body).
jget() {
    perl -MJSON::PP -e '
        my ($path, $f) = @ARGV;
        open my $fh, "<", $f or exit 2; local $/; my $t = <$fh>;
        my $j = eval { JSON::PP->new->allow_nonref->decode($t) };
        if ($@) { print "(not json)\n"; exit 0 }
        my @cur = ($j);
        for my $k (grep { length } split /\./, $path) {
            @cur = map { my $v = $_; ref $v eq "ARRAY" ? $v->[$k] : ref $v eq "HASH" ? $v->{$k} : undef } @cur;
        }
        for (@cur) {
            if (!defined) { print "null\n" }
            elsif (JSON::PP::is_bool($_)) { print $_ ? "true\n" : "false\n" }
            else { print "$_\n" }
        }' "$1" "${2:-$B}"
}
jstr() { perl -MJSON::PP -e 'print JSON::PP->new->allow_nonref->encode($ARGV[0])' -- "$1"; }
declare -A TOK
login() {
    rm -f "$WORK/jar.$1"
    http -c "$WORK/jar.$1" -H 'Content-Type: application/json' \
        --data-binary "{\"username\":$(jstr "$2"),\"password\":$(jstr "$3")}" /api/v1/session
    TOK[$1]=$(jget csrf_token)
    [ "$ST" = 200 ] && [ -n "${TOK[$1]}" ] && [ "${TOK[$1]}" != null ]
}
as() { local n=$1; shift; http -b "$WORK/jar.$n" -c "$WORK/jar.$n" "$@"; }
api() {
    local n=$1 m=$2 p=$3
    if [ $# -ge 4 ]; then
        as "$n" -X "$m" -H "X-CSRF-Token: ${TOK[$n]}" -H 'Content-Type: application/json' \
            --data-binary "$4" "$p"
    else
        as "$n" -X "$m" -H "X-CSRF-Token: ${TOK[$n]}" "$p"
    fi
}
