#!/bin/sh
# Lighting figures for BENCHMARKS.md. Usage (from the repository root):
#   agent/src/bench/lighting-bench.sh [energy|override]
# energy: a simulated week per season, adaptive program against full power (deterministic);
# override: LampControl.override to the PWM duty, beside the floor of a thread hand-off.
# Builds the agent with its bench sources through the reactor, then runs the harness on the
# agent's test classpath; prints the load average before and after (the latencies follow it).
set -eu
cd "$(dirname "$0")/../../.."
. agent/src/bench/build-classpath.sh
load() { echo "load average $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
run() { load before; "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn -cp "$CP" "$@"; load after; }
case ${1:-energy} in
  energy) run org.streetnode.agent.lighting.WeekEnergySimulation ;;
  override) run org.streetnode.agent.lighting.OverrideLatencyHarness ;;
  *) echo "usage: $0 [energy|override]" >&2; exit 2 ;;
esac
