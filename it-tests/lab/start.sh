#!/usr/bin/env bash
# Start the test lab on 127.0.0.1 only (root, after install.sh):
#   mock-oauth2-server 18080; Dovecot IMAP 10143, IMAPS 10993, POP3 10110, POP3S 10995, submission 10587,
#   submissions 10465 (tokens checked at the mock); Postfix 10025 (relay in, delivers over LMTP) and
#   10588 (submission, SASL by Dovecot); Keycloak 18081 (realm "mail") and a second Dovecot on the same
#   ports + 1000 (11143 ...) that checks tokens at Keycloak; PostgreSQL 15432 (postgres.sh).
# Idempotent: a running service is left alone. Returns when every port answers, then writes
# $LAB/lab.properties for the tests.
# Env: LAB (working folder, /tmp/mail-oauth2-lab); LAB_KEYCLOAK=0 skips Keycloak and its Dovecot;
#   LAB_DOVECOT_MODE=jwt makes the first Dovecot check JWTs locally (signature and exact exp, which the
#   mock's introspection blurs with 60 s of skew) instead of by introspection (restarts it if needed).
# Arguments (for install.sh): a subset of: mock dovecot postfix keycloak dovecot-kc.
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root (Dovecot and Postfix switch users)"
if [ $# -gt 0 ]; then COMPONENTS="$*"
elif [ "${LAB_KEYCLOAK:-1}" = 0 ]; then COMPONENTS="mock dovecot postfix"
else COMPONENTS="mock dovecot postfix keycloak dovecot-kc"; fi
want() { [[ " $COMPONENTS " == *" $1 "* ]]; }
MODE=${LAB_DOVECOT_MODE:-introspect}
case $MODE in introspect) CONF=$LAB/dovecot.conf ;; jwt) CONF=$LAB/dovecot-jwt.conf ;;
  *) die "LAB_DOVECOT_MODE must be introspect or jwt, not $MODE" ;; esac

# installed? (install.sh puts the Java servers into $LAB)
missing=
for c in dovecot postfix java keytool openssl curl "$PY"; do command -v "$c" >/dev/null || missing="$missing $c"; done
[ -f "$LAB/mockoauth/lib/mock-oauth2-server-$MOCK_VERSION.jar" ] || missing="$missing mock-oauth2-server"
want keycloak && { [ -x "$KCH/bin/kc.sh" ] || missing="$missing keycloak"; }
[ "$LAB" = /tmp/mail-oauth2-lab ] && hint= || hint="LAB=$LAB "
[ -z "$missing" ] || die "not installed:$missing. run: sudo ${hint}it-tests/lab/install.sh"
lab_lock

# Dovecot in the other mode is restarted; then each service is either running or needs its ports free,
# checked before anything starts (a port held by someone else, e.g. another lab copy, is an error)
comp_info dovecot
if want dovecot && p=$(our_pid "$PIDFILE" "$MARKER") && ! our_pid "$PIDFILE" "-c $CONF" >/dev/null; then
  log "dovecot: restarting in $MODE mode"; kill_wait 10 "$p"
fi
todo=
for c in $COMPONENTS; do
  if comp_pid "$c" >/dev/null; then log "$c: already running"; continue; fi
  for port in $PORTS; do
    port_busy "$port" && die "port $port ($c) is in use by a process not started from $LAB (see: ss -ltnp 'sport = :$port'); stop it first"
  done
  todo="$todo $c"
done
start() { [[ " $todo " == *" $1 "* ]]; }

# working folders and configs (templates: @LAB@ -> $LAB)
mkdir -p "$LAB" && cd "$LAB"
mkdir -p ssl state state-kc mail keys/dovecot postfix postfix-spool postfix-data
chown 5000:5000 mail; chown postfix postfix-data; chmod 755 "$LAB"
render() { sed -e "s#@LAB@#$LAB#g" -e "s#@OAUTH2_EXT@#${3:-}#g" -e "s#@OAUTH2_DELEGATE_EXT@#${4:-}#g" "$LAB_SRC/$1" >"$LAB/$2"; }
render dovecot.conf dovecot.conf "$LAB/dovecot-oauth2.conf.ext" "$LAB/dovecot-oauth2-delegate.conf.ext"
render dovecot.conf dovecot-jwt.conf "$LAB/dovecot-oauth2-jwt.conf.ext" "$LAB/dovecot-oauth2-jwt-delegate.conf.ext"
# shared mailboxes: the delegate passdb validates a token as its mode's passdb does
render dovecot-oauth2-delegate.conf.ext dovecot-oauth2-delegate.conf.ext "$LAB/dovecot-oauth2.conf.ext"
render dovecot-oauth2-delegate.conf.ext dovecot-oauth2-jwt-delegate.conf.ext "$LAB/dovecot-oauth2-jwt.conf.ext"
for f in dovecot-oauth2.conf.ext dovecot-oauth2-jwt.conf.ext users.passwd shared-mailboxes.passwd mock-oauth2.json postfix/main.cf postfix/master.cf; do
  render "$f" "$f"
