# shellcheck shell=sh disable=SC2034 # JAVA_HOME and CP are for the script that sources this
# Sourced by the bench scripts from the repository root: builds the agent with its bench sources
# through the reactor, then sets JAVA_HOME (a JDK >= 21) and CP (the agent's test classpath).
./mvnw -q -B -Pbench -pl agent -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
JAVA_HOME=$(deploy-scripts/find-java.sh --jdk 21)
CP="agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.classpath)"
