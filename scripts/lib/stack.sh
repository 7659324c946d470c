# The real stack: MariaDB (private data dir, unix socket), metasd, nginx on
# 127.0.0.1. Used by dev-up, dev-test (integration, browser) and bench.
#
# State lives under one folder ($STATE): data/, log/, etc/, secrets/.
# Sockets live in a short directory under /tmp, linked as $STATE/run,
# because unix socket paths are limited to 107 bytes and, as root, the
# unprivileged metasd and nginx workers must reach them.
#
#   stack_start STATE PORT BUILD   start all three, wait for /healthz
#   stack_stop  STATE              stop all three, leave no process
#   stack_db_stop / stack_db_start STATE   for the database-outage tests
#
# Environment: METAS_WORKERS (metasd workers, default 2 per core),
# METAS_CONF_EXTRA (lines appended to metas.conf, later keys win),
# METAS_PAGE_CACHE_MS, METAS_NGINX_WORKERS (default 1),
# METAS_NGINX_ACCESS_LOG (path or "off"), METAS_NGINX_EXTRA (a file
# included in nginx's http block, e.g. the benchmark's baseline server).

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ROOTFLAG=()
[ "$(id -u)" = 0 ] && ROOTFLAG=(--user=root)

_pidof_file() { [ -s "$1" ] && cat "$1"; }

_wait_gone() {      # pid seconds
    local pid=$1 t=$(( $2 * 10 ))
    while kill -0 "$pid" 2>/dev/null && [ $t -gt 0 ]; do sleep 0.1; t=$((t - 1)); done
    ! kill -0 "$pid" 2>/dev/null
}

stack_db_start() {
    local STATE=$1 RUN=$1/run
    setsid mariadbd --no-defaults --datadir="$STATE/data" --socket="$RUN/mysql.sock" \
        --pid-file="$RUN/mysqld.pid" --skip-networking --skip-name-resolve \
        --innodb-log-file-size=8M --innodb-buffer-pool-size=64M \
        --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
        --log-error="$STATE/log/mariadb.log" "${ROOTFLAG[@]}" </dev/null >/dev/null 2>&1 9>&- &
    echo $! > "$STATE/mariadb.pid"
    for _ in $(seq 1 150); do
        mariadb --no-defaults -S "$RUN/mysql.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && return 0
        kill -0 "$(cat "$STATE/mariadb.pid")" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$STATE/log/mariadb.log" >&2
    die "MariaDB no arrancó (ver $STATE/log/mariadb.log)"
}

stack_db_stop() {
    local STATE=$1 pid
    pid=$(_pidof_file "$STATE/mariadb.pid") || return 0
    kill -TERM "$pid" 2>/dev/null || true
    _wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
    rm -f "$STATE/mariadb.pid"
}

_sql() { mariadb --no-defaults -S "$STATE/run/mysql.sock" -uroot --default-character-set=utf8mb4 "$@"; }

# _demo_pki STATE: a demonstration CA and the institution's signing
# certificate (.p12 + password file), made once per state folder. They
# are NOT valid signatures: the names say so.
_demo_pki() {
    local P=$1/pki
    [ -s "$P/institucion.p12" ] && [ -s "$P/ca.crt" ] && return 0
    mkdir -p "$P"; chmod 700 "$P"
    (
        cd "$P" || exit 1
        umask 077
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 7300 \
            -subj "/C=EC/O=metas/CN=Autoridad de certificación de DEMOSTRACIÓN (no válida)" \
            -utf8 -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" || exit 1
        openssl req -newkey rsa:2048 -nodes -keyout inst.key -out inst.csr -utf8 \
            -subj "/C=EC/O=CONGOPE/CN=CONGOPE - FIRMA DE DEMOSTRACIÓN" || exit 1
        printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > inst.ext
        openssl x509 -req -in inst.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
            -extfile inst.ext -out inst.crt || exit 1
        head -c 12 /dev/urandom | base64 | tr -d '/+=' > institucion.pw
        openssl pkcs12 -export -inkey inst.key -in inst.crt -certfile ca.crt \
            -name "CONGOPE demostración" -passout "file:institucion.pw" -out institucion.p12 || exit 1
        rm -f inst.csr inst.ext inst.key ca.srl
    ) >"$1/log/pki.log" 2>&1 || die "no pude crear el certificado de demostración (ver $1/log/pki.log)"
    chmod 755 "$P"; chmod 644 "$P/ca.crt"
    return 0
}

