#!/bin/sh
# find-java.sh [--jdk] [MIN]
#
# Prints the home directory of a Java installation of release MIN (default 21) or newer:
# JAVA_HOME when it is one, otherwise the newest one installed in the usual places
# (/usr/lib/jvm, /usr/java, /opt, SDKMAN, the java on PATH). With --jdk only full JDKs
# (with javac) count, as a build needs. Exits 1 with a message naming what was found when
# nothing fits. Used by the Maven wrapper (mvnw), .ci/run and the streetnode launcher.
set -u

need_javac=0
[ "${1:-}" = --jdk ] && { need_javac=1; shift; }
min=${1:-21}

# Major release of the Java at $1, or nothing. The `release` file avoids starting a JVM.
major_of() {
  v=
  [ -r "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  case $v in
    1.*) v=${v#1.} ;;
  esac
  v=${v%%[!0-9]*}
  [ -n "$v" ] && echo "$v"
}

fits() {
  [ -x "$1/bin/java" ] || return 1
  [ "$need_javac" = 0 ] || [ -x "$1/bin/javac" ] || return 1
  m=$(major_of "$1") || return 1
  [ "$m" -ge "$min" ]
}

if [ -n "${JAVA_HOME:-}" ] && fits "$JAVA_HOME"; then
  echo "$JAVA_HOME"
  exit 0
fi

best='' best_major=0 seen='' seen_dirs=''
consider() {
  [ -d "$1" ] || return 0
  case " $seen_dirs " in *" $1 "*) return 0 ;; esac
  seen_dirs="$seen_dirs $1"
  m=$(major_of "$1" 2>/dev/null) || return 0
  seen="$seen $(basename "$1")($m)"
  if fits "$1" && [ "$m" -gt "$best_major" ]; then best=$1 best_major=$m; fi
}

on_path=$(command -v java 2>/dev/null) && on_path=$(readlink -f "$on_path" 2>/dev/null) &&
  consider "$(dirname "$(dirname "$on_path")")"
for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/*jdk* /opt/*jre* "${HOME:-/nonexistent}"/.sdkman/candidates/java/*; do
  [ -L "$d" ] && continue # distributions add aliases; the real directory is listed too
  consider "$d"
done

if [ -n "$best" ]; then
  echo "$best"
  exit 0
fi
what="Java"; [ "$need_javac" = 1 ] && what="JDK"
echo "streetnode needs a $what $min or newer, and found none." >&2
echo "  looked at: JAVA_HOME=${JAVA_HOME:-<unset>}, the java on PATH, /usr/lib/jvm, /usr/java, /opt, ~/.sdkman" >&2
[ -n "$seen" ] && echo "  found:$seen" >&2
echo "  install one (Debian/Raspberry Pi OS: sudo apt install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
exit 1
