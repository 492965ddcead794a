#!/usr/bin/env bash
# The cluster topology as plain processes on 127.0.0.1: PostgreSQL and Redis in a directory of their
# own, the schema migrated, and either two silos and two gRPC gateways (separate processes, as
# src/Silo and src/Gateway) or two co-hosted nodes (src/Hub with VIIDAKKO_MODE=cluster: a silo that
# serves gRPC itself, one process per node, no extra hop). The same shapes as
# docker/docker-compose.yml, for machines (and tests) without a container engine.
#
#   scripts/cluster.sh up DIR [--cohosted]
#                                      install what is missing, start everything, write DIR/cluster.env
#                                      (the topology is chosen when DIR is new and kept after)
#   scripts/cluster.sh infra DIR       only PostgreSQL (migrated) and Redis (for storage tests)
#   scripts/cluster.sh down DIR        stop everything started in DIR (the data stays)
#   scripts/cluster.sh start|stop|kill NAME DIR
#                                      one process: silo1, silo2, gateway1, gateway2 (separate) or
#                                      node1, node2 (co-hosted); postgres, redis
#                                      (kill = kill -9; stop = graceful)
#   scripts/cluster.sh status DIR      what runs
#
# DIR/cluster.env holds the ports, connection strings and the admin key (source it). Re-running `up`
# on an existing DIR restarts the same cluster on the same ports with its data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG="${VIIDAKKO_BUILD_CONFIGURATION:-Release}"
SILO_DLL="$ROOT/src/Silo/bin/$CONFIG/net10.0/Viidakko.Silo.dll"
GATEWAY_DLL="$ROOT/src/Gateway/bin/$CONFIG/net10.0/Viidakko.Gateway.dll"
HUB_DLL="$ROOT/src/Hub/bin/$CONFIG/net10.0/Viidakko.Hub.dll"

log() { echo "cluster: $*" >&2; }
die() { echo "cluster: $*" >&2; exit 1; }

# ------------------------------------------------------------------ installation

# Installs a Debian package when its command is missing.
ensure_package() {
    local command="$1" package="$2"
    command -v "$command" >/dev/null 2>&1 && return
    log "installing $package from Debian's packages"
    [ "$(id -u)" = 0 ] || die "$command is missing; install it (apt-get install -y $package) or run as root"
    if [ -z "${APT_UPDATED:-}" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 || die "apt-get install $package failed"
}

ensure_dependencies() {
    ensure_package redis-server redis-server
    ensure_package curl curl
    ensure_package jq jq
    if ! command -v initdb >/dev/null 2>&1 || ! command -v pg_ctl >/dev/null 2>&1; then
        local bin
        bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
        if [ -z "$bin" ]; then
            log "installing postgresql from Debian's packages"
            [ "$(id -u)" = 0 ] || die "PostgreSQL is missing; install it (apt-get install -y postgresql) or run as root"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || die "apt-get install postgresql failed"
            bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
        fi
        export PATH="$bin:$PATH"
    fi
    if [ ! -f "$SILO_DLL" ] || [ ! -f "$GATEWAY_DLL" ] || [ ! -f "$HUB_DLL" ]; then
        log "building ($CONFIG)"
        dotnet build "$ROOT/Viidakko.sln" -c "$CONFIG" -nologo -v q >/dev/null
    fi
}

# PostgreSQL refuses to run as root: as root, its files and processes belong to user postgres.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# ------------------------------------------------------------------ configuration

write_env() {
    local dir="$1" topology="$2"
    local admin_key
    admin_key="vka.$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    {
        echo "PG_PORT=$(free_port)"
        echo "REDIS_PORT=$(free_port)"
        for i in 1 2; do
            echo "SILO${i}_PORT=$(free_port)"
            echo "SILO${i}_GATEWAY_PORT=$(free_port)"
            echo "SILO${i}_HEALTH_PORT=$(free_port)"
            echo "GATEWAY${i}_PORT=$(free_port)"
            echo "GATEWAY${i}_HTTP_PORT=$(free_port)"
        done
        echo "TOPOLOGY=$topology"
        echo "VIIDAKKO_ADMIN_KEY=$admin_key"
        echo "VIIDAKKO_CLUSTER_ID=viidakko-local"
        echo "VIIDAKKO_SERVICE_ID=viidakko"
    } >"$dir/cluster.env"
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
    {
        echo "VIIDAKKO_REDIS=127.0.0.1:$REDIS_PORT"
        echo "VIIDAKKO_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=viidakko;Password=viidakko;Database=viidakko'"
        echo "GATEWAY1=http://127.0.0.1:$GATEWAY1_PORT"
        echo "GATEWAY2=http://127.0.0.1:$GATEWAY2_PORT"
        echo "GATEWAY1_HTTP=http://127.0.0.1:$GATEWAY1_HTTP_PORT"
        echo "GATEWAY2_HTTP=http://127.0.0.1:$GATEWAY2_HTTP_PORT"
    } >>"$dir/cluster.env"
}

