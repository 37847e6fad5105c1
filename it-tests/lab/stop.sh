#!/usr/bin/env bash
# Stop what start.sh started (found by PID file, checked against the command line) and wait until
# every process has exited (Keycloak: kc.sh passes SIGTERM on to the JVM).
# Arguments (for install.sh): a subset of mock dovecot postfix keycloak dovecot-kc; default all.
set -eu
. "$(dirname "$0")/lib.sh"
lab_lock
comps=("$@"); [ $# -gt 0 ] || comps=(dovecot-kc keycloak postfix dovecot mock)
pids=() files=()
for c in "${comps[@]}"; do
  comp_info "$c"
  p=$(our_pid "$PIDFILE" "$MARKER") || continue
  log "stopping $c ($p)"; pids+=("$p"); files+=("$PIDFILE")
done
# all at once: Keycloak and Dovecot take 0.5-3 s to exit (a JVM writing its class data archive, ~12 s)
[ ${#pids[@]} -eq 0 ] || { kill_wait 60 "${pids[@]}"; rm -f "${files[@]}"; }
[ $# -gt 0 ] || "$LAB_SRC/postgres.sh" stop 9>&-
[ $# -gt 0 ] || rm -f "$LAB/lab.properties"     # tests must not take a stopped lab for a running one
log "stopped"
