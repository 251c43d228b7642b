#!/bin/sh
# Lighting figures for BENCHMARKS.md. Usage (from the repository root):
#   agent/src/bench/lighting-bench.sh [energy|override]
# energy: a simulated week per season, adaptive program against full power (deterministic);
# override: LampControl.override to the PWM duty, beside the floor of a thread hand-off.
# Builds the agent with its bench sources through the reactor, then runs the harness on the
# agent's test classpath.
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -Pbench -pl agent -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
CP="agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.classpath)"
run() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn -cp "$CP" "$@"; }
case ${1:-energy} in
  energy) run org.streetnode.agent.lighting.WeekEnergySimulation ;;
  override) run org.streetnode.agent.lighting.OverrideLatencyHarness ;;
  *) echo "usage: $0 [energy|override]" >&2; exit 2 ;;
esac
