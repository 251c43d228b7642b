#!/bin/sh
# The crash soak: 1,000 (or $1) cycles of a store-writing JVM killed with SIGKILL at random
# moments; prints the tally. Usage (from the repository root): agent/src/bench/crash-soak.sh [CYCLES] [SEED]
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -pl agent -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
CP="agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.classpath)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" \
  org.streetnode.agent.store.CrashHarness "$dir" "${1:-1000}" ${2:+"$2"}
