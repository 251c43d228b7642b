#!/usr/bin/env bash
# arch-check.sh: the Debian package on a Raspberry Pi's architectures, emulated on this machine.
#
#   sudo deploy-scripts/arch-check.sh [OPTIONS] [arm64|armhf|all]     (default: all)
#
# For each architecture, one after the other: a Debian 13 (trixie) root made with debootstrap
# (cached, so reruns are fast), a fresh copy of it in which the real .deb is installed with apt
# (its Java runtime resolved by apt, as on a node; the postinst makes its CDS archive as usual),
# then, emulated by qemu-user-static through binfmt_misc:
#   - streetnode version; streetnode config check on the shipped config (which must report
#     exactly the missing PSK file of an unprovisioned node) and on the node's config;
#   - streetnode selftest --board on the simulated profile;
#   - every native library in the jar loaded and called for that architecture (NativeProbe:
#     sqlite-jdbc, JNA, jSerialComm, Pi4J linuxfs and gpiod, libgpiod), as the streetnode user;
#   - the agent (streetnode run, as the service runs it: user streetnode, NOTIFY_SOCKET) on the
#     simulated board against a Leshan server on this host (DTLS-PSK; the chroot shares the
#     host's network), until registered and then for --seconds more: the readings the server
#     received, READY=1 on the notification socket (JNA sendto), `streetnode shell status` from
#     root (SO_PEERCRED through JNA), the native libraries mapped into the agent, a clean stop.
# and prints a summary per architecture. Logs and the roots stay in the cache directory.
#
# Options:
#   --cache DIR     where the roots, downloaded packages and logs live (default /var/tmp/streetnode-arch)
#   --deb FILE      the package (default deploy-scripts/target/streetnode_*_all.deb)
#   --seconds N     how long the agent runs once registered (default 60)
#   --mirror URL    the Debian mirror (default http://deb.debian.org/debian)
#   --suite NAME    the Debian suite (default trixie)
#
# Needs: root; apt (installs debootstrap, qemu-user-static, binfmt-support and python3 when
# missing); a JDK 21 or newer (found by find-java.sh) for the host's server; the build
# (./mvnw -q package -DskipTests: agent/target/streetnode.jar and the .deb); network access to
# the Debian archive. Exit code 0 when every check passed on every architecture, 1 when one
# failed, 2 on a wrong command line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=/var/tmp/streetnode-arch
deb=
seconds=60
mirror=http://deb.debian.org/debian
suite=trixie
arches=(arm64 armhf)
base_packages="systemd udev dbus ca-certificates"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

while [ $# -gt 0 ]; do
  case $1 in
    --cache) cache=${2:?--cache needs a directory}; shift 2 ;;
    --deb) deb=${2:?--deb needs a file}; shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --mirror) mirror=${2:?--mirror needs a URL}; shift 2 ;;
    --suite) suite=${2:?--suite needs a name}; shift 2 ;;
    -h | --help) usage 0 ;;
    arm64 | armhf) arches=("$1"); shift ;;
    all) arches=(arm64 armhf); shift ;;
    *) echo "arch-check: unknown argument: $1" >&2; usage 2 ;;
  esac
done
case $seconds in '' | *[!0-9]*) echo "arch-check: --seconds: not a number: $seconds" >&2; exit 2 ;; esac

[ "$(id -u)" = 0 ] || { echo "arch-check: run as root (debootstrap, chroot, mounts)" >&2; exit 2; }
if [ -z "$deb" ]; then
  deb=$(find "$repo/deploy-scripts/target" -maxdepth 1 -name 'streetnode_*_all.deb' 2>/dev/null | sort | tail -n 1)
fi
jar=$repo/agent/target/streetnode.jar
if [ -z "$deb" ] || [ ! -f "$deb" ] || [ ! -f "$jar" ]; then
  echo "arch-check: the package or the jar is missing; build them first: ./mvnw -q package -DskipTests" >&2
  exit 2
fi

say() { printf '%s arch-check: %s\n' "$(date +%H:%M:%S)" "$*"; }

# --- the host: tools, binfmt_misc, the server and the probe -------------------------------------

