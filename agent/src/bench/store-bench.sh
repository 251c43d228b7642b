#!/bin/sh
# Store-and-forward figures for BENCHMARKS.md. Usage (from the repository root):
#   agent/src/bench/store-bench.sh [all|throughput|wear|drain|wire]
# Builds the agent with its bench sources, then runs StoreForwardBench / WireSizeEstimate on the
# agent's test classpath. Each figure is printed beside its baseline, measured in the same run.
set -eu
cd "$(dirname "$0")/../../.."
. agent/src/bench/build-classpath.sh
what=${1:-all}
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn -cp "$CP" "$@"; }
if [ "$what" = wire ] || [ "$what" = all ]; then run org.streetnode.agent.delivery.WireSizeEstimate 240; fi
if [ "$what" != wire ]; then run org.streetnode.agent.store.StoreForwardBench "$what"; fi
