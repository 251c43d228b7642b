#!/bin/sh
# The whole agent under kill -9: `streetnode run` (the packaged jar through the launcher) on the
# simulated board, sampling every 100 ms, sending to a real Leshan server in a second JVM, killed
# with SIGKILL at random moments and restarted, CYCLES times (default 1,000). Prints the tally:
# readings committed, acknowledged, still buffered, duplicates, violations (see KillSoak).
# Usage (from the repository root): agent/src/bench/kill-soak.sh [CYCLES] [SEED] [MINUTES]
# (MINUTES: begin no cycle after that long; the tally says how many cycles ran)
set -eu
exec "$(dirname "$0")/soak.sh" KillSoak "${1:-1000}" "${2:-$(date +%s)}" ${3:+"$3"}