need=()
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
[ -e /usr/bin/qemu-aarch64-static ] || need+=(qemu-user-static)
command -v update-binfmts >/dev/null 2>&1 || need+=(binfmt-support)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# A container or a fresh VM may not have binfmt_misc mounted; qemu-user-static's entries carry
# the F flag (the interpreter is opened now), so nothing needs copying into the roots.
if [ ! -e /proc/sys/fs/binfmt_misc/status ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
for q in qemu-aarch64 qemu-arm; do
  [ -e "/proc/sys/fs/binfmt_misc/$q" ] || update-binfmts --enable "$q"
  grep -qx enabled "/proc/sys/fs/binfmt_misc/$q" || { echo "arch-check: binfmt entry $q is not enabled" >&2; exit 1; }
done

java_home=$("$repo/deploy-scripts/find-java.sh" --jdk 21)
mkdir -p "$cache"
work=$(mktemp -d "$cache/work.XXXXXX")
classes=$work/classes
bench=$repo/agent/src/bench/java/org/streetnode/agent/bench
"$java_home/bin/javac" --release 21 -nowarn -cp "$jar" -d "$classes" "$bench/ArchCheckServer.java" "$bench/NativeProbe.java"

# --- results -------------------------------------------------------------------------------------

declare -A result   # "ARCH item" -> one line
failed=0
note() { # ARCH ITEM ok|FAIL|info TEXT
  result["$1 $2"]="$3 $4"
  [ "$3" != FAIL ] || failed=1
  say "$1: $2: $3 $4"
}

# --- one architecture ------------------------------------------------------------------------------

root=
server_pid=
agent_pid=
notify_pid=

unmount_root() { # ROOT
  local m
  # deepest first
  awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
}

pids_in_root() { # the processes whose root directory is the node's root
  local d
  for d in /proc/[0-9]*; do
    [ "$(readlink "$d/root" 2>/dev/null)" = "$root" ] && echo "${d#/proc/}"
  done
  return 0
}

stop_everything() {
  local pid
  [ -z "$agent_pid" ] || kill "$agent_pid" 2>/dev/null || true
  [ -z "$notify_pid" ] || kill "$notify_pid" 2>/dev/null || true
  if [ -n "$root" ] && [ -d "$root" ]; then
    # Whatever still runs inside the root was started by this script.
    for pid in $(pids_in_root); do kill -9 "$pid" 2>/dev/null || true; done
    unmount_root "$root"
  fi
  if [ -n "$server_pid" ]; then
    if [ -n "${server_in:-}" ]; then exec {server_in}>&-; fi
    server_in=
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  agent_pid='' notify_pid='' server_pid=''
}
trap 'stop_everything; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Everything inside a root is emulated, so all of it runs at the lowest priority.
in_root() { # COMMAND...: as root inside the node's root, with a clean environment
  nice -n 19 chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

ids_in_root() { # USER -> uid:gid and the supplementary gids, as in the root's own files
  local uid gid groups
  uid=$(awk -F: -v u="$1" '$1 == u { print $3 }' "$root/etc/passwd")
  gid=$(awk -F: -v u="$1" '$1 == u { print $4 }' "$root/etc/passwd")
  groups=$(awk -F: -v u="$1" '{ n = split($4, m, ","); for (i = 1; i <= n; i++) if (m[i] == u) print $3 }' "$root/etc/group" | paste -sd, -)
  printf '%s %s\n' "$uid:$gid" "${groups:-$gid}"
}

as_agent() { # COMMAND...: as the streetnode user with its groups, as the service runs it
  local spec groups
  read -r spec groups < <(ids_in_root streetnode)
  nice -n 19 chroot --userspec="$spec" --groups="$groups" "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/var/lib/streetnode LANG=C.UTF-8 "$@"
}

make_base() { # ARCH BASE: debootstrap, once; the package lists refreshed once a day
  local arch=$1 base=$2 t0=$SECONDS
  if [ ! -f "$base/.arch-check-base" ]; then
    say "$arch: debootstrap $suite into $base (first run: several minutes)"
    rm -rf "$base"
    mkdir -p "$base"
    nice -n 19 debootstrap --foreign --arch="$arch" --variant=minbase "$suite" "$base" "$mirror" >"$logs/debootstrap.log" 2>&1
    nice -n 19 chroot "$base" /debootstrap/debootstrap --second-stage >>"$logs/debootstrap.log" 2>&1
    cat >"$base/etc/apt/sources.list" <<LIST
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
LIST
    # Nothing is ever started inside the root by a package's maintainer script.
    printf '#!/bin/sh\nexit 101\n' >"$base/usr/sbin/policy-rc.d"
    chmod 755 "$base/usr/sbin/policy-rc.d"
    rm -f "$base/.arch-check-lists"
    touch "$base/.arch-check-base"
  fi
  if [ -z "$(find "$base/.arch-check-lists" -mmin -1440 2>/dev/null)" ]; then
    say "$arch: apt-get update in the base root"
    cp /etc/resolv.conf "$base/etc/resolv.conf"
    nice -n 19 chroot "$base" /usr/bin/apt-get update -qq >"$logs/apt-update.log" 2>&1
    touch "$base/.arch-check-lists"
  fi
  # What Raspberry Pi OS Lite already has and the package would otherwise pull in with it: kept
  # in the base, so each run installs only what a node would (the Java runtime and its needs).
  if [ "$(cat "$base/.arch-check-packages" 2>/dev/null)" != "$base_packages" ]; then
    say "$arch: installing $base_packages in the base root"
    # shellcheck disable=SC2086 # a list of package names
    nice -n 19 chroot "$base" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $base_packages >"$logs/base-packages.log" 2>&1
    nice -n 19 chroot "$base" /usr/bin/apt-get clean
    printf '%s\n' "$base_packages" >"$base/.arch-check-packages"
  fi
  note "$arch" root ok "debian $suite $arch ($(cat "$base/etc/debian_version")), $((SECONDS - t0)) s"
}

wait_for() { # SECONDS FILE PATTERN [PID]: true once a line of FILE matches PATTERN (false if PID ends)
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt "$deadline" ]; do
    grep -qE "$3" "$2" 2>/dev/null && return 0
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then return 1; fi
    sleep 1
  done
  return 1
}

check_arch() { # ARCH
  local arch=$1 base node_conf key_file psk t0 t_reg out rc java_pkg line maps_file
  local t_arch=$SECONDS
  base=$cache/$suite-$arch
  root=$cache/node-$arch
  logs=$cache/logs/$arch
  rm -rf "$logs"
  mkdir -p "$logs" "$cache/apt-$arch"
  say "$arch: started $(date -u +%Y-%m-%dT%H:%M:%SZ); logs in $logs"

  make_base "$arch" "$base"

  # A fresh node for every run: the install is a first install.
  unmount_root "$root"
  if awk -v r="$root" 'index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "arch-check: something is still mounted under $root; not deleting it" >&2
    exit 1
  fi
  rm -rf "$root"
  cp -a "$base" "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
  mount -t sysfs sysfs "$root/sys"
  mount --bind "$cache/apt-$arch" "$root/var/cache/apt/archives"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  local qemu="qemu-arm-static"
  if [ "$arch" = arm64 ]; then qemu="qemu-aarch64-static"; fi
  note "$arch" machine info "$(in_root uname -m), emulated by $("$qemu" --version | head -n 1 | sed 's/ version / /')"

  # What Java this release offers for this architecture.
  local offered='' pkg candidate
  in_root apt-cache policy openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless \
    >"$logs/java-policy.log" 2>&1 || true
  for pkg in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless; do
    candidate=$(awk -v p="$pkg:" '/^[^ ]/ { this = ($1 == p) } this && /Candidate:/ { print $2 }' "$logs/java-policy.log")
    offered="$offered${offered:+, }$pkg ${candidate:-(none)}"
  done
  note "$arch" "java offered" info "$offered"

  # The package, as on a node.
  cp "$deb" "$root/tmp/"
  chmod 644 "$root/tmp/$(basename "$deb")"
  t0=$SECONDS
  if in_root DEBIAN_FRONTEND=noninteractive apt-get install -y "/tmp/$(basename "$deb")" >"$logs/install.log" 2>&1; then
    # shellcheck disable=SC2016 # dpkg-query's own format
    java_pkg=$(in_root dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' 'openjdk-*-jre-headless' 2>/dev/null |
      awk '$1 == "ii" { print $2, $3 }' | paste -sd, -)
    note "$arch" installed ok "$(basename "$deb") with $java_pkg, $((SECONDS - t0)) s"
  else
    note "$arch" installed FAIL "apt-get install failed after $((SECONDS - t0)) s: $(tail -n 3 "$logs/install.log" | paste -sd' ' -)"
    stop_everything
    return
  fi
  line=$(grep -E 'class-data sharing archive' "$logs/install.log" | head -n 1 || true)
  note "$arch" "cds at install" info "${line:-no CDS line in the install log}"

  # streetnode version
  t0=$SECONDS
  if out=$(in_root streetnode version 2>&1); then
    note "$arch" version ok "$(printf '%s' "$out" | head -n 1), $((SECONDS - t0)) s"
  else
    note "$arch" version FAIL "$(printf '%s' "$out" | tail -n 3 | paste -sd' ' -)"
  fi
  printf '%s\n' "$out" >"$logs/version.log"

  # config check on the shipped config: an unprovisioned node lacks exactly its PSK file.
  rc=0
  in_root streetnode config check /etc/streetnode/streetnode.toml >"$logs/config-shipped.log" 2>&1 || rc=$?
  if [ "$rc" = 3 ] && grep -q '1 problem' "$logs/config-shipped.log" && grep -q 'lwm2m.psk.key_file' "$logs/config-shipped.log"; then
    note "$arch" "config check (shipped)" ok "exit 3, only the PSK file of an unprovisioned node is missing"
  else
    note "$arch" "config check (shipped)" FAIL "exit $rc: $(head -n 3 "$logs/config-shipped.log" | paste -sd' ' -)"
  fi

  # selftest --board on the simulated profile
  rc=0
  in_root streetnode selftest --board /etc/streetnode/boards/simulated.toml >"$logs/selftest-board.log" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then
    note "$arch" "selftest --board simulated" ok "$(grep -E '^(PASSED|FAILED)' "$logs/selftest-board.log" | head -n 1)"
  else
    note "$arch" "selftest --board simulated" FAIL "exit $rc: $(tail -n 3 "$logs/selftest-board.log" | paste -sd' ' -)"
  fi

  # Every native library of the jar, for this architecture, as the agent's user. Pi4J loads its
  # natives only on a board it recognises by /proc/cpuinfo's Revision line (qemu-user passes the
  # host's through): for the probe, the root's cpuinfo gets a Raspberry Pi 4 Model B's code.
  mkdir -p "$root/var/tmp/arch-check"
  chmod 1777 "$root/var/tmp/arch-check"
  cp -r "$classes" "$root/var/tmp/arch-check/"
  { cat /proc/cpuinfo; printf 'Revision\t: a03111\nModel\t\t: Raspberry Pi 4 Model B Rev 1.1\n'; } >"$work/cpuinfo"
  mount --bind "$work/cpuinfo" "$root/proc/cpuinfo"
  rc=0
  # shellcheck disable=SC2016 # expanded inside the root
  as_agent sh -c 'exec "$(/usr/share/streetnode/find-java.sh 21)/bin/java" --enable-native-access=ALL-UNNAMED \
      -cp /var/tmp/arch-check/classes:/usr/share/streetnode/streetnode.jar org.streetnode.agent.bench.NativeProbe' \
    >"$logs/native-probe.log" 2>&1 || rc=$?
  umount "$root/proc/cpuinfo"
  for name in sqlite-jdbc jna jserialcomm pi4j-linuxfs pi4j-gpiod libgpiod; do
    line=$(grep -E "^native $name " "$logs/native-probe.log" | head -n 1 || true)
    case $line in
      *" loaded "*) note "$arch" "native $name" ok "${line#"native $name loaded "}" ;;
      *) note "$arch" "native $name" FAIL "${line:-no answer from the probe (exit $rc): $(tail -n 2 "$logs/native-probe.log" | paste -sd' ' -)}" ;;
    esac
  done

  # The host's LwM2M server, with a key made for this run and written where the node keeps it.
  local endpoint=streetnode-arch-$arch
  key_file=$root/etc/streetnode/secrets/psk.hex
  psk=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$psk" >"$key_file"
  chown "$(ids_in_root streetnode | cut -d' ' -f1)" "$key_file"
  chmod 600 "$key_file"
  mkfifo "$work/server-in-$arch"
  "$java_home/bin/java" -cp "$classes:$jar" org.streetnode.agent.bench.ArchCheckServer "$endpoint" "$endpoint" \
    "$key_file" <"$work/server-in-$arch" >"$logs/server.out" 2>"$logs/server.err" &
  server_pid=$!
  exec {server_in}>"$work/server-in-$arch"
  if ! wait_for 60 "$logs/server.out" '^listening '; then
    note "$arch" server FAIL "the host's LwM2M server did not start: $(tail -n 3 "$logs/server.err" | paste -sd' ' -)"
    stop_everything
    return
  fi
  local uri
  uri=$(sed -n 's/^listening //p' "$logs/server.out" | head -n 1)

  # The node's config: the shipped one with what provisioning and this bench change.
  node_conf=$root/etc/streetnode/streetnode.toml
  sed -i -e "s|^endpoint = .*|endpoint = \"$endpoint\"|" \
    -e 's|^board = .*|board = "simulated"|' \
    -e "s|^server_uri = \"coaps://lwm2m.example.org:5684\"|server_uri = \"$uri\"|" \
    -e 's|^local_port = .*|local_port = 0|' \
    -e "s|^identity = .*|identity = \"$endpoint\"|" \
    -e 's|^period = "60s"|period = "10s"|' "$node_conf"
  rc=0
  in_root streetnode config check /etc/streetnode/streetnode.toml >"$logs/config-node.log" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then
    note "$arch" "config check (node)" ok "simulated board, server $uri, PSK, sampling every 10 s"
  else
    note "$arch" "config check (node)" FAIL "exit $rc: $(head -n 3 "$logs/config-node.log" | paste -sd' ' -)"
  fi

  # systemd's notification socket, listened to on the host.
  mkdir -p "$root/run/streetnode" "$root/run/arch-check"
  chown "$(ids_in_root streetnode | cut -d' ' -f1)" "$root/run/streetnode"
  chmod 751 "$root/run/streetnode"
  python3 -u -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o666)
