#!/bin/sh
# Footprint of the agent against a bare Leshan client (see FootprintBenchmark): builds the jar and
# the benchmark classes, then runs them. Arguments: [RUNS] [WINDOW_SECONDS] [emulated-pi|simulated].
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -Pbench -pl agent -am package -DskipTests
java_home=$(deploy-scripts/find-java.sh 21)
exec "$java_home/bin/java" -cp "agent/target/test-classes:agent/target/streetnode.jar" \
  org.streetnode.agent.bench.FootprintBenchmark "$@"