load_env() {
    local dir="$1"
    [ -f "$dir/cluster.env" ] || die "$dir/cluster.env not found: run 'up $dir' first"
    set -a
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
    set +a
    if [ "${TOPOLOGY:-separate}" = cohosted ]; then PROCESSES=(node1 node2); else PROCESSES=(silo1 silo2 gateway1 gateway2); fi
}

# ------------------------------------------------------------------ PostgreSQL and Redis

start_postgres() {
    local dir="$1"
    if [ ! -f "$dir/pg/data/PG_VERSION" ]; then
        mkdir -p "$dir/pg/data" "$dir/pg/socket"
        [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir/pg"
        chmod 700 "$dir/pg/data"
        as_pg initdb -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 >"$dir/pg/initdb.log" 2>&1
    fi
    # fsync and synchronous_commit stay on (the defaults): a commit that returned is on disk.
    as_pg pg_ctl -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w -t 60 start \
        -o "-p $PG_PORT -k $dir/pg/socket -c listen_addresses=127.0.0.1 -c max_connections=300" >/dev/null
    if ! psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'viidakko'" | grep -q 1; then
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE ROLE viidakko LOGIN PASSWORD 'viidakko'"
        psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE viidakko OWNER viidakko"
    fi
}

stop_postgres() {
    local dir="$1" mode="${2:-fast}"
    if [ -f "$dir/pg/data/postmaster.pid" ]; then
        as_pg pg_ctl -D "$dir/pg/data" -m "$mode" -w -t 60 stop >/dev/null || true
    fi
}

start_redis() {
    local dir="$1"
    mkdir -p "$dir/redis"
    # Reminders live here too, so keep an append-only file.
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$dir/redis" --daemonize yes \
        --pidfile "$dir/pids/redis" --logfile "$dir/logs/redis.log" --appendonly yes --save "" >/dev/null
    for _ in $(seq 1 100); do
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
        sleep 0.1
    done
    die "Redis did not start (see $dir/logs/redis.log)"
}

stop_redis() {
    local dir="$1"
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$dir/pids/redis"
}

# ------------------------------------------------------------------ silos and gateways

start_process() {
    local name="$1" dir="$2"
    if is_running "$name" "$dir"; then
        return
    fi
    local i="${name: -1}"
    case "$name" in
        silo*)
            local port="SILO${i}_PORT" gateway_port="SILO${i}_GATEWAY_PORT" health_port="SILO${i}_HEALTH_PORT"
            VIIDAKKO_SILO_PORT="${!port}" VIIDAKKO_GATEWAY_PORT="${!gateway_port}" \
            VIIDAKKO_HEALTH_LISTEN="http://127.0.0.1:${!health_port}" VIIDAKKO_ADVERTISED_IP=127.0.0.1 \
                setsid dotnet "$SILO_DLL" >>"$dir/logs/$name.log" 2>&1 </dev/null &
            ;;
        gateway*)
            local port="GATEWAY${i}_PORT" http_port="GATEWAY${i}_HTTP_PORT"
            VIIDAKKO_MODE=cluster VIIDAKKO_LISTEN="http://127.0.0.1:${!port}" VIIDAKKO_HTTP_LISTEN="http://127.0.0.1:${!http_port:-0}" \
                setsid dotnet "$GATEWAY_DLL" >>"$dir/logs/$name.log" 2>&1 </dev/null &
            ;;
        node*)
            # A co-hosted node: node i takes silo i's ports and serves gRPC on gateway i's port.
            local port="SILO${i}_PORT" gateway_port="SILO${i}_GATEWAY_PORT" health_port="SILO${i}_HEALTH_PORT" grpc_port="GATEWAY${i}_PORT" http_port="GATEWAY${i}_HTTP_PORT"
            VIIDAKKO_HTTP_LISTEN="http://127.0.0.1:${!http_port:-0}" VIIDAKKO_MODE=cluster VIIDAKKO_SILO_PORT="${!port}" VIIDAKKO_GATEWAY_PORT="${!gateway_port}" \
            VIIDAKKO_HEALTH_LISTEN="http://127.0.0.1:${!health_port}" VIIDAKKO_ADVERTISED_IP=127.0.0.1 \
            VIIDAKKO_LISTEN="http://127.0.0.1:${!grpc_port}" \
                setsid dotnet "$HUB_DLL" >>"$dir/logs/$name.log" 2>&1 </dev/null &
            ;;
        *) die "unknown process '$name'" ;;
    esac
    echo $! >"$dir/pids/$name"
}

is_running() {
    local name="$1" dir="$2"
    [ -f "$dir/pids/$name" ] && kill -0 "$(cat "$dir/pids/$name")" 2>/dev/null
}