_write_conf() {
    local STATE=$1 PORT=${2:-8080} user=""
    [ "$(id -u)" = 0 ] && user="user = nobody"
    cat > "$STATE/etc/metas.conf" <<CONF
# Written by scripts/lib/stack.sh for the development stack.
socket = $STATE/run/metasd.sock
socket_mode = 0666
$user
workers = ${METAS_WORKERS:-0}
db_socket = $STATE/run/mysql.sock
db_name = metas
db_user = metas_app
db_password_file = $STATE/secrets/app.pw
db_admin_user = metas_owner
db_admin_password_file = $STATE/secrets/owner.pw
sql_dir = $REPO/sql
page_cache_ms = ${METAS_PAGE_CACHE_MS:-1000}
evidence_dir = $STATE/evidence
publication_dir = $STATE/publicacion
public_url = http://127.0.0.1:$PORT
signing_p12 = $STATE/pki/institucion.p12
signing_password_file = $STATE/pki/institucion.pw
trust_store = $STATE/pki/ca.crt
CONF
    # Tests add or override keys (e.g. "today = 2023-02-03") with METAS_CONF_EXTRA.
    [ -n "${METAS_CONF_EXTRA:-}" ] && printf '%s\n' "$METAS_CONF_EXTRA" >> "$STATE/etc/metas.conf"
    return 0
}

# _write_nginx STATE PORT BUILD: the site from nginx/metas.conf.in, with
# client_max_body_size taken from this metasd and this metas.conf
# (metasd --upload-limit), so nginx and metasd refuse the same bodies.
_write_nginx() {
    local STATE=$1 PORT=$2 BUILD=$3 RUN=$1/run limit
    limit=$("$BUILD/metasd" -c "$STATE/etc/metas.conf" --upload-limit) && [ -n "$limit" ] ||
        die "metasd --upload-limit falló (ver $STATE/etc/metas.conf)"
    mkdir -p "$RUN/nginx-tmp" "$RUN/static"
    cp -R "$REPO/nginx/static/." "$RUN/static/"
    cp /etc/nginx/fastcgi_params /etc/nginx/mime.types "$RUN/"
    sed -e "s|@LISTEN@|127.0.0.1:$PORT|" -e "s|@SOCKET@|$RUN/metasd.sock|" \
        -e "s|@STATIC@|$RUN/static|" -e "s|@PUBLICATION@|$STATE/publicacion|" \
        -e "s|@UPLOAD_LIMIT@|$limit|" \
        "$REPO/nginx/metas.conf.in" > "$RUN/metas-site.conf"
    cat > "$RUN/nginx.conf" <<NGINX
worker_processes ${METAS_NGINX_WORKERS:-1};
pid $RUN/nginx.pid;
error_log $STATE/log/nginx-error.log warn;
events { worker_connections 1024; }
http {
    include mime.types;
    default_type application/octet-stream;
    access_log ${METAS_NGINX_ACCESS_LOG:-$STATE/log/nginx-access.log};
    sendfile on;
    client_body_temp_path $RUN/nginx-tmp/body;
    fastcgi_temp_path $RUN/nginx-tmp/fastcgi;
    proxy_temp_path $RUN/nginx-tmp/proxy;
    uwsgi_temp_path $RUN/nginx-tmp/uwsgi;
    scgi_temp_path $RUN/nginx-tmp/scgi;
    include $RUN/metas-site.conf;
${METAS_NGINX_EXTRA:+include $METAS_NGINX_EXTRA;}
}
NGINX
}

