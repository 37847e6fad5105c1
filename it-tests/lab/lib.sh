# Shared by install.sh, start.sh, stop.sh and smoke.sh (sourced, not run).
# shellcheck disable=SC2034  # the variables are for the scripts that source this file
LAB=${LAB:-/tmp/mail-oauth2-lab}               # working folder: installed servers, state, logs, rendered configs
LAB_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)   # this folder: templates and helpers
MOCK_VERSION=6.0.2
KC_VERSION=26.5.6
KCH=$LAB/keycloak
KC_URL=http://127.0.0.1:18081
MOCK_URL=http://127.0.0.1:18080
PY=/usr/bin/python3                            # Debian's: a pyenv shim on PATH costs 0.3 s per call
export LAB_T0=${LAB_T0:-$(date +%s%N)}      # inherited, so nested scripts count from the same start

# progress line with the seconds since the (outermost) script started
log() { printf '[lab %6.1fs] %s\n' "$(( ($(date +%s%N) - LAB_T0) / 1000000 ))e-3" "$*"; }
die() { echo "lab: $*" >&2; exit 1; }

# Print the PID stored in PIDFILE if that process is alive and its command line contains MARKER
# (a stale file after a crash or reboot may name an unrelated process by now).
our_pid() {
  local p
  [ -s "$1" ] || return 1
  read -r p <"$1"                                # Postfix pads its PID with spaces
  tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -qF -- "$2" || return 1
  echo "$p"
}

# The services start.sh runs: sets PIDFILE, MARKER (in the process's command line) and PORTS for one.
comp_info() {
  case $1 in
    mock)       PIDFILE=$LAB/mock-oauth2.pid MARKER=$LAB/mockoauth/ PORTS=18080 ;;
    dovecot)    PIDFILE=$LAB/run/master.pid MARKER="-c $LAB/dovecot" PORTS="10143 10993 10110 10995 10587 10465" ;;
    postfix)    PIDFILE=$LAB/postfix-spool/pid/master.pid MARKER=postfix/sbin/master PORTS="10025 10588" ;;
    keycloak)   PIDFILE=$LAB/keycloak.pid MARKER=$KCH/ PORTS=18081 ;;
    dovecot-kc) PIDFILE=$LAB/run-kc/master.pid MARKER=$LAB/dovecot-keycloak.conf PORTS="11143 11993 11110 11995 11587 11465" ;;
    *) die "unknown component $1 (mock dovecot postfix keycloak dovecot-kc)" ;;
  esac
}
# Print the PID of a running component.
comp_pid() { comp_info "$1"; our_pid "$PIDFILE" "$MARKER"; }

# One start.sh/stop.sh at a time per $LAB (two builds may share the lab). The lock is fd 9: every
# service must be started with 9>&-, or it would hold the lock for as long as it runs.
lab_lock() {
  mkdir -p "$LAB"
  exec 9>"$LAB/.lock"
  flock -n 9 && return 0
  log "waiting for another start.sh/stop.sh on $LAB"
  flock -w 600 9 || die "$LAB/.lock still held after 600 s"
}

# True if something accepts connections on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Send SIGTERM to each PID, then wait up to SECONDS for all of them to exit.
kill_wait() {
  local t=$1 p i=0; shift
  kill "$@" 2>/dev/null || true
  for p in "$@"; do
    while kill -0 "$p" 2>/dev/null; do
      i=$((i + 1)); [ $i -le $((t * 10)) ] || die "process $p still running after $t s"
      sleep 0.1
    done
  done
}
