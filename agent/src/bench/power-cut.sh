#!/bin/sh
# The whole agent under power cuts: `streetnode run` (the packaged jar through the launcher) on the
# simulated board under the LD_PRELOAD layer of agent/src/test/native/powercut.c, which keeps only
# what fsync made durable; at random moments the agent is killed and its data directory put back to
# what was durable, CUTS times (default 100), against real Leshan servers in the soak's JVM (a
# bootstrap server on the first start, unless the last argument is "configured"). Prints the tally:
# readings committed, acknowledged, still buffered, lighting programs acknowledged and found in
# force, violations (see PowerCutSoak). Needs a C compiler (Debian: gcc libc6-dev).
# Usage (from the repository root): agent/src/bench/power-cut.sh [CUTS] [SEED] [bootstrapped|configured]
set -eu
exec "$(dirname "$0")/soak.sh" PowerCutSoak "${1:-100}" "${2:-$(date +%s)}" "${3:-bootstrapped}"
