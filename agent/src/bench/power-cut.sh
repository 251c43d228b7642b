#!/bin/sh
# The whole agent under power cuts: `streetnode run` (the packaged jar through the launcher) on the
# simulated board under the LD_PRELOAD layer of agent/src/test/native/powercut.c, which keeps only
# what fsync made durable; at random moments the agent is killed and its data directory put back to
# what was durable, CUTS times (default 100), against real Leshan servers in this JVM (a bootstrap
# server on the first start, unless ACCOUNTS is "configured"). Prints the tally: readings committed,
# acknowledged, still buffered, lighting programs acknowledged and found in force, violations
# (see PowerCutSoak). Needs a C compiler (Debian: gcc libc6-dev).
# Usage (from the repository root): agent/src/bench/power-cut.sh [CUTS] [SEED] [bootstrapped|configured]
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
  org.streetnode.agent.cli.PowerCutSoak "$work/soak" "${1:-100}" "${2:-$(date +%s)}" "${3:-bootstrapped}" || status=$?
if [ "$status" -ne 0 ]; then
  trap - EXIT
  echo "power-cut: kept $work/soak (agent-stderr.log, powercut.log, the data directory) for a post-mortem" >&2
fi
exit "$status"
