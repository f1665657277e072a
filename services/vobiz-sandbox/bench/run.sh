#!/usr/bin/env bash
# Measures create-call requests/s of the sandbox at zero latency with wrk (apt-get install wrk).
# Usage: services/vobiz-sandbox/bench/run.sh [duration, default 15s]
set -euo pipefail
cd "$(dirname "$0")/../../.."
. bin/java-home --export # a JDK 21+: $JAVA_HOME, else /usr/lib/jvm/* ... (bin/java-home), else a clear error
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
jar_glob=services/vobiz-sandbox/target/vobiz-sandbox-*-exec.jar # the version lives in the poms only
compgen -G "$jar_glob" >/dev/null || ./mvnw -B -q -ntp -pl services/vobiz-sandbox -am install -DskipTests
jar=$(compgen -G "$jar_glob" | head -1)
port=18190
java -Xmx1g -Xms1g -XX:+UseParallelGC -jar "$jar" --server.port=$port --sandbox.timing.ring-after=1h >/tmp/sandbox-bench.log 2>&1 &
pid=$!
trap 'kill $pid' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null && break; sleep 0.5; done
# warm-up, then the measured run
wrk -t2 -c64 -d5s -s services/vobiz-sandbox/bench/initiate.lua "http://127.0.0.1:$port" >/dev/null
wrk -t2 -c64 -d"${1:-15s}" --latency -s services/vobiz-sandbox/bench/initiate.lua "http://127.0.0.1:$port"
