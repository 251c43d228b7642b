#!/bin/sh
# LwM2M figures for BENCHMARKS.md that need the whole agent and a real server on loopback.
# Usage (from the repository root): agent/src/bench/lwm2m-bench.sh [drain [DAYS]|latency [WRITES]|update [PACKAGE]]
# (update pulls the real update package: build it first with ./mvnw -q package -DskipTests)
# Each figure is printed beside its baseline, measured in the same run.
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -Pbench -pl agent -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
CP="agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.classpath)"
run() { "$JAVA_HOME/bin/java" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
  -Dtinylog.writer.level=warn -cp "$CP" "$@"; }
case ${1:-drain} in
  drain) run org.streetnode.agent.delivery.SendDrainBench "${2:-7}" ;;
  latency) run org.streetnode.agent.lighting.WriteToPwmLatency "${2:-1000}" ;;
  update) run org.streetnode.agent.lwm2m.UpdatePullBench "${2:-deploy-scripts/target/streetnode_0.1.0.snpkg}" ;;
  *) echo "usage: $0 [drain [DAYS]|latency [WRITES]|update [PACKAGE]]" >&2; exit 2 ;;
esac
