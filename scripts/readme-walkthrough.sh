#!/usr/bin/env bash
# Runs the README's walkthrough exactly as written (its bash blocks, in order) against a freshly
# started embedded hub, and checks that the story came out as the README says.
# Usage: scripts/readme-walkthrough.sh   (after a Release build; test.sh runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null || echo 5390)
silo_port=$((port + 1))
hub_pid=""
cleanup() {
  [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

export VIIDAKKO_DATA_DIR="$work/data"
export VIIDAKKO_LISTEN="http://127.0.0.1:$port"
export VIIDAKKO_SILO_PORT="$silo_port"
export VIIDAKKO_HTTP_LISTEN="http://127.0.0.1:$((port + 2))"
export HTTP="$VIIDAKKO_HTTP_LISTEN"
export HUB="$VIIDAKKO_LISTEN"
unset VIIDAKKO_ADMIN_KEY

dotnet src/Hub/bin/Release/net10.0/Viidakko.Hub.dll >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 120); do
  if node_modules/.bin/buf curl --protocol grpc --http2-prior-knowledge "$HUB/grpc.health.v1.Health/Check" 2>/dev/null | grep -q SERVING; then
    break
  fi
  sleep 0.5
done

# The walkthrough: every ```bash block between "## Walkthrough" and the next "## " heading.
awk '/^## Walkthrough/{on=1;next} /^## /{on=0} on&&/^```bash/{code=1;next} on&&/^```/{code=0;next} on&&code' README.md >"$work/walkthrough.sh"

if ! bash -euo pipefail "$work/walkthrough.sh" >"$work/out.txt" 2>&1; then
  echo "walkthrough: the README's commands failed; output:" >&2
  cat "$work/out.txt" >&2
  echo "hub log:" >&2
  tail -50 "$work/hub.log" >&2
  exit 1
fi

# Keep the output for a look when asked: WALKTHROUGH_OUT=/tmp/walkthrough.txt scripts/readme-walkthrough.sh
if [ -n "${WALKTHROUGH_OUT:-}" ]; then cp "$work/out.txt" "$WALKTHROUGH_OUT"; fi

expect() {
  if ! grep -q -- "$1" "$work/out.txt"; then
    echo "walkthrough: expected '$1' in the output ($2); output:" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
}
expect '"state": "PARTNERSHIP_STATE_ACTIVE"' "the handshake was accepted"
expect '"level": "DIFFICULTY_LEVEL_HIGH"' "the difficult case is disclosed as HIGH"
expect 'marked as kept' "the kept client is refused"
expect 'in the custody of firm' "the receiver cannot take the client"
expect '"feeDueCents": "120000"' "the fee is 10 % of 12 capped months"
expect '"feesOwedToYouCents": "120000"' "the referrer sees the fee owed to it"
expect '"feesYouOweCents": "120000"' "the receiver sees the fee it owes"
expect '"returnedFrom": "networks/turku/referrals/' "the need was returned to the custodian"
expect '"email": "kaisa@kivakauppa.fi"' "the introduction revealed the contact"
expect '"otherSideSealed": true' "the receiver's rating stayed sealed until the referrer rated"
expect '"feesPaidCents": "120000"' "the paid fee shows on the scoreboard"
expect 'They owe you' "the referrer's scoreboard says the partner owes it"
expect '"firm": "networks/turku/firms/flash-studio"' "a firm to meet was suggested"
expect '"type": "EVENT_TYPE_PARTNERSHIP_PROPOSED"' "the feed lists the handshake"
expect '"name": "networks/turku/firms/viidakkorumpu/events/6"' "the watch sent the events after position 5"
expect '"name": "networks/turku/firms/mobiilimestarit/events/1"' "the operator's network feed holds another firm's events"
expect '"cursor": "1-' "the network feed gives cursors to resume after"
expect '"heartbeat": {' "the watch sent a heartbeat once up to date"
expect '{"referrals":\[{"name":"networks/turku/referrals/' "the HTTP/JSON API lists the inbox"
expect '{"code":16,' "an HTTP/JSON call without a key is UNAUTHENTICATED as google.rpc.Status"
# The marketing-minded mobile firm in Turku ranks first for the need.
if ! grep -A6 '"firm": "networks/turku/firms/mobiilimestarit"' "$work/out.txt" | grep -q '"rank": 1'; then
  echo "walkthrough: expected mobiilimestarit to rank first in MatchPartners; output:" >&2
  cat "$work/out.txt" >&2
  exit 1
fi
echo "walkthrough: README commands ran as written and told the story"
