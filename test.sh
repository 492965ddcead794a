#!/usr/bin/env bash
# Runs everything a change must pass: proto lint, build, and every test project.
# Installs what it needs (buf from npm, chromium for the browser tests from Debian's packages) itself; prints "tests: N passed, N failed" last.
set -euo pipefail
cd "$(dirname "$0")"

results="$(pwd)/.test-results"
rm -rf "$results"
mkdir -p "$results"

echo "== tools"
if [ ! -x node_modules/.bin/buf ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/ensure-chromium.sh

echo "== buf lint"
bash scripts/proto-deps.sh
(cd protos && ../node_modules/.bin/buf lint)

echo "== build"
dotnet build Viidakko.sln -c Release -nologo -v quiet

echo "== test"
status=0
# One run per test project, each with its own results file (a solution-wide run names them by
# timestamp, and two projects finishing in the same second would overwrite each other).
for project in tests/*/*.csproj; do
  grep -q "<IsTestProject>true</IsTestProject>" "$project" || continue  # shared test support, no tests of its own
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build -nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=$?
done

passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$failed" -gt 0 ]; then
  echo "== what failed"
  node scripts/failed-tests.js "${trx_files[@]}" || true
fi

echo "== README walkthrough against a running hub"
if bash scripts/readme-walkthrough.sh; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi

if [ "${#trx_files[@]}" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failed test (a crash or a build problem): count it as a failure.
  failed=1
fi

echo "tests: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
