#!/usr/bin/env bash
# Builds the JMH benchmarks and runs them, keeping the results under benchmarks/results/.
#
#   benchmarks/run-jmh.sh                        every benchmark, default options
#   benchmarks/run-jmh.sh HeaderPolicy           benchmarks matching a regex, default options
#   benchmarks/run-jmh.sh -f 3 -i 10 -prof gc    your own JMH options replace the defaults
#   benchmarks/run-jmh.sh -h                     JMH's help
#
# The defaults (-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc) make a run of about three minutes that is
# still meaningful on a 2-core machine; use more forks and iterations for figures you publish.
# Each run writes results/jmh-<UTC time>.json (JMH's JSON) and .txt (the console output), unless
# you pass your own -rf/-rff. SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar.
set -euo pipefail

cd "$(dirname "$0")/.."

DEFAULT_OPTIONS=(-f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc)

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  mvn -B -q -DskipTests -pl benchmarks -am package
fi

has_options=false
has_result_options=false
for arg in "$@"; do
  case "$arg" in
    -h | -l | -lp | -lprof | -lrf) exec java -jar benchmarks/target/benchmarks.jar "$@" ;;
    -rf | -rff) has_result_options=true; has_options=true ;;
    -*) has_options=true ;;
  esac
done

args=()
if ! $has_options; then
  args+=("${DEFAULT_OPTIONS[@]}")
fi
args+=("$@")

mkdir -p benchmarks/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
text="benchmarks/results/jmh-$stamp.txt"
if ! $has_result_options; then
  args+=(-rf json -rff "benchmarks/results/jmh-$stamp.json")
fi

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  java -version 2>&1 | sed 's/^/# /'
  echo "# java -jar benchmarks/target/benchmarks.jar ${args[*]}"
} | tee "$text"
java -jar benchmarks/target/benchmarks.jar "${args[@]}" 2>&1 | tee -a "$text"
echo "Console output: $text" >&2
if ! $has_result_options; then
  echo "JSON results:   benchmarks/results/jmh-$stamp.json" >&2
fi
