#!/usr/bin/env bash
# Load test: the Spring notes example bare versus hardened, driven by wrk (Debian package wrk).
#
#   benchmarks/run-load.sh                 per endpoint: warm-up until steady, 3 alternating rounds of 20 s
#                                          at saturation and 2 at light load, local store
#   benchmarks/run-load.sh --store redis   the same with the Redis store, plus Redis PING latency
#   benchmarks/run-load.sh --smoke         1 round of 2 s: correctness only (CI runs this)
#
# SKIP_BUILD=1 reuses examples/spring-notes/target/spring-notes.jar. See benchmarks/load/run_load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl examples/spring-notes -am package
fi
exec python3 benchmarks/load/run_load.py "$@"
