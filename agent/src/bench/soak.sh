#!/bin/sh
# Runs one of the whole-agent soaks (KillSoak, PowerCutSoak) on the packaged agent: builds the jar,
# copies it with the classes (so that a rebuild meanwhile cannot change them under the agent), and
# keeps the soak's directory for a post-mortem if it found anything.
# Usage (from the repository root, through kill-soak.sh or power-cut.sh): agent/src/bench/soak.sh CLASS ARGS...
set -eu
cd "$(dirname "$0")/../../.."
class=$1
shift
./mvnw -q -B -pl agent -am package -DskipTests \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp agent/target/streetnode.jar "$work/streetnode.jar"
cp -r agent/target/classes "$work/classes"
cp -r agent/target/test-classes "$work/test-classes"
mkdir "$work/soak"
CP="$work/test-classes:$work/classes:$(cat agent/target/bench.classpath)"
status=0
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn \
  -Dstreetnode.launcher="$PWD/deploy-scripts/streetnode" -Dstreetnode.jar="$work/streetnode.jar" -cp "$CP" \
  "org.streetnode.agent.cli.$class" "$work/soak" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  trap - EXIT
  echo "$class: kept $work/soak (agent-stderr.log, the data directory) for a post-mortem" >&2
fi
exit "$status"
