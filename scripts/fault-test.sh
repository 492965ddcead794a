#!/usr/bin/env bash
# Fault tests of the cluster topology, as real processes on 127.0.0.1 (scripts/cluster.sh):
#   1. the load simulator's referral flow through both gateways while one silo is killed with
#      kill -9 every KILL_EVERY seconds (and restarted), then a check that every acknowledged
#      referral is there with its acknowledged state and nothing was applied twice;
#   2. the same while PostgreSQL is restarted (immediate shutdown: like a crash) during the writes,
#      and while a silo is stopped gracefully (SIGTERM: it drains) and started again;
#   3. the whole cluster stopped and started again: everything acknowledged in 1 and 2 is still there;
#   4. both silos stopped: the gateways report NOT_SERVING, and SERVING again once a silo is back.
#
#   scripts/fault-test.sh [--quick|--long] [--cohosted] [DIR]
#     --quick     (default) 35 s of load and kills, as .ci/run runs it
#     --long      75 s of load with a kill every 10 s (at least a minute of kills)
#     --cohosted  the same on two co-hosted nodes (src/Hub in cluster mode: a silo that serves gRPC
#                 itself): a kill takes a node's silo and gateway at once; step 5 does not apply
#                 (a node's gateway lives and dies with its silo)
#   DIR (default: a new temporary directory) keeps logs, journals and DIR/fault-report.json.
#   WATCH_STREAMS (default 30): how many firms' feeds are watched through the kills.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLUSTER="$ROOT/scripts/cluster.sh"
LOADTEST="$ROOT/src/LoadTest/bin/${VIIDAKKO_BUILD_CONFIGURATION:-Release}/net10.0/Viidakko.LoadTest.dll"

LOAD_SECONDS=35
KILL_EVERY=10
FIRMS=60
CONCURRENCY=12
TOPOLOGY=separate
while [ $# -gt 0 ]; do
    case "$1" in
        --long) LOAD_SECONDS=75; FIRMS=200; CONCURRENCY=16; shift ;;
        --quick) shift ;;
        --cohosted) TOPOLOGY=cohosted; shift ;;
        *) break ;;
    esac
done
if [ "$TOPOLOGY" = cohosted ]; then SILOS=(node1 node2); UP_FLAGS=(--cohosted); else SILOS=(silo1 silo2); UP_FLAGS=(); fi
DIR="${1:-$(mktemp -d /tmp/viidakko-fault.XXXXXX)}"
mkdir -p "$DIR"
log() { echo "fault-test: $*" >&2; }
now_ms() { date +%s%3N; }

cleanup() { "$CLUSTER" down "$DIR" >/dev/null 2>&1 || true; }
trap cleanup EXIT
# A step that fails ends the run without a report: name it (and the cluster's state) in the output.
trap 'log "a step failed (exit $?) at line $LINENO: $BASH_COMMAND"; "$CLUSTER" status "$DIR" >&2 || true' ERR

[ -f "$LOADTEST" ] || dotnet build "$ROOT/src/LoadTest" -c "${VIIDAKKO_BUILD_CONFIGURATION:-Release}" -nologo -v q >/dev/null
# Ports are chosen free, but another process may take one before the cluster binds it (the other
# topology's run starts at the same time): then once more, on new ports.
if ! "$CLUSTER" up "$DIR" "${UP_FLAGS[@]}"; then
    log "the cluster did not come up; once more on new ports"
    "$CLUSTER" down "$DIR" >/dev/null 2>&1 || true
    rm -f "$DIR/cluster.env"
    "$CLUSTER" up "$DIR" "${UP_FLAGS[@]}"
fi
set -a
# shellcheck disable=SC1091
. "$DIR/cluster.env"
set +a
TARGETS="$GATEWAY1,$GATEWAY2"

# Closed loop with retries: a call that fails with UNAVAILABLE or DEADLINE_EXCEEDED is sent again
# with the same request_id, as a member agency's system should.
load() {
    local name="$1" seconds="$2" seed="$3"
    shift 3
    dotnet "$LOADTEST" --target "$TARGETS" --admin-key "$VIIDAKKO_ADMIN_KEY" --firms "$FIRMS" \
        --clients-per-firm 2 --partners-per-firm 3 --seed "$seed" --mix referral-flow=1 --no-baseline \
        --concurrency "$CONCURRENCY" --warmup 0s --duration "${seconds}s" --retry --deadline 5s --quiet \
        --journal "$DIR/$name.journal" --json "$DIR/$name.load.json" "$@" >"$DIR/$name.load.txt" 2>"$DIR/$name.load.log"
}

verify() {
    local journal="$1" out="$2"
    dotnet "$LOADTEST" verify --target "$TARGETS" --admin-key "$VIIDAKKO_ADMIN_KEY" --deadline 30s \
        --journal "$DIR/$journal.journal" --json "$DIR/$out.verify.json" >"$DIR/$out.verify.txt" 2>&1
}