is_ready() {
    local name="$1" dir="$2"
    local i="${name: -1}"
    case "$name" in
        silo*)
            local health_port="SILO${i}_HEALTH_PORT"
            curl -fsS -m 2 "http://127.0.0.1:${!health_port}/health/ready" >/dev/null 2>&1
            ;;
        gateway*)
            local port="GATEWAY${i}_PORT"
            VIIDAKKO_LISTEN="http://127.0.0.1:${!port}" dotnet "$GATEWAY_DLL" health >/dev/null 2>&1
            ;;
        node*)
            local health_port="SILO${i}_HEALTH_PORT" grpc_port="GATEWAY${i}_PORT"
            curl -fsS -m 2 "http://127.0.0.1:${!health_port}/health/ready" >/dev/null 2>&1 \
                && VIIDAKKO_LISTEN="http://127.0.0.1:${!grpc_port}" dotnet "$HUB_DLL" health >/dev/null 2>&1
            ;;
    esac
}

wait_ready() {
    local name="$1" dir="$2" timeout="${3:-90}"
    local deadline=$((SECONDS + timeout))
    while ! is_ready "$name" "$dir"; do
        is_running "$name" "$dir" || die "$name exited (see $dir/logs/$name.log)"
        [ $SECONDS -lt $deadline ] || die "$name not ready after ${timeout}s (see $dir/logs/$name.log)"
        sleep 0.2
    done
}

stop_process() {
    local name="$1" dir="$2" signal="${3:-TERM}"
    if is_running "$name" "$dir"; then
        local pid
        pid="$(cat "$dir/pids/$name")"
        kill "-$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 1 400); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/pids/$name"
}

# ------------------------------------------------------------------ commands

infra() {
    local dir="$1" topology="${2:-separate}"
    mkdir -p "$dir/logs" "$dir/pids"
    chmod 755 "$dir"
    ensure_dependencies
    [ -f "$dir/cluster.env" ] || write_env "$dir" "$topology"
    load_env "$dir"
    start_postgres "$dir"
    start_redis "$dir"
    VIIDAKKO_POSTGRES="$VIIDAKKO_POSTGRES" dotnet "$SILO_DLL" migrate >>"$dir/logs/migrate.log" 2>&1 \
        || die "migration failed (see $dir/logs/migrate.log)"
}

up() {
    local dir="$1" topology="${2:-separate}"
    infra "$dir" "$topology"
    if [ "$TOPOLOGY" = cohosted ]; then
        start_process node1 "$dir"
        start_process node2 "$dir"
        wait_ready node1 "$dir"
        wait_ready node2 "$dir"
        log "up (co-hosted): nodes serve gRPC on $GATEWAY1 and $GATEWAY2; settings in $dir/cluster.env"
        return
    fi
    start_process silo1 "$dir"
    start_process silo2 "$dir"
    wait_ready silo1 "$dir"
    wait_ready silo2 "$dir"
    start_process gateway1 "$dir"
    start_process gateway2 "$dir"
    wait_ready gateway1 "$dir"
    wait_ready gateway2 "$dir"
    log "up: gateways $GATEWAY1 and $GATEWAY2; settings in $dir/cluster.env"
}

down() {
    local dir="$1"
    load_env "$dir"
    # Gateways first, so no call reaches a silo that is leaving.
    for name in gateway1 gateway2 "${PROCESSES[@]}"; do
        stop_process "$name" "$dir"
    done
    stop_redis "$dir"
    stop_postgres "$dir"
}

status() {
    local dir="$1"
    load_env "$dir"
    for name in "${PROCESSES[@]}"; do
        if is_running "$name" "$dir"; then
            if is_ready "$name" "$dir"; then echo "$name ready"; else echo "$name running, not ready"; fi
        else
            echo "$name stopped"
        fi
    done
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "redis ready"; else echo "redis stopped"; fi
    if psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1" >/dev/null 2>&1; then echo "postgres ready"; else echo "postgres stopped"; fi
}

command="${1:-}"
case "$command" in
    up)
        [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: $0 up DIR [--cohosted]"
        case "${3:-}" in
            "") up "$2" separate ;;
            --cohosted) up "$2" cohosted ;;
            *) die "usage: $0 up DIR [--cohosted]" ;;
        esac
        ;;
    infra) [ $# -eq 2 ] || die "usage: $0 infra DIR"; infra "$2" ;;
    down) [ $# -eq 2 ] || die "usage: $0 down DIR"; down "$2" ;;
    status) [ $# -eq 2 ] || die "usage: $0 status DIR"; status "$2" ;;
    start|stop|kill)
        [ $# -eq 3 ] || die "usage: $0 $command NAME DIR"
        name="$2"; dir="$3"
        load_env "$dir"
        ensure_dependencies
        case "$name:$command" in
            postgres:start) start_postgres "$dir" ;;
            postgres:stop) stop_postgres "$dir" fast ;;
            postgres:kill) stop_postgres "$dir" immediate ;;
            redis:start) start_redis "$dir" ;;
            redis:stop|redis:kill) stop_redis "$dir" ;;
            *:start) start_process "$name" "$dir"; wait_ready "$name" "$dir" ;;
            *:stop) stop_process "$name" "$dir" TERM ;;
            *:kill) stop_process "$name" "$dir" KILL ;;
        esac
        ;;
    *) die "usage: $0 up|infra|down|status DIR, or $0 start|stop|kill NAME DIR" ;;
esac
