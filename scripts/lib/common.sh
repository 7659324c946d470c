# Shared helpers of scripts/dev-up, scripts/dev-test and scripts/bench.
# Source it; it defines functions only (and REPO).

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say()  { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
warn() { printf 'metas: %s\n' "$*" >&2; }
die()  { printf 'metas: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "se necesita root o sudo para instalar paquetes: $*"
    fi
}

# Debian packages, by purpose. Every script installs what it lacks.
PKGS_BUILD="build-essential autoconf automake pkg-config libfcgi-dev libmariadb-dev
 libhpdf-dev libcjson-dev libssl-dev libsodium-dev libqrencode-dev"
PKGS_STACK="mariadb-server-core mariadb-client-core nginx-light curl fonts-dejavu-core"
PKGS_TEST="clang libclang-rt-dev chromium poppler-utils jq sqlmap qpdf systemd man-db openssl
 mupdf-tools zbar-tools libnss3-tools libfcgi-bin python3"
# Node.js and npm only when there are none: a machine may already carry
# another build of Node (nodesource's nodejs bundles npm and conflicts
# with Debian's npm package).
install_node() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
    install_missing nodejs npm
}
PKGS_BENCH="wrk time libreoffice-calc-nogui"

# install_missing PKG...: apt-get install only what dpkg does not have.
install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "instalando paquetes de Debian: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
        die "apt-get update falló"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null || die "apt-get install falló: ${missing[*]}"
}

# build DIR [configure args...]: out-of-tree build of metasd and metasctl.
# Reconfigures when the flags or configure.ac changed.
build() {
    local dir=$1; shift
    local flags="$*"
    if [ ! -x "$REPO/configure" ] || [ "$REPO/configure.ac" -nt "$REPO/configure" ] ||
       [ "$REPO/Makefile.am" -nt "$REPO/configure" ]; then
        say "autoreconf"
        (cd "$REPO" && autoreconf -fi >/dev/null 2>&1) || (cd "$REPO" && autoreconf -fi) ||
            die "autoreconf falló"
    fi
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ "$(cat "$dir/.flags" 2>/dev/null)" != "$flags" ] ||
       [ "$REPO/configure" -nt "$dir/Makefile" ]; then
        say "configure $flags"
        (cd "$dir" && "$REPO/configure" -q "$@") || die "configure falló ($dir/config.log)"
        printf '%s' "$flags" > "$dir/.flags"
    fi
    say "make ($dir)"
    make -s -C "$dir" -j"$(nproc)" >"$dir/make.log" 2>&1 || {
        cat "$dir/make.log" >&2; die "la compilación falló"; }
}

# free_port: an unused TCP port on 127.0.0.1, below the kernel's range of
# ephemeral ports (a port there may be taken as the source port of any
# connection between this check and the server's bind).
free_port() {
    local p lo=32768 hi
    read -r lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
    hi=$(( lo > 12000 ? lo : 32768 ))
    for _ in $(seq 1 50); do
        p=$(( (RANDOM % (hi - 10000)) + 10000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    die "no encuentro un puerto libre"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