print("listening", flush=True)
while True:
    print(s.recv(4096).decode("utf-8", "replace").replace("\n", " "), flush=True)
' "$root/run/arch-check/notify.sock" >"$logs/notify.out" 2>&1 &
  notify_pid=$!
  wait_for 10 "$logs/notify.out" '^listening' || true

  # The agent, as the service runs it. chroot, env and the launcher each exec the next, so
  # $agent_pid is the JVM's.
  t0=$SECONDS
  local spec groups
  read -r spec groups < <(ids_in_root streetnode)
  nice -n 19 chroot --userspec="$spec" --groups="$groups" "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/var/lib/streetnode LANG=C.UTF-8 NOTIFY_SOCKET=/run/arch-check/notify.sock \
    STREETNODE_JAVA_OPTS="-Xlog:library=info:file=/var/tmp/arch-check/agent-library.log" \
    streetnode run --config /etc/streetnode/streetnode.toml >"$logs/agent.log" 2>&1 &
  agent_pid=$!
  if wait_for 300 "$logs/server.out" "^registered $endpoint" "$agent_pid"; then
    t_reg=$((SECONDS - t0))
    note "$arch" registered ok "$endpoint, $t_reg s after start (DTLS-PSK to $uri)"
  else
    note "$arch" registered FAIL "not within 300 s: $(tail -n 3 "$logs/agent.log" | paste -sd' ' -)"
  fi
  if grep -q "^registered $endpoint" "$logs/server.out"; then
    sleep "$seconds"
  fi

  # SO_PEERCRED: root's shell is let in as operator only when the agent read the peer's
  # credentials right; the agent logs who asked. (The client's first run ends by writing its
  # CDS archive, which takes minutes emulated: hence the generous time limit.)
  rc=0
  in_root timeout 300 streetnode shell --timeout 30s status >"$logs/shell-status.log" 2>&1 || rc=$?
  line=$(grep -E 'shell: uid 0 \(root\) pid [0-9]+ operator: status -> ok' "$logs/agent.log" | head -n 1 || true)
  if [ -n "$line" ] && grep -q '^lwm2m: registered' "$logs/shell-status.log"; then
    note "$arch" "shell (SO_PEERCRED)" ok "${line#*: shell: } (client exit $rc); $(grep '^lwm2m:' "$logs/shell-status.log" | cut -d';' -f1)"
  else
    note "$arch" "shell (SO_PEERCRED)" FAIL "client exit $rc: $(tail -n 2 "$logs/shell-status.log" | paste -sd' ' -)"
  fi

  # The native libraries in the running agent.
  maps_file=$logs/agent-maps.txt
  if kill -0 "$agent_pid" 2>/dev/null; then
    awk '$6 ~ /^\// { print $6, $7 }' "/proc/$agent_pid/maps" | sort -u >"$maps_file"
    for lib in libsqlitejdbc 'jnidispatch|/jna[^/]*\.tmp'; do
      line=$(grep -E "$lib" "$maps_file" | head -n 1 || true)
      if [ -n "$line" ]; then
        note "$arch" "agent maps ${lib%%|*}" ok "$line"
      else
        note "$arch" "agent maps ${lib%%|*}" FAIL "not mapped into the running agent"
      fi
    done
  else
    note "$arch" "agent maps" FAIL "the agent's JVM is not running"
  fi

  # A clean stop, as systemd stops it (and kills it 90 s later).
  kill -TERM "$agent_pid" 2>/dev/null || true
  t0=$SECONDS
  timeout 90 tail --pid="$agent_pid" -f /dev/null || kill -KILL "$agent_pid" 2>/dev/null || true
  rc=0
  wait "$agent_pid" || rc=$?
  agent_pid=
  if [ "$rc" = 0 ]; then
    note "$arch" stopped ok "exit 0 on SIGTERM, $((SECONDS - t0)) s"
  else
    note "$arch" stopped FAIL "exit $rc on SIGTERM"
  fi
  wait_for 15 "$logs/server.out" "^deregistered $endpoint" || true

  local sends readings first
  sends=$(grep -c '^send ' "$logs/server.out" || true)
  readings=$(sed -n 's/^send .*(total \([0-9]*\)).*/\1/p' "$logs/server.out" | tail -n 1)
  first=$(sed -n 's/^send .* first //p' "$logs/server.out" | head -n 1)
  if [ "${readings:-0}" -gt 0 ]; then
    note "$arch" "readings received" ok "$readings in $sends Sends (first: $first)"
  else
    note "$arch" "readings received" FAIL "none"
  fi
  if grep -q '^READY=1' "$logs/notify.out"; then
    note "$arch" "sd_notify (JNA)" ok "$(sed 1d "$logs/notify.out" | cut -c1-60 | paste -sd'|' -)"
  else
    note "$arch" "sd_notify (JNA)" FAIL "no READY=1 on NOTIFY_SOCKET: $(paste -sd' ' "$logs/notify.out")"
  fi
  if grep -q "^deregistered $endpoint" "$logs/server.out"; then
    note "$arch" deregistered ok "at stop"
  else
    note "$arch" deregistered FAIL "the server saw no deregistration"
  fi
  cp "$root/var/tmp/arch-check/agent-library.log" "$logs/" 2>/dev/null || true
  stop_everything
  note "$arch" duration info "$((SECONDS - t_arch)) s"
}

t_all=$SECONDS
for arch in "${arches[@]}"; do
  check_arch "$arch"
done

echo
echo "=== streetnode on a Raspberry Pi's architectures ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(basename "$deb"), $((SECONDS - t_all)) s) ==="
for arch in "${arches[@]}"; do
  echo "--- $arch"
  for item in root machine "java offered" installed "cds at install" version "config check (shipped)" \
      "config check (node)" "selftest --board simulated" "native sqlite-jdbc" "native jna" "native jserialcomm" \
      "native pi4j-linuxfs" "native pi4j-gpiod" "native libgpiod" server registered "readings received" \
      "sd_notify (JNA)" "shell (SO_PEERCRED)" "agent maps libsqlitejdbc" "agent maps jnidispatch" "agent maps" \
      stopped deregistered duration; do
    [ -n "${result["$arch $item"]+set}" ] || continue
    printf '  %-28s %s\n' "$item" "${result["$arch $item"]}"
  done
done
if [ "$failed" = 0 ]; then echo "RESULT: every check passed"; else echo "RESULT: some checks FAILED (see above and $cache/logs)"; fi
exit "$failed"
