#!/usr/bin/env bash
# See it work: an unmodified JavaMail application (it-tests' example.jakartaapp.MailApp, which imports
# nothing of ours) gets mail-oauth2.jar on its class path and four SASL properties, and logs in to the
# lab's Dovecot with XOAUTH2: it sends itself a message through submission and reads it back over IMAP.
# Then a token the OAuth2 server never issued shows the decoded rejection. Needs install.sh done once.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$LAB_SRC/../.." && pwd)
cd "$ROOT"
log "building the jar and the example application"
./mvnw -B -q -pl it-tests -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/demo.classpath -Dmdep.includeScope=test >/dev/null
CP="$ROOT/it-tests/target/test-classes:$(cat it-tests/target/demo.classpath)"
LAB_KEYCLOAK=0 bash "$LAB_SRC/start.sh"

USER_ADDR="demo-$(date +%s)@example.test"
log "asking the OAuth2 server (mock-oauth2-server) for an access token for $USER_ADDR"
TOKEN=$(curl -sf -u "$USER_ADDR:secret" -d grant_type=client_credentials -d scope=mail "$MOCK_URL/default/token" \
  | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
PROPS=$(mktemp); trap 'rm -f "$PROPS"' EXIT
cat >"$PROPS" <<PROPS
mail.imap.sasl.enable=true
mail.imap.sasl.mechanisms=XOAUTH2
mail.smtp.auth=true
mail.smtp.sasl.enable=true
mail.smtp.sasl.mechanisms=XOAUTH2
app.user=$USER_ADDR
app.imap.protocol=imap
app.imap.host=127.0.0.1
app.imap.port=10143
app.smtp.protocol=smtp
app.smtp.host=127.0.0.1
app.smtp.port=10587
PROPS
echo "--- the application's mail properties"; grep '^mail\.' "$PROPS"
app() { APP_PASSWORD=$1 java -cp "$CP" example.jakartaapp.MailApp "$PROPS" "${@:2}"; }
SUBJECT="hello from mail-oauth2 $(date +%T)"
log "app: send \"$SUBJECT\" through Dovecot submission (port 10587), XOAUTH2"
app "$TOKEN" send "$SUBJECT"
for _ in $(seq 1 20); do
  out=$(app "$TOKEN" imap "$SUBJECT")
  case $out in *FOUND*) break ;; esac
  sleep 0.5
done
log "app: log in to Dovecot IMAP (port 10143), XOAUTH2, and look for it"
echo "$out"
log "app: the same login with a token the OAuth2 server never issued"
app "not-a-real-token" imap || true
log "done; the lab keeps running (it-tests/lab/stop.sh stops it)"
