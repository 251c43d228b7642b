#!/bin/sh
# The whole agent under kill -9: `streetnode run` (the packaged jar through the launcher) on the
# simulated board, sampling every 100 ms, sending to a real Leshan server in a second JVM, killed
# with SIGKILL at random moments and restarted, CYCLES times (default 1,000). Prints the tally:
# readings committed, acknowledged, still buffered, duplicates, violations (see KillSoak).
# Usage (from the repository root): agent/src/bench/kill-soak.sh [CYCLES] [SEED] [MINUTES]
# (MINUTES: begin no cycle after that long; the tally says how many cycles ran)
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -pl agent -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# run from copies, so that a rebuild meanwhile cannot change them under the agent
cp agent/target/streetnode.jar "$work/streetnode.jar"
cp -r agent/target/classes "$work/classes"
cp -r agent/target/test-classes "$work/test-classes"
mkdir "$work/soak"
CP="$work/test-classes:$work/classes:$(cat agent/target/bench.classpath)"
status=0
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn \
  -Dstreetnode.launcher="$PWD/deploy-scripts/streetnode" -Dstreetnode.jar="$work/streetnode.jar" -cp "$CP" \
  org.streetnode.agent.cli.KillSoak "$work/soak" "${1:-1000}" "${2:-$(date +%s)}" ${3:+"$3"} || status=$?
if [ "$status" -ne 0 ]; then
  trap - EXIT
  echo "kill-soak: kept $work/soak (agent-stderr.log, the data directory) for a post-mortem" >&2
fi
exit "$status"