# The population is built before the clock of the first kill starts: wait for the journal's firms.
wait_for_load() {
    local name="$1"
    for _ in $(seq 1 600); do
        grep -q '"kind":"created"' "$DIR/$name.journal" 2>/dev/null && return
        sleep 0.1
    done
    log "the load of $name never started (see $DIR/$name.load.log)"
    return 1
}

# ------------------------------------------------------------------ 1. kill -9 a silo every KILL_EVERY s
log "1/5: referral flow through both gateways, kill -9 of a silo every ${KILL_EVERY}s for ${LOAD_SECONDS}s"
# Member systems watch WATCH_STREAMS (30) firms' event feeds meanwhile, dropping and resuming their streams at random
# (through either gateway): every acknowledged change's event must reach them, in order. The operator
# watches the whole network the same way: every firm's events, in order, up to each firm's head.
load kills "$LOAD_SECONDS" 42 --watch "${WATCH_STREAMS:-30}" --watch-churn --watch-network &
LOAD_PID=$!
wait_for_load kills
started=$(now_ms)
kills="[]"
i=0
# A kill every KILL_EVERY s from the start, whatever a restart takes (on a loaded 2-core machine a
# silo can take 15 s to be ready again), and at least 3 s after the previous silo is back.
next_kill=$((started + KILL_EVERY * 1000))
while :; do
    wait_ms=$((next_kill - $(now_ms)))
    [ "$wait_ms" -le 0 ] || sleep "$(awk -v ms="$wait_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
    elapsed=$(( ($(now_ms) - started) / 1000 ))
    [ $((elapsed + 3)) -lt "$LOAD_SECONDS" ] || break
    silo="${SILOS[$((i % 2))]}"
    killed=$(now_ms)
    "$CLUSTER" kill "$silo" "$DIR"
    "$CLUSTER" start "$silo" "$DIR"
    ready=$(now_ms)
    next_kill=$((killed + KILL_EVERY * 1000))
    [ "$next_kill" -ge $((ready + 3000)) ] || next_kill=$((ready + 3000))
    kills=$(jq -c --arg s "$silo" --argjson k "$killed" --argjson r "$ready" '. + [{silo: $s, killedAtMs: $k, restartedReadyAtMs: $r}]' <<<"$kills")
    log "  killed $silo, restarted and ready after $(( (ready - killed) ))ms"
    i=$((i + 1))
done
load_status=0
wait "$LOAD_PID" || load_status=$?
verify kills kills || true

# ------------------------------------------------------------------ 2. restart PostgreSQL during writes
log "2/5: referral flow while PostgreSQL restarts (immediate shutdown)"
load postgres 20 7 &
LOAD_PID=$!
wait_for_load postgres
sleep 6
pg_down=$(now_ms)
"$CLUSTER" kill postgres "$DIR"
sleep 2
"$CLUSTER" start postgres "$DIR"
pg_up=$(now_ms)
log "  PostgreSQL down for $((pg_up - pg_down))ms"
wait "$LOAD_PID" || true
verify postgres postgres || true

# ------------------------------------------------------------------ 2b. a graceful stop drains a silo
log "3/5: referral flow while a silo stops gracefully (SIGTERM) and starts again"
load drain 15 11 &
LOAD_PID=$!
wait_for_load drain
sleep 4
drain_began=$(now_ms)
"$CLUSTER" stop "${SILOS[1]}" "$DIR"
drain_stopped=$(now_ms)
"$CLUSTER" start "${SILOS[1]}" "$DIR"
log "  ${SILOS[1]} drained and stopped in $((drain_stopped - drain_began))ms"
wait "$LOAD_PID" || true
verify drain drain || true

# ------------------------------------------------------------------ 3. the whole cluster stops and starts
log "4/5: stop and start the whole cluster"
"$CLUSTER" down "$DIR"
restart_began=$(now_ms)
"$CLUSTER" up "$DIR"
restart_ready=$(now_ms)
verify kills after-restart-kills || true
verify postgres after-restart-postgres || true

# ------------------------------------------------------------------ 4. health without silos
if [ "$TOPOLOGY" = separate ]; then
    log "5/5: gateway health with both silos stopped, then with one back"
    gateway_health() { VIIDAKKO_LISTEN="$1" dotnet "$ROOT/src/Gateway/bin/${VIIDAKKO_BUILD_CONFIGURATION:-Release}/net10.0/Viidakko.Gateway.dll" health >/dev/null 2>&1 && echo true || echo false; }
    "$CLUSTER" stop silo1 "$DIR"
    "$CLUSTER" stop silo2 "$DIR"
    serving_without_silos="$(gateway_health "$GATEWAY1")"
    "$CLUSTER" start silo1 "$DIR"
    serving_again=false
    for _ in $(seq 1 60); do
        if [ "$(gateway_health "$GATEWAY1")" = true ]; then serving_again=true; break; fi
        sleep 1
    done
    log "  serving with no silo: $serving_without_silos; serving again with silo1 back: $serving_again"
