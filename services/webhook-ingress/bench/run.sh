#!/usr/bin/env bash
# Benchmarks the webhook ingress with wrk (apt-get install wrk): signed deliveries with distinct event ids, on
# loopback, against the local stack (broker, registry, ingress publishing with acks=all). Mapping look-ups are off
# (the benchmark's wacids are unknown to Vobiz: each would cost look-ups against the sandbox).
# Usage: services/webhook-ingress/bench/run.sh [duration, default 10s] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
duration=${1:-10s}
connections=${2:-32}
[ -f tools/local-stack/target/local-stack-exec.jar ] || ./mvnw -B -q -ntp install -DskipTests
log=$(mktemp)
java -Xmx1g -XX:+UseParallelGC -Dingress.mapping.lookups=false -jar tools/local-stack/target/local-stack-exec.jar >"$log" 2>&1 &
pid=$!
trap 'kill $pid; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "local stack ready" "$log" && break; sleep 0.5; done
grep -q "local stack ready" "$log" || { cat "$log"; exit 1; }
export DELIVERIES=/tmp/ingress-deliveries.txt
python3 services/webhook-ingress/bench/deliveries.py 150000 local-webhook-secret "$DELIVERIES"
url=http://127.0.0.1:8083
# warm-up on the first deliveries, then the measured run on fresh ones (the warm-up's repeat as duplicates)
wrk -t2 -c"$connections" -d5s -s services/webhook-ingress/bench/deliveries.lua "$url" >/dev/null
python3 services/webhook-ingress/bench/deliveries.py 150000 local-webhook-secret "$DELIVERIES"
wrk -t2 -c"$connections" -d"$duration" --latency -s services/webhook-ingress/bench/deliveries.lua "$url"
curl -s "$url/actuator/prometheus" | grep -E '^ingress_deliveries_total|^ingress_publish_seconds\{.*quantile'
