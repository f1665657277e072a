#!/usr/bin/env bash
# Benchmarks the webhook ingress with wrk (apt-get install -y wrk): signed call.connect deliveries with distinct
# event ids, over loopback, to this module's ingress jar, which publishes with acks=all to a real Kafka broker (its own
# process) and a real schema registry. Broker and registry come from the local stack (tools/local-stack, started on
# ports 19xxx so as not to clash with a running stack; its own services stay idle). Wacid look-ups in Vobiz's logs
# are off: the benchmark's calls do not exist there, and each miss would cost look-ups.
# Usage: services/webhook-ingress/bench/run.sh [duration, default 20s] [connections, default 16] [threads, default 2]
#        [warm-up, default 40s: C2 compilation on two busy cores needs it; a 10 s warm-up measured half the rate]
set -euo pipefail
cd "$(dirname "$0")/../../.."
. bin/java-home --export # a JDK 21+: $JAVA_HOME, else /usr/lib/jvm/* ... (bin/java-home), else a clear error
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
duration=${1:-20s}
connections=${2:-16}
threads=${3:-2}
warmup=${4:-40s}
seconds=${duration%s}
base=${BENCH_PORT_BASE:-19000}
jar_glob=services/webhook-ingress/target/webhook-ingress-*-exec.jar # the version lives in the poms only
stack=tools/local-stack/target/local-stack-exec.jar
compgen -G "$jar_glob" >/dev/null || ./mvnw -B -q -f services/webhook-ingress/pom.xml package -DskipTests
jar=$(compgen -G "$jar_glob" | head -1)
[ -f "$stack" ] || { echo "$stack missing: ./mvnw -B -q -f tools/local-stack/pom.xml install -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

java -Xmx768m -Dkafka.port=$((base + 92)) -Dregistry.port=$((base + 81)) -Dsandbox.port=$((base + 90)) \
	-Dworker.port=$((base + 82)) -Dingress.port=$((base + 84)) -Dpoller.port=$((base + 85)) \
	-jar "$stack" >"$work/stack.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do grep -q "local stack ready" "$work/stack.log" && break; sleep 0.5; done
grep -q "local stack ready" "$work/stack.log" || { cat "$work/stack.log"; exit 1; }

url=http://127.0.0.1:$((base + 83))
java -Xmx512m -XX:+UseParallelGC -jar "$jar" --server.port=$((base + 83)) \
	--spring.kafka.bootstrap-servers=127.0.0.1:$((base + 92)) \
	--spring.kafka.properties.schema.registry.url=http://127.0.0.1:$((base + 81))/apis/ccompat/v7 \
	--ingress.secrets=bench-secret --ingress.mapping.lookups=false >"$work/ingress.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -sf "$url/actuator/health/readiness" >/dev/null && break; sleep 0.5; done
curl -sf "$url/actuator/health/readiness" >/dev/null || { cat "$work/ingress.log"; exit 1; }

export DELIVERIES=$work/deliveries.txt THREADS=$threads
# warm-up (JIT, producer batches, schema id cached) on one set of deliveries, then a measured run on fresh ones,
# sized for 12,000/s so that no thread wraps around into duplicates
python3 services/webhook-ingress/bench/deliveries.py $((${warmup%s} * 12000)) bench-secret "$DELIVERIES"
wrk -t"$threads" -c"$connections" -d"$warmup" -s services/webhook-ingress/bench/deliveries.lua "$url" >/dev/null
python3 services/webhook-ingress/bench/deliveries.py $((seconds * 12000)) bench-secret "$DELIVERIES"
before=$(curl -s "$url/actuator/prometheus" | grep -E '^ingress_deliveries_total' || true)
echo "load before the measured run: $(cut -d' ' -f1-3 /proc/loadavg)"
(sleep $((seconds / 2)); echo "top half-way through the measured run:"; top -b -n 1 -w 160 | sed -n '7,14p') &
observer=$!
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s services/webhook-ingress/bench/deliveries.lua "$url"
wait "$observer"
echo "ingress counters before the measured run:"; echo "$before"
echo "after:"; curl -s "$url/actuator/prometheus" | grep -E '^ingress_deliveries_total|^ingress_publish_seconds\{.*quantile|^ingress_markers_lost'
