#!/bin/sh
# The crash soak: 1,000 (or $1) cycles of a store-writing JVM killed with SIGKILL at random
# moments; prints the tally. Usage (from the repository root): agent/src/bench/crash-soak.sh [CYCLES] [SEED]
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -pl agent -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# run from a copy of the classes, so that a rebuild meanwhile cannot change them under the children
cp -r agent/target/classes "$work/classes"
cp -r agent/target/test-classes "$work/test-classes"
CP="$work/test-classes:$work/classes:$(cat agent/target/bench.classpath)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn -cp "$CP" \
  org.streetnode.agent.store.CrashHarness "$work/store" "${1:-1000}" ${2:+"$2"}
