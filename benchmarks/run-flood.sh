#!/usr/bin/env bash
# A flood of distinct client addresses against the local rate-limit store (docs/reliability.md).
#
#   benchmarks/run-flood.sh measure [ADDRESSES] [MAX_KEYS]
#       In one JVM (-Xmx256m): RateLimiter with the built-in rules, driven as the filter drives it,
#       ADDRESSES distinct clients (default 10,000,000), max-keys MAX_KEYS (default 100,000).
#       Prints retained heap after full GCs, keys tracked and bytes per key. About 30 s.
#   benchmarks/run-flood.sh http [REQUESTS] [MAX_KEYS]
#       Over real HTTP: wrk (Debian package) sends REQUESTS GETs (default 10,000,000), each from a
#       new address in a trusted proxy's X-Forwarded-For, to the servlet example
#       (NotesServerWrkFloodTest, run by surefire in a JVM with -Xmx256m). Prints progress every
#       30 s and the summary. About 12 to 30 minutes for 10,000,000 on a 2-core machine.
#
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar (measure mode).
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-measure}"
case "$mode" in
  measure)
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
      mvn -B -q -DskipTests -pl benchmarks -am package
    fi
    exec java -Xmx256m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
      dev.bulwark.benchmarks.KeyFloodMeasurement "${2:-10000000}" "${3:-100000}"
    ;;
  http)
    command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
    status=0
    mvn -B -q verify -pl examples/servlet-notes -am \
      -Dtest=NotesServerWrkFloodTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dflood.requests="${2:-10000000}" -Dflood.max-keys="${3:-100000}" -Dflood.jvmArgs=-Xmx256m || status=$?
    grep -h '^\[address flood, wrk\]' \
      examples/servlet-notes/target/surefire-reports/dev.bulwark.examples.servletnotes.NotesServerWrkFloodTest-output.txt || true
    exit "$status"
    ;;
  *)
    sed -n '2,16p' "$0" >&2
    exit 2
    ;;
esac
