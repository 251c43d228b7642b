# shellcheck shell=sh
# streetnode system setup: the system user, its groups, directories with their owners and modes,
# and the class-data sharing archive. Shared by the Debian package's postinst and install.sh, so
# both do exactly the same; every step is idempotent.
#
#   . setup.sh; streetnode_setup ROOT
#
# ROOT is empty for the running system, or a staging directory: then its etc/passwd, etc/group,
# etc/shadow and etc/gshadow are changed instead of the system's (shadow's --prefix), owners are
# looked up there, and nothing is started.

STREETNODE_USER=streetnode
# gpio: /dev/gpiochip* and /sys/class/pwm; i2c: /dev/i2c-*; dialout: the particulate sensor's
# UART; streetnode-maintenance: the agent gives its shell socket to this group, and a process
# can only do that for a group it is in.
STREETNODE_AGENT_GROUPS="gpio i2c dialout streetnode-maintenance"
STREETNODE_CREW_GROUPS="streetnode-maintenance streetnode-operators"

# The field of NAME's line in ROOT's passwd or group file, or nothing.
sn_field() { # ROOT FILE NAME FIELD
  awk -F: -v n="$3" -v f="$4" '$1 == n { print $f; exit }' "$1/etc/$2" 2>/dev/null
}

sn_prefix() { # ROOT -> the --prefix option of shadow's tools, or nothing
  if [ -n "$1" ]; then printf '%s\n' "--prefix=$1"; fi
}

sn_group() { # ROOT NAME
  if [ -z "$(sn_field "$1" group "$2" 3)" ]; then
    # shellcheck disable=SC2046 # an empty prefix is no argument at all
    groupadd --system $(sn_prefix "$1") "$2"
    echo "streetnode: created group $2"
  fi
}

sn_member() { # ROOT GROUP USER -> true when USER is a supplementary member of GROUP
  sn_field "$1" group "$2" 4 | tr ',' '\n' | grep -qx "$3"
}

sn_user() { # ROOT
  if [ -z "$(sn_field "$1" passwd "$STREETNODE_USER" 3)" ]; then
    # shellcheck disable=SC2046
    useradd --system --gid "$STREETNODE_USER" --home-dir /var/lib/streetnode --no-create-home \
      --shell /usr/sbin/nologin --comment "streetnode agent" $(sn_prefix "$1") "$STREETNODE_USER"
    echo "streetnode: created system user $STREETNODE_USER"
  fi
  for g in $STREETNODE_AGENT_GROUPS; do
    if ! sn_member "$1" "$g" "$STREETNODE_USER"; then
      # shellcheck disable=SC2046
      usermod --append --groups "$g" $(sn_prefix "$1") "$STREETNODE_USER"
    fi
  done
}

sn_own() { # ROOT PATH USER GROUP MODE: numeric ids from ROOT's files, so staging works too
  uid=$(sn_field "$1" passwd "$3" 3)
  gid=$(sn_field "$1" group "$4" 3)
  chown "$uid:$gid" "$1$2"
  chmod "$5" "$1$2"
}

sn_dir() { # ROOT PATH USER GROUP MODE
  mkdir -p "$1$2"
  sn_own "$@"
}

streetnode_setup() { # ROOT
  root=$1
  for g in "$STREETNODE_USER" $STREETNODE_AGENT_GROUPS $STREETNODE_CREW_GROUPS; do
    sn_group "$root" "$g"
  done
  sn_user "$root"

  # Configuration: readable by the agent and by crews (the shell finds its socket there), by
  # nobody else; secrets only by the agent.
  sn_dir "$root" /etc/streetnode root streetnode-maintenance 0750
  sn_dir "$root" /etc/streetnode/boards root streetnode-maintenance 0750
  sn_dir "$root" /etc/streetnode/secrets "$STREETNODE_USER" "$STREETNODE_USER" 0700
  for f in "$root"/etc/streetnode/*.toml "$root"/etc/streetnode/boards/*.toml; do
    [ -f "$f" ] && sn_own "$root" "${f#"$root"}" root streetnode-maintenance 0640
  done
  for f in "$root"/etc/streetnode/secrets/* "$root"/etc/streetnode/secrets/.[!.]*; do
    [ -f "$f" ] && sn_own "$root" "${f#"$root"}" "$STREETNODE_USER" "$STREETNODE_USER" 0600
  done
  # Data (buffer, lamp state) and cache (CDS archive). /run/streetnode is the unit's
  # RuntimeDirectory; these two are also its StateDirectory and CacheDirectory, made here so
  # that `streetnode selftest` and the CDS warm-up find them before the first start.
  sn_dir "$root" /var/lib/streetnode "$STREETNODE_USER" "$STREETNODE_USER" 0700
  sn_dir "$root" /var/cache/streetnode "$STREETNODE_USER" "$STREETNODE_USER" 0755
  # Software updates: the spool is the only place the agent writes for one (downloads, its
  # request); the install helper's own directory (its job, verified copies, the kept package
  # for a rollback) is root's alone, as its unit's StateDirectory also makes it.
  sn_dir "$root" /var/lib/streetnode/update "$STREETNODE_USER" "$STREETNODE_USER" 0700
  sn_dir "$root" /var/lib/streetnode-update root root 0700
}

# Creates the class-data sharing archive the service's `streetnode run` uses, by running the
# agent for a few seconds on the simulated board as the service user (same launcher, same JVM
# flags). Classes only the real board loads (Pi4J) are not in it; the JVM loads those from the
# jar as usual. Never fails the installation: without an archive the agent starts slower.
streetnode_cds() { # ROOT
  [ -z "$1" ] || return 0
  command -v runuser >/dev/null 2>&1 || { echo "streetnode: no runuser; the CDS archive is made at the agent's first stop"; return 0; }
  work=$(mktemp -d /tmp/streetnode-cds.XXXXXX) || return 0
  cat >"$work/streetnode.toml" <<CONF
# streetnode CDS warm-up: the simulated board, nothing on the network.
[node]
endpoint = "streetnode-cds-warmup"
board = "simulated"
data_dir = "$work/data"
runtime_dir = "$work/run"
[lwm2m]
server_uri = "coap://127.0.0.1:9"
security = "nosec"
lab = true
local_port = 0
[logging]
level = "error"
CONF
  chown -R "$STREETNODE_USER:$STREETNODE_USER" "$work"
  rm -f /var/cache/streetnode/streetnode-*.jsa
  if timeout 180 runuser -u "$STREETNODE_USER" -- env STREETNODE_CDS_DIR=/var/cache/streetnode \
      XDG_CACHE_HOME=/var/cache/streetnode HOME=/var/cache/streetnode \
      /usr/bin/streetnode run --config "$work/streetnode.toml" --for 8s >"$work/log" 2>&1; then
    echo "streetnode: class-data sharing archive created in /var/cache/streetnode"
  else
    echo "streetnode: could not create the class-data sharing archive (the agent starts without it):"
    tail -n 5 "$work/log" | sed 's/^/  /'
  fi
  rm -rf "$work"
}
