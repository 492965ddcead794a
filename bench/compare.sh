#!/usr/bin/env bash
# The cluster benchmark: the referral flow (create + accept) through the hub's cluster on PostgreSQL,
# and in the same run the same flow against bench/Viidakko.Bench.Service (plain ASP.NET Core +
# Npgsql, synchronous_commit on) on the same PostgreSQL server. Same simulator, same population, same
# settings; the rounds alternate (hub, plain, hub, plain, ...) so that drift in the machine's load hits
# both alike. Prints the ratio of the medians, for each cluster shape measured:
#   separate   two gateways (Orleans clients) in front of two silos: 4 processes
#   cohosted   two nodes, each a silo that serves gRPC itself: 2 processes
#
#   bench/compare.sh [--topology separate|cohosted|both] [--firms N] [--concurrency N] [--duration 20s]
#                    [--rounds N] [--no-build] [DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FIRMS=200
CONCURRENCY=32
DURATION=20s
ROUNDS=3
# Long enough for both sides to finish tiered JIT compilation and activate the population.
WARMUP=10s
BUILD=1
TOPOLOGIES=(separate cohosted)
while [ $# -gt 0 ]; do
    case "$1" in
        --topology)
            case "$2" in both) TOPOLOGIES=(separate cohosted) ;; separate|cohosted) TOPOLOGIES=("$2") ;; *) echo "unknown topology $2" >&2; exit 2 ;; esac
            shift 2 ;;
        --firms) FIRMS="$2"; shift 2 ;;
        --concurrency) CONCURRENCY="$2"; shift 2 ;;
        --duration) DURATION="$2"; shift 2 ;;
        --rounds) ROUNDS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        *) break ;;
    esac
done
DIR="${1:-$(mktemp -d /tmp/viidakko-compare.XXXXXX)}"
mkdir -p "$DIR"
# PostgreSQL runs as the postgres user under this directory: it must be able to walk into it (mktemp makes it 700).
chmod 755 "$DIR"
log() { echo "compare: $*" >&2; }

[ "$BUILD" = 0 ] || dotnet build "$ROOT/Viidakko.sln" -c Release -nologo -v q >/dev/null
LOADTEST="$ROOT/src/LoadTest/bin/Release/net10.0/Viidakko.LoadTest.dll"
BENCH="$ROOT/bench/Viidakko.Bench.Service/bin/Release/net10.0/Viidakko.Bench.Service.dll"

cleanup() {
    [ -n "${BENCH_PID:-}" ] && kill "$BENCH_PID" 2>/dev/null || true
    for topology in "${TOPOLOGIES[@]}"; do "$ROOT/scripts/cluster.sh" down "$DIR/$topology" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

run() {
    local name="$1" targets="$2" key="$3"
    dotnet "$LOADTEST" --target "$targets" --admin-key "$key" --firms "$FIRMS" --concurrency "$CONCURRENCY" \
        --duration "$DURATION" --warmup "$WARMUP" --mix referral-flow=1 --quiet --json "$DIR/$name.json" >"$DIR/$name.txt" 2>"$DIR/$name.log"
    jq -r '"\(.workload.overall.achievedRate) \(.workload.overall.p99Ms) \(.baseline.overall.achievedRate) \(.baseline.overall.p99Ms) \(.workload.overall.failed)"' "$DIR/$name.json"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# One shape: its cluster and the plain service on the cluster's PostgreSQL, rounds alternating.
measure() {
    local topology="$1" dir="$DIR/$1"
    mkdir -p "$dir"
    "$ROOT/scripts/cluster.sh" up "$dir" $([ "$topology" = cohosted ] && echo --cohosted)
    set -a
    # shellcheck disable=SC1091
    . "$dir/cluster.env"
    set +a

    # The plain service gets its own database on the same PostgreSQL server.
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "DROP DATABASE IF EXISTS viidakko_bench" -c "CREATE DATABASE viidakko_bench OWNER viidakko"
    local bench_port=$((PG_PORT + 1))
    local bench_key="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    BENCH_LISTEN="http://127.0.0.1:$bench_port" BENCH_ADMIN_KEY="$bench_key" \
    BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=viidakko;Password=viidakko;Database=viidakko_bench" \
        dotnet "$BENCH" >"$dir/logs/bench-service.log" 2>&1 &
    BENCH_PID=$!
    for _ in $(seq 1 100); do
        grep -q "serving gRPC" "$dir/logs/bench-service.log" 2>/dev/null && break
        sleep 0.2
    done

    local hub_rates=() plain_rates=() rate p99 ping ping99 failed
    for round in $(seq 1 "$ROUNDS"); do
        read -r rate p99 ping ping99 failed <<<"$(run "$topology-hub-$round" "$GATEWAY1,$GATEWAY2" "$VIIDAKKO_ADMIN_KEY")"
        log "$topology round $round hub:   $rate calls/s, p99 $p99 ms, failed $failed (Ping $ping/s, p99 $ping99 ms)"
        hub_rates+=("$rate")
        read -r rate p99 ping ping99 failed <<<"$(run "$topology-plain-$round" "http://127.0.0.1:$bench_port" "$bench_key")"
        log "$topology round $round plain: $rate calls/s, p99 $p99 ms, failed $failed (Ping $ping/s, p99 $ping99 ms)"
        plain_rates+=("$rate")
    done
    kill "$BENCH_PID" 2>/dev/null || true
    BENCH_PID=
    "$ROOT/scripts/cluster.sh" down "$dir" >/dev/null 2>&1 || true

    local hub plain ratio
    hub=$(median "${hub_rates[@]}")
    plain=$(median "${plain_rates[@]}")
    ratio=$(awk -v h="$hub" -v p="$plain" 'BEGIN {printf "%.2f", h / p}')
    jq -n --arg topology "$topology" --argjson hub "$hub" --argjson plain "$plain" --argjson ratio "$ratio" \
        '{topology: $topology, hubCallsPerSecondMedian: $hub, plainCallsPerSecondMedian: $plain, hubToPlainRatio: $ratio}' >"$dir/compare.json"
    echo "referral flow, $topology, median of $ROUNDS rounds: hub $hub calls/s, plain ASP.NET Core + Npgsql $plain calls/s: hub/plain = $ratio"
}

for topology in "${TOPOLOGIES[@]}"; do
    measure "$topology"
done
jq -s --arg firms "$FIRMS" --arg concurrency "$CONCURRENCY" --arg duration "$DURATION" --argjson rounds "$ROUNDS" \
    '{firms: $firms, concurrency: $concurrency, duration: $duration, rounds: $rounds, shapes: .}' \
    $(for topology in "${TOPOLOGIES[@]}"; do echo "$DIR/$topology/compare.json"; done) >"$DIR/compare.json"
echo "details: $DIR"