stack_start() {
    local STATE=$1 PORT=$2 BUILD=$3 RUN i
    mkdir -p "$STATE/log" "$STATE/etc" "$STATE/secrets"
    chmod 700 "$STATE/secrets"
    RUN=$(mktemp -d /tmp/metas.XXXXXX) || die "mktemp falló"
    chmod 755 "$RUN"
    ln -sfn "$RUN" "$STATE/run"

    if [ ! -d "$STATE/data/mysql" ]; then
        say "creando la base de datos en $STATE/data"
        mariadb-install-db --no-defaults --datadir="$STATE/data" \
            --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
            "${ROOTFLAG[@]}" >"$STATE/log/mariadb-install.log" 2>&1 ||
            die "mariadb-install-db falló (ver $STATE/log/mariadb-install.log)"
    fi
    say "arrancando MariaDB"
    stack_db_start "$STATE"

    for who in app owner; do
        [ -s "$STATE/secrets/$who.pw" ] ||
            (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$STATE/secrets/$who.pw")
    done
    _sql <<SQL || die "no pude crear la base de datos y las cuentas"
CREATE DATABASE IF NOT EXISTS metas CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'metas_owner'@'localhost' IDENTIFIED BY '$(cat "$STATE/secrets/owner.pw")';
GRANT ALL PRIVILEGES ON metas.* TO 'metas_owner'@'localhost' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS 'metas_app'@'localhost' IDENTIFIED BY '$(cat "$STATE/secrets/app.pw")';
SQL
    # The runtime account gets per-table grants from "metasctl migrate" (the
    # audit trail is insert-only for it); drop a database-wide grant left by
    # an older version of this script.
    _sql -e "REVOKE SELECT, INSERT, UPDATE, DELETE ON metas.* FROM 'metas_app'@'localhost'" \
        >/dev/null 2>&1 || true
    _demo_pki "$STATE"
    _write_conf "$STATE" "$PORT"
    "$BUILD/metasctl" -c "$STATE/etc/metas.conf" migrate || die "las migraciones fallaron"
    "$BUILD/metasctl" -c "$STATE/etc/metas.conf" seed-demo || die "no pude cargar los datos de demostración"

    say "arrancando metasd"
    setsid "$BUILD/metasd" -c "$STATE/etc/metas.conf" </dev/null \
        >>"$STATE/log/metasd.log" 2>&1 9>&- &
    echo $! > "$STATE/metasd.pid"
    for i in $(seq 1 100); do
        [ -S "$RUN/metasd.sock" ] && break
        kill -0 "$(cat "$STATE/metasd.pid")" 2>/dev/null ||
            { tail -5 "$STATE/log/metasd.log" >&2; die "metasd no arrancó"; }
        sleep 0.05
    done

    say "arrancando nginx en 127.0.0.1:$PORT"
    _write_nginx "$STATE" "$PORT" "$BUILD"
    setsid nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$STATE/log/nginx-error.log" \
        -g 'daemon off;' </dev/null >>"$STATE/log/nginx-error.log" 2>&1 9>&- &
    echo $! > "$STATE/nginx.pid"
    for i in $(seq 1 150); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
            return 0
        fi
        kill -0 "$(cat "$STATE/nginx.pid")" 2>/dev/null ||
            { tail -5 "$STATE/log/nginx-error.log" >&2; die "nginx no arrancó"; }
        sleep 0.1
    done
    die "/healthz no respondió en 15 s (ver $STATE/log/)"
}

stack_stop() {
    local STATE=$1 pid name
    for name in nginx metasd; do
        pid=$(_pidof_file "$STATE/$name.pid") || continue
        kill -TERM "$pid" 2>/dev/null || true
        _wait_gone "$pid" 10 || kill -KILL "$pid" 2>/dev/null || true
        rm -f "$STATE/$name.pid"
    done
    stack_db_stop "$STATE"
    if [ -L "$STATE/run" ]; then
        rm -rf "$(readlink "$STATE/run")"
        rm -f "$STATE/run"
    fi
}