done
for f in dovecot-keycloak.conf dovecot-oauth2-keycloak.conf.ext; do render "keycloak/$f" "$f"; done

# self-signed certificate for localhost/127.0.0.1 and a PKCS12 truststore for Java (password changeit)
if [ ! -s ssl/cert.pem ] || [ ! -s ssl/key.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
    -addext 'subjectAltName=DNS:localhost,IP:127.0.0.1' -keyout ssl/key.pem -out ssl/cert.pem 2>/dev/null
  chmod 600 ssl/key.pem; rm -f ssl/truststore.p12
fi
if [ ! -s ssl/truststore.p12 ]; then
  out=$(keytool -importcert -noprompt -alias mail-oauth2-lab -file ssl/cert.pem -keystore ssl/truststore.p12 \
    -storetype PKCS12 -storepass changeit 2>&1) || { echo "$out" >&2; die "keytool failed"; }
fi

# Class data sharing: install.sh's priming run (LAB_CDS_DUMP=1) records the classes each JVM loads,
# later starts map them: mock ~1.5 s instead of ~2.8 s, Keycloak ~9 s instead of ~11 s. The JVM
# ignores an archive that no longer matches (another JDK, other jars).
cds() {
  if [ "${LAB_CDS_DUMP:-0}" = 1 ]; then echo "-XX:ArchiveClassesAtExit=$1"
  elif [ -s "$1" ]; then echo "-XX:SharedArchiveFile=$1"; fi
}

# Keycloak first, in the background: it takes longest (~10 s primed), the rest starts meanwhile.
# The JVMs get their own session (setsid): a Ctrl-C in the caller's terminal must not stop the lab.
if start keycloak; then
  mkdir -p "$KCH/data/import"
  if ! cmp -s "$LAB_SRC/keycloak/mail-realm.json" "$KCH/data/import/mail-realm.json"; then
    rm -rf "$KCH/data/h2"                       # --import-realm skips a realm that already exists
    cp "$LAB_SRC/keycloak/mail-realm.json" "$KCH/data/import/mail-realm.json"
    log "keycloak: new realm JSON, fresh database (start takes ~30 s)"
  fi
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_OPTS_APPEND="$(cds "$KCH/kc.jsa")" \
    setsid "$KCH/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=18081 --hostname=$KC_URL \
    --import-realm </dev/null >keycloak.log 2>&1 9>&- &
  echo $! >keycloak.pid
  log "keycloak: starting (log: $LAB/keycloak.log)"
fi

if start mock; then
  # shellcheck disable=SC2046  # cds prints zero or one word
  SERVER_HOSTNAME=127.0.0.1 SERVER_PORT=18080 JSON_CONFIG_PATH="$LAB/mock-oauth2.json" \
    setsid java $(cds "$LAB/mockoauth/mock.jsa") -cp "$LAB/mockoauth/lib/*" \
    no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt </dev/null >mock-oauth2.log 2>&1 9>&- &
  echo $! >mock-oauth2.pid
fi

# Dovecot daemonizes. Fresh base_dir: a stale anvil socket stalls auth for 5 s. Its output goes to
# files: Dovecot keeps the caller's stdout/stderr open otherwise, and a Maven/CI step never finishes.
if start dovecot; then
  rm -rf run; : >dovecot.log
  dovecot -c "$CONF" </dev/null >/dev/null 2>>dovecot.stderr 9>&- || die "dovecot did not start, see $LAB/dovecot.stderr"
fi
if start postfix; then                          # private config folder
  postfix -c "$LAB/postfix" check
  postfix -c "$LAB/postfix" start </dev/null >postfix.start.log 2>&1 9>&- \
    || { cat postfix.start.log >&2; die "postfix did not start"; }
fi
if start dovecot-kc; then                       # calls Keycloak only when a client logs in
  rm -rf run-kc; : >dovecot-kc.log
  dovecot -c "$LAB/dovecot-keycloak.conf" </dev/null >/dev/null 2>>dovecot-kc.stderr 9>&- \
    || die "dovecot-kc did not start, see $LAB/dovecot-kc.stderr"
fi

# wait for each service; a dead one fails at once, with its log
wait_http() {  # COMPONENT URL TIMEOUT LOG
  local i=0
  until curl -sf -o /dev/null "$2"; do
    comp_pid "$1" >/dev/null || { tail -20 "$4" >&2; die "$1 exited, see $4"; }
    i=$((i + 1)); [ $i -le $(($3 * 10)) ] || die "$1 not ready after $3 s, see $4"
    sleep 0.1
  done
  log "$1: ready"
}
wait_ports() {  # COMPONENT
  comp_info "$1"
  # shellcheck disable=SC2086
  "$PY" "$LAB_SRC/bin/wait_port.py" 127.0.0.1 20 $PORTS >"$LAB/wait_port.out" \
    || { cat "$LAB/wait_port.out" >&2; die "$1: ports not ready"; }
  log "$1: ready on $PORTS"
}
for c in dovecot postfix dovecot-kc; do if want $c; then wait_ports $c; fi; done
if want mock; then
  wait_http mock $MOCK_URL/isalive 60 mock-oauth2.log
  # ask issuer "default" first so that it gets the bundled key #1 (kid=default) that mint_jwt.py uses;
  # its public key for the JWT mode: one folder per token azp (the client id), "default" for none
  "$PY" "$LAB_SRC/bin/jwks_to_pem.py" $MOCK_URL/default/jwks "$LAB/keys/dovecot" \
    default javamail mail-oauth2 alice@example.test bob@example.test >/dev/null
  chmod -R a+rX "$LAB/keys"
fi
KC_DISCOVERY=$KC_URL/realms/mail/.well-known/openid-configuration
if want keycloak; then wait_http keycloak "$KC_DISCOVERY" 240 keycloak.log; fi

# where things are, for the tests (only for a full start; install.sh's priming starts only some)
if [ $# -eq 0 ]; then
  "$LAB_SRC/postgres.sh" start 9>&-   # for the JDBC token store's tests; ~0.5 s
  KC_OIDC=$KC_URL/realms/mail/protocol/openid-connect
  kc_up=false
  if curl -sf -o /dev/null "$KC_DISCOVERY" && comp_pid dovecot-kc >/dev/null; then kc_up=true; fi
  {
    echo "# mail-oauth2 test lab, written by it-tests/lab/start.sh"
    echo "lab.dir=$LAB"
    echo "lab.src=$LAB_SRC"
    echo "host=127.0.0.1"
    echo "truststore=$LAB/ssl/truststore.p12"
    echo "truststore.password=changeit"
    echo "truststore.type=PKCS12"
    echo "cert.pem=$LAB/ssl/cert.pem"
    echo "user=alice@example.test"
    echo "user.password=alicepw"
    echo "user2=bob@example.test"
    echo "user2.password=bobpw"
    echo "mock.url=$MOCK_URL"
    echo "mock.issuer=$MOCK_URL/default"
    echo "mock.token.url=$MOCK_URL/default/token"
    echo "mock.authorize.url=$MOCK_URL/default/authorize"
    echo "mock.keys=$LAB/keys/mock-initial-keys.json"
    echo "mint_jwt=$LAB_SRC/bin/mint_jwt.py"
    echo "dovecot.mode=$MODE"
    echo "dovecot.log=$LAB/dovecot.log"
    echo "mail.dir=$LAB/mail"
    echo "imap.port=10143"
    echo "imaps.port=10993"
    echo "pop3.port=10110"
    echo "pop3s.port=10995"
    echo "submission.port=10587"
    echo "submissions.port=10465"
    echo "postfix.relay.port=10025"
    echo "postfix.submission.port=10588"
    echo "keycloak.enabled=$kc_up"
    if [ $kc_up = true ]; then
      echo "keycloak.url=$KC_URL"
      echo "keycloak.issuer=$KC_URL/realms/mail"
      echo "keycloak.authorize.url=$KC_OIDC/auth"
      echo "keycloak.token.url=$KC_OIDC/token"
      echo "keycloak.device.url=$KC_OIDC/auth/device"
      echo "keycloak.revoke.url=$KC_OIDC/revoke"
      echo "keycloak.introspect.url=$KC_OIDC/token/introspect"
      echo "keycloak.log=$LAB/keycloak.log"
      echo "kc_login=$LAB_SRC/keycloak/kc_login.py"
      echo "keycloak.dovecot.log=$LAB/dovecot-kc.log"
      echo "keycloak.imap.port=11143"
      echo "keycloak.imaps.port=11993"
      echo "keycloak.pop3.port=11110"
      echo "keycloak.pop3s.port=11995"
      echo "keycloak.submission.port=11587"
      echo "keycloak.submissions.port=11465"
    fi
    echo "postgres.url=jdbc:postgresql://127.0.0.1:15432/mailoauth2"
    echo "postgres.user=mailoauth2"
    echo "postgres.password=mailoauth2-lab"
    if command -v chromium >/dev/null; then echo "chromium=$(command -v chromium)"; fi
    if command -v chromedriver >/dev/null; then echo "chromedriver=$(command -v chromedriver)"; fi
  } >lab.properties.tmp
  mv lab.properties.tmp lab.properties
  log "lab ready: $LAB/lab.properties"
fi
