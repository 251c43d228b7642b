#!/bin/sh
# Footprint of the agent against a bare Leshan client (see FootprintBenchmark): builds the jar and
# the benchmark classes, then runs them. Arguments: [RUNS] [WINDOW_SECONDS] [emulated-pi|simulated] [SETTLE_SECONDS].
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -Pbench -pl agent -am package -DskipTests
java_home=$(deploy-scripts/find-java.sh 21)
# The processes it starts get the benchmark's classes as a jar: a class path with a directory cannot be archived (CDS).
"$java_home/bin/jar" cf agent/target/footprint-bench.jar -C agent/target/test-classes org/streetnode/agent/bench
# FOOTPRINT_AOT=1: both processes on JDK 25's AOT cache instead of the launcher's CDS archive.
exec "$java_home/bin/java" ${FOOTPRINT_AOT:+-Daot=true} -cp "agent/target/test-classes:agent/target/streetnode.jar" \
  org.streetnode.agent.bench.FootprintBenchmark "$@"
