#!/usr/bin/env bash
# Backfill benchmark: a standalone sandbox seeded with N historical logs (default 1,000,000), the poller (heap capped
# at 256 MB) paging them into call.logs on the test harness's real broker. Prints records/s and peak heap, then a live
# phase's freshness and its cost to Vobiz (pages, requests/s, pages per scan, rows re-read per new version).
# Usage: services/log-poller/bench/run.sh [count]
set -euo pipefail
cd "$(dirname "$0")/../../.."
. bin/java-home --export # a JDK 21+: $JAVA_HOME, else /usr/lib/jvm/* ... (bin/java-home), else a clear error
count=${1:-1000000}
./mvnw -B -q -ntp install -DskipTests
port=18290
sandbox=$(compgen -G "services/vobiz-sandbox/target/vobiz-sandbox-*-exec.jar" | head -1) # the version lives in the poms only
java -Xmx2g -XX:+UseParallelGC -jar "$sandbox" \
  --server.port=$port >/tmp/poller-bench-sandbox.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
curl -s -X POST "http://127.0.0.1:$port/sandbox/logs/seed" -H 'Content-Type: application/json' -d "{\"count\":$count}"; echo
./mvnw -B -q -ntp -pl services/log-poller test -Dtest=BackfillMeasurement -Dsurefire.failIfNoSpecifiedTests=false \
  -Dpoller.bench.sandbox="http://127.0.0.1:$port/api/v1/messaging" -Dpoller.bench.count="$count" \
  "-Dtest.jvm.args=-Xmx256m -XX:+UseParallelGC"
grep -h -E "BACKFILL MEASUREMENT|LIVE MEASUREMENT|LIVE COST TO VOBIZ|LIVE GOAL" services/log-poller/target/surefire-reports/*-output.txt
