#!/bin/sh
# Fleet figures for BENCHMARKS.md: `streetnode fleet` (through the launcher, as a city would run
# it) against a real Leshan server in a second JVM (FleetServer), both under nice, on this machine.
#
#   agent/src/bench/fleet-bench.sh capacity N...     for each N: does every node register, and the
#                                                    fleet JVM's RSS, heap and CPU in steady state
#   agent/src/bench/fleet-bench.sh outage N RUN...   the outage scenario at N nodes (10 minutes) once
#                                                    per RUN: "baseline" (no jitter at all:
#                                                    [lwm2m.retry] jitter = false and
#                                                    max_replay_start_delay = 0s), or a
#                                                    [delivery] max_replay_start_delay with the
#                                                    shipped jitter; the baseline first
#
# Environment: FLEET_BENCH_DIR (default agent/target/fleet-bench), FLEET_SETTLE (seconds after
# every node registered before measuring, default 120), FLEET_WINDOW (the measured window in
# seconds, default 300), FLEET_OUTAGE (default 10m), FLEET_PORT (the server's, default 25684).
set -eu
cd "$(dirname "$0")/../../.."
./mvnw -q -B -Pbench -pl agent -am package -DskipTests
java_home=$(deploy-scripts/find-java.sh 21)
work=${FLEET_BENCH_DIR:-agent/target/fleet-bench}
settle=${FLEET_SETTLE:-120}
window=${FLEET_WINDOW:-300}
port=${FLEET_PORT:-25684}
mkdir -p "$work"
hz=$(getconf CLK_TCK)

keys() { # the keys of N nodes, once
  if [ ! -f "$work/keys-$1.csv" ]; then deploy-scripts/streetnode fleet keys --nodes "$1" --out "$work/keys-$1.csv" >/dev/null; fi
  echo "$work/keys-$1.csv"
}
server() { # KEYS CSV: starts the platform, prints its pid
  nice -n 5 "$java_home/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED -Dtinylog.writer.level=warn \
    -cp agent/target/test-classes:agent/target/streetnode.jar org.streetnode.agent.bench.FleetServer \
    "$1" "$port" "$2" > "$2.out" 2>&1 &
  echo $!
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
heap_mib() { # live heap after a full collection
  "$java_home/bin/jcmd" "$1" GC.run >/dev/null
  "$java_home/bin/jcmd" "$1" GC.heap_info | awk '/garbage-first heap/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); printf "%.0f", v / 1024}}'
}
stop() { # PID: SIGTERM, then wait until it is gone (the server is no child of this shell)
  kill "$1" 2>/dev/null || true
  while [ -d "/proc/$1" ]; do sleep 1; done
}
wait_for() { # FILE PATTERN SECONDS
  i=0; while ! grep -q "$2" "$1" 2>/dev/null; do i=$((i + 1)); [ "$i" -le "$3" ] || return 1; sleep 1; done
}

case ${1:-} in
  capacity)
    shift
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "| nodes | every node registered after | fleet RSS | live heap | fleet CPU per minute | per node: RSS, heap, CPU per minute | server CPU per minute |"
    echo "|---|---|---|---|---|---|---|"
    for n in "$@"; do
      run="$work/capacity-$n"; rm -rf "$run"; mkdir -p "$run"
      spid=$(server "$(keys "$n")" "$run/server.csv"); sleep 5
      nice -n 5 deploy-scripts/streetnode fleet --nodes "$n" --server "coaps://127.0.0.1:$port" --keys "$work/keys-$n.csv" \
        --dir "$run/fleet" --json --progress 30s > "$run/fleet.jsonl" 2> "$run/fleet.err" &
      fpid=$!
      if wait_for "$run/fleet.jsonl" '"every node registered"' $((n / 2 + 300)); then
        registered=$(grep '"every node registered"' "$run/fleet.jsonl" | sed 's/.*"t_s":\([0-9.]*\).*/\1/')
        sleep "$settle"
        f0=$(ticks "$fpid"); s0=$(ticks "$spid"); sleep "$window"; f1=$(ticks "$fpid"); s1=$(ticks "$spid")
        rss=$(rss_mib "$fpid"); heap=$(heap_mib "$fpid")
        echo "$n $registered $rss $heap $f0 $f1 $s0 $s1" | awk -v hz="$hz" -v w="$window" '{
          fc = ($6 - $5) / hz * 60 / w; sc = ($8 - $7) / hz * 60 / w
          printf "| %d | %.0f s | %d MiB | %d MiB | %.1f s | %.2f MiB, %.2f MiB, %.3f s | %.1f s |\n", $1, $2, $3, $4, fc, $3 / $1, $4 / $1, fc / $1, sc }'
      else
        echo "| $n | not all within $((n / 2 + 300)) s: $(grep progress "$run/fleet.jsonl" | tail -1 | sed 's/.*"registered":\([0-9]*\).*/\1/') registered | | | | | |"
      fi
      stop "$fpid"; stop "$spid"
      tail -1 "$run/server.csv.out"
    done
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  outage)
    n=$2; shift 2
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "| max_replay_start_delay | nodes | outage | registrations after the return | their window | average | peak second | peak / average | every node registered again (fleet) | every backlog replayed (fleet) | last replayed reading at the server | replayed readings |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for delay in "$@"; do
      case $delay in
        baseline) replay=0s; jitter=false ;;
        *) replay=$delay; jitter=true ;;
      esac
      run="$work/outage-$n-$delay"; rm -rf "$run"; mkdir -p "$run"
      spid=$(server "$(keys "$n")" "$run/server.csv"); sleep 5
      nice -n 5 deploy-scripts/streetnode fleet --nodes "$n" --server "coaps://127.0.0.1:$port" --keys "$work/keys-$n.csv" \
        --dir "$run/fleet" --json --progress 30s --scenario outage --outage-after 2m --outage-for "${FLEET_OUTAGE:-10m}" \
        --for 2h --set "delivery.max_replay_start_delay=$replay" --set "lwm2m.retry.jitter=$jitter" \
        > "$run/fleet.jsonl" 2> "$run/fleet.err" || true
      sleep 2; stop "$spid"
      "$java_home/bin/java" -cp agent/target/test-classes:agent/target/streetnode.jar \
        org.streetnode.agent.bench.FleetOutageReport "$run/server.csv" "$run/fleet.jsonl" "$delay" > "$run/report.txt"
      head -1 "$run/report.txt"
      tail -1 "$run/server.csv.out" > "$run/server-summary.txt"
    done
    for delay in "$@"; do
      echo "$delay: $(tail -1 "$work/outage-$n-$delay/report.txt")"
      echo "$delay: $(cat "$work/outage-$n-$delay/server-summary.txt")"
    done
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  *) echo "usage: $0 capacity N... | outage N baseline|DELAY..." >&2; exit 2 ;;
esac