else
    log "5/5: (co-hosted: a node's gateway stops with its silo; nothing to check)"
    serving_without_silos=null
    serving_again=null
fi

# ------------------------------------------------------------------ report
jq -n \
    --arg topology "$TOPOLOGY" --argjson loadSeconds "$LOAD_SECONDS" --argjson killEvery "$KILL_EVERY" --argjson firms "$FIRMS" \
    --argjson concurrency "$CONCURRENCY" --argjson kills "$kills" --argjson loadExit "$load_status" \
    --slurpfile killsLoad "$DIR/kills.load.json" --slurpfile killsVerify "$DIR/kills.verify.json" \
    --slurpfile pgLoad "$DIR/postgres.load.json" --slurpfile pgVerify "$DIR/postgres.verify.json" \
    --slurpfile afterKills "$DIR/after-restart-kills.verify.json" --slurpfile afterPg "$DIR/after-restart-postgres.verify.json" \
    --slurpfile drainLoad "$DIR/drain.load.json" --slurpfile drainVerify "$DIR/drain.verify.json" \
    --argjson drainBegan "$drain_began" --argjson drainStopped "$drain_stopped" \
    --argjson pgDown "$pg_down" --argjson pgUp "$pg_up" \
    --argjson restartBegan "$restart_began" --argjson restartReady "$restart_ready" \
    --argjson servingWithoutSilos "$serving_without_silos" --argjson servingAgain "$serving_again" \
    '
    # Errors attributed to the kill they follow; recovery = from the kill to its last failed call.
    ($kills | sort_by(.killedAtMs)) as $ks
    | ($killsVerify[0].errorTimesUnixMs) as $errors
    | [range(0; $ks | length) as $i
        | $ks[$i] as $k
        | (if $i + 1 < ($ks | length) then $ks[$i + 1].killedAtMs - 1000 else 9999999999999 end) as $until
        | [$errors[] | select(. >= $k.killedAtMs - 1000 and . < $until)] as $mine
        | $k + {failedCalls: ($mine | length), recoveryMs: (if ($mine | length) == 0 then 0 else ($mine | max) - $k.killedAtMs end)}] as $perKill
    | [$errors[] | select(. < (($ks[0].killedAtMs // 0) - 1000))] as $beforeFirstKill
    | {
        settings: {topology: $topology, loadSeconds: $loadSeconds, killEverySeconds: $killEvery, firms: $firms, concurrency: $concurrency},
        kills: {events: $perKill, failedCallsBeforeAnyKill: ($beforeFirstKill | length), loadExitCode: $loadExit,
                load: $killsLoad[0].workload.overall, verify: $killsVerify[0], watch: $killsLoad[0].watch,
                networkWatch: $killsLoad[0].networkWatch},
        postgresRestart: {downAtMs: $pgDown, upAtMs: $pgUp, load: $pgLoad[0].workload.overall, verify: $pgVerify[0]},
        drain: {stopMs: ($drainStopped - $drainBegan), load: $drainLoad[0].workload.overall, verify: $drainVerify[0]},
        clusterRestart: {secondsToServing: (($restartReady - $restartBegan) / 1000), kills: $afterKills[0], postgres: $afterPg[0]},
        health: {servingWithoutSilos: $servingWithoutSilos, servingAgainWithOneSilo: $servingAgain}
    }' >"$DIR/fault-report.json.tmp"
mv "$DIR/fault-report.json.tmp" "$DIR/fault-report.json"
log "report: $DIR/fault-report.json"
# Passed: nothing acknowledged lost or applied twice anywhere; every watched feed complete and in
# order; only retryable errors (UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED), none before the first kill;
# health followed the silos.
jq -e '
    [.kills.verify.passed, .kills.watch.passed, .kills.networkWatch.passed, .postgresRestart.verify.passed, .drain.verify.passed, .clusterRestart.kills.passed, .clusterRestart.postgres.passed,
     (.kills.failedCallsBeforeAnyKill == 0),
     ([.kills.verify.errorsByCode, .postgresRestart.verify.errorsByCode, .drain.verify.errorsByCode | keys[]] - ["Unavailable", "DeadlineExceeded", "Aborted"] | length == 0),
     (.settings.topology == "cohosted" or ((.health.servingWithoutSilos | not) and .health.servingAgainWithOneSilo))] | all' \
    "$DIR/fault-report.json" >/dev/null
