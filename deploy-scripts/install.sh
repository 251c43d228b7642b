#!/bin/sh
# install.sh: installs streetnode on a Linux system without dpkg, doing what the Debian package
# does: the files, the system user and groups, directories with owners and modes, udev rules,
# the systemd unit (enabled, not started: `streetnode provision` starts it), the install helper's
# units (its trigger enabled and started) and the class-data
# sharing archive. Run it again to upgrade: the configuration, credentials and data stay.
#
#   sudo deploy-scripts/install.sh [--root DIR]              install (or upgrade)
#   sudo deploy-scripts/install.sh [--root DIR] --uninstall  remove the files, keep config and data
#   sudo deploy-scripts/install.sh [--root DIR] --purge      remove everything, config and data too
#
# From a source checkout after `./mvnw -q package -DskipTests`. --root DIR installs into a
# staging root instead of / (its etc/passwd, etc/group, etc/shadow and etc/gshadow must exist);
# nothing is started there. Needs shadow's useradd/groupadd/usermod (with --prefix for --root).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=
action=install
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=${2:?--root needs a directory}; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) action=purge; shift ;;
    -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$root" ]; then
  [ -d "$root" ] || { echo "install.sh: no directory $root" >&2; exit 2; }
  root=$(cd "$root" && pwd)
  for f in passwd group shadow gshadow; do
    [ -f "$root/etc/$f" ] || { echo "install.sh: $root/etc/$f is missing; a staging root needs the account files" >&2; exit 2; }
  done
fi
[ "$(id -u)" = 0 ] || { echo "install.sh: run it as root (sudo)" >&2; exit 1; }

systemd_running() { [ -z "$root" ] && [ -d /run/systemd/system ]; }

remove_files() {
  rm -f "$root/usr/bin/streetnode" "$root/usr/lib/systemd/system/streetnode.service" \
    "$root/usr/lib/systemd/system/streetnode-update.service" "$root/usr/lib/systemd/system/streetnode-update.path" \
    "$root/etc/systemd/system/paths.target.wants/streetnode-update.path" \
    "$root/etc/systemd/system/multi-user.target.wants/streetnode-update.service" \
    "$root/usr/lib/udev/rules.d/60-streetnode-pwm.rules" "$root/etc/systemd/system/multi-user.target.wants/streetnode.service"
  rm -rf "$root/usr/share/streetnode" "$root/usr/share/doc/streetnode"
}

case $action in
  uninstall | purge)
    if systemd_running; then
      systemctl disable --now streetnode-update.path streetnode-update.service streetnode.service >/dev/null 2>&1 || true
    fi
    remove_files
    if systemd_running; then systemctl daemon-reload || true; fi
    if [ "$action" = purge ]; then
      # Same as the package's purge: the user and groups stay.
      rm -rf "$root/etc/streetnode" "$root/var/lib/streetnode" "$root/var/cache/streetnode" "$root/run/streetnode" \
        "$root/var/lib/streetnode-update" "$root/var/cache/streetnode-update"
      echo "streetnode: removed, with its configuration, credentials and data"
    else
      echo "streetnode: removed; configuration in /etc/streetnode and data in /var/lib/streetnode kept"
    fi
    exit 0
    ;;
esac

jar=$here/../agent/target/streetnode.jar
models=$here/target/models
config=$here/../config
[ -f "$jar" ] || { echo "install.sh: $jar is missing; build it first: ./mvnw -q package -DskipTests" >&2; exit 1; }
[ -f "$models/3-1_1.xml" ] || { echo "install.sh: $models is missing; build it first: ./mvnw -q package -DskipTests" >&2; exit 1; }

# The files, as the package lays them out. `install` replaces each file in one step.
install -d -m 0755 "$root/usr/share/streetnode" "$root/usr/bin" "$root/usr/lib/systemd/system" \
  "$root/usr/lib/udev/rules.d" "$root/usr/share/doc/streetnode"
install -m 0644 "$jar" "$root/usr/share/streetnode/streetnode.jar"
install -m 0755 "$here/find-java.sh" "$root/usr/share/streetnode/find-java.sh"
install -m 0644 "$here/lib/setup.sh" "$root/usr/share/streetnode/setup.sh"
install -m 0755 "$here/streetnode" "$root/usr/bin/streetnode"
for unit in streetnode.service streetnode-update.service streetnode-update.path; do
  install -m 0644 "$here/systemd/$unit" "$root/usr/lib/systemd/system/$unit"
done
install -m 0644 "$here/udev/60-streetnode-pwm.rules" "$root/usr/lib/udev/rules.d/60-streetnode-pwm.rules"
# Compressed, as the package ships it (the unit's Documentation= names README.md.gz).
gzip -9n < "$here/../README.md" > "$root/usr/share/doc/streetnode/README.md.gz"
chmod 0644 "$root/usr/share/doc/streetnode/README.md.gz"
rm -f "$root/usr/share/doc/streetnode/README.md" # an uncompressed one from an older install.sh
# The DDF files of the objects the node serves, for platforms (written by the build's `models export`).
install -d -m 0755 "$root/usr/share/streetnode/models"
install -m 0644 "$models"/*.xml "$root/usr/share/streetnode/models/"

# The shipped configuration only where there is none: an upgrade keeps the node's own.
install -d -m 0750 "$root/etc/streetnode" "$root/etc/streetnode/boards"
for f in "$config/streetnode.toml" "$config"/boards/*.toml; do
  target=$root/etc/streetnode/${f#"$config"/}
  if [ -e "$target" ]; then
    cmp -s "$f" "$target" || echo "streetnode: kept your $target (the shipped one differs: $f)"
  else
    install -m 0640 "$f" "$target"
  fi
done

# shellcheck source=deploy-scripts/lib/setup.sh
. "$root/usr/share/streetnode/setup.sh"
streetnode_setup "$root"

if [ -z "$root" ] && [ -d /run/udev ] && command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=pwm --action=add || true
fi
streetnode_cds "$root"

if [ -n "$root" ]; then
  # Enabled as `systemctl enable` would: by the [Install] section's WantedBy.
  mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
  ln -sf /usr/lib/systemd/system/streetnode.service "$root/etc/systemd/system/multi-user.target.wants/streetnode.service"
  ln -sf /usr/lib/systemd/system/streetnode-update.service \
    "$root/etc/systemd/system/multi-user.target.wants/streetnode-update.service"
  mkdir -p "$root/etc/systemd/system/paths.target.wants"
  ln -sf /usr/lib/systemd/system/streetnode-update.path "$root/etc/systemd/system/paths.target.wants/streetnode-update.path"
elif command -v systemctl >/dev/null 2>&1; then
  if systemd_running; then systemctl daemon-reload; fi
  systemctl enable streetnode.service streetnode-update.service streetnode-update.path >/dev/null 2>&1 || true
  if systemd_running; then systemctl start streetnode-update.path || true; fi
  if systemd_running && systemctl --quiet is-active streetnode.service; then
    systemctl restart streetnode.service
    echo "streetnode: upgraded and restarted"
    exit 0
  fi
fi
echo "streetnode: installed. Next: sudo streetnode provision"
